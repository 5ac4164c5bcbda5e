"""Load the default code lists (shared/domain/codes.md). Reference data: a data migration, editable later.
The lists are copied here rather than imported, so the migration never changes with app code."""

from django.db import migrations

ETHNIC = (
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 黎族 傈僳族 "
    "佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 "
    "阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 "
    "珞巴族 基诺族"
).split()

LISTS = {
    "political_status": [
        ("01", "中国共产党党员", ["中共党员", "党员"]),
        ("02", "中国共产党预备党员", ["中共预备党员", "预备党员"]),
        ("03", "中国共产主义青年团团员", ["共青团员", "团员"]),
        ("04", "中国国民党革命委员会会员", ["民革党员", "民革会员"]),
        ("05", "中国民主同盟盟员", ["民盟盟员"]),
        ("06", "中国民主建国会会员", ["民建会员"]),
        ("07", "中国民主促进会会员", ["民进会员"]),
        ("08", "中国农工民主党党员", ["农工党党员"]),
        ("09", "中国致公党党员", ["致公党党员"]),
        ("10", "九三学社社员", []),
        ("11", "台湾民主自治同盟盟员", ["台盟盟员"]),
        ("12", "无党派民主人士", ["无党派人士"]),
        ("13", "群众", []),
    ],
    "education": [
        ("11", "博士研究生毕业", ["博士研究生", "博士"]),
        ("14", "硕士研究生毕业", ["硕士研究生", "硕士", "研究生"]),
        ("21", "大学本科毕业", ["大学本科", "本科"]),
        ("31", "大学专科毕业", ["大学专科", "专科", "大专"]),
        ("41", "中等专科毕业", ["中专", "中等专科", "中等职业教育"]),
        ("61", "普通高中毕业", ["高中"]),
        ("71", "初中毕业", ["初中", "初中及以下"]),
        ("81", "小学毕业", ["小学"]),
        ("90", "其他", []),
    ],
    "ethnicity": [
        *[(f"{i:02d}", name, [name[:-1]] if name.endswith("族") else []) for i, name in enumerate(ETHNIC, start=1)],
        ("97", "其他", []),
        ("98", "外国血统中国籍人士", []),
    ],
    "unit_category": [
        ("110", "国有", []),
        ("120", "集体", []),
        ("130", "股份合作", []),
        ("140", "联营", []),
        ("151", "国有独资公司", []),
        ("159", "其他有限责任公司", []),
        ("161", "国有控股股份有限公司", []),
        ("169", "其他股份有限公司", []),
        ("170", "私营", []),
        ("190", "其他内资", []),
        ("200", "港澳台投资", []),
        ("300", "外商投资", []),
        ("400", "事业单位", ["事业"]),
        ("500", "机关", ["机关单位"]),
        ("600", "个体", []),
        ("700", "民办非企业单位", ["民办非企业", "民非", "社会服务机构"]),
    ],
    "industry": [
        ("P", "教育", []),
        ("Q", "卫生和社会工作", ["卫生", "医疗卫生"]),
        ("R", "文化、体育和娱乐业", ["文化", "体育", "文化体育"]),
        ("M", "科学研究和技术服务业", ["科研", "科学研究"]),
        ("S", "公共管理、社会保障和社会组织", ["公共管理"]),
    ],
    "employment": [
        ("established", "在编", ["编制内", "在编人员"]),
        ("contract", "非在编", ["合同制", "人事代理", "编外"]),
        ("dispatched", "劳务派遣", ["派遣"]),
        ("other", "其他", ["退休返聘", "临时"]),
    ],
    "id_type": [
        ("resident", "居民身份证", ["身份证", "二代身份证"]),
        ("hk_macao", "港澳居民来往内地通行证", ["港澳通行证", "回乡证"]),
        ("taiwan", "台湾居民来往大陆通行证", ["台胞证"]),
        ("foreign_permanent", "外国人永久居留身份证", ["永久居留证"]),
        ("passport", "护照", []),
    ],
}


def load(apps, schema_editor):
    CodeItem = apps.get_model("codelists", "CodeItem")
    rows = [
        CodeItem(list_key=key, code=code, name=name, aliases=aliases, sort_order=i)
        for key, items in LISTS.items()
        for i, (code, name, aliases) in enumerate(items)
    ]
    CodeItem.objects.bulk_create(rows, ignore_conflicts=True)


def unload(apps, schema_editor):
    apps.get_model("codelists", "CodeItem").objects.filter(list_key__in=list(LISTS)).delete()


class Migration(migrations.Migration):
    dependencies = [("codelists", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]

"""会员名册导入 (集体入会): every rejection and every normalisation the issue lists, idempotent re-imports, both
commit modes, what a created member gets, and the constant number of queries."""

import datetime as dt
import io
import zipfile

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.accounts.choices import IdType
from gonghui.accounts.identity import identifier_hash, resident_id_check_char
from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.roles import MEMBER
from gonghui.core.excel import SheetSpec, read_rows, workbook_bytes
from gonghui.core.models import AuditAction, AuditLog, TimelineEntry
from gonghui.members.choices import MembershipChangeKind, MemberStatus
from gonghui.members.models import Member, MembershipChange
from gonghui.members.services import roster_import
from gonghui.members.tests.factories import MemberFactory, valid_id_number
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.spreadsheets.choices import ImportMode, ImportStatus
from gonghui.spreadsheets.models import ImportJob
from gonghui.spreadsheets.services import import_job_commit_request, import_job_create

pytestmark = pytest.mark.django_db

# what an unknown code value's error adds: the values the column accepts (codelists.lookups.code_allowed)
ALLOWED_ETHNICITY = "可填写该代码表中的名称、常用简称或代码（共 58 项，如汉族、蒙古族、回族）"
ALLOWED_EDUCATION = (
    "可填写：博士研究生毕业、硕士研究生毕业、大学本科毕业、大学专科毕业、中等专科毕业、普通高中毕业、初中毕业、"
    "小学毕业、其他（常用简称和代码也可）"
)
ALLOWED_POLITICAL = (
    "可填写：中国共产党党员、中国共产党预备党员、中国共产主义青年团团员、中国国民党革命委员会会员、中国民主同盟盟员、"
    "中国民主建国会会员、中国民主促进会会员、中国农工民主党党员、中国致公党党员、九三学社社员、台湾民主自治同盟盟员、"
    "无党派民主人士、群众（常用简称和代码也可）"
)
ALLOWED_EMPLOYMENT = "可填写：在编（编制内、在编人员）、非在编（合同制、人事代理、编外）、劳务派遣（派遣）、其他（退休返聘、临时），或其代码"
ALLOWED_ID_TYPE = (
    "可填写：居民身份证（身份证、二代身份证）、港澳居民来往内地通行证（港澳通行证、回乡证）、台湾居民来往大陆通行证"
    "（台胞证）、外国人永久居留身份证（永久居留证）、护照，或其代码"
)

TODAY = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)

# Columns by alias, in an unusual order; 证件类型 last.
HEADERS = [
    "公民身份号码",
    "姓名",
    "手机",
    "单位",
    "性别",
    "出生年月",
    "民族",
    "学历",
    "政治面貌",
    "用工形式",
    "职称",
    "技能等级",
    "户口性质",
    "入会时间",
    "劳模",
    "农民工",
    "证件类型",
]
KEYS = [
    "id_number",
    "name",
    "phone",
    "unit",
    "gender",
    "birth_date",
    "ethnicity",
    "education",
    "political_status",
    "employment",
    "position_title",
    "skill_level",
    "household_type",
    "joined_on",
    "is_model_worker",
    "is_migrant_worker",
    "id_type",
]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def branch_a(world):
    """A 分工会 of org A in the same school (same unit name, one level lower)."""
    return OrgFactory.create(
        parent=world.org_a,
        code="ORGA-G",
        name="甲县第一中学高中部分工会",
        short_name="一中高中部",
        unit_name="甲县第一中学",
        level=OrgLevel.BRANCH,
    )


def person_id(n: int, *, birth: dt.date = dt.date(1990, 3, 1), male: bool = True) -> str:
    return valid_id_number(n, area="410811", birth=birth, male=male)


def row(**values) -> list[object]:
    defaults = {"name": "", "id_number": ""}
    merged = {**defaults, **values}
    return [merged.get(key, "") for key in KEYS]


def roster(rows, headers=HEADERS, notes=()) -> bytes:
    return workbook_bytes([SheetSpec("会员名册", headers, rows, notes=notes)])


def run(world, content, *, mode=ImportMode.VALID, dry_run=False, org=None):
    return roster_import(
        content=content,
        org=org or world.org_a,
        actor=world.org_admin,
        mode=mode,
        dry_run=dry_run,
        source="名册.xlsx",
    )


def wrong_checksum(number: str) -> str:
    last = "0" if number[-1] != "0" else "1"
    return number[:-1] + last


def exact_float_id() -> str:
    """A valid ID number that survives being stored as a number: Excel (and xlsxwriter) keep 15–16 significant
    digits, so it must end in 00 and be exactly representable as a float."""
    for days in range(3000):
        birth = dt.date(1980, 1, 1) + dt.timedelta(days=days)
        for n in range(499):
            number = person_id(n, birth=birth, male=False)
            if number.endswith("00") and int(float(int(number))) == int(number):
                return number
    raise AssertionError("no such ID number")


def id_ending_in_x() -> str:
    n = 200
    while not person_id(n).endswith("X"):
        n += 1
    return person_id(n)


# ---- rejections --------------------------------------------------------------------------------------


def test_every_kind_of_bad_cell_is_rejected_with_row_and_field(world, branch_a):
    # given: members already holding membership in org B (out of scope) and in org A's branch (in scope)
    MemberFactory.create(org=world.org_b, id_number=person_id(20), phone="13900000020")
    MemberFactory.create(org=branch_a, id_number=person_id(21), phone="13900000021")
    young, old = dt.date(2012, 5, 1), dt.date(1920, 1, 1)
    rows = [
        row(name="王一", id_number=person_id(1), phone="13800000001"),  # 2: valid
        row(name="", id_number=person_id(3)),  # 3
        row(name="王三", id_number=""),  # 4
        row(name="王四", id_number=wrong_checksum(person_id(4))),  # 5
        row(name="王五", id_number=person_id(5), birth_date="1990-03-02"),  # 6
        row(name="王六", id_number=person_id(6), gender="女"),  # 7
        row(name="王七", id_number=person_id(7), phone="1234567"),  # 8
        row(name="王八", id_number=person_id(8), joined_on="去年"),  # 9
        row(name="王九", id_number=person_id(9), joined_on="2027-01-01"),  # 10
        row(name="王十", id_number=person_id(10, birth=young), joined_on="2026-01-01"),  # 11
        row(name="王十一", id_number=person_id(11, birth=old), joined_on="2026-06-01"),  # 12
        row(name="王十二", id_number=person_id(12), unit="外星中学"),  # 13
        row(name="王十三", id_number=person_id(13), unit="乙县人民医院"),  # 14
        row(
            name="王十四",
            id_number=person_id(14),
            ethnicity="火星族",
            education="幼儿园",
            political_status="无",
            employment="临时工",
        ),  # 15
        row(name='=HYPERLINK("http://x","点我")', id_number=person_id(15)),  # 16
        row(name="王十六", id_number="@" + person_id(16)),  # 17
        row(name="王十七", id_number=person_id(17), phone="+86=13800000017"),  # 18
        row(name="王十八", id_number=person_id(18), phone="-13800000018"),  # 19
        row(name="王一", id_number=person_id(1)),  # 20: same person as row 2
        row(name="王十九", id_number=person_id(19), phone="13800000001"),  # 21: row 2's phone
        row(name="王二十", id_number=person_id(20)),  # 22: member of org B
        row(name="王二一", id_number=person_id(21)),  # 23: member of org A's branch, listed under org A
        row(name="王二二", id_number=person_id(22), phone="13700001111"),  # 24: org_member's account
        row(name="王二三", id_number=person_id(23), gender="未知"),  # 25
        row(name="王二四", id_number=person_id(24), birth_date="1990-13-45"),  # 26
        row(name="王二五", id_number="E12345678", id_type="军官证"),  # 27
        row(name="王二六", id_number="E12345678", id_type="护照"),  # 28
        row(name="王二七", id_number=float(person_id(27))),  # 29: Excel kept 15 digits
        row(name="王二八", id_number=person_id(28), is_model_worker="也许"),  # 30
        row(name="王二九", id_number=person_id(29), skill_level="大师", household_type="海外"),  # 31
        row(name="王" * 51, id_number=person_id(30)),  # 32
        row(name="王三一", id_number=person_id(31, birth=dt.date(2010, 6, 16)), joined_on=""),  # 33: 15 today
        row(name="王三二", id_number="123456789012345"),  # 34: 15-digit ID
    ]
    # when
    report = run(world, roster(rows), dry_run=True)
    # then
    assert (report.rows, report.valid, report.unchanged, report.committed) == (33, 1, 0, False)
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (3, "姓名", "必填，不能为空"),
        (4, "证件号码", "必填，不能为空"),
        (5, "证件号码", "身份证号校验位不正确，请核对"),
        (6, "证件号码", "身份证号中的出生日期为 1990-03-01，与出生日期 1990-03-02 不一致"),
        (7, "证件号码", "身份证号第17位表示性别为男，与所填性别不一致"),
        (8, "手机号", "请输入11位中国大陆手机号"),
        (9, "入会日期", "无法识别的日期“去年”，请按 2020-03-01 的格式填写"),
        (10, "入会日期", "入会日期不能晚于今天"),
        (11, "入会日期", "入会时年龄应在 16–100 岁之间，按出生日期和入会日期计算为 13 岁"),
        (12, "入会日期", "入会时年龄应在 16–100 岁之间，按出生日期和入会日期计算为 106 岁"),
        (13, "工作单位", "工作单位“外星中学”不是“甲县第一中学工会”或其下级工会的所在单位、名称或简称"),
        (14, "工作单位", "工作单位“乙县人民医院”不是“甲县第一中学工会”或其下级工会的所在单位、名称或简称"),
        (15, "民族", "“火星族”不在民族（GB 3304）代码表中；" + ALLOWED_ETHNICITY),
        (15, "学历", "“幼儿园”不在学历（GB/T 4658）代码表中；" + ALLOWED_EDUCATION),
        (15, "政治面貌", "“无”不在政治面貌（GB/T 4762）代码表中；" + ALLOWED_POLITICAL),
        (15, "用工性质", "“临时工”不在用工性质代码表中；" + ALLOWED_EMPLOYMENT),
        (16, "姓名", "姓名不能以 = + - @ 开头"),
        (17, "证件号码", "证件号码不能以 = + - @ 开头"),
        (18, "手机号", "手机号不能以 = + - @ 开头"),
        (19, "手机号", "手机号不能以 = + - @ 开头"),
        (20, "证件号码", "与第 2 行的证件号码重复"),
        (21, "手机号", "与第 2 行的手机号重复"),
        (22, "证件号码", "此人已是其他工会的在籍会员，不能重复入会；如调动请办理转会"),
        (23, "证件号码", "此人已是“甲县第一中学高中部分工会”的在籍会员，不能重复入会；如调动请办理转会"),
        (24, "手机号", "该手机号已绑定其他账号"),
        (25, "性别", "性别应填写“男”或“女”，当前为“未知”"),
        (26, "出生日期", "无法识别的日期“1990-13-45”，请按 2020-03-01 的格式填写"),
        (27, "证件类型", "“军官证”不在证件类型代码表中；" + ALLOWED_ID_TYPE),
        (28, "性别", "证件类型为护照时必须填写性别"),
        (28, "出生日期", "证件类型为护照时必须填写出生日期"),
        (
            29,
            "证件号码",
            "证件号码被存成了数字，Excel 只保留15位有效数字，末尾几位已经失真；请把该列设为文本格式后重新填写",
        ),
        (30, "是否劳模/工匠", "请填写“是”或“否”"),
        (31, "技能等级", "技能等级应为 初级工、中级工、高级工、技师 或 高级技师，当前为“大师”"),
        (31, "户籍类型", "户籍类型应为“城镇”或“农村”，当前为“海外”"),
        (32, "姓名", "不能超过 50 个字"),
        (33, "入会日期", "入会时年龄应在 16–100 岁之间，按出生日期和入会日期计算为 15 岁"),
        (34, "证件号码", "不支持15位旧身份证号，请填写18位身份证号"),
    ]
    # and nothing was written
    assert Member.objects.count() == 3


def test_a_member_already_in_this_union_is_unchanged_not_an_error(world):
    # given: org A's member 甲会员 (world.member_a) listed again in the file
    number = valid_id_number(0)
    member = world.member_a
    member.id_number_hash = identifier_hash(IdType.RESIDENT, number)
    member.save(update_fields=["id_number_hash"])
    # when
    report = run(world, roster([row(name="甲会员", id_number=number, phone="13700001111")]))
    # then
    assert (report.valid, report.unchanged, report.created, report.errors) == (1, 1, 0, [])


def test_units_match_by_full_name_short_name_and_unit_name_inside_the_subtree(world, branch_a):
    rows = [
        row(name="甲", id_number=person_id(1), unit="甲县第一中学高中部分工会"),  # full name → branch
        row(name="乙", id_number=person_id(2), unit="一中高中部"),  # short name → branch
        row(name="丙", id_number=person_id(3), unit="甲县 第一中学"),  # unit name (both) → the higher: org A
        row(name="丁", id_number=person_id(4), unit=""),  # blank → the chosen org
    ]
    report = run(world, roster(rows))
    assert report.errors == []
    assert dict(Member.objects.filter(name__in="甲乙丙丁").values_list("name", "org__code")) == {
        "甲": "ORGA-G",
        "乙": "ORGA-G",
        "丙": "ORGA",
        "丁": "ORGA",
    }


def test_a_unit_shared_by_two_unions_at_the_same_level_must_be_named_exactly(world):
    for code in ("ORGA-1", "ORGA-2"):
        OrgFactory.create(
            parent=world.org_a,
            code=code,
            name=f"{code}分工会",
            unit_name="甲县第一中学分校",
            level=OrgLevel.BRANCH,
        )
    report = run(
        world, roster([row(name="甲", id_number=person_id(1), unit="甲县第一中学分校")]), dry_run=True
    )
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (
            2,
            "工作单位",
            "工作单位“甲县第一中学分校”对应多个工会（ORGA-1分工会、ORGA-2分工会），请填写工会全称",
        )
    ]


def test_other_id_types_are_checked_by_format_and_need_gender_and_birth_date(world):
    rows = [
        row(name="陈大文", id_type="港澳通行证", id_number="H12345678", gender="男", birth_date="1985-02-03"),
        row(name="李小明", id_type="台胞证", id_number="1234", gender="男", birth_date="1985-02-03"),
    ]
    report = run(world, roster(rows))
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (3, "证件号码", "台湾居民来往大陆通行证号码格式不正确")
    ]
    member = Member.objects.get(name="陈大文")
    assert (member.id_type, member.gender, member.birth_date, member.id_number_masked) == (
        "hk_macao",
        "M",
        dt.date(1985, 2, 3),
        "H1*****78",
    )


# ---- normalisation -----------------------------------------------------------------------------------


def test_every_normalisation_is_recorded_and_the_stored_values_are_clean(world):
    # given: one cell of each kind that is corrected rather than rejected
    with_x = id_ending_in_x()
    as_float = exact_float_id()
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in person_id(3))
    rows = [
        row(
            name=" 张  三 ",
            id_number=f" {with_x[:6]} {with_x[6:-1]}x ",
            phone="+86 138 0000 1001",
            joined_on="2020.3.1",
        ),
        row(name="李四", id_number=float(as_float), phone=13800001002.0, joined_on="2020/03/01"),
        row(name="王五", id_number=full_width, phone="0086 13800001003", joined_on="20200301"),
        row(
            name="赵六",
            id_number=person_id(4),
            joined_on="2020年3月1日",
            ethnicity="汉",
            political_status="01",
            education="本科",
        ),
        row(
            name="孙七",
            id_number=person_id(5),
            joined_on=43891.0,
            employment="派遣",
            id_type="身份证",
            gender="M",
            birth_date="1990年3月1日",
        ),
        row(
            name="Ｊｏｈｎ  Ｓｍｉｔｈ",
            id_number=person_id(6),
            joined_on=dt.date(2020, 3, 1),
            position_title="=1+1",
            skill_level="4",
            household_type="农业户口",
            is_model_worker=1.0,
            is_migrant_worker="N",
        ),
        row(name="周八", id_number=person_id(7), joined_on="２０２０．３．１", phone=" 138-0000-1007 "),
        row(name="吴九", id_number=person_id(8), joined_on=20200301.0),
    ]
    # when
    report = run(world, roster(rows))
    # then: everything imports, and every correction is reported as {row, field, from, to}
    assert report.errors == []
    assert report.created == 8
    assert [n.as_dict() for n in report.normalised] == [
        {"row": 2, "field": "姓名", "from": " 张  三 ", "to": "张三"},
        {"row": 2, "field": "证件号码", "from": f" {with_x[:6]} {with_x[6:-1]}x ", "to": with_x},
        {"row": 2, "field": "手机号", "from": "+86 138 0000 1001", "to": "13800001001"},
        {"row": 2, "field": "入会日期", "from": "2020.3.1", "to": "2020-03-01"},
        {"row": 3, "field": "证件号码", "from": repr(float(as_float)), "to": as_float},
        {"row": 3, "field": "手机号", "from": "13800001002.0", "to": "13800001002"},
        {"row": 3, "field": "入会日期", "from": "2020/03/01", "to": "2020-03-01"},
        {"row": 4, "field": "证件号码", "from": full_width, "to": person_id(3)},
        {"row": 4, "field": "手机号", "from": "0086 13800001003", "to": "13800001003"},
        {"row": 4, "field": "入会日期", "from": "20200301", "to": "2020-03-01"},
        {"row": 5, "field": "民族", "from": "汉", "to": "汉族"},
        {"row": 5, "field": "学历", "from": "本科", "to": "大学本科毕业"},
        {"row": 5, "field": "政治面貌", "from": "01", "to": "中国共产党党员"},
        {"row": 5, "field": "入会日期", "from": "2020年3月1日", "to": "2020-03-01"},
        {"row": 6, "field": "证件类型", "from": "身份证", "to": "居民身份证"},
        {"row": 6, "field": "性别", "from": "M", "to": "男"},
        {"row": 6, "field": "出生日期", "from": "1990年3月1日", "to": "1990-03-01"},
        {"row": 6, "field": "用工性质", "from": "派遣", "to": "劳务派遣"},
        {"row": 6, "field": "入会日期", "from": "43891.0", "to": "2020-03-01"},
        {"row": 7, "field": "姓名", "from": "Ｊｏｈｎ  Ｓｍｉｔｈ", "to": "John Smith"},
        {"row": 7, "field": "技能等级", "from": "4", "to": "中级工"},
        {"row": 7, "field": "户籍类型", "from": "农业户口", "to": "农村"},
        {"row": 7, "field": "是否劳模/工匠", "from": "1.0", "to": "是"},
        {"row": 7, "field": "是否农民工", "from": "N", "to": "否"},
        {"row": 8, "field": "手机号", "from": " 138-0000-1007 ", "to": "13800001007"},
        {"row": 8, "field": "入会日期", "from": "２０２０．３．１", "to": "2020-03-01"},
        {"row": 9, "field": "入会日期", "from": "20200301.0", "to": "2020-03-01"},
    ]
    # and the stored values are the normalised ones
    zhang = Member.objects.get(name="张三")
    assert (zhang.phone, zhang.id_number_hash, zhang.joined_on) == (
        "13800001001",
        identifier_hash(IdType.RESIDENT, with_x),
        dt.date(2020, 3, 1),
    )
    assert set(Member.objects.exclude(pk=world.member_a.pk).values_list("joined_on", flat=True)) == {
        dt.date(2020, 3, 1)
    }
    zhao = Member.objects.get(name="赵六")
    assert (zhao.ethnicity, zhao.education, zhao.political_status) == ("01", "21", "01")
    sun = Member.objects.get(name="孙七")
    assert (sun.employment, sun.id_type, sun.gender) == ("dispatched", "resident", "M")
    john = Member.objects.get(name="John Smith")
    assert (john.position_title, john.skill_level, john.household_type) == ("=1+1", "4", "rural")
    assert (john.is_model_worker, john.is_migrant_worker) == (True, False)


def test_a_formula_like_free_text_is_stored_inert_and_exported_as_a_text_cell(world):
    # given: an imported member whose 岗位/职称 starts like a formula
    run(world, roster([row(name="张三", id_number=person_id(1), position_title='=HYPERLINK("http://x")')]))
    title = Member.objects.get(name="张三").position_title
    # when: written to a workbook as exports do
    content = workbook_bytes([SheetSpec("会员", ["岗位/职称"], [[title]])])
    # then: the text comes back as text and the sheet holds no formula
    assert title == '=HYPERLINK("http://x")'
    assert read_rows(content)[1] == ['=HYPERLINK("http://x")']
    assert "<f>" not in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()


# ---- what an imported member gets ----------------------------------------------------------------------


def test_created_members_get_number_join_record_pinyin_timeline_and_an_unusable_account(world):
    rows = [
        row(name="张三", id_number=person_id(1, male=False), phone="13800000001", joined_on="2019-09-01"),
        row(name="李四", id_number=person_id(2), phone="", joined_on=""),
        row(name="王五", id_number=person_id(3), phone="13800000003", joined_on="2019-09-01"),
    ]
    report = run(world, roster(rows))
    assert (report.created, report.committed) == (3, True)
    zhang = Member.objects.select_related("user").get(name="张三")
    li = Member.objects.get(name="李四")
    wang = Member.objects.get(name="王五")
    # member numbers per (union, year of joining), gap-free, in file order
    assert (zhang.member_number, wang.member_number, li.member_number) == (
        "ORGA-2019-00001",
        "ORGA-2019-00002",
        "ORGA-2026-00001",
    )
    assert (zhang.joined_on, li.joined_on) == (dt.date(2019, 9, 1), dt.date(2026, 6, 15))
    assert (zhang.gender, zhang.birth_date, zhang.status) == ("F", dt.date(1990, 3, 1), MemberStatus.ACTIVE)
    assert (zhang.name_pinyin, zhang.name_initials) == ("zhangsan", "zs")
    # written as plain multi-row INSERTs (core.bulk): per-row defaults still differ, timestamps are set
    assert len({zhang.public_id, li.public_id, wang.public_id}) == 3
    assert zhang.created_at is not None
    assert zhang.tags.count() == 0
    change = MembershipChange.objects.get(member=zhang)
    assert (change.kind, change.to_org, change.happened_on, change.reason, change.actor) == (
        MembershipChangeKind.JOIN,
        world.org_a,
        dt.date(2019, 9, 1),
        "集体入会（名册导入）",
        world.org_admin,
    )
    entry = TimelineEntry.objects.get(object_id=str(zhang.pk), action="create")
    assert (entry.action_label, entry.note, entry.actor) == (
        "登记入会",
        "所属工会：甲县第一中学工会；集体入会（名册导入）",
        world.org_admin,
    )
    # an account (login by phone, no usable password until activated by SMS code) and the member role
    assert zhang.user is not None
    assert (zhang.user.username, zhang.user.phone, zhang.user.name) == ("m13800000001", "13800000001", "张三")
    assert zhang.user.has_usable_password() is False
    assert RoleGrant.objects.get(user=zhang.user).role == MEMBER
    assert RoleGrant.objects.get(user=zhang.user).org == world.org_a
    # no phone, no account
    assert li.user is None
    assert (
        AuditLog.objects.get(action=AuditAction.ADMIN_EDIT).summary
        == "导入会员名册导入 3 行（文件 名册.xlsx）"
    )


def test_an_imported_member_can_activate_the_account_by_sms_code(world):
    from gonghui.accounts import sms_codes

    run(world, roster([row(name="张三", id_number=person_id(1), phone="13800000001")]))
    user = User.objects.get(phone="13800000001")
    assert sms_codes._account_for("13800000001", "activate") == user


def test_reimporting_the_same_file_changes_nothing(world):
    # given: a roster imported once
    content = roster(
        [
            row(name="张三", id_number=person_id(1), phone="13800000001"),
            row(name="李四", id_number=person_id(2)),
        ]
    )
    first = run(world, content)
    before = (
        Member.objects.count(),
        User.objects.count(),
        MembershipChange.objects.count(),
        RoleGrant.objects.count(),
        TimelineEntry.objects.count(),
        list(Member.objects.order_by("pk").values_list("pk", "member_number", "updated_at")),
    )
    # when: the same file again
    second = run(world, content)
    # then
    assert (first.created, first.unchanged) == (2, 0)
    assert (second.rows, second.valid, second.unchanged, second.created, second.errors) == (2, 2, 2, 0, [])
    after = (
        Member.objects.count(),
        User.objects.count(),
        MembershipChange.objects.count(),
        RoleGrant.objects.count(),
        TimelineEntry.objects.count(),
        list(Member.objects.order_by("pk").values_list("pk", "member_number", "updated_at")),
    )
    assert after == before


# ---- modes --------------------------------------------------------------------------------------------


def _two_good_one_bad() -> bytes:
    return roster(
        [
            row(name="张三", id_number=person_id(1)),
            row(name="李四", id_number=wrong_checksum(person_id(2))),
            row(name="王五", id_number=person_id(3)),
        ]
    )


def test_mode_all_imports_nothing_when_a_row_has_a_problem(world):
    report = run(world, _two_good_one_bad(), mode=ImportMode.ALL)
    assert (report.valid, report.created, report.committed, len(report.errors)) == (2, 0, False, 1)
    assert not Member.objects.filter(name__in=["张三", "王五"]).exists()


def test_mode_valid_imports_the_valid_rows(world):
    report = run(world, _two_good_one_bad(), mode=ImportMode.VALID)
    assert (report.valid, report.created, report.committed) == (2, 2, True)
    assert set(Member.objects.values_list("name", flat=True)) == {"甲会员", "张三", "王五"}


def test_dry_run_writes_nothing(world):
    report = run(world, _two_good_one_bad(), mode=ImportMode.VALID, dry_run=True)
    assert (report.valid, report.created, report.committed) == (2, 0, False)
    assert Member.objects.count() == 1


def _job(world, content, django_capture_on_commit_callbacks, actor=None) -> ImportJob:
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(
            kind="members",
            org=world.org_a,
            actor=actor or world.org_admin,
            upload=SimpleUploadedFile("名册.xlsx", content),
        )
    job.refresh_from_db()
    return job


def test_web_job_previews_counts_masked_values_and_the_first_errors(
    world, django_capture_on_commit_callbacks
):
    content = roster(
        [
            row(name="张三", id_number=person_id(1), phone="+8613800000001"),
            row(name="李四", id_number=wrong_checksum(person_id(2))),
        ]
    )
    job = _job(world, content, django_capture_on_commit_callbacks)
    assert (job.status, job.total_rows, job.valid_rows, job.error_count, job.normalised_count) == (
        ImportStatus.VALIDATED,
        2,
        1,
        1,
        1,
    )
    assert job.preview == [
        [
            "2",
            "张三",
            "4108**********" + person_id(1)[-4:],
            "138****0001",
            "甲县第一中学工会",
            "2026-06-15",
            "新增",
        ]
    ]
    assert job.errors == [[3, "证件号码", "身份证号校验位不正确，请核对"]]
    # the stored normalisations keep no clear phone or ID number
    assert job.normalised == [{"row": 2, "field": "手机号", "from": "+8**********01", "to": "13*******01"}]


def test_web_commit_needs_an_explicit_mode_and_mode_all_refuses_a_file_with_problems(
    world, django_capture_on_commit_callbacks
):
    from django.core.exceptions import ValidationError

    job = _job(world, _two_good_one_bad(), django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as missing:
        import_job_commit_request(job=job, actor=world.org_admin, mode="")
    assert missing.value.message_dict == {"mode": ["请选择导入方式：“全部无误才导入”或“只导入无误的行”"]}
    with pytest.raises(ValidationError) as refused:
        import_job_commit_request(job=job, actor=world.org_admin, mode=ImportMode.ALL)
    assert refused.value.message_dict == {
        "mode": [
            "文件中有 1 个问题，选择“全部无误才导入”时不会导入任何数据；请修改后重新上传，或选择“只导入无误的行”"
        ]
    }
    job.refresh_from_db()
    assert (job.status, job.mode) == (ImportStatus.VALIDATED, "")
    assert Member.objects.count() == 1


def test_web_commit_in_mode_valid_imports_the_valid_rows(world, django_capture_on_commit_callbacks):
    job = _job(world, _two_good_one_bad(), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        import_job_commit_request(job=job, actor=world.org_admin, mode=ImportMode.VALID)
    job.refresh_from_db()
    assert (job.status, job.mode, job.imported_rows, job.error_count) == (ImportStatus.DONE, "valid", 2, 1)
    assert set(Member.objects.values_list("name", flat=True)) == {"甲会员", "张三", "王五"}


def test_web_commit_in_mode_all_fails_whole_when_the_recheck_finds_a_problem(
    world, django_capture_on_commit_callbacks
):
    # given: a clean file, validated
    content = roster([row(name="张三", id_number=person_id(1)), row(name="王五", id_number=person_id(3))])
    job = _job(world, content, django_capture_on_commit_callbacks)
    assert job.error_count == 0
    # and meanwhile 王五 joined org B
    MemberFactory.create(org=world.org_b, id_number=person_id(3))
    # when: committing all or nothing
    with django_capture_on_commit_callbacks(execute=True):
        import_job_commit_request(job=job, actor=world.org_admin, mode=ImportMode.ALL)
    # then: nothing imported, the problem reported
    job.refresh_from_db()
    assert (job.status, job.message, job.imported_rows) == (
        ImportStatus.FAILED,
        "复核时发现 1 个问题，按“全部无误才导入”未导入任何数据",
        0,
    )
    assert job.errors == [[3, "证件号码", "此人已是其他工会的在籍会员，不能重复入会；如调动请办理转会"]]
    assert not Member.objects.filter(name="张三").exists()


def test_web_reimport_shows_unchanged_rows_and_imports_nothing(world, django_capture_on_commit_callbacks):
    content = roster([row(name="张三", id_number=person_id(1), phone="13800000001")])
    for _attempt in range(2):
        job = _job(world, content, django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            import_job_commit_request(job=job, actor=world.org_admin, mode=ImportMode.ALL)
        job.refresh_from_db()
    assert (job.status, job.valid_rows, job.unchanged_rows, job.imported_rows) == (ImportStatus.DONE, 1, 1, 0)
    assert Member.objects.filter(name="张三").count() == 1


# ---- permissions and pages ------------------------------------------------------------------------------


def test_only_members_managers_of_the_target_may_import(world, django_capture_on_commit_callbacks):
    content = roster([row(name="张三", id_number=person_id(1))])
    for actor in (world.outsider, world.org_member):
        with pytest.raises(PermissionDenied):
            import_job_create(
                kind="members", org=world.org_a, actor=actor, upload=SimpleUploadedFile("名册.xlsx", content)
            )
        with pytest.raises(PermissionDenied):
            roster_import(content=content, org=world.org_a, actor=actor)
    assert ImportJob.objects.count() == 0
    assert Member.objects.count() == 1


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("outsider has no members of org A to choose", "outsider", 200), ("plain member", "org_member", 403)],
)
def test_import_page_access(request, client, world, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    response = client.get(reverse("spreadsheets:import_start", args=["members"]))
    assert response.status_code == status
    if status == 200:
        assert [o.code for o in response.context["form"].fields["org"].queryset] == ["ORGB"]


def test_the_pages_walk_through_upload_mode_choice_and_commit(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.org_admin)
    start = reverse("spreadsheets:import_start", args=["members"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            start, {"org": world.org_a.pk, "file": SimpleUploadedFile("名册.xlsx", _two_good_one_bad())}
        )
    job = ImportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'name="mode" value="all" disabled' in page
    assert "导入无误的 2 行，跳过有问题的行" in page
    assert "<th>导入结果</th>" in page
    # posting without a mode changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("spreadsheets:import_job_commit", args=[job.public_id]))
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("spreadsheets:import_job_commit", args=[job.public_id]), {"mode": "valid"})
    job.refresh_from_db()
    assert (job.status, job.imported_rows) == (ImportStatus.DONE, 2)
    report = client.post(reverse("spreadsheets:import_job_errors", args=[job.public_id]))
    rows = read_rows(report.content)
    # the bad row as uploaded (its ID number unmasked: the report is the file to correct), plus 错误说明
    assert rows[0] == [*HEADERS, "错误说明"]
    assert rows[1][:2] == [wrong_checksum(person_id(2)), "李四"]
    assert rows[1][-1] == "原第 3 行 · 证件号码：身份证号校验位不正确，请核对"
    assert len(rows) == 2
    assert read_rows(report.content, sheet="问题清单")[1] == [3.0, "证件号码", "身份证号校验位不正确，请核对"]
    assert "no-store" in report["Cache-Control"]
    audit = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert audit.summary == "下载会员名册导入错误报告（1 行，文件 名册.xlsx）"


def test_template_has_chinese_headers_an_example_and_instructions(client, world):
    client.force_login(world.org_admin)
    response = client.get(reverse("spreadsheets:import_template", args=["members"]))
    rows = read_rows(response.content)
    assert rows[0][:8] == ["姓名*", "证件类型", "证件号码*", "性别", "出生日期", "民族", "手机号", "工作单位"]
    assert rows[1][2] == "41080219900301002" + resident_id_check_char("41080219900301002")
    instructions = read_rows(response.content, sheet="填写说明")
    assert instructions[4][:3] == ["证件号码", "必填", "身份证号、身份证号码、公民身份号码、证件号、身份证"]


def test_the_template_example_row_imports(client, world):
    client.force_login(world.org_admin)
    content = client.get(reverse("spreadsheets:import_template", args=["members"])).content
    report = run(world, content)
    assert (report.errors, report.created) == ([], 1)


# ---- no query per row ----------------------------------------------------------------------------------


def _many(count: int, start: int = 0) -> bytes:
    return roster(
        [
            row(name=f"会员{i}", id_number=person_id(i), phone=f"138{i:08d}", joined_on="2020-03-01")
            for i in range(start, start + count)
        ]
    )


def test_the_number_of_queries_does_not_grow_with_the_rows(world):
    # given: a warm-up so that caches (code lists, content types, the number counter) are filled in both runs
    run(world, _many(2, start=400))
    small, large = _many(3), _many(60, start=100)
    # when / then: validation and commit of 3 rows and of 60 rows take the same number of queries
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        run(world, small)
    with CaptureQueriesContext(connection) as many:
        run(world, large)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert Member.objects.count() == 66

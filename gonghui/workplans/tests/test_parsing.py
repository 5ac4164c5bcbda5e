"""The 工作要点 parser on the seed notice 焦教工〔2020〕8号 and on hand-written variants of every layout the
issue names: numbered and unnumbered sections, relative marker levels, run-ons, continuation and closing
paragraphs, month schedules, the notice wrapper, dates in Arabic and Chinese numerals, .txt in UTF-8 and
GB18030, .docx (paragraphs, line breaks, tables), and the files that cannot be read."""

import datetime
import io
from pathlib import Path

import pytest
from docx import Document

from gonghui.workplans.numerals import cn_to_int, date_in, int_to_cn
from gonghui.workplans.parsing import (
    SCHEDULE_TITLE,
    Kind,
    Style,
    classify_line,
    split_runon,
    workplan_parse_bytes,
    workplan_parse_file,
)
from gonghui.workplans.plan_files import WorkplanReadError

DATA = Path(__file__).parent / "data"
SEED = DATA / "jiaozuo-2020-work-plan.txt"


def outline(plan):
    """[(section title, [(number, activities)])] — the shape a reader checks first."""
    return [(s.title, [(i.number, i.activities) for i in s.items]) for s in plan.sections]


def docx_bytes(paragraphs, table_rows=()):
    """A .docx with one paragraph per entry ("\n" inside an entry is a soft line break), then a table."""
    document = Document()
    for text in paragraphs:
        paragraph = document.add_paragraph()
        for index, part in enumerate(text.split("\n")):
            run = paragraph.add_run(part)
            if index < text.count("\n"):
                run.add_break()
    if table_rows:
        table = document.add_table(rows=0, cols=len(table_rows[0]))
        for row in table_rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ---- the seed ---------------------------------------------------------------------------------------------

SEED_OUTLINE = [
    (
        "加强思想引领，提高职工思想政治水平",
        [
            ("（一）", ["组织抗击疫情一线优秀医护人员事迹报告（座谈）会。"]),
            (
                "（二）",
                ["强化职工思想政治引领，鼓励各级学校工会根据实际情况开展形式多样的十九届四中全会宣传活动。"],
            ),
            ("（三）", []),
            ("（四）", ["推广普及职工工间操，积极组队参加省教科文卫体工会组织的各项文体活动。"]),
            (
                "（五）",
                [
                    "关注改革发展中的热点、难点问题和与职工切身利益密切相关的重大问题，持续提升理论研究工作的水平。"
                ],
            ),
        ],
    ),
    (
        "开展建功立业活动，推动经济社会高质量发展",
        [
            (
                "（六）",
                [
                    "开展焦作市教科文卫体系统志愿服务活动，深入贫困地区送教、送医、送科技、送文化。"
                    "实施教科文卫体系统劳模先进个人助力脱贫攻坚技术扶贫、产业扶贫、项目扶贫、就业扶贫、结对扶贫、"
                    "智力扶贫“六大行动” 和深化先进集体助力脱贫攻坚专项行动。"
                ],
            ),
            (
                "（七）",
                [
                    "与市教育局联合开展全市教育系统教学技能竞赛。",
                    "与市卫健委联合开展全市卫生计生系统技能竞赛。",
                ],
            ),
            (
                "（八）",
                [
                    "评选本系统“焦作标兵”并给予奖励。",
                    "评选本系统“示范性劳模和工匠人才创新工作室”并给予经费支持。",
                ],
            ),
            ("（九）", ["学习宣传教科文卫体系统“最美医生”“最美护士”“最美教师”先进事迹。"]),
        ],
    ),
    (
        "健全维权服务制度机制，增强职工获得感幸福感安全感",
        [
            ("（十）", ["组织好在新冠肺炎疫情防控工作中作出突出贡献的一线医护人员休养。"]),
            (
                "（十一）",
                [
                    "向我市支援湖北疫情防控的医疗队队员发放慰问金，支持各基层工会开展对疫情防控一线的人员的送温暖工作。"
                ],
            ),
            ("（十二）", []),
            ("（十三）", []),
            ("（十四）", []),
        ],
    ),
    (
        "深化改革和建设，把工会组织建设得更加坚强有力",
        [
            ("（十五）", []),
            ("（十六）", []),
            (
                "（十七）",
                ["探索建立教科文卫体系统工会工作评价机制，对教科文卫体系统工会工作情况进行量化评价。"],
            ),
            ("（十八）", ["继续做好会员入会、会员卡办理工作。", "开展网上答题、网上练兵等活动。"]),
            ("（十九）", ["加大高校、医院后勤等非在编职工集中部门的建会力度，探索职工网上入会等形式。"]),
            ("（二十）", []),
        ],
    ),
    ("以党的政治建设为统领，提高工会系统党建工作质量", [("（二十一）", []), ("（二十二）", [])]),
]


def test_the_seed_notice_is_read_into_five_sections_and_twenty_two_items():
    plan = workplan_parse_file(SEED)
    # the wrapper: the attachment's own title, the 文号, the signature and its date
    assert plan.title == "焦作市教科文卫体工会2020年工作要点"
    assert plan.doc_number == "焦教工〔2020〕8号"
    assert plan.issuer == "焦作市教科文卫体工会"
    assert plan.date == datetime.date(2020, 4, 17)
    # the tree: every section, every item number as printed, every activity
    assert outline(plan) == SEED_OUTLINE
    numbers = [item.number for section in plan.sections for item in section.items]
    assert numbers == [f"（{int_to_cn(n)}）" for n in range(1, 23)]


def test_the_seed_items_keep_their_text_without_the_marker():
    items = {i.number: i for s in workplan_parse_file(SEED).sections for i in s.items}
    assert items["（一）"].text.startswith("坚持用习近平新时代中国特色社会主义思想武装头脑")
    assert items["（一）"].text.endswith("筑牢广大职工团结奋斗的共同思想基础。")
    assert items["（十二）"].text.startswith("开展模范“职工之家”")  # the space after the marker is gone
    assert (
        items["（二十）"].text
        == "加强互联网+工会工作，提高工作效率和质量，探索网上办公、网上维权服务、网上练兵等为一体的工作体系。"
    )
    # nothing of the wrapper or the preamble leaks into the tree
    texts = [i.text for i in items.values()] + [a for i in items.values() for a in i.activities]
    assert not any("印发给你们" in t or "总体要求" in t or "附件" in t for t in texts)


def test_the_seed_as_docx_and_as_gb18030_reads_the_same():
    text = SEED.read_text(encoding="utf-8")
    expected = workplan_parse_file(SEED).as_json()
    assert workplan_parse_bytes(docx_bytes(text.splitlines()), "要点.docx").as_json() == expected
    assert workplan_parse_bytes(text.encode("gb18030"), "要点.txt").as_json() == expected
    assert workplan_parse_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"), "要点.txt").as_json() == expected
    assert workplan_parse_bytes(text.encode("utf-16"), "要点.txt").as_json() == expected
    assert workplan_parse_bytes(text.replace("\n", "\r\n").encode(), "要点.txt").as_json() == expected


# ---- hand-written variants --------------------------------------------------------------------------------


def test_numbered_sections_with_arabic_and_dash_activities_a_schedule_and_an_adoption_date():
    plan = workplan_parse_file(DATA / "numbered-sections.txt")
    assert (plan.title, plan.doc_number, plan.issuer) == (
        "测试市教科文卫体工会2023年工作要点",
        "测教工〔2023〕3号",
        "测试市教科文卫体工会",  # from the red head 测试市教科文卫体工会文件
    )
    # the adoption line in Chinese numerals, not the deadline in the body nor the 版记's 印发 date
    assert plan.date == datetime.date(2023, 2, 20)
    assert outline(plan) == [
        (
            "加强思想政治引领",
            [
                ("（一）", ["举办党的二十大精神专题培训班。", "组织百名劳模进校园宣讲活动。"]),
                ("（二）", ["开展“最美教师”“最美医生”寻访活动。", "编印本系统劳模先进事迹汇编。"]),
                ("（三）", []),
            ],
        ),
        (
            "推动建功立业",
            [
                ("（一）", ["与市教育局联合举办教师教学技能竞赛。", "与市卫健委联合举办护理技能竞赛。"]),
                ("（二）", ["评选第三批示范性创新工作室。", "组织创新工作室成果交流会。"]),
            ],
        ),
        ("全年工作安排", [("3月", []), ("4—5月", []), ("9月", []), ("12月", [])]),
    ]
    first, _second, third = plan.sections[0].items
    assert first.text.endswith("于2023年6月30日前完成全系统宣讲。")
    # a continuation paragraph (同时，……) extends the item; the closing paragraph (各基层工会要……) is dropped
    assert (
        third.text
        == "加强新时代职工思想政治工作研究。\n同时，要充分运用线上线下平台，及时掌握职工思想动态，回应职工关切。"
    )
    assert all("各基层工会要" not in i.text for s in plan.sections for i in s.items)
    # the schedule's month lines are items numbered by their month label
    assert [i.text for i in plan.sections[2].items] == [
        "召开全委会议，部署全年工作。",
        "举办教师教学技能竞赛。",
        "开展“最美教师”寻访活动。",
        "总结全年工作。",
    ]


def test_gb18030_unnumbered_headings_arabic_items_bullets_and_a_schedule_without_heading():
    data = (DATA / "unnumbered-arabic-gb18030.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the file really is GB18030
    plan = workplan_parse_bytes(data, "unnumbered-arabic-gb18030.txt")
    assert (plan.title, plan.doc_number, plan.issuer, plan.date) == (
        "乙县教育工会2021年工作计划",
        None,
        "乙县教育工会",  # the signature at the end
        datetime.date(2021, 1, 15),
    )
    assert outline(plan) == [
        (
            "加强思想引领",
            [("1", ["举办党史知识竞赛。", "开展红色教育基地参观学习。"]), ("2", ["新建职工书屋5家。"])],
        ),
        (
            "维护职工权益",
            [("1", ["指导学校按期召开教代会。", "开展校务公开示范校评选。"]), ("2", []), ("3", [])],
        ),
        (SCHEDULE_TITLE, [("3月", []), ("7—8月", []), ("11月", [])]),
    ]
    assert plan.sections[2].items[1].text == "组织教师暑期疗休养。"
    # the closing paragraphs (以上工作，各学校工会要……; ……！) are in no item
    texts = [t for s in plan.sections for i in s.items for t in [i.text, *i.activities]]
    assert not any("以上工作" in t or "贡献！" in t for t in texts)


def test_a_notice_with_run_on_items_chinese_numeral_date_and_imprint():
    plan = workplan_parse_file(DATA / "runon-notice.txt")
    assert plan.title == "甲县教育工会2022年工作要点"  # the attachment's title, not the 通知's
    assert plan.doc_number == "甲工〔2022〕12号"  # 签发人 on the same line is not part of it
    assert plan.issuer == "甲县总工会"
    assert plan.date == datetime.date(2022, 3, 1)  # 二〇二二年三月一日; not a deadline, not the 印发 date
    assert outline(plan) == [
        ("加强思想引领", [("一是", []), ("二是", []), ("三是", [])]),
        (
            "强化维权服务",
            [("一是", []), ("二是", []), ("三是", ["委托县人民医院为全县教职工开展健康体检。"])],
        ),
        ("深化工会改革", [("一是", []), ("二是", [])]),
    ]
    assert [i.text for i in plan.sections[1].items] == [
        "健全教代会制度，推进校务公开",
        "做好困难职工帮扶，确保帮扶资金于2022年12月31日前发放到位",
        "组织教职工健康体检。",
    ]
    texts = [t for s in plan.sections for i in s.items for t in [i.text, *i.activities]]
    assert not any("抄送" in t or "印发" in t or "此件" in t or "重点抓好" in t for t in texts)


def test_items_without_sections_half_width_parens_and_an_activity_introducer():
    plan = workplan_parse_file(DATA / "half-paren-items.txt")
    assert (plan.title, plan.doc_number, plan.issuer, plan.date) == (
        "丙校工会2024年工作要点",
        None,
        "丙校工会",
        None,
    )
    assert outline(plan) == [
        (
            "",
            [
                ("(一)", ["组织专题学习会4次", "开展师德标兵评选"]),
                ("(二)", ["举办教职工趣味运动会。"]),
                ("(三)", []),
            ],
        )
    ]


def test_arabic_items_under_a_section_take_finer_parenthesised_and_circled_activities():
    text = "\n".join(
        [
            "某工会2025年工作要点",
            "一、抓好学习",
            "1. 组织理论学习。",
            "（1）每月一次中心组学习。",
            "① 学习记录按季度检查。",
            "2、开展读书活动。",
            "二、服务职工",
            "1．做好帮扶工作。",
        ]
    )
    plan = workplan_parse_bytes(text.encode(), "a.txt")
    assert outline(plan) == [
        ("抓好学习", [("1", ["每月一次中心组学习。", "学习记录按季度检查。"]), ("2", [])]),
        ("服务职工", [("1", [])]),
    ]


def test_a_long_paragraph_continues_the_item_and_a_short_one_is_an_activity():
    long_text = "围绕中心工作，" + "推动各项工作落地见效，" * 12 + "取得新成效。"
    assert len(long_text) > 120
    text = "\n".join(
        ["某工会2025年工作要点", "一、服务大局", "（一）开展竞赛。", long_text, "组织技能竞赛。"]
    )
    item = workplan_parse_bytes(text.encode(), "a.txt").sections[0].items[0]
    assert item.text == f"开展竞赛。\n{long_text}"
    assert item.activities == ["组织技能竞赛。"]


def test_the_paragraph_under_an_item_printed_as_a_bare_heading_is_its_text():
    text = "\n".join(
        [
            "某工会2025年工作要点",
            "一、服务大局",
            "（一）深化劳动竞赛",
            "围绕中心工作开展竞赛。",
            "组织技能比武。",
            "（二）",
            "做好评选表彰工作。",
        ]
    )
    first, second = workplan_parse_bytes(text.encode(), "a.txt").sections[0].items
    assert (first.text, first.activities) == ("深化劳动竞赛\n围绕中心工作开展竞赛。", ["组织技能比武。"])
    assert (second.number, second.text, second.activities) == ("（二）", "做好评选表彰工作。", [])


def test_a_closing_paragraph_between_items_is_no_activity_and_after_the_last_one_is_dropped():
    text = "\n".join(
        [
            "某工会2025年工作要点",
            "一、服务大局",
            "（一）开展竞赛。",
            "各单位要高度重视，认真组织。",
            "（二）开展评选。",
            "评选优秀工会干部。",
            "各基层工会要结合实际，抓好落实。",
            "开展一项不属于任何条目的活动。",
        ]
    )
    first, second = workplan_parse_bytes(text.encode(), "a.txt").sections[0].items
    assert (first.text, first.activities) == ("开展竞赛。\n各单位要高度重视，认真组织。", [])
    assert (second.text, second.activities) == ("开展评选。", ["评选优秀工会干部。"])


def test_a_plan_inside_the_notice_text_takes_its_title_from_the_notice():
    text = "\n".join(
        [
            "关于2023年工作要点的通知",
            "各基层工会：",
            "现将2023年工作要点通知如下：",
            "一、加强引领",
            "（一）组织学习。",
            "二、服务职工",
            "（二）开展慰问。",
            "丁县教育工会",
            "2023年3月5日",
        ]
    )
    plan = workplan_parse_bytes(text.encode(), "a.txt")
    assert (plan.title, plan.issuer, plan.date) == (
        "2023年工作要点",
        "丁县教育工会",
        datetime.date(2023, 3, 5),
    )
    assert outline(plan) == [("加强引领", [("（一）", [])]), ("服务职工", [("（二）", [])])]


def test_a_docx_with_line_breaks_and_a_schedule_table():
    data = docx_bytes(
        [
            "戊校工会2024年工作要点",
            "（2024年1月8日校工会委员会通过）",
            "一、加强引领\n（一）组织学习。\n——每周一次集体学习。",
            "二、工作安排",
        ],
        table_rows=[("月份", "工作内容"), ("3月", "召开教代会"), ("9—10月", "举办运动会")],
    )
    plan = workplan_parse_bytes(data, "计划.docx")
    assert (plan.title, plan.date) == ("戊校工会2024年工作要点", datetime.date(2024, 1, 8))
    assert outline(plan) == [
        ("加强引领", [("（一）", ["每周一次集体学习。"])]),
        ("工作安排", [("3月", []), ("9—10月", [])]),
    ]
    assert [i.text for i in plan.sections[1].items] == ["召开教代会", "举办运动会"]


def test_lines_starting_with_yi_shi_are_items_alone_and_activities_under_parenthesised_items():
    text = "\n".join(
        [
            "某工会2025年工作要点",
            "加强思想引领",
            "一是组织理论学习。",
            "二是开展主题宣传。",
            "服务职工群众",
            "（一）做好帮扶工作。",
            "一是建立困难职工档案。",
            "二是开展节日慰问。",
        ]
    )
    assert outline(workplan_parse_bytes(text.encode(), "a.txt")) == [
        ("加强思想引领", [("一是", []), ("二是", [])]),
        ("服务职工群众", [("（一）", ["建立困难职工档案。", "开展节日慰问。"])]),
    ]


def test_an_unpunctuated_activity_before_finer_numbered_lines_is_no_heading():
    text = "\n".join(
        [
            "某工会2025年工作要点",
            "加强思想引领",
            "（一）组织学习。",
            "组织专题讲座",
            "1. 邀请专家授课。",
            "服务职工群众",
            "（二）做好帮扶。",
        ]
    )
    assert outline(workplan_parse_bytes(text.encode(), "a.txt")) == [
        ("加强思想引领", [("（一）", ["组织专题讲座", "邀请专家授课。"])]),
        ("服务职工群众", [("（二）", [])]),
    ]


def _numbered_docx():
    """Items and activities numbered by Word itself (（一） chineseCounting, 1. decimal, ● bullet): the markers
    are in the numbering definitions, not in the paragraphs' text."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = Document()
    numbering = document.part.numbering_part.element
    levels = [("chineseCounting", "（%1）"), ("decimal", "%2."), ("bullet", "\uf0b7")]
    abstract = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    numbering.insert(
        0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{abstract}</w:abstractNum>')
    )
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def add(text, level=None):
        paragraph = document.add_paragraph(text)
        if level is not None:
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = level
            num_pr.get_or_add_numId().val = 90

    add("庚工会2025年工作要点")
    add("一、加强引领")
    add("组织学习。", 0)
    add("举办读书班。", 1)
    add("开展征文。", 1)
    add("做好宣传。", 0)
    add("编印简报。", 2)
    add("二、服务职工")
    add("开展慰问。", 0)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_word_automatic_numbering_is_read_as_printed():
    plan = workplan_parse_bytes(_numbered_docx(), "a.docx")
    assert outline(plan) == [
        ("加强引领", [("（一）", ["举办读书班。", "开展征文。"]), ("（二）", ["编印简报。"])]),
        ("服务职工", [("（三）", [])]),
    ]
    assert plan.sections[0].items[0].text == "组织学习。"


def test_a_month_section_in_the_middle_keeps_its_place_and_month_lines_under_items_are_activities():
    text = "\n".join(
        [
            "某工会2025年工作要点",
            "一、服务大局",
            "（一）开展竞赛。",
            "5月：教学技能竞赛。",
            "（二）开展评选。",
            "二、月度安排",
            "3月：召开全委会。",
            "1. 审议工作报告。",
            "6月上旬：开展慰问。",
            "三、保障措施",
            "（一）加强组织领导。",
        ]
    )
    plan = workplan_parse_bytes(text.encode(), "a.txt")
    assert outline(plan) == [
        ("服务大局", [("（一）", ["5月：教学技能竞赛。"]), ("（二）", [])]),
        ("月度安排", [("3月", ["审议工作报告。"]), ("6月上旬", [])]),
        ("保障措施", [("（一）", [])]),
    ]


def test_a_plan_without_any_items_is_still_read():
    plan = workplan_parse_bytes("己工会工作要点\n全年要抓好各项工作。".encode(), "a.txt")
    assert (plan.title, plan.sections) == ("己工会工作要点", [])


# ---- files that cannot be read ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "data", "filename", "message"),
    [
        (
            "old binary Word",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
            "要点.doc",
            "无法读取文件 要点.doc：不支持旧版 Word 文档（.doc），请在 Word 或 WPS 中“另存为” .docx 格式后再导入",
        ),
        (
            "a .doc renamed .txt",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
            "要点.txt",
            "无法读取文件 要点.txt：不支持旧版 Word 文档（.doc），请在 Word 或 WPS 中“另存为” .docx 格式后再导入",
        ),
        (
            "an encrypted .docx is an OLE container",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
            "要点.docx",
            "无法读取文件 要点.docx：文件设置了打开密码，请取消密码后再导入",
        ),
        (
            "not a zip",
            b"this is no docx",
            "要点.docx",
            "无法读取文件 要点.docx：不是有效的 .docx 文件，请在 Word 或 WPS 中“另存为” .docx 格式后再导入",
        ),
        (
            "undecodable text",
            b"\x80\x81\xff\xfe\x00abc",
            "要点.txt",
            "无法读取文件 要点.txt：无法识别文字编码，请保存为 UTF-8 或 GB18030 编码的 .txt 文件，或 .docx 文件",
        ),
        (
            "binary that decodes",
            b"abc\x00\x01def",
            "要点.txt",
            "无法读取文件 要点.txt：无法识别文字编码，请保存为 UTF-8 或 GB18030 编码的 .txt 文件，或 .docx 文件",
        ),
        ("PDF", b"%PDF-1.7\n", "要点.pdf", "无法读取文件 要点.pdf：不支持 PDF，请上传 .txt 或 .docx 文件"),
        ("empty", b" \n\n\xe3\x80\x80\n", "要点.txt", "无法读取文件 要点.txt：文件中没有文字"),
    ],
)
def test_unreadable_files_raise_a_chinese_message(_case, data, filename, message):
    with pytest.raises(WorkplanReadError) as exc:
        workplan_parse_bytes(data, filename)
    assert str(exc.value) == message


def test_a_missing_file_raises_a_chinese_message(tmp_path):
    with pytest.raises(WorkplanReadError) as exc:
        workplan_parse_file(tmp_path / "没有.txt")
    assert str(exc.value) == "无法读取文件 没有.txt：文件不存在"


# ---- the building blocks ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "style", "number", "body"),
    [
        ("一、加强思想引领", Kind.SECTION, None, "一", "加强思想引领"),
        ("十二．做好宣传", Kind.SECTION, None, "十二", "做好宣传"),
        ("（十二） 开展模范", Kind.MARKED, Style.PAREN_CHINESE, "（十二）", "开展模范"),
        ("(三)开展", Kind.MARKED, Style.PAREN_CHINESE, "(三)", "开展"),
        ("1.开展", Kind.MARKED, Style.ARABIC, "1", "开展"),
        ("12．开展", Kind.MARKED, Style.ARABIC, "12", "开展"),
        ("3、开展", Kind.MARKED, Style.ARABIC, "3", "开展"),
        ("（2）开展", Kind.MARKED, Style.PAREN_ARABIC, "（2）", "开展"),
        ("③开展", Kind.MARKED, Style.CIRCLED, "③", "开展"),
        ("——开展", Kind.MARKED, Style.BULLET, "——", "开展"),
        ("◆ 开展", Kind.MARKED, Style.BULLET, "◆", "开展"),
        ("● 开展", Kind.MARKED, Style.BULLET, "●", "开展"),
        ("·开展", Kind.MARKED, Style.BULLET, "·", "开展"),
        ("3月：召开全委会", Kind.MONTH, None, "3月", "召开全委会"),
        ("7—8月：疗休养", Kind.MONTH, None, "7—8月", "疗休养"),
        ("11月份: 总结", Kind.MONTH, None, "11月份", "总结"),
        ("1.5万名职工参加", Kind.PLAIN, None, "", "1.5万名职工参加"),
        ("2020年是收官之年。", Kind.PLAIN, None, "", "2020年是收官之年。"),
        ("3月底前完成。", Kind.PLAIN, None, "", "3月底前完成。"),
    ],
)
def test_the_line_classifier(text, kind, style, number, body):
    line = classify_line(text)
    assert (line.kind, line.style, line.number, line.body) == (kind, style, number, body)


def test_run_ons_split_only_at_clause_starts_and_in_order():
    assert split_runon("重点抓好：一是学习；二是宣传；三是服务。") == (
        "重点抓好",
        [("一是", "学习"), ("二是", "宣传"), ("三是", "服务。")],
    )
    assert split_runon("统一是关键，二是次要") == ("", [])  # 统一是 is no marker, and 二是 alone is no run-on
    assert split_runon("一是学习，三是服务") == ("", [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020年4月17日", datetime.date(2020, 4, 17)),
        ("二〇二三年二月二十日", datetime.date(2023, 2, 20)),
        ("二○二二年十二月三十一日", datetime.date(2022, 12, 31)),
        ("2021.1.5", datetime.date(2021, 1, 5)),
        ("2021年2月30日", None),
    ],
)
def test_dates(text, expected):
    assert date_in(text, whole=True) == expected


def test_chinese_numerals_round_trip():
    assert [cn_to_int(int_to_cn(n)) for n in range(1, 100)] == list(range(1, 100))
    assert (cn_to_int("二〇二三"), cn_to_int("一百零五"), cn_to_int("甲")) == (2023, 105, None)


# ---- item 18: an item's text running on in further paragraphs before one-line activities --------------------

HOME = "坚持把职工之家建设作为工会基础性、经常性工作，健全建家长效机制，推动建家工作提质增效。"
ONE_LINERS = ["开展模范职工之家评选。", "组织职工书屋建设。"]


def items_of(lines):
    plan = workplan_parse_bytes("\n".join(["某工会2025年工作要点", *lines]).encode(), "a.txt")
    return [(i.number, i.text, i.activities) for s in plan.sections for i in s.items]


@pytest.mark.parametrize(
    ("_case", "item", "more", "text"),
    [
        ("a paragraph of prose", "（一）加强职工之家建设。", [HOME], f"加强职工之家建设。\n{HOME}"),
        (
            "two paragraphs of prose",
            "（一）加强职工之家建设。",
            [HOME, "推动建家工作向基层延伸，向新就业形态劳动者覆盖。不断增强基层工会的吸引力和凝聚力。"],
            f"加强职工之家建设。\n{HOME}\n推动建家工作向基层延伸，向新就业形态劳动者覆盖。不断增强基层工会的吸引力和凝聚力。",
        ),
        (
            "the body of an item printed as a bare heading, then more prose",
            "（一）加强职工之家建设",
            ["坚持把职工之家建设作为工会基础性工作。", HOME],
            f"加强职工之家建设\n坚持把职工之家建设作为工会基础性工作。\n{HOME}",
        ),
        (
            "a sentence broken after a comma",
            "（一）加强职工之家建设，",
            ["推动建家工作提质增效。"],
            "加强职工之家建设，\n推动建家工作提质增效。",
        ),
    ],
)
def test_an_items_text_running_on_is_no_activity_and_every_activity_after_it_is_kept(_case, item, more, text):
    assert items_of(["一、服务大局", item, *more, *ONE_LINERS, "（二）推进集体协商。"]) == [
        ("（一）", text, ONE_LINERS),
        ("（二）", "推进集体协商。", []),
    ]


def test_an_exhortation_running_on_after_the_last_item_does_not_close_the_section():
    # given: the section's last item goes on with 各级工会要…… before its activities
    exhortation = "各级工会要把职工之家建设作为基础性工作，切实抓紧抓好，推动建家工作提质增效。"
    assert items_of(
        ["一、服务大局", "（一）开展竞赛。", "（二）加强职工之家建设。", exhortation, *ONE_LINERS]
    ) == [
        ("（一）", "开展竞赛。", []),
        ("（二）", f"加强职工之家建设。\n{exhortation}", ONE_LINERS),
    ]


def test_prose_before_marked_activities_is_the_items_text():
    assert items_of(["一、服务大局", "（一）加强职工之家建设。", HOME, "——开展模范职工之家评选。"]) == [
        ("（一）", f"加强职工之家建设。\n{HOME}", ["开展模范职工之家评选。"])
    ]


def test_a_long_paragraph_alone_after_an_item_stays_its_activity():
    # the seed's （六）: one paragraph of two sentences and nothing after it is the item's activity
    assert items_of(["一、服务大局", "（一）加强职工之家建设。", HOME, "（二）推进集体协商。"]) == [
        ("（一）", "加强职工之家建设。", [HOME]),
        ("（二）", "推进集体协商。", []),
    ]

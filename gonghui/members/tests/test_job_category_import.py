"""岗位类别 in the roster files: the import accepts the full label, the short forms and the code and names row and
column of an unknown value with what the column accepts; the template and its 代码表 list it; the roster export
carries it and the 全总实名制 coded export keeps its fixed layout."""

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from gonghui.core.excel import SheetSpec, read_rows, workbook_bytes
from gonghui.members.choices import JobCategory
from gonghui.members.models import Member
from gonghui.members.services import roster_import
from gonghui.members.services.registry import job_category_code
from gonghui.members.spreadsheets import (
    ACFTU_COLUMNS,
    ROSTER_HEADERS,
    MemberAcftuExporter,
    MemberRosterExporter,
)
from gonghui.members.tests.factories import MemberFactory, valid_id_number
from gonghui.spreadsheets.choices import ImportMode

pytestmark = pytest.mark.django_db

ALLOWED = (
    "可填写：专业技术人员（教师）（教师）、专业技术人员（医生）（医生）、专业技术人员（护士）（护士）、"
    "专业技术人员（科研）（科研）、专业技术人员（文艺）（文艺）、专业技术人员（体育）（体育）、"
    "专业技术人员（其他）（其他专技）、管理人员（管理）、工勤技能人员（工勤），或其代码"
)

# The 全总实名制 layout as it was before 岗位类别 existed: it must not change.
ACFTU_HEADERS = [
    "姓名",
    "性别代码",
    "民族代码",
    "出生日期",
    "证件类型代码",
    "证件号码",
    "手机号码",
    "学历代码",
    "政治面貌代码",
    "用工性质代码",
    "岗位职称",
    "技能等级代码",
    "户籍类型代码",
    "工作单位",
    "所在工会",
    "入会日期",
    "会员编号",
    "会员卡号",
    "是否劳模",
    "是否农民工",
    "会籍状态代码",
    "会籍变动日期",
]


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("专业技术人员（教师）", "teacher"),
        ("专业技术人员(科研)", "research"),
        ("教师", "teacher"),
        ("医生", "doctor"),
        ("护士", "nurse"),
        ("科研", "research"),
        ("文艺", "arts"),
        ("体育", "sports"),
        ("其他专技", "other_pro"),
        ("管理人员", "management"),
        ("管理", "management"),
        ("工勤技能人员", "skilled"),
        ("工勤", "skilled"),
        ("other_pro", "other_pro"),
        ("SKILLED", "skilled"),
        (" 教 师 ", "teacher"),
        ("", ""),
        (None, ""),
    ],
)
def test_job_category_is_read_from_label_short_form_or_code(typed, code):
    assert job_category_code(typed) == code


def test_an_unknown_job_category_says_what_is_accepted():
    with pytest.raises(ValidationError) as caught:
        job_category_code("厨师")
    assert caught.value.messages == [f"“厨师”不是可选的岗位类别；{ALLOWED}"]


def _roster(rows: list[list[object]], headers: tuple[str, ...] = ("姓名", "证件号码", "岗位类别")) -> bytes:
    return workbook_bytes([SheetSpec("会员名册", list(headers), rows)])


def _person(n: int) -> str:
    return valid_id_number(n, area="410811", birth=dt.date(1990, 3, 1))


def _import(world, content: bytes, mode: str = ImportMode.VALID):
    return roster_import(
        content=content, org=world.org_a, actor=world.org_admin, mode=mode, source="名册.xlsx"
    )


def test_the_import_stores_the_code_for_labels_short_forms_and_codes(world):
    # given
    typed = ["专业技术人员（教师）", "护士", "管理", "research", "工勤技能人员", ""]
    content = _roster([[f"导入{i}", _person(i), value] for i, value in enumerate(typed)])
    # when
    report = _import(world, content)
    # then
    assert (report.errors, report.created) == ([], 6)
    stored = dict(Member.objects.filter(name__startswith="导入").values_list("name", "job_category"))
    assert stored == {
        "导入0": "teacher",
        "导入1": "nurse",
        "导入2": "management",
        "导入3": "research",
        "导入4": "skilled",
        "导入5": "",
    }
    assert [(n.row, n.column, n.before, n.after) for n in report.normalised if n.column == "岗位类别"] == [
        (3, "岗位类别", "护士", "专业技术人员（护士）"),
        (4, "岗位类别", "管理", "管理人员"),
        (5, "岗位类别", "research", "专业技术人员（科研）"),
    ]


def test_an_unknown_job_category_is_an_error_naming_row_and_column(world):
    # given
    content = _roster([["甲", _person(1), "教师"], ["乙", _person(2), "厨师"]])
    # when
    report = _import(world, content, mode=ImportMode.ALL)
    # then nothing is imported and the error names row 3, column 岗位类别 and the accepted values
    assert report.created == 0
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (3, "岗位类别", f"“厨师”不是可选的岗位类别；{ALLOWED}")
    ]
    assert not Member.objects.filter(name__in=["甲", "乙"]).exists()


def test_the_column_is_optional_and_found_by_its_aliases(world):
    # given a file without the column, and one naming it 人员类别
    without = _roster([["甲", _person(1)]], headers=("姓名", "证件号码"))
    aliased = _roster([["乙", _person(2), "医生"]], headers=("姓名", "证件号码", "人员类别"))
    # when
    first, second = _import(world, without), _import(world, aliased)
    # then
    assert (first.errors, second.errors) == ([], [])
    assert Member.objects.get(name="甲").job_category == ""
    assert Member.objects.get(name="乙").job_category == JobCategory.DOCTOR


def test_the_template_has_the_column_and_the_code_sheet_lists_it(client, world):
    # given
    client.force_login(world.org_admin)
    # when
    content = client.get(reverse("spreadsheets:import_template", args=["members"])).content
    # then
    headers, example = read_rows(content)[:2]
    assert example[headers.index("岗位类别")] == "教师"
    codes = [row for row in read_rows(content, sheet="代码表") if row and row[0] == "岗位类别"]
    assert [row[1:] for row in codes] == [
        ["专业技术人员（教师）", "teacher", "教师"],
        ["专业技术人员（医生）", "doctor", "医生"],
        ["专业技术人员（护士）", "nurse", "护士"],
        ["专业技术人员（科研）", "research", "科研"],
        ["专业技术人员（文艺）", "arts", "文艺"],
        ["专业技术人员（体育）", "sports", "体育"],
        ["专业技术人员（其他）", "other_pro", "其他专技"],
        ["管理人员", "management", "管理"],
        ["工勤技能人员", "skilled", "工勤"],
    ]
    instructions = read_rows(content, sheet="填写说明")
    assert any(row and row[0] == "岗位类别" for row in instructions)
    # and the example row imports with its 岗位类别
    assert _import(world, content).errors == []
    assert Member.objects.get(name="张三").job_category == JobCategory.TEACHER


def test_the_roster_export_has_the_label_after_the_position_title(world):
    # given
    MemberFactory.create(org=world.org_a, name="王医生", job_category=JobCategory.DOCTOR)
    MemberFactory.create(org=world.org_a, name="无类别")
    # when
    rows = {r[0]: r for r in MemberRosterExporter().rows(user=world.org_admin, params={"q": ""})}
    # then
    column = ROSTER_HEADERS.index("岗位类别")
    assert ROSTER_HEADERS[column - 1] == "岗位/职称"
    assert rows["王医生"][column] == "专业技术人员（医生）"
    assert rows["无类别"][column] == ""
    assert all(len(r) == len(ROSTER_HEADERS) for r in rows.values())


def test_the_acftu_export_layout_is_unchanged(world):
    # given a member with a 岗位类别
    MemberFactory.create(org=world.org_a, name="王医生", job_category=JobCategory.DOCTOR)
    # when
    exporter = MemberAcftuExporter()
    rows = list(exporter.rows(user=world.org_admin, params={"q": "王医生"}))
    # then the header is the fixed one and no cell carries the 岗位类别
    assert list(exporter.headers) == [c.header for c in ACFTU_COLUMNS] == ACFTU_HEADERS
    assert len(rows[0]) == len(ACFTU_HEADERS)
    assert not {"doctor", "专业技术人员（医生）"} & set(rows[0])


def test_the_command_reports_an_unknown_job_category_by_row_and_field(world, tmp_path):
    # given
    path = tmp_path / "名册.xlsx"
    path.write_bytes(_roster([["甲", _person(1), "科研"], ["乙", _person(2), "保安"]]))
    out = io.StringIO()
    # when
    call_command("import_members", str(path), "--org", "ORGA", "--mode", "valid", "--json", stdout=out)
    # then
    report = json.loads(out.getvalue())
    assert [(e["row"], e["field"]) for e in report["errors"]] == [(3, "岗位类别")]
    assert Member.objects.get(name="甲").job_category == JobCategory.RESEARCH

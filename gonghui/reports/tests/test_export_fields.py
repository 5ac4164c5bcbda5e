"""The 报送汇总 workbook carries every answer: text, choice, date, the file's name and the numbers (own figure and
subtree total), one row per union in tree order with its 层级, status and 报送时间; drafts are never in it. Read
back cell by cell (python-calamine, the reader the project ships; openpyxl is not a dependency) and, for formulas,
from the sheet's XML."""

import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.targeting import OrgTarget, TargetKind
from gonghui.reports.models import ReportSubmission
from gonghui.reports.services import (
    TaskInput,
    report_submission_save_draft,
    report_submission_submit,
    report_task_create,
    report_task_publish,
)

from .factories import HEADERS, make_task, pdf_upload, xlsx_upload

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("spreadsheets:export_start", args=["report_aggregate"])
FIELDS = [
    {"key": "f1", "label": "教职工人数", "type": "number", "required": True, "choices": []},
    {"key": "f2", "label": "成立日期", "type": "date", "required": False, "choices": []},
    {"key": "f3", "label": "活动形式", "type": "choice", "required": False, "choices": ["线上", "线下"]},
    {"key": "f4", "label": "说明", "type": "text", "required": False, "choices": []},
    {"key": "f5", "label": "佐证材料", "type": "file", "required": False, "choices": []},
    {"key": "f6", "label": "会员人数", "type": "number", "required": False, "choices": []},
]


@pytest.fixture
def task(rw):
    w = rw.world
    created = report_task_create(
        org=w.city,
        actor=rw.city_admin,
        data=TaskInput(
            title="基层工会情况",
            instructions="",
            kind="form",
            deadline=timezone.localdate() + dt.timedelta(days=10),
            targets=[OrgTarget(kind=TargetKind.LEVEL, org_id=w.city.pk, level=OrgLevel.GRASSROOTS)],
            fields=FIELDS,
        ),
    )
    report_task_publish(task=created, actor=rw.city_admin)
    created.refresh_from_db()
    return created


def _sub(task, org):
    return ReportSubmission.objects.select_related("task", "task__org", "org").get(task=task, org=org)


def _sheet(client, user, task):
    client.force_login(user)
    response = client.post(f"{EXPORT_URL}?task={task.public_id}")
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names == ["汇总"]
    cells = book.get_sheet_by_name("汇总").to_python(skip_empty_area=False)
    header = cells[2]
    body = [[None if v == "" else v for v in row] for row in cells[3:]]
    rows = {str(r[1]): dict(zip(header, r, strict=False)) for r in body}
    return header, rows, [str(r[1]) for r in body], response.content


def test_every_field_is_exported_one_row_per_union_in_tree_order(client, rw, task):
    w = rw.world
    report_submission_submit(
        submission=_sub(task, w.org_a),
        actor=w.org_admin,
        values={"f1": "120", "f2": "2019-05-04", "f3": "线下", "f4": "=1+1 不是公式", "f6": "100"},
        files={"f5": pdf_upload("活动照片.pdf")},
    )
    report_submission_submit(
        submission=_sub(task, w.org_b), actor=w.outsider, values={"f1": "80", "f3": "线上", "f4": "医院"}
    )
    header, rows, order, content = _sheet(client, rw.city_admin, task)
    assert header == [
        "组织",
        "组织编码",
        "层级",
        "报送状态",
        "报送时间",
        "是否逾期",
        "教职工人数（本级）",
        "教职工人数（本级及下级合计）",
        "成立日期",
        "活动形式",
        "说明",
        "佐证材料",
        "会员人数（本级）",
        "会员人数（本级及下级合计）",
    ]
    assert order == ["CITY", "CX", "ORGA", "CY", "ORGB"]  # tree order, intermediate unions included
    a = rows["ORGA"]
    assert a["组织"] == "　　甲县第一中学工会"  # indented by depth
    assert (a["层级"], a["报送状态"]) == ("基层工会", "已报送")
    assert isinstance(a["报送时间"], dt.datetime)
    assert a["成立日期"] == dt.date(2019, 5, 4) or a["成立日期"].date() == dt.date(2019, 5, 4)  # a date cell
    assert (a["活动形式"], a["说明"], a["佐证材料"]) == ("线下", "=1+1 不是公式", "活动照片.pdf")
    assert (a["教职工人数（本级）"], a["会员人数（本级）"]) == (120, 100)
    b = rows["ORGB"]
    assert (b["活动形式"], b["说明"], b["成立日期"], b["佐证材料"]) == ("线上", "医院", None, None)
    city = rows["CITY"]
    assert city["报送状态"] == "（非报送对象）"
    assert (city["教职工人数（本级及下级合计）"], city["会员人数（本级及下级合计）"]) == (200, 100)
    assert rows["CX"]["教职工人数（本级及下级合计）"] == 120
    # the text that looks like a formula is stored as text, never as a formula
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml


def test_drafts_and_unsubmitted_answers_stay_out_of_the_export(client, rw, task):
    w = rw.world
    report_submission_save_draft(
        submission=_sub(task, w.org_a), actor=w.org_admin, values={"f1": "999", "f4": "草稿说明"}
    )
    _header, rows, _order, _sheet_ = _sheet(client, rw.city_admin, task)
    a = rows["ORGA"]
    assert a["报送状态"] == "未报送"
    assert (a["教职工人数（本级）"], a["说明"]) == (None, None)
    assert rows["CITY"]["教职工人数（本级及下级合计）"] == 0


def test_a_recipient_union_exports_its_own_subtree_only(client, rw, task):
    w = rw.world
    report_submission_submit(
        submission=_sub(task, w.org_b), actor=w.outsider, values={"f1": "80", "f4": "医院"}
    )
    _header, rows, order, _sheet_ = _sheet(client, w.org_admin, task)
    assert "ORGB" not in order
    assert rows["CITY"]["教职工人数（本级及下级合计）"] == 0


def test_an_excel_task_exports_the_file_name_row_count_and_the_numeric_columns(client, rw):
    w = rw.world
    task = make_task(
        org=w.city,
        actor=rw.city_admin,
        kind="excel",
        targets=[OrgTarget(kind=TargetKind.LEVEL, org_id=w.city.pk, level=OrgLevel.GRASSROOTS)],
    )
    report_submission_submit(
        submission=_sub(task, w.org_a),
        actor=w.org_admin,
        filled=xlsx_upload([HEADERS, ["一校", 30, 28, "无"], ["二校", 5, 4, ""]], name="甲县一中.xlsx"),
    )
    header, rows, _order, _sheet_ = _sheet(client, rw.city_admin, task)
    assert header[6:] == [
        "上传文件",
        "数据行数（本级）",
        "数据行数（本级及下级合计）",
        "教职工人数（本级）",
        "教职工人数（本级及下级合计）",
        "会员人数（本级）",
        "会员人数（本级及下级合计）",
    ]
    a = rows["ORGA"]
    assert (a["上传文件"], a["数据行数（本级）"], a["教职工人数（本级）"], a["会员人数（本级）"]) == (
        "甲县一中.xlsx",
        2,
        35,
        32,
    )
    assert rows["CITY"]["教职工人数（本级及下级合计）"] == 35

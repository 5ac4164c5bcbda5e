"""报送 Excel templates and filled copies against hostile files (issue 13 item 19): an empty file, a renamed
executable, a file over the 10 MB limit, an xlsx zip bomb, formula cells, 100+ columns, CSV text (GBK, GB18030
with its BOM) named .xlsx. Each is refused with a Chinese message on the field (template / filled) and nothing is
written: no task, no attachment, the submission unchanged."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gonghui.attachments.models import Attachment
from gonghui.core.models import TimelineEntry
from gonghui.orgs.targeting import OrgTarget, TargetKind
from gonghui.reports.choices import SubmissionStatus
from gonghui.reports.models import ReportSubmission, ReportTask
from gonghui.reports.services import TaskInput, report_submission_submit, report_task_create
from gonghui.reports.sheets import MAX_HEADERS, XLSX_POLICY
from tests import hostile_files as hostile

from .factories import HEADERS, make_task

pytestmark = pytest.mark.django_db

MISMATCH = "文件内容与扩展名 .xlsx 不符，请检查文件"
CSV_ROWS = [HEADERS, ["一校", "120", "110", "无"]]
HOSTILE = [
    ("empty", hostile.empty(), "文件是空的"),
    ("a Windows executable", hostile.renamed_executable("pe"), MISMATCH),
    ("a Linux executable", hostile.renamed_executable("elf"), MISMATCH),
    ("over the size limit", hostile.oversize(XLSX_POLICY.max_bytes + 1), "文件超过 10 MB 的上限"),
    ("GBK CSV text", hostile.gbk_csv(CSV_ROWS), MISMATCH),
    ("GB18030 CSV with its BOM", hostile.gbk_csv(CSV_ROWS, bom=True), MISMATCH),
    ("UTF-8 CSV with a BOM", hostile.utf8_csv(CSV_ROWS), MISMATCH),
]


def _upload(content: bytes, name: str = "模板.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _create(rw, template):
    w = rw.world
    return report_task_create(
        org=w.city,
        actor=rw.city_admin,
        data=TaskInput(
            title="Excel 报送",
            instructions="",
            kind="excel",
            deadline=timezone.localdate() + dt.timedelta(days=10),
            targets=[OrgTarget(kind=TargetKind.CHILDREN, org_id=w.city.pk)],
        ),
        template=template,
    )


@pytest.fixture
def nothing_written(rw):
    before = (ReportTask.objects.count(), Attachment.objects.count(), TimelineEntry.objects.count())
    yield
    after = (ReportTask.objects.count(), Attachment.objects.count(), TimelineEntry.objects.count())
    assert after == before


@pytest.fixture
def excel_task(rw):
    w = rw.world
    return make_task(org=w.county_x, actor=rw.county_admin, kind="excel", title="Excel 报送")


@pytest.fixture
def answer(rw, excel_task):
    """The untouched submission of org A, and a check that it stays so."""
    submission = ReportSubmission.objects.select_related("task", "task__org", "org").get(
        task=excel_task, org=rw.world.org_a
    )
    files = Attachment.objects.count()
    yield submission
    submission.refresh_from_db()
    assert (submission.status, submission.data, submission.submitted_at) == (
        SubmissionStatus.PENDING,
        {},
        None,
    )
    assert Attachment.objects.count() == files


def _refusal(exc: pytest.ExceptionInfo[ValidationError], field: str) -> str:
    return " ".join(exc.value.message_dict[field])


@pytest.mark.parametrize(("_case", "content", "message"), HOSTILE)
def test_a_hostile_template_is_refused(rw, nothing_written, _case, content, message):
    with pytest.raises(ValidationError) as caught:
        _create(rw, _upload(content))
    assert message in _refusal(caught, "template")


@pytest.mark.parametrize(("_case", "content", "message"), HOSTILE)
def test_a_hostile_filled_copy_is_refused(rw, answer, _case, content, message):
    with pytest.raises(ValidationError) as caught:
        report_submission_submit(
            submission=answer, actor=rw.world.org_admin, filled=_upload(content, "填报.xlsx")
        )
    assert message in _refusal(caught, "filled")


def test_a_zip_bomb_is_refused_as_template_and_as_filled_copy(rw, answer, nothing_written):
    bomb = hostile.zip_bomb_xlsx()
    with pytest.raises(ValidationError) as caught:
        _create(rw, _upload(bomb))
    assert "文件解压后超过" in _refusal(caught, "template")
    with pytest.raises(ValidationError) as caught:
        report_submission_submit(
            submission=answer, actor=rw.world.org_admin, filled=_upload(bomb, "填报.xlsx")
        )
    assert "文件解压后超过" in _refusal(caught, "filled")


def test_a_template_over_the_column_limit_is_refused_and_one_at_the_limit_is_read(rw, nothing_written):
    with pytest.raises(ValidationError) as caught:
        _create(rw, _upload(hostile.wide_xlsx(MAX_HEADERS + 20)))
    assert _refusal(caught, "template") == f"模板表头不能超过 {MAX_HEADERS} 列"


def test_a_template_of_exactly_100_columns_is_read(rw):
    task = _create(rw, _upload(hostile.wide_xlsx(MAX_HEADERS, headers=HEADERS)))
    assert len(task.template_headers) == MAX_HEADERS
    assert task.template_headers[:4] == HEADERS


def test_a_filled_copy_with_120_columns_names_a_few_extra_columns_only(rw, answer):
    wide = hostile.wide_xlsx(120, headers=HEADERS, rows=[["一校", 1, 2, ""]])
    with pytest.raises(ValidationError) as caught:
        report_submission_submit(
            submission=answer, actor=rw.world.org_admin, filled=_upload(wide, "填报.xlsx")
        )
    message = _refusal(caught, "filled")
    assert "多出列“第5列”、“第6列”" in message
    assert "“第14列”等 116 列" in message
    assert len(message) < 300


def test_formula_cells_in_a_filled_copy_are_refused_naming_row_and_column(rw, answer):
    content = hostile.formula_xlsx(
        HEADERS, [["一校", "=1+1", 28, "无"], ["二校", 5, '=HYPERLINK("x","y")', ""]]
    )
    with pytest.raises(ValidationError) as caught:
        report_submission_submit(
            submission=answer, actor=rw.world.org_admin, filled=_upload(content, "填报.xlsx")
        )
    message = _refusal(caught, "filled")
    assert "第 2 行“教职工人数”列" in message
    assert "第 3 行“会员人数”列" in message
    assert "选择性粘贴为数值" in message


def test_a_formula_in_a_total_row_is_allowed(rw):
    """A 合计 row is not counted, so its =SUM(…) does not matter."""
    w = rw.world
    task = make_task(org=w.city, actor=rw.city_admin, kind="excel", title="合计行")
    submission = ReportSubmission.objects.get(task=task, org=w.county_x)
    content = hostile.formula_xlsx(HEADERS, [["一校", 30, 28, "无"], ["合计", "=1+1", "=1+1", ""]])
    done = report_submission_submit(submission=submission, actor=rw.county_admin, filled=_upload(content))
    assert done.data["totals"] == {"教职工人数": 30, "会员人数": 28}


def test_formula_cells_in_a_template_header_are_refused(rw, nothing_written):
    content = hostile.formula_xlsx(["统计表"], [["单位", "=1+1", "备注"]])
    with pytest.raises(ValidationError) as caught:
        _create(rw, _upload(content))
    assert _refusal(caught, "template") == "模板表头（第 2 行）的第 2 列是公式：表头请直接写成文字后再上传"


def test_the_fill_page_shows_the_refusal_on_the_field(client, rw, excel_task, answer):
    client.force_login(rw.world.org_admin)
    url = reverse("reports:submission_detail", args=[answer.public_id])
    response = client.post(url, {"filled": _upload(hostile.renamed_executable(), "填报.xlsx")})
    assert response.status_code == 400
    assert MISMATCH in response.content.decode()

"""会员名册导入 against hostile files (issue 13 item 19): an empty file, a renamed executable, a file over the
upload limit, an xlsx zip bomb, formula cells (=1+1, =HYPERLINK, =cmd| DDE), GBK / GB18030 / UTF-8 CSV with or
without a byte-order mark, 100 columns. Through the import page's job and through `roster_import` (the command's
service) each is refused with a Chinese message naming the field (and row) where one applies, and nothing is
written: no member, account, role grant, 入会 record, timeline row or audit entry."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.accounts.models import RoleGrant, User
from gonghui.core.excel import SpreadsheetError
from gonghui.core.models import AuditLog, TimelineEntry
from gonghui.members.models import Member, MembershipChange
from gonghui.members.services import roster_import
from gonghui.members.tests.factories import valid_id_number
from gonghui.spreadsheets.choices import ImportMode, ImportStatus
from gonghui.spreadsheets.models import ImportJob
from gonghui.spreadsheets.services import MAX_UPLOAD_BYTES, import_job_create
from tests import hostile_files as hostile

pytestmark = pytest.mark.django_db

HEADERS = ["姓名", "证件号码", "手机号"]
ID = valid_id_number(7, area="410811")
ROW = ["张三", ID, "13800000007"]
UNREADABLE = "无法读取该文件，请上传 .xlsx 或 .xls 格式的 Excel 文件"
TEXT = "无法读取该文件：这是文本文件（CSV 或 TXT），不是 Excel 工作簿，请用 Excel 或 WPS 打开后另存为 .xlsx 再导入"
PASTE_VALUES = "是公式：请选中这些单元格，复制后“选择性粘贴为数值”，再导入"
BOMB = "文件解压后超过 200 MB，无法读取：请确认文件来源，或把数据复制到新建的工作簿中再导入"
CSV_ROWS = [HEADERS, ROW]

# (case, the file's bytes, the message) — the file is always named 名册.xlsx, as a person would rename it
REFUSED = [
    ("empty", hostile.empty(), "文件是空的：请选择填好数据的 Excel 文件"),
    ("a Windows executable", hostile.renamed_executable("pe"), UNREADABLE),
    ("a Linux executable", hostile.renamed_executable("elf"), UNREADABLE),
    ("GBK CSV", hostile.gbk_csv(CSV_ROWS), TEXT),
    ("GB18030 CSV with its BOM", hostile.gbk_csv(CSV_ROWS, bom=True), TEXT),
    ("UTF-8 CSV with a BOM", hostile.utf8_csv(CSV_ROWS), TEXT),
    (
        "=1+1 as a name",
        hostile.formula_xlsx(HEADERS, [ROW, ["=1+1", valid_id_number(8, area="410811"), ""]]),
        f"第 3 行“姓名”列{PASTE_VALUES}",
    ),
    (
        "=HYPERLINK as a name",
        hostile.formula_xlsx(HEADERS, [['=HYPERLINK("http://example.invalid/","110")', "", ""]]),
        f"第 2 行“姓名”列{PASTE_VALUES}",
    ),
    (
        "a DDE call as a phone",
        hostile.formula_xlsx(HEADERS, [[*ROW[:2], "=cmd|' /C calc'!A0"]]),
        f"第 2 行“手机号”列{PASTE_VALUES}",
    ),
    (
        "100 columns none the roster's",
        hostile.wide_xlsx(100, rows=[["x"]]),
        "没有找到表头行：前 10 行中没有可识别的列名",
    ),
    (
        "100 columns without 证件号码",
        hostile.wide_xlsx(100, ["姓名"], [["张三"]]),
        "缺少必填列：证件号码",
    ),
]


@pytest.fixture
def nothing_written():
    """Asserts, after the test, that no row of what an import writes was added."""
    tables = (Member, User, RoleGrant, MembershipChange, TimelineEntry, AuditLog)

    def counts():
        return {model.__name__: model.objects.count() for model in tables}

    before = counts()
    yield
    assert counts() == before


def _job(world, name, content, django_capture_on_commit_callbacks) -> ImportJob:
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(
            kind="members", org=world.org_a, actor=world.org_admin, upload=SimpleUploadedFile(name, content)
        )
    job.refresh_from_db()
    return job


@pytest.mark.parametrize(("_case", "content", "message"), REFUSED)
def test_roster_import_refuses_a_hostile_file_in_chinese(world, nothing_written, _case, content, message):
    with pytest.raises(SpreadsheetError) as refused:
        roster_import(content=content, org=world.org_a, actor=world.org_admin, mode=ImportMode.VALID)
    assert str(refused.value) == message


@pytest.mark.parametrize(("_case", "content", "message"), [c for c in REFUSED if c[0] != "empty"])
def test_the_import_job_fails_with_the_message_and_writes_nothing(
    world, django_capture_on_commit_callbacks, _case, content, message
):
    # given
    members = Member.objects.count()
    # when
    job = _job(world, "名册.xlsx", content, django_capture_on_commit_callbacks)
    # then: the job stops before any preview, with the reason; there is nothing to confirm
    assert (job.status, job.message, job.valid_rows, job.preview) == (ImportStatus.FAILED, message, 0, [])
    assert Member.objects.count() == members


def test_a_zip_bomb_is_refused_by_the_service_and_the_job(world, django_capture_on_commit_callbacks):
    # given
    bomb = hostile.zip_bomb_xlsx()
    members = Member.objects.count()
    # then
    with pytest.raises(SpreadsheetError) as refused:
        roster_import(content=bomb, org=world.org_a, actor=world.org_admin, mode=ImportMode.VALID)
    assert str(refused.value) == BOMB
    job = _job(world, "名册.xlsx", bomb, django_capture_on_commit_callbacks)
    assert (job.status, job.message) == (ImportStatus.FAILED, BOMB)
    assert Member.objects.count() == members


@pytest.mark.parametrize(
    ("_case", "name", "content", "message"),
    [
        ("empty", "名册.xlsx", hostile.empty(), "文件是空的"),
        (
            "over the upload limit",
            "名册.xlsx",
            hostile.oversize(MAX_UPLOAD_BYTES + 1),
            "文件超过 20 MB，请拆分后分批导入",
        ),
        (
            "an executable by its name",
            "名册.exe",
            hostile.renamed_executable(),
            "请上传 Excel 文件（.xlsx 或 .xls）",
        ),
        ("a CSV by its name", "名册.csv", hostile.gbk_csv(CSV_ROWS), "请上传 Excel 文件（.xlsx 或 .xls）"),
    ],
)
def test_the_upload_is_refused_on_its_file_field_and_no_job_is_kept(
    world, nothing_written, _case, name, content, message
):
    jobs = ImportJob.objects.count()
    with pytest.raises(ValidationError) as refused:
        import_job_create(
            kind="members", org=world.org_a, actor=world.org_admin, upload=SimpleUploadedFile(name, content)
        )
    assert refused.value.message_dict == {"file": [message]}
    assert ImportJob.objects.count() == jobs


def test_formula_like_text_cells_are_row_errors_naming_the_field(world, nothing_written):
    # given: text cells (not formulas) that Excel would run if retyped
    content = hostile.xlsx(
        HEADERS, [["=cmd|' /C calc'!A0", ID, ""], ["李四", valid_id_number(9, area="410811"), "=1+1"]]
    )
    # when
    report = roster_import(content=content, org=world.org_a, actor=world.org_admin, mode=ImportMode.ALL)
    # then
    assert not report.committed
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "姓名", "姓名不能以 = + - @ 开头"),
        (3, "手机号", "手机号不能以 = + - @ 开头"),
    ]


def test_a_100_column_roster_imports_its_columns_and_names_the_others(
    world, django_capture_on_commit_callbacks
):
    # given: the roster's columns among 97 others
    content = hostile.wide_xlsx(100, HEADERS, [ROW])
    # when: the page's job checks it
    job = _job(world, "名册.xlsx", content, django_capture_on_commit_callbacks)
    # then: the 97 other columns are named as not imported
    assert (job.status, job.valid_rows) == (ImportStatus.VALIDATED, 1)
    assert job.unused_columns == [f"第{n}列" for n in range(4, 101)]
    # when: imported
    report = roster_import(content=content, org=world.org_a, actor=world.org_admin, mode=ImportMode.ALL)
    # then
    assert (report.rows, report.created, report.errors) == (1, 1, [])
    assert Member.objects.filter(name="张三", phone="13800000007").exists()

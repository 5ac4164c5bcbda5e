"""组织导入 against hostile files (issue 13 item 19): an empty file, a renamed executable, a file over the upload
limit, an xlsx zip bomb, formula cells (=1+1, =HYPERLINK, =cmd| DDE), GBK / GB18030 / UTF-8 CSV with or without a
byte-order mark, 100 columns. Each is refused with a Chinese message (naming row and column where one applies)
and nothing is written: no org, no org timeline row, no audit entry."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.models import AuditLog, TimelineEntry
from gonghui.orgs.models import CoveredUnit, Org
from gonghui.spreadsheets.choices import ImportStatus
from gonghui.spreadsheets.models import ImportJob
from gonghui.spreadsheets.services import MAX_UPLOAD_BYTES, import_job_create
from tests import hostile_files as hostile

pytestmark = pytest.mark.django_db

HEADERS = ["组织编码", "工会名称", "上级组织编码", "层级", "所在单位"]
ROW = ["CX20", "甲县第二十中学工会", "CX", "基层工会", "甲县第二十中学"]
UNREADABLE = "无法读取该文件，请上传 .xlsx 或 .xls 格式的 Excel 文件"
TEXT = "无法读取该文件：这是文本文件（CSV 或 TXT），不是 Excel 工作簿，请用 Excel 或 WPS 打开后另存为 .xlsx 再导入"
PASTE_VALUES = "是公式：请选中这些单元格，复制后“选择性粘贴为数值”，再导入"
BOMB = "文件解压后超过 200 MB，无法读取：请确认文件来源，或把数据复制到新建的工作簿中再导入"
CSV_ROWS = [HEADERS, ROW]

# (case, the file's bytes, the job's message) — named 组织.xlsx, as a person would rename a file to upload it
REFUSED_BY_THE_JOB = [
    ("a Windows executable", hostile.renamed_executable("pe"), UNREADABLE),
    ("a Linux executable", hostile.renamed_executable("elf"), UNREADABLE),
    ("GBK CSV", hostile.gbk_csv(CSV_ROWS), TEXT),
    ("GB18030 CSV with its BOM", hostile.gbk_csv(CSV_ROWS, bom=True), TEXT),
    ("UTF-8 CSV with a BOM", hostile.utf8_csv(CSV_ROWS), TEXT),
    (
        "=1+1 as a code",
        hostile.formula_xlsx(HEADERS, [ROW, ["=1+1", "甲县第二十一中学工会", "CX", "基层工会", "某校"]]),
        f"第 3 行“组织编码”列{PASTE_VALUES}",
    ),
    (
        "=HYPERLINK as a name",
        hostile.formula_xlsx(
            HEADERS, [["CX21", '=HYPERLINK("http://example.invalid/","点击领取")', "CX", "基层工会", "某校"]]
        ),
        f"第 2 行“工会名称”列{PASTE_VALUES}",
    ),
    (
        "a DDE call as the unit",
        hostile.formula_xlsx(HEADERS, [[*ROW[:4], "=cmd|' /C calc'!A0"]]),
        f"第 2 行“所在单位”列{PASTE_VALUES}",
    ),
    (
        "100 columns none the importer's",
        hostile.wide_xlsx(100, rows=[["x"]]),
        "没有找到表头行：前 10 行中没有可识别的列名",
    ),
    (
        "100 columns without the parent and level",
        hostile.wide_xlsx(100, ["组织编码", "工会名称", "所在单位"], [["CX22", "某工会", "某校"]]),
        "缺少必填列：上级组织编码、层级",
    ),
]


@pytest.fixture
def county_admin(world):
    from conftest import make_cadre

    return make_cadre("county_x_admin", world.county_x)


@pytest.fixture
def nothing_written(world):
    """Asserts, after the test, that no org, covered unit, org timeline row or audit entry was added."""
    org_type = ContentType.objects.get_for_model(Org)

    def counts():
        return (
            Org.objects.count(),
            CoveredUnit.objects.count(),
            TimelineEntry.objects.filter(content_type=org_type).count(),
            AuditLog.objects.count(),
        )

    before = counts()
    yield
    assert counts() == before


def _job(world, actor, name, content, capture) -> ImportJob:
    with capture(execute=True):
        job = import_job_create(
            kind="orgs", org=world.county_x, actor=actor, upload=SimpleUploadedFile(name, content)
        )
    job.refresh_from_db()
    return job


@pytest.mark.parametrize(
    ("_case", "name", "content", "message"),
    [
        ("empty", "组织.xlsx", hostile.empty(), "文件是空的"),
        (
            "over the size limit",
            "组织.xlsx",
            hostile.oversize(MAX_UPLOAD_BYTES + 1),
            "文件超过 20 MB，请拆分后分批导入",
        ),
        (
            "a CSV by its name",
            "组织.csv",
            hostile.gbk_csv(CSV_ROWS, bom=True),
            "请上传 Excel 文件（.xlsx 或 .xls）",
        ),
        (
            "an executable by its name",
            "组织.exe",
            hostile.renamed_executable("pe"),
            "请上传 Excel 文件（.xlsx 或 .xls）",
        ),
    ],
)
def test_the_upload_refuses_in_chinese_on_the_file_field(
    world, county_admin, nothing_written, _case, name, content, message
):
    with pytest.raises(ValidationError) as refused:
        import_job_create(
            kind="orgs", org=world.county_x, actor=county_admin, upload=SimpleUploadedFile(name, content)
        )
    assert refused.value.message_dict == {"file": [message]}
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(("_case", "content", "message"), REFUSED_BY_THE_JOB)
def test_the_job_fails_with_a_chinese_reason_and_nothing_to_confirm(
    world, county_admin, nothing_written, django_capture_on_commit_callbacks, _case, content, message
):
    job = _job(world, county_admin, "组织.xlsx", content, django_capture_on_commit_callbacks)
    assert (job.status, job.message, job.valid_rows, job.preview) == (ImportStatus.FAILED, message, 0, [])


def test_a_zip_bomb_is_refused(world, county_admin, nothing_written, django_capture_on_commit_callbacks):
    job = _job(world, county_admin, "组织.xlsx", hostile.zip_bomb_xlsx(), django_capture_on_commit_callbacks)
    assert (job.status, job.message) == (ImportStatus.FAILED, BOMB)


def test_formula_looking_text_is_refused_per_cell(
    world, county_admin, nothing_written, django_capture_on_commit_callbacks
):
    # given: text cells (not formulas) that Excel would run if typed: they are reported, never imported
    content = hostile.xlsx(HEADERS, [["CX23", "=1+1", "CX", "基层工会", "@SUM(A1)"]])
    job = _job(world, county_admin, "组织.xlsx", content, django_capture_on_commit_callbacks)
    assert (job.status, job.valid_rows) == (ImportStatus.VALIDATED, 0)
    assert job.errors == [
        [2, "工会名称", "工会名称不能以 = + - @ 开头"],
        [2, "所在单位", "所在单位不能以 = + - @ 开头"],
    ]


def test_100_columns_with_the_importers_among_them_validate_and_name_the_others(
    world, county_admin, nothing_written, django_capture_on_commit_callbacks
):
    job = _job(
        world,
        county_admin,
        "组织.xlsx",
        hostile.wide_xlsx(100, HEADERS, [ROW]),
        django_capture_on_commit_callbacks,
    )
    assert (job.status, job.valid_rows) == (ImportStatus.VALIDATED, 1)
    assert job.unused_columns == [f"第{n}列" for n in range(6, 101)]

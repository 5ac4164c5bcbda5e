"""组织导入 / 组织导出 through the shared Excel pipeline: every kind of bad cell, parents in the file,
all-or-nothing commits, direct and background exports with formula escaping."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import make_cadre
from gonghui.core.excel import SheetSpec, read_rows, workbook_bytes
from gonghui.core.models import AuditAction, AuditLog, TimelineEntry
from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.spreadsheets import services as sheet_services
from gonghui.spreadsheets.choices import ExportStatus, ImportMode, ImportStatus
from gonghui.spreadsheets.models import ExportJob, ImportJob
from gonghui.spreadsheets.selectors import importer_for
from gonghui.spreadsheets.services import import_job_commit_request, import_job_create

pytestmark = pytest.mark.django_db

# Columns deliberately out of order, with aliases, under a title row.
HEADERS = [
    "工会名称*",
    "编码",
    "上级编码",
    "层级",
    "工作单位",
    "行业",
    "单位类别",
    "在编人数",
    "联系电话",
    "民办",
    "统一社会信用代码",
]


def _valid_credit_code() -> str:
    from gonghui.orgs.validators import uscc_check_char

    first17 = "12410802MB0000001"
    return first17 + uscc_check_char(first17)


ROWS = [
    # 3: valid, under an existing county in scope
    [
        "甲县第二中学工会",
        "CX02",
        "CX",
        "基层工会",
        "甲县第二中学",
        "教育",
        "事业单位",
        "１２",
        13800000000.0,
        "否",
        _valid_credit_code(),
    ],
    # 4: valid branch whose parent is the row above (parent in the file)
    ["甲县第二中学初中部分工会", "CX02-F1", "CX02", "分工会", "甲县第二中学", "P", "400", 3, "", "", ""],
    # 5: empty row — skipped
    ["", "", "", "", "", "", "", "", "", "", ""],
    # 6: bad code, unknown category, negative headcount, bad phone, bad yes/no
    ["坏数据工会", "jfq 01", "CX", "基层工会", "某单位", "教育", "外星单位", "-3", "12345", "也许", ""],
    # 7: existing code, name missing
    ["", "ORGA", "CX", "基层工会", "某单位", "", "", "", "", "", ""],
    # 8: duplicate code of row 3
    ["另一个工会", "CX02", "CX", "基层工会", "某单位", "", "", "", "", "", ""],
    # 9: credit code with a wrong check character
    ["校验位错误工会", "CX09", "CX", "基层工会", "某单位", "", "", "", "", "", "12410802MB00000019"],
    # 10: parent outside the uploader's subtree (org B's county)
    ["越权工会", "CX10", "CY", "基层工会", "某单位", "", "", "", "", "", ""],
    # 11: a child of the bad row 6 (its code became JFQ 01, invalid)
    ["受牵连工会", "CX11", "CX09", "分工会", "某单位", "", "", "", "", "", ""],
    # 12: level conflict: a grassroots union under a grassroots union
    ["层级错误工会", "CX12", "ORGA", "基层工会", "某单位", "", "", "", "", "", ""],
    # 13 & 14: a cycle
    ["循环甲", "CX13", "CX14", "分工会", "某单位", "", "", "", "", "", ""],
    ["循环乙", "CX14", "CX13", "分工会", "某单位", "", "", "", "", "", ""],
    # 15: city level may not be imported
    ["市级工会", "CX15", "CX", "市级产业工会", "某单位", "", "", "", "", "", ""],
]


def _file(rows=ROWS, headers=HEADERS) -> SimpleUploadedFile:
    content = workbook_bytes([SheetSpec("组织", headers, rows, notes=["甲县组织导入"])])
    return SimpleUploadedFile("组织导入.xlsx", content)


@pytest.fixture
def county_admin(world):
    return make_cadre("county_x_admin", world.county_x)


def _run(job_kwargs, django_capture_on_commit_callbacks) -> ImportJob:
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(**job_kwargs)
    job.refresh_from_db()
    return job


def test_every_bad_cell_is_reported_with_row_column_and_reason(
    world, county_admin, django_capture_on_commit_callbacks
):
    # when: a county admin uploads the file
    job = _run(
        {"kind": "orgs", "org": world.county_x, "actor": county_admin, "upload": _file()},
        django_capture_on_commit_callbacks,
    )
    # then: validated, two rows importable, every problem named
    assert job.status == ImportStatus.VALIDATED
    assert (job.total_rows, job.valid_rows) == (12, 2)
    assert [row[:2] for row in job.preview] == [["3", "CX02"], ["4", "CX02-F1"]]
    errors = {(r, c, m) for r, c, m in job.errors}
    expected = {
        (6, "组织编码", "组织编码须以大写字母开头，由2–20位大写字母、数字或短横线组成"),
        (
            6,
            "单位类别",
            "“外星单位”不在单位类别代码表中；可填写：国有、集体、股份合作、联营、国有独资公司、其他有限责任公司、"
            "国有控股股份有限公司、其他股份有限公司、私营、其他内资、港澳台投资、外商投资、事业单位、机关、个体、"
            "民办非企业单位（常用简称和代码也可）",
        ),
        (6, "在编职工数", "应为非负整数，当前为“-3”"),
        (6, "联系电话", "请输入11位中国大陆手机号"),
        (6, "是否民办", "请填写“是”或“否”"),
        (7, "工会名称", "必填，不能为空"),
        (7, "组织编码", "组织编码 ORGA 已存在"),
        (8, "组织编码", "与第 3 行的组织编码重复"),
        (9, "统一社会信用代码", "统一社会信用代码校验位不正确，请核对"),
        (10, "上级组织编码", "上级组织编码 CY 不存在，或不在“导入到”的组织及其下级之中"),
        (11, "上级组织编码", "上级组织 CX09 所在行有问题，本行无法导入"),
        (12, "上级组织编码", "“基层工会”不能设在上级组织 ORGA 之下"),
        (13, "上级组织编码", "上级组织编码形成循环引用"),
        (14, "上级组织编码", "上级组织编码形成循环引用"),
        (15, "层级", "层级应为 县区工会、基层工会 或 分工会/工会小组"),
    }
    assert errors == expected
    assert job.error_count == len(expected)
    # and nothing was written yet
    assert not Org.objects.filter(code__startswith="CX0").exists()


def test_commit_creates_the_valid_rows_parents_first(world, county_admin, django_capture_on_commit_callbacks):
    job = _run(
        {"kind": "orgs", "org": world.county_x, "actor": county_admin, "upload": _file()},
        django_capture_on_commit_callbacks,
    )
    with django_capture_on_commit_callbacks(execute=True):
        import_job_commit_request(job=job, actor=county_admin, mode=ImportMode.VALID)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert job.imported_rows == 2
    school = Org.objects.get(code="CX02")
    branch = Org.objects.get(code="CX02-F1")
    assert Org.objects.get_parent(school) == world.county_x
    assert Org.objects.get_parent(branch) == school
    assert (school.headcount_established, school.contact_phone, school.industry, school.unit_category) == (
        12,
        "13800000000",
        "P",
        "400",
    )
    assert TimelineEntry.objects.get(object_id=str(school.pk)).note == "上级组织：甲县教育工会；由 Excel 导入"
    assert AuditLog.objects.get(action=AuditAction.ADMIN_EDIT, object_id=str(job.pk)).summary == (
        "导入组织导入 2 行（文件 组织导入.xlsx）"
    )


def test_a_failing_commit_writes_nothing(
    world, county_admin, django_capture_on_commit_callbacks, monkeypatch
):
    job = _run(
        {"kind": "orgs", "org": world.county_x, "actor": county_admin, "upload": _file()},
        django_capture_on_commit_callbacks,
    )
    importer = importer_for("orgs")
    original = type(importer).commit

    def commit_then_fail(self, *, payloads, org, user, progress):
        original(self, payloads=payloads[:1], org=org, user=user, progress=progress)
        raise ValidationError("磁盘已满")

    monkeypatch.setattr(type(importer), "commit", commit_then_fail)
    with django_capture_on_commit_callbacks(execute=True):
        import_job_commit_request(job=job, actor=county_admin, mode=ImportMode.VALID)
    job.refresh_from_db()
    assert (job.status, job.message) == (ImportStatus.FAILED, "磁盘已满")
    assert not Org.objects.filter(code="CX02").exists()


def test_missing_required_columns_fail_the_whole_file(
    world, county_admin, django_capture_on_commit_callbacks
):
    upload = _file(rows=[["某工会", "CX20"]], headers=["工会名称", "组织编码"])
    job = _run(
        {"kind": "orgs", "org": world.county_x, "actor": county_admin, "upload": upload},
        django_capture_on_commit_callbacks,
    )
    assert job.status == ImportStatus.FAILED
    assert job.message == "缺少必填列：上级组织编码、层级、所在单位"


def test_upload_checks_type_and_permission(world, county_admin, org_member):
    with pytest.raises(ValidationError) as exc:
        import_job_create(
            kind="orgs", org=world.county_x, actor=county_admin, upload=SimpleUploadedFile("a.csv", b"x,y")
        )
    assert exc.value.message_dict == {"file": ["请上传 Excel 文件（.xlsx 或 .xls）"]}
    with pytest.raises(PermissionDenied):
        import_job_create(kind="orgs", org=world.county_y, actor=county_admin, upload=_file())
    assert ImportJob.objects.count() == 0


def test_the_pages_walk_through_upload_preview_commit_and_error_report(
    client, world, county_admin, django_capture_on_commit_callbacks
):
    client.force_login(county_admin)
    start = reverse("spreadsheets:import_start", args=["orgs"])
    assert "下载导入模板" in client.get(start).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(start, {"org": world.county_x.pk, "file": _file()})
    job = ImportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "导入无误的 2 行" in page
    assert 'data-error-count="15"' in page
    report = client.post(reverse("spreadsheets:import_job_errors", args=[job.public_id]))
    rows = read_rows(report.content, sheet="问题清单")
    assert rows[0] == ["原行号", "列", "问题"]
    assert rows[1] == [6.0, "组织编码", "组织编码须以大写字母开头，由2–20位大写字母、数字或短横线组成"]
    assert len(rows) == 16
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("spreadsheets:import_job_commit", args=[job.public_id]), {"mode": "valid"})
    assert 'data-status="done"' in client.get(job.get_absolute_url()).content.decode()


def test_template_has_chinese_headers_and_instructions(client, org_admin):
    client.force_login(org_admin)
    response = client.get(reverse("spreadsheets:import_template", args=["orgs"]))
    rows = read_rows(response.content)
    assert rows[0][:5] == ["组织编码*", "工会名称*", "上级组织编码*", "层级*", "所在单位*"]
    assert read_rows(response.content, sheet="填写说明")[1][0] == "列名"


def test_small_export_downloads_directly_with_formula_cells_as_text(client, world):
    # given: a union whose name starts like a formula
    OrgFactory.create(parent=world.org_a, code="EVIL", name='=HYPERLINK("http://x")工会', level="branch")
    client.force_login(world.org_admin)
    # when
    response = client.post(reverse("spreadsheets:export_start", args=["orgs"]))
    # then: an xlsx of org A's subtree, the formula-like name stored as a shared string
    rows = read_rows(response.content)
    assert rows[0][:3] == ["组织编码", "工会名称", "上级组织编码"]
    assert [r[0] for r in rows[1:]] == ["ORGA", "EVIL"]
    sheet_xml = zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    assert AuditLog.objects.get(action=AuditAction.EXPORT).summary == "导出组织列表 2 行"


def test_large_export_runs_as_a_job_with_a_download_link(
    client, world, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(sheet_services, "DIRECT_EXPORT_MAX_ROWS", 0)
    client.force_login(world.org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("spreadsheets:export_start", args=["orgs"]))
    job = ExportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.status == ExportStatus.DONE
    page = client.get(job.get_absolute_url()).content.decode()
    assert "下载文件" in page
    download = client.get(reverse("spreadsheets:export_job_download", args=[job.public_id]))
    assert [r[0] for r in read_rows(download.content)] == ["组织编码", "ORGA"]

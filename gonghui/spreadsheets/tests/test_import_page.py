"""The import page as a union uses it (issue 13, item 2): the template beside the upload, 导入到 starting at the
current org, the only enabled mode preselected, the columns the importer does not read listed, every code-value
correction shown grouped on the preview, and the error report — the original rows plus 错误说明, which imports again
once corrected — downloaded by the uploader only, audited, never cached, and deleted with the job after 7 days."""

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from conftest import make_cadre
from gonghui.accounts.identity import resident_id_check_char
from gonghui.accounts.roles import UNION_ADMIN
from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.accounts.workspace import SESSION_CURRENT_ORG
from gonghui.core.choices import AuditAction
from gonghui.core.excel import SheetSpec, read_rows, workbook_bytes
from gonghui.core.models import AuditLog, TimelineEntry
from gonghui.core.registry import scheduled_jobs
from gonghui.spreadsheets.choices import ImportStatus
from gonghui.spreadsheets.error_reports import IMPORT_JOB_KEEP_DAYS, import_jobs_purge
from gonghui.spreadsheets.models import ImportJob
from gonghui.spreadsheets.services import import_job_create

pytestmark = pytest.mark.django_db

ROSTER_HEADERS = ["姓名", "身份证号", "工作单位/部门", "用工性质", "备注"]


def _id(n: int) -> str:
    first17 = f"41081119900301{n:03d}"
    return first17 + resident_id_check_char(first17)


def _roster(rows, headers=ROSTER_HEADERS) -> SimpleUploadedFile:
    return SimpleUploadedFile("名册.xlsx", workbook_bytes([SheetSpec("名册", headers, rows)]))


def _roster_job(world, capture, rows, headers=ROSTER_HEADERS) -> ImportJob:
    with capture(execute=True):
        job = import_job_create(
            kind="members", org=world.org_a, actor=world.org_admin, upload=_roster(rows, headers)
        )
    job.refresh_from_db()
    return job


CONTRACT_ROWS = [
    ["张三", _id(1), "语文组", "合同制", "班主任"],
    ["李四", _id(2), "数学组", "合同制", ""],
    ["王五", _id(3), "英语组", "临时聘用", ""],
    ["赵六", _id(4), "", "编外", ""],
]


# ---- the upload form --------------------------------------------------------------------------------------


def test_the_upload_form_starts_at_the_current_org_without_an_empty_choice_and_offers_the_template(
    client, world
):
    county_admin = make_cadre("county_x_admin", world.county_x)
    RoleGrantFactory.create(
        user=county_admin, role=UNION_ADMIN, org=world.org_b
    )  # the console may switch to 乙
    client.force_login(county_admin)
    url = reverse("spreadsheets:import_start", args=["orgs"])
    page = client.get(url).content.decode()
    start = page.index('<select name="org"')
    select = page[start : page.index("</select>", start)]
    assert "---" not in select
    assert "Select" not in select
    assert re.search(rf'<option value="{world.county_x.pk}" selected>', select)
    start = page.index('<form method="post" enctype="multipart/form-data"')
    form = page[start : page.index("</form>", start)]
    assert f'href="{reverse("spreadsheets:import_template", args=["orgs"])}"' in form
    assert "下载导入模板" in form
    # switching the console to 乙 moves the default with it
    session = client.session
    session[SESSION_CURRENT_ORG] = world.org_b.pk
    session.save()
    page = client.get(url).content.decode()
    assert re.search(rf'<option value="{world.org_b.pk}" selected>', page)


def test_the_template_carries_a_code_sheet_of_every_value_the_roster_accepts(client, world):
    client.force_login(world.org_admin)
    content = client.get(reverse("spreadsheets:import_template", args=["members"])).content
    assert CalamineWorkbook.from_filelike(io.BytesIO(content)).sheet_names == [
        "会员名册导入",
        "填写说明",
        "代码表",
    ]
    codes = read_rows(content, sheet="代码表")
    assert codes[1] == ["列", "可填写的值", "代码", "也可写作"]
    assert ["用工性质", "非在编", "contract", "合同制、人事代理、编外"] in codes
    assert ["用工性质", "其他", "other", "退休返聘、临时"] in codes
    assert ["性别", "女", "", ""] in codes


# ---- after the check: unused columns, corrections, the mode --------------------------------------------------


def test_columns_the_importer_does_not_read_are_listed_on_the_job_page(
    client, world, django_capture_on_commit_callbacks
):
    job = _roster_job(world, django_capture_on_commit_callbacks, CONTRACT_ROWS[:1])
    assert job.unused_columns == ["工作单位/部门", "备注"]
    client.force_login(world.org_admin)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "以下列未导入：<strong>工作单位/部门</strong>、<strong>备注</strong>" in page


def test_a_file_with_only_known_columns_lists_none(client, world, django_capture_on_commit_callbacks):
    job = _roster_job(
        world, django_capture_on_commit_callbacks, [["张三", _id(1)]], headers=["姓名", "身份证号"]
    )
    assert job.unused_columns == []
    client.force_login(world.org_admin)
    assert "以下列未导入" not in client.get(job.get_absolute_url()).content.decode()


def test_code_values_are_shown_as_corrections_and_an_unknown_one_names_the_allowed_values(
    client, world, django_capture_on_commit_callbacks
):
    job = _roster_job(world, django_capture_on_commit_callbacks, CONTRACT_ROWS)
    assert job.errors == [
        [
            4,
            "用工性质",
            "“临时聘用”不在用工性质代码表中；可填写：在编（编制内、在编人员）、非在编（合同制、人事代理、编外）、"
            "劳务派遣（派遣）、其他（退休返聘、临时），或其代码",
        ]
    ]
    employment = [item for item in job.normalised_summary if item["field"] == "用工性质"]
    assert employment == [
        {"field": "用工性质", "from": "合同制", "to": "非在编", "count": 2, "rows": [2, 3], "varies": False},
        {"field": "用工性质", "from": "编外", "to": "非在编", "count": 1, "rows": [5], "varies": False},
    ]
    client.force_login(world.org_admin)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "自动规范（共 3 处，请核对）" in page
    assert "<td>用工性质</td><td>合同制</td><td>非在编</td><td>2</td><td>2、3</td>" in page


def test_identity_corrections_are_summarised_masked(world, django_capture_on_commit_callbacks):
    rows = [[f"会员{n}", _id(n).lower() if n % 2 else f" {_id(n)} "] for n in range(1, 15)]
    rows = [r for r in rows if r[1].strip() != r[1] or r[1] != r[1].upper()]
    job = _roster_job(world, django_capture_on_commit_callbacks, rows, headers=["姓名", "身份证号"])
    (summary,) = job.normalised_summary
    assert summary["field"] == "证件号码"
    assert summary["varies"] is True
    assert summary["count"] == len(rows)
    assert "*" in summary["from"]
    assert _id(1) not in str(job.normalised_summary)


def test_with_problems_the_only_enabled_mode_is_preselected(
    client, world, django_capture_on_commit_callbacks
):
    job = _roster_job(world, django_capture_on_commit_callbacks, CONTRACT_ROWS)
    client.force_login(world.org_admin)
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'name="mode" value="all" disabled>' in page
    assert 'name="mode" value="valid" checked>' in page
    clean = _roster_job(world, django_capture_on_commit_callbacks, CONTRACT_ROWS[:1])
    page = client.get(clean.get_absolute_url()).content.decode()
    assert 'name="mode" value="all">' in page  # both enabled: the uploader chooses
    assert 'name="mode" value="valid">' in page


# ---- the error report ---------------------------------------------------------------------------------------


def test_the_error_report_is_audited_never_cached_and_a_post(
    client, world, django_capture_on_commit_callbacks
):
    job = _roster_job(world, django_capture_on_commit_callbacks, CONTRACT_ROWS)
    client.force_login(world.org_admin)
    url = reverse("spreadsheets:import_job_errors", args=[job.public_id])
    assert client.get(url).status_code == 405
    assert not AuditLog.objects.filter(action=AuditAction.EXPORT).exists()
    page = client.get(job.get_absolute_url()).content.decode()
    assert f'<form method="post" action="{url}" data-error-report>' in page
    response = client.post(url, REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    audit = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert (audit.actor_id, audit.org_id, audit.object_id, audit.ip_address) == (
        world.org_admin.pk,
        world.org_a.pk,
        str(job.pk),
        "10.0.0.7",
    )
    assert audit.summary == "下载会员名册导入错误报告（1 行，文件 名册.xlsx）"
    rows = read_rows(response.content)
    assert rows == [
        [*ROSTER_HEADERS, "错误说明"],
        [
            "王五",
            _id(3),
            "英语组",
            "临时聘用",
            "",
            "原第 4 行 · " + "用工性质：" + job.errors[0][2],
        ],
    ]


def test_the_corrected_error_report_imports_again(client, world, django_capture_on_commit_callbacks):
    job = _roster_job(world, django_capture_on_commit_callbacks, CONTRACT_ROWS)
    client.force_login(world.org_admin)
    report = read_rows(client.post(reverse("spreadsheets:import_job_errors", args=[job.public_id])).content)
    header, bad = report[0], report[1]
    bad[header.index("用工性质")] = "其他"
    corrected = _roster_job(world, django_capture_on_commit_callbacks, [bad], headers=header)
    assert (corrected.status, corrected.error_count, corrected.valid_rows) == (ImportStatus.VALIDATED, 0, 1)
    assert corrected.unused_columns == ["工作单位/部门", "备注"]  # 错误说明 is the report's own column


def test_a_job_without_problems_has_no_error_report(client, world, django_capture_on_commit_callbacks):
    job = _roster_job(world, django_capture_on_commit_callbacks, CONTRACT_ROWS[:1])
    client.force_login(world.org_admin)
    response = client.post(reverse("spreadsheets:import_job_errors", args=[job.public_id]), follow=True)
    assert "本次导入没有发现问题，没有错误报告" in response.content.decode()
    assert not AuditLog.objects.filter(action=AuditAction.EXPORT).exists()


# ---- 7 days -------------------------------------------------------------------------------------------------


def test_jobs_are_deleted_with_their_file_and_timeline_after_seven_days(
    world, django_capture_on_commit_callbacks
):
    old = _roster_job(world, django_capture_on_commit_callbacks, CONTRACT_ROWS)
    recent = _roster_job(world, django_capture_on_commit_callbacks, CONTRACT_ROWS[:1])
    running = _roster_job(world, django_capture_on_commit_callbacks, CONTRACT_ROWS[:1])
    long_ago = timezone.now() - dt.timedelta(days=IMPORT_JOB_KEEP_DAYS, minutes=1)
    ImportJob.objects.filter(pk__in=[old.pk, running.pk]).update(created_at=long_ago)
    ImportJob.objects.filter(pk=running.pk).update(status=ImportStatus.COMMITTING)
    storage, name = old.file.storage, str(old.file.name)
    assert storage.exists(name)
    assert "spreadsheets.purge_imports" in scheduled_jobs
    call_command("run_due_jobs", "--only", "spreadsheets.purge_imports", verbosity=0)
    assert set(ImportJob.objects.values_list("pk", flat=True)) == {recent.pk, running.pk}
    assert not storage.exists(name)
    assert not TimelineEntry.objects.filter(object_id=str(old.pk), content_type__model="importjob").exists()
    assert import_jobs_purge() == "没有超过 7 天的导入任务"


def test_optional_columns_missing_from_the_file_are_named_with_the_value_they_default_to(
    client, world, django_capture_on_commit_callbacks
):
    job = _roster_job(
        world, django_capture_on_commit_callbacks, [["张三", _id(1)]], headers=["姓名", "身份证号"]
    )
    assert job.defaulted_columns == [
        ["证件类型", "居民身份证"],
        ["工作单位", "“导入到”的组织"],
        ["用工性质", "在编"],
        ["入会日期", "导入当天"],
    ]
    client.force_login(world.org_admin)
    page = client.get(job.get_absolute_url()).content.decode()
    assert (
        "文件中没有以下列，全部按默认值导入：证件类型 → 居民身份证；工作单位 → “导入到”的组织；用工性质 → 在编；入会日期 → 导入当天"
        in page
    )
    full = _roster_job(world, django_capture_on_commit_callbacks, CONTRACT_ROWS[:1])
    # 工作单位/部门 is not 工作单位: listed as not imported, and 工作单位 as defaulted
    assert full.defaulted_columns == [
        ["证件类型", "居民身份证"],
        ["工作单位", "“导入到”的组织"],
        ["入会日期", "导入当天"],
    ]

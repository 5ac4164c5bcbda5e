"""The job reads and the run bookkeeping, tested directly: a job is its uploader's only, the stored error report
and preview are capped and read back as rows, which states count as running, and the heartbeat age and beat
interval the job page and the worker use."""

import time
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from conftest import make_cadre
from gonghui.core.excel import RowError, SheetSpec, workbook_bytes
from gonghui.spreadsheets import services
from gonghui.spreadsheets.choices import ExportStatus, ImportStatus
from gonghui.spreadsheets.liveness import (
    beat_interval,
    heartbeat_age,
    heartbeat_at,
    heartbeat_set,
    stale_after,
)
from gonghui.spreadsheets.models import ExportJob, ImportJob
from gonghui.spreadsheets.selectors import (
    export_job_get_for_user,
    import_job_error_rows,
    import_job_get_for_user,
    import_job_list_for_user,
)
from gonghui.spreadsheets.services import import_job_create

pytestmark = pytest.mark.django_db

HEADERS = ["组织编码", "工会名称", "上级组织编码", "层级", "所在单位"]
GOOD = [[f"CX{n:02d}", f"甲县第{n}中学工会", "CX", "基层工会", f"甲县第{n}中学"] for n in range(2, 6)]
BAD = [[f"CY{n:02d}", f"甲县第{n}小学工会", "NOPE", "基层工会", f"甲县第{n}小学"] for n in range(2, 5)]


@pytest.fixture
def admin(world):
    return make_cadre("county_x_admin", world.county_x)


@pytest.fixture
def colleague(world):
    return make_cadre("county_x_second_admin", world.county_x)


def _upload(world, actor, rows, capture, name="组织.xlsx") -> ImportJob:
    content = workbook_bytes([SheetSpec("组织", HEADERS, rows)])
    with capture(execute=True):
        job = import_job_create(
            kind="orgs", org=world.county_x, actor=actor, upload=SimpleUploadedFile(name, content)
        )
    job.refresh_from_db()
    return job


# ---- a job is its uploader's only ---------------------------------------------------------------------------


def test_an_import_job_is_read_by_its_uploader_only(
    world, admin, colleague, django_capture_on_commit_callbacks
):
    # given
    job = _upload(world, admin, GOOD, django_capture_on_commit_callbacks)
    # then
    assert import_job_get_for_user(user=admin, public_id=job.public_id) == job
    assert import_job_get_for_user(user=admin, public_id=str(job.public_id)) == job
    with pytest.raises(Http404):
        import_job_get_for_user(user=colleague, public_id=job.public_id)
    with pytest.raises(Http404):
        import_job_get_for_user(user=admin, public_id=uuid.uuid4())


def test_the_job_list_holds_the_users_jobs_of_one_kind_newest_first(
    world, admin, colleague, django_capture_on_commit_callbacks
):
    # given two uploads by the admin, one by a colleague, and a job of another kind
    first = _upload(world, admin, GOOD, django_capture_on_commit_callbacks, name="第一批.xlsx")
    second = _upload(world, admin, GOOD, django_capture_on_commit_callbacks, name="第二批.xlsx")
    _upload(world, colleague, GOOD, django_capture_on_commit_callbacks)
    ImportJob.objects.create(kind="members", org=world.county_x, created_by=admin, file_name="会员.xlsx")
    # then
    assert list(import_job_list_for_user(user=admin, kind="orgs")) == [second, first]
    assert [j.file_name for j in import_job_list_for_user(user=colleague, kind="orgs")] == ["组织.xlsx"]
    assert list(import_job_list_for_user(user=colleague, kind="members")) == []


def test_an_export_job_is_read_by_its_creator_only(admin, colleague):
    # given
    job = ExportJob.objects.create(kind="orgs", created_by=admin, file_name="组织列表.xlsx", total_rows=3)
    # then
    assert export_job_get_for_user(user=admin, public_id=job.public_id) == job
    with pytest.raises(Http404):
        export_job_get_for_user(user=colleague, public_id=job.public_id)
    with pytest.raises(Http404):
        export_job_get_for_user(user=admin, public_id=uuid.uuid4())


# ---- the stored report --------------------------------------------------------------------------------------


def test_the_error_report_reads_back_as_rows_and_stores_at_most_the_cap(
    world, admin, monkeypatch, django_capture_on_commit_callbacks
):
    # given a cap of two stored problems
    monkeypatch.setattr(services, "MAX_STORED_ERRORS", 2)
    # when a file with three problems is checked
    job = _upload(world, admin, [*GOOD, *BAD], django_capture_on_commit_callbacks)
    # then every problem is counted, the first two are kept and read back as rows
    assert (job.status, job.error_count, len(job.errors)) == (ImportStatus.VALIDATED, 3, 2)
    message = "上级组织编码 NOPE 不存在，或不在“导入到”的组织及其下级之中"
    assert import_job_error_rows(job) == [
        RowError(row=6, column="上级组织编码", message=message),
        RowError(row=7, column="上级组织编码", message=message),
    ]


def test_a_job_without_problems_has_an_empty_report(world, admin, django_capture_on_commit_callbacks):
    job = _upload(world, admin, GOOD, django_capture_on_commit_callbacks)
    assert (job.error_count, import_job_error_rows(job)) == (0, [])


def test_the_preview_keeps_the_first_valid_rows(
    world, admin, monkeypatch, django_capture_on_commit_callbacks
):
    # given
    monkeypatch.setattr(services, "PREVIEW_ROWS", 2)
    # when
    job = _upload(world, admin, GOOD, django_capture_on_commit_callbacks)
    # then
    assert job.valid_rows == 4
    assert job.preview == [
        ["2", "CX02", "甲县第2中学工会", "CX", "基层工会", "甲县第2中学"],
        ["3", "CX03", "甲县第3中学工会", "CX", "基层工会", "甲县第3中学"],
    ]


# ---- states and the run record -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "running"),
    [
        (ImportStatus.VALIDATING, True),
        (ImportStatus.VALIDATED, False),
        (ImportStatus.COMMITTING, True),
        (ImportStatus.DONE, False),
        (ImportStatus.FAILED, False),
        (ImportStatus.CANCELLED, False),
    ],
)
def test_an_import_is_running_while_it_validates_or_commits(status, running):
    assert ImportJob(status=status).is_running is running


@pytest.mark.parametrize(
    ("status", "running"),
    [
        (ExportStatus.RUNNING, True),
        (ExportStatus.DONE, False),
        (ExportStatus.FAILED, False),
        (ExportStatus.CANCELLED, False),
    ],
)
def test_an_export_is_running_until_it_ends(status, running):
    assert ExportJob(status=status).is_running is running


def test_a_run_has_started_once_a_worker_recorded_its_process():
    assert ImportJob().worker_started is False
    assert ImportJob(worker_host="worker-1", worker_pid=4242).worker_started is True


def test_the_heartbeat_age_counts_from_the_last_beat_of_the_current_attempt(admin):
    # given
    job = ExportJob.objects.create(kind="orgs", created_by=admin, file_name="组织列表.xlsx", attempt=2)
    # then no beat yet
    assert heartbeat_age("export", job) is None
    # when a beat of an earlier attempt arrives, it does not count
    heartbeat_set("export", job.pk, attempt=1)
    assert heartbeat_age("export", job) is None
    # when the current attempt beats
    heartbeat_set("export", job.pk, attempt=2)
    age = heartbeat_age("export", job)
    assert age is not None
    assert 0 <= age <= 1
    # and an import job with the same id is a different job
    assert heartbeat_age("import", job) is None


def test_the_heartbeat_age_grows_while_no_beat_arrives(admin, monkeypatch):
    job = ExportJob.objects.create(kind="orgs", created_by=admin, file_name="组织列表.xlsx", attempt=1)
    heartbeat_set("export", job.pk, attempt=1)
    beat = heartbeat_at("export", job.pk, attempt=1)
    assert beat is not None
    monkeypatch.setattr(time, "time", lambda: beat + 75.5)
    assert heartbeat_age("export", job) == 75


@pytest.mark.parametrize(
    ("stale_seconds", "after", "interval"),
    [
        (120, 120, 15.0),  # the default: a beat every 15 s at most
        (40, 40, 10.0),  # a quarter of the stale time
        (1, 1, 0.5),  # never faster than twice a second
        (0, 1, 0.5),  # a stale time of 0 counts as 1 s
    ],
)
def test_the_beat_interval_is_a_quarter_of_the_stale_time_within_bounds(
    settings, stale_seconds, after, interval
):
    settings.JOB_STALE_AFTER = stale_seconds
    assert (stale_after(), beat_interval()) == (after, interval)

"""Jobs whose worker stopped: staleness (dead process on this host, missing heartbeat), run_due_jobs marking them
失败, retry (the commit runs again as one transaction: nothing doubled), cancel, and the refusal messages — for
imports and exports. A worker is simulated by writing the claim a real worker writes (`_simulate_worker`)."""

import os
import socket
import subprocess
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conftest import make_cadre
from gonghui.core.excel import SheetSpec, workbook_bytes
from gonghui.core.models import TimelineEntry
from gonghui.orgs.models import Org
from gonghui.spreadsheets import services
from gonghui.spreadsheets.choices import ExportStatus, ImportAction, ImportMode, ImportStatus
from gonghui.spreadsheets.liveness import (
    Heartbeat,
    export_job_stale_reason,
    heartbeat_at,
    heartbeat_set,
    import_job_stale_reason,
    process_alive,
)
from gonghui.spreadsheets.models import ExportJob, ImportJob
from gonghui.spreadsheets.selectors import importer_for
from gonghui.spreadsheets.services import (
    export_job_cancel,
    export_job_retry,
    export_request,
    import_job_cancel,
    import_job_commit,
    import_job_commit_request,
    import_job_create,
    import_job_retry,
    jobs_mark_stale,
)

pytestmark = pytest.mark.django_db

HEADERS = ["组织编码", "工会名称", "上级组织编码", "层级", "所在单位"]
ROWS = [[f"CX{n:02d}", f"甲县第{n}中学工会", "CX", "基层工会", f"甲县第{n}中学"] for n in range(2, 7)]
CODES = [row[0] for row in ROWS]
HOST = socket.gethostname()


def _dead_pid() -> int:
    """The id of a process that has just ended (and been reaped) on this host."""
    process = subprocess.Popen(["true"])  # noqa: S607 - a harmless short-lived process
    process.wait()
    assert not process_alive(process.pid)
    return process.pid


def _simulate_worker(job, *, pid: int, host: str = HOST, started=None) -> None:
    """What a worker writes when it claims the job (`services._claim`)."""
    type(job).objects.filter(pk=job.pk).update(
        worker_host=host, worker_pid=pid, started_at=started or timezone.now()
    )
    job.refresh_from_db()


@pytest.fixture
def admin(world):
    return make_cadre("county_x_admin", world.county_x)


def _validated_job(world, admin, capture) -> ImportJob:
    content = workbook_bytes([SheetSpec("组织", HEADERS, ROWS)])
    with capture(execute=True):
        job = import_job_create(
            kind="orgs", org=world.county_x, actor=admin, upload=SimpleUploadedFile("组织.xlsx", content)
        )
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED
    assert job.valid_rows == len(ROWS)
    return job


def _committing_job(world, admin, capture) -> ImportJob:
    """A confirmed import whose commit task is queued but has not run (the on_commit enqueue is dropped)."""
    job = _validated_job(world, admin, capture)
    with capture(execute=False):
        import_job_commit_request(job=job, actor=admin, mode=ImportMode.ALL)
    job.refresh_from_db()
    assert (job.status, job.attempt, job.worker_pid) == (ImportStatus.COMMITTING, 2, None)
    return job


def _killed_commit(world, admin, capture) -> tuple[ImportJob, int]:
    """A commit whose worker was killed: claimed by a process that no longer exists, nothing written."""
    job = _committing_job(world, admin, capture)
    pid = _dead_pid()
    _simulate_worker(job, pid=pid)
    return job, pid


# ---- staleness --------------------------------------------------------------------------------------------


def test_a_worker_process_gone_on_this_host_makes_the_job_stale(
    world, admin, django_capture_on_commit_callbacks
):
    job, pid = _killed_commit(world, admin, django_capture_on_commit_callbacks)
    heartbeat_set("import", job.pk, attempt=job.attempt)  # a fresh heartbeat does not save a dead process
    reason = import_job_stale_reason(job)
    assert reason == (
        f"后台任务进程已停止（主机 {HOST} 进程 {pid}），导入未完成，未写入任何数据。请重试或取消。"
    )


def test_a_live_worker_is_not_stale_and_a_queued_job_never_is(
    world, admin, django_capture_on_commit_callbacks
):
    job = _committing_job(world, admin, django_capture_on_commit_callbacks)
    assert import_job_stale_reason(job) == ""  # queued: no worker has claimed it yet
    _simulate_worker(job, pid=os.getpid())
    heartbeat_set("import", job.pk, attempt=job.attempt)
    assert import_job_stale_reason(job) == ""


def test_missing_heartbeat_past_job_stale_after_makes_the_job_stale(
    world, admin, settings, time_machine, django_capture_on_commit_callbacks
):
    settings.JOB_STALE_AFTER = 60
    time_machine.move_to(timezone.now(), tick=False)
    job = _committing_job(world, admin, django_capture_on_commit_callbacks)
    # A worker on another host: its process cannot be checked from here, only its heartbeat.
    _simulate_worker(job, pid=4242, host="worker-2.example")
    heartbeat_set("import", job.pk, attempt=job.attempt)
    time_machine.shift(timedelta(seconds=59))
    assert import_job_stale_reason(job) == ""
    heartbeat_set("import", job.pk, attempt=job.attempt)  # still beating
    time_machine.shift(timedelta(seconds=60))
    assert import_job_stale_reason(job) == ""
    time_machine.shift(timedelta(seconds=2))
    assert import_job_stale_reason(job) == (
        "后台任务已 62 秒没有心跳（主机 worker-2.example 进程 4242），导入未完成，未写入任何数据。请重试或取消。"
    )


def test_a_heartbeat_of_an_earlier_attempt_does_not_count(
    world, admin, settings, time_machine, django_capture_on_commit_callbacks
):
    settings.JOB_STALE_AFTER = 60
    time_machine.move_to(timezone.now(), tick=False)
    job = _committing_job(world, admin, django_capture_on_commit_callbacks)
    _simulate_worker(job, pid=4242, host="worker-2.example")
    time_machine.shift(timedelta(seconds=90))
    heartbeat_set("import", job.pk, attempt=job.attempt - 1)
    assert "90 秒没有心跳" in import_job_stale_reason(job)


def test_the_heartbeat_thread_beats_into_the_progress_cache(settings):
    settings.JOB_STALE_AFTER = 2  # a beat every 0.5 s
    with Heartbeat("import", 991, attempt=3):
        first = heartbeat_at("import", 991, attempt=3)
        assert first is not None
        time.sleep(1.2)
        later = heartbeat_at("import", 991, attempt=3)
        assert later is not None
        assert later > first
    assert heartbeat_at("import", 991, attempt=2) is None


# ---- run_due_jobs marks stale jobs 失败 -------------------------------------------------------------------


def test_run_due_jobs_marks_a_stale_import_failed_with_the_reason(
    world, admin, django_capture_on_commit_callbacks
):
    job, pid = _killed_commit(world, admin, django_capture_on_commit_callbacks)
    alive = _committing_job(world, admin, django_capture_on_commit_callbacks)
    _simulate_worker(alive, pid=os.getpid())
    heartbeat_set("import", alive.pk, attempt=alive.attempt)

    call_command("run_due_jobs", "--only", "spreadsheets.stale_jobs", verbosity=0)

    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.retryable
    assert (
        job.message
        == f"后台任务进程已停止（主机 {HOST} 进程 {pid}），导入未完成，未写入任何数据。请重试或取消。"
    )
    assert TimelineEntry.objects.filter(object_id=str(job.pk), action=ImportAction.FAIL).count() == 1
    alive.refresh_from_db()
    assert alive.status == ImportStatus.COMMITTING
    assert not Org.objects.filter(code__in=CODES).exists()
    assert jobs_mark_stale() == "没有后台进程已停止的导入导出任务"  # a second run changes nothing


def test_a_stale_validation_is_marked_failed_too(world, admin, django_capture_on_commit_callbacks):
    content = workbook_bytes([SheetSpec("组织", HEADERS, ROWS)])
    with django_capture_on_commit_callbacks(execute=False):
        job = import_job_create(
            kind="orgs", org=world.county_x, actor=admin, upload=SimpleUploadedFile("组织.xlsx", content)
        )
    _simulate_worker(job, pid=_dead_pid())
    assert "导入" in jobs_mark_stale()
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.message.endswith("校验未完成，未写入任何数据。请重试或取消。")
    with django_capture_on_commit_callbacks(execute=True):
        import_job_retry(job=job, actor=admin)
    job.refresh_from_db()
    assert (job.status, job.attempt, job.valid_rows) == (ImportStatus.VALIDATED, 2, len(ROWS))


# ---- retry ------------------------------------------------------------------------------------------------


def test_retry_runs_the_commit_again_and_nothing_is_doubled(world, admin, django_capture_on_commit_callbacks):
    job, _pid = _killed_commit(world, admin, django_capture_on_commit_callbacks)
    killed_attempt = job.attempt
    jobs_mark_stale()
    job.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        import_job_retry(job=job, actor=admin)
    job.refresh_from_db()
    assert (job.status, job.attempt, job.imported_rows, job.retryable) == (
        ImportStatus.DONE,
        3,
        len(ROWS),
        False,
    )
    assert sorted(Org.objects.filter(code__in=CODES).values_list("code", flat=True)) == CODES

    # The killed run's task, delivered late, and the retry's task delivered twice, both do nothing.
    import_job_commit(job.pk, killed_attempt)
    import_job_commit(job.pk, job.attempt)
    assert Org.objects.filter(code__in=CODES).count() == len(ROWS)
    actions = list(
        TimelineEntry.objects.filter(object_id=str(job.pk)).order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["upload", "commit", "fail", "retry", "commit"]


def test_a_run_that_lost_its_attempt_before_the_lock_writes_nothing(
    world, admin, monkeypatch, django_capture_on_commit_callbacks
):
    """A retry racing a slow old run: the old run claimed attempt 2, then the job was failed and retried
    (attempt 3) before the old run reached its transaction. It re-checks under the row lock and writes nothing."""
    job, _pid = _killed_commit(world, admin, django_capture_on_commit_callbacks)
    jobs_mark_stale()
    job.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=False):
        import_job_retry(job=job, actor=admin)
    monkeypatch.setattr(services, "_claim", lambda *args: True)
    import_job_commit(job.pk, 2)
    assert not Org.objects.filter(code__in=CODES).exists()
    job.refresh_from_db()
    assert (job.status, job.attempt) == (ImportStatus.COMMITTING, 3)


def test_a_crash_in_the_commit_fails_the_job_retryably_and_writes_nothing(
    world, admin, monkeypatch, django_capture_on_commit_callbacks
):
    job = _committing_job(world, admin, django_capture_on_commit_callbacks)
    importer = importer_for("orgs")
    real_commit = importer.commit

    def commit_then_crash(**kwargs):
        real_commit(**kwargs)
        raise RuntimeError("connection lost")

    monkeypatch.setattr(importer, "commit", commit_then_crash)
    with pytest.raises(RuntimeError):
        import_job_commit(job.pk, job.attempt)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.retryable
    assert job.message == "后台任务出错（RuntimeError），导入未完成，未写入任何数据。请重试或取消。"
    assert not Org.objects.filter(code__in=CODES).exists()

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        import_job_retry(job=job, actor=admin)
    assert Org.objects.filter(code__in=CODES).count() == len(ROWS)


def test_retry_is_refused_with_a_reason(world, admin, django_capture_on_commit_callbacks):
    job = _committing_job(world, admin, django_capture_on_commit_callbacks)
    _simulate_worker(job, pid=os.getpid())
    heartbeat_set("import", job.pk, attempt=job.attempt)
    with pytest.raises(ValidationError, match="正在进行中，不需要重试"):
        import_job_retry(job=job, actor=admin)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, message="复核时发现 1 个问题。")
    job.refresh_from_db()
    with pytest.raises(ValidationError, match="重试结果相同"):
        import_job_retry(job=job, actor=admin)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.DONE)
    job.refresh_from_db()
    with pytest.raises(ValidationError, match="已完成，不需要重试"):
        import_job_retry(job=job, actor=admin)


def test_retry_of_a_stale_running_job_needs_no_wait_for_run_due_jobs(
    world, admin, django_capture_on_commit_callbacks
):
    job, _pid = _killed_commit(world, admin, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        import_job_retry(job=job, actor=admin)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Org.objects.filter(code__in=CODES).count() == len(ROWS)


# ---- cancel and a second 确认导入 ---------------------------------------------------------------------------


def test_cancel_of_a_queued_commit_stops_it_before_it_runs(world, admin, django_capture_on_commit_callbacks):
    job = _committing_job(world, admin, django_capture_on_commit_callbacks)
    import_job_cancel(job=job, actor=admin)
    import_job_commit(job.pk, job.attempt)  # the queued task runs afterwards
    job.refresh_from_db()
    assert job.status == ImportStatus.CANCELLED
    assert not Org.objects.filter(code__in=CODES).exists()


def test_cancel_of_a_stale_or_failed_job_and_refusals(world, admin, django_capture_on_commit_callbacks):
    job, pid = _killed_commit(world, admin, django_capture_on_commit_callbacks)
    import_job_cancel(job=job, actor=admin)  # stale: no need to wait for run_due_jobs
    job.refresh_from_db()
    assert job.status == ImportStatus.CANCELLED
    entry = TimelineEntry.objects.filter(object_id=str(job.pk), action=ImportAction.CANCEL).get()
    assert f"进程 {pid}" in entry.note
    with pytest.raises(ValidationError, match="本次导入已经取消"):
        import_job_cancel(job=job, actor=admin)
    with pytest.raises(ValidationError, match="已取消，如需导入请重新上传文件"):
        import_job_commit_request(job=job, actor=admin, mode=ImportMode.ALL)

    failed, _pid = _killed_commit(world, admin, django_capture_on_commit_callbacks)
    jobs_mark_stale()
    failed.refresh_from_db()
    import_job_cancel(job=failed, actor=admin)
    failed.refresh_from_db()
    assert failed.status == ImportStatus.CANCELLED
    with pytest.raises(ValidationError, match="已取消，不能重试"):
        import_job_retry(job=failed, actor=admin)


def test_a_commit_that_is_writing_cannot_be_cancelled_and_says_why(
    world, admin, django_capture_on_commit_callbacks
):
    job = _committing_job(world, admin, django_capture_on_commit_callbacks)
    _simulate_worker(job, pid=os.getpid())
    heartbeat_set("import", job.pk, attempt=job.attempt)
    with pytest.raises(
        ValidationError, match=f"数据正在写入（主机 {HOST} 进程 {os.getpid()}）.*不能中途取消"
    ):
        import_job_cancel(job=job, actor=admin)
    with pytest.raises(ValidationError, match="正在后台导入，请勿重复提交"):
        import_job_commit_request(job=job, actor=admin, mode=ImportMode.ALL)
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTING


def test_a_second_confirm_of_a_finished_or_stopped_import_says_why(
    world, admin, django_capture_on_commit_callbacks
):
    job, pid = _killed_commit(world, admin, django_capture_on_commit_callbacks)
    with pytest.raises(
        ValidationError, match=f"本次导入已确认过，但后台任务进程已停止（主机 {HOST} 进程 {pid}）"
    ):
        import_job_commit_request(job=job, actor=admin, mode=ImportMode.ALL)
    jobs_mark_stale()
    job.refresh_from_db()
    with pytest.raises(ValidationError, match="未能完成：.*请点击“重试”"):
        import_job_commit_request(job=job, actor=admin, mode=ImportMode.ALL)
    with django_capture_on_commit_callbacks(execute=True):
        import_job_retry(job=job, actor=admin)
    job.refresh_from_db()
    with pytest.raises(ValidationError, match="已完成（导入 5 行），不能重复导入"):
        import_job_commit_request(job=job, actor=admin, mode=ImportMode.ALL)
    with pytest.raises(ValidationError, match="已完成（导入 5 行），不能取消"):
        import_job_cancel(job=job, actor=admin)


# ---- the job page -----------------------------------------------------------------------------------------


def test_the_page_offers_retry_and_cancel_for_a_stopped_import_and_flashes_the_outcome(
    client, world, admin, django_capture_on_commit_callbacks
):
    job, pid = _killed_commit(world, admin, django_capture_on_commit_callbacks)
    client.force_login(admin)
    page = client.get(job.get_absolute_url()).content.decode()
    assert f"后台任务进程已停止（主机 {HOST} 进程 {pid}）" in page
    assert "data-retry-form" in page
    assert "data-cancel-form" in page

    assert client.get(reverse("spreadsheets:import_job_retry", args=[job.public_id])).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("spreadsheets:import_job_retry", args=[job.public_id]), follow=True)
    assert "已重新开始导入（第 3 次运行）" in response.content.decode()
    assert Org.objects.filter(code__in=CODES).count() == len(ROWS)

    response = client.post(reverse("spreadsheets:import_job_cancel", args=[job.public_id]), follow=True)
    assert "本次导入已完成（导入 5 行），不能取消" in response.content.decode()
    response = client.post(
        reverse("spreadsheets:import_job_commit", args=[job.public_id]), {"mode": "all"}, follow=True
    )
    assert "不能重复导入" in response.content.decode()


def test_the_page_refuses_to_cancel_a_writing_commit_with_the_reason(
    client, world, admin, django_capture_on_commit_callbacks
):
    job = _committing_job(world, admin, django_capture_on_commit_callbacks)
    _simulate_worker(job, pid=os.getpid())
    heartbeat_set("import", job.pk, attempt=job.attempt)
    client.force_login(admin)
    page = client.get(job.get_absolute_url()).content.decode()
    assert f"后台任务：主机 {HOST} 进程 {os.getpid()}" in page
    assert "data-cancel-form" not in page
    response = client.post(reverse("spreadsheets:import_job_cancel", args=[job.public_id]), follow=True)
    assert "不能中途取消" in response.content.decode()


def test_only_the_uploader_may_retry_or_cancel(client, world, admin, django_capture_on_commit_callbacks):
    job, _pid = _killed_commit(world, admin, django_capture_on_commit_callbacks)
    client.force_login(world.outsider)
    for name in ("spreadsheets:import_job_retry", "spreadsheets:import_job_cancel"):
        assert client.post(reverse(name, args=[job.public_id])).status_code == 404
    client.logout()
    client.force_login(world.org_member)
    assert client.post(reverse("spreadsheets:import_job_retry", args=[job.public_id])).status_code == 403
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTING


# ---- exports ----------------------------------------------------------------------------------------------


@pytest.fixture
def export_job(world, admin, monkeypatch, django_capture_on_commit_callbacks) -> ExportJob:
    """A queued background export of the org list (every export becomes a job here)."""
    monkeypatch.setattr(services, "DIRECT_EXPORT_MAX_ROWS", 0)
    with django_capture_on_commit_callbacks(execute=False):
        content, job = export_request(kind="orgs", actor=admin, params={})
    assert content is None
    assert job is not None
    assert (job.status, job.attempt) == (ExportStatus.RUNNING, 1)
    return job


def test_a_stale_export_is_marked_failed_and_retry_generates_the_file(
    world, admin, export_job, django_capture_on_commit_callbacks
):
    pid = _dead_pid()
    _simulate_worker(export_job, pid=pid)
    assert export_job_stale_reason(export_job) == (
        f"后台任务进程已停止（主机 {HOST} 进程 {pid}），导出文件未生成。请重试或取消。"
    )
    assert jobs_mark_stale() == "后台进程已停止，标记为失败：导入 0 个，导出 1 个"
    export_job.refresh_from_db()
    assert export_job.status == ExportStatus.FAILED
    assert export_job.retryable
    with django_capture_on_commit_callbacks(execute=True):
        export_job_retry(job=export_job, actor=admin)
    export_job.refresh_from_db()
    assert (export_job.status, export_job.attempt) == (ExportStatus.DONE, 2)
    assert export_job.file
    assert export_job.total_rows == Org.objects.filter(path__startswith=world.county_x.path).count() == 2
    with pytest.raises(ValidationError, match="导出文件已生成，请直接下载"):
        export_job_retry(job=export_job, actor=admin)
    with pytest.raises(ValidationError, match="导出文件已生成，不能取消"):
        export_job_cancel(job=export_job, actor=admin)


def test_a_cancelled_export_discards_the_run(world, admin, export_job):
    export_job_cancel(job=export_job, actor=admin)
    services.export_job_run(export_job.pk, export_job.attempt)  # the queued task runs afterwards
    export_job.refresh_from_db()
    assert export_job.status == ExportStatus.CANCELLED
    assert not export_job.file
    with pytest.raises(ValidationError, match="本次导出已经取消"):
        export_job_cancel(job=export_job, actor=admin)
    with pytest.raises(ValidationError, match="已取消，不能重试"):
        export_job_retry(job=export_job, actor=admin)


def test_an_export_cancelled_while_generating_deletes_its_file(world, admin, export_job, monkeypatch):
    real_finish = services._finish

    def cancel_then_finish(*args, **fields):
        ExportJob.objects.filter(pk=export_job.pk).update(status=ExportStatus.CANCELLED)
        return real_finish(*args, **fields)

    monkeypatch.setattr(services, "_finish", cancel_then_finish)
    services.export_job_run(export_job.pk, export_job.attempt)
    export_job.refresh_from_db()
    assert export_job.status == ExportStatus.CANCELLED
    assert not export_job.file


def test_a_running_export_is_not_retried(world, admin, export_job):
    _simulate_worker(export_job, pid=os.getpid())
    heartbeat_set("export", export_job.pk, attempt=export_job.attempt)
    with pytest.raises(ValidationError, match="正在生成，不需要重试"):
        export_job_retry(job=export_job, actor=admin)


def test_the_export_page_offers_retry_for_a_stopped_export(
    client, world, admin, export_job, django_capture_on_commit_callbacks
):
    pid = _dead_pid()
    _simulate_worker(export_job, pid=pid)
    client.force_login(admin)
    page = client.get(export_job.get_absolute_url()).content.decode()
    assert f"进程 {pid}" in page
    assert "data-retry-form" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("spreadsheets:export_job_retry", args=[export_job.public_id]), follow=True
        )
    assert "已重新开始生成导出文件（第 2 次运行）" in response.content.decode()
    response = client.post(
        reverse("spreadsheets:export_job_cancel", args=[export_job.public_id]), follow=True
    )
    assert "导出文件已生成，不能取消" in response.content.decode()
    client.logout()
    client.force_login(world.outsider)
    assert (
        client.post(reverse("spreadsheets:export_job_cancel", args=[export_job.public_id])).status_code == 404
    )

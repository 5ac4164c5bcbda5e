"""A commit that is writing, on PostgreSQL with a real second connection: it holds the job row for its whole
transaction, so the stale marker skips it, cancel / a second 确认导入 / retry are refused at once (not blocked
behind it), and a duplicate delivery of its task does nothing. When it commits, rows and 已导入 arrive together."""

import threading
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_cadre
from gonghui.core.excel import SheetSpec, workbook_bytes
from gonghui.orgs.models import Org
from gonghui.spreadsheets import services
from gonghui.spreadsheets.choices import ImportMode, ImportStatus
from gonghui.spreadsheets.models import ImportJob
from gonghui.spreadsheets.selectors import importer_for
from tests.concurrency import start_concurrently

HEADERS = ["组织编码", "工会名称", "上级组织编码", "层级", "所在单位"]
ROWS = [[f"CX{n:02d}", f"甲县第{n}中学工会", "CX", "基层工会", f"甲县第{n}中学"] for n in range(2, 7)]
CODES = [row[0] for row in ROWS]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_writing_commit_holds_off_stale_marking_cancel_retry_and_a_second_run(world, monkeypatch):
    admin = make_cadre("county_x_admin", world.county_x)
    content = workbook_bytes([SheetSpec("组织", HEADERS, ROWS)])
    job = services.import_job_create(
        kind="orgs", org=world.county_x, actor=admin, upload=SimpleUploadedFile("组织.xlsx", content)
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED
    enqueued: list[tuple[str, int, int]] = []
    monkeypatch.setattr(services, "_enqueue", lambda *args: enqueued.append(args))
    services.import_job_commit_request(job=job, actor=admin, mode=ImportMode.ALL)
    job.refresh_from_db()
    assert enqueued == [("commit", job.pk, job.attempt)]

    importer = importer_for("orgs")
    real_commit = importer.commit
    writing, release = threading.Event(), threading.Event()

    def slow_commit(**kwargs):
        written = real_commit(**kwargs)
        writing.set()
        assert release.wait(30)
        return written

    monkeypatch.setattr(importer, "commit", slow_commit)
    commit = partial(services.import_job_commit, job.pk, job.attempt)

    worker = start_concurrently(commit)
    try:
        assert writing.wait(30)
        job.refresh_from_db()
        assert job.status == ImportStatus.COMMITTING
        assert job.worker_pid is not None
        assert not Org.objects.filter(code__in=CODES).exists()  # written, not yet committed
        # Even with a reason to call it stale, the marker leaves a row another transaction holds.
        assert services._import_mark_failed(job, "测试：假定心跳丢失") is False
        for refused in (
            lambda: services.import_job_cancel(job=job, actor=admin),
            lambda: services.import_job_commit_request(job=job, actor=admin, mode=ImportMode.ALL),
            lambda: services.import_job_retry(job=job, actor=admin),
        ):
            with pytest.raises(ValidationError, match="数据正在写入"):
                refused()
        # the task delivered twice: the duplicate finds the row held and does nothing, without waiting for it
        assert start_concurrently(commit).join(10) == ([None], [])
    finally:
        release.set()
    _results, errors = worker.join(30)
    assert not errors
    job.refresh_from_db()
    assert (job.status, job.imported_rows) == (ImportStatus.DONE, len(ROWS))
    assert Org.objects.filter(code__in=CODES).count() == len(ROWS)
    assert ImportJob.objects.get(pk=job.pk).attempt == 2

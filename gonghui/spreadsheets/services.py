"""Import and export jobs: upload → validate every row → preview → commit in one transaction as a
background task; exports direct when small, as a task with a download link when large."""

import io
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.identity import mask_identifier
from gonghui.accounts.scoping import has_action
from gonghui.accounts.selectors import primary_org_id
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.excel import (
    Normalised,
    RowError,
    SheetSpec,
    SpreadsheetError,
    read_records,
    write_workbook,
)
from gonghui.core.locking import lock
from gonghui.core.spreadsheets import Importer, normalised_summary
from gonghui.core.timeline import timeline_record
from gonghui.orgs.models import Org

from .choices import ExportStatus, ImportAction, ImportMode, ImportStatus
from .liveness import (
    COMMIT_INTERRUPTED,
    EXPORT_INTERRUPTED,
    VALIDATE_INTERRUPTED,
    Heartbeat,
    export_job_stale_reason,
    import_job_stale_reason,
    stale_after,
    worker_identity,
)
from .models import ExportJob, ImportJob
from .progress import Reporter, progress_set
from .selectors import exporter_for, importer_for

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
ALLOWED_SUFFIXES = (".xlsx", ".xls", ".xlsm", ".ods")
DIRECT_EXPORT_MAX_ROWS = 2000
MAX_STORED_ERRORS = 20_000
MAX_STORED_NORMALISED = 2_000
PREVIEW_ROWS = 20

# The fields a new run of a job resets (`_new_run`).
RUN_FIELDS = ["attempt", "worker_host", "worker_pid", "started_at", "retryable", "message", "finished_at"]


def _check_upload(upload: UploadedFile[bytes]) -> None:
    name = (upload.name or "").lower()
    if not name.endswith(ALLOWED_SUFFIXES):
        raise ValidationError({"file": _("请上传 Excel 文件（.xlsx 或 .xls）")})
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": _("文件超过 20 MB，请拆分后分批导入")})
    if upload.size == 0:
        raise ValidationError({"file": _("文件是空的")})


@transaction.atomic
def import_job_create(*, kind: str, org: Org, actor: Actor, upload: UploadedFile[bytes]) -> ImportJob:
    importer = importer_for(kind)
    if not has_action(actor, importer.action, org):
        raise PermissionDenied
    _check_upload(upload)
    job = ImportJob(kind=kind, org=org, created_by=actor, file_name=(upload.name or "")[:200], attempt=1)
    job.file.save(upload.name or "upload.xlsx", upload, save=False)
    job.save()
    timeline_record(
        subject=job,
        actor=actor,
        action=ImportAction.UPLOAD,
        action_label=str(ImportAction.UPLOAD.label),
        to_state=job.status,
        note=job.file_name,
    )
    transaction.on_commit(lambda: _enqueue("validate", job.pk, job.attempt))
    return job


def _enqueue(step: str, job_id: int, attempt: int) -> None:
    task = {"validate": import_validate_task, "commit": import_commit_task, "export": export_run_task}[step]
    task.enqueue(job_id, attempt)


# ---- background runs: claim, heartbeat, conditional finish ---------------------------------------------


def _claim(model: type[ImportJob] | type[ExportJob], job_id: int, attempt: int, status: str) -> bool:
    """The worker takes the job for this attempt and records where it runs — a conditional UPDATE committed at
    once, so other processes see it. False when the job was cancelled, failed, retried or already claimed."""
    host, pid = worker_identity()
    now = timezone.now()
    claimed = model.objects.filter(pk=job_id, status=status, attempt=attempt, worker_pid__isnull=True).update(
        worker_host=host[:255], worker_pid=pid, started_at=now, updated_at=now
    )
    return claimed == 1


def _finish(
    model: type[ImportJob] | type[ExportJob], job_id: int, attempt: int, current: str, /, **fields: Any
) -> bool:
    """Write a run's outcome only while the job is still on that run (status and attempt unchanged)."""
    done = model.objects.filter(pk=job_id, status=current, attempt=attempt).update(
        **fields, updated_at=timezone.now()
    )
    return done == 1


@contextmanager
def _crash_fails_job(kind: str, job_id: int, attempt: int, status: str, consequence: str) -> Iterator[None]:
    """An unexpected error in a run marks the job 失败 (retryable) instead of leaving it running, then re-raises
    so the task backend records the traceback."""
    try:
        yield
    except Exception as exc:
        model = ImportJob if kind == "import" else ExportJob
        message = _("后台任务出错（%(error)s），%(consequence)s") % {
            "error": type(exc).__name__,
            "consequence": consequence,
        }
        if (
            _finish(
                model,
                job_id,
                attempt,
                status,
                status=ImportStatus.FAILED if kind == "import" else ExportStatus.FAILED,
                message=message[:500],
                retryable=True,
                finished_at=timezone.now(),
            )
            and kind == "import"
        ):
            timeline_record(
                subject=ImportJob.objects.get(pk=job_id),
                actor=None,
                action=ImportAction.FAIL,
                action_label=str(ImportAction.FAIL.label),
                from_state=status,
                to_state=ImportStatus.FAILED,
                note=message[:500],
            )
        raise


def _validate(job: ImportJob, importer: Importer, stage: str) -> Any:
    with job.file.open("rb") as handle:
        data = handle.read()
    sheet = read_records(data, importer.columns)
    reporter = Reporter("import", job.pk, total=len(sheet.records), stage=stage)
    result = importer.validate(records=sheet.records, org=job.org, user=job.created_by, progress=reporter)
    return sheet, result


def _store_errors(errors: list[RowError]) -> list[list[Any]]:
    return [[e.row, e.column, e.message] for e in errors[:MAX_STORED_ERRORS]]


def _store_normalised(importer: Importer, normalised: list[Normalised]) -> list[dict[str, Any]]:
    """The first corrections, with identity values (ID numbers, phones) masked: a job keeps no clear copy."""
    stored = []
    for entry in normalised[:MAX_STORED_NORMALISED]:
        item = entry.as_dict()
        if entry.column in importer.sensitive_columns:
            item["from"], item["to"] = mask_identifier(item["from"]), mask_identifier(item["to"])
        stored.append(item)
    return stored


def import_job_validate(job_id: int, attempt: int = 0) -> None:
    """Background step 1: read and check every row; nothing is written but the job's own report. The report is
    stored only if the job is still on this run (not cancelled or retried meanwhile)."""
    if not _claim(ImportJob, job_id, attempt, ImportStatus.VALIDATING):
        return
    consequence = str(VALIDATE_INTERRUPTED)
    with (
        Heartbeat("import", job_id, attempt=attempt),
        _crash_fails_job("import", job_id, attempt, ImportStatus.VALIDATING, consequence),
    ):
        job = ImportJob.objects.select_related("org", "created_by").get(pk=job_id)
        importer = importer_for(job.kind)
        try:
            sheet, result = _validate(job, importer, stage=str(_("校验")))
        except SpreadsheetError as exc:
            _finish(
                ImportJob,
                job_id,
                attempt,
                ImportStatus.VALIDATING,
                status=ImportStatus.FAILED,
                message=str(exc)[:500],
                finished_at=timezone.now(),
            )
            return
        _finish(
            ImportJob,
            job_id,
            attempt,
            ImportStatus.VALIDATING,
            unused_columns=sheet.unused,
            defaulted_columns=[
                [c.label, c.default] for c in importer.columns if c.default and c.key not in sheet.mapping
            ],
            normalised_summary=normalised_summary(
                result.normalised,
                masked=lambda _column, value: mask_identifier(value),
                masked_columns=importer.sensitive_columns,
            ),
            total_rows=len(sheet.records),
            valid_rows=len(result.payloads),
            unchanged_rows=result.unchanged,
            error_count=len(result.errors),
            errors=_store_errors(result.errors),
            normalised_count=len(result.normalised),
            normalised=_store_normalised(importer, result.normalised),
            preview=result.preview[:PREVIEW_ROWS],
            status=ImportStatus.VALIDATED,
            message="",
        )


def _import_refusal(job: ImportJob) -> str:
    """Why a commit request for this job is refused, or "" when it may go ahead."""
    if job.status == ImportStatus.VALIDATED:
        return ""
    if job.status == ImportStatus.VALIDATING:
        return _("文件还在校验中，请等校验完成、看过预览后再确认导入")
    if job.status == ImportStatus.COMMITTING:
        reason = import_job_stale_reason(job)
        if reason:
            return _("本次导入已确认过，但%(reason)s") % {"reason": reason}
        return _("本次导入已确认过，正在后台导入，请勿重复提交；完成后本页会显示结果")
    if job.status == ImportStatus.DONE:
        return _("本次导入已完成（导入 %(n)d 行），不能重复导入；如需再次导入请重新上传文件") % {
            "n": job.imported_rows
        }
    if job.status == ImportStatus.FAILED:
        if job.retryable:
            return _("本次导入未能完成：%(message)s 请点击“重试”，或“取消”本次导入") % {
                "message": job.message
            }
        return _("本次导入未能完成：%(message)s 请修改文件后重新上传") % {"message": job.message}
    return _("本次导入已取消，如需导入请重新上传文件")


@transaction.atomic
def import_job_commit_request(*, job: ImportJob, actor: Actor, mode: str) -> ImportJob:
    """Start the commit in the mode the uploader chose: ImportMode.ALL (nothing is imported if any row has a
    problem) or ImportMode.VALID (the valid rows are imported, the others skipped). A refusal always says why."""
    locked = _lock_or_busy(ImportJob, job.pk)
    if locked.created_by_id != actor.pk:
        raise PermissionDenied
    job = locked
    refusal = _import_refusal(job)
    if refusal:
        raise ValidationError(refusal)
    if mode not in ImportMode.values:
        raise ValidationError({"mode": _("请选择导入方式：“全部无误才导入”或“只导入无误的行”")})
    if job.valid_rows == 0:
        raise ValidationError(_("没有可以导入的数据行，请修改文件后重新上传"))
    if mode == ImportMode.ALL and job.error_count:
        raise ValidationError(
            {
                "mode": _(
                    "文件中有 %(n)d 个问题，选择“全部无误才导入”时不会导入任何数据；"
                    "请修改后重新上传，或选择“只导入无误的行”"
                )
                % {"n": job.error_count}
            }
        )
    previous = job.status
    job.status = ImportStatus.COMMITTING
    job.mode = mode
    _new_run(job)
    job.save(update_fields=["status", "mode", *RUN_FIELDS, "updated_at"])
    timeline_record(
        subject=job,
        actor=actor,
        action=ImportAction.COMMIT,
        action_label=str(ImportAction.COMMIT.label),
        from_state=previous,
        to_state=job.status,
        note=str(ImportMode(mode).label),
    )
    progress_set("import", job.pk, done=0, total=job.valid_rows, stage=str(_("导入")))
    transaction.on_commit(lambda: _enqueue("commit", job.pk, job.attempt))
    return job


def _new_run(job: ImportJob | ExportJob) -> None:
    job.attempt += 1
    job.worker_host, job.worker_pid, job.started_at = "", None, None
    job.retryable, job.message, job.finished_at = False, "", None


def _lock_or_busy[Job: (ImportJob, ExportJob)](model: type[Job], pk: int) -> Job:
    """The job row, locked for this transaction. A row another transaction holds is a commit writing its data
    right now (PostgreSQL; SQLite has no row locks): refuse at once instead of waiting for it."""
    locked = model.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
    if locked is None:
        raise ValidationError(_("数据正在写入，请稍候刷新页面查看结果"))
    return locked


def import_job_commit(job_id: int, attempt: int = 0) -> None:
    """Background step 2: check the file again (data may have changed since the preview), then write in one
    transaction — in mode ALL only if no row has a problem, in mode VALID every valid row; on any failure
    nothing at all. The job row is locked and re-checked at the start of that transaction and its final state is
    saved in it, so the rows and 已导入 commit together and no other run of the job can commit too."""
    if not _claim(ImportJob, job_id, attempt, ImportStatus.COMMITTING):
        return
    consequence = str(COMMIT_INTERRUPTED)
    with (
        Heartbeat("import", job_id, attempt=attempt),
        _crash_fails_job("import", job_id, attempt, ImportStatus.COMMITTING, consequence),
    ):
        try:
            _import_commit_run(job_id, attempt)
        except (SpreadsheetError, ValidationError) as exc:
            message = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
            _finish(
                ImportJob,
                job_id,
                attempt,
                ImportStatus.COMMITTING,
                status=ImportStatus.FAILED,
                message=message[:500],
                finished_at=timezone.now(),
            )


@transaction.atomic
def _import_commit_run(job_id: int, attempt: int) -> None:
    job = lock(ImportJob, pk=job_id, related=("org", "created_by"))
    if job.status != ImportStatus.COMMITTING or job.attempt != attempt:
        return  # cancelled, failed or retried while this run waited for the lock
    importer = importer_for(job.kind)
    sheet, result = _validate(job, importer, stage=str(_("复核")))
    job.error_count = len(result.errors)
    job.errors = _store_errors(result.errors)
    job.valid_rows = len(result.payloads)
    job.unchanged_rows = result.unchanged
    job.finished_at = timezone.now()
    fields = [
        "status",
        "imported_rows",
        "error_count",
        "errors",
        "valid_rows",
        "unchanged_rows",
        "finished_at",
    ]
    if job.mode == ImportMode.ALL and result.errors:
        job.status = ImportStatus.FAILED
        job.message = _("复核时发现 %(n)d 个问题，按“全部无误才导入”未导入任何数据") % {
            "n": len(result.errors)
        }
        job.save(update_fields=[*fields, "message", "updated_at"])
        progress_set("import", job.pk, done=0, total=len(result.payloads), stage=str(_("复核")))
        return
    reporter = Reporter("import", job.pk, total=len(result.payloads), stage=str(_("导入")))
    imported = importer.commit(payloads=result.payloads, org=job.org, user=job.created_by, progress=reporter)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=job.created_by,
        subject=job,
        org_id=job.org_id,
        summary=f"导入{importer.label} {imported} 行（文件 {job.file_name}）",
    )
    job.status = ImportStatus.DONE
    job.imported_rows = imported
    job.save(update_fields=[*fields, "updated_at"])
    timeline_record(
        subject=job,
        actor=job.created_by,
        action=ImportAction.COMMIT,
        action_label=str(_("导入完成")),
        from_state=ImportStatus.COMMITTING,
        to_state=ImportStatus.DONE,
        note=_("导入 %(n)d 行") % {"n": imported},
    )


# ---- stale runs, retry and cancel ----------------------------------------------------------------------


@transaction.atomic
def _import_mark_failed(job: ImportJob, reason: str) -> bool:
    """Fail a stale run: only while the job is still on it, and never while a transaction holds the row (on
    PostgreSQL that is a commit still writing — it is alive, whatever its heartbeat says)."""
    locked = (
        ImportJob.objects.select_for_update(skip_locked=True)
        .filter(pk=job.pk, status=job.status, attempt=job.attempt)
        .first()
    )
    if locked is None:
        return False
    previous = locked.status
    locked.status, locked.message, locked.retryable = ImportStatus.FAILED, reason[:500], True
    locked.finished_at = timezone.now()
    locked.save(update_fields=["status", "message", "retryable", "finished_at", "updated_at"])
    timeline_record(
        subject=locked,
        actor=None,
        action=ImportAction.FAIL,
        action_label=str(ImportAction.FAIL.label),
        from_state=previous,
        to_state=locked.status,
        note=reason[:500],
    )
    job.status, job.message, job.retryable, job.finished_at = (
        locked.status,
        locked.message,
        True,
        locked.finished_at,
    )
    return True


@transaction.atomic
def _export_mark_failed(job: ExportJob, reason: str) -> bool:
    locked = (
        ExportJob.objects.select_for_update(skip_locked=True)
        .filter(pk=job.pk, status=ExportStatus.RUNNING, attempt=job.attempt)
        .first()
    )
    if locked is None:
        return False
    locked.status, locked.message, locked.retryable = ExportStatus.FAILED, reason[:500], True
    locked.finished_at = timezone.now()
    locked.save(update_fields=["status", "message", "retryable", "finished_at", "updated_at"])
    job.status, job.message, job.retryable, job.finished_at = (
        locked.status,
        locked.message,
        True,
        locked.finished_at,
    )
    return True


def jobs_mark_stale() -> str:
    """Scheduled job: running imports and exports whose worker has stopped become 失败 (retryable)."""
    imports = exports = 0
    running = ImportJob.objects.filter(
        status__in=[ImportStatus.VALIDATING, ImportStatus.COMMITTING], worker_pid__isnull=False
    )
    for job in running:
        reason = import_job_stale_reason(job)
        if reason and _import_mark_failed(job, reason):
            imports += 1
    for export in ExportJob.objects.filter(status=ExportStatus.RUNNING, worker_pid__isnull=False):
        reason = export_job_stale_reason(export)
        if reason and _export_mark_failed(export, reason):
            exports += 1
    if not imports and not exports:
        return "没有后台进程已停止的导入导出任务"
    return f"后台进程已停止，标记为失败：导入 {imports} 个，导出 {exports} 个"


def _next_attempt(
    model: type[ImportJob] | type[ExportJob], job: ImportJob | ExportJob, *, failed: str, status: str
) -> bool:
    """Move a failed job to its next attempt with a fresh run record: a conditional UPDATE on the state and attempt
    the caller read, so that of two retries (or a retry and a late run) exactly one moves it."""
    moved = model.objects.filter(pk=job.pk, status=failed, attempt=job.attempt).update(
        status=status,
        attempt=job.attempt + 1,
        worker_host="",
        worker_pid=None,
        started_at=None,
        retryable=False,
        message="",
        finished_at=None,
        updated_at=timezone.now(),
    )
    return moved == 1


@transaction.atomic
def import_job_retry(*, job: ImportJob, actor: Actor) -> ImportJob:
    """Run an interrupted import again: the step it stopped in (校验, or the commit in the chosen mode) as a new
    attempt. The commit is one transaction, so an interrupted one wrote nothing and a retry cannot double rows;
    the state change is a conditional UPDATE, so a retry never overlaps a run that is still going."""
    job = _lock_or_busy(ImportJob, job.pk)
    if job.created_by_id != actor.pk:
        raise PermissionDenied
    if job.status in (ImportStatus.VALIDATING, ImportStatus.COMMITTING):
        reason = import_job_stale_reason(job)
        if not reason:
            raise ValidationError(
                _("本次导入正在进行中，不需要重试；如果后台任务停止，系统会在 %(n)d 秒内将其标记为失败")
                % {"n": stale_after()}
            )
        _import_mark_failed(job, reason)
    if job.status != ImportStatus.FAILED:
        raise ValidationError(
            {
                ImportStatus.VALIDATED: _("本次导入已校验完成，请选择导入方式后点击“确认导入”"),
                ImportStatus.DONE: _("本次导入已完成，不需要重试"),
                ImportStatus.CANCELLED: _("本次导入已取消，不能重试；如需导入请重新上传文件"),
            }.get(ImportStatus(job.status), _("本次导入当前不能重试"))
        )
    if not job.retryable:
        raise ValidationError(
            _("本次导入因文件或数据的问题未能导入（%(message)s），重试结果相同；请修改文件后重新上传")
            % {"message": job.message}
        )
    step, status = ("commit", ImportStatus.COMMITTING) if job.mode else ("validate", ImportStatus.VALIDATING)
    if not _next_attempt(ImportJob, job, failed=ImportStatus.FAILED, status=status):
        raise ValidationError(_("本次导入的状态刚刚发生了变化，请刷新页面后再操作"))
    job.refresh_from_db()
    timeline_record(
        subject=job,
        actor=actor,
        action=ImportAction.RETRY,
        action_label=str(ImportAction.RETRY.label),
        from_state=ImportStatus.FAILED,
        to_state=job.status,
        note=_("第 %(n)d 次运行") % {"n": job.attempt},
    )
    total = job.valid_rows if step == "commit" else job.total_rows
    progress_set(
        "import", job.pk, done=0, total=total, stage=str(_("导入") if step == "commit" else _("校验"))
    )
    transaction.on_commit(lambda: _enqueue(step, job.pk, job.attempt))
    return job


@transaction.atomic
def import_job_cancel(*, job: ImportJob, actor: Actor) -> ImportJob:
    """Cancel an import that has not written anything: awaiting confirmation, still validating, queued, failed,
    or whose worker has stopped. A commit that is writing cannot be stopped half way: that is refused."""
    job = _lock_or_busy(ImportJob, job.pk)
    if job.created_by_id != actor.pk:
        raise PermissionDenied
    if job.status == ImportStatus.DONE:
        raise ValidationError(_("本次导入已完成（导入 %(n)d 行），不能取消") % {"n": job.imported_rows})
    if job.status == ImportStatus.CANCELLED:
        raise ValidationError(_("本次导入已经取消"))
    note = ""
    if job.status == ImportStatus.COMMITTING and job.worker_started:
        note = import_job_stale_reason(job)
        if not note:
            raise ValidationError(
                _(
                    "数据正在写入（主机 %(host)s 进程 %(pid)d），导入在一个事务中完成，不能中途取消，"
                    "请等待完成；如果后台任务停止，系统会在 %(n)d 秒内将其标记为失败，届时可以重试或取消"
                )
                % {"host": job.worker_host, "pid": job.worker_pid, "n": stale_after()}
            )
    previous = job.status
    now = timezone.now()
    cancelled = ImportJob.objects.filter(
        pk=job.pk, status=previous, attempt=job.attempt, worker_pid=job.worker_pid
    ).update(status=ImportStatus.CANCELLED, retryable=False, finished_at=now, updated_at=now)
    if cancelled != 1:
        raise ValidationError(_("本次导入的状态刚刚发生了变化，请刷新页面后再操作"))
    job.refresh_from_db()
    timeline_record(
        subject=job,
        actor=actor,
        action=ImportAction.CANCEL,
        action_label=str(ImportAction.CANCEL.label),
        from_state=previous,
        to_state=job.status,
        note=note[:500],
    )
    return job


# ---- exports ------------------------------------------------------------------------------------------


def _audit_export(
    *, actor: Actor, label: str, rows: int, params: dict[str, str], context: AuditContext | None = None
) -> None:
    audit_log(
        action=AuditAction.EXPORT,
        actor=actor,
        context=context,
        org_id=primary_org_id(actor),
        summary=f"导出{label} {rows} 行",
        detail={"params": params},
    )


def export_request(
    *, kind: str, actor: Actor, params: dict[str, str], context: AuditContext | None = None
) -> tuple[bytes | None, ExportJob | None]:
    """Small exports come back as xlsx bytes at once, audited with the view's `context` (address and browser);
    large ones become a background job, audited by the worker when the file is made."""
    exporter = exporter_for(kind)
    total = exporter.count(user=actor, params=params)
    if total <= DIRECT_EXPORT_MAX_ROWS:
        buffer = io.BytesIO()
        written = write_workbook(buffer, exporter.sheets(user=actor, params=params))
        _audit_export(actor=actor, label=exporter.label, rows=written, params=params, context=context)
        return buffer.getvalue(), None
    with transaction.atomic():
        job = ExportJob.objects.create(
            kind=kind,
            created_by=actor,
            params=params,
            total_rows=total,
            file_name=exporter.file_name(params),
            attempt=1,
        )
        transaction.on_commit(lambda: _enqueue("export", job.pk, job.attempt))
    progress_set("export", job.pk, done=0, total=total, stage=str(_("生成")))
    return None, job


def export_job_run(job_id: int, attempt: int = 0) -> None:
    """Background export: write the file, then mark the job 已生成 only if it is still on this run (a file made
    for a cancelled or retried run is deleted again)."""
    if not _claim(ExportJob, job_id, attempt, ExportStatus.RUNNING):
        return
    with (
        Heartbeat("export", job_id, attempt=attempt),
        _crash_fails_job("export", job_id, attempt, ExportStatus.RUNNING, str(EXPORT_INTERRUPTED)),
    ):
        job = ExportJob.objects.select_related("created_by").get(pk=job_id)
        exporter = exporter_for(job.kind)
        reporter = Reporter("export", job.pk, total=job.total_rows, stage=str(_("生成")), step=1000)

        def rows() -> Any:
            for index, row in enumerate(exporter.rows(user=job.created_by, params=job.params), start=1):
                reporter(min(index, job.total_rows))
                yield row

        # constant memory: xlsxwriter flushes each row as it is written, and the file goes to a temporary file
        # that storage copies from, so neither the rows nor the finished workbook are held in memory
        with tempfile.TemporaryFile() as handle:
            written = write_workbook(
                handle,
                [SheetSpec(exporter.label, exporter.headers, rows(), exporter.widths)],
                constant_memory=True,
            )
            handle.seek(0)
            job.file.save(job.file_name, File(handle), save=False)
        finished = _finish(
            ExportJob,
            job_id,
            attempt,
            ExportStatus.RUNNING,
            file=job.file.name,
            status=ExportStatus.DONE,
            total_rows=written,
            finished_at=timezone.now(),
        )
        if not finished:
            job.file.delete(save=False)
            return
        progress_set("export", job.pk, done=written, total=written, stage=str(_("完成")))
        _audit_export(actor=job.created_by, label=exporter.label, rows=written, params=job.params)


@transaction.atomic
def export_job_retry(*, job: ExportJob, actor: Actor) -> ExportJob:
    """Generate an interrupted export again, as a new attempt."""
    job = _lock_or_busy(ExportJob, job.pk)
    if job.created_by_id != actor.pk:
        raise PermissionDenied
    if job.status == ExportStatus.RUNNING:
        reason = export_job_stale_reason(job)
        if not reason:
            raise ValidationError(
                _("导出文件正在生成，不需要重试；如果后台任务停止，系统会在 %(n)d 秒内将其标记为失败")
                % {"n": stale_after()}
            )
        _export_mark_failed(job, reason)
    if job.status == ExportStatus.DONE:
        raise ValidationError(_("导出文件已生成，请直接下载"))
    if job.status == ExportStatus.CANCELLED:
        raise ValidationError(_("本次导出已取消，不能重试；如需导出请回到列表重新导出"))
    if not job.retryable:
        raise ValidationError(_("本次导出未能生成（%(message)s），重试结果相同") % {"message": job.message})
    if not _next_attempt(ExportJob, job, failed=ExportStatus.FAILED, status=ExportStatus.RUNNING):
        raise ValidationError(_("本次导出的状态刚刚发生了变化，请刷新页面后再操作"))
    job.refresh_from_db()
    progress_set("export", job.pk, done=0, total=job.total_rows, stage=str(_("生成")))
    transaction.on_commit(lambda: _enqueue("export", job.pk, job.attempt))
    return job


@transaction.atomic
def export_job_cancel(*, job: ExportJob, actor: Actor) -> ExportJob:
    """Cancel an export that is queued, running or failed; a run still going discards its file when it ends."""
    job = _lock_or_busy(ExportJob, job.pk)
    if job.created_by_id != actor.pk:
        raise PermissionDenied
    if job.status == ExportStatus.DONE:
        raise ValidationError(_("导出文件已生成，不能取消；不需要时不下载即可"))
    if job.status == ExportStatus.CANCELLED:
        raise ValidationError(_("本次导出已经取消"))
    now = timezone.now()
    cancelled = ExportJob.objects.filter(pk=job.pk, status=job.status, attempt=job.attempt).update(
        status=ExportStatus.CANCELLED, retryable=False, finished_at=now, updated_at=now
    )
    if cancelled != 1:
        raise ValidationError(_("本次导出的状态刚刚发生了变化，请刷新页面后再操作"))
    job.refresh_from_db()
    return job


# ---- background tasks ----------------------------------------------------------------------------------
# django.tasks (db_worker runs them, tests run them immediately). They are defined here, beside `_enqueue` and the
# runs they call, so that no tasks module imports services back. Each carries the job's attempt it was enqueued
# for: a run whose job has moved on (cancelled, failed, retried) does nothing. Tasks enqueued before attempts
# existed carry none and match a job still on attempt 0.


@task()
def import_validate_task(job_id: int, attempt: int = 0) -> None:
    import_job_validate(job_id, attempt)


@task()
def import_commit_task(job_id: int, attempt: int = 0) -> None:
    import_job_commit(job_id, attempt)


@task()
def export_run_task(job_id: int, attempt: int = 0) -> None:
    export_job_run(job_id, attempt)

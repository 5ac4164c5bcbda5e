"""The error report of an import and how long it lives. The report is the uploaded file's own rows with a problem,
exactly as uploaded, plus a 错误说明 column (`core.excel.error_rows_workbook`), so a person can correct it and import
it again. It therefore carries unmasked personal data: only the uploader may download it, every download is an
audit row (the view answers no-store), and the job with its file — the only copy the report is made from — is
deleted `IMPORT_JOB_KEEP_DAYS` after upload by the scheduled job `spreadsheets.purge_imports`."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.excel import SpreadsheetError, error_rows_workbook, locate_columns, read_rows
from gonghui.core.models import TimelineEntry

from .choices import ImportStatus
from .models import ImportJob
from .selectors import import_job_error_rows, importer_for

IMPORT_JOB_KEEP_DAYS = 7


def import_job_error_report(*, job: ImportJob, actor: Actor, context: AuditContext | None = None) -> bytes:
    """The error report of the job's last check, for its uploader only; the download is audited."""
    if job.created_by_id != actor.pk:
        raise PermissionDenied
    errors = import_job_error_rows(job)
    if not errors:
        raise ValidationError(_("本次导入没有发现问题，没有错误报告"))
    importer = importer_for(job.kind)
    try:
        with job.file.open("rb") as handle:
            rows = read_rows(handle.read())
        header_index, _mapping = locate_columns(rows, importer.columns)
    except (OSError, SpreadsheetError):
        rows, header_index = [], -1  # the file is gone or unreadable: the report lists the problems only
    content = error_rows_workbook(rows, header_index, errors)
    audit_log(
        action=AuditAction.EXPORT,
        actor=actor,
        context=context,
        subject=job,
        org_id=job.org_id,
        summary=f"下载{importer.label}错误报告（{len({e.row for e in errors})} 行，文件 {job.file_name}）",
        detail={"job": str(job.public_id), "rows": len({e.row for e in errors})},
    )
    return content


def import_jobs_purge(*, now: dt.datetime | None = None) -> str:
    """Scheduled job: import jobs uploaded more than `IMPORT_JOB_KEEP_DAYS` days ago are deleted with their file
    (the source of the error report) and their timeline; a job still validating or writing is left alone."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=IMPORT_JOB_KEEP_DAYS)
    due = list(
        ImportJob.objects.filter(created_at__lt=cutoff)
        .exclude(status__in=[ImportStatus.VALIDATING, ImportStatus.COMMITTING])
        .only("pk", "file")
    )
    if not due:
        return f"没有超过 {IMPORT_JOB_KEEP_DAYS} 天的导入任务"
    ids = [job.pk for job in due]
    files = [(job.file.storage, job.file.name) for job in due if job.file.name]
    with transaction.atomic():
        TimelineEntry.objects.filter(
            content_type__app_label="spreadsheets",
            content_type__model="importjob",
            object_id__in=[str(pk) for pk in ids],
        ).delete()
        ImportJob.objects.filter(pk__in=ids).delete()
    # the files after the rows: a failed delete leaves a stray file, never a job whose file is gone
    for storage, name in files:
        storage.delete(name)
    return f"已删除超过 {IMPORT_JOB_KEEP_DAYS} 天的导入任务 {len(ids)} 个及其文件和错误报告"

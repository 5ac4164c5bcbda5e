"""Import and export jobs: upload → validate every row → preview → commit in one transaction as a
background task; exports direct when small, as a task with a download link when large."""

import io
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.identity import mask_identifier
from gonghui.accounts.scoping import has_action
from gonghui.core.audit import audit_log
from gonghui.core.excel import (
    Normalised,
    RowError,
    SheetSpec,
    SpreadsheetError,
    read_records,
    write_workbook,
)
from gonghui.core.models import AuditAction
from gonghui.core.timeline import timeline_record

from .choices import ExportStatus, ImportAction, ImportMode, ImportStatus
from .models import ExportJob, ImportJob
from .progress import Reporter, progress_set
from .registry import Exporter, Importer, exporters, importers

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
ALLOWED_SUFFIXES = (".xlsx", ".xls", ".xlsm", ".ods")
DIRECT_EXPORT_MAX_ROWS = 2000
MAX_STORED_ERRORS = 20_000
MAX_STORED_NORMALISED = 2_000
PREVIEW_ROWS = 20


def importer_for(kind: str) -> Importer:
    if kind not in importers:
        raise ValidationError(_("未知的导入类型"))
    return importers.get(kind)


def exporter_for(kind: str) -> Exporter:
    if kind not in exporters:
        raise ValidationError(_("未知的导出类型"))
    return exporters.get(kind)


def _check_upload(upload: UploadedFile[bytes]) -> None:
    name = (upload.name or "").lower()
    if not name.endswith(ALLOWED_SUFFIXES):
        raise ValidationError({"file": _("请上传 Excel 文件（.xlsx 或 .xls）")})
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": _("文件超过 20 MB，请拆分后分批导入")})
    if upload.size == 0:
        raise ValidationError({"file": _("文件是空的")})


@transaction.atomic
def import_job_create(*, kind: str, org: Any, actor: Any, upload: UploadedFile[bytes]) -> ImportJob:
    importer = importer_for(kind)
    if not has_action(actor, importer.action, org):
        raise PermissionDenied
    _check_upload(upload)
    job = ImportJob(kind=kind, org=org, created_by=actor, file_name=(upload.name or "")[:200])
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
    transaction.on_commit(lambda: _enqueue("validate", job.pk))
    return job


def _enqueue(step: str, job_id: int) -> None:
    from .tasks import export_run_task, import_commit_task, import_validate_task  # noqa: PLC0415

    task = {"validate": import_validate_task, "commit": import_commit_task, "export": export_run_task}[step]
    task.enqueue(job_id)


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


def import_job_validate(job_id: int) -> ImportJob:
    """Background step 1: read and check every row; nothing is written but the job's own report."""
    job = ImportJob.objects.select_related("org", "created_by").get(pk=job_id)
    importer = importer_for(job.kind)
    try:
        sheet, result = _validate(job, importer, stage=str(_("校验")))
    except SpreadsheetError as exc:
        job.status, job.message = ImportStatus.FAILED, str(exc)
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "message", "finished_at", "updated_at"])
        return job
    job.total_rows = len(sheet.records)
    job.valid_rows = len(result.payloads)
    job.unchanged_rows = result.unchanged
    job.error_count = len(result.errors)
    job.errors = _store_errors(result.errors)
    job.normalised_count = len(result.normalised)
    job.normalised = _store_normalised(importer, result.normalised)
    job.preview = result.preview[:PREVIEW_ROWS]
    job.status = ImportStatus.VALIDATED
    job.message = ""
    job.save(
        update_fields=[
            "total_rows",
            "valid_rows",
            "unchanged_rows",
            "error_count",
            "errors",
            "normalised_count",
            "normalised",
            "preview",
            "status",
            "message",
            "updated_at",
        ]
    )
    return job


@transaction.atomic
def import_job_commit_request(*, job: ImportJob, actor: Any, mode: str) -> ImportJob:
    """Start the commit in the mode the uploader chose: ImportMode.ALL (nothing is imported if any row has a
    problem) or ImportMode.VALID (the valid rows are imported, the others skipped)."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.created_by_id != actor.pk:
        raise PermissionDenied
    if job.status != ImportStatus.VALIDATED:
        raise ValidationError(_("只有校验完成、待确认的导入才能执行导入"))
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
    job.save(update_fields=["status", "mode", "updated_at"])
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
    transaction.on_commit(lambda: _enqueue("commit", job.pk))
    return job


def import_job_commit(job_id: int) -> ImportJob:
    """Background step 2: check the file again (data may have changed since the preview), then write in one
    transaction — in mode ALL only if no row has a problem, in mode VALID every valid row; on any failure
    nothing at all."""
    job = ImportJob.objects.select_related("org", "created_by").get(pk=job_id)
    importer = importer_for(job.kind)
    imported = 0
    try:
        with transaction.atomic():
            sheet, result = _validate(job, importer, stage=str(_("复核")))
            refused = job.mode == ImportMode.ALL and bool(result.errors)
            if not refused:
                reporter = Reporter("import", job.pk, total=len(result.payloads), stage=str(_("导入")))
                imported = importer.commit(
                    payloads=result.payloads, org=job.org, user=job.created_by, progress=reporter
                )
                audit_log(
                    action=AuditAction.ADMIN_EDIT,
                    actor=job.created_by,
                    subject=job,
                    org_id=job.org_id,
                    summary=f"导入{importer.label} {imported} 行（文件 {job.file_name}）",
                )
    except (SpreadsheetError, ValidationError) as exc:
        message = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
        job.status, job.message, job.finished_at = ImportStatus.FAILED, message[:500], timezone.now()
        job.save(update_fields=["status", "message", "finished_at", "updated_at"])
        return job
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
    if refused:
        job.status = ImportStatus.FAILED
        job.message = _("复核时发现 %(n)d 个问题，按“全部无误才导入”未导入任何数据") % {
            "n": len(result.errors)
        }
        job.save(update_fields=[*fields, "message", "updated_at"])
        progress_set("import", job.pk, done=0, total=len(result.payloads), stage=str(_("复核")))
        return job
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
    return job


@transaction.atomic
def import_job_cancel(*, job: ImportJob, actor: Any) -> ImportJob:
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportStatus.VALIDATED:
        raise ValidationError(_("只有待确认的导入可以取消"))
    job.status = ImportStatus.CANCELLED
    job.save(update_fields=["status", "updated_at"])
    timeline_record(
        subject=job,
        actor=actor,
        action=ImportAction.CANCEL,
        action_label=str(ImportAction.CANCEL.label),
        from_state=ImportStatus.VALIDATED,
        to_state=job.status,
    )
    return job


def import_job_error_rows(job: ImportJob) -> list[RowError]:
    return [RowError(row=r, column=c, message=m) for r, c, m in job.errors]


# ---- exports ------------------------------------------------------------------------------------------


def _audit_export(*, actor: Any, label: str, rows: int, params: dict[str, str]) -> None:
    from gonghui.accounts.services import primary_org_id  # noqa: PLC0415

    audit_log(
        action=AuditAction.EXPORT,
        actor=actor,
        org_id=primary_org_id(actor),
        summary=f"导出{label} {rows} 行",
        detail={"params": params},
    )


def export_request(*, kind: str, actor: Any, params: dict[str, str]) -> tuple[bytes | None, ExportJob | None]:
    """Small exports come back as xlsx bytes at once; large ones become a background job."""
    exporter = exporter_for(kind)
    total = exporter.count(user=actor, params=params)
    if total <= DIRECT_EXPORT_MAX_ROWS:
        buffer = io.BytesIO()
        written = write_workbook(
            buffer,
            [
                SheetSpec(
                    exporter.label,
                    exporter.headers,
                    exporter.rows(user=actor, params=params),
                    exporter.widths,
                )
            ],
        )
        _audit_export(actor=actor, label=exporter.label, rows=written, params=params)
        return buffer.getvalue(), None
    with transaction.atomic():
        job = ExportJob.objects.create(
            kind=kind, created_by=actor, params=params, total_rows=total, file_name=exporter.file_name(params)
        )
        transaction.on_commit(lambda: _enqueue("export", job.pk))
    progress_set("export", job.pk, done=0, total=total, stage=str(_("生成")))
    return None, job


def export_job_run(job_id: int) -> ExportJob:
    job = ExportJob.objects.select_related("created_by").get(pk=job_id)
    exporter = exporter_for(job.kind)
    reporter = Reporter("export", job.pk, total=job.total_rows, stage=str(_("生成")), step=1000)

    def rows() -> Any:
        for index, row in enumerate(exporter.rows(user=job.created_by, params=job.params), start=1):
            reporter(min(index, job.total_rows))
            yield row

    buffer = io.BytesIO()
    written = write_workbook(
        buffer, [SheetSpec(exporter.label, exporter.headers, rows(), exporter.widths)], constant_memory=True
    )
    job.file.save(job.file_name, ContentFile(buffer.getvalue()), save=False)
    job.status, job.total_rows, job.finished_at = ExportStatus.DONE, written, timezone.now()
    job.save(update_fields=["file", "status", "total_rows", "finished_at", "updated_at"])
    progress_set("export", job.pk, done=written, total=written, stage=str(_("完成")))
    _audit_export(actor=job.created_by, label=exporter.label, rows=written, params=job.params)
    return job

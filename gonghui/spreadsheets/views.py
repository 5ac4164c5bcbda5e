"""Pages for imports (upload, progress, preview, commit, error report, template) and exports."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gonghui.accounts.actors import Actor
from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.scoping import has_action_anywhere
from gonghui.accounts.workspace import current_org
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.errors import validation_error_text
from gonghui.core.excel import template_workbook
from gonghui.core.forms import form_perform, posted_data
from gonghui.core.htmx import htmx_partial
from gonghui.core.http import sensitive_response
from gonghui.core.spreadsheets import Importer

from .choices import ImportMode, ImportStatus
from .error_reports import IMPORT_JOB_KEEP_DAYS, import_job_error_report
from .forms import UploadForm
from .liveness import export_job_stale_reason, heartbeat_age, import_job_stale_reason, stale_after
from .models import ExportJob, ImportJob
from .permissions import can_start_export
from .progress import progress_get, progress_percent
from .selectors import (
    export_job_get_for_user,
    exporter_for,
    import_job_get_for_user,
    import_job_list_for_user,
    importer_for,
)
from .services import (
    export_job_cancel,
    export_job_retry,
    export_request,
    import_job_cancel,
    import_job_commit_request,
    import_job_create,
    import_job_retry,
)


def _importer_or_404(kind: str, user: Actor) -> Importer:
    try:
        importer = importer_for(kind)
    except ValidationError:
        raise Http404 from None
    if not has_action_anywhere(user, importer.action):
        raise PermissionDenied
    return importer


@console_view()
def import_start(request: AuthedRequest, kind: str) -> HttpResponse:
    importer = _importer_or_404(kind, request.user)
    orgs = importer.target_orgs(request.user)
    form = UploadForm(posted_data(request), request.FILES or None, orgs=orgs, current=current_org(request))
    done = form_perform(
        request,
        form,
        lambda data: import_job_create(kind=kind, org=data["org"], actor=request.user, upload=data["file"]),
        success=lambda job: f"已上传“{job.file_name}”，正在校验",
        then=lambda job: job.get_absolute_url(),
    )
    if done is not None:
        return done
    return render(
        request,
        "spreadsheets/import_start.html",
        {
            "importer": importer,
            "form": form,
            "jobs": import_job_list_for_user(user=request.user, kind=kind)[:10],
            "keep_days": IMPORT_JOB_KEEP_DAYS,
        },
    )


@console_view()
def import_template(request: AuthedRequest, kind: str) -> HttpResponse:
    importer = _importer_or_404(kind, request.user)
    content = template_workbook(
        importer.columns,
        title=importer.label,
        example=importer.example,
        extra_sheets=importer.reference_sheets(),
    )
    return xlsx_response(content, f"{importer.label}模板.xlsx")


@console_view()
def import_job(request: AuthedRequest, public_id: str) -> HttpResponse:
    job = import_job_get_for_user(user=request.user, public_id=public_id)
    importer = importer_for(job.kind)
    info = progress_get("import", job.pk)
    context = {
        "job": job,
        "importer": importer,
        "progress": info,
        "percent": 100
        if job.status in (ImportStatus.VALIDATED, ImportStatus.DONE)
        else progress_percent(info),
        "headers": importer.preview_headers(),
        "errors_shown": job.errors[:100],
        "normalised_shown": job.normalised[:100],
        "modes": ImportMode,
        "keep_days": IMPORT_JOB_KEEP_DAYS,
        "result_url": importer.result_url(job.org) if job.status == ImportStatus.DONE else "",
        **_run_context("import", job, import_job_stale_reason(job)),
    }
    if htmx_partial(request):
        return render(request, "spreadsheets/partials/import_status.html", context)
    return render(request, "spreadsheets/import_job.html", context)


def _run_context(kind: str, job: ImportJob | ExportJob, stale: str) -> dict[str, Any]:
    """What the job page says about the background run: queued, running on which worker (last heartbeat), or
    stopped (then 重试 / 取消 are offered at once, before run_due_jobs marks it 失败)."""
    return {
        "stale": stale,
        "heartbeat_age": heartbeat_age(kind, job) if job.is_running and job.worker_started else None,
        "stale_after": stale_after(),
        "can_retry": bool(stale) or (job.status == "failed" and job.retryable),
    }


@require_POST
@console_view()
def import_job_commit(request: AuthedRequest, public_id: str) -> HttpResponse:
    job = import_job_get_for_user(user=request.user, public_id=public_id)
    try:
        import_job_commit_request(job=job, actor=request.user, mode=request.POST.get("mode", ""))
    except ValidationError as exc:
        messages.error(request, validation_error_text(exc))
    else:
        messages.success(request, "已确认导入，正在后台导入，完成后本页会显示结果")
    return redirect(job.get_absolute_url())


@require_POST
@console_view()
def import_job_retry_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    job = import_job_get_for_user(user=request.user, public_id=public_id)
    try:
        job = import_job_retry(job=job, actor=request.user)
    except ValidationError as exc:
        messages.error(request, validation_error_text(exc))
    else:
        step = "导入" if job.status == ImportStatus.COMMITTING else "校验"
        messages.success(request, f"已重新开始{step}（第 {job.attempt} 次运行）")
    return redirect(job.get_absolute_url())


@require_POST
@console_view()
def import_job_cancel_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    job = import_job_get_for_user(user=request.user, public_id=public_id)
    try:
        import_job_cancel(job=job, actor=request.user)
    except ValidationError as exc:
        messages.error(request, validation_error_text(exc))
    else:
        messages.success(request, "已取消本次导入")
    return redirect(job.get_absolute_url())


@sensitive_response
@require_POST
@console_view()
def import_job_errors(request: AuthedRequest, public_id: str) -> HttpResponse:
    job = import_job_get_for_user(user=request.user, public_id=public_id)
    try:
        content = import_job_error_report(job=job, actor=request.user, context=AuditContext.of(request))
    except ValidationError as exc:
        messages.error(request, validation_error_text(exc))
        return redirect(job.get_absolute_url())
    return xlsx_response(content, f"错误报告-{job.file_name.rsplit('.', 1)[0]}.xlsx")


@sensitive_response
@require_POST
@console_view()
def export_start(request: AuthedRequest, kind: str) -> HttpResponse:
    try:
        exporter = exporter_for(kind)
    except ValidationError:
        raise Http404 from None
    if not can_start_export(request.user, exporter):
        raise PermissionDenied
    params = {k: str(v) for k, v in request.GET.items() if k != "page"}
    content, job = export_request(
        kind=kind, actor=request.user, params=params, context=AuditContext.of(request)
    )
    if content is not None:
        return xlsx_response(content, exporter.file_name(params))
    assert job is not None  # noqa: S101 - export_request returns one of the two
    return redirect(job.get_absolute_url())


@console_view()
def export_job(request: AuthedRequest, public_id: str) -> HttpResponse:
    job = export_job_get_for_user(user=request.user, public_id=public_id)
    info = progress_get("export", job.pk)
    context = {
        "job": job,
        "percent": 100 if not job.is_running else progress_percent(info),
        **_run_context("export", job, export_job_stale_reason(job)),
    }
    if htmx_partial(request):
        return render(request, "spreadsheets/partials/export_status.html", context)
    return render(request, "spreadsheets/export_job.html", context)


@sensitive_response
@console_view()
def export_job_download(request: AuthedRequest, public_id: str) -> HttpResponse:
    job = export_job_get_for_user(user=request.user, public_id=public_id)
    if job.is_running or not job.file:
        raise Http404
    with job.file.open("rb") as handle:
        return xlsx_response(handle.read(), job.file_name)


@require_POST
@console_view()
def export_job_retry_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    job = export_job_get_for_user(user=request.user, public_id=public_id)
    try:
        job = export_job_retry(job=job, actor=request.user)
    except ValidationError as exc:
        messages.error(request, validation_error_text(exc))
    else:
        messages.success(request, f"已重新开始生成导出文件（第 {job.attempt} 次运行）")
    return redirect(job.get_absolute_url())


@require_POST
@console_view()
def export_job_cancel_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    job = export_job_get_for_user(user=request.user, public_id=public_id)
    try:
        export_job_cancel(job=job, actor=request.user)
    except ValidationError as exc:
        messages.error(request, validation_error_text(exc))
    else:
        messages.success(request, "已取消本次导出")
    return redirect(job.get_absolute_url())

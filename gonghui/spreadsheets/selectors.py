"""Reads: the registered importers and exporters by kind, and the jobs. Jobs are personal: a user sees the imports
and exports they started."""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.core.excel import RowError
from gonghui.core.spreadsheets import Exporter, Importer, exporters, importers

from .models import ExportJob, ImportJob


def importer_for(kind: str) -> Importer:
    if kind not in importers:
        raise ValidationError(_("未知的导入类型"))
    return importers.get(kind)


def exporter_for(kind: str) -> Exporter:
    if kind not in exporters:
        raise ValidationError(_("未知的导出类型"))
    return exporters.get(kind)


def import_job_get_for_user(*, user: Actor, public_id: UUID | str) -> ImportJob:
    job = ImportJob.objects.select_related("org").filter(public_id=public_id, created_by=user).first()
    if job is None:
        raise Http404
    return job


def import_job_list_for_user(*, user: Actor, kind: str) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(created_by=user, kind=kind).select_related("org").order_by("-created_at")


def export_job_get_for_user(*, user: Actor, public_id: UUID | str) -> ExportJob:
    job = ExportJob.objects.filter(public_id=public_id, created_by=user).first()
    if job is None:
        raise Http404
    return job


def import_job_error_rows(job: ImportJob) -> list[RowError]:
    """The problems the last check of an import found, as rows of its error report."""
    return [RowError(row=r, column=c, message=m) for r, c, m in job.errors]

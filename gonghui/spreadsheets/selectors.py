"""Jobs are personal: a user sees the imports and exports they started."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from .models import ExportJob, ImportJob


def import_job_get_for_user(*, user: Any, public_id: Any) -> ImportJob:
    job = ImportJob.objects.select_related("org").filter(public_id=public_id, created_by=user).first()
    if job is None:
        raise Http404
    return job


def import_job_list_for_user(*, user: Any, kind: str) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(created_by=user, kind=kind).select_related("org").order_by("-created_at")


def export_job_get_for_user(*, user: Any, public_id: Any) -> ExportJob:
    job = ExportJob.objects.filter(public_id=public_id, created_by=user).first()
    if job is None:
        raise Http404
    return job

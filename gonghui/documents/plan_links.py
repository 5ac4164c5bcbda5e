"""公文 a 工作要点 item can link to (core.registry.plan_record_kinds): the union's own documents; issued is done."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import PlanRecordKind, PlanRecordRef, plan_record_kinds

from .choices import DocumentStatus
from .models import Document
from .permissions import VIEW

LIMIT = 20  # candidates offered per search


def document_ref(record: Document) -> PlanRecordRef:
    return PlanRecordRef(
        object_id=record.pk,
        title=record.title,
        state=record.get_status_display(),
        done=record.status == DocumentStatus.ISSUED,
        url=reverse("documents:document_detail", args=[record.public_id]),
        on=record.issued_on or timezone.localdate(record.created_at),
    )


def document_candidates(user: Any, query: str) -> list[PlanRecordRef]:
    """The 公文 records the user may see, matching the query on the title, newest first."""
    qs = Document.objects.visible_to(user, VIEW)
    if query:
        qs = qs.filter(title__icontains=query)
    return [document_ref(r) for r in qs.order_by("-created_at", "-id")[:LIMIT]]


def document_records(ids: Sequence[int]) -> Mapping[int, PlanRecordRef]:
    """The linked 公文 records by id, in one query (a deleted one is missing)."""
    return {r.pk: document_ref(r) for r in Document.objects.filter(pk__in=list(ids))}


plan_record_kinds.register(
    "documents.document",
    PlanRecordKind(
        key="documents.document",
        label="公文",
        candidates=document_candidates,
        records=document_records,
        order=40,
    ),
)

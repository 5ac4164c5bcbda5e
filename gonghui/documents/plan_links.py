"""公文 a 工作要点 item can link to (core.registry.plan_record_kinds): the union's own documents; issued is done."""

from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import PlanRecordRef, plan_record_kind_of, plan_record_kinds

from .choices import DocumentStatus
from .models import Document
from .permissions import VIEW


def document_ref(record: Document) -> PlanRecordRef:
    return PlanRecordRef(
        object_id=record.pk,
        title=record.title,
        state=record.get_status_display(),
        done=record.status == DocumentStatus.ISSUED,
        url=reverse("documents:document_detail", args=[record.public_id]),
        on=record.issued_on or timezone.localdate(record.created_at),
    )


plan_record_kinds.register(
    "documents.document",
    plan_record_kind_of(
        key="documents.document",
        label="公文",
        model=Document,
        action=VIEW,
        ref=document_ref,
        order=40,
    ),
)

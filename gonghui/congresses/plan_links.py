"""民主管理 records a 工作要点 item can link to (core.registry.plan_record_kinds): the 教代会 session (次会议)."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import PlanRecordKind, PlanRecordRef, plan_record_kinds

from .choices import SessionStatus
from .models import CongressSession
from .permissions import VIEW

LIMIT = 20  # candidates offered per search


def session_ref(record: CongressSession) -> PlanRecordRef:
    return PlanRecordRef(
        object_id=record.pk,
        title=record.title,
        state=record.get_status_display(),
        done=record.status == SessionStatus.CLOSED,
        url=reverse("congresses:session_detail", args=[record.public_id]),
        on=timezone.localdate(record.starts_at),
    )


def session_candidates(user: Any, query: str) -> list[PlanRecordRef]:
    """The 教代会 records the user may see, matching the query on the title, newest first."""
    qs = CongressSession.objects.visible_to(user, VIEW)
    if query:
        qs = qs.filter(title__icontains=query)
    return [session_ref(r) for r in qs.order_by("-created_at", "-id")[:LIMIT]]


def session_records(ids: Sequence[int]) -> Mapping[int, PlanRecordRef]:
    """The linked 教代会 records by id, in one query (a deleted one is missing)."""
    return {r.pk: session_ref(r) for r in CongressSession.objects.filter(pk__in=list(ids))}


plan_record_kinds.register(
    "congresses.session",
    PlanRecordKind(
        key="congresses.session",
        label="教代会",
        candidates=session_candidates,
        records=session_records,
        order=100,
    ),
)

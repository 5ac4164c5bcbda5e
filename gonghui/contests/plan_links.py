"""劳动和技能竞赛 records a 工作要点 item can link to (core.registry.plan_record_kinds): the 竞赛."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.urls import reverse

from gonghui.core.registry import PlanRecordKind, PlanRecordRef, plan_record_kinds

from .choices import ContestStatus
from .models import Contest
from .permissions import VIEW

LIMIT = 20  # candidates offered per search


def contest_ref(record: Contest) -> PlanRecordRef:
    return PlanRecordRef(
        object_id=record.pk,
        title=record.title,
        state=record.get_status_display(),
        done=record.status == ContestStatus.FINISHED,
        url=reverse("contests:detail", args=[record.pk]),
        on=record.closes_on,
    )


def contest_candidates(user: Any, query: str) -> list[PlanRecordRef]:
    """The 竞赛 records the user may see, matching the query on the title, newest first."""
    qs = Contest.objects.visible_to(user, VIEW)
    if query:
        qs = qs.filter(title__icontains=query)
    return [contest_ref(r) for r in qs.order_by("-created_at", "-id")[:LIMIT]]


def contest_records(ids: Sequence[int]) -> Mapping[int, PlanRecordRef]:
    """The linked 竞赛 records by id, in one query (a deleted one is missing)."""
    return {r.pk: contest_ref(r) for r in Contest.objects.filter(pk__in=list(ids))}


plan_record_kinds.register(
    "contests.contest",
    PlanRecordKind(
        key="contests.contest",
        label="竞赛",
        candidates=contest_candidates,
        records=contest_records,
        order=10,
    ),
)

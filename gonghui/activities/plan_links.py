"""活动 a 工作要点 item can link to (core.registry.plan_record_kinds): a published activity whose end has passed
reads 已结束 and counts as done."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import PlanRecordKind, PlanRecordRef, plan_record_kinds

from .choices import ActivityStatus
from .models import Activity
from .permissions import VIEW

LIMIT = 20  # candidates offered per search


def activity_done(record: Activity) -> bool:
    return (
        record.status == ActivityStatus.PUBLISHED
        and record.ends_at is not None
        and record.ends_at <= timezone.now()
    )


def activity_state(record: Activity) -> str:
    return "已结束" if activity_done(record) else str(record.get_status_display())


def activity_ref(record: Activity) -> PlanRecordRef:
    return PlanRecordRef(
        object_id=record.pk,
        title=record.title,
        state=activity_state(record),
        done=activity_done(record),
        url=reverse("activities:detail", args=[record.pk]),
        on=timezone.localdate(record.starts_at) if record.starts_at else None,
    )


def activity_candidates(user: Any, query: str) -> list[PlanRecordRef]:
    """The 活动 records the user may see, matching the query on the title, newest first."""
    qs = Activity.objects.visible_to(user, VIEW)
    if query:
        qs = qs.filter(title__icontains=query)
    return [activity_ref(r) for r in qs.order_by("-created_at", "-id")[:LIMIT]]


def activity_records(ids: Sequence[int]) -> Mapping[int, PlanRecordRef]:
    """The linked 活动 records by id, in one query (a deleted one is missing)."""
    return {r.pk: activity_ref(r) for r in Activity.objects.filter(pk__in=list(ids))}


plan_record_kinds.register(
    "activities.activity",
    PlanRecordKind(
        key="activities.activity",
        label="活动",
        candidates=activity_candidates,
        records=activity_records,
        order=60,
    ),
)

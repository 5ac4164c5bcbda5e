"""帮扶 records a 工作要点 item can link to (core.registry.plan_record_kinds): the 送温暖 campaign."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import PlanRecordKind, PlanRecordRef, plan_record_kinds

from .choices import CampaignStatus
from .models import ReliefCampaign
from .permissions import CARE_VIEW

LIMIT = 20  # candidates offered per search


def relief_ref(record: ReliefCampaign) -> PlanRecordRef:
    return PlanRecordRef(
        object_id=record.pk,
        title=record.name,
        state=record.get_status_display(),
        done=record.status == CampaignStatus.CLOSED,
        url=reverse("welfare:relief_detail", args=[record.pk]),
        on=timezone.localdate(record.created_at),
    )


def relief_candidates(user: Any, query: str) -> list[PlanRecordRef]:
    """The 送温暖活动 records the user may see, matching the query on the title, newest first."""
    qs = ReliefCampaign.objects.visible_to(user, CARE_VIEW)
    if query:
        qs = qs.filter(name__icontains=query)
    return [relief_ref(r) for r in qs.order_by("-created_at", "-id")[:LIMIT]]


def relief_records(ids: Sequence[int]) -> Mapping[int, PlanRecordRef]:
    """The linked 送温暖活动 records by id, in one query (a deleted one is missing)."""
    return {r.pk: relief_ref(r) for r in ReliefCampaign.objects.filter(pk__in=list(ids))}


plan_record_kinds.register(
    "welfare.relief_campaign",
    PlanRecordKind(
        key="welfare.relief_campaign",
        label="送温暖活动",
        candidates=relief_candidates,
        records=relief_records,
        order=20,
    ),
)

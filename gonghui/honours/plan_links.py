"""评选表彰 a 工作要点 item can link to (core.registry.plan_record_kinds): the campaign; 已命名 is done."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import PlanRecordKind, PlanRecordRef, plan_record_kinds

from .choices import CampaignStatus
from .models import HonourCampaign
from .permissions import VIEW

LIMIT = 20  # candidates offered per search


def campaign_ref(record: HonourCampaign) -> PlanRecordRef:
    return PlanRecordRef(
        object_id=record.pk,
        title=record.title,
        state=record.get_status_display(),
        done=record.status == CampaignStatus.NAMED,
        url=reverse("honours:detail", args=[record.pk]),
        on=record.named_on
        or (timezone.localdate(record.nomination_deadline) if record.nomination_deadline else None),
    )


def campaign_candidates(user: Any, query: str) -> list[PlanRecordRef]:
    """The 评选表彰 records the user may see, matching the query on the title, newest first."""
    qs = HonourCampaign.objects.visible_to(user, VIEW)
    if query:
        qs = qs.filter(title__icontains=query)
    return [campaign_ref(r) for r in qs.order_by("-created_at", "-id")[:LIMIT]]


def campaign_records(ids: Sequence[int]) -> Mapping[int, PlanRecordRef]:
    """The linked 评选表彰 records by id, in one query (a deleted one is missing)."""
    return {r.pk: campaign_ref(r) for r in HonourCampaign.objects.filter(pk__in=list(ids))}


plan_record_kinds.register(
    "honours.campaign",
    PlanRecordKind(
        key="honours.campaign",
        label="评选表彰",
        candidates=campaign_candidates,
        records=campaign_records,
        order=70,
    ),
)

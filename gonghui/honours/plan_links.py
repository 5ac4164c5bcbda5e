"""评选表彰 a 工作要点 item can link to (core.registry.plan_record_kinds): the campaign; 已命名 is done."""

from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import PlanRecordRef, plan_record_kind_of, plan_record_kinds

from .choices import CampaignStatus
from .models import HonourCampaign
from .permissions import VIEW


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


plan_record_kinds.register(
    "honours.campaign",
    plan_record_kind_of(
        key="honours.campaign",
        label="评选表彰",
        model=HonourCampaign,
        action=VIEW,
        ref=campaign_ref,
        order=70,
    ),
)

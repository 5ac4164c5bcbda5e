"""帮扶 records a 工作要点 item can link to (core.registry.plan_record_kinds): the 送温暖 campaign."""

from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import PlanRecordRef, plan_record_kind_of, plan_record_kinds

from .choices import CampaignStatus
from .models import ReliefCampaign
from .permissions import CARE_VIEW


def relief_ref(record: ReliefCampaign) -> PlanRecordRef:
    return PlanRecordRef(
        object_id=record.pk,
        title=record.name,
        state=record.get_status_display(),
        done=record.status == CampaignStatus.CLOSED,
        url=reverse("welfare:relief_detail", args=[record.pk]),
        on=timezone.localdate(record.created_at),
    )


plan_record_kinds.register(
    "welfare.relief_campaign",
    plan_record_kind_of(
        key="welfare.relief_campaign",
        label="送温暖活动",
        model=ReliefCampaign,
        action=CARE_VIEW,
        ref=relief_ref,
        title_field="name",
        order=20,
    ),
)

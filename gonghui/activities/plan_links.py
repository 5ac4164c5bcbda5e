"""活动 a 工作要点 item can link to (core.registry.plan_record_kinds): a published activity whose end has passed
reads 已结束 and counts as done."""

from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import PlanRecordRef, plan_record_kind_of, plan_record_kinds

from .choices import ActivityStatus
from .models import Activity
from .permissions import VIEW


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


plan_record_kinds.register(
    "activities.activity",
    plan_record_kind_of(
        key="activities.activity",
        label="活动",
        model=Activity,
        action=VIEW,
        ref=activity_ref,
        order=60,
    ),
)

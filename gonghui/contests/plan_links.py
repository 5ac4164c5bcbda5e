"""劳动和技能竞赛 records a 工作要点 item can link to (core.registry.plan_record_kinds): the 竞赛."""

from django.urls import reverse

from gonghui.core.registry import PlanRecordRef, plan_record_kind_of, plan_record_kinds

from .choices import ContestStatus
from .models import Contest
from .permissions import VIEW


def contest_ref(record: Contest) -> PlanRecordRef:
    return PlanRecordRef(
        object_id=record.pk,
        title=record.title,
        state=record.get_status_display(),
        done=record.status == ContestStatus.FINISHED,
        url=reverse("contests:detail", args=[record.pk]),
        on=record.closes_on,
    )


plan_record_kinds.register(
    "contests.contest",
    plan_record_kind_of(
        key="contests.contest",
        label="竞赛",
        model=Contest,
        action=VIEW,
        ref=contest_ref,
        order=10,
    ),
)

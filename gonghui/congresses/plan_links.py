"""民主管理 records a 工作要点 item can link to (core.registry.plan_record_kinds): the 教代会 session (次会议)."""

from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import PlanRecordRef, plan_record_kind_of, plan_record_kinds

from .choices import SessionStatus
from .models import CongressSession
from .permissions import VIEW


def session_ref(record: CongressSession) -> PlanRecordRef:
    return PlanRecordRef(
        object_id=record.pk,
        title=record.title,
        state=record.get_status_display(),
        done=record.status == SessionStatus.CLOSED,
        url=reverse("congresses:session_detail", args=[record.public_id]),
        on=timezone.localdate(record.starts_at),
    )


plan_record_kinds.register(
    "congresses.session",
    plan_record_kind_of(
        key="congresses.session",
        label="教代会",
        model=CongressSession,
        action=VIEW,
        ref=session_ref,
        order=100,
    ),
)

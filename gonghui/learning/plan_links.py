"""学习培训 records a 工作要点 item can link to (core.registry.plan_record_kinds): the 培训课程; a published (or
already closed) course has been delivered."""

from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import PlanRecordRef, plan_record_kind_of, plan_record_kinds

from .choices import CourseStatus
from .models import Course
from .permissions import VIEW


def course_ref(record: Course) -> PlanRecordRef:
    return PlanRecordRef(
        object_id=record.pk,
        title=record.title,
        state=record.get_status_display(),
        done=record.status in (CourseStatus.PUBLISHED, CourseStatus.CLOSED),
        url=reverse("learning:course_detail", args=[record.public_id]),
        on=timezone.localdate(record.published_at) if record.published_at else None,
    )


plan_record_kinds.register(
    "learning.course",
    plan_record_kind_of(
        key="learning.course",
        label="培训课程",
        model=Course,
        action=VIEW,
        ref=course_ref,
        order=80,
    ),
)

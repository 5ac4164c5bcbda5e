"""学习培训 records a 工作要点 item can link to (core.registry.plan_record_kinds): the 培训课程; a published (or
already closed) course has been delivered."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import PlanRecordKind, PlanRecordRef, plan_record_kinds

from .choices import CourseStatus
from .models import Course
from .permissions import VIEW

LIMIT = 20  # candidates offered per search


def course_ref(record: Course) -> PlanRecordRef:
    return PlanRecordRef(
        object_id=record.pk,
        title=record.title,
        state=record.get_status_display(),
        done=record.status in (CourseStatus.PUBLISHED, CourseStatus.CLOSED),
        url=reverse("learning:course_detail", args=[record.public_id]),
        on=timezone.localdate(record.published_at) if record.published_at else None,
    )


def course_candidates(user: Any, query: str) -> list[PlanRecordRef]:
    """The 培训课程 records the user may see, matching the query on the title, newest first."""
    qs = Course.objects.visible_to(user, VIEW)
    if query:
        qs = qs.filter(title__icontains=query)
    return [course_ref(r) for r in qs.order_by("-created_at", "-id")[:LIMIT]]


def course_records(ids: Sequence[int]) -> Mapping[int, PlanRecordRef]:
    """The linked 培训课程 records by id, in one query (a deleted one is missing)."""
    return {r.pk: course_ref(r) for r in Course.objects.filter(pk__in=list(ids))}


plan_record_kinds.register(
    "learning.course",
    PlanRecordKind(
        key="learning.course",
        label="培训课程",
        candidates=course_candidates,
        records=course_records,
        order=80,
    ),
)

"""网上答题 records a 工作要点 item can link to (core.registry.plan_record_kinds): the 答题活动 (its state is the
computed phase: 未开始 / 进行中 / 已结束)."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import PlanRecordKind, PlanRecordRef, plan_record_kinds

from .choices import ActivityPhase
from .models import VIEW, QuizActivity

LIMIT = 20  # candidates offered per search


def quiz_ref(record: QuizActivity) -> PlanRecordRef:
    return PlanRecordRef(
        object_id=record.pk,
        title=record.title,
        state=str(record.get_phase_display()),
        done=record.phase == ActivityPhase.ENDED,
        url=reverse("quizzes:activity_detail", args=[record.public_id]),
        on=timezone.localdate(record.starts_at),
    )


def quiz_candidates(user: Any, query: str) -> list[PlanRecordRef]:
    """The 答题活动 records the user may see, matching the query on the title, newest first."""
    qs = QuizActivity.objects.visible_to(user, VIEW)
    if query:
        qs = qs.filter(title__icontains=query)
    return [quiz_ref(r) for r in qs.order_by("-created_at", "-id")[:LIMIT]]


def quiz_records(ids: Sequence[int]) -> Mapping[int, PlanRecordRef]:
    """The linked 答题活动 records by id, in one query (a deleted one is missing)."""
    return {r.pk: quiz_ref(r) for r in QuizActivity.objects.filter(pk__in=list(ids))}


plan_record_kinds.register(
    "quizzes.quiz_activity",
    PlanRecordKind(
        key="quizzes.quiz_activity",
        label="答题活动",
        candidates=quiz_candidates,
        records=quiz_records,
        order=30,
    ),
)

"""网上答题 records a 工作要点 item can link to (core.registry.plan_record_kinds): the 答题活动 (its state is the
computed phase: 未开始 / 进行中 / 已结束)."""

from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import PlanRecordRef, plan_record_kind_of, plan_record_kinds

from .choices import ActivityPhase
from .models import VIEW, QuizActivity


def quiz_ref(record: QuizActivity) -> PlanRecordRef:
    return PlanRecordRef(
        object_id=record.pk,
        title=record.title,
        state=str(record.get_phase_display()),
        done=record.phase == ActivityPhase.ENDED,
        url=reverse("quizzes:activity_detail", args=[record.public_id]),
        on=timezone.localdate(record.starts_at),
    )


plan_record_kinds.register(
    "quizzes.quiz_activity",
    plan_record_kind_of(
        key="quizzes.quiz_activity",
        label="答题活动",
        model=QuizActivity,
        action=VIEW,
        ref=quiz_ref,
        order=30,
    ),
)

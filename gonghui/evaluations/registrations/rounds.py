"""What part rounds registers: the 公文 record template "evaluations.results_announcement" (the results 通报
drafted from a frozen round) and the scheduled job reminding target unions 3 days before their 自评 ends."""

from typing import Any

from gonghui.core.registry import ScheduledJob, scheduled_jobs
from gonghui.documents.record_templates import RecordTemplate, record_templates

from ..models import EvaluationRound
from ..permissions import can_manage_for
from ..selectors.rounds import RESULTS_TEMPLATE, results_announcement_text
from ..services.rounds import self_reminders_send

REMINDER_JOB = "evaluations.self_reminders"


def _can_use(user: Any, record: Any) -> bool:
    return isinstance(record, EvaluationRound) and record.is_frozen and can_manage_for(user, record.org)


def register() -> None:
    if RESULTS_TEMPLATE not in record_templates:
        record_templates.register(
            RESULTS_TEMPLATE,
            RecordTemplate(
                key=RESULTS_TEMPLATE,
                label="量化考核结果通报",
                owner_model="evaluations.evaluationround",
                kind="通报",
                draft=results_announcement_text,
                can_use=_can_use,
                order=70,
            ),
        )
    if REMINDER_JOB not in scheduled_jobs:
        scheduled_jobs.register(
            REMINDER_JOB,
            ScheduledJob(key=REMINDER_JOB, label="量化考核自评截止提醒", func=self_reminders_send, order=170),
        )

"""Timeline rows for 报送 tasks and submissions; called inside the services' transactions. State changes write
theirs through `core.workflow.Workflow.apply`."""

from gonghui.accounts.actors import Actor
from gonghui.core.timeline import timeline_record

from .choices import SubmissionAction, TaskAction
from .models import ReportSubmission, ReportTask


def task_created_event(*, task: ReportTask, actor: Actor) -> None:
    timeline_record(
        subject=task,
        actor=actor,
        action=TaskAction.CREATE,
        action_label=str(TaskAction.CREATE.label),
        to_state=task.status,
        note=f"发出单位：{task.org.name}；截止日期：{task.deadline:%Y-%m-%d}",
    )


def task_edited_event(*, task: ReportTask, actor: Actor, changed: list[str]) -> None:
    timeline_record(
        subject=task,
        actor=actor,
        action=TaskAction.EDIT,
        action_label=str(TaskAction.EDIT.label),
        note="修改了：" + "、".join(changed),
    )


def task_reminded_event(*, task: ReportTask, actor: Actor, count: int) -> None:
    timeline_record(
        subject=task,
        actor=actor,
        action=TaskAction.REMIND,
        action_label=str(TaskAction.REMIND.label),
        note=f"向 {count} 个未报送的单位发送了催报提醒",
    )


def submission_reminded_event(*, submission: ReportSubmission, actor: Actor | None, note: str) -> None:
    timeline_record(
        subject=submission,
        actor=actor,
        action=SubmissionAction.REMIND,
        action_label=str(SubmissionAction.REMIND.label),
        note=note,
    )


def submission_draft_saved_event(*, submission: ReportSubmission, actor: Actor, note: str) -> None:
    timeline_record(
        subject=submission,
        actor=actor,
        action=SubmissionAction.SAVE_DRAFT,
        action_label=str(SubmissionAction.SAVE_DRAFT.label),
        note=note,
    )

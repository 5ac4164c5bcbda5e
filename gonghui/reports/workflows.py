"""The workflow tables of 报送 (`TASK_WORKFLOW`, `SUBMISSION_WORKFLOW`) and the button flags they give. A page shows a
button when its action is in `task_available_actions` / `submission_available_actions` (state and actor together);
the services apply the same tables and raise the state error. Steps that keep the state (修改 and 删除 of a draft,
催报 while published) are in the table too, so their buttons follow the same rule."""

from gonghui.accounts.actors import Actor
from gonghui.core.workflow import Transition, Workflow

from .choices import (
    ConsolidationAction,
    ConsolidationStatus,
    SubmissionAction,
    SubmissionStatus,
    TaskAction,
    TaskStatus,
)
from .models import ReportConsolidation, ReportSubmission, ReportTask
from .permissions import (
    can_manage_task,
    can_pass_up,
    can_return_consolidation,
    can_review,
    can_save_draft,
    can_submit,
)

DRAFT = frozenset({TaskStatus.DRAFT})
PUBLISHED = frozenset({TaskStatus.PUBLISHED})

TASK_WORKFLOW = Workflow(
    state_field="status",
    state_enum=TaskStatus,
    transitions=(
        Transition(TaskAction.PUBLISH, DRAFT, TaskStatus.PUBLISHED, allowed=can_manage_task),
        Transition(TaskAction.CLOSE, PUBLISHED, TaskStatus.CLOSED, allowed=can_manage_task),
        # steps that keep the state
        Transition(TaskAction.EDIT, DRAFT, TaskStatus.DRAFT, allowed=can_manage_task),
        Transition(TaskAction.DELETE, DRAFT, TaskStatus.DRAFT, allowed=can_manage_task),
        Transition(TaskAction.REMIND, PUBLISHED, TaskStatus.PUBLISHED, allowed=can_manage_task),
    ),
)

SUBMISSION_WORKFLOW = Workflow(
    state_field="status",
    state_enum=SubmissionStatus,
    transitions=(
        Transition(
            SubmissionAction.SUBMIT,
            frozenset({SubmissionStatus.PENDING}),
            SubmissionStatus.SUBMITTED,
            allowed=can_submit,
        ),
        Transition(
            SubmissionAction.RESUBMIT,
            frozenset({SubmissionStatus.RETURNED}),
            SubmissionStatus.SUBMITTED,
            allowed=can_submit,
        ),
        Transition(
            SubmissionAction.RETURN,
            frozenset({SubmissionStatus.SUBMITTED}),
            SubmissionStatus.RETURNED,
            allowed=can_review,
            note_required=True,
        ),
        Transition(
            SubmissionAction.ACCEPT,
            frozenset({SubmissionStatus.SUBMITTED}),
            SubmissionStatus.ACCEPTED,
            allowed=can_review,
        ),
        # 暂存 keeps the state (未报送 or 已退回): the answers wait in `draft`, neither shown as submitted nor counted
        Transition(
            SubmissionAction.SAVE_DRAFT,
            frozenset({SubmissionStatus.PENDING}),
            SubmissionStatus.PENDING,
            allowed=can_save_draft,
        ),
    ),
)
# 逐级审核汇总: the consolidating union passes its subtree's reviewed answers up; the sender may send them back.
CONSOLIDATION_WORKFLOW = Workflow(
    state_field="status",
    state_enum=ConsolidationStatus,
    transitions=(
        Transition(
            ConsolidationAction.PASS_UP,
            frozenset({ConsolidationStatus.PENDING}),
            ConsolidationStatus.PASSED,
            allowed=can_pass_up,
        ),
        Transition(
            ConsolidationAction.RETURN,
            frozenset({ConsolidationStatus.PASSED}),
            ConsolidationStatus.PENDING,
            allowed=can_return_consolidation,
            note_required=True,
        ),
    ),
)
# 报送 and 重新报送 are one button (the form on the submission page)
FILL_IN = frozenset({SubmissionAction.SUBMIT, SubmissionAction.RESUBMIT})


def task_available_actions(task: ReportTask, actor: Actor) -> list[str]:
    return [str(t.action) for t in TASK_WORKFLOW.available_actions(task, actor)]


def submission_available_actions(submission: ReportSubmission, actor: Actor) -> list[str]:
    return [str(t.action) for t in SUBMISSION_WORKFLOW.available_actions(submission, actor)]


def submission_may_fill_in(submission: ReportSubmission, actor: Actor) -> bool:
    """报送 or 重新报送 now: the task is open, the submission waits, and the actor reports for the recipient."""
    return any(SUBMISSION_WORKFLOW.can(submission, action, actor) for action in FILL_IN)


def consolidation_available_actions(consolidation: ReportConsolidation, actor: Actor) -> list[str]:
    return [str(t.action) for t in CONSOLIDATION_WORKFLOW.available_actions(consolidation, actor)]

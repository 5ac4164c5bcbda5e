"""The workflow tables of 报送 (`TASK_WORKFLOW`, `SUBMISSION_WORKFLOW`) and the button flags they give. A page shows a
button when its action is in `task_available_actions` / `submission_available_actions` (state and actor together);
the services apply the same tables and raise the state error. Steps that keep the state (修改 and 删除 of a draft,
催报 while published) are in the table too, so their buttons follow the same rule."""

from gonghui.accounts.actors import Actor
from gonghui.core.workflow import Transition, Workflow

from .choices import SubmissionAction, SubmissionStatus, TaskAction, TaskStatus
from .models import ReportSubmission, ReportTask
from .permissions import can_manage_task, can_review, can_submit

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

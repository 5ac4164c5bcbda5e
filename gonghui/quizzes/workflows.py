"""The workflow table of 答题活动 (`ACTIVITY_WORKFLOW`) and the button flags it gives. The detail page shows a button
when its action is in `activity_available_actions` (state and actor together); the services apply the same table
and raise the state error. 修改 keeps the state (a draft stays a draft): it is in the table so that its button and
the service follow the same rule; its timeline row is written by `activity_update`. 未开始 / 进行中 / 已结束 are no
states (they follow from the window: `QuizActivity.phase`); an attempt's open → submitted is a conditional UPDATE
in `services.attempts`, the lock that lets exactly one caller grade, not a workflow step."""

from gonghui.accounts.actors import Actor
from gonghui.core.workflow import Transition, Workflow

from .choices import ActivityAction, ActivityStatus
from .models import QuizActivity
from .permissions import can_manage_activity

DRAFT = frozenset({ActivityStatus.DRAFT})


def _manages(actor: Actor | None, activity: QuizActivity) -> bool:
    """`quizzes.manage` on the activity's own union; `None` is the platform itself (the demo, the tests)."""
    return actor is None or can_manage_activity(actor, activity)


ACTIVITY_WORKFLOW = Workflow(
    state_field="status",
    state_enum=ActivityStatus,
    transitions=(
        Transition(ActivityAction.PUBLISH, DRAFT, ActivityStatus.PUBLISHED, allowed=_manages),
        Transition(
            ActivityAction.CANCEL,
            frozenset({ActivityStatus.DRAFT, ActivityStatus.PUBLISHED}),
            ActivityStatus.CANCELLED,
            allowed=_manages,
            note_required=True,
        ),
        # a step that keeps the state
        Transition(ActivityAction.EDIT, DRAFT, ActivityStatus.DRAFT, allowed=_manages),
    ),
)


def activity_available_actions(activity: QuizActivity, actor: Actor) -> list[str]:
    """The actions the actor may take on the activity now (the detail page's buttons)."""
    return [str(t.action) for t in ACTIVITY_WORKFLOW.available_actions(activity, actor)]

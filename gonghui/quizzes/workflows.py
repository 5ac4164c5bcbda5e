"""The workflow table of 答题活动 (`ACTIVITY_WORKFLOW`) and the button flags it gives; and the rule that decides whether
a member may start (or continue) an attempt (`attempt_entry`).

The detail page shows a button when its action is in `activity_available_actions` (state and actor together); the
services apply the same table and raise the state error. 修改 keeps the state (a draft stays a draft): it is in the
table so that its button and the service follow the same rule; its timeline row is written by `activity_update`.
未开始 / 进行中 / 已结束 are no states (they follow from the window: `QuizActivity.phase`); an attempt's open →
submitted is a conditional UPDATE in `services.attempts`, the lock that lets exactly one caller grade, not a
workflow step.

开始答题 / 继续答题 is not a workflow table either: it moves no state (the attempt is created open; the activity
stays published), and whether it is allowed depends on the window, the member's eligibility, their network and
the attempts they have left — reasons a table's state check and yes/no guard cannot name. `attempt_entry` is the
one place the rule lives: the activity page shows 继续答题 / 开始答题 / the reason from it, and `attempt_start`
raises the same reason through `attempt_open_check`."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.core.errors import validation_error_text
from gonghui.core.workflow import Transition, Workflow
from gonghui.members.models import Member

from .choices import ActivityAction, ActivityPhase, ActivityStatus, AttemptStatus
from .models import Attempt, QuizActivity
from .permissions import can_manage_activity
from .rules import ip_allowed
from .selectors import activity_member_eligible

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


# --- 开始 / 继续答题 -------------------------------------------------------------------------------------------

PHASE_REFUSALS: dict[str, str] = {
    ActivityPhase.UPCOMING: "活动尚未开始",
    ActivityPhase.ENDED: "活动已结束",
    ActivityPhase.CANCELLED: "活动已撤销",
}

Refusal = ValidationError | PermissionDenied


@dataclass(frozen=True)
class AttemptEntry:
    """What the member may do on the activity now: continue their open attempt (`resume`, still in time), start a
    new one (`may_start`), or neither, and why (`refusal`: the error `attempt_start` raises). `left_today` /
    `left_total` are the attempts left (None: no limit)."""

    resume: Attempt | None
    refusal: Refusal | None
    left_today: int | None
    left_total: int | None

    @property
    def may_start(self) -> bool:
        return self.resume is None and self.refusal is None

    @property
    def reason(self) -> str:
        if isinstance(self.refusal, ValidationError):
            return validation_error_text(self.refusal)
        return str(self.refusal or "")


def attempts_left(limit: int, used: int) -> int | None:
    """Attempts left under a limit; None when the limit is 0 (no limit)."""
    return max(0, limit - used) if limit else None


def attempt_limits_refusal(
    activity: QuizActivity, *, left_today: int | None, left_total: int | None
) -> ValidationError | None:
    """No attempts left in total, or none left today (a limit of 0 is no limit)."""
    if left_total == 0:
        return ValidationError(f"本活动每人最多答 {activity.attempts_total} 次，您的次数已用完")
    if left_today == 0:
        return ValidationError(
            f"本活动每人每天最多答 {activity.attempts_per_day} 次，今天的次数已用完，请明天再来"
        )
    return None


def attempt_entry(
    activity: QuizActivity, member: Member, *, ip: str | None, now: datetime | None = None
) -> AttemptEntry:
    """The rule of 开始答题 / 继续答题, evaluated without writing. In order: the activity is in its window
    (published, started, not ended), the member is eligible, the request comes from an allowed network; then an
    open attempt still in time is continued whatever the limits, else a new one needs attempts left in total and
    today. An open attempt whose time ran out is neither: `attempt_start` submits it first."""
    now = now or timezone.now()
    attempts = Attempt.objects.filter(activity=activity, member=member)
    left_total = attempts_left(activity.attempts_total, attempts.count() if activity.attempts_total else 0)
    left_today = attempts_left(
        activity.attempts_per_day,
        attempts.filter(started_on=timezone.localdate(now)).count() if activity.attempts_per_day else 0,
    )
    refusal: Refusal | None = None
    phase = activity.phase
    if phase != ActivityPhase.OPEN:
        refusal = ValidationError(PHASE_REFUSALS.get(phase, "活动不在进行中"))
    elif not activity_member_eligible(activity, member):
        refusal = PermissionDenied("您不在本活动的参与范围内")
    elif not ip_allowed(activity, ip):
        refusal = ValidationError("本活动只允许在指定网络（IP 段）内答题")
    if refusal is not None:
        return AttemptEntry(resume=None, refusal=refusal, left_today=left_today, left_total=left_total)
    resume = attempts.filter(status=AttemptStatus.OPEN, deadline_at__gt=now).first()
    if resume is None:
        refusal = attempt_limits_refusal(activity, left_today=left_today, left_total=left_total)
    return AttemptEntry(resume=resume, refusal=refusal, left_today=left_today, left_total=left_total)


def attempt_open_check(
    activity: QuizActivity, member: Member, *, ip: str | None, now: datetime | None = None
) -> Attempt | None:
    """Refuse 开始答题 as the activity page would (ValidationError / PermissionDenied with the page's reason);
    return the open attempt to continue, or None when a new one may start."""
    entry = attempt_entry(activity, member, ip=ip, now=now)
    if entry.refusal is not None:
        raise entry.refusal
    return entry.resume

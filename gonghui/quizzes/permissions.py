"""Actions of 网上答题 and the role this app registers for a cadre who runs quizzes only. The built-in roles carry
them too (accounts/roles.py): union_admin and union_staff both actions, auditor `quizzes.view`."""

from gonghui.accounts.actors import Actor
from gonghui.accounts.roles import CONSOLE
from gonghui.accounts.scoping import has_action
from gonghui.core.registry import Role, roles

from .models import MANAGE, VIEW, QuestionBank, QuizActivity

ORGANISER_ROLE = "quiz_organiser"
ORGANISER = Role(
    code=ORGANISER_ROLE,
    label="答题活动组织者",
    actions=frozenset({CONSOLE, "orgs.view", VIEW, MANAGE}),
    order=75,
    description="本级及下级的题库、答题活动、排行榜和练兵",
)


def register_roles() -> None:
    if ORGANISER_ROLE not in roles:
        roles.register(ORGANISER_ROLE, ORGANISER)


def can_manage_bank(user: Actor, bank: QuestionBank) -> bool:
    """Only the owning union's side edits a bank; unions below see a shared bank read-only."""
    return has_action(user, MANAGE, bank.org)


def can_manage_activity(user: Actor, activity: QuizActivity) -> bool:
    return has_action(user, MANAGE, activity.org)

"""Who may change the working-day calendar: platform-wide reference data that any cadre reads and only a
系统管理员 (calendar.manage) edits."""

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import has_action_anywhere

MANAGE = "calendar.manage"


def can_manage_calendar(user: Actor) -> bool:
    return has_action_anywhere(user, MANAGE)

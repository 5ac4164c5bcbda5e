"""Who may do what with 竞赛. `contests.view` reads the contests of the user's subtrees (and, through an object
grant, the one contest a 合作单位联系人 is granted); `contests.manage` on the contest's union organises it (groups,
rounds, quotas, judging, results, library); `contests.manage` on a union enters that union's members (报名). The
built-in 工会管理员 / 工会干事 carry both, 只读审计 views."""

from typing import Any

from gonghui.accounts.scoping import has_action

from .models import Contest, Entry

VIEW = "contests.view"
MANAGE = "contests.manage"


def can_organise(user: Any, contest: Contest) -> bool:
    return has_action(user, MANAGE, contest.org)


def can_enter_for(user: Any, org: Any) -> bool:
    """May the user enter members for `org` (报名, 换人, 退赛)?"""
    return has_action(user, MANAGE, org)


def can_handle_entry(user: Any, entry: Entry) -> bool:
    return has_action(user, MANAGE, entry.entrant_org)

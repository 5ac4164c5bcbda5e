"""Who may do what with 签到. `checkins.view` lists the sessions of the user's subtrees and their check-ins;
`checkins.manage` on the session's union creates and edits sessions and checks people in (the scanner). The
built-in 工会管理员 / 工会干事 carry both, 只读审计 view. For other apps' targets the kind's `can_scan` decides."""

from typing import Any

from gonghui.accounts.scoping import has_action
from gonghui.members.choices import HOLDING_STATUSES

from .models import CheckinSession

VIEW = "checkins.view"
MANAGE = "checkins.manage"


def session_can_scan(user: Any, session: Any) -> bool:
    return isinstance(session, CheckinSession) and has_action(user, MANAGE, session.org)


def session_admits(member: Any, session: Any) -> bool:
    """A holding member of the session's subtree — or of its 名单 when one is given."""
    if member.status not in HOLDING_STATUSES:
        return False
    if session.target_list_id is not None:
        from gonghui.members.models import TargetListEntry

        return TargetListEntry.objects.filter(target_list_id=session.target_list_id, member=member).exists()
    return bool(member.org.path.startswith(session.org.path))

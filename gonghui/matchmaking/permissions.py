"""Who may do what in 婚恋交友. Members act on the portal for themselves: an 在籍 member may join by declaring 单身
and signing the 承诺, and only members with an active profile see other profiles. Cadres hold `matchmaking.stats`
(union admin, staff and auditor): counts of their subtree, each cell through `core.statistics.shown_count` ("<10" under 10), never a row.
The 婚恋交友管理员 (role `matchmaking_moderator`, granted on a union) holds `matchmaking.moderate`: the reports
about members of that subtree, and for each only the reported profile, every view audited."""

from typing import Any

from gonghui.accounts.scoping import has_action

STATS = "matchmaking.stats"
MODERATE = "matchmaking.moderate"
MODERATOR_ROLE = "matchmaking_moderator"


def can_moderate(user: Any, org: Any) -> bool:
    return has_action(user, MODERATE, org)

"""Who may do what in 婚恋交友. Members act on the portal for themselves: an 在籍 member may join by declaring 单身
and signing the 承诺, and only members with an active profile see other profiles. Cadres hold `matchmaking.stats`
(union admin, staff and auditor): counts of their subtree, each cell under `MIN_CELL` shown as "<10", never a row.
The 婚恋交友管理员 (role `matchmaking_moderator`, granted on a union) holds `matchmaking.moderate`: the reports
about members of that subtree, and for each only the reported profile, every view audited."""

from typing import Any

from gonghui.accounts.scoping import has_action

STATS = "matchmaking.stats"
MODERATE = "matchmaking.moderate"
MODERATOR_ROLE = "matchmaking_moderator"

# Aggregates about people never show a group under 10 (pages, exports, the API, notification texts).
MIN_CELL = 10


def shown_count(value: int) -> str:
    """A count about people as a cadre may see it: "<10" for 1–9, the number otherwise (0 stays 0)."""
    return "<10" if 0 < value < MIN_CELL else str(value)


def can_moderate(user: Any, org: Any) -> bool:
    return has_action(user, MODERATE, org)

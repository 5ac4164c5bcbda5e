"""Registrations of part moderation: the role 婚恋交友管理员 (`matchmaking_moderator`), granted on a union by its
admin, who handles reports about members of that subtree and sees only each reported profile; the console home's
counter of reports waiting for them."""

from typing import Any

COUNTER = "matchmaking.reports_pending"


def _pending(user: Any, org: Any) -> int:
    from ..selectors.moderation import pending_report_count

    return pending_report_count(user)


def register() -> None:
    """Called once from MatchmakingConfig.ready()."""
    from gonghui.accounts.roles import CONSOLE
    from gonghui.core.registry import HomeCounter, Role, home_counters, roles

    from ..permissions import MODERATE, MODERATOR_ROLE, STATS

    if MODERATOR_ROLE not in roles:
        roles.register(
            MODERATOR_ROLE,
            Role(
                code=MODERATOR_ROLE,
                label="婚恋交友管理员",
                actions=frozenset({CONSOLE, MODERATE, STATS}),
                order=97,
                description="处理婚恋交友的举报：只看被举报的那一份资料（每次查看记入审计），处理结果通知举报人",
            ),
        )
    if COUNTER not in home_counters:
        home_counters.register(
            COUNTER,
            HomeCounter(
                key=COUNTER,
                label="待处理的婚恋交友举报",
                count=_pending,
                action=MODERATE,
                url_name="matchmaking:report_list",
                order=134,
            ),
        )

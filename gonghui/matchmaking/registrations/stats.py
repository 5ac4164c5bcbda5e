"""Registrations of part stats: the 婚恋交友统计 export (`matchmaking_stats`, counts only, audited by the
spreadsheets block), the read-only API (`/api/v1/matchmaking/stats`, token scope `matchmaking:stats`) and the
activities audience "婚恋交友平台的单身会员" (`matchmaking.singles`): private — the organiser sees only its size,
sign-up is required, and the invitations go out through matchmaking (`services.stats.invitation_send`)."""

from typing import Any

API_ROUTER = "matchmaking"
API_SCOPE = "matchmaking:stats"


def _invite(activity: Any, actor: Any) -> int:
    from ..services.stats import invitation_send

    return invitation_send(activity=activity, actor=actor)


def register() -> None:
    """Called once from MatchmakingConfig.ready()."""
    from gonghui.accounts.api_tokens import API_SCOPES
    from gonghui.activities.audiences import ActivityAudience, activity_audiences
    from gonghui.core.registry import ApiRouter, api_routers
    from gonghui.core.spreadsheets import exporters

    from ..selectors.stats import invitation_sent, singles_q
    from ..services.stats import SINGLES_AUDIENCE
    from ..spreadsheets import EXPORTER, MatchStatsExporter

    if EXPORTER not in exporters:
        exporters.register(EXPORTER, MatchStatsExporter())
    API_SCOPES.setdefault(API_SCOPE, "读取婚恋交友统计（只含人数）")
    if API_ROUTER not in api_routers:
        api_routers.register(
            API_ROUTER, ApiRouter(prefix="/matchmaking", router="gonghui.matchmaking.api:router", order=96)
        )
    if SINGLES_AUDIENCE not in activity_audiences:
        activity_audiences.register(
            SINGLES_AUDIENCE,
            ActivityAudience(
                key=SINGLES_AUDIENCE,
                label="婚恋交友平台的单身会员（只显示人数）",
                members_q=singles_q,
                order=80,
                private=True,
                invite=_invite,
                invited=invitation_sent,
            ),
        )

"""Registrations of part teams: the city union's home counter of 待市总审核 teams, and on the portal the tile 我的参赛
(for members on a team) and the 正在进行 card of an approved team whose event is coming."""

from gonghui.core.registry import (
    HomeCounter,
    PortalCard,
    PortalTile,
    home_counters,
    portal_cards,
    portal_tiles,
)

from ..permissions import MANAGE

COUNTER = "activities.teams_pending"
PORTAL_TILE = "activities.my_teams"
PORTAL_CARD = "activities.my_teams"


def register() -> None:
    """Called once from ActivitiesConfig.ready()."""
    from ..selectors.teams import member_is_on_a_team, member_team_card_items, pending_count

    if COUNTER not in home_counters:
        home_counters.register(
            COUNTER,
            HomeCounter(
                key=COUNTER,
                label="待市总审核的参赛队",
                count=pending_count,
                action=MANAGE,
                url_name="activities:delegation_list",
                order=96,
            ),
        )
    if PORTAL_TILE not in portal_tiles:
        portal_tiles.register(
            PORTAL_TILE,
            PortalTile(
                key=PORTAL_TILE,
                label="我的参赛",
                url_name="activities_portal:my_teams",
                icon="trophy",
                order=62,
                description="参加省教科文卫体工会文体活动的参赛队、角色和成绩",
                shown=member_is_on_a_team,
            ),
        )
    if PORTAL_CARD not in portal_cards:
        portal_cards.register(
            PORTAL_CARD, PortalCard(key=PORTAL_CARD, kind="now", items=member_team_card_items, order=72)
        )

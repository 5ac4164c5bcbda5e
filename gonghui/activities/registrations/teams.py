"""Registrations of part teams: the city union's home counter of 待市总审核 teams."""

from gonghui.core.registry import HomeCounter, home_counters

from ..permissions import MANAGE

COUNTER = "activities.teams_pending"


def register() -> None:
    """Called once from ActivitiesConfig.ready()."""
    from ..selectors.teams import pending_count

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

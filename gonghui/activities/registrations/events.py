"""Registrations of part events: the console home counter 本周活动 (published activities of the user's subtrees
starting this week). The activity page's record panels are registered by the parts that own them."""

from typing import Any


def _this_week(user: Any, org: Any) -> int:
    from ..selectors.events import activities_this_week_count

    return activities_this_week_count(user)


def register() -> None:
    """Called once from ActivitiesConfig.ready()."""
    from gonghui.core.registry import HomeCounter, home_counters

    from ..permissions import VIEW

    if "activities.this_week" not in home_counters:
        home_counters.register(
            "activities.this_week",
            HomeCounter(
                key="activities.this_week",
                label="本周活动",
                count=_this_week,
                action=VIEW,
                url_name="activities:list",
                order=121,
            ),
        )

"""Who may do what in 活动与志愿服务. Activities, teams, 工间操 and volunteer service are the union's ordinary work:
its admin and staff hold `activities.view` and `activities.manage` on their union (and so on its subtree), its
auditor `activities.view`. A member signs up, cancels, checks in and asks for a 证明 on the portal, for themself
only. A team sent to an event above the platform is approved by the city union: `activities.manage` on the root
of the tree."""

from typing import Any

from gonghui.accounts.scoping import has_action
from gonghui.core.statistics import MIN_CELL as MIN_CELL  # the minimum cell, re-exported for this app

VIEW = "activities.view"
MANAGE = "activities.manage"


def can_manage_for(user: Any, org: Any) -> bool:
    """May the user organise activities, teams, 工间操 and volunteer service for `org`?"""
    return has_action(user, MANAGE, org)

"""Registrations of 评选表彰 — part `campaigns`: the console home's counters (campaigns above the user's unions
taking nominations now; nominations waiting for the user's 县区审核). The menu entry is in apps.py; the campaign's
quota set and 公示 are owned through the quotas and notices blocks' generic owner fields, and the 公示 kind is
registered by part `naming`."""

from typing import Any

from gonghui.core.registry import HomeCounter, home_counters

from ..permissions import MANAGE
from ..selectors.campaigns import campaigns_open_to_nominate
from ..selectors.nominations import nominations_awaiting_review_count


def _open_count(user: Any, org: Any) -> int:
    return campaigns_open_to_nominate(user).count()


def _review_count(user: Any, org: Any) -> int:
    return nominations_awaiting_review_count(user)


def register() -> None:
    if "honours.open_calls" not in home_counters:
        home_counters.register(
            "honours.open_calls",
            HomeCounter(
                key="honours.open_calls",
                label="征集推荐中的评选",
                count=_open_count,
                action=MANAGE,
                url_name="honours:list",
                order=62,
            ),
        )
    if "honours.to_review" not in home_counters:
        home_counters.register(
            "honours.to_review",
            HomeCounter(
                key="honours.to_review",
                label="待审核的评选推荐",
                count=_review_count,
                action=MANAGE,
                url_name="honours:list",
                order=63,
            ),
        )

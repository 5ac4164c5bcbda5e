"""Registrations of subsidies to grassroots unions (part `subsidies`): the console home's counter of shares still
unspent within 30 days of the spend-by date (the menu entry is in apps.py)."""

from typing import Any

from django.utils import timezone

from gonghui.core.registry import HomeCounter, home_counters

from ..permissions import CARE_MANAGE
from ..selectors.subsidies import shares_near_spend_by

COUNTER = "welfare.subsidies_near_spend_by"


def _near_spend_by(user: Any, org: Any) -> int:
    return shares_near_spend_by(user, timezone.localdate())


def register() -> None:
    if COUNTER not in home_counters:
        home_counters.register(
            COUNTER,
            HomeCounter(
                key=COUNTER,
                label="补助临近使用截止",
                count=_near_spend_by,
                action=CARE_MANAGE,
                url_name="welfare:subsidy_list",
                order=110,
            ),
        )

"""Builders for the 慰问 tests (part `condolences`): a 慰问金 budget line of a union's fund, a standard, a payment."""

import datetime as dt
from decimal import Decimal
from typing import Any

from gonghui.ledger.models import BudgetLine
from gonghui.ledger.tests.factories import make_line
from gonghui.members.models import Member
from gonghui.orgs.models import Org
from gonghui.welfare.choices import CondolenceOccasion
from gonghui.welfare.models import CondolencePayment, CondolenceStandard
from gonghui.welfare.services.condolences import condolence_pay, condolence_standard_save


def condolence_line(org: Org, amount: str = "10000.00") -> BudgetLine:
    return make_line(org, purpose="慰问金", amount=amount)


def make_standard(
    actor: Any,
    org: Org,
    *,
    occasion: str = CondolenceOccasion.HOSPITAL,
    max_amount: str = "500",
    times: int | None = None,
    since: dt.date = dt.date(2020, 1, 1),
    basis: str = "",
) -> CondolenceStandard:
    return condolence_standard_save(
        actor=actor,
        org=org,
        occasion=occasion,
        max_amount=Decimal(max_amount),
        times_per_year=times,
        effective_from=since,
        basis=basis,
    )


def make_payment(
    actor: Any,
    org: Org,
    member: Member,
    line: BudgetLine,
    *,
    occasion: str = CondolenceOccasion.HOSPITAL,
    amount: str = "300",
    on: dt.date = dt.date(2026, 3, 2),
    **extra: Any,
) -> CondolencePayment:
    return condolence_pay(
        actor=actor,
        org=org,
        member=member,
        occasion=occasion,
        event_date=on,
        amount=Decimal(amount),
        budget_line=line,
        **extra,
    )

"""Builders for the ledger tests: a fund with one budget line, and an entry written straight to the table."""

from decimal import Decimal
from typing import Any

from gonghui.accounts.models import User
from gonghui.ledger.choices import FundKind
from gonghui.ledger.models import BudgetLine, Fund, LedgerEntry
from gonghui.orgs.models import Org


def make_line(
    org: Org, *, amount: str = "1000.00", purpose: str = "春节慰问", year: int = 2026
) -> BudgetLine:
    fund, _ = Fund.objects.get_or_create(org=org, year=year, name="本级经费", defaults={"kind": FundKind.OWN})
    return BudgetLine.objects.create(fund=fund, purpose=purpose, amount=Decimal(amount))


def make_entry(
    line: BudgetLine, *, actor: User, key: str = "k1", amount: str = "100.00", **extra: Any
) -> LedgerEntry:
    return LedgerEntry.objects.create(
        budget_line=line,
        amount=Decimal(amount),
        payee_name="甲会员",
        purpose=line.purpose,
        idempotency_key=key,
        created_by=actor,
        **extra,
    )

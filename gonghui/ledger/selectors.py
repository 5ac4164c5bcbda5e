"""Reads of the money ledger: what a budget line has paid and has left, an entry's status (its latest bank
answer), and totals by union, fund and purpose. Lists go through `visible_to` on the user's `ledger.view`."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from gonghui.accounts.actors import Actor

from .choices import EntryStatus
from .models import BudgetLine, LedgerEntry, PaymentResult
from .permissions import VIEW

ZERO = Decimal("0.00")
_MONEY = DecimalField(max_digits=16, decimal_places=2)


def line_spent(line: BudgetLine) -> Decimal:
    """The sum of the line's entries: payments minus their reversals."""
    total = LedgerEntry.objects.filter(budget_line=line).aggregate(total=Sum("amount"))["total"]
    return Decimal(total).quantize(ZERO) if total is not None else ZERO


def line_remaining(line: BudgetLine) -> Decimal:
    return line.amount - line_spent(line)


def entries_with_status(queryset: QuerySet[LedgerEntry]) -> QuerySet[LedgerEntry]:
    """The entries annotated with `status` (the latest `PaymentResult`, else 待支付) and `status_reason`."""
    latest = PaymentResult.objects.filter(entry=OuterRef("pk")).order_by("-imported_at", "-id")
    return queryset.annotate(
        status=Coalesce(Subquery(latest.values("status")[:1]), Value(EntryStatus.PENDING)),
        status_reason=Coalesce(Subquery(latest.values("reason")[:1]), Value("")),
    )


def entry_status(entry: LedgerEntry) -> EntryStatus:
    latest = PaymentResult.objects.filter(entry=entry).order_by("-imported_at", "-id").first()
    return EntryStatus(latest.status) if latest is not None else EntryStatus.PENDING


def entries_visible_to(user: Actor) -> QuerySet[LedgerEntry]:
    return entries_with_status(
        LedgerEntry.objects.visible_to(user, VIEW).select_related("budget_line__fund__org", "reverses")
    )


def entry_by_key(key: str) -> LedgerEntry | None:
    """The entry written under a caller's idempotency key (for the caller's own bookkeeping, unscoped: the
    caller already holds the owner object the key names)."""
    return LedgerEntry.objects.filter(idempotency_key=key).first()


@dataclass(frozen=True)
class LedgerTotal:
    org_name: str
    year: int
    fund_name: str
    purpose: str
    budget: Decimal
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.spent


def ledger_totals(user: Actor, *, year: int | None = None) -> list[LedgerTotal]:
    """One row per visible budget line (union, fund, purpose): budget, net paid, remaining. One query."""
    lines = BudgetLine.objects.visible_to(user, VIEW).select_related("fund__org")
    if year is not None:
        lines = lines.filter(fund__year=year)
    annotated = lines.annotate(
        spent=Coalesce(Sum("entries__amount"), Value(ZERO), output_field=_MONEY)
    ).order_by("fund__org__path", "-fund__year", "fund__name", "purpose")
    return [
        LedgerTotal(
            org_name=line.fund.org.name,
            year=line.fund.year,
            fund_name=line.fund.name,
            purpose=line.purpose,
            budget=line.amount,
            spent=Decimal(line.spent).quantize(ZERO),
        )
        for line in annotated
    ]

"""Reads of the money ledger: what a budget line has paid and has left, an entry's status (its latest bank
answer), and totals by union, fund and purpose. Lists go through `visible_to` on the user's `ledger.view`."""

from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from django.db.models import (
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import ScopedQuerySet
from gonghui.members.models import Member

from .choices import EntryStatus
from .models import BudgetLine, Fund, LedgerEntry, PaymentResult
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


def payee_latest_entry(user: Actor, member: Member) -> LedgerEntry | None:
    """The member's latest live payment with a bank account that the user reads (`ledger.view`): a paying form
    offers its account (masked) and the paying service reuses it when no other account is given."""
    return (
        LedgerEntry.objects.visible_to(user, VIEW)
        .filter(payee_member=member, reverses__isnull=True)
        .exclude(bank_account_encrypted="")
        .order_by("-created_at", "-id")
        .first()
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


def lines_with_spent(queryset: QuerySet[BudgetLine]) -> QuerySet[BudgetLine]:
    """Budget lines annotated with `spent` (net of reversals) and `remaining` (`amount - spent`)."""
    return queryset.annotate(
        spent=Coalesce(Sum("entries__amount"), Value(ZERO), output_field=_MONEY)
    ).annotate(remaining=ExpressionWrapper(F("amount") - F("spent"), output_field=_MONEY))


def funds_visible_to(user: Actor, *, year: int | None = None) -> QuerySet[Fund]:
    """The funds the user reads, each with its lines (annotated with `spent`) prefetched: two queries."""
    funds = Fund.objects.visible_to(user, VIEW).select_related("org")
    if year is not None:
        funds = funds.filter(year=year)
    lines = lines_with_spent(BudgetLine.objects.order_by("purpose"))
    return funds.order_by("org__path", "-year", "name").prefetch_related(Prefetch("lines", queryset=lines))


def fund_get_visible_or_404(user: Actor, fund_id: int, *, demand: str | None = None) -> Fund:
    return Fund.objects.select_related("org").get_visible_or_404(user, VIEW, demand=demand, pk=fund_id)


def line_get_visible_or_404(user: Actor, line_id: int, *, demand: str | None = None) -> BudgetLine:
    lines = cast(ScopedQuerySet[BudgetLine], lines_with_spent(BudgetLine.objects.select_related("fund__org")))
    return lines.get_visible_or_404(user, VIEW, demand=demand, pk=line_id)


def entry_get_visible_or_404(user: Actor, entry_id: int, *, demand: str | None = None) -> LedgerEntry:
    entries = cast(
        ScopedQuerySet[LedgerEntry],
        entries_with_status(
            LedgerEntry.objects.select_related("budget_line__fund__org", "reverses", "created_by", "reversal")
        ),
    )
    return entries.get_visible_or_404(user, VIEW, demand=demand, pk=entry_id)


def entry_results(entry: LedgerEntry) -> QuerySet[PaymentResult]:
    """The bank's answers for one entry, latest first."""
    return (
        PaymentResult.objects.filter(entry=entry)
        .select_related("imported_by")
        .order_by("-imported_at", "-id")
    )


@dataclass(frozen=True)
class EntryFilters:
    fund: int | None = None
    line: int | None = None
    purpose: str = ""
    payee: str = ""
    status: str = ""
    year: int | None = None


REVERSED = "reversed"


def entry_list_for_user(user: Actor, filters: EntryFilters) -> QuerySet[LedgerEntry]:
    """The user's visible entries with their status, filtered; status `reversed` means a payment that has been
    reversed or a reversal itself; the other statuses name payments that stand (not reversed)."""
    entries = entries_visible_to(user).select_related("reversal")
    if filters.fund is not None:
        entries = entries.filter(budget_line__fund_id=filters.fund)
    if filters.line is not None:
        entries = entries.filter(budget_line_id=filters.line)
    if filters.purpose:
        entries = entries.filter(purpose__contains=filters.purpose)
    if filters.payee:
        entries = entries.filter(payee_name__contains=filters.payee)
    if filters.year is not None:
        entries = entries.filter(budget_line__fund__year=filters.year)
    if filters.status == REVERSED:
        entries = entries.filter(Q(reverses__isnull=False) | Q(reversal__isnull=False))
    elif filters.status:
        entries = entries.filter(Q(status=filters.status), reverses__isnull=True, reversal__isnull=True)
    return entries.order_by("-created_at", "-id")


def ledger_years(user: Actor) -> list[int]:
    return sorted(set(Fund.objects.visible_to(user, VIEW).values_list("year", flat=True)), reverse=True)


def fund_choices_for_user(user: Actor) -> list[tuple[int, str]]:
    """The visible funds as filter choices, "工会 · 2026年 本级经费", in tree order."""
    funds = Fund.objects.visible_to(user, VIEW).select_related("org").order_by("org__path", "-year", "name")
    return [(fund.pk, f"{fund.org.name} · {fund}") for fund in funds]


def line_entries(line: BudgetLine) -> QuerySet[LedgerEntry]:
    """One budget line's entries with their status, newest first (the line's page; the line is already checked)."""
    entries = LedgerEntry.objects.filter(budget_line=line).select_related(
        "budget_line__fund__org", "reverses", "reversal"
    )
    return entries_with_status(entries).order_by("-created_at", "-id")

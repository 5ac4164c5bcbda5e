"""Reads of 慰问 standards, payments and visits (part `condolences`).

Standards: a user reads the standards of their subtrees (`welfare.care_view`) and of the unions above them (they
apply below); `standard_for(org, occasion, day)` is the standard a 慰问 of `org` on `day` is checked against — the
latest one effective on that day of `org`, else of the nearest union above it. Payments are scoped by the paying
union (`welfare.care_view`); a payment whose ledger entry was reversed is 已冲销 (derived from the ledger: the
entry has a `reversal`) and counts in no total nor in the times-per-year check."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.scoping import above_q, action_paths, has_action, scope_q
from gonghui.core.registry import MemberRequest
from gonghui.core.timeline import timeline_for
from gonghui.ledger.models import BudgetLine, LedgerEntry
from gonghui.ledger.selectors import lines_with_spent
from gonghui.members.models import Member
from gonghui.members.selectors.registry import search_q
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Org
from gonghui.visits.selectors import visits_of

from ..choices import CondolenceOccasion
from ..models import CondolencePayment, CondolenceStandard
from ..permissions import CARE_MANAGE, CARE_VIEW

LEDGER_VIEW = "ledger.view"
LEDGER_MANAGE = "ledger.manage"
ZERO = Decimal("0.00")
MEMBER_SEARCH_LIMIT = 20


# --- standards ------------------------------------------------------------------------------------------------


def standard_for(org: Org, occasion: str, day: dt.date) -> CondolenceStandard | None:
    """The standard a 慰问 of `org` on `day` is checked against: among `org` and the unions above it, the nearest
    union that has a standard for `occasion` effective on `day`, and of its standards the latest effective one."""
    paths = org.ancestor_paths()
    candidates = CondolenceStandard.objects.filter(
        org__path__in=paths, occasion=occasion, effective_from__lte=day
    ).select_related("org")
    best: CondolenceStandard | None = None
    for standard in candidates:
        if best is None or (len(standard.org.path), standard.effective_from) > (
            len(best.org.path),
            best.effective_from,
        ):
            best = standard
    return best


def standards_visible(user: Any) -> QuerySet[CondolenceStandard]:
    """The standards of the user's subtrees and of the unions above them, `is_used` annotated."""
    return (
        CondolenceStandard.objects.filter(
            scope_q(user, CARE_VIEW, path_field="org__path")
            | above_q(user, CARE_VIEW, path_field="org__path")
        )
        .select_related("org", "updated_by")
        .annotate(is_used=Exists(CondolencePayment.objects.filter(standard_id=OuterRef("pk"))))
        .order_by("org__path", "occasion", "-effective_from")
    )


@dataclass(frozen=True)
class StandardRow:
    standard: CondolenceStandard
    state: str  # 现行 / 已被取代 / 待执行
    may_edit: bool


def standard_rows(user: Any, *, org_id: int | None = None, occasion: str = "") -> list[StandardRow]:
    """Every standard the user reads with its state today: per union and occasion the latest one effective today
    is 现行, older ones 已被取代, later ones 待执行. 修改 is offered on an unused standard of a union the user
    manages."""
    today = timezone.localdate()
    standards = standards_visible(user)
    if org_id:
        standards = standards.filter(org_id=org_id)
    if occasion:
        standards = standards.filter(occasion=occasion)
    current: dict[tuple[int, str], dt.date] = {}
    rows: list[StandardRow] = []
    listed = list(standards)
    for standard in listed:  # ordered by -effective_from within (org, occasion)
        key = (standard.org_id, standard.occasion)
        if standard.effective_from <= today and key not in current:
            current[key] = standard.effective_from
    for standard in listed:
        key = (standard.org_id, standard.occasion)
        if standard.effective_from > today:
            state = "待执行"
        elif current.get(key) == standard.effective_from:
            state = "现行"
        else:
            state = "已被取代"
        rows.append(
            StandardRow(
                standard=standard,
                state=state,
                may_edit=not standard.is_used and has_action(user, CARE_MANAGE, standard.org),  # type: ignore[attr-defined]
            )
        )
    return rows


def standard_for_user(user: Any, standard_id: int, *, demand: str | None = None) -> CondolenceStandard:
    """A standard of the user's subtrees (404 outside, 403 without `demand` on its union)."""
    return CondolenceStandard.objects.select_related("org").get_visible_or_404(
        user, CARE_VIEW, demand=demand, pk=standard_id
    )


def standard_is_used(standard: CondolenceStandard) -> int:
    """How many payments were checked against the standard."""
    return CondolencePayment.objects.filter(standard=standard).count()


def manage_orgs(user: Any) -> QuerySet[Org]:
    """The unions where the user's `welfare.care_manage` grants sit: they make standards and pay 慰问."""
    return Org.objects.filter(path__in=action_paths(user, CARE_MANAGE), status=OrgStatus.ACTIVE).order_by(
        "path"
    )


def standard_orgs(user: Any) -> list[tuple[int, str]]:
    """The unions of the standards the user reads (the list's filter)."""
    rows = standards_visible(user).values_list("org_id", "org__name", "org__path").distinct()
    return [(pk, name) for pk, name, _path in sorted(set(rows), key=lambda row: row[2])]


# --- payments -------------------------------------------------------------------------------------------------


def _reversed() -> Exists:
    return Exists(LedgerEntry.objects.filter(reverses_id=OuterRef("ledger_entry_id")))


def payments_visible_to(user: Any, action: str = CARE_VIEW) -> QuerySet[CondolencePayment]:
    """The payments of the paying unions in the user's subtrees, `is_reversed` annotated."""
    return (
        CondolencePayment.objects.visible_to(user, action)
        .select_related(
            "org", "member__org", "standard__org", "budget_line__fund__org", "recorded_by", "visit"
        )
        .annotate(is_reversed=_reversed())
    )


@dataclass(frozen=True)
class PaymentFilters:
    year: int | None = None
    occasion: str = ""
    org: int | None = None
    q: str = ""

    def any(self) -> bool:
        return bool(self.year or self.occasion or self.org or self.q)


def _int(raw: Any) -> int | None:
    text = str(raw or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


def payment_filters(params: Any) -> PaymentFilters:
    """The list's filters from a query string (unknown or malformed values are ignored)."""
    occasion = str(params.get("occasion") or "")
    return PaymentFilters(
        year=_int(params.get("year")),
        occasion=occasion if occasion in CondolenceOccasion.values else "",
        org=_int(params.get("org")),
        q=str(params.get("q") or "").strip()[:50],
    )


def payment_list_for_user(user: Any, filters: PaymentFilters) -> QuerySet[CondolencePayment]:
    """The list page's (and the export's) payments: by the event date's year, occasion, paying union (with its
    subtree) and a search of the member's name, 手机号 or 会员编号; newest event first."""
    payments = payments_visible_to(user)
    if filters.year:
        payments = payments.filter(event_date__year=filters.year)
    if filters.occasion:
        payments = payments.filter(occasion=filters.occasion)
    if filters.org:
        path = Org.objects.filter(pk=filters.org).values_list("path", flat=True).first()
        payments = payments.filter(org__path__startswith=path) if path else payments.none()
    if filters.q:
        payments = payments.filter(
            Q(member__name__contains=filters.q)
            | Q(member__phone=filters.q)
            | Q(member__member_number=filters.q)
        )
    return payments.order_by("-event_date", "-pk")


@dataclass(frozen=True)
class OccasionTotal:
    label: str
    total: Decimal
    count: int


def totals_by_occasion(payments: QuerySet[CondolencePayment]) -> list[OccasionTotal]:
    """Totals per occasion (in the choice order) of the payments that stand (reversed ones left out). One query."""
    rows = {
        row["occasion"]: row
        for row in payments.filter(ledger_entry__reversal__isnull=True)
        .order_by()
        .values("occasion")
        .annotate(total=Sum("amount"), n=Count("pk"))
    }
    return [
        OccasionTotal(
            label=str(label), total=Decimal(rows[value]["total"]).quantize(ZERO), count=rows[value]["n"]
        )
        for value, label in CondolenceOccasion.choices
        if value in rows
    ]


@dataclass(frozen=True)
class FilterChoices:
    years: list[int]
    orgs: list[tuple[int, str]]


def payment_filter_choices(user: Any) -> FilterChoices:
    payments = CondolencePayment.objects.visible_to(user, CARE_VIEW).order_by()
    years = sorted({day.year for day in payments.dates("event_date", "year")}, reverse=True)
    orgs = sorted(set(payments.values_list("org_id", "org__name", "org__path")), key=lambda row: row[2])
    return FilterChoices(years=years, orgs=[(pk, name) for pk, name, _path in orgs])


def payment_for(user: Any, payment_id: int, *, demand: str | None = None) -> CondolencePayment:
    """One payment of the user's subtrees (404 outside, 403 without `demand` on the paying union)."""
    return (
        CondolencePayment.objects.select_related(
            "org", "member__org", "standard__org", "budget_line__fund__org", "recorded_by", "visit"
        )
        .annotate(is_reversed=_reversed())
        .get_visible_or_404(user, CARE_VIEW, demand=demand, pk=payment_id)
    )


def payment_is_reversed(payment: CondolencePayment) -> bool:
    return (
        payment.ledger_entry_id is not None
        and LedgerEntry.objects.filter(reverses_id=payment.ledger_entry_id).exists()
    )


def times_used(*, org: Org, member: Member, occasion: str, year: int) -> int:
    """The member's payments by `org` for `occasion` with an event date in `year` that stand (not reversed)."""
    return (
        CondolencePayment.objects.filter(org=org, member=member, occasion=occasion, event_date__year=year)
        .filter(ledger_entry__reversal__isnull=True)
        .count()
    )


def payable_lines(user: Any) -> QuerySet[BudgetLine]:
    """Budget lines of the funds of the unions where the user pays 慰问 (`welfare.care_manage`) that the user
    manages in the ledger (`ledger.manage`), `remaining` annotated."""
    paths = action_paths(user, CARE_MANAGE)
    lines = BudgetLine.objects.visible_to(user, LEDGER_MANAGE).filter(fund__org__path__in=paths)
    return lines_with_spent(lines.select_related("fund__org")).order_by(
        "-fund__year", "fund__org__path", "fund__name", "purpose"
    )


def members_for_payment(user: Any, query: str) -> list[Member]:
    """Members of the user's `welfare.care_manage` subtrees matching a name (or its pinyin), a full 手机号 or a
    会员编号: the payment form's member search (at most 20)."""
    query = query.strip()
    if not query:
        return []
    return list(
        Member.objects.in_subtrees(user, CARE_MANAGE)
        .filter(search_q(query) | Q(member_number=query))
        .select_related("org")
        .order_by("name", "pk")[:MEMBER_SEARCH_LIMIT]
    )


def member_for_payment(user: Any, public_id: Any) -> Member | None:
    """The chosen member if they are in the user's `welfare.care_manage` subtrees (else None, however it fails)."""
    try:
        return (
            Member.objects.in_subtrees(user, CARE_MANAGE)
            .select_related("org")
            .filter(public_id=public_id)
            .first()
        )
    except (ValueError, TypeError, ValidationError):  # a malformed id
        return None


def may_open_entry(user: Any, payment: CondolencePayment) -> bool:
    return bool(payment.ledger_entry_id) and has_action(user, LEDGER_VIEW, payment.budget_line.fund.org)


def may_reverse(user: Any, payment: CondolencePayment) -> bool:
    return (
        bool(payment.ledger_entry_id)
        and has_action(user, CARE_MANAGE, payment.org)
        and has_action(user, LEDGER_MANAGE, payment.budget_line.fund.org)
    )


def payment_page(*, user: Any, payment: CondolencePayment) -> dict[str, Any]:
    """The detail page's context: facts, the visit card (through the visits block), the timeline."""
    may_manage = has_action(user, CARE_MANAGE, payment.org)
    is_reversed = bool(getattr(payment, "is_reversed", False))
    return {
        "payment": payment,
        "is_reversed": is_reversed,
        "may_open_entry": may_open_entry(user, payment),
        "may_reverse": not is_reversed and may_reverse(user, payment),
        "may_visit": may_manage and payment.visit_id is None,
        "visits": visits_of(payment),
        "timeline": timeline_for(payment),
        "reversal": LedgerEntry.objects.filter(reverses_id=payment.ledger_entry_id).first()
        if is_reversed
        else None,
    }


# --- member side ----------------------------------------------------------------------------------------------


def my_payments(member: Member | None = None, *, user: Any = None) -> QuerySet[CondolencePayment]:
    """The member's own payments (or, given `user`, those of that user's member record), `is_reversed`
    annotated, newest first."""
    own = {"member": member} if user is None else {"member__user": user}
    return (
        CondolencePayment.objects.filter(**own)
        .select_related("org", "visit")
        .annotate(is_reversed=_reversed())
        .order_by("-event_date", "-pk")
    )


def my_payment_or_404(member: Member, public_id: Any) -> CondolencePayment:
    """The member's own payment (another member's, or a malformed id, is a 404)."""
    payment = my_payments(member).filter(public_id=str(public_id)).first()
    if payment is None:
        raise Http404
    return payment


def my_requests(user: Any) -> list[MemberRequest]:
    """我的办理: the member's 慰问金 that stand (a reversed one is left out), each with its receipt."""
    if isinstance(user, AnonymousUser) or not getattr(user, "is_authenticated", False):
        return []
    return [
        MemberRequest(
            kind="慰问金",
            title=f"{payment.org.name}{payment.get_occasion_display()}慰问金 {payment.amount} 元",
            status="已发放",
            url=reverse("welfare_portal:condolence_receipt", args=[payment.public_id]),
            submitted_at=payment.created_at,
        )
        for payment in my_payments(user=user)[:50]
        if not payment.is_reversed  # type: ignore[attr-defined]
    ]

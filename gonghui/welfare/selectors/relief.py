"""Reads of 送温暖 and 慰问金 campaigns (part `relief`): the campaign list of the user's subtrees (year, status,
search), one campaign or person (404 outside the subtree, 403 without the demanded action), a campaign's totals and
its people, the budget lines a campaign may be paid from, the sources of people (名单, tags) and the member's own
payments (我的慰问金, 我的办理)."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.urls import reverse

from gonghui.accounts.scoping import action_paths, has_action
from gonghui.core.registry import MemberRequest
from gonghui.core.timeline import timeline_for
from gonghui.ledger.models import BudgetLine
from gonghui.ledger.permissions import MANAGE as LEDGER_MANAGE
from gonghui.ledger.permissions import REVEAL as LEDGER_REVEAL
from gonghui.ledger.permissions import VIEW as LEDGER_VIEW
from gonghui.ledger.selectors import line_remaining, lines_with_spent
from gonghui.members.models import Member, MemberTag, TargetList
from gonghui.members.permissions import VIEW as MEMBERS_VIEW
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Org

from ..choices import CampaignStatus, RecipientStatus
from ..models import ReliefCampaign, ReliefRecipient
from ..permissions import CARE_MANAGE, CARE_VIEW

ZERO = Decimal("0.00")
PAID_STATUSES = (RecipientStatus.PAID, RecipientStatus.CONFIRMED, RecipientStatus.FAILED)
MEMBER_STATUSES = (CampaignStatus.APPROVED, CampaignStatus.CLOSED)
STATUS_BADGES = {
    CampaignStatus.DRAFT: "bg-secondary-lt",
    CampaignStatus.SUBMITTED: "bg-yellow-lt",
    CampaignStatus.APPROVED: "bg-blue-lt",
    CampaignStatus.CLOSED: "bg-green-lt",
}
RECIPIENT_BADGES = {
    RecipientStatus.PENDING: "bg-secondary-lt",
    RecipientStatus.PAID: "bg-blue-lt",
    RecipientStatus.CONFIRMED: "bg-green-lt",
    RecipientStatus.FAILED: "bg-red-lt",
    RecipientStatus.REVERSED: "bg-orange-lt",
    RecipientStatus.EXCLUDED: "bg-dark-lt",
}


@dataclass(frozen=True)
class ReliefFilters:
    year: int | None = None
    status: str = ""
    q: str = ""

    def any(self) -> bool:
        return bool(self.year or self.status or self.q)


def relief_filters(params: Any) -> ReliefFilters:
    year = str(params.get("year") or "")
    status = str(params.get("status") or "")
    return ReliefFilters(
        year=int(year) if year.isdigit() else None,
        status=status if status in CampaignStatus.values else "",
        q=str(params.get("q") or "").strip()[:50],
    )


def relief_list_for_user(user: Any, filters: ReliefFilters) -> QuerySet[ReliefCampaign]:
    """The campaigns of the user's subtrees (`welfare.care_view`), each with its people and amounts counted."""
    campaigns = ReliefCampaign.objects.visible_to(user, CARE_VIEW).select_related("org", "budget_line__fund")
    if filters.year:
        campaigns = campaigns.filter(year=filters.year)
    if filters.status:
        campaigns = campaigns.filter(status=filters.status)
    if filters.q:
        campaigns = campaigns.filter(Q(name__icontains=filters.q) | Q(org__name__icontains=filters.q))
    counted = ~Q(recipients__status=RecipientStatus.EXCLUDED)
    return campaigns.annotate(
        people=Count("recipients", filter=counted),
        planned=Sum("recipients__amount", filter=counted),
    ).order_by("-year", "-created_at", "-pk")


def relief_years(user: Any) -> list[int]:
    years = ReliefCampaign.objects.visible_to(user, CARE_VIEW).values_list("year", flat=True).distinct()
    return sorted(set(years), reverse=True)


def relief_for(user: Any, campaign_id: int, *, demand: str | None = None) -> ReliefCampaign:
    return ReliefCampaign.objects.select_related(
        "org", "budget_line__fund__org", "submitted_by", "approved_by", "created_by"
    ).get_visible_or_404(user, CARE_VIEW, demand=demand, pk=campaign_id)


def recipient_for(user: Any, recipient_id: int, *, demand: str | None = None) -> ReliefRecipient:
    return ReliefRecipient.objects.select_related(
        "campaign__org", "campaign__budget_line__fund__org", "member__org", "ledger_entry"
    ).get_visible_or_404(user, CARE_VIEW, demand=demand, pk=recipient_id)


def may_manage(user: Any, campaign: ReliefCampaign) -> bool:
    return has_action(user, CARE_MANAGE, campaign.org)


def may_pay(user: Any, campaign: ReliefCampaign) -> bool:
    return may_manage(user, campaign) and has_action(user, LEDGER_MANAGE, campaign.budget_line.fund.org)


def may_open_ledger(user: Any, campaign: ReliefCampaign) -> bool:
    """May the user open the campaign's ledger entries (the ledger's own pages)?"""
    return has_action(user, LEDGER_VIEW, campaign.budget_line.fund.org)


def may_export_bank_file(user: Any, campaign: ReliefCampaign) -> bool:
    return may_pay(user, campaign) and has_action(user, LEDGER_REVEAL, campaign.budget_line.fund.org)


@dataclass(frozen=True)
class CampaignTotals:
    people: int
    planned: Decimal
    pending: int
    pending_amount: Decimal
    paid: int
    paid_amount: Decimal
    confirmed: int
    confirmed_amount: Decimal
    failed: int
    failed_amount: Decimal
    reversed: int
    excluded: int
    remaining: Decimal
    without_account: int


def campaign_totals(campaign: ReliefCampaign) -> CampaignTotals:
    """People and amounts by status (an excluded person counts in no amount), the budget line's remaining amount,
    and how many live payments have no bank account."""
    rows = {
        row["status"]: (row["n"], row["total"] or ZERO)
        for row in campaign.recipients.values("status").annotate(n=Count("pk"), total=Sum("amount"))
    }

    def of(status: str) -> tuple[int, Decimal]:
        return rows.get(status, (0, ZERO))

    counted = [s for s in RecipientStatus.values if s != RecipientStatus.EXCLUDED]
    paid = of(RecipientStatus.PAID)
    confirmed = of(RecipientStatus.CONFIRMED)
    failed = of(RecipientStatus.FAILED)
    without_account = campaign.recipients.filter(
        status__in=(RecipientStatus.PAID, RecipientStatus.FAILED), ledger_entry__bank_account_encrypted=""
    ).count()
    return CampaignTotals(
        people=sum(of(s)[0] for s in counted),
        planned=sum((of(s)[1] for s in counted), ZERO),
        pending=of(RecipientStatus.PENDING)[0],
        pending_amount=of(RecipientStatus.PENDING)[1],
        paid=paid[0] + confirmed[0] + failed[0],
        paid_amount=paid[1] + confirmed[1] + failed[1],
        confirmed=confirmed[0],
        confirmed_amount=confirmed[1],
        failed=failed[0],
        failed_amount=failed[1],
        reversed=of(RecipientStatus.REVERSED)[0],
        excluded=of(RecipientStatus.EXCLUDED)[0],
        remaining=line_remaining(campaign.budget_line),
        without_account=without_account,
    )


def campaign_recipients(
    campaign: ReliefCampaign, *, q: str = "", status: str = ""
) -> QuerySet[ReliefRecipient]:
    people = campaign.recipients.select_related("member__org", "ledger_entry")
    if q:
        people = people.filter(
            Q(member__name__icontains=q) | Q(member__member_number=q) | Q(category__icontains=q)
        )
    if status in RecipientStatus.values:
        people = people.filter(status=status)
    return people.order_by("member__org__path", "member__name", "pk")


def campaign_categories(campaign: ReliefCampaign) -> list[tuple[str, int, Decimal]]:
    """(category, people, amount) of the people counted, for the detail page."""
    rows = (
        campaign.recipients.exclude(status=RecipientStatus.EXCLUDED)
        .values("category")
        .annotate(n=Count("pk"), total=Sum("amount"))
        .order_by("category")
    )
    return [(r["category"] or "—", r["n"], r["total"] or ZERO) for r in rows]


def campaign_timeline(campaign: ReliefCampaign) -> Any:
    return timeline_for(campaign)


def campaign_orgs(user: Any) -> QuerySet[Org]:
    """The unions a campaign may be created for: those where the user's `welfare.care_manage` grants sit."""
    return Org.objects.filter(path__in=action_paths(user, CARE_MANAGE), status=OrgStatus.ACTIVE).order_by(
        "path"
    )


def campaign_lines(user: Any) -> QuerySet[BudgetLine]:
    """The budget lines the user manages in the ledger (`ledger.manage`), with `remaining`; the service checks the
    line belongs to the campaign's union or one above it."""
    lines = BudgetLine.objects.visible_to(user, LEDGER_MANAGE).select_related("fund__org")
    return lines_with_spent(lines).order_by("-fund__year", "fund__org__path", "fund__name", "purpose")


def target_lists_for(user: Any, campaign: ReliefCampaign) -> QuerySet[TargetList]:
    """The 名单 a campaign may take people from: lists of its union or a union below, visible to the user."""
    return (
        TargetList.objects.visible_to(user, MEMBERS_VIEW)
        .filter(org__path__startswith=campaign.org.path)
        .select_related("org")
        .order_by("-created_at", "-pk")
    )


def member_tags() -> QuerySet[MemberTag]:
    return MemberTag.objects.order_by("name")


# --- the member's own -------------------------------------------------------------------------------------------


def member_payments(member: Member) -> QuerySet[ReliefRecipient]:
    """The member's own payments: people of approved or closed campaigns, not excluded, newest first."""
    return (
        ReliefRecipient.objects.filter(member=member, campaign__status__in=MEMBER_STATUSES)
        .exclude(status=RecipientStatus.EXCLUDED)
        .select_related("campaign__org")
        .order_by("-campaign__year", "-created_at", "-pk")
    )


def member_payment_or_404(member: Member, public_id: Any) -> ReliefRecipient:
    payment = member_payments(member).filter(public_id=public_id).first()
    if payment is None:
        raise Http404
    return payment


def member_status_label(recipient: ReliefRecipient) -> str:
    """The state the member reads: 待发放 / 已发放 / 已到账 / 发放未成功，工会将重新发放 …"""
    if recipient.status == RecipientStatus.FAILED:
        return "银行支付未成功，工会将核实后重新发放"
    if recipient.status == RecipientStatus.REVERSED:
        return "已撤销"
    return str(recipient.get_status_display())


def my_requests(user: Any) -> list[MemberRequest]:
    """我的办理: the member's campaign payments (one query)."""
    if not getattr(user, "is_authenticated", False):
        return []
    payments = (
        ReliefRecipient.objects.filter(member__user=user, campaign__status__in=MEMBER_STATUSES)
        .exclude(status=RecipientStatus.EXCLUDED)
        .select_related("campaign")
        .order_by("-campaign__year", "-created_at", "-pk")[:20]
    )
    return [
        MemberRequest(
            kind="送温暖慰问",
            title=f"{r.campaign.name} {r.amount} 元",
            status=member_status_label(r),
            url=reverse("welfare_portal:relief_receipt", args=[r.public_id]),
            submitted_at=r.paid_at or r.created_at,
        )
        for r in payments
    ]


def has_payments(user: Any) -> bool:
    """Does the signed-in member have a campaign payment (the portal tile 慰问金 shows then)?"""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        ReliefRecipient.objects.filter(member__user=user, campaign__status__in=MEMBER_STATUSES)
        .exclude(status=RecipientStatus.EXCLUDED)
        .exists()
    )

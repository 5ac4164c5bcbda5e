"""Reads of part contracts (集体协商与集体合同): the scoped lists and pages of negotiations and contracts (民办 units
first), the passed motions a contract can be approved by, what the daily job must do, and the **建制率**:
`contract_coverage(root, kind)` — grassroots unions (基层工会, active) of the subtree with a contract of that kind in
force ÷ grassroots unions, as of a day (default today) — read by the women's dashboard; `contract_coverage_of` the
same for many unions at once (量化评价, the 各级总览); `contract_coverage_board` the same per child of the root (per
county for the city union) in one query."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from gonghui.accounts.actors import Visitor
from gonghui.accounts.models import User
from gonghui.accounts.scoping import has_action
from gonghui.core.registry import roles
from gonghui.orgs.choices import OrgLevel, OrgStatus
from gonghui.orgs.models import Org
from gonghui.orgs.rollup import rollup

from ..choices import ContractKind, ContractStatus, MotionStatus
from ..models import CollectiveContract, CollectiveNegotiation, Motion, NegotiationMeeting
from ..permissions import MANAGE, VIEW

# statuses in which a contract is still on its way (a filing or an objection date matters)
IN_PROGRESS = (ContractStatus.DRAFT, ContractStatus.APPROVED, ContractStatus.SIGNED, ContractStatus.FILED)
ATTENTION_FILING = "filing"  # signed, not filed, deadline passed
ATTENTION_RENEWAL = "renewal"  # effective, term ends within 60 days
RENEWAL_WINDOW_DAYS = 60


# --- lists and pages ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContractFilters:
    query: str = ""
    kind: str = ""
    status: str = ""
    private_only: bool = False
    attention: str = ""


def contract_list_for_user(
    user: Visitor, filters: ContractFilters, *, today: dt.date
) -> QuerySet[CollectiveContract]:
    """The contracts the user may see, 民办 units first, then by union and kind."""
    rows = CollectiveContract.objects.visible_to(user, VIEW).select_related("org")
    if filters.query:
        rows = rows.filter(Q(title__contains=filters.query) | Q(org__name__contains=filters.query))
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.private_only:
        rows = rows.filter(org__is_private=True)
    if filters.attention == ATTENTION_FILING:
        rows = rows.filter(status=ContractStatus.SIGNED, filing_due_on__lt=today)
    elif filters.attention == ATTENTION_RENEWAL:
        rows = rows.filter(
            status=ContractStatus.EFFECTIVE,
            term_ends_on__lte=today + dt.timedelta(days=RENEWAL_WINDOW_DAYS),
            renewals__isnull=True,
        )
    return rows.order_by("-org__is_private", "org__path", "kind", "-signed_on", "-pk")


def contract_or_404(user: Visitor, public_id: Any) -> CollectiveContract:
    return CollectiveContract.objects.select_related(
        "org", "negotiation", "motion__session__congress", "renews", "created_by"
    ).get_visible_or_404(user, VIEW, public_id=public_id)


def negotiation_list_for_user(
    user: Visitor, *, query: str = "", status: str = ""
) -> QuerySet[CollectiveNegotiation]:
    rows = (
        CollectiveNegotiation.objects.visible_to(user, VIEW)
        .select_related("org")
        .annotate(meeting_count=Count("meetings"))
    )
    if query:
        rows = rows.filter(Q(title__contains=query) | Q(org__name__contains=query))
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-org__is_private", "-requested_on", "-pk")


def negotiation_or_404(user: Visitor, public_id: Any) -> CollectiveNegotiation:
    return CollectiveNegotiation.objects.select_related("org", "created_by").get_visible_or_404(
        user, VIEW, public_id=public_id
    )


def negotiation_meetings(negotiation: CollectiveNegotiation) -> QuerySet[NegotiationMeeting]:
    return negotiation.meetings.order_by("held_on", "id")


def negotiation_contracts(negotiation: CollectiveNegotiation) -> QuerySet[CollectiveContract]:
    return negotiation.contracts.order_by("-pk")


def contract_renewals(contract: CollectiveContract) -> QuerySet[CollectiveContract]:
    return contract.renewals.order_by("-pk")


def can_manage_contract(user: Visitor, obj: CollectiveContract | CollectiveNegotiation) -> bool:
    """May the user write this contract or negotiation (congresses.manage on its union)?"""
    return has_action(user, MANAGE, obj.org)


def contract_orgs(user: Visitor) -> QuerySet[Org]:
    """The grassroots unions the user may write contracts and negotiations for (congresses.manage over them)."""
    return (
        Org.objects.visible_to(user, MANAGE)
        .filter(level=OrgLevel.GRASSROOTS, status=OrgStatus.ACTIVE)
        .order_by("-is_private", "path")
    )


def org_negotiations(org: Org) -> QuerySet[CollectiveNegotiation]:
    return CollectiveNegotiation.objects.filter(org=org).order_by("-requested_on", "-pk")


def approving_motions(contract: CollectiveContract) -> QuerySet[Motion]:
    """Passed motions of the unit's congresses, the newest first: what a contract's approval may link to."""
    return (
        Motion.objects.filter(session__congress__org=contract.org, status=MotionStatus.DECIDED, passed=True)
        .select_related("session__congress")
        .order_by("-decided_at", "-pk")
    )


def contract_managers(org: Org) -> QuerySet[User]:
    """Active cadres whose grant on exactly this union allows congresses.manage (who get the reminders)."""
    codes = [role.code for role in roles if MANAGE in role.actions and role.console]
    return (
        User.objects.filter(grants__org=org, grants__role__in=codes, is_active=True).distinct().order_by("pk")
    )


# --- the daily job ------------------------------------------------------------------------------------------------


@dataclass
class ContractsDue:
    to_take_effect: list[CollectiveContract] = field(default_factory=list)
    to_expire: list[CollectiveContract] = field(default_factory=list)
    filing_soon: list[CollectiveContract] = field(default_factory=list)
    renewal_soon: list[CollectiveContract] = field(default_factory=list)


def contracts_due(today: dt.date, *, filing_lead: int, renewal_lead: int) -> ContractsDue:
    base = CollectiveContract.objects.select_related("org")
    return ContractsDue(
        to_take_effect=list(base.filter(status=ContractStatus.FILED, objection_ends_on__lt=today)),
        to_expire=list(base.filter(status=ContractStatus.EFFECTIVE, term_ends_on__lt=today)),
        filing_soon=list(
            base.filter(
                status=ContractStatus.SIGNED, filing_due_on__lte=today + dt.timedelta(days=filing_lead)
            )
        ),
        renewal_soon=list(
            base.filter(
                status=ContractStatus.EFFECTIVE,
                term_ends_on__lte=today + dt.timedelta(days=renewal_lead),
                term_ends_on__gte=today,
                renewals__isnull=True,
            )
        ),
    )


# --- 建制率 ----------------------------------------------------------------------------------------------------------


@dataclass
class ContractCoverage:
    """建制率 of one contract kind: grassroots unions with an effective contract ÷ grassroots unions."""

    kind: str
    units: int = 0
    covered: int = 0

    @property
    def rate(self) -> float | None:
        """In percent with one decimal; None ("—") when the subtree has no grassroots union."""
        return round(100 * self.covered / self.units, 1) if self.units else None

    @property
    def kind_label(self) -> str:
        return str(ContractKind(self.kind).label)


@dataclass
class CoverageRow:
    org: Org
    figures: ContractCoverage


def _in_force(kind: str, on: dt.date) -> Exists:
    """A contract of `kind` of the union in force on `on`: it took effect by then (so it was filed and not objected
    to), its term had not ended, and it is still on record as effective, expired or renewed (已续签: its renewal took
    over later). A contract on record as effective without a date (entered by hand) counts as in force."""
    took_effect = Q(
        status__in=(ContractStatus.EFFECTIVE, ContractStatus.EXPIRED, ContractStatus.SUPERSEDED),
        effective_on__lte=on,
    ) | Q(status=ContractStatus.EFFECTIVE, effective_on__isnull=True)
    return Exists(
        CollectiveContract.objects.filter(took_effect, org=OuterRef("pk"), kind=kind).filter(
            Q(term_ends_on__isnull=True) | Q(term_ends_on__gte=on)
        )
    )


def _units(on: dt.date) -> QuerySet[Org]:
    """The grassroots unions (基层工会, active) that existed on `on` (founded by then, or no founding date on record)."""
    return Org.objects.filter(level=OrgLevel.GRASSROOTS, status=OrgStatus.ACTIVE).filter(
        Q(founded_on__isnull=True) | Q(founded_on__lte=on)
    )


def contract_coverage_of(orgs: Sequence[Org], kind: str, *, on: dt.date) -> dict[int, ContractCoverage]:
    """建制率 of `kind` as of `on` for every union given, each over its subtree (a grassroots union counts itself):
    grassroots unions with a contract of that kind in force on `on` ÷ grassroots unions. One grouped query per
    tree depth among `orgs` (orgs.rollup) — what 量化评价 reads (congresses.contract_rate)."""
    units = _units(on).annotate(covered_flag=_in_force(kind, on))
    figures = rollup(
        units, orgs, path_field="path", units=Count("id"), covered=Count("id", filter=Q(covered_flag=True))
    )
    return {
        org.id: ContractCoverage(
            kind=kind, units=figures[org.id]["units"] or 0, covered=figures[org.id]["covered"] or 0
        )
        for org in orgs
    }


def contract_coverage(root: Org, kind: str, *, on: dt.date | None = None) -> ContractCoverage:
    """建制率 of `kind` in the root's subtree as of `on` (default today; the root itself counts when it is a
    grassroots union). One query."""
    return contract_coverage_of([root], kind, on=on or timezone.localdate())[root.id]


def contract_coverage_board(
    root: Org, kind: str, *, on: dt.date | None = None
) -> tuple[ContractCoverage, list[CoverageRow]]:
    """The root's 建制率 and one row per child of the root (for the city union: per county), as of `on` (default
    today). Two queries."""
    on = on or timezone.localdate()
    children = list(Org.objects.filter(path__startswith=root.path, depth=root.depth + 1).order_by("path"))
    by_prefix = {c.path: ContractCoverage(kind=kind) for c in children}
    total = ContractCoverage(kind=kind)
    grouped = (
        _units(on)
        .filter(path__startswith=root.path)
        .annotate(prefix=Substr("path", 1, (root.depth + 1) * Org.steplen), covered_flag=_in_force(kind, on))
        .order_by()
        .values("prefix")
        .annotate(units=Count("id"), covered=Count("id", filter=Q(covered_flag=True)))
    )
    for row in grouped:
        total.units += row["units"]
        total.covered += row["covered"]
        if row["prefix"] in by_prefix:
            by_prefix[row["prefix"]].units = row["units"]
            by_prefix[row["prefix"]].covered = row["covered"]
    return total, [CoverageRow(org=c, figures=by_prefix[c.path]) for c in children]


def coverage_roots(user: Visitor) -> QuerySet[Org]:
    """The unions whose 建制率 board the user may read: the tops of their congresses.view scope."""
    return Org.objects.visible_to(user, VIEW).exclude(level__in=(OrgLevel.BRANCH,)).order_by("depth", "path")

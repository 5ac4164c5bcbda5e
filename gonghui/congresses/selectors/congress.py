"""Reads of part congress (代表大会): the rules that apply to a unit (the nearest union above with `CongressRules`,
see `rules_for`), the congresses a cadre sees (search by unit, kind and term status), one congress with its
delegates, delegations and the composition checks of `rules.delegate_checks`, the members who may be added as
delegates (the unit's staff), the 二级教（职）代会 coverage board (the 分工会 under units with a congress that must hold
their own, whether and when they did, by county and unit type), and the member's seats and sessions for the portal
home."""

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import Substr
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.accounts.scoping import has_action
from gonghui.members.choices import HOLDING_STATUSES
from gonghui.members.models import Member
from gonghui.members.selectors.registry import search_q
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org

from ..choices import ASSEMBLY_KINDS, CongressKind, DelegateRole, SessionStatus
from ..models import Congress, CongressRules, CongressSession, Delegate, Delegation
from ..permissions import MANAGE, VIEW
from ..rules import Check, DelegateFacts, delegate_checks, delegate_target
from ..seats import current_seats, unit_staff

ENDING_DAYS = 90

TERM_CURRENT = "current"
TERM_ENDING = "ending"
TERM_EXPIRED = "expired"
TERM_PAST = "past"
TERM_STATUSES = (
    (TERM_CURRENT, "本届（任期内）"),
    (TERM_ENDING, "90天内届满"),
    (TERM_EXPIRED, "已届满未换届"),
    (TERM_PAST, "往届"),
)


# --- rules ------------------------------------------------------------------------------------------------------
def rules_for(org: Org) -> CongressRules:
    """The rules of the nearest union at or above `org` that has set them; the defaults (unsaved) otherwise."""
    found = {
        r.org.path: r
        for r in CongressRules.objects.filter(org__path__in=org.ancestor_paths()).select_related("org")
    }
    for path in reversed(org.ancestor_paths()):
        if path in found:
            return found[path]
    return CongressRules()


def _rules_map(orgs: list[Org]) -> dict[int, CongressRules]:
    """`rules_for` of many unions in one query."""
    paths = {path for org in orgs for path in org.ancestor_paths()}
    found = {r.org.path: r for r in CongressRules.objects.filter(org__path__in=paths).select_related("org")}
    result: dict[int, CongressRules] = {}
    for org in orgs:
        chosen = next((found[p] for p in reversed(org.ancestor_paths()) if p in found), None)
        result[org.pk] = chosen or CongressRules()
    return result


def own_rules(org: Org) -> CongressRules | None:
    return CongressRules.objects.filter(org=org).first()


def default_staff(org: Org) -> int:
    """A unit's staff for a new term: its recorded headcount, else (a 分工会 records none) its members."""
    return org.headcount_total or unit_staff(org).count()


def kind_choices(org: Org, staff_count: int | None = None) -> list[tuple[str, str]]:
    """The kinds a unit may choose: 大会 mode only when its staff are fewer than the rules' assembly_max_staff."""
    staff = default_staff(org) if staff_count is None else staff_count
    limit = rules_for(org).assembly_max_staff
    return [(k.value, str(k.label)) for k in CongressKind if k.value not in ASSEMBLY_KINDS or staff < limit]


def congress_orgs(user: Any) -> QuerySet[Org]:
    """Unions a cadre may set up a congress for (MANAGE), grassroots and branch level."""
    return (
        Org.objects.visible_to(user, MANAGE)
        .filter(level__in=(OrgLevel.GRASSROOTS, OrgLevel.BRANCH))
        .order_by("path")
    )


def filter_orgs(user: Any) -> QuerySet[Org]:
    return Org.objects.visible_to(user, VIEW).exclude(level=OrgLevel.BRANCH).order_by("path")


# --- the list ---------------------------------------------------------------------------------------------------
def congress_list(
    user: Any, *, query: str = "", kind: str = "", term_status: str = "", org: Org | None = None
) -> QuerySet[Congress]:
    """The congresses the user sees, with their delegate and session counts (one query per page)."""
    today = timezone.localdate()
    congresses = Congress.objects.visible_to(user, VIEW).select_related("org")
    if query:
        congresses = congresses.filter(
            Q(org__name__icontains=query)
            | Q(org__unit_name__icontains=query)
            | Q(org__short_name__icontains=query)
        )
    if kind:
        congresses = congresses.filter(kind=kind)
    if org is not None:
        congresses = congresses.filter(org__path__startswith=org.path)
    if term_status == TERM_CURRENT:
        congresses = congresses.filter(is_current=True, term_ends_on__gte=today)
    elif term_status == TERM_ENDING:
        congresses = congresses.filter(
            is_current=True, term_ends_on__gte=today, term_ends_on__lte=today + dt.timedelta(days=ENDING_DAYS)
        )
    elif term_status == TERM_EXPIRED:
        congresses = congresses.filter(is_current=True, term_ends_on__lt=today)
    elif term_status == TERM_PAST:
        congresses = congresses.filter(is_current=False)
    return congresses.annotate(
        delegate_count=Count(
            "delegates",
            filter=Q(delegates__ended_on__isnull=True, delegates__role=DelegateRole.FULL),
            distinct=True,
        ),
        session_count=Count("sessions", distinct=True),
        last_session_at=Max("sessions__starts_at"),
    ).order_by("org__path", "-term_number")


def term_state(congress: Congress, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    if not congress.is_current:
        return TERM_PAST
    if congress.term_ends_on < today:
        return TERM_EXPIRED
    if congress.term_ends_on <= today + dt.timedelta(days=ENDING_DAYS):
        return TERM_ENDING
    return TERM_CURRENT


# --- one congress -----------------------------------------------------------------------------------------------
def congress_for(user: Any, public_id: Any) -> Congress:
    """A congress the user sees (404 otherwise)."""
    return Congress.objects.select_related("org", "created_by").get_visible_or_404(
        user, VIEW, public_id=public_id
    )


def can_manage(user: Any, congress: Congress) -> bool:
    return has_action(user, MANAGE, congress.org)


def delegates_of(congress: Congress, *, ended: bool = False) -> QuerySet[Delegate]:
    rows = Delegate.objects.filter(congress=congress, ended_on__isnull=not ended).select_related(
        "member", "member__org", "delegation"
    )
    return rows.order_by("delegation__sort_order", "delegation_id", "role", "member__name", "pk")


def seat_of(congress: Congress, pk: int) -> Delegate:
    """A seat of this congress (404 otherwise; the congress itself was looked up within the user's scope)."""
    return get_object_or_404(
        Delegate.objects.select_related("member", "member__org", "congress__org"), congress=congress, pk=pk
    )


def delegations_of(congress: Congress) -> QuerySet[Delegation]:
    return Delegation.objects.filter(congress=congress).annotate(
        size=Count("delegates", filter=Q(delegates__ended_on__isnull=True))
    )


def congress_checks(congress: Congress, *, today: dt.date | None = None) -> list[Check]:
    """The composition checks of the full delegates in office (one query)."""
    facts = [
        DelegateFacts(job_category=job or "", gender=gender or "", birth_date=birth)
        for job, gender, birth in Delegate.objects.filter(
            congress=congress, role=DelegateRole.FULL, ended_on__isnull=True
        ).values_list("member__job_category", "member__gender", "member__birth_date")
    ]
    return delegate_checks(congress, facts, today=today or timezone.localdate())


@dataclass(frozen=True)
class DelegateSummary:
    full: int
    observers: int
    invited: int
    presidium: int
    committee: int
    target: int


def delegate_summary(delegates: list[Delegate], congress: Congress) -> DelegateSummary:
    return DelegateSummary(
        full=sum(1 for d in delegates if d.role == DelegateRole.FULL),
        observers=sum(1 for d in delegates if d.role == DelegateRole.OBSERVER),
        invited=sum(1 for d in delegates if d.role == DelegateRole.INVITED),
        presidium=sum(1 for d in delegates if d.is_presidium),
        committee=sum(1 for d in delegates if d.on_proposal_committee),
        target=delegate_target(congress),
    )


def sessions_of(congress: Congress) -> QuerySet[CongressSession]:
    return CongressSession.objects.filter(congress=congress).order_by("-number")


def terms_of(congress: Congress) -> QuerySet[Congress]:
    """All terms of the unit's congress, newest first (换届 keeps the old ones)."""
    return Congress.objects.filter(org=congress.org).order_by("-term_number")


def member_candidates(congress: Congress, query: str, *, limit: int = 20) -> list[Member]:
    """Staff of the unit not yet seated in this congress matching `query` (name, pinyin, phone, ID suffix)."""
    if not query.strip():
        return []
    seated = Delegate.objects.filter(congress=congress).values("member_id")
    return list(
        unit_staff(congress.org)
        .filter(search_q(query))
        .exclude(pk__in=seated)
        .select_related("org")
        .order_by("name", "pk")[:limit]
    )


# --- 二级教（职）代会 coverage ----------------------------------------------------------------------------------------
@dataclass
class BranchRow:
    org: Org
    staff: int
    required: bool
    congress: Congress | None
    held_on: dt.date | None  # the last session's day, else the term's start
    staff_source: str = "congress"  # one of STAFF_SOURCES: where `staff` was taken from

    @property
    def staff_source_label(self) -> str:
        return STAFF_SOURCES[self.staff_source]


# Where a 二级单位's staff count comes from, in the order preferred (the board names it).
STAFF_SOURCES = {"congress": "按本单位教（职）代会登记", "headcount": "按编制人数", "members": "按会员数"}


@dataclass
class UnitRow:
    unit: Org
    county: Org | None
    congress: Congress
    branches: list[BranchRow] = field(default_factory=list)

    @property
    def required(self) -> int:
        return sum(1 for b in self.branches if b.required)

    @property
    def held(self) -> int:
        return sum(1 for b in self.branches if b.required and b.congress is not None)


@dataclass
class CountyRow:
    county: Org | None
    units: int = 0
    required: int = 0
    held: int = 0

    @property
    def rate(self) -> float | None:
        return self.held * 100 / self.required if self.required else None


def _branch_staff(branches: list[Org], held: Mapping[int, Congress]) -> dict[int, tuple[int, str]]:
    """A 二级单位's staff and where it comes from: the staff its current congress records (Congress.staff_count), else
    its recorded headcount (分工会 usually carry none: their unit's headcount holds them), else the members holding
    membership in it or below it (one query, only for the branches that need it)."""
    counted = [b for b in branches if not (b.pk in held and held[b.pk].staff_count) and not b.headcount_total]
    by_path: list[tuple[str, int]] = []
    if counted:
        within = Q()
        for b in counted:
            within |= Q(org__path__startswith=b.path)
        by_path = list(
            Member.objects.filter(within, status__in=HOLDING_STATUSES)
            .values_list("org__path")
            .annotate(n=Count("pk"))
        )
    staff: dict[int, tuple[int, str]] = {}
    for b in branches:
        if b.pk in held and held[b.pk].staff_count:
            staff[b.pk] = (held[b.pk].staff_count, "congress")
        elif b.headcount_total:
            staff[b.pk] = (b.headcount_total, "headcount")
        else:
            staff[b.pk] = (sum(n for path, n in by_path if path.startswith(b.path)), "members")
    return staff


def coverage(
    user: Any, *, county: Org | None = None, category: str = "", industry: str = "", unit: Org | None = None
) -> tuple[list[UnitRow], list[CountyRow]]:
    """Units with a current congress the user sees, each with its 分工会 (child unions of 分工会 level): one must hold
    its own congress when its staff (`_branch_staff`, labelled by source) reach the rules' `secondary_min_staff`. A fixed number of
    queries."""
    congresses = (
        Congress.objects.visible_to(user, VIEW)
        .filter(is_current=True)
        .exclude(org__level=OrgLevel.BRANCH)
        .select_related("org")
        .order_by("org__path")
    )
    if county is not None:
        congresses = congresses.filter(org__path__startswith=county.path)
    if category:
        congresses = congresses.filter(org__unit_category=category)
    if industry:
        congresses = congresses.filter(org__industry=industry)
    if unit is not None:
        congresses = congresses.filter(org=unit)
    units = list(congresses)
    if not units:
        return [], []
    within = Q()
    for c in units:
        within |= Q(path__startswith=c.org.path, depth=c.org.depth + 1)
    branches = list(Org.objects.filter(within, level=OrgLevel.BRANCH).order_by("path"))
    branch_congresses = {
        c.org_id: c
        for c in Congress.objects.filter(org__in=branches, is_current=True).annotate(
            last_session_at=Max("sessions__starts_at")
        )
    }
    rules = _rules_map(branches)
    staff = _branch_staff(branches, branch_congresses)
    ancestor_paths = {p for c in units for p in c.org.ancestor_paths()}
    counties = {o.path: o for o in Org.objects.filter(path__in=ancestor_paths, level=OrgLevel.COUNTY)}
    rows: list[UnitRow] = []
    for c in units:
        county_org = next((counties[p] for p in c.org.ancestor_paths() if p in counties), None)
        row = UnitRow(unit=c.org, county=county_org, congress=c)
        for b in branches:
            if b.path.startswith(c.org.path) and b.depth == c.org.depth + 1:
                held = branch_congresses.get(b.pk)
                last = getattr(held, "last_session_at", None)
                row.branches.append(
                    BranchRow(
                        org=b,
                        staff=staff[b.pk][0],
                        staff_source=staff[b.pk][1],
                        required=staff[b.pk][0] >= rules[b.pk].secondary_min_staff,
                        congress=held,
                        held_on=timezone.localdate(last)
                        if last
                        else (held.term_started_on if held else None),
                    )
                )
        rows.append(row)
    by_county: dict[int | None, CountyRow] = {}
    for row in rows:
        key = row.county.pk if row.county else None
        summary = by_county.setdefault(key, CountyRow(county=row.county))
        summary.units += 1
        summary.required += row.required
        summary.held += row.held
    return rows, list(by_county.values())


def in_subtrees(queryset: QuerySet[Any], orgs: Sequence[Org], path_field: str = "path") -> QuerySet[Any]:
    """The rows of `queryset` whose `path_field` lies in the subtree of any of `orgs` (one condition per distinct
    path length, so the query does not grow with the number of unions)."""
    by_length: dict[int, set[str]] = defaultdict(set)
    for org in orgs:
        by_length[len(org.path)].add(org.path)
    if not by_length:
        return queryset.none()
    within = Q()
    for length, paths in by_length.items():
        name = f"_within_{length}"
        queryset = queryset.alias(**{name: Substr(path_field, 1, length)})
        within |= Q(**{f"{name}__in": sorted(paths)})
    return queryset.filter(within)


@dataclass
class SecondaryCoverage:
    """二级教（职）代会 coverage of a subtree: 分工会 that must hold their own congress, and those that had one."""

    required: int = 0
    held: int = 0

    @property
    def rate(self) -> float | None:
        return self.held * 100 / self.required if self.required else None


def secondary_coverage_of(orgs: Sequence[Org], *, on: dt.date) -> dict[int, SecondaryCoverage]:
    """The coverage board's figure as of `on` for every union given, over its subtree: the 分工会 directly under a
    unit (not itself a 分工会) whose congress term had begun by `on` must hold their own when their staff
    (`_branch_staff`) reach the rules' `secondary_min_staff`; one has held it when a congress of its own had begun
    by `on`. A fixed number of queries, whatever the number of unions (量化评价, congresses.secondary_coverage)."""
    result = {org.id: SecondaryCoverage() for org in orgs}
    started = list(
        in_subtrees(Congress.objects.filter(term_started_on__lte=on), orgs, "org__path")
        .select_related("org")
        .order_by("org_id", "term_started_on", "pk")
    )
    latest: dict[int, Congress] = {c.org_id: c for c in started}  # the term in force on `on`, per union
    unit_paths = {c.org.path for c in latest.values() if c.org.level != OrgLevel.BRANCH}
    if not unit_paths:
        return result
    step = Org.steplen
    branches = [
        b
        for b in in_subtrees(Org.objects.filter(level=OrgLevel.BRANCH), orgs).order_by("path")
        if b.path[:-step] in unit_paths
    ]
    rules = _rules_map(branches)
    staff = _branch_staff(branches, latest)
    asked: dict[str, list[int]] = defaultdict(list)
    for org in orgs:
        asked[org.path].append(org.id)
    for b in branches:
        if staff[b.pk][0] < rules[b.pk].secondary_min_staff:
            continue
        unit_path = b.path[:-step]
        for length in range(step, len(unit_path) + 1, step):
            for org_id in asked.get(unit_path[:length], ()):
                result[org_id].required += 1
                result[org_id].held += 1 if b.pk in latest else 0
    return result


def coverage_counties(user: Any) -> QuerySet[Org]:
    return Org.objects.visible_to(user, VIEW).filter(level=OrgLevel.COUNTY).order_by("path")


# --- the portal -------------------------------------------------------------------------------------------------
def portal_seats(member: Member | None) -> list[Delegate]:
    if member is None:
        return []
    return list(current_seats(member).select_related("delegation").order_by("congress__org__path"))


def portal_sessions(member: Member | None, seats: list[Delegate]) -> list[CongressSession]:
    """Sessions of the member's congresses (as a delegate) and of congresses of their unit (as staff) that are
    being prepared or under way, soonest first."""
    if member is None:
        return []
    congress_ids = {s.congress_id for s in seats}
    unit_paths = member.org.ancestor_paths()
    return list(
        CongressSession.objects.filter(
            Q(congress_id__in=congress_ids)
            | Q(congress__org__path__in=unit_paths, congress__is_current=True),
            status__in=(SessionStatus.PLANNED, SessionStatus.IN_SESSION),
        )
        .select_related("congress__org")
        .order_by("starts_at")[:10]
    )


def portal_closed_sessions(member: Member | None, seats: list[Delegate]) -> list[CongressSession]:
    """The most recent closed session of each of those congresses, newest first, with `resolution_count` (its
    published resolutions) — the hub links to it so the resolutions stay reachable after the meeting (one query)."""
    if member is None:
        return []
    congress_ids = {s.congress_id for s in seats}
    unit_paths = member.org.ancestor_paths()
    closed = (
        CongressSession.objects.filter(
            Q(congress_id__in=congress_ids)
            | Q(congress__org__path__in=unit_paths, congress__is_current=True),
            status=SessionStatus.CLOSED,
        )
        .select_related("congress__org")
        .annotate(resolution_count=Count("motions", filter=Q(motions__published_at__isnull=False)))
        .order_by("-starts_at", "-pk")
    )
    latest: dict[int, CongressSession] = {}
    for session in closed:
        latest.setdefault(session.congress_id, session)
    return list(latest.values())


# --- reminders (the scheduled job) ------------------------------------------------------------------------------
def school_year_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The 学年 (1 September – 31 August) containing `day`."""
    start_year = day.year if day.month >= 9 else day.year - 1
    return dt.date(start_year, 9, 1), dt.date(start_year + 1, 8, 31)


def congresses_without_session(today: dt.date) -> list[Congress]:
    """Current congresses that held no session in the 学年 that ended last (their term had begun by then)."""
    start, end = school_year_of(today - dt.timedelta(days=365))
    return list(
        Congress.objects.filter(is_current=True, term_started_on__lte=start)
        .exclude(sessions__starts_at__date__range=(start, end))
        .select_related("org")
        .distinct()
    )


def congresses_ending(today: dt.date) -> list[Congress]:
    return list(
        Congress.objects.filter(
            is_current=True, term_ends_on__gte=today, term_ends_on__lte=today + dt.timedelta(days=ENDING_DAYS)
        ).select_related("org")
    )

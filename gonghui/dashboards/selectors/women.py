"""女职工工作 statistics (工作要点十三) for any subtree of the union tree and one year: women members, 女职工委员会
formed, the 女职工特殊保护检查表 coverage and its items, the 两癌筛查 participants, women-only activities and the
tasks received from the 市总女工委 through 收文.

The figures of the root and of each child come from a fixed number of queries whatever the size of the tree (the
children, the members, the unions with their committee, the checklists — each grouped by the child its rows fall
under, as in `coverage`), plus the root's own committee and its chair, the 女职工专项集体合同 建制率 (one query, `congresses.selectors.contracts`),
the activities and the 收文. Counts about
people (women members, screening participants) go through `shown_count`: a group under `MIN_CELL` reads "<10"."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import has_action
from gonghui.activities.models import Activity
from gonghui.activities.permissions import VIEW as ACTIVITIES_VIEW
from gonghui.congresses.choices import ContractKind
from gonghui.congresses.selectors.contracts import ContractCoverage, contract_coverage
from gonghui.core.statistics import MIN_CELL, shown_count
from gonghui.documents.models import IncomingDocument
from gonghui.documents.permissions import VIEW as DOCUMENTS_VIEW
from gonghui.documents.selectors import incoming_list_for_user
from gonghui.members.choices import HOLDING_STATUSES, CommitteeRole
from gonghui.members.models import CommitteeSeat, Member
from gonghui.orgs.choices import CommitteeKind, OrgLevel, OrgStatus
from gonghui.orgs.models import Committee, Org
from gonghui.orgs.selectors import protection_checklists_within

from .coverage import _prefix, percent

APPEALS_VIEW = "appeals.view"
WOMEN_APPEAL_CATEGORY = "women"  # the restricted 诉求 category 女职工权益 (appeals.choices)
# the unions that elect a 女职工委员会 (a 分工会 does not)
COMMITTEE_LEVELS = (OrgLevel.CITY, OrgLevel.COUNTY, OrgLevel.GRASSROOTS)
# who sends the 女职工 tasks: a 收文 whose 来文单位 contains one of these
WOMEN_ISSUER_MARKS = ("女职工委员会", "女工委")
FEMALE = "F"
# (field, label) of the checklist's items, in the order of the form
CHECKLIST_ITEMS: tuple[tuple[str, str], ...] = (
    ("pregnancy_care", "孕期保护"),
    ("maternity_care", "产期保护"),
    ("nursing_care", "哺乳期保护"),
    ("health_room", "女职工卫生室（母婴室）"),
    ("screening_organised", "两癌筛查"),
)


@dataclass
class WomenFigures:
    """The 女职工 figures of one subtree (or of one org's own rows)."""

    members: int = 0  # holding: 在籍 + 保留会籍
    women: int = 0
    unions: int = 0  # active unions that elect a 女职工委员会
    committees: int = 0  # …of which have a current one
    units: int = 0  # active 基层工会
    filled: int = 0  # …of which have a checklist for the year
    items: list[int] = field(default_factory=lambda: [0] * len(CHECKLIST_ITEMS))
    participants: int = 0

    def add(self, other: "WomenFigures") -> None:
        for name in ("members", "women", "unions", "committees", "units", "filled", "participants"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.items = [a + b for a, b in zip(self.items, other.items, strict=True)]

    @property
    def women_shown(self) -> str:
        return shown_count(self.women)

    @property
    def women_share(self) -> float | None:
        """女会员占比, hidden ("—") when the women are under the minimum cell (the share would give them away)."""
        return percent(self.women, self.members) if self.women >= MIN_CELL else None

    @property
    def participants_shown(self) -> str:
        return shown_count(self.participants)

    @property
    def coverage(self) -> float | None:
        """检查表覆盖率: units with a checklist for the year ÷ active 基层工会."""
        return percent(self.filled, self.units)

    @property
    def item_rates(self) -> list[tuple[str, int, float | None]]:
        """(item, units that arranged it, its rate among the units that filled the checklist in)."""
        return [
            (label, n, percent(n, self.filled))
            for (_f, label), n in zip(CHECKLIST_ITEMS, self.items, strict=True)
        ]


@dataclass
class WomenRow:
    org: Org
    figures: WomenFigures
    committee: bool  # the org itself has a current 女职工委员会

    @property
    def is_unit(self) -> bool:
        return self.org.level == OrgLevel.GRASSROOTS

    @property
    def elects_committee(self) -> bool:
        return self.org.level in COMMITTEE_LEVELS


@dataclass
class WomenStats:
    root: Org
    year: int
    total: WomenFigures
    own: WomenFigures
    children: list[WomenRow]
    root_committee: Committee | None
    chair_name: str
    # 女职工专项集体合同 建制率 of the subtree (congresses' selector: grassroots unions with an effective one)
    women_contracts: ContractCoverage | None = None

    @property
    def root_is_unit(self) -> bool:
        return self.root.level == OrgLevel.GRASSROOTS

    @property
    def root_term_expired(self) -> bool:
        """The union's 女职工委员会 is past its term (届满) and due for 换届."""
        ends = self.root_committee.term_ends_on if self.root_committee else None
        return ends is not None and ends < timezone.localdate()

    @property
    def root_filled(self) -> bool:
        return self.own.filled > 0


def _women_committee() -> Exists:
    return Exists(Committee.objects.filter(org=OuterRef("pk"), kind=CommitteeKind.WOMEN, is_current=True))


def women_stats_for(*, root: Org, year: int) -> WomenStats:
    """The 女职工 figures of the root's subtree and of each child's subtree for `year`."""
    children = list(
        Org.objects.filter(path__startswith=root.path, depth=root.depth + 1)
        .annotate(has_women_committee=_women_committee())
        .order_by("path")
    )
    by_prefix: dict[str, WomenFigures] = {
        root.path: WomenFigures(),
        **{c.path: WomenFigures() for c in children},
    }

    def figures(prefix: str) -> WomenFigures:
        return by_prefix.setdefault(prefix, WomenFigures())

    members: Iterable[Any] = (
        Member.objects.filter(org__path__startswith=root.path, status__in=HOLDING_STATUSES)
        .annotate(prefix=_prefix("org__path", root))
        .order_by()
        .values("prefix")
        .annotate(members=Count("id"), women=Count("id", filter=Q(gender=FEMALE)))
    )
    for row in members:
        target = figures(row["prefix"])
        target.members, target.women = row["members"], row["women"]
    unions: Iterable[Any] = (
        Org.objects.filter(path__startswith=root.path, level__in=COMMITTEE_LEVELS, status=OrgStatus.ACTIVE)
        .annotate(prefix=_prefix("path", root), formed=_women_committee())
        .order_by()
        .values("prefix")
        .annotate(
            unions=Count("id"),
            formed_n=Count("id", filter=Q(formed=True)),
            units=Count("id", filter=Q(level=OrgLevel.GRASSROOTS)),
        )
    )
    for row in unions:
        target = figures(row["prefix"])
        target.unions, target.committees, target.units = row["unions"], row["formed_n"], row["units"]
    checklists: Iterable[Any] = (
        protection_checklists_within(root, year)
        .annotate(prefix=_prefix("org__path", root))
        .order_by()
        .values("prefix")
        .annotate(
            filled=Count("id"),
            participants=Sum("screening_participants"),
            **{name: Count("id", filter=Q(**{name: True})) for name, _label in CHECKLIST_ITEMS},
        )
    )
    for row in checklists:
        target = figures(row["prefix"])
        target.filled, target.participants = row["filled"], row["participants"] or 0
        target.items = [row[name] for name, _label in CHECKLIST_ITEMS]

    total = WomenFigures()
    for part in by_prefix.values():
        total.add(part)
    committee = (
        Committee.objects.filter(org=root, kind=CommitteeKind.WOMEN, is_current=True).order_by("-id").first()
    )
    chair = (
        CommitteeSeat.objects.filter(committee=committee, role=CommitteeRole.CHAIR)
        .values_list("member__name", flat=True)
        .first()
        if committee is not None
        else None
    )
    return WomenStats(
        root=root,
        year=year,
        total=total,
        own=by_prefix[root.path],
        children=[
            WomenRow(
                org=c, figures=by_prefix[c.path], committee=bool(getattr(c, "has_women_committee", False))
            )
            for c in children
        ],
        root_committee=committee,
        chair_name=chair or "",
        women_contracts=contract_coverage(root, ContractKind.WOMEN),
    )


def women_activities(*, user: Actor, root: Org, year: int, limit: int = 20) -> QuerySet[Activity]:
    """The year's activities for women only (the audience's member filter restricts the gender to women) organised
    in the root's subtree, as far as the user may see activities."""
    return (
        Activity.objects.visible_to(user, ACTIVITIES_VIEW)
        .filter(org__path__startswith=root.path, member_filter__gender=FEMALE, starts_at__year=year)
        .select_related("org")
        .order_by("-starts_at", "-pk")[:limit]
    )


def women_tasks(*, user: Actor, root: Org, year: int) -> list[IncomingDocument] | None:
    """The year's 收文 from a 女职工委员会 (市总女工委) received in the root's subtree, with `forwarded`: how many
    转发 notices were drafted from it. None when the user may not read 收文 on the root (the card is hidden)."""
    if not has_action(user, DOCUMENTS_VIEW, root):
        return None
    marks = Q()
    for mark in WOMEN_ISSUER_MARKS:
        marks |= Q(source_issuer__contains=mark)
    return list(
        incoming_list_for_user(user=user)
        .filter(marks, org__path__startswith=root.path, received_on__year=year)
        .annotate(forwarded=Count("forward_documents"))[:20]
    )


def may_see_women_appeals(*, user: Actor, root: Org) -> bool:
    return has_action(user, APPEALS_VIEW, root)


def women_years(*, today: dt.date | None = None) -> list[int]:
    """The years the picker offers: this year and the four before it."""
    this_year = (today or timezone.localdate()).year
    return list(range(this_year, this_year - 5, -1))


def women_year(raw: Any, *, today: dt.date | None = None) -> int:
    """The year asked for (?year=), else this year; a year outside the picker reads as this year."""
    years = women_years(today=today)
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return years[0]
    return year if year in years else years[0]

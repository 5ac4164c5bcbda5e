"""Reads of part elections (换届): the term list of a subtree (unions whose `Org.term_ends_on` has passed or falls
within `DUE_DAYS` days, each with its 换届 in progress), the 换届 records a cadre sees, one record with who may do
what on it, the unions due a reminder, and the term list as xlsx. Scoping only through `visible_to`."""

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from gonghui.accounts.actors import Actor, Visitor
from gonghui.accounts.scoping import has_action
from gonghui.core.excel import SheetSpec, workbook_bytes
from gonghui.orgs.choices import OrgLevel, OrgStatus
from gonghui.orgs.models import Org
from gonghui.orgs.permissions import can_manage_org

from ..choices import ElectionStatus
from ..models import UnionElection
from ..permissions import MANAGE, VIEW

DUE_DAYS = 180  # a term ending within this many days is listed (and reminded 180/90/30 days before)
REMIND_DAYS = (180, 90, 30)
OPEN_STATUSES = (
    ElectionStatus.PLANNING,
    ElectionStatus.REQUESTED,
    ElectionStatus.PLAN_APPROVED,
    ElectionStatus.ELECTED,
)
STATE_OVERDUE, STATE_DUE = "overdue", "due"


@dataclass(frozen=True)
class TermFilters:
    query: str = ""
    county: Org | None = None
    level: str = ""
    state: str = ""  # "" both, "overdue" past its term, "due" ends within DUE_DAYS


def _open_election() -> QuerySet[UnionElection]:
    return UnionElection.objects.filter(org=OuterRef("pk"), status__in=OPEN_STATUSES).order_by("-pk")


def term_list(user: Visitor, filters: TermFilters, today: dt.date | None = None) -> QuerySet[Org]:
    """Active unions the user sees whose term has ended or ends within DUE_DAYS, soonest (most overdue) first, each
    annotated with its open 换届 (`election_public_id`, `election_status`)."""
    today = today or timezone.localdate()
    rows = Org.objects.visible_to(user, VIEW).filter(
        status=OrgStatus.ACTIVE,
        term_ends_on__isnull=False,
        term_ends_on__lte=today + dt.timedelta(days=DUE_DAYS),
    )
    if filters.state == STATE_OVERDUE:
        rows = rows.filter(term_ends_on__lt=today)
    elif filters.state == STATE_DUE:
        rows = rows.filter(term_ends_on__gte=today)
    if filters.county is not None:
        rows = rows.filter(path__startswith=filters.county.path)
    if filters.level:
        rows = rows.filter(level=filters.level)
    if filters.query:
        rows = rows.filter(Q(name__icontains=filters.query) | Q(search_text__icontains=filters.query.lower()))
    return rows.annotate(
        election_public_id=Subquery(_open_election().values("public_id")[:1]),
        election_status=Subquery(_open_election().values("status")[:1]),
    ).order_by("term_ends_on", "path")


def county_choices(user: Visitor) -> QuerySet[Org]:
    """The 县区工会 (and the city unions) the user sees: the term list's area filter."""
    return (
        Org.objects.visible_to(user, VIEW).filter(level__in=[OrgLevel.CITY, OrgLevel.COUNTY]).order_by("path")
    )


def election_records(user: Visitor, *, query: str = "", status: str = "") -> QuerySet[UnionElection]:
    """换届 records of the unions the user sees, newest first."""
    rows = UnionElection.objects.visible_to(user, VIEW).select_related("org")
    if status:
        rows = rows.filter(status=status)
    if query:
        rows = rows.filter(Q(org__name__icontains=query) | Q(org__search_text__icontains=query.lower()))
    return rows


def election_or_404(user: Visitor, public_id: UUID | str) -> UnionElection:
    return UnionElection.objects.select_related("org", "created_by").get_visible_or_404(
        user, VIEW, public_id=public_id
    )


def org_for_election_or_404(user: Visitor, code: str) -> Org:
    return Org.objects.get_visible_or_404(user, VIEW, code=code)


def open_election_of(org: Org) -> UnionElection | None:
    return UnionElection.objects.filter(org=org, status__in=OPEN_STATUSES).first()


def upper_union(org: Org) -> Org | None:
    parent: Org | None = Org.objects.get_parent(org)
    return parent


def can_run(user: Visitor, election: UnionElection) -> bool:
    """The union's own steps (启动, 报送请示, 登记选举结果, 取消): its managers (and those above it)."""
    return has_action(user, MANAGE, election.org)


def can_approve(user: Visitor, election: UnionElection) -> bool:
    """The two 批复: a manager of the union above (a union's own cadre never approves its own 换届)."""
    parent = upper_union(election.org)
    return parent is not None and has_action(user, MANAGE, parent)


def can_start(user: Visitor, org: Org) -> bool:
    return has_action(user, MANAGE, org)


def can_start_committees(user: Actor, org: Org) -> bool:
    """Completing a 换届 starts the union's new committees (orgs' committee 换届), which needs orgs.manage."""
    return can_manage_org(user, org)


@dataclass(frozen=True)
class ElectionPage:
    election: UnionElection
    upper: Org | None
    can_run: bool
    can_approve: bool

    @property
    def is_open(self) -> bool:
        return self.election.status in OPEN_STATUSES


def election_page_or_404(user: Visitor, public_id: UUID | str) -> ElectionPage:
    election = election_or_404(user, public_id)
    return ElectionPage(
        election=election,
        upper=upper_union(election.org),
        can_run=can_run(user, election),
        can_approve=can_approve(user, election),
    )


def current_committees(org: Org) -> list[Any]:
    from gonghui.orgs.models import Committee

    return list(Committee.objects.filter(org=org, is_current=True).order_by("kind"))


# --- reminders ------------------------------------------------------------------------------------------------


def remind_stage(term_ends_on: dt.date, today: dt.date) -> int | None:
    """The reminder a term is due for: 180, 90 or 30 (days before its end; the smallest one reached), 0 when it has
    ended, None when it ends more than 180 days away."""
    left = (term_ends_on - today).days
    if left < 0:
        return 0
    reached = [days for days in REMIND_DAYS if left <= days]
    return min(reached) if reached else None


def terms_to_remind(today: dt.date) -> QuerySet[Org]:
    """Active unions whose term ends within DUE_DAYS or has ended, without a 换届 in progress."""
    return (
        Org.objects.filter(
            status=OrgStatus.ACTIVE,
            term_ends_on__isnull=False,
            term_ends_on__lte=today + dt.timedelta(days=DUE_DAYS),
        )
        .exclude(pk__in=UnionElection.objects.filter(status__in=OPEN_STATUSES).values("org_id"))
        .order_by("path")
    )


# --- export ---------------------------------------------------------------------------------------------------

EXPORT_HEADERS = ["序号", "工会名称", "层级", "所在单位", "本届任期开始", "本届任期届满", "状态", "换届进展"]


def term_workbook(user: Visitor, filters: TermFilters) -> tuple[bytes, int]:
    today = timezone.localdate()
    labels = dict(ElectionStatus.choices)
    rows = []
    for index, org in enumerate(term_list(user, filters, today), start=1):
        ends = org.term_ends_on
        overdue = ends is not None and ends < today
        rows.append(
            [
                index,
                org.name,
                org.get_level_display(),
                org.unit_name,
                f"{org.term_started_on:%Y-%m-%d}" if org.term_started_on else "",
                f"{ends:%Y-%m-%d}" if ends else "",
                "已超期" if overdue else "即将届满",
                str(labels.get(org.election_status, "未启动")),  # type: ignore[attr-defined]
            ]
        )
    sheet = SheetSpec(
        name="换届提醒",
        headers=EXPORT_HEADERS,
        rows=rows,
        widths=(6, 32, 14, 28, 14, 14, 10, 16),
        notes=[f"任期已届满或{DUE_DAYS}天内届满的工会（导出日期 {today:%Y-%m-%d}）"],
    )
    return workbook_bytes([sheet]), len(rows)

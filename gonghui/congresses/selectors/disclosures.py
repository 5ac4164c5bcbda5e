"""Reads of part disclosures (校务公开): the console list (scoped by `congresses.view`), one disclosure with its
read receipts (read / staff count, who has not read), the yearly checklist of a unit with its gaps (items without
a published disclosure; overdue once due_on has passed), the gaps board of a subtree for the unions above, and the
member's portal list and page (published disclosures of the units the member is staff of)."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from gonghui.accounts.actors import Visitor
from gonghui.accounts.scoping import action_paths, has_action
from gonghui.core.excel import SheetSpec, workbook_bytes
from gonghui.members.models import Member
from gonghui.members.selectors.registry import member_for_user
from gonghui.orgs.models import Org

from ..choices import DisclosureStatus
from ..models import Disclosure, DisclosureChecklistItem, DisclosureRead
from ..permissions import MANAGE, VIEW
from ..seats import is_unit_staff, unit_staff

UNREAD_SHOWN = 50


@dataclass(frozen=True)
class DisclosureFilters:
    query: str = ""
    org: Org | None = None
    category: str = ""
    status: str = ""
    year: int | None = None


def manage_orgs(user: Visitor) -> QuerySet[Org]:
    """The unions the user may publish for (where they hold congresses.manage)."""
    return Org.objects.filter(path__in=action_paths(user, MANAGE)).order_by("path")


def view_orgs(user: Visitor) -> QuerySet[Org]:
    """The unions the user may read (their subtrees), for the unit filter."""
    return Org.objects.visible_to(user, VIEW).order_by("path")


def can_manage_disclosure(user: Visitor, disclosure: Disclosure) -> bool:
    return has_action(user, MANAGE, disclosure.org)


def disclosure_list_for_user(user: Visitor, filters: DisclosureFilters) -> QuerySet[Disclosure]:
    rows = (
        Disclosure.objects.visible_to(user, VIEW)
        .select_related("org", "checklist_item")
        .annotate(read_count=Count("reads"))
        .order_by("-published_at", "-created_at", "-pk")
    )
    if filters.query:
        rows = rows.filter(Q(title__icontains=filters.query) | Q(content__icontains=filters.query))
    if filters.org is not None:
        rows = rows.filter(org__path__startswith=filters.org.path)
    if filters.category:
        rows = rows.filter(category=filters.category)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.year:
        rows = rows.filter(created_at__year=filters.year)
    return rows


def disclosure_get_for_user(user: Visitor, public_id: Any, *, demand: str | None = None) -> Disclosure:
    return Disclosure.objects.select_related("org", "checklist_item", "created_by").get_visible_or_404(
        user, VIEW, demand=demand, public_id=public_id
    )


@dataclass(frozen=True)
class ReadStats:
    staff: int
    read: int
    unread: list[Member] = field(default_factory=list)

    @property
    def unread_count(self) -> int:
        return max(self.staff - self.read, 0)

    @property
    def percent(self) -> int:
        return round(self.read * 100 / self.staff) if self.staff else 0


def _unread_members(disclosure: Disclosure) -> QuerySet[Member]:
    read = DisclosureRead.objects.filter(disclosure=disclosure, member=OuterRef("pk"))
    return (
        unit_staff(disclosure.org).exclude(Exists(read)).select_related("org").order_by("org__path", "name")
    )


def disclosure_read_stats(disclosure: Disclosure) -> ReadStats:
    """Read receipts among the unit's current staff (a reader who has left is not counted), and the first
    UNREAD_SHOWN staff who have not read."""
    staff = unit_staff(disclosure.org)
    read = DisclosureRead.objects.filter(disclosure=disclosure, member__in=staff).count()
    return ReadStats(staff=staff.count(), read=read, unread=list(_unread_members(disclosure)[:UNREAD_SHOWN]))


def disclosure_reads(disclosure: Disclosure) -> QuerySet[DisclosureRead]:
    return disclosure.reads.select_related("member__org").order_by("-read_at")


def disclosure_unread_workbook(disclosure: Disclosure) -> tuple[bytes, int]:
    """阅读情况 as xlsx: every staff member of the unit, read (when) or not."""
    reads = dict(disclosure.reads.values_list("member_id", "read_at"))
    rows = []
    staff = unit_staff(disclosure.org).select_related("org").order_by("org__path", "name")
    for index, member in enumerate(staff, start=1):
        read_at = reads.get(member.pk)
        rows.append(
            [
                index,
                member.name,
                member.org.name,
                "已读" if read_at else "未读",
                timezone.localtime(read_at).strftime("%Y-%m-%d %H:%M") if read_at else "",
            ]
        )
    sheet = SheetSpec(
        name="阅读情况",
        headers=["序号", "姓名", "所在工会", "阅读状态", "首次阅读时间"],
        rows=rows,
        widths=(6, 12, 30, 10, 18),
        notes=[f"{disclosure.title}（{disclosure.org.name}）"],
    )
    return workbook_bytes([sheet]), len(rows)


# --- the yearly checklist -----------------------------------------------------------------------------------------


def checklist_items(org: Org, year: int) -> QuerySet[DisclosureChecklistItem]:
    """The unit's checklist for the year, each item with `is_done` (a published disclosure answers it)."""
    published = Disclosure.objects.filter(checklist_item=OuterRef("pk"), status=DisclosureStatus.PUBLISHED)
    return (
        DisclosureChecklistItem.objects.filter(org=org, year=year)
        .annotate(is_done=Exists(published))
        .order_by("sort_order", "id")
    )


@dataclass(frozen=True)
class ChecklistRow:
    item: DisclosureChecklistItem
    done: bool
    overdue: bool


def checklist_rows(org: Org, year: int, today: dt.date | None = None) -> list[ChecklistRow]:
    today = today or timezone.localdate()
    return [
        ChecklistRow(
            item=item,
            done=item.is_done,  # type: ignore[attr-defined]
            overdue=not item.is_done and item.due_on is not None and item.due_on < today,  # type: ignore[attr-defined]
        )
        for item in checklist_items(org, year)
    ]


def checklist_org_or_404(user: Visitor, org_id: Any) -> Org:
    try:
        return Org.objects.visible_to(user, VIEW).get(pk=int(org_id))
    except (Org.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def checklist_item_or_404(user: Visitor, pk: Any) -> DisclosureChecklistItem:
    return DisclosureChecklistItem.objects.select_related("org").get_visible_or_404(
        user, VIEW, demand=MANAGE, pk=pk
    )


def checklist_item_choices(user: Visitor, year: int) -> QuerySet[DisclosureChecklistItem]:
    """Checklist items a disclosure may answer: this and last year's, of the unions the user manages."""
    return (
        DisclosureChecklistItem.objects.filter(
            org__path__in=action_paths(user, MANAGE), year__in=[year, year - 1]
        )
        .select_related("org")
        .order_by("org__path", "-year", "sort_order")
    )


@dataclass(frozen=True)
class BoardRow:
    org: Org
    items: int
    done: int
    overdue: int

    @property
    def gaps(self) -> int:
        return self.items - self.done


def checklist_board(user: Visitor, year: int, today: dt.date | None = None) -> list[BoardRow]:
    """The gaps board of every unit in the user's subtrees that keeps a checklist for the year: items, those
    published, gaps and overdue gaps per unit (one grouped query)."""
    today = today or timezone.localdate()
    published = Disclosure.objects.filter(checklist_item=OuterRef("pk"), status=DisclosureStatus.PUBLISHED)
    counts = (
        DisclosureChecklistItem.objects.visible_to(user, VIEW)
        .filter(year=year)
        .annotate(is_done=Exists(published))
        .values("org_id")
        .annotate(
            items=Count("id"),
            done=Count("id", filter=Q(is_done=True)),
            overdue=Count("id", filter=Q(is_done=False, due_on__lt=today)),
        )
        .order_by()
    )
    by_org = {row["org_id"]: row for row in counts}
    orgs = Org.objects.filter(pk__in=list(by_org)).order_by("path")
    return [
        BoardRow(
            org=org,
            items=by_org[org.pk]["items"],
            done=by_org[org.pk]["done"],
            overdue=by_org[org.pk]["overdue"],
        )
        for org in orgs
    ]


# --- the member's pages -------------------------------------------------------------------------------------------


def _unit_paths(member: Member) -> list[str]:
    """The paths of the member's union and every union above it: the units whose staff the member is."""
    path, step = member.org.path, Org.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def portal_disclosures(member: Member, query: str = "") -> QuerySet[Disclosure]:
    """Published disclosures of the units the member is staff of, newest first, each with `is_read`."""
    rows = (
        Disclosure.objects.filter(status=DisclosureStatus.PUBLISHED, org__path__in=_unit_paths(member))
        .select_related("org")
        .annotate(is_read=Exists(DisclosureRead.objects.filter(disclosure=OuterRef("pk"), member=member)))
    )
    if query:
        rows = rows.filter(Q(title__icontains=query) | Q(content__icontains=query))
    return rows.order_by("-published_at", "-pk")


def portal_unread_count(member: Member) -> int:
    read = DisclosureRead.objects.filter(disclosure=OuterRef("pk"), member=member)
    return (
        Disclosure.objects.filter(status=DisclosureStatus.PUBLISHED, org__path__in=_unit_paths(member))
        .exclude(Exists(read))
        .count()
    )


def portal_disclosure_or_404(member: Member, public_id: Any) -> Disclosure:
    """A published disclosure of a unit the member is staff of; anything else is 404."""
    disclosure = (
        Disclosure.objects.select_related("org")
        .filter(public_id=public_id, status=DisclosureStatus.PUBLISHED)
        .first()
    )
    if disclosure is None or not is_unit_staff(member, disclosure.org):
        raise Http404
    return disclosure


def user_may_download(user: Visitor, disclosure: Disclosure) -> bool:
    """Attachment access: cadres who see the disclosure; the unit's staff once it is published."""
    if Disclosure.objects.visible_to(user, VIEW).filter(pk=disclosure.pk).exists():
        return True
    if disclosure.status != DisclosureStatus.PUBLISHED:
        return False
    return is_unit_staff(member_for_user(user), disclosure.org)


def portal_unread_current(member: Member, limit: int = 3) -> list[Disclosure]:
    """The member's newest unread disclosures still within their period (the portal home's 通知公告 card)."""
    today = timezone.localdate()
    read = DisclosureRead.objects.filter(disclosure=OuterRef("pk"), member=member)
    return list(
        Disclosure.objects.filter(status=DisclosureStatus.PUBLISHED, org__path__in=_unit_paths(member))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .exclude(Exists(read))
        .select_related("org")
        .order_by("-published_at", "-pk")[:limit]
    )

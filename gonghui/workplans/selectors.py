"""Reads of the 工作要点 module, always through the scoped queryset (`visible_to`): a plan is seen by the cadres of its
issuing union's subtree (and those above it); managing needs `workplans.manage` on the issuing union, reporting
`workplans.report` on a union inside its subtree. The board and the year-end summary read a whole plan in a
constant number of queries."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.accounts.models import User
from gonghui.accounts.scoping import ScopedNodeQuerySet, has_action, user_grants
from gonghui.attachments.models import Attachment
from gonghui.core.models import TimelineEntry
from gonghui.core.registry import PlanRecordKind, PlanRecordRef, plan_record_kinds, roles
from gonghui.core.timeline import timeline_for
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Department, Org
from gonghui.orgs.targeting import OrgTarget, target_label

from .choices import ProgressStatus
from .models import (
    MANAGE,
    REPORT,
    VIEW,
    PlanActivity,
    PlanItem,
    PlanItemLink,
    PlanSection,
    ProgressReport,
    WorkPlan,
)
from .permissions import can_link


def _require_plan_action(user: Actor, plan: WorkPlan, action: str) -> None:
    """After the plan was found visible: manage needs the action on the issuing union, report a union of the
    plan's subtree where the user may report."""
    if action == MANAGE and not has_action(user, MANAGE, plan.org):
        raise PermissionDenied
    if action == REPORT and not report_orgs_for_user(user=user, plan=plan):
        raise PermissionDenied


def plan_list_for_user(*, user: Actor, query: str = "", year: int | None = None) -> QuerySet[WorkPlan]:
    qs = (
        WorkPlan.objects.visible_to(user, VIEW)
        .select_related("org")
        .annotate(
            n_sections=Count("sections", distinct=True), n_items=Count("sections__items", distinct=True)
        )
    )
    if query:
        qs = qs.filter(
            Q(title__icontains=query) | Q(doc_number__icontains=query) | Q(issuer__icontains=query)
        )
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "-created_at", "-id")


def plan_years_for_user(*, user: Actor) -> list[int]:
    return list(
        WorkPlan.objects.visible_to(user, VIEW).order_by("-year").values_list("year", flat=True).distinct()
    )


def plan_get_for_user(*, user: Actor, public_id: Any, action: str = VIEW) -> WorkPlan:
    plan = WorkPlan.objects.select_related("org").get_visible_or_404(user, VIEW, public_id=public_id)
    _require_plan_action(user, plan, action)
    return plan


def plan_title(public_id: str) -> str:
    """A plan's title by its public id, unscoped: only for the summary workbook's file name, which the spreadsheets
    export asks for after the exporter has checked the user's access (`plan_get_for_user`)."""
    try:
        title = WorkPlan.objects.filter(public_id=public_id).values_list("title", flat=True).first()
    except (ValueError, ValidationError):
        return ""
    return title or ""


def section_get_for_user(*, user: Actor, pk: int, action: str = MANAGE) -> PlanSection:
    try:
        section = PlanSection.objects.select_related("plan__org").get(
            plan__in=WorkPlan.objects.visible_to(user, VIEW), pk=pk
        )
    except PlanSection.DoesNotExist:
        raise Http404 from None
    _require_plan_action(user, section.plan, action)
    return section


def item_get_for_user(*, user: Actor, pk: int, action: str = VIEW) -> PlanItem:
    item = PlanItem.objects.select_related(
        "section__plan__org", "lead_department", "lead_org"
    ).get_visible_or_404(user, VIEW, pk=pk)
    _require_plan_action(user, item.section.plan, action)
    return item


def activity_get_for_user(*, user: Actor, pk: int, action: str = MANAGE) -> PlanActivity:
    activity = PlanActivity.objects.select_related(
        "item__section__plan__org", "lead_department", "lead_org"
    ).get_visible_or_404(user, VIEW, pk=pk)
    _require_plan_action(user, activity.item.section.plan, action)
    return activity


def report_orgs_for_user(*, user: Actor, plan: WorkPlan) -> list[Org]:
    """The unions the user may report for on this plan: the user's own grant orgs (holding workplans.report)
    inside the plan's subtree, and the issuing union itself when the user may report there."""
    found: dict[int, Org] = {}
    if has_action(user, REPORT, plan.org):
        found[plan.org.pk] = plan.org
    for grant in user_grants(user):
        org = grant.org
        if (
            grant.role in roles
            and roles.get(grant.role).allows(REPORT)
            and org.path.startswith(plan.org.path)
            and org.status == OrgStatus.ACTIVE
        ):
            found.setdefault(org.pk, org)
    return sorted(found.values(), key=lambda o: o.path)


def cadres_of(org: Org, action: str) -> QuerySet[User]:
    """Active users whose grant on exactly this union allows `action` (the union's own cadres, not those above)."""
    codes = [role.code for role in roles if action in role.actions and role.console]
    return (
        User.objects.filter(grants__org=org, grants__role__in=codes, is_active=True).distinct().order_by("pk")
    )


def plan_issuers_for_user(*, user: Actor) -> QuerySet[Org]:
    """Active unions the user manages plans of: where a plan may be imported. The user's grant orgs first."""
    return Org.objects.visible_to(user, MANAGE).filter(status=OrgStatus.ACTIVE).order_by("path")


def plan_departments(*, plan: WorkPlan) -> QuerySet[Department]:
    return Department.objects.filter(org=plan.org).order_by("sort_order", "id")


def plan_orgs(*, plan: WorkPlan) -> ScopedNodeQuerySet[Org]:
    """Active unions of the plan's subtree: who may lead, take part or report."""
    return Org.objects.get_queryset().filter(path__startswith=plan.org.path, status=OrgStatus.ACTIVE)


def plan_item_choices(*, plan: WorkPlan) -> QuerySet[PlanItem]:
    """The plan's items in reading order, for pickers (merge with, move an activity to)."""
    return (
        PlanItem.objects.filter(section__plan=plan)
        .select_related("section")
        .order_by("section__order", "order", "id")
    )


def plan_section_choices(*, plan: WorkPlan) -> QuerySet[PlanSection]:
    """The plan's sections in order, for the move-item picker."""
    return PlanSection.objects.filter(plan=plan).order_by("order", "id")


def items_before(*, section: PlanSection) -> int:
    """How many items the sections before this one hold (where its renumbering starts)."""
    return PlanItem.objects.filter(section__plan_id=section.plan_id, section__order__lt=section.order).count()


def item_activities(*, item: PlanItem) -> list[PlanActivity]:
    return list(item.activities.select_related("lead_department", "lead_org").order_by("order", "id"))


def plan_sections(*, plan: WorkPlan) -> list[PlanSection]:
    """The whole tree with assignments, in five queries whatever its size."""
    activities = PlanActivity.objects.select_related("lead_department", "lead_org").prefetch_related(
        "participants"
    )
    items = (
        PlanItem.objects.select_related("lead_department", "lead_org")
        .prefetch_related("participants", Prefetch("activities", queryset=activities))
        .order_by("order", "id")
    )
    return list(
        PlanSection.objects.filter(plan=plan)
        .prefetch_related(Prefetch("items", queryset=items))
        .order_by("order", "id")
    )


def plan_counts(sections: list[PlanSection]) -> dict[str, int]:
    items = [i for s in sections for i in s.items.all()]
    return {
        "sections": len(sections),
        "items": len(items),
        "activities": sum(len(i.activities.all()) for i in items),
        "assigned": sum(1 for i in items if i.is_assigned),
    }


def target_labels(sections: list[PlanSection]) -> dict[int, list[str]]:
    """Chinese labels of every item's and activity's participant targets, keyed by id(obj), in one query."""
    objs: list[PlanItem | PlanActivity] = []
    for section in sections:
        for item in section.items.all():
            objs.append(item)
            objs.extend(item.activities.all())
    targets = {id(o): [OrgTarget.from_dict(t) for t in o.participant_targets] for o in objs}
    ids = {t.org_id for ts in targets.values() for t in ts}
    orgs = {o.pk: o for o in Org.objects.filter(pk__in=ids)} if ids else {}
    return {key: [target_label(t, orgs) for t in ts] for key, ts in targets.items()}


def item_labels(item: PlanItem, activities: list[PlanActivity]) -> tuple[str, list[str]]:
    """The participant labels of an item and of each of its activities, in one query."""
    parts: list[PlanItem | PlanActivity] = [item, *activities]
    targets = [[OrgTarget.from_dict(t) for t in p.participant_targets] for p in parts]
    ids = {t.org_id for ts in targets for t in ts}
    orgs = {o.pk: o for o in Org.objects.filter(pk__in=ids)} if ids else {}
    labels = ["、".join(target_label(t, orgs) for t in ts) for ts in targets]
    return labels[0], labels[1:]


def report_attachments(reports: list[ProgressReport]) -> dict[int, list[Attachment]]:
    """Each report's attachments, in one query."""
    if not reports:
        return {}
    found: dict[int, list[Attachment]] = {r.pk: [] for r in reports}
    for attachment in Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(ProgressReport),
        object_id__in=[str(r.pk) for r in reports],
    ).order_by("created_at", "id"):
        found[int(attachment.object_id)].append(attachment)
    return found


def item_reports_for_user(*, user: Actor, item: PlanItem) -> QuerySet[ProgressReport]:
    return (
        ProgressReport.objects.visible_to(user, VIEW)
        .filter(item=item)
        .select_related("org", "reported_by")
        .order_by("-created_at", "-id")
    )


def item_timeline_for_user(*, user: Actor, item: PlanItem) -> QuerySet[TimelineEntry] | None:
    """The item's 办理记录, for the issuing union's side only (its cadres and those above it), as 公文 does: the
    rows are the progress reports of every union, which a reporting union may not read (its own reports are in
    the scoped 进展报告 list). None for everybody else: the page then shows no timeline."""
    if not has_action(user, VIEW, item.section.plan.org):
        return None
    return timeline_for(item)


# ---- the board -------------------------------------------------------------------------------------------


def rollup(statuses: list[str]) -> str:
    """One status for an item from its unions' latest statuses (a union expected but silent counts as 未开始):
    all 已完成 → 已完成; any 受阻 → 受阻; any started → 进行中; else 未开始."""
    if statuses and all(s == ProgressStatus.DONE for s in statuses):
        return ProgressStatus.DONE
    if ProgressStatus.BLOCKED in statuses:
        return ProgressStatus.BLOCKED
    if any(s in (ProgressStatus.IN_PROGRESS, ProgressStatus.DONE) for s in statuses):
        return ProgressStatus.IN_PROGRESS
    return ProgressStatus.NOT_STARTED


@dataclass
class OrgStatusRow:
    org: Org
    report: ProgressReport | None

    @property
    def status(self) -> str:
        return self.report.status if self.report else ProgressStatus.NOT_STARTED

    @property
    def status_label(self) -> str:
        return str(ProgressStatus(self.status).label)


@dataclass
class BoardRow:
    section: PlanSection
    item: PlanItem
    status: str
    orgs: list[OrgStatusRow]
    due: dt.date | None
    late: bool
    participants: list[str] = field(default_factory=list)
    links: "LinkProgress | None" = None

    @property
    def status_label(self) -> str:
        return str(ProgressStatus(self.status).label)

    @property
    def counts(self) -> dict[str, int]:
        counter = Counter(row.status for row in self.orgs)
        return {str(s): counter.get(str(s), 0) for s in ProgressStatus}

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        counts = self.counts
        return [(str(s.value), str(s.label), counts[str(s.value)]) for s in ProgressStatus]

    @property
    def reported(self) -> int:
        return sum(1 for row in self.orgs if row.report is not None)


@dataclass
class Board:
    plan: WorkPlan
    rows: list[BoardRow]
    today: dt.date
    within: Org

    @property
    def totals(self) -> dict[str, int]:
        counter = Counter(row.status for row in self.rows)
        totals = {str(s): counter.get(str(s), 0) for s in ProgressStatus}
        totals["late"] = sum(1 for row in self.rows if row.late)
        totals["total"] = len(self.rows)
        return totals

    @property
    def status_totals(self) -> list[tuple[str, str, int]]:
        totals = self.totals
        return [(str(s.value), str(s.label), totals[str(s.value)]) for s in ProgressStatus]


def _expected_orgs(item: PlanItem) -> dict[int, Org]:
    expected: dict[int, Org] = {}
    for part in (item, *item.activities.all()):
        if part.lead_org is not None:
            expected[part.lead_org.pk] = part.lead_org
        for org in part.participants.all():
            expected[org.pk] = org
    return expected


def _item_due(item: PlanItem, year: int) -> dt.date | None:
    """The item's own due month, else the latest due month of its activities."""
    dues = [d for d in (part.due_date(year) for part in (item, *item.activities.all())) if d is not None]
    own = item.due_date(year)
    return own if own is not None else (max(dues) if dues else None)


def plan_board(
    *, plan: WorkPlan, user: Actor, within: Org | None = None, today: dt.date | None = None
) -> Board:
    """Every item with its rolled-up status: the latest report of each union (reports the user may see, from
    unions inside `within`, default the issuing union's subtree), the expected unions (lead and participants of
    the item and its activities) that have not reported counting as 未开始. An item is late when its due month
    has passed and it is not 已完成. The issuing union's side also reads each item's 落实记录 (`links`). Constant
    number of queries (one more per kind of linked record)."""
    today = today or timezone.localdate()
    root = within if within is not None and within.path.startswith(plan.org.path) else plan.org
    sees_all = has_action(user, VIEW, plan.org)
    sections = plan_sections(plan=plan)
    progress = plan_link_progress(plan=plan) if sees_all else {}
    labels = target_labels(sections)
    reports = (
        ProgressReport.objects.visible_to(user, VIEW)
        .filter(item__section__plan=plan, org__path__startswith=root.path)
        .select_related("org", "reported_by")
        .order_by("created_at", "id")
    )
    latest: dict[int, dict[int, ProgressReport]] = {}
    for report in reports:
        latest.setdefault(report.item_id, {})[report.org_id] = report
    rows: list[BoardRow] = []
    for section in sections:
        for item in section.items.all():
            reported = latest.get(item.pk, {})
            expected = {
                pk: org
                for pk, org in _expected_orgs(item).items()
                if org.path.startswith(root.path) and (sees_all or has_action(user, VIEW, org))
            }
            org_rows = [OrgStatusRow(org=r.org, report=r) for r in reported.values()]
            org_rows += [OrgStatusRow(org=o, report=None) for pk, o in expected.items() if pk not in reported]
            org_rows.sort(key=lambda r: r.org.path)
            status = rollup([r.status for r in org_rows])
            due = _item_due(item, plan.year)
            rows.append(
                BoardRow(
                    section=section,
                    item=item,
                    status=status,
                    orgs=org_rows,
                    due=due,
                    late=due is not None and today > due and status != ProgressStatus.DONE,
                    participants=labels.get(id(item), []),
                    links=progress.get(item.pk),
                )
            )
    return Board(plan=plan, rows=rows, today=today, within=root)


# ---- 落实记录: the records linked to items ---------------------------------------------------------------------

GONE = "已删除"


@dataclass
class LinkRow:
    """A linked record as the item shows it: read through its kind (`ref`), or only the title kept at linking
    when the record (or its kind) is gone."""

    link: PlanItemLink
    kind_label: str
    ref: PlanRecordRef | None

    @property
    def title(self) -> str:
        return self.ref.title if self.ref else self.link.title

    @property
    def state(self) -> str:
        return self.ref.state if self.ref else GONE

    @property
    def done(self) -> bool:
        return bool(self.ref and self.ref.done)

    @property
    def url(self) -> str:
        return self.ref.url if self.ref else ""

    @property
    def on(self) -> dt.date | None:
        return self.ref.on if self.ref else None


@dataclass
class LinkProgress:
    """An item's 落实记录 and how many of them have reached their final state."""

    rows: list[LinkRow]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def done(self) -> int:
        return sum(1 for row in self.rows if row.done)

    @property
    def label(self) -> str:
        """3 项落实记录：2 项已完成."""
        return f"{self.total} 项落实记录：{self.done} 项已完成" if self.rows else ""


def link_kinds() -> list[PlanRecordKind]:
    return list(plan_record_kinds)


def links_resolve(links: list[PlanItemLink]) -> list[LinkRow]:
    """Each link with its record read through its kind: one `records()` call per kind, whatever the number."""
    ids: dict[str, list[int]] = {}
    for link in links:
        ids.setdefault(link.kind, []).append(link.object_id)
    refs = {
        kind: plan_record_kinds.get(kind).records(kind_ids)
        for kind, kind_ids in ids.items()
        if kind in plan_record_kinds
    }
    rows: list[LinkRow] = []
    for link in links:
        label = plan_record_kinds.get(link.kind).label if link.kind in plan_record_kinds else link.kind
        rows.append(LinkRow(link=link, kind_label=label, ref=refs.get(link.kind, {}).get(link.object_id)))
    return rows


def item_links(*, item: PlanItem) -> LinkProgress:
    links = list(
        PlanItemLink.objects.filter(item=item).select_related("linked_by").order_by("created_at", "id")
    )
    return LinkProgress(rows=links_resolve(links))


def plan_link_progress(*, plan: WorkPlan) -> dict[int, LinkProgress]:
    """Every item's 落实记录, keyed by item id: one query for the links and one per kind of record."""
    links = list(
        PlanItemLink.objects.filter(item__section__plan=plan).order_by("item_id", "created_at", "id")
    )
    found: dict[int, LinkProgress] = {}
    for row in links_resolve(links):
        found.setdefault(row.link.item_id, LinkProgress(rows=[])).rows.append(row)
    return found


def item_links_visible(user: Actor, item: PlanItem) -> bool:
    """The 落实记录 (titles of other unions' records) are shown to the issuing union's side and to the lead
    union's cadres, like the item's timeline; a union that only takes part sees its own progress reports."""
    plan = item.section.plan
    return has_action(user, VIEW, plan.org) or (
        item.lead_org is not None and has_action(user, VIEW, item.lead_org)
    )


def link_candidates(*, user: Actor, kind: str, query: str) -> list[PlanRecordRef]:
    """Records of `kind` the user may link (what the kind offers the user: records the user sees), empty for an
    unknown kind."""
    if kind not in plan_record_kinds:
        return []
    return plan_record_kinds.get(kind).candidates(user, query.strip()[:100])


def link_get_for_user(*, user: Actor, pk: int) -> PlanItemLink:
    """A link the user may remove: the item seen, and linking allowed on it (`can_link`)."""
    link = PlanItemLink.objects.select_related(
        "item__section__plan__org", "item__lead_org"
    ).get_visible_or_404(user, VIEW, pk=pk)
    if not can_link(user, link.item, link.item.section.plan):
        raise PermissionDenied
    return link

"""Reads of 网上维权: the case desk (`Appeal.objects.visible_to`), a member's own cases, timelines without
internal rows for the member, the overdue board, and the statistics (`appeal_stats`, in stats.py)."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.actors import Actor, AnonymousUser, Visitor
from gonghui.accounts.models import RoleGrant, User
from gonghui.attachments.models import Attachment
from gonghui.attachments.selectors import attachments_of
from gonghui.core.models import TimelineEntry
from gonghui.core.registry import MemberRequest, PortalCardItem, roles
from gonghui.core.timeline import timeline_for
from gonghui.members.models import Member
from gonghui.notifications.targets import OUT_OF_SCOPE
from gonghui.orgs.choices import OrgLevel, OrgStatus
from gonghui.orgs.models import Org

from .choices import MEMBER_VISIBLE_ACTIONS, OPEN_STATUSES, AppealAction, AppealStatus, MessageKind
from .models import Appeal, AppealCategory, AppealMessage, HandlerDesignation
from .permissions import HANDLE, SUPERVISE, VIEW, VIEW_ASSIGNED, can_supervise_org, is_desk_user
from .sla import due_soon_q, overdue_q
from .stats import AppealStats, appeal_stats, stats_filters

__all__ = [
    "AppealStats",
    "appeal_get_for_member",
    "appeal_get_for_user",
    "appeal_list_for_member",
    "appeal_list_for_user",
    "appeal_stats",
    "stats_filters",
]

OVERDUE_FILTERS = ("overdue", "due_soon", "paused")


def appeal_list_for_user(
    *,
    user: Actor,
    status: str = "",
    category: str = "",
    sla: str = "",
    mine: bool = False,
    query: str = "",
    within: Org | None = None,
    today: dt.date | None = None,
) -> QuerySet[Appeal]:
    """The case desk: what the user may see, filtered by state, category, SLA marker, "assigned to me", text."""
    today = today or timezone.localdate()
    qs = Appeal.objects.visible_to(user, VIEW).select_related("org", "category", "handler", "lawyer")
    if status in AppealStatus.values:
        qs = qs.filter(status=status)
    elif status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    if category:
        qs = qs.filter(category__code=category)
    if sla == "overdue":
        qs = qs.filter(overdue_q(today))
    elif sla == "due_soon":
        qs = qs.filter(due_soon_q(today))
    elif sla == "paused":
        qs = qs.filter(status=AppealStatus.AWAITING_MATERIALS)
    if mine:
        qs = qs.filter(Q(handler_id=user.pk) | Q(lawyer_id=user.pk))
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    text = query.strip()
    if text:
        qs = qs.filter(Q(number__icontains=text) | Q(title__icontains=text))
    return qs.order_by("-created_at", "-id")


def appeal_visible_to(*, user: Actor, appeal: Appeal) -> bool:
    """Whether the user still sees the case (after a transfer or escalation it may have left their scope)."""
    return Appeal.objects.visible_to(user, VIEW).filter(pk=appeal.pk).exists()


def appeal_whereabouts(user: Actor, kwargs: dict[str, Any]) -> str:
    """For a notification linking to a case page (`notifications.targets`): "" while the user still sees the case,
    else where it went — the union it was last transferred or escalated to (已转办至… / 已上报至…), or
    `OUT_OF_SCOPE`. The reader was notified of the case, so its number, title and new union are no secret to them."""
    appeal = Appeal.objects.select_related("org").filter(public_id=kwargs["public_id"]).first()
    if appeal is None:
        return OUT_OF_SCOPE
    if appeal_visible_to(user=user, appeal=appeal):
        return ""
    moved = (
        timeline_for(appeal)
        .filter(action__in=[AppealAction.TRANSFER, AppealAction.ESCALATE])
        .order_by("-created_at", "-id")
        .first()
    )
    if moved is None:
        return OUT_OF_SCOPE
    verb = "转办" if moved.action == AppealAction.TRANSFER else "上报"
    when = timezone.localtime(moved.created_at)
    return (
        f"诉求 {appeal.number}「{appeal.title}」已于{when:%Y年%-m月%-d日}{verb}至{appeal.org.name}办理，"
        f"{OUT_OF_SCOPE}。"
    )


def appeal_get_for_user(*, user: Actor, public_id: Any) -> Appeal:
    """One case the user may see, else 404 (outside scope, restricted category, not the lawyer's)."""
    found = (
        Appeal.objects.visible_to(user, VIEW)
        .select_related("org", "origin_org", "category", "handler", "lawyer", "member", "submitted_by")
        .filter(public_id=public_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def appeal_list_for_member(*, member: Member) -> QuerySet[Appeal]:
    return (
        Appeal.objects.filter(member=member).select_related("org", "category").order_by("-created_at", "-id")
    )


def appeal_get_for_member(*, member: Member, public_id: Any) -> Appeal:
    found = appeal_list_for_member(member=member).filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def appeal_timeline(appeal: Appeal, *, for_member: bool = False) -> list[TimelineEntry]:
    entries = list(timeline_for(appeal))
    if for_member:
        entries = [e for e in entries if e.action in MEMBER_VISIBLE_ACTIONS]
    return entries


def appeal_messages(appeal: Appeal, *, for_member: bool = False) -> list[AppealMessage]:
    qs = appeal.messages.select_related("author")
    if for_member:
        qs = qs.exclude(kind=MessageKind.NOTE)
    return list(qs)


def appeal_attachments(appeal: Appeal) -> list[Attachment]:
    return list(attachments_of(appeal))


def appeal_desk_counts(*, user: Actor, org: Any = None, today: dt.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    qs = Appeal.objects.visible_to(user, VIEW)
    if org is not None:
        qs = qs.filter(org__path__startswith=org.path)
    return qs.aggregate(
        submitted=Count("pk", filter=Q(status=AppealStatus.SUBMITTED)),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("pk", filter=overdue_q(today)),
        due_soon=Count("pk", filter=due_soon_q(today)),
    )


@dataclass
class BoardRow:
    org: Org
    overdue: int
    open: int
    appeals: list[Appeal] = field(default_factory=list)


def overdue_board(*, user: Actor, today: dt.date | None = None, limit_per_org: int = 10) -> list[BoardRow]:
    """Overdue cases per handling union in the user's scope, the unions with most overdue first."""
    today = today or timezone.localdate()
    visible = Appeal.objects.visible_to(user, VIEW)
    open_counts = dict(
        visible.filter(status__in=OPEN_STATUSES)
        .values_list("org_id")
        .annotate(n=Count("pk"))
        .values_list("org_id", "n")
    )
    overdue = list(
        visible.filter(overdue_q(today))
        .select_related("org", "category", "handler")
        .order_by("accept_due", "reply_due")
    )
    rows: dict[int, BoardRow] = {}
    for appeal in overdue:
        row = rows.setdefault(
            appeal.org_id, BoardRow(org=appeal.org, overdue=0, open=open_counts.get(appeal.org_id, 0))
        )
        row.overdue += 1
        if len(row.appeals) < limit_per_org:
            row.appeals.append(appeal)
    return sorted(rows.values(), key=lambda r: (-r.overdue, r.org.path))


def category_list(*, active_only: bool = False) -> QuerySet[AppealCategory]:
    qs = AppealCategory.objects.all()
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("order", "id")


def category_get(*, pk: int | None) -> AppealCategory | None:
    """One category of the platform-wide list (reference data, not scoped), None for a new one, 404 when missing."""
    if pk is None:
        return None
    try:
        return AppealCategory.objects.get(pk=pk)
    except AppealCategory.DoesNotExist:
        raise Http404 from None


def designation_list_for_user(*, user: Actor) -> QuerySet[HandlerDesignation]:
    return (
        HandlerDesignation.objects.visible_to(user, SUPERVISE)
        .select_related("user", "org", "category")
        .order_by("org__path", "category__order", "id")
    )


def designation_get_for_user(*, user: Actor, pk: int) -> HandlerDesignation:
    found = designation_list_for_user(user=user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def designee_get_for_user(*, user: Actor, username: str) -> User | None:
    """The account a 维权督办 may designate as a handler: active, and holding a role that allows handling appeals
    on an active union inside the supervisor's own subtrees. None whether the account does not exist or lies
    outside those subtrees, so the designation form cannot tell the two apart (member accounts are m<phone>)."""
    handler_roles = [role.code for role in roles if role.allows(HANDLE)]
    grant = (
        RoleGrant.objects.filter(
            org__in=supervised_orgs(user=user),
            role__in=handler_roles,
            user__username=username.strip(),
            user__is_active=True,
        )
        .select_related("user")
        .first()
    )
    return grant.user if grant is not None else None


def supervised_orgs(*, user: Actor) -> QuerySet[Org]:
    """Active unions where the user supervises 维权 (appeals.supervise)."""
    return Org.objects.visible_to(user, SUPERVISE).filter(status="active").order_by("path")


def handling_orgs(*, user: Actor) -> QuerySet[Org]:
    """Active unions where the user handles cases (appeals.handle)."""
    return Org.objects.visible_to(user, HANDLE).filter(status="active").order_by("path")


def may_supervise(user: Actor, org: Org) -> bool:
    return can_supervise_org(user, org)


# --- who may act on a case, where it may go (read by the services and the desk) -------------------------

TARGET_LEVELS = (OrgLevel.COUNTY, OrgLevel.CITY)


def users_with_action(org: Org, action: str) -> list[User]:
    """Active users holding a role that names `action` (not the `*` wildcard) on `org` or above it."""
    codes = [r.code for r in roles if action in r.actions]
    if not codes:
        return []
    user_ids = (
        RoleGrant.objects.filter(
            role__in=codes, org__path__in=org.ancestor_paths(), org__status=OrgStatus.ACTIVE
        )
        .values_list("user_id", flat=True)
        .distinct()
    )
    return list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))


def union_handlers(appeal: Appeal) -> list[User]:
    """Handlers of the case's union and above (only the designated ones for a restricted category)."""
    supervisors = {u.pk for u in users_with_action(appeal.org, SUPERVISE)}
    candidates = [u for u in users_with_action(appeal.org, HANDLE) if u.pk not in supervisors]
    if appeal.category.is_restricted:
        designated = set(
            HandlerDesignation.objects.filter(
                category=appeal.category, org__path__in=appeal.org.ancestor_paths()
            ).values_list("user_id", flat=True)
        )
        candidates = [u for u in candidates if u.pk in designated]
    return candidates


def appeal_handlers_for(appeal: Appeal) -> list[User]:
    """Who may handle the case: its union's handlers and the supervisors above it."""
    seen: dict[int, User] = {u.pk: u for u in union_handlers(appeal)}
    for user in users_with_action(appeal.org, SUPERVISE):
        seen.setdefault(user.pk, user)
    return list(seen.values())


def appeal_lawyers_for(appeal: Appeal) -> list[User]:
    return users_with_action(appeal.org, VIEW_ASSIGNED)


def appeal_transfer_targets(*, actor: Actor, appeal: Appeal) -> QuerySet[Org]:
    """Unions in the actor's handling scope the case may be transferred to."""
    return (
        Org.objects.visible_to(actor, HANDLE)
        .filter(status=OrgStatus.ACTIVE)
        .exclude(pk=appeal.org_id)
        .order_by("path")
    )


def appeal_target_orgs(member_org: Org) -> list[Org]:
    """Where a member may address a case: their own union (the default) or a county/city union above it."""
    above = [
        o
        for o in Org.objects.get_ancestors(member_org)
        if o.level in TARGET_LEVELS and o.status == OrgStatus.ACTIVE
    ]
    return [member_org, *reversed(above)]


def attachment_may_download(user: Actor, appeal: Appeal) -> bool:
    """Attachments of a case: its requester (a member) and whoever may see the case on the desk."""
    if appeal.member_id is not None and Member.objects.filter(pk=appeal.member_id, user=user).exists():
        return True
    if not is_desk_user(user):
        return False
    return Appeal.objects.visible_to(user, VIEW).filter(pk=appeal.pk).exists()


# ---- the member portal: 我的办理 (`core.registry.member_requests`) and the home's 待办 (`portal_cards`) ----------

# what the member does next, by state (the others wait for the union)
MEMBER_NEXT_STEPS = {
    AppealStatus.AWAITING_MATERIALS: "请补充材料",
    AppealStatus.REPLIED: "请评价",
}


def appeal_requests_for_user(user: Visitor) -> list[MemberRequest]:
    """The user's own cases (through their member record), newest first, in one query."""
    if isinstance(user, AnonymousUser):
        return []
    rows = Appeal.objects.filter(member__user=user).order_by("-created_at", "-id")
    return [
        MemberRequest(
            kind="诉求",
            title=f"{a.number} {a.title}",
            status=a.get_status_display(),
            url=reverse("appeals:portal_detail", args=[a.public_id]),
            submitted_at=a.created_at,
            next_step=MEMBER_NEXT_STEPS.get(AppealStatus(a.status), ""),
        )
        for a in rows
    ]


def appeal_todo_items(user: Visitor) -> list[PortalCardItem]:
    """待办 for the portal home: the user's cases answered and waiting for their rating, and those waiting for
    their materials; one query."""
    if isinstance(user, AnonymousUser):
        return []
    rows = Appeal.objects.filter(member__user=user, status__in=list(MEMBER_NEXT_STEPS)).order_by(
        "-created_at", "-id"
    )
    return [
        PortalCardItem(
            title=f"{MEMBER_NEXT_STEPS[AppealStatus(a.status)]}：{a.title}",
            url=reverse("appeals:portal_detail", args=[a.public_id]),
            detail=f"诉求 {a.number} {a.get_status_display()}",
            icon="scale",
        )
        for a in rows
    ]

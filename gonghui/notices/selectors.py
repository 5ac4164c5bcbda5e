"""Reads of the 公示 block: the console list and detail scoped by the publishing union's subtree
(`notices.view`), the portal's running notices for a member's union (the audience is a union's subtree, so a
notice of the city reaches every member below it), the member's own objections (我的办理) and the portal card."""

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.actors import Actor, Visitor
from gonghui.core.registry import MemberRequest, PortalCardItem, member_union_of
from gonghui.orgs.models import Org

from .choices import NoticeStatus, ObjectionStatus
from .models import Notice, NoticeEntry, Objection
from .permissions import MANAGE, VIEW


def notices_visible_to(user: Actor) -> QuerySet[Notice]:
    return Notice.objects.visible_to(user, VIEW).select_related("org", "audience")


def notice_list_for_user(user: Actor, *, query: str = "", status: str = "") -> QuerySet[Notice]:
    notices = notices_visible_to(user).annotate(
        objection_count=Count("objections", distinct=True),
        open_objection_count=Count(
            "objections", filter=Q(objections__status=ObjectionStatus.OPEN), distinct=True
        ),
    )
    query = query.strip()
    if query:
        notices = notices.filter(Q(title__icontains=query) | Q(entries__name__icontains=query)).distinct()
    if status in NoticeStatus.values:
        notices = notices.filter(status=status)
    return notices.order_by("-created_at", "-pk")


def open_objection_count(*, user: Actor, org: Any) -> int:
    """The console home's 待答复异议: open objections on notices published in the user's subtrees (`notices.manage`),
    under the current org when one is chosen."""
    objections = Objection.objects.visible_to(user, MANAGE).filter(
        status=ObjectionStatus.OPEN, notice__status__in=(NoticeStatus.PUBLISHED, NoticeStatus.CLOSED)
    )
    if org is not None:
        objections = objections.filter(notice__org__path__startswith=org.path)
    return objections.count()


def notice_get_visible_or_404(user: Actor, public_id: object) -> Notice:
    return Notice.objects.select_related("org", "audience", "created_by").get_visible_or_404(
        user, VIEW, public_id=public_id
    )


def notice_entries(notice: Notice) -> QuerySet[NoticeEntry]:
    return notice.entries.order_by("position", "pk")


def notice_objections(notice: Notice) -> QuerySet[Objection]:
    return notice.objections.select_related("entry", "answered_by").order_by("created_at", "pk")


def objection_get_visible_or_404(user: Actor, public_id: object) -> Objection:
    return Objection.objects.select_related("notice", "notice__org", "entry").get_visible_or_404(
        user, VIEW, public_id=public_id
    )


# ---- the member portal ------------------------------------------------------------------------------------------


def notices_for_union(union: Org, *, today: dt.date | None = None) -> QuerySet[Notice]:
    """Notices whose audience holds `union` (its own and its ancestors'): running (from their first day) and
    closed ones."""
    today = today or timezone.localdate()
    return Notice.objects.filter(
        Q(status=NoticeStatus.PUBLISHED, starts_on__lte=today) | Q(status=NoticeStatus.CLOSED),
        audience__path__in=union.ancestor_paths(),
    ).select_related("org")


def notices_running_for_union(union: Org, *, today: dt.date | None = None) -> QuerySet[Notice]:
    today = today or timezone.localdate()
    return (
        notices_for_union(union, today=today)
        .filter(status=NoticeStatus.PUBLISHED, ends_on__gte=today)
        .order_by("ends_on", "-published_at", "-pk")
    )


def notices_recently_closed_for_union(union: Org, *, limit: int = 10) -> list[Notice]:
    return list(
        notices_for_union(union).filter(status=NoticeStatus.CLOSED).order_by("-closed_at", "-pk")[:limit]
    )


def notice_get_for_member_or_404(user: Visitor, public_id: Any) -> Notice:
    """A notice addressed to the member's union (running or closed); anything else, or a malformed id, is 404."""
    union = member_union_of(user)
    if union is None:
        raise Http404
    try:
        return notices_for_union(union).select_related("audience").get(public_id=public_id)
    except (Notice.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None


def objections_of_user(user: Visitor) -> QuerySet[Objection]:
    return (
        Objection.objects.filter(submitted_by_id=user.pk)
        .select_related("notice", "entry")
        .order_by("-created_at", "-pk")
    )


def objection_of_user_or_404(user: Visitor, public_id: Any) -> Objection:
    try:
        return objections_of_user(user).get(public_id=public_id)
    except (Objection.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None


def _day(day: dt.date | None) -> str:
    return f"{day.month}月{day.day}日" if day else ""


def notice_now_items(user: Visitor) -> list[PortalCardItem]:
    """正在进行: a banner per running 公示 addressed to the member's union."""
    union = member_union_of(user)
    if union is None:
        return []
    return [
        PortalCardItem(
            title=notice.title,
            url=reverse("notices:portal_detail", args=[notice.public_id]),
            detail=f"公示中，{_day(notice.ends_on)}截止，如有异议可在线反映",
            icon="speakerphone",
        )
        for notice in notices_running_for_union(union)[:5]
    ]


def objection_requests_for_user(user: Visitor) -> list[MemberRequest]:
    """我的办理: the member's own objections, their state and the answer's page."""
    if isinstance(user, AnonymousUser) or not getattr(user, "is_authenticated", False):
        return []
    return [
        MemberRequest(
            kind="公示异议",
            title=f"{objection.notice.title}" + (f"（{objection.entry.name}）" if objection.entry else ""),
            status=objection.get_status_display(),
            url=reverse("notices:my_objection", args=[objection.public_id]),
            submitted_at=objection.created_at,
        )
        for objection in objections_of_user(user)[:50]
    ]

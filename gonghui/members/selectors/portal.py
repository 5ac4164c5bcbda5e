"""Reads of members for the member portal's shared pages: 我的办理 (`core.registry.member_requests`: 入会申请, 会员卡申请,
转会, 信息更正 — one query per kind) and the home's 待办 (`core.registry.portal_cards`). A user is matched through
their own account; 入会申请 also through the phone and identity of the account (asked for before they were a
member)."""

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.actors import AnonymousUser, Visitor
from gonghui.accounts.models import User
from gonghui.core.registry import MemberRequest, PortalCardItem

from ..choices import HOLDING_STATUSES, CardStatus, CorrectionStatus, JoinStatus
from ..models import CardApplication, CorrectionRequest, JoinApplication, Member, Transfer
from .corrections import CORRECTABLE_FIELDS
from .joining import join_resubmit_token

# a rejected correction stays on the home's 待办 this long (the member may ask again, or let it be)
CORRECTION_TODO_DAYS = 30
NEXT_RESUBMIT = "请修改后重新提交"
NEXT_COLLECT_CARD = "请到工会领取会员卡"


def request_reference(obj: JoinApplication | CardApplication | Transfer | CorrectionRequest) -> str:
    """The 编号 a member is told in the receipt: the first eight characters of the public id (as 入会 受理编号)."""
    return obj.public_id.hex[:8].upper()


def _join_q(user: User) -> Q:
    """The user's join applications: those that made their member record, and those not yet approved with the
    account's phone or with the identity of the account's (earlier) member record."""
    mine = Member.objects.filter(user=user).values("id_number_hash")
    q = Q(member__user=user) | Q(member__isnull=True, id_number_hash__in=mine)
    if user.phone:
        q |= Q(member__isnull=True, phone=user.phone)
    return q


def join_application_url(application: JoinApplication) -> str:
    """The applicant's own page of an application: the signed page of the rejection SMS and of the receipt
    (status, 修改后重新提交, 撤回申请 after an SMS code to the phone on file)."""
    return reverse("members:join_resubmit", args=[join_resubmit_token(application)])


def join_requests_for_user(user: Visitor) -> list[MemberRequest]:
    if isinstance(user, AnonymousUser):
        return []
    rows = JoinApplication.objects.filter(_join_q(user)).select_related("org").order_by("-created_at", "-id")
    return [
        MemberRequest(
            kind="入会",
            title=f"申请加入{a.org.name}",
            status=a.get_status_display(),
            url=join_application_url(a),
            submitted_at=a.created_at,
            next_step=NEXT_RESUBMIT if a.status == JoinStatus.REJECTED else "",
        )
        for a in rows
    ]


def card_requests_for_user(user: Visitor) -> list[MemberRequest]:
    if isinstance(user, AnonymousUser):
        return []
    rows = CardApplication.objects.filter(member__user=user).order_by("-created_at", "-id")
    url = reverse("members:card_mine")
    return [
        MemberRequest(
            kind="会员卡",
            title=f"{a.get_kind_display()}会员卡",
            status=a.get_status_display(),
            url=url,
            submitted_at=a.created_at,
            next_step=NEXT_COLLECT_CARD if a.status == CardStatus.MADE else "",
        )
        for a in rows
    ]


def transfer_requests_for_user(user: Visitor) -> list[MemberRequest]:
    if isinstance(user, AnonymousUser):
        return []
    rows = (
        Transfer.objects.filter(member__user=user)
        .select_related("from_org", "to_org")
        .order_by("-created_at", "-id")
    )
    url = reverse("members:transfer_mine")
    return [
        MemberRequest(
            kind="转会",
            title=f"转至{t.to_org.name if t.to_org is not None else t.to_org_outside}",
            status=t.get_status_display(),
            url=url,
            submitted_at=t.created_at,
        )
        for t in rows
    ]


def correction_title(correction: CorrectionRequest) -> str:
    fields = "、".join(CORRECTABLE_FIELDS[f] for f in correction.changes if f in CORRECTABLE_FIELDS)
    return f"更正{fields}" if fields else "信息更正"


def correction_requests_for_user(user: Visitor) -> list[MemberRequest]:
    if isinstance(user, AnonymousUser):
        return []
    rows = list(CorrectionRequest.objects.filter(member__user=user).order_by("-created_at", "-id"))
    url = reverse("members:correction_mine")
    return [
        MemberRequest(
            kind="信息更正",
            title=correction_title(c),
            status=c.get_status_display(),
            url=url,
            submitted_at=c.created_at,
            # only the latest: a later request already took the step
            next_step=NEXT_RESUBMIT if index == 0 and c.status == CorrectionStatus.REJECTED else "",
        )
        for index, c in enumerate(rows)
    ]


def member_union_for_user(user: Visitor) -> Any:
    """The union whose holding member the signed-in `user` is, or None (registered as `core.registry.member_unions`,
    so blocks below members — 公示, 证书 — can place a member without importing members)."""
    if not user.is_authenticated:
        return None
    member = Member.objects.filter(user_id=user.pk, status__in=HOLDING_STATUSES).select_related("org").first()
    return member.org if member is not None else None


def member_todo_items(user: Visitor, *, now: dt.datetime | None = None) -> list[PortalCardItem]:
    """待办 of members for the portal home: a join application returned (未通过) while the person is not a member
    yet, the latest correction request refused in the last 30 days, a card made and waiting to be collected."""
    if isinstance(user, AnonymousUser):
        return []
    now = now or timezone.now()
    items: list[PortalCardItem] = []
    held = Member.objects.filter(id_number_hash=OuterRef("id_number_hash"), status__in=HOLDING_STATUSES)
    for application in (
        JoinApplication.objects.filter(_join_q(user), status=JoinStatus.REJECTED)
        .exclude(Exists(held))
        .select_related("org")
        .order_by("-created_at", "-id")
    ):
        items.append(
            PortalCardItem(
                title=f"入会申请未通过：申请加入{application.org.name}",
                url=join_application_url(application),
                detail=NEXT_RESUBMIT,
                icon="user-plus",
            )
        )
    later = CorrectionRequest.objects.filter(
        member_id=OuterRef("member_id"), created_at__gt=OuterRef("created_at")
    )
    for correction in (
        CorrectionRequest.objects.filter(
            member__user=user,
            status=CorrectionStatus.REJECTED,
            updated_at__gte=now - dt.timedelta(days=CORRECTION_TODO_DAYS),
        )
        .exclude(Exists(later))
        .order_by("-created_at", "-id")
    ):
        items.append(
            PortalCardItem(
                title=f"信息更正未通过：{correction_title(correction)}",
                url=reverse("members:correction_mine"),
                detail=f"原因：{correction.reject_reason}" if correction.reject_reason else NEXT_RESUBMIT,
                icon="edit",
            )
        )
    if CardApplication.objects.filter(member__user=user, status=CardStatus.MADE).exists():
        items.append(
            PortalCardItem(
                title="会员卡已制好",
                url=reverse("members:card_mine"),
                detail=NEXT_COLLECT_CARD,
                icon="credit-card",
            )
        )
    return items

"""Reads of 签到: the member's 会员码 secret, the sessions a user sees, one session, its check-ins, and the member an
organiser typed the number of."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from gonghui.accounts.actors import Actor
from gonghui.accounts.identity import decrypt_identifier
from gonghui.members.models import Member, TargetList

from .models import CheckIn, CheckinSession, MemberCodeSecret
from .permissions import VIEW


def member_code_secret_of(member: Member) -> bytes | None:
    """The member's 会员码 secret (decrypted), or None before one was issued."""
    row = MemberCodeSecret.objects.filter(member=member).only("secret_encrypted").first()
    if row is None:
        return None
    return bytes.fromhex(decrypt_identifier(row.secret_encrypted))


def session_list_for_user(user: Actor, *, query: str = "", action: str = VIEW) -> QuerySet[CheckinSession]:
    qs = CheckinSession.objects.visible_to(user, action).select_related("org")
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(place__icontains=query))
    return qs.order_by("-starts_at", "-pk")


def session_get_visible_or_404(user: Actor, public_id: Any, *, demand: str = VIEW) -> CheckinSession:
    """One session among those the user sees (else 404); `demand` (say `checkins.manage`) on its union, else 403."""
    return CheckinSession.objects.select_related("org", "target_list").get_visible_or_404(
        user, VIEW, demand=demand, public_id=public_id
    )


def checkins_of_target(target: Any, *, query: str = "") -> QuerySet[CheckIn]:
    qs = CheckIn.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).select_related("member", "member__org", "by")
    if query:
        qs = qs.filter(
            Q(member__name__icontains=query) | Q(member__member_number=query) | Q(member__card_number=query)
        )
    return qs.order_by("-at", "-pk")


def member_by_number(number: str) -> Member | None:
    """The member whose 会员编号 or 会员卡号 is `number` (what an organiser types when a code cannot be scanned)."""
    number = number.strip()
    if not number:
        return None
    return (
        Member.objects.select_related("org")
        .filter(Q(member_number=number) | Q(card_number=number))
        .order_by("pk")
        .first()
    )


def member_get_by_public_id(public_id: Any) -> Member | None:
    """The member an organiser confirmed on the scanner (from the masked name the number lookup showed)."""
    return Member.objects.select_related("org").filter(public_id=public_id).first()


def target_lists_for_user(user: Actor) -> QuerySet[TargetList]:
    """The 名单 a session may be limited to: those the user sees (`members.view`)."""
    return TargetList.objects.visible_to(user, "members.view").select_related("org").order_by("-created_at")

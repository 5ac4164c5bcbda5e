"""Reads of member cards: applications, members without a card, batches and the member's own card. The member's
会员码 is no longer drawn here: it rotates every 30 s (gonghui/checkins, 我的会员码)."""

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from gonghui.accounts.actors import Actor

from ..choices import CARD_HELD_STATUSES, HOLDING_STATUSES, OPEN_STATUSES, CardStatus
from ..models import CardApplication, CardBankTemplate, CardBatch, Member
from ..permissions import MANAGE, VIEW


def card_application_list_for_user(
    *,
    user: Actor,
    status: str = "",
    kind: str = "",
    query: str = "",
    within: Any = None,
    action: str = VIEW,
) -> QuerySet[CardApplication]:
    qs = CardApplication.objects.visible_to(user, action).select_related("member", "org", "batch")
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if query:
        condition = Q(member__name__icontains=query) | Q(member__member_number=query) | Q(card_number=query)
        condition |= Q(member__name_pinyin__startswith=query.lower()) | Q(member__name_initials=query.lower())
        qs = qs.filter(condition)
    return qs.order_by("-created_at", "-id")


def card_application_get_for_user(*, user: Actor, public_id: Any, action: str = VIEW) -> CardApplication:
    return CardApplication.objects.select_related("member", "member__org", "org", "batch").get_visible_or_404(
        user, action, demand=action, public_id=public_id
    )


def card_eligible_members_for_user(*, user: Actor, within: Any = None, query: str = "") -> QuerySet[Member]:
    """Holding members the user manages who have neither a card nor an application under way."""
    busy = CardApplication.objects.filter(
        member=OuterRef("pk"), status__in=[*OPEN_STATUSES, *CARD_HELD_STATUSES]
    )
    qs = (
        Member.objects.visible_to(user, MANAGE)
        .filter(status__in=HOLDING_STATUSES, card_number="")
        .filter(~Exists(busy))
        .select_related("org")
    )
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    if query:
        qs = qs.filter(
            Q(name__icontains=query)
            | Q(name_pinyin__startswith=query.lower())
            | Q(name_initials=query.lower())
            | Q(member_number=query)
        )
    return qs.order_by("org__path", "name", "id")


def card_batch_list_for_user(*, user: Actor, status: str = "") -> QuerySet[CardBatch]:
    qs = (
        CardBatch.objects.visible_to(user, VIEW)
        .select_related("org", "bank_template")
        .annotate(application_count=Count("applications"))
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def card_batch_get_for_user(*, user: Actor, public_id: Any, action: str = VIEW) -> CardBatch:
    return CardBatch.objects.select_related("org", "bank_template").get_visible_or_404(
        user, action, demand=action, public_id=public_id
    )


def card_batch_applications(*, batch: CardBatch) -> QuerySet[CardApplication]:
    return batch.applications.select_related("member", "org").order_by("org__path", "id")


def card_batch_candidates(*, batch: CardBatch) -> QuerySet[CardApplication]:
    """Applied applications of the batch union's subtree that are in no batch yet."""
    return (
        CardApplication.objects.filter(
            status=CardStatus.APPLIED, batch__isnull=True, org__path__startswith=batch.org.path
        )
        .select_related("member", "org")
        .order_by("org__path", "member__name", "id")
    )


def card_applications_of_member(*, member: Member) -> list[CardApplication]:
    """The member's applications, newest first (for the portal page)."""
    return list(member.card_applications.select_related("batch").order_by("-created_at", "-id"))


def card_bank_template_get(*, pk: int) -> CardBankTemplate:
    found = CardBankTemplate.objects.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def card_bank_template_batch_count(template: CardBankTemplate) -> int:
    """How many card batches (of any union and state) use the template; such a template is never deleted."""
    return CardBatch.objects.filter(bank_template=template).count()

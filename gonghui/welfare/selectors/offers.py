"""Reads of 普惠 offers (part `offers`): the offers a cadre sees (filters, search), one offer, the offer a redeemer
may scan for (a cadre holding `welfare.care_manage` on its union, or the merchant's object grant), the counts of an
offer (per method, per union of the redeeming member with groups under `MIN_CELL` people hidden, coupons), and the
member's side: the offers published to the member's unions (their union and its ancestors) valid today, the uses
left and the member's live coupon."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.accounts.object_grants import kind_of
from gonghui.accounts.permissions import can_grant_object
from gonghui.accounts.scoping import has_action, object_grant_ids
from gonghui.core.registry import PortalCardItem
from gonghui.core.timeline import timeline_for
from gonghui.members.models import Member
from gonghui.members.selectors.registry import member_for_user
from gonghui.orgs.models import Org

from ..choices import OfferKind, OfferStatus, RedemptionMethod
from ..models import Offer, OfferCoupon, OfferRedemption
from ..permissions import CARE_MANAGE, CARE_VIEW, MIN_CELL, REDEEM

STATUS_BADGES: dict[str, str] = {
    OfferStatus.DRAFT: "bg-secondary-lt",
    OfferStatus.PUBLISHED: "bg-green-lt",
    OfferStatus.WITHDRAWN: "bg-red-lt",
}


@dataclass(frozen=True)
class OfferFilters:
    query: str = ""
    kind: str = ""
    status: str = ""

    def any(self) -> bool:
        return bool(self.query or self.kind or self.status)


def offer_filters(params: Any) -> OfferFilters:
    kind = params.get("kind", "")
    status = params.get("status", "")
    return OfferFilters(
        query=params.get("q", "").strip()[:50],
        kind=kind if kind in OfferKind.values else "",
        status=status if status in OfferStatus.values else "",
    )


def offer_list_for_user(user: Actor, filters: OfferFilters) -> QuerySet[Offer]:
    """The offers of the unions in the user's subtrees (`welfare.care_view`), with their redemption counts."""
    qs = Offer.objects.visible_to(user, CARE_VIEW).select_related("org")
    if filters.query:
        qs = qs.filter(
            Q(title__icontains=filters.query)
            | Q(merchant_name__icontains=filters.query)
            | Q(summary__icontains=filters.query)
        )
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs.annotate(redemption_count=Count("redemptions")).order_by("-valid_until", "-pk")


def offer_for(user: Actor, offer_id: int, *, demand: str | None = None) -> Offer:
    """One offer the user sees (else 404); `demand` (say `welfare.care_manage`) on its union, else 403."""
    return Offer.objects.select_related("org", "created_by").get_visible_or_404(
        user, CARE_VIEW, demand=demand, pk=offer_id
    )


def offer_orgs(user: Actor) -> QuerySet[Org]:
    """The unions the user may publish offers for."""
    return Org.objects.visible_to(user, CARE_MANAGE).filter(status="active").order_by("path")


def is_merchant_of(user: Actor, offer: Offer) -> bool:
    """Does the user redeem this offer through the merchant's object grant (and not as a cadre of its union)?"""
    return offer.pk in object_grant_ids(user, REDEEM, Offer) and not has_action(user, CARE_MANAGE, offer.org)


def offer_for_redeemer(user: Actor, offer_id: int) -> Offer:
    """The offer whose scanner page the user opens: the merchant's own offer (its object grant allows
    `welfare.redeem`), or an offer the user sees with `welfare.care_manage` on its union (else 403). Any other offer
    is a 404, to a merchant as to a stranger."""
    if offer_id in object_grant_ids(user, REDEEM, Offer):
        found = Offer.objects.select_related("org").filter(pk=offer_id).first()
        if found is None:
            raise Http404
        return found
    return offer_for(user, offer_id, demand=CARE_MANAGE)


def can_redeem(user: Actor, offer: Offer) -> bool:
    return has_action(user, CARE_MANAGE, offer.org) or offer.pk in object_grant_ids(user, REDEEM, Offer)


def can_manage_offer(user: Actor, offer: Offer) -> bool:
    return has_action(user, CARE_MANAGE, offer.org)


def may_grant_merchants(user: Actor, offer: Offer) -> bool:
    """May the user open the offer's 外部商户账号 page (accounts' own rule for the offer's kind)?"""
    kind = kind_of(offer)
    return kind is not None and can_grant_object(user, kind, offer)


def member_in_subtree(member: Member, offer: Offer) -> bool:
    return bool(member.org.path.startswith(offer.org.path))


def offer_is_current(offer: Offer, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return offer.status == OfferStatus.PUBLISHED and offer.valid_from <= today <= offer.valid_until


def uses_of(offer: Offer, member: Member) -> int:
    return OfferRedemption.objects.filter(offer=offer, member=member).count()


def uses_left(offer: Offer, member: Member) -> int | None:
    """The redemptions the member has left of the offer; None when the offer is unlimited."""
    if offer.per_member_limit is None:
        return None
    return max(0, offer.per_member_limit - uses_of(offer, member))


def live_coupon_of(offer: Offer, member: Member) -> OfferCoupon | None:
    """The member's coupon of the offer not yet used, if any."""
    return OfferCoupon.objects.filter(offer=offer, member=member, redeemed_at__isnull=True).first()


def offers_for_member(member: Member, *, today: dt.date | None = None) -> QuerySet[Offer]:
    """The offers published to the member's unions (their union and its ancestors) and valid today."""
    today = today or timezone.localdate()
    return (
        Offer.objects.filter(
            status=OfferStatus.PUBLISHED,
            valid_from__lte=today,
            valid_until__gte=today,
            org__path__in=member.org.ancestor_paths(),
        )
        .select_related("org")
        .order_by("valid_until", "pk")
    )


def offer_rows_for_member(member: Member, *, today: dt.date | None = None) -> list[tuple[Offer, int | None]]:
    """The member's current offers, each with the uses left (None: unlimited), in two queries; the ones the member
    has used up come last."""
    offers = list(offers_for_member(member, today=today))
    used = dict(
        OfferRedemption.objects.filter(member=member, offer__in=offers)
        .values_list("offer")
        .annotate(n=Count("pk"))
        .values_list("offer", "n")
    )
    rows = [
        (
            offer,
            None
            if offer.per_member_limit is None
            else max(0, offer.per_member_limit - used.get(offer.pk, 0)),
        )
        for offer in offers
    ]
    rows.sort(key=lambda row: row[1] == 0)  # stable: still soonest-ending first within each group
    return rows


def offer_for_member_or_404(member: Member, public_id: Any) -> Offer:
    """A published offer of one of the member's unions, valid today (else 404)."""
    found = offers_for_member(member).filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def hidden(n: int) -> str:
    return f"<{MIN_CELL}" if n < MIN_CELL else str(n)


def offer_counts(offer: Offer) -> dict[str, Any]:
    """Counts of the offer's detail page: redemptions in all and per method, people and redemptions per union of
    the redeeming member (a union with fewer than `MIN_CELL` people shows "<10" in both cells), coupons."""
    redemptions = OfferRedemption.objects.filter(offer=offer)
    by_method = dict(redemptions.values_list("method").annotate(n=Count("pk")).values_list("method", "n"))
    unions = (
        redemptions.values("org__name", "org__path")
        .annotate(people=Count("member", distinct=True), uses=Count("pk"))
        .order_by("org__path")
    )
    coupons = OfferCoupon.objects.filter(offer=offer).aggregate(
        issued=Count("pk"), used=Count("pk", filter=Q(redeemed_at__isnull=False))
    )
    return {
        "total": sum(by_method.values()),
        "people": redemptions.values("member").distinct().count(),
        "by_method": [(label, by_method.get(value, 0)) for value, label in RedemptionMethod.choices],
        "by_union": [
            {
                "name": row["org__name"],
                "people": hidden(row["people"]),
                "uses": hidden(row["uses"]) if row["people"] < MIN_CELL else str(row["uses"]),
            }
            for row in unions
        ],
        "coupons_issued": coupons["issued"],
        "coupons_used": coupons["used"],
    }


def offer_timeline(offer: Offer) -> Any:
    return timeline_for(offer)


def recent_redemptions(offer: Offer, *, by: Actor | None = None, limit: int = 5) -> list[OfferRedemption]:
    """The latest redemptions of the offer (those `by` recorded, when given), members and unions loaded."""
    qs = OfferRedemption.objects.filter(offer=offer).select_related("member", "org")
    if by is not None:
        qs = qs.filter(redeemed_by=by)
    return list(qs.order_by("-created_at", "-pk")[:limit])


def redemptions_by(offer: Offer, user: Actor) -> int:
    return OfferRedemption.objects.filter(offer=offer, redeemed_by=user).count()


def member_by_public_id(public_id: Any) -> Member | None:
    try:
        return Member.objects.select_related("org").filter(public_id=public_id).first()
    except ValueError:
        return None


def coupon_by_code(code: str) -> OfferCoupon | None:
    return (
        OfferCoupon.objects.select_related("offer", "member", "member__org")
        .filter(code=normalise_code(code))
        .first()
    )


def normalise_code(code: str) -> str:
    return code.strip().upper().replace(" ", "").replace("-", "")


def offers_available_count(member: Member) -> int:
    """The member's current offers they have not used up."""
    return sum(1 for _, left in offer_rows_for_member(member) if left != 0)


def offer_card_items(user: Actor) -> list[PortalCardItem]:
    """The portal home card 普惠优惠: how many offers the member may use today (nothing when none)."""
    member = member_for_user(user)
    if member is None:
        return []
    count = offers_available_count(member)
    if not count:
        return []
    return [
        PortalCardItem(
            title="普惠优惠",
            url=reverse("welfare_portal:offer_mine"),
            detail=f"{count} 项优惠可用，凭会员码或券码到店使用",
            icon="credit-card",
        )
    ]


def merchant_offers(user: Actor) -> QuerySet[Offer]:
    """The offers the user redeems through a merchant's object grant."""
    return Offer.objects.filter(pk__in=object_grant_ids(user, REDEEM, Offer)).select_related("org")


def merchant_redemptions_today(user: Actor, _org: Any = None) -> int:
    """The console home counter of a merchant account: what it redeemed today."""
    today = timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    return OfferRedemption.objects.filter(
        redeemed_by=user, offer__in=merchant_offers(user), created_at__gte=start
    ).count()

"""Registrations of 普惠 offers (part `offers`): the object-only role 合作商户 (`offer_merchant`: the console and
`welfare.redeem` on the one offer granted), offers as grantable objects (the union holding `welfare.care_manage`
gives a merchant an outside account on its offer until the end of the offer's 截止日期 at the latest), a merchant's
console home counter 今日核销 (an outside account lands on the console home; the counter leads to its scanner), the
portal tile and home card 普惠优惠, and the read-only API of the member's offers (`/api/v1/welfare/offers`, token
scope `welfare:offers`)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

PORTAL_TILE = "welfare.offers"
PORTAL_CARD = "welfare.offers"
GRANT_KIND = "welfare.offer"
HOME_COUNTER = "welfare.offers.merchant"
API_ROUTER = "welfare"
API_SCOPE = "welfare:offers"


def _offer_url(offer: object) -> str:
    return reverse("welfare:offer_redeem", args=[offer.pk])  # type: ignore[attr-defined]


def _latest_expiry(offer: object) -> dt.datetime:
    """The end of the offer's 截止日期 (local time)."""
    until: dt.date = offer.valid_until  # type: ignore[attr-defined]
    return timezone.make_aware(dt.datetime.combine(until, dt.time(23, 59, 59)))


def register() -> None:
    from gonghui.accounts.api_tokens import API_SCOPES
    from gonghui.accounts.object_grants import GrantableKind, grantable_kinds
    from gonghui.accounts.roles import CONSOLE
    from gonghui.core.registry import (
        ApiRouter,
        HomeCounter,
        PortalCard,
        PortalTile,
        Role,
        api_routers,
        home_counters,
        portal_cards,
        portal_tiles,
        roles,
    )

    from ..permissions import MERCHANT_ROLE, REDEEM
    from ..selectors.offers import can_manage_offer, merchant_redemptions_today, offer_card_items

    if MERCHANT_ROLE not in roles:
        roles.register(
            MERCHANT_ROLE,
            Role(
                code=MERCHANT_ROLE,
                label="合作商户",
                actions=frozenset({CONSOLE, REDEEM}),
                order=96,
                object_only=True,
                description="普惠优惠的合作商户：只能打开被授权的那一项优惠的核销页面，看到会员的脱敏姓名和剩余次数",
            ),
        )
    if GRANT_KIND not in grantable_kinds:
        grantable_kinds.register(
            GRANT_KIND,
            GrantableKind(
                model=GRANT_KIND,
                label="普惠优惠",
                roles=(MERCHANT_ROLE,),
                org_of=lambda offer: offer.org,
                can_grant=can_manage_offer,
                object_url=_offer_url,
                order=60,
                latest_expiry=_latest_expiry,
                entry_action=REDEEM,  # the merchant's home links its scanner
            ),
        )
    if HOME_COUNTER not in home_counters:
        # a merchant account (no union of its own) lands on the console home: this counter leads to its scanner
        home_counters.register(
            HOME_COUNTER,
            HomeCounter(
                key=HOME_COUNTER,
                label="今日核销",
                count=merchant_redemptions_today,
                action=REDEEM,
                url_name="welfare:offer_merchant_home",
                order=95,
                personal=True,
            ),
        )
    if PORTAL_TILE not in portal_tiles:
        portal_tiles.register(
            PORTAL_TILE,
            PortalTile(
                key=PORTAL_TILE,
                label="普惠优惠",
                url_name="welfare_portal:offer_mine",
                icon="credit-card",
                order=56,
                description="商户折扣、观影、健身和会员专享保险，凭会员码使用",
            ),
        )
    if PORTAL_CARD not in portal_cards:
        portal_cards.register(
            PORTAL_CARD, PortalCard(key=PORTAL_CARD, kind="now", items=offer_card_items, order=70)
        )
    API_SCOPES.setdefault(API_SCOPE, "读取本人可用的普惠优惠")
    if API_ROUTER not in api_routers:
        api_routers.register(
            API_ROUTER, ApiRouter(prefix="/welfare", router="gonghui.welfare.api:router", order=90)
        )

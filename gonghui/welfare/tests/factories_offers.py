"""Test helpers of 普惠 offers (part `offers`): an offer made through the service (published unless told), a
member's current 会员码 payload (a secret issued through the check-in block), and a merchant's outside account."""

import datetime as dt

from django.utils import timezone

from gonghui.accounts.object_grants import grantable_kinds
from gonghui.accounts.scoping import forget_grants
from gonghui.accounts.services import outside_account_grant
from gonghui.checkins.codes import payload_of, step_of, totp
from gonghui.checkins.selectors import member_code_secret_of
from gonghui.checkins.services import member_code_secret_issue
from gonghui.welfare.choices import OfferKind
from gonghui.welfare.permissions import MERCHANT_ROLE
from gonghui.welfare.registrations.offers import GRANT_KIND
from gonghui.welfare.services.offers import offer_publish, offer_save


def make_offer(
    *,
    org,
    actor,
    title="观影优惠",
    limit=1,
    coupons=False,
    publish=True,
    days=30,
    kind=OfferKind.CINEMA,
    merchant="星光影城",
):
    today = timezone.localdate()
    offer = offer_save(
        actor=actor,
        org=org,
        title=title,
        kind=kind,
        merchant_name=merchant,
        address="人民路1号",
        summary="凭会员码观影每张20元",
        terms="每人每次限购一张",
        valid_from=today,
        valid_until=today + dt.timedelta(days=days),
        per_member_limit=limit,
        coupons=coupons,
    )
    if publish:
        offer = offer_publish(offer=offer, actor=actor)
    return offer


def code_payload(member, *, actor, at=None):
    """The member's 会员码 as the phone would show it at `at` (now by default)."""
    secret = member_code_secret_of(member)
    if secret is None:
        member_code_secret_issue(member=member, actor=actor)
        secret = member_code_secret_of(member)
    assert secret is not None
    moment = at or timezone.now()
    return payload_of(member_public_hex=member.public_id.hex, code=totp(secret, step_of(moment)))


def make_merchant(offer, *, actor, phone="13966660001", name="影城收银员"):
    grant, _password = outside_account_grant(
        kind=grantable_kinds.get(GRANT_KIND),
        obj=offer,
        name=name,
        phone=phone,
        role=MERCHANT_ROLE,
        expires_at=timezone.now() + dt.timedelta(days=7),
        actor=actor,
    )
    user = grant.user
    user.must_change_password = False
    user.save(update_fields=["must_change_password"])
    forget_grants(user)
    return user

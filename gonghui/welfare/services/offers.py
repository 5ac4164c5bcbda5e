"""Writes of 普惠 offers (part `offers`): a union's offer saved (draft or published, never withdrawn), published
(only a draft whose 截止日期 has not passed) and withdrawn (a published one, with the reason), each on the offer's
timeline; a member's coupon taken (one live coupon per member and offer, a random code of an unambiguous alphabet);
and a redemption recorded by a cadre's or the merchant's scanner — the member's rotating 会员码 (verified by the
check-in block's code functions) or a coupon code.

Redemption rules, all checked with the offer's row locked so that two cashiers at once never exceed the per-member
limit: the offer is published and valid today, the member holds their membership in the offer's subtree, the
member has uses left, a coupon belongs to this offer and is used once (a second use is refused naming when it was
used)."""

import datetime as dt
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.identity import mask_name
from gonghui.accounts.scoping import has_action
from gonghui.checkins.services import member_of_code
from gonghui.core.locking import lock
from gonghui.core.timeline import timeline_record
from gonghui.members.choices import HOLDING_STATUSES
from gonghui.members.models import Member
from gonghui.orgs.models import Org

from ..choices import OfferKind, OfferStatus, RedemptionMethod
from ..models import Offer, OfferCoupon, OfferRedemption
from ..permissions import CARE_MANAGE
from ..selectors.offers import (
    can_redeem,
    coupon_by_code,
    is_merchant_of,
    member_in_subtree,
    normalise_code,
    offer_is_current,
    uses_of,
)

# no 0/O, 1/I/L: a code read aloud at a counter or typed from a phone's screen
COUPON_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
COUPON_LENGTH = 10


def _event(
    offer: Offer, actor: Actor, action: str, label: str, *, from_state: str = "", note: str = ""
) -> None:
    timeline_record(
        subject=offer,
        actor=actor,
        action=action,
        action_label=label,
        from_state=from_state,
        to_state=str(offer.status),
        note=note,
    )


def _clean_dates(valid_from: dt.date, valid_until: dt.date) -> None:
    if valid_until < valid_from:
        raise ValidationError(
            {
                "valid_until": _("截止日期（%(until)s）不能早于开始日期（%(from)s）")
                % {"until": f"{valid_until:%Y-%m-%d}", "from": f"{valid_from:%Y-%m-%d}"}
            }
        )


def offer_save(
    *,
    actor: Actor,
    title: str,
    kind: str,
    merchant_name: str,
    summary: str,
    valid_from: dt.date,
    valid_until: dt.date,
    per_member_limit: int | None,
    coupons: bool,
    address: str = "",
    terms: str = "",
    org: Org | None = None,
    offer: Offer | None = None,
) -> Offer:
    """Create a draft offer of `org`, or save `offer` (a draft or a published one; a withdrawn one stays as it
    was). The user holds `welfare.care_manage` on the union."""
    union = offer.org if offer is not None else org
    if union is None or not has_action(actor, CARE_MANAGE, union):
        raise PermissionDenied
    _clean_dates(valid_from, valid_until)
    if kind not in OfferKind.values:
        raise ValidationError({"kind": _("请选择优惠类别")})
    if per_member_limit is not None and per_member_limit < 1:
        raise ValidationError({"per_member_limit": _("每人可用次数至少为1次，不限次数请留空")})
    fields = {
        "title": title.strip(),
        "kind": kind,
        "merchant_name": merchant_name.strip(),
        "address": address.strip(),
        "summary": summary.strip(),
        "terms": terms.strip(),
        "valid_from": valid_from,
        "valid_until": valid_until,
        "per_member_limit": per_member_limit,
        "coupons": coupons,
    }
    with transaction.atomic():
        if offer is None:
            saved = Offer(org=union, created_by=actor, status=OfferStatus.DRAFT, **fields)
            saved.full_clean()
            saved.save()
            _event(saved, actor, "create", "新建优惠")
            return saved
        saved = lock(Offer, pk=offer.pk)
        if saved.status == OfferStatus.WITHDRAWN:
            raise ValidationError(_("优惠已撤下，不能再修改"))
        for name, value in fields.items():
            setattr(saved, name, value)
        saved.full_clean()
        saved.save(update_fields=[*fields, "updated_at"])
        _event(saved, actor, "edit", "修改优惠")
        return saved


def offer_publish(*, offer: Offer, actor: Actor, today: dt.date | None = None) -> Offer:
    """Publish a draft to the members of the union's subtree; refused once its 截止日期 has passed."""
    if not has_action(actor, CARE_MANAGE, offer.org):
        raise PermissionDenied
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = lock(Offer, pk=offer.pk)
        if locked.status != OfferStatus.DRAFT:
            raise ValidationError(
                _("优惠当前状态为“%(status)s”，只有草稿可以发布") % {"status": locked.get_status_display()}
            )
        if locked.valid_until < today:
            raise ValidationError(
                _("截止日期 %(until)s 已过，请先修改有效期再发布")
                % {"until": f"{locked.valid_until:%Y-%m-%d}"}
            )
        locked.status = OfferStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_at", "updated_at"])
        _event(locked, actor, "publish", "发布", from_state=OfferStatus.DRAFT)
        return locked


def offer_withdraw(*, offer: Offer, actor: Actor, reason: str) -> Offer:
    """Withdraw a published offer (members no longer see it, nothing more is redeemed); the reason is kept."""
    if not has_action(actor, CARE_MANAGE, offer.org):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写撤下原因")})
    with transaction.atomic():
        locked = lock(Offer, pk=offer.pk)
        if locked.status != OfferStatus.PUBLISHED:
            raise ValidationError(
                _("优惠当前状态为“%(status)s”，只有已发布的优惠可以撤下")
                % {"status": locked.get_status_display()}
            )
        locked.status = OfferStatus.WITHDRAWN
        locked.save(update_fields=["status", "updated_at"])
        _event(locked, actor, "withdraw", "撤下", from_state=OfferStatus.PUBLISHED, note=reason)
        return locked


def _check_member(offer: Offer, member: Member, today: dt.date) -> None:
    if not offer_is_current(offer, today):
        if offer.status != OfferStatus.PUBLISHED:
            raise ValidationError(_("优惠未发布或已撤下，不能核销"), code="closed")
        raise ValidationError(
            _("不在优惠有效期内（%(from)s 至 %(until)s）")
            % {"from": f"{offer.valid_from:%Y-%m-%d}", "until": f"{offer.valid_until:%Y-%m-%d}"},
            code="closed",
        )
    if not member_in_subtree(member, offer) or member.status not in HOLDING_STATUSES:
        raise ValidationError(
            _("%(name)s 不在本优惠的适用范围（%(org)s 及下级工会的会员）")
            % {"name": mask_name(member.name), "org": offer.org.name},
            code="foreign",
        )


def _check_uses(offer: Offer, member: Member) -> None:
    if offer.per_member_limit is not None and uses_of(offer, member) >= offer.per_member_limit:
        raise ValidationError(
            _("%(name)s 已用完本优惠（每人限 %(limit)s 次）")
            % {"name": mask_name(member.name), "limit": offer.per_member_limit},
            code="used_up",
        )


def _coupon_used(coupon: OfferCoupon) -> ValidationError:
    at = timezone.localtime(coupon.redeemed_at) if coupon.redeemed_at else None
    when = f"{at:%Y-%m-%d %H:%M}" if at else ""
    return ValidationError(_("券码已于 %(at)s 使用，不能重复核销") % {"at": when}, code="coupon_used")


@dataclass(frozen=True)
class RedeemCheck:
    """What the scanner shows before 确认核销: the member (masked name shown), uses left (None: unlimited) and the
    coupon code when one was typed."""

    member: Member
    uses_left: int | None
    coupon_code: str = ""

    @property
    def masked_name(self) -> str:
        return mask_name(self.member.name)


def _coupon_for(offer: Offer, code: str) -> OfferCoupon:
    coupon = coupon_by_code(code) if normalise_code(code) else None
    if coupon is None:
        raise ValidationError(
            _("券码“%(code)s”不存在，请核对后重新输入") % {"code": code.strip()}, code="no_coupon"
        )
    if coupon.offer_id != offer.pk:
        raise ValidationError(_("该券码不属于本优惠，不能在此核销"), code="other_offer")
    if coupon.redeemed_at is not None:
        raise _coupon_used(coupon)
    return coupon


def redeem_check(
    *,
    offer: Offer,
    actor: Actor,
    payload: str = "",
    coupon_code: str = "",
    now: dt.datetime | None = None,
) -> RedeemCheck:
    """Step 1 of the scanner: who the code or coupon names and whether they may redeem now (nothing written)."""
    if not can_redeem(actor, offer):
        raise PermissionDenied
    now = now or timezone.now()
    if coupon_code.strip():
        coupon = _coupon_for(offer, coupon_code)
        member = coupon.member
    else:
        member, _step = member_of_code(payload=payload, now=now)
        coupon = None
    _check_member(offer, member, timezone.localdate(now))
    _check_uses(offer, member)
    limit = offer.per_member_limit
    left = None if limit is None else limit - uses_of(offer, member)
    return RedeemCheck(member=member, uses_left=left, coupon_code=coupon.code if coupon else "")


def offer_redeem(
    *,
    offer: Offer,
    actor: Actor,
    member: Member | None = None,
    coupon_code: str = "",
    checked_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> OfferRedemption:
    """Step 2: record one redemption of `member` (whose code the scanner verified at `checked_at`) or of the
    coupon `coupon_code`. The offer's row is locked while the rules are checked, so concurrent cashiers never
    exceed the limit; a confirmation posted twice (a double click) records once."""
    if not can_redeem(actor, offer):
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock(Offer, related=("org",), pk=offer.pk)
        coupon: OfferCoupon | None = None
        if coupon_code.strip():
            coupon = _coupon_for(locked, coupon_code)
            coupon = lock(OfferCoupon, related=("member", "member__org"), pk=coupon.pk)
            if coupon.redeemed_at is not None:
                raise _coupon_used(coupon)
            member = coupon.member
        if member is None:
            raise ValidationError(_("请先扫描会员码或输入券码"), code="no_member")
        _check_member(locked, member, timezone.localdate(now))
        if (
            checked_at is not None
            and coupon is None
            and OfferRedemption.objects.filter(
                offer=locked, member=member, created_at__gte=checked_at
            ).exists()
        ):
            raise ValidationError(_("本次已核销，请勿重复确认"), code="already")
        _check_uses(locked, member)
        method = (
            RedemptionMethod.COUPON
            if coupon is not None
            else RedemptionMethod.MERCHANT
            if is_merchant_of(actor, locked)
            else RedemptionMethod.SCAN
        )
        redemption = OfferRedemption.objects.create(
            offer=locked, member=member, org=member.org, method=method, coupon=coupon, redeemed_by=actor
        )
        if coupon is not None:
            coupon.redeemed_at = now
            coupon.save(update_fields=["redeemed_at", "updated_at"])
        return redemption


def offer_coupon_take(*, offer: Offer, member: Member, today: dt.date | None = None) -> OfferCoupon:
    """The member takes a coupon of a coupon offer: their live (unused) coupon when they hold one, else a new one
    while they have uses left. The offer's row is locked, so two taps make one coupon."""
    today = today or timezone.localdate()
    if not offer.coupons:
        raise ValidationError(_("本优惠无需领取券码，到店出示会员码即可"))
    with transaction.atomic():
        locked = lock(Offer, related=("org",), pk=offer.pk)
        _check_member(locked, member, today)
        live = OfferCoupon.objects.filter(offer=locked, member=member, redeemed_at__isnull=True).first()
        if live is not None:
            return live
        _check_uses(locked, member)
        for _attempt in range(5):
            code = "".join(secrets.choice(COUPON_ALPHABET) for _i in range(COUPON_LENGTH))
            try:
                with transaction.atomic():
                    return OfferCoupon.objects.create(offer=locked, member=member, code=code)
            except IntegrityError:
                continue
        raise ValidationError(_("券码生成失败，请稍后重试"))

"""普惠: offers a union publishes to its subtree (merchant discounts, cinema or fitness days, 会员专享 insurance),
redeemed by showing the rotating 会员码 to a cadre's scanner or to the merchant's own page (an object-scoped
merchant account that sees the masked name only), or with a single-use coupon code; one row per redemption."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from ..choices import OfferKind, OfferStatus, RedemptionMethod


class Offer(BaseModel, OrgScoped):
    """An offer of `org` to the members of its subtree, valid from `valid_from` to `valid_until`;
    `per_member_limit` redemptions per member (None: unlimited); `coupons` says whether members take a coupon."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("发布工会"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("标题"), max_length=100)
    kind = models.CharField(_("类别"), max_length=16, choices=OfferKind.choices, default=OfferKind.MERCHANT)
    merchant_name = models.CharField(_("商户"), max_length=100)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    summary = models.CharField(_("优惠内容"), max_length=200, help_text=_("如：凭会员码观影每张20元"))
    terms = models.TextField(_("使用规则"), blank=True)
    valid_from = models.DateField(_("开始日期"))
    valid_until = models.DateField(_("截止日期"))
    per_member_limit = models.PositiveSmallIntegerField(
        _("每人可用次数"), null=True, blank=True, default=1, help_text=_("留空表示不限")
    )
    coupons = models.BooleanField(
        _("发放券码"), default=False, help_text=_("会员领取一次性券码，到店出示核销")
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=OfferStatus.choices, default=OfferStatus.DRAFT
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("普惠优惠")
        verbose_name_plural = _("普惠优惠")
        ordering = ("-valid_until", "-pk")

    def __str__(self) -> str:
        return self.title


class OfferCoupon(BaseModel, OrgScoped):
    """A single-use coupon code a member took for an offer; `redeemed_at` is set once, when it is used."""

    scope_path: ClassVar[str] = "offer__org__path"

    offer = models.ForeignKey(
        Offer, verbose_name=_("优惠"), on_delete=models.PROTECT, related_name="coupon_rows"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="offer_coupons"
    )
    code = models.CharField(_("券码"), max_length=16, unique=True)
    redeemed_at = models.DateTimeField(_("核销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("优惠券码")
        verbose_name_plural = _("优惠券码")
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return self.code


class OfferRedemption(BaseModel, OrgScoped):
    """One use of an offer by a member; `org` is the member's union then (the counts per union)."""

    scope_path: ClassVar[str] = "offer__org__path"

    offer = models.ForeignKey(
        Offer, verbose_name=_("优惠"), on_delete=models.PROTECT, related_name="redemptions"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="offer_redemptions"
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("会员所在工会"), on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(_("核销方式"), max_length=16, choices=RedemptionMethod.choices)
    coupon = models.OneToOneField(
        OfferCoupon,
        verbose_name=_("券码"),
        on_delete=models.PROTECT,
        related_name="redemption",
        null=True,
        blank=True,
    )
    redeemed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("核销人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("优惠核销记录")
        verbose_name_plural = _("优惠核销记录")
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.offer}·{self.member}"

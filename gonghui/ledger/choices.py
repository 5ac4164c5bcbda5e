"""Every state and kind of the money ledger."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FundKind(models.TextChoices):
    """Where a fund's money comes from."""

    OWN = "own", _("本级经费")
    SUBSIDY = "subsidy", _("上级补助")
    SPECIAL = "special", _("专项")


class PaymentStatus(models.TextChoices):
    """What the bank answered for one entry (`PaymentResult.status`)."""

    PAID = "paid", _("已支付")
    FAILED = "failed", _("支付失败")


class EntryStatus(models.TextChoices):
    """An entry's state: its latest `PaymentResult`, or pending while the bank has not answered."""

    PENDING = "pending", _("待支付")
    PAID = "paid", _("已支付")
    FAILED = "failed", _("支付失败")

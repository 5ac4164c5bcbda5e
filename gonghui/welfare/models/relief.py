"""送温暖 and 慰问金 campaigns (`ReliefCampaign`) and their people (`ReliefRecipient`): a budget line of a fund,
the target list, the amount of each person (one standard or per category), approval, payment person by person
through the ledger, the bank batch and its results. One person is paid once per campaign: the recipient row is
locked while it is paid and the ledger key names campaign, person and attempt; a correction is a reversal."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from ..choices import AmountMode, CampaignStatus, RecipientStatus, ReliefKind


class ReliefCampaign(BaseModel, OrgScoped):
    """A campaign of `org` (2020年春节送温暖, 支援湖北医疗队慰问): paid from `budget_line`; `category_amounts` is
    {category: amount as text} when `amount_mode` is 按类别, `fixed_amount` the one standard otherwise."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("发放工会"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("活动名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=16, choices=ReliefKind.choices, default=ReliefKind.WARMTH)
    year = models.PositiveSmallIntegerField(_("年度"))
    description = models.TextField(_("说明"), blank=True)
    budget_line = models.ForeignKey(
        "ledger.BudgetLine", verbose_name=_("资金来源"), on_delete=models.PROTECT, related_name="+"
    )
    amount_mode = models.CharField(
        _("金额方式"), max_length=16, choices=AmountMode.choices, default=AmountMode.FIXED
    )
    fixed_amount = models.DecimalField(
        _("每人金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    category_amounts = models.JSONField(_("各类别金额"), default=dict, blank=True)
    target_list = models.ForeignKey(
        "members.TargetList",
        verbose_name=_("对象名单"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("送温暖慰问活动")
        verbose_name_plural = _("送温暖慰问活动")
        ordering = ("-year", "-created_at", "-pk")

    def __str__(self) -> str:
        return self.name


class ReliefRecipient(BaseModel, OrgScoped):
    """One person of a campaign: category and amount, and the current payment (`ledger_entry`, paid under the key
    `welfare-relief:<campaign public id>:<member public id>:<attempt>`). After a failed or wrong payment is
    reversed, `attempt` goes up and the person may be paid again — never two live entries at once."""

    scope_path: ClassVar[str] = "campaign__org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(
        ReliefCampaign, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="recipients"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="relief_recipients"
    )
    category = models.CharField(_("类别"), max_length=50, blank=True)
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("状态"), max_length=16, choices=RecipientStatus.choices, default=RecipientStatus.PENDING
    )
    attempt = models.PositiveSmallIntegerField(_("发放次数"), default=1)
    ledger_entry = models.OneToOneField(
        "ledger.LedgerEntry",
        verbose_name=_("发放记录"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    paid_at = models.DateTimeField(_("发放时间"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("送温暖慰问对象")
        verbose_name_plural = _("送温暖慰问对象")
        ordering = ("campaign", "pk")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "member"], name="welfare_relief_one_row_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.campaign}·{self.member}"

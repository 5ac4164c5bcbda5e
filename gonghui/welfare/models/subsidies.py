"""Subsidies to grassroots unions (基层工会送温暖补助): the city union shares an amount out down the tree with the
quotas block (one place = one yuan; `quota_set`), transfers each union's share through the ledger, and every union
records what it spent and on whom (`SubsidySpending`); totals roll up the tree and unspent balances show."""

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped, scope_q
from gonghui.core.models import BaseModel
from gonghui.quotas.models import QuotaAllocation

from ..choices import SubsidyStatus


class Subsidy(BaseModel, OrgScoped):
    """A subsidy programme of `org` (2020年支持基层工会一线送温暖补助), its money from `budget_line`, its shares
    held as a `quotas.QuotaSet` owned by this row (amounts in whole yuan)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("下拨工会"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("补助名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))
    purpose = models.CharField(_("用途"), max_length=200, blank=True)
    budget_line = models.ForeignKey(
        "ledger.BudgetLine", verbose_name=_("资金来源"), on_delete=models.PROTECT, related_name="+"
    )
    quota_set = models.OneToOneField(
        "quotas.QuotaSet",
        verbose_name=_("额度"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    spend_by = models.DateField(_("使用截止日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=SubsidyStatus.choices, default=SubsidyStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("基层工会补助")
        verbose_name_plural = _("基层工会补助")
        ordering = ("-year", "-created_at", "-pk")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def visible_q(cls, user: Any, action: str) -> Q:
        """The union that made it (its subtree) and the unions that received a share (their subtrees)."""
        received = QuotaAllocation.objects.filter(scope_q(user, action, path_field="org__path"))
        return scope_q(user, action, path_field="org__path") | Q(
            quota_set_id__in=received.values("quota_set_id")
        )


class SubsidySpending(BaseModel, OrgScoped):
    """What a union spent of its share (`allocation`) and on whom: a member of its roster or a name."""

    subsidy = models.ForeignKey(
        Subsidy, verbose_name=_("补助"), on_delete=models.PROTECT, related_name="spendings"
    )
    allocation = models.ForeignKey(
        "quotas.QuotaAllocation", verbose_name=_("额度"), on_delete=models.PROTECT, related_name="+"
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("使用工会"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("受助会员"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    recipient_name = models.CharField(_("受助对象"), max_length=100)
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    spent_on = models.DateField(_("发放日期"))
    purpose = models.CharField(_("事由"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    scope_path: ClassVar[str] = "org__path"

    class Meta:
        verbose_name = _("补助使用记录")
        verbose_name_plural = _("补助使用记录")
        ordering = ("-spent_on", "-pk")

    def __str__(self) -> str:
        return f"{self.recipient_name} {self.amount}"

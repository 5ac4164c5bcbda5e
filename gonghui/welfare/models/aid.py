"""Aid (帮扶救助) to a filed household, paid through the ledger, and the saved column mappings of the export in the
national 帮扶 system's columns."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from ..choices import AidKind
from .files import HardshipFile


class AidRecord(BaseModel, OrgScoped):
    """One aid occasion of a file: kind, occasion (e.g. "2026年春节"), amount, paid from a budget line of a fund
    through `ledger.ledger_pay` with the key `welfare-aid:<file public id>:<kind>:<occasion>` — the same occasion
    never pays twice. `org` is the paying union."""

    file = models.ForeignKey(
        HardshipFile, verbose_name=_("档案"), on_delete=models.PROTECT, related_name="aids"
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("发放工会"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("救助类别"), max_length=16, choices=AidKind.choices)
    occasion = models.CharField(_("救助事由"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    budget_line = models.ForeignKey(
        "ledger.BudgetLine", verbose_name=_("资金来源"), on_delete=models.PROTECT, related_name="+"
    )
    ledger_entry = models.OneToOneField(
        "ledger.LedgerEntry",
        verbose_name=_("发放记录"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("帮扶救助记录")
        verbose_name_plural = _("帮扶救助记录")
        ordering = ("-created_at", "-pk")
        constraints = [
            models.UniqueConstraint(fields=["file", "kind", "occasion"], name="welfare_one_aid_per_occasion")
        ]


class AidExportLayout(BaseModel, OrgScoped):
    """A saved column mapping of the aid export in the national 帮扶 system's columns (like the bank layouts of
    the ledger): `columns` is a list of {"key": <field key>, "title": <column title>}. `verified` stays False
    until someone checked a file against that system (the export says so in its title)."""

    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("所属工会"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("名称"), max_length=100)
    columns = models.JSONField(_("列映射"), default=list)
    verified = models.BooleanField(_("已与全国帮扶系统核对"), default=False)
    verified_note = models.CharField(
        _("核对说明"), max_length=200, blank=True, help_text=_("谁于何时与全国帮扶系统核对了本格式")
    )
    verified_at = models.DateTimeField(_("核对登记时间"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("维护人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("帮扶数据导出格式")
        verbose_name_plural = _("帮扶数据导出格式")
        ordering = ("org__path", "name")
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="welfare_layout_unique_name")]

    def __str__(self) -> str:
        return self.name

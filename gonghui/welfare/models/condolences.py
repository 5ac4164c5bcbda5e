"""慰问 standards and payments: a union's standard (the most it pays per occasion, how often a year), checked when
a 慰问 is entered; the payment goes through the ledger with one key per person, occasion and event date, and the
visit it came with is a `visits.Visit` owned by the payment."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from ..choices import CondolenceOccasion


class CondolenceStandard(BaseModel, OrgScoped):
    """`org`'s standard for one occasion from `effective_from` on; a union without its own standard uses the
    nearest one above it."""

    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("制定工会"), on_delete=models.PROTECT, related_name="+"
    )
    occasion = models.CharField(_("慰问事由"), max_length=16, choices=CondolenceOccasion.choices)
    max_amount = models.DecimalField(_("标准上限（元）"), max_digits=12, decimal_places=2)
    times_per_year = models.PositiveSmallIntegerField(
        _("每人每年次数上限"), null=True, blank=True, help_text=_("留空表示不限")
    )
    effective_from = models.DateField(_("执行日期"))
    basis = models.CharField(_("依据"), max_length=200, blank=True, help_text=_("如：焦教工〔2020〕3号"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("维护人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("慰问标准")
        verbose_name_plural = _("慰问标准")
        ordering = ("org__path", "occasion", "-effective_from")
        constraints = [
            models.UniqueConstraint(
                fields=["org", "occasion", "effective_from"], name="welfare_one_standard_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_occasion_display()} {self.max_amount}元"


class CondolencePayment(BaseModel, OrgScoped):
    """One 慰问 of a member by `org`, paid from `budget_line` under the key
    `welfare-condolence:<org code>:<member public id>:<occasion>:<event date>`; `standard` is the standard it was checked
    against (None: no standard applies, the entry says so)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("慰问工会"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("慰问对象"), on_delete=models.PROTECT, related_name="condolences"
    )
    occasion = models.CharField(_("慰问事由"), max_length=16, choices=CondolenceOccasion.choices)
    event_date = models.DateField(_("事由发生日期"))
    amount = models.DecimalField(_("慰问金（元）"), max_digits=12, decimal_places=2)
    standard = models.ForeignKey(
        CondolenceStandard,
        verbose_name=_("适用标准"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
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
    visit = models.OneToOneField(
        "visits.Visit",
        verbose_name=_("走访记录"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("慰问记录")
        verbose_name_plural = _("慰问记录")
        ordering = ("-event_date", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=["org", "member", "occasion", "event_date"], name="welfare_one_condolence_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member}·{self.get_occasion_display()}"

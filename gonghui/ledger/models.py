"""The money ledger: a register of disbursements (慰问金, 奖金, 补助…) against budgets, not the union's books.

`Fund` → `BudgetLine` → `LedgerEntry`. Entries and the bank's answers (`PaymentResult`) are append-only: the
model refuses a second save and a delete, the queryset refuses `update()` and `delete()`, and a database trigger
(migration 0002, SQLite and PostgreSQL) refuses UPDATE and DELETE of their rows whatever the caller. A correction
is a reversing entry (negative amount, `reverses`); a payment's outcome is a new `PaymentResult` row."""

from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped, ScopedManager, ScopedQuerySet
from gonghui.core.models import BaseModel

from .choices import FundKind, PaymentStatus

AMOUNT_DIGITS = 14
AMOUNT_PLACES = 2


class Fund(BaseModel, OrgScoped):
    """One source of money of a union in one year (本级经费, 上级补助 or a 专项)."""

    org = models.ForeignKey("orgs.Org", verbose_name=_("工会"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("经费类别"), max_length=16, choices=FundKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))

    class Meta:
        verbose_name = _("经费")
        verbose_name_plural = _("经费")
        ordering: ClassVar[list[str]] = ["-year", "name"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["org", "year", "name"], name="ledger_fund_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.name}"


class BudgetLine(BaseModel, OrgScoped):
    """What a fund may pay for one purpose, and how much (the ceiling every payment is checked against)."""

    scope_path: ClassVar[str] = "fund__org__path"

    fund = models.ForeignKey(Fund, verbose_name=_("经费"), on_delete=models.PROTECT, related_name="lines")
    purpose = models.CharField(_("用途"), max_length=100)
    amount = models.DecimalField(
        _("预算金额"),
        max_digits=AMOUNT_DIGITS,
        decimal_places=AMOUNT_PLACES,
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta:
        verbose_name = _("预算科目")
        verbose_name_plural = _("预算科目")
        ordering: ClassVar[list[str]] = ["fund", "purpose"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["fund", "purpose"], name="ledger_budget_line_unique_purpose"),
        ]

    def __str__(self) -> str:
        return f"{self.fund} · {self.purpose}"


class AppendOnlyQuerySet[M: models.Model](ScopedQuerySet[M]):
    """Scoped reads; `update()` and `delete()` are refused (the rows are a register)."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionDenied(_("台账只能追加，不能修改"))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionDenied(_("台账只能追加，不能删除"))


class AppendOnlyManager[M: models.Model](ScopedManager[M]):
    def get_queryset(self) -> AppendOnlyQuerySet[M]:
        return AppendOnlyQuerySet(self.model, using=self._db)


class AppendOnly(models.Model):
    """Abstract: a row is written once, never saved again nor deleted."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionDenied(_("台账只能追加，不能修改"))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionDenied(_("台账只能追加，不能删除"))


class LedgerEntry(AppendOnly, OrgScoped):
    """One payment to one payee from one budget line (positive), or the reversal of one (negative, `reverses`).

    `idempotency_key` is the caller's name for the payment (owner object + payee + instalment, e.g.
    "welfare.visit:12:member:345:2026春节"): paying twice under one key returns the first entry."""

    scope_path: ClassVar[str] = "budget_line__fund__org__path"

    budget_line = models.ForeignKey(
        BudgetLine, verbose_name=_("预算科目"), on_delete=models.PROTECT, related_name="entries"
    )
    amount = models.DecimalField(_("金额"), max_digits=AMOUNT_DIGITS, decimal_places=AMOUNT_PLACES)
    payee_name = models.CharField(_("收款人"), max_length=100)
    payee_member = models.ForeignKey(
        "members.Member",
        verbose_name=_("收款会员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    bank_name = models.CharField(_("开户行"), max_length=100, blank=True)
    bank_account_encrypted = models.TextField(_("银行账号（密文）"), blank=True)
    bank_account_masked = models.CharField(_("银行账号"), max_length=40, blank=True)
    purpose = models.CharField(_("用途"), max_length=200)
    owner_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_id = models.CharField(max_length=64, blank=True)
    owner = GenericForeignKey("owner_type", "owner_id")
    idempotency_key = models.CharField(_("幂等键"), max_length=200, unique=True)
    tax_withheld = models.BooleanField(_("已代扣个税"), default=False)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("冲销的记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversal",
    )
    reason = models.CharField(_("冲销原因"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("记账时间"), auto_now_add=True, db_index=True)

    objects: ClassVar[AppendOnlyManager["LedgerEntry"]] = AppendOnlyManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("台账记录")
        verbose_name_plural = _("台账记录")
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=(
                    models.Q(reverses__isnull=True, amount__gt=0)
                    | models.Q(reverses__isnull=False, amount__lt=0)
                ),
                name="ledger_entry_sign_matches_reversal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payee_name} {self.amount}"


class PaymentResult(AppendOnly, OrgScoped):
    """The bank's answer for one entry (paid, or failed with a reason); the latest row is the entry's status."""

    scope_path: ClassVar[str] = "entry__budget_line__fund__org__path"

    entry = models.ForeignKey(
        LedgerEntry, verbose_name=_("台账记录"), on_delete=models.PROTECT, related_name="results"
    )
    status = models.CharField(_("结果"), max_length=16, choices=PaymentStatus.choices)
    reason = models.CharField(_("失败原因"), max_length=200, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True, db_index=True)

    objects: ClassVar[AppendOnlyManager["PaymentResult"]] = AppendOnlyManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("支付结果")
        verbose_name_plural = _("支付结果")
        ordering: ClassVar[list[str]] = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.entry} {self.get_status_display()}"

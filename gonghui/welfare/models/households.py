"""Households (户) and their members, and the local 低保 lines the class is computed against.

`Household` is one family; its `HouseholdMember` rows carry the relation, name, optional ID number (encrypted, with
a keyed hash for linking and a masked copy), schooling and employment in the clear, and health, disability and
income **sealed** (`sealing.seal`). A union member belongs to at most one household (`member` is unique), so a
spouse who is also a member links to the same household and a second application opens its file."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from ..choices import Employment, Relation, Schooling


class PovertyLine(BaseModel, OrgScoped):
    """The local 低保 line of a county (or the city) for a year, and the county's multiples: 相对困难 below
    `relative_multiple` × line, 意外致困 below `accident_multiple` × line (with a recorded event). The line that
    applies to a household is its union's nearest ancestor-or-self line of the year (`classing.line_for`)."""

    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("地区工会"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    monthly_line = models.DecimalField(_("城市低保标准（元/人·月）"), max_digits=10, decimal_places=2)
    relative_multiple = models.DecimalField(
        _("相对困难倍数"),
        max_digits=4,
        decimal_places=2,
        default=2,
        help_text=_("低于低保标准的该倍数为相对困难"),
    )
    accident_multiple = models.DecimalField(
        _("意外致困倍数"),
        max_digits=4,
        decimal_places=2,
        default=2,
        help_text=_("发生意外事件且低于低保标准的该倍数为意外致困"),
    )
    source = models.CharField(_("依据文件"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("维护人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("低保标准")
        verbose_name_plural = _("低保标准")
        ordering = ("-year", "org__path")
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="welfare_one_line_per_org_year")]

    def __str__(self) -> str:
        return f"{self.org} {self.year}年 {self.monthly_line}元/人·月"


class Household(BaseModel, OrgScoped):
    """One family (户). `org` is the grassroots union of the applicant; the file (`HardshipFile`) is one per
    household (一户一档)."""

    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("所在工会"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("家庭住址"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("困难职工家庭")
        verbose_name_plural = _("困难职工家庭")
        ordering = ("-created_at", "pk")

    def __str__(self) -> str:
        applicant = self.people.filter(relation=Relation.SELF).first()
        return f"{applicant.name if applicant else '—'}家庭"

    def get_absolute_url(self) -> str:
        return reverse("welfare:detail", args=[self.file.pk])


class HouseholdMember(BaseModel, OrgScoped):
    """A person of a household. `sealed` holds health (`HealthStatus`), health note, disability kind and grade,
    annual income and income note; `consent_*` record the signed consent to check this person's finances (a
    guardian signs for a person under 14)."""

    scope_path: ClassVar[str] = "household__org__path"

    household = models.ForeignKey(
        Household, verbose_name=_("家庭"), on_delete=models.CASCADE, related_name="people"
    )
    relation = models.CharField(_("与申请人关系"), max_length=16, choices=Relation.choices)
    name = models.CharField(_("姓名"), max_length=50)
    member = models.OneToOneField(
        "members.Member",
        verbose_name=_("工会会员"),
        on_delete=models.PROTECT,
        related_name="household_person",
        null=True,
        blank=True,
        help_text=_("家庭成员本人也是工会会员时关联其会员档案"),
    )
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    id_number_encrypted = models.TextField(_("证件号码（密文）"), blank=True)
    id_number_hash = models.CharField(_("证件号码摘要"), max_length=64, blank=True, db_index=True)
    id_number_masked = models.CharField(_("证件号码"), max_length=32, blank=True)
    schooling = models.CharField(
        _("在学情况"), max_length=16, choices=Schooling.choices, default=Schooling.NONE
    )
    employment = models.CharField(_("就业情况"), max_length=16, choices=Employment.choices)
    sealed = models.TextField(_("健康、残疾与收入（密文）"), blank=True)
    consent_at = models.DateTimeField(_("授权时间"), null=True, blank=True)
    consent_signer = models.CharField(_("授权签字人"), max_length=50, blank=True)
    consent_by_guardian = models.BooleanField(_("由监护人授权"), default=False)

    class Meta:
        verbose_name = _("家庭成员")
        verbose_name_plural = _("家庭成员")
        ordering = ("household", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(relation="self"),
                name="welfare_one_applicant_per_household",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_relation_display()}）"

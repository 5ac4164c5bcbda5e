"""创新工作室: `InnovationStudio` (applied for by a union, led by a registered 劳模/工匠, selected through the year's
studio campaign, named with a number and plaque text), its funding `StudioTranche`s (each a ledger payment with its
own key), yearly `StudioOutput`s and `StudioAssessment`s (年度考核, 验收 with a score sheet) that end in
re-confirmation, rectification or 摘牌."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from ..choices import AssessmentKind, AssessmentResult, StudioStatus, TrancheKind


class InnovationStudio(BaseModel, OrgScoped):
    """A 劳模和工匠人才创新工作室 at `org` (the union that applies and keeps it), led by `leader`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("所在工会"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("工作室名称"), max_length=200)
    leader = models.ForeignKey(
        "honours.ModelWorker", verbose_name=_("领办人"), on_delete=models.PROTECT, related_name="studios"
    )
    team = models.JSONField(_("团队成员"), default=list, blank=True, help_text=_('[{"name": …, "role": …}]'))
    field = models.CharField(_("专业领域"), max_length=100, blank=True)
    site = models.CharField(_("场所"), max_length=200, blank=True)
    plan = models.TextField(_("建设方案"), blank=True)
    goals = models.TextField(_("工作目标"), blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=StudioStatus.choices, default=StudioStatus.APPLIED
    )
    level = models.CharField(
        _("命名级别"), max_length=100, blank=True, help_text=_("如：市级示范性劳模和工匠人才创新工作室")
    )
    number = models.CharField(_("命名编号"), max_length=50, blank=True)
    plaque_text = models.CharField(_("牌匾文字"), max_length=200, blank=True)
    named_on = models.DateField(_("命名日期"), null=True, blank=True)
    rectify_by = models.DateField(_("整改期限"), null=True, blank=True)
    delisted_on = models.DateField(_("摘牌日期"), null=True, blank=True)
    delist_reason = models.CharField(_("摘牌原因"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申报人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("创新工作室")
        verbose_name_plural = _("创新工作室")
        ordering = ("-named_on", "name", "pk")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("honours:studio_detail", args=[self.pk])


class StudioTranche(BaseModel, OrgScoped):
    """A funding tranche (5万 on naming, 3万 on re-confirmation …) paid through the ledger from `budget_line`;
    `key` is unique, so a tranche is paid once whatever happens."""

    scope_path: ClassVar[str] = "studio__org__path"

    studio = models.ForeignKey(
        InnovationStudio, verbose_name=_("创新工作室"), on_delete=models.CASCADE, related_name="tranches"
    )
    kind = models.CharField(_("经费类别"), max_length=16, choices=TrancheKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    budget_line = models.ForeignKey(
        "ledger.BudgetLine", verbose_name=_("经费来源"), on_delete=models.PROTECT, related_name="+"
    )
    key = models.CharField(_("拨付批次"), max_length=100, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("工作室经费")
        verbose_name_plural = _("工作室经费")
        ordering = ("studio", "year", "pk")

    def __str__(self) -> str:
        return f"{self.studio}·{self.get_kind_display()}"


class StudioOutput(BaseModel, OrgScoped):
    """A studio's results of one year: innovation projects, patents, papers, benefits in yuan, apprentices."""

    scope_path: ClassVar[str] = "studio__org__path"

    studio = models.ForeignKey(
        InnovationStudio, verbose_name=_("创新工作室"), on_delete=models.CASCADE, related_name="outputs"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    projects = models.PositiveIntegerField(_("创新项目（项）"), default=0)
    patents = models.PositiveIntegerField(_("专利（项）"), default=0)
    papers = models.PositiveIntegerField(_("论文（篇）"), default=0)
    benefit_yuan = models.DecimalField(_("创造效益（元）"), max_digits=14, decimal_places=2, default=0)
    apprentices = models.PositiveIntegerField(_("培养徒弟（人）"), default=0)
    summary = models.TextField(_("主要成果"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("工作室年度成果")
        verbose_name_plural = _("工作室年度成果")
        ordering = ("studio", "-year")
        constraints = [models.UniqueConstraint(fields=["studio", "year"], name="honours_output_one_per_year")]

    def __str__(self) -> str:
        return f"{self.studio}·{self.year}"


class StudioAssessment(BaseModel, OrgScoped):
    """年度考核 or 验收 of a studio for a year, scored on a score sheet (`review_round`, one entry: the studio) by
    the experts of the union that named it; `result` decides what happens next."""

    scope_path: ClassVar[str] = "studio__org__path"

    studio = models.ForeignKey(
        InnovationStudio, verbose_name=_("创新工作室"), on_delete=models.CASCADE, related_name="assessments"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("类别"), max_length=16, choices=AssessmentKind.choices)
    review_round = models.OneToOneField(
        "reviews.ReviewRound",
        verbose_name=_("评分"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    score = models.DecimalField(_("得分"), max_digits=8, decimal_places=3, null=True, blank=True)
    result = models.CharField(_("结论"), max_length=16, choices=AssessmentResult.choices, blank=True)
    comments = models.TextField(_("评价意见"), blank=True)
    decided_on = models.DateField(_("结论日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("工作室考核验收")
        verbose_name_plural = _("工作室考核验收")
        ordering = ("studio", "-year", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["studio", "year", "kind"], name="honours_assessment_one_per_year_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.studio}·{self.year}{self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("honours:assessment_detail", args=[self.pk])

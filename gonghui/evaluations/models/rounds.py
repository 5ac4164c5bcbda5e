"""考核: a round, its target unions, one score per target and indicator, and 复核申请."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from ..choices import RecheckStatus, RoundStatus, SelfStatus
from .schemes import EvaluationScheme, Indicator


class EvaluationRound(BaseModel, OrgScoped):
    """一次考核 run by `org` with a published scheme over `period_start` … `period_end` (values as of the end). Dates:
    自评 until `self_ends_on`, 考核 until `assessment_ends_on`, 复核 for `recheck_days` working days from the day it
    opens (`recheck_ends_on`). Manual indicators are scored on the reviews block: `review_round` (自评+考评 mode, one
    entry per target, its template made from the scheme's manual indicators). Until `frozen_at` the automatic
    values are recomputed on demand (`computed_at`); after it nothing changes."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+"
    )
    scheme = models.ForeignKey(
        EvaluationScheme, verbose_name=_("评价方案"), on_delete=models.PROTECT, related_name="rounds"
    )
    title = models.CharField(_("考核名称"), max_length=200)
    period_start = models.DateField(_("考核期间自"))
    period_end = models.DateField(_("考核期间至（取数截止日）"))
    status = models.CharField(
        _("状态"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    self_ends_on = models.DateField(_("自评截止日"), null=True, blank=True)
    assessment_ends_on = models.DateField(_("考核截止日"), null=True, blank=True)
    recheck_days = models.PositiveSmallIntegerField(_("复核期（工作日）"), default=5)
    recheck_ends_on = models.DateField(_("复核截止日"), null=True, blank=True)
    review_round = models.OneToOneField(
        "reviews.ReviewRound",
        verbose_name=_("评审"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    computed_at = models.DateTimeField(_("最近取数时间"), null=True, blank=True)
    frozen_at = models.DateTimeField(_("定档时间"), null=True, blank=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("定档人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("考核")
        verbose_name_plural = _("考核")
        ordering: ClassVar[list[str]] = ["-period_end", "-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("evaluations:round_detail", args=[self.public_id])

    @property
    def is_frozen(self) -> bool:
        return self.status == RoundStatus.FROZEN


class RoundTarget(BaseModel, OrgScoped):
    """A union under evaluation in a round: its 自评 state, totals (自评 / 考核 / final), whether it failed a veto
    item, its grade and its rank overall and among peers (`peer_group`: same level and industry)."""

    scope_path: ClassVar[str] = "org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(
        EvaluationRound, verbose_name=_("考核"), on_delete=models.CASCADE, related_name="targets"
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("被考核单位"), on_delete=models.PROTECT, related_name="+"
    )
    peer_group = models.CharField(_("同类比较组"), max_length=100, blank=True)
    self_status = models.CharField(
        _("自评状态"), max_length=16, choices=SelfStatus.choices, default=SelfStatus.PENDING
    )
    self_submitted_at = models.DateTimeField(_("自评提交时间"), null=True, blank=True)
    self_total = models.DecimalField(_("自评总分"), max_digits=7, decimal_places=2, null=True, blank=True)
    assessor_total = models.DecimalField(_("考核总分"), max_digits=7, decimal_places=2, null=True, blank=True)
    total = models.DecimalField(_("最终得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    vetoed = models.BooleanField(_("必备项不达标"), default=False)
    grade = models.CharField(_("等级"), max_length=20, blank=True)
    rank = models.PositiveIntegerField(_("总排名"), null=True, blank=True)
    peer_rank = models.PositiveIntegerField(_("同类排名"), null=True, blank=True)

    class Meta:
        verbose_name = _("被考核单位")
        verbose_name_plural = _("被考核单位")
        ordering: ClassVar[list[str]] = ["round_id", "rank", "org__path"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["round", "org"], name="evaluations_target_round_org_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.org}"

    def get_absolute_url(self) -> str:
        return reverse("evaluations:target_detail", args=[self.public_id])

    def get_assess_url(self) -> str:
        """Where an assessor scores this target (the reviews judge pages send a judge of the round here)."""
        return reverse("evaluations:assess", args=[self.public_id])


class Score(BaseModel, OrgScoped):
    """One target's result on one indicator. An automatic indicator keeps the `value` it was scored on (with its
    numerator, denominator, detail and the link to the records), `computed_points` and the rule's `explanation`; a
    manual one keeps `self_points` (自评, with `self_note` and evidence attachments owned by this score) and
    `assessor_points` (the assessors' 考核分, mean of their sheets), `gap_flagged` when they differ by more than the
    round's share and `gap_note` explaining it. `final_points` is what counts; `adjusted` marks a change made in
    复核 (`adjust_reason`). `passed` is the veto verdict (None: not a veto item)."""

    scope_path: ClassVar[str] = "target__org__path"

    target = models.ForeignKey(
        RoundTarget, verbose_name=_("被考核单位"), on_delete=models.CASCADE, related_name="scores"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("考核指标"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("取值"), max_digits=14, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(_("分子"), max_digits=14, decimal_places=2, null=True, blank=True)
    denominator = models.DecimalField(_("分母"), max_digits=14, decimal_places=2, null=True, blank=True)
    value_detail = models.CharField(_("取值说明"), max_length=300, blank=True)
    records_url = models.CharField(_("数据明细链接"), max_length=500, blank=True)
    computed_points = models.DecimalField(
        _("自动得分"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    explanation = models.CharField(_("计分说明"), max_length=300, blank=True)
    self_points = models.DecimalField(_("自评分"), max_digits=6, decimal_places=2, null=True, blank=True)
    self_note = models.TextField(_("自评说明"), blank=True)
    assessor_points = models.DecimalField(_("考核分"), max_digits=6, decimal_places=2, null=True, blank=True)
    gap_flagged = models.BooleanField(_("自评与考核分差异较大"), default=False)
    gap_note = models.TextField(_("差异说明"), blank=True)
    final_points = models.DecimalField(_("最终得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("必备项达标"), null=True, blank=True)
    adjusted = models.BooleanField(_("复核调整"), default=False)
    adjust_reason = models.TextField(_("调整理由"), blank=True)
    computed_at = models.DateTimeField(_("取数时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("指标得分")
        verbose_name_plural = _("指标得分")
        ordering: ClassVar[list[str]] = ["target_id", "indicator__dimension__order", "indicator__order", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["target", "indicator"], name="evaluations_score_target_indicator_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target.org} · {self.indicator}"


class Recheck(BaseModel, OrgScoped):
    """复核申请: a target union contests one score (or its total, `score` None) during the 复核 window; the round's
    union keeps it (维持) or changes the points (调整), with a reply."""

    scope_path: ClassVar[str] = "target__org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    target = models.ForeignKey(
        RoundTarget, verbose_name=_("被考核单位"), on_delete=models.CASCADE, related_name="rechecks"
    )
    score = models.ForeignKey(
        Score,
        verbose_name=_("指标"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rechecks",
    )
    reason = models.TextField(_("复核理由"))
    status = models.CharField(
        _("状态"), max_length=16, choices=RecheckStatus.choices, default=RecheckStatus.PENDING
    )
    reply = models.TextField(_("复核答复"), blank=True)
    points_before = models.DecimalField(_("原得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    points_after = models.DecimalField(_("调整后得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("复核申请")
        verbose_name_plural = _("复核申请")
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.target.org} 复核申请"

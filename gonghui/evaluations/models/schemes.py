"""评价方案: a scheme, its dimensions (一级指标) and indicators (二级指标 with a rule)."""

import uuid
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.actors import Visitor
from gonghui.accounts.scoping import OrgScoped, action_paths, scope_q
from gonghui.core.models import BaseModel
from gonghui.orgs.models import Org

from ..choices import (
    DEFAULT_GRADE_BANDS,
    DEFAULT_VETO_GRADE,
    IndicatorKind,
    RuleKind,
    SchemeStatus,
    VerificationMethod,
)


def default_grade_bands() -> list[list[Any]]:
    return [[lowest, grade] for lowest, grade in DEFAULT_GRADE_BANDS]


class EvaluationScheme(BaseModel, OrgScoped):
    """评价方案 of `org` for a `year`; `version` counts the schemes of the same title (a copy for the next year, or a
    revision, is a new row with `copied_from`). Published schemes are not edited; `grade_bands` [[lowest total,
    grade], …] best first; failing a veto item caps the grade at `veto_grade`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("制定单位"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("方案名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("考核年度"))
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    status = models.CharField(
        _("状态"), max_length=16, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT
    )
    description = models.TextField(_("说明"), blank=True)
    grade_bands = models.JSONField(_("等级划分"), default=default_grade_bands)
    veto_grade = models.CharField(_("否决项不达标时最高等级"), max_length=20, default=DEFAULT_VETO_GRADE)
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("复制自"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("评价方案")
        verbose_name_plural = _("评价方案")
        ordering: ClassVar[list[str]] = ["-year", "-created_at", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["org", "title", "version"], name="evaluations_scheme_title_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）" if self.version > 1 else self.title

    @classmethod
    def visible_q(cls, user: Visitor, action: str) -> Q:
        """Schemes of the unions in the user's subtrees; and, to read only, the published (or retired) schemes of the
        unions above: the standard the user's union is evaluated by, and may run its own rounds with."""
        down = scope_q(user, action, path_field="org__path")
        if action != "evaluations.view":
            return down
        step = int(Org.steplen)
        above = {path[:end] for path in action_paths(user, action) for end in range(step, len(path), step)}
        if not above:
            return down
        return down | Q(
            org__path__in=sorted(above), status__in=[SchemeStatus.PUBLISHED, SchemeStatus.RETIRED]
        )

    def get_absolute_url(self) -> str:
        return reverse("evaluations:scheme_detail", args=[self.public_id])

    @property
    def is_draft(self) -> bool:
        return self.status == SchemeStatus.DRAFT


class Dimension(BaseModel, OrgScoped):
    """一级指标 (e.g. 组织建设): its indicators' points add up; `points`, when set, caps the subtotal (a 加分项
    dimension)."""

    scope_path: ClassVar[str] = "scheme__org__path"

    scheme = models.ForeignKey(
        EvaluationScheme, verbose_name=_("评价方案"), on_delete=models.CASCADE, related_name="dimensions"
    )
    name = models.CharField(_("一级指标"), max_length=100)
    points = models.DecimalField(
        _("分值上限"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("留空则为所含指标分值之和；加分项可设上限"),
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("一级指标")
        verbose_name_plural = _("一级指标")
        ordering: ClassVar[list[str]] = ["order", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["scheme", "name"], name="evaluations_dimension_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Indicator(BaseModel, OrgScoped):
    """二级指标: `points` (分值), a `rule` with `params` (rules.py), a verification method, and for an automatic one
    the IndicatorSource `source_key` its value comes from. A veto item (`is_veto`, 必备) is a check or manual item;
    failing it caps the grade."""

    scope_path: ClassVar[str] = "scheme__org__path"

    scheme = models.ForeignKey(
        EvaluationScheme, verbose_name=_("评价方案"), on_delete=models.CASCADE, related_name="indicators"
    )
    dimension = models.ForeignKey(
        Dimension, verbose_name=_("一级指标"), on_delete=models.CASCADE, related_name="indicators"
    )
    number = models.CharField(_("序号"), max_length=20, blank=True)
    name = models.CharField(_("指标名称"), max_length=200)
    standard = models.TextField(_("考核标准"), blank=True)
    points = models.DecimalField(
        _("分值"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    kind = models.CharField(
        _("取数方式"), max_length=16, choices=IndicatorKind.choices, default=IndicatorKind.MANUAL
    )
    source_key = models.CharField(_("数据来源"), max_length=64, blank=True)
    rule = models.CharField(_("计分规则"), max_length=16, choices=RuleKind.choices, default=RuleKind.MANUAL)
    params = models.JSONField(_("规则参数"), default=dict, blank=True)
    is_veto = models.BooleanField(_("必备项（否决）"), default=False)
    verification = models.CharField(
        _("考核方式"), max_length=16, choices=VerificationMethod.choices, default=VerificationMethod.RECORDS
    )
    evidence_required = models.BooleanField(_("自评须上传佐证材料"), default=False)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering: ClassVar[list[str]] = ["dimension__order", "dimension_id", "order", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["scheme", "name"], name="evaluations_indicator_name_unique"),
            models.CheckConstraint(
                condition=~models.Q(kind="auto", source_key=""), name="evaluations_indicator_auto_has_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}".strip()

    @property
    def is_auto(self) -> bool:
        return self.kind == IndicatorKind.AUTO

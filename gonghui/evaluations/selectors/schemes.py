"""Reads of 评价方案 (part `schemes`): the schemes a user sees (filters, years), one scheme's tree of dimensions and
indicators with each item's source, rule in Chinese and the totals, what stops a draft from being published, the
scheme's timeline, its rows for the xlsx export, and the catalogue of registered indicator sources."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from gonghui.accounts.actors import Visitor
from gonghui.core.models import TimelineEntry
from gonghui.core.registry import IndicatorSource, indicator_sources
from gonghui.core.timeline import timeline_for
from gonghui.orgs.models import Org

from .. import rules
from ..choices import IndicatorKind
from ..models import Dimension, EvaluationScheme, Indicator
from ..permissions import MANAGE, VIEW

UNREGISTERED = "未注册"


@dataclass(frozen=True)
class SchemeFilters:
    query: str = ""
    status: str = ""
    year: int | None = None


def schemes_visible_to(user: Visitor) -> QuerySet[EvaluationScheme]:
    return EvaluationScheme.objects.visible_to(user, VIEW).select_related("org", "copied_from")


def scheme_list_for_user(user: Visitor, filters: SchemeFilters) -> QuerySet[EvaluationScheme]:
    qs = schemes_visible_to(user)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.query:
        qs = qs.filter(Q(title__icontains=filters.query) | Q(org__name__icontains=filters.query))
    return qs.order_by("-year", "title", "-version", "-pk")


def scheme_years(user: Visitor) -> list[int]:
    return sorted(
        set(EvaluationScheme.objects.visible_to(user, VIEW).values_list("year", flat=True)), reverse=True
    )


def scheme_get_visible_or_404(
    user: Visitor, public_id: Any, *, demand: str | None = None
) -> EvaluationScheme:
    return EvaluationScheme.objects.select_related("org", "copied_from", "created_by").get_visible_or_404(
        user, VIEW, demand=demand, public_id=public_id
    )


def dimension_get_or_404(user: Visitor, scheme: EvaluationScheme, dimension_id: int) -> Dimension:
    return Dimension.objects.select_related("scheme__org").get_visible_or_404(
        user, VIEW, demand=MANAGE, pk=dimension_id, scheme=scheme
    )


def indicator_get_or_404(user: Visitor, scheme: EvaluationScheme, indicator_id: int) -> Indicator:
    return Indicator.objects.select_related("scheme__org", "dimension").get_visible_or_404(
        user, VIEW, demand=MANAGE, pk=indicator_id, scheme=scheme
    )


def orgs_user_may_manage(user: Visitor) -> QuerySet[Org]:
    """The unions whose schemes the user may keep."""
    return Org.objects.in_subtrees(user, MANAGE).order_by("path")


def scheme_dimensions(scheme: EvaluationScheme) -> QuerySet[Dimension]:
    return Dimension.objects.filter(scheme=scheme).order_by("order", "pk")


def source_of(key: str) -> IndicatorSource | None:
    return indicator_sources.get(key) if key and key in indicator_sources else None


@dataclass
class IndicatorRow:
    indicator: Indicator
    source: IndicatorSource | None
    rule_text: str

    @property
    def source_label(self) -> str:
        if not self.indicator.is_auto:
            return ""
        return self.source.label if self.source is not None else UNREGISTERED


@dataclass
class DimensionRow:
    dimension: Dimension
    rows: list[IndicatorRow] = field(default_factory=list)

    @property
    def points_sum(self) -> Decimal:
        return sum((row.indicator.points for row in self.rows), Decimal(0))

    @property
    def subtotal(self) -> Decimal:
        """What the dimension can earn at most: its indicators' points, capped by its 分值上限."""
        return rules.dimension_total([row.indicator.points for row in self.rows], self.dimension.points)


@dataclass
class SchemeTree:
    dimensions: list[DimensionRow]

    @property
    def total(self) -> Decimal:
        return sum((d.subtotal for d in self.dimensions), Decimal(0))

    @property
    def indicator_count(self) -> int:
        return sum(len(d.rows) for d in self.dimensions)


def scheme_tree(scheme: EvaluationScheme) -> SchemeTree:
    """The scheme's dimensions in order, each with its indicators (two queries whatever the size)."""
    dimensions = {d.pk: DimensionRow(d) for d in scheme_dimensions(scheme)}
    for indicator in Indicator.objects.filter(scheme=scheme).order_by("order", "pk"):
        dimensions[indicator.dimension_id].rows.append(
            IndicatorRow(
                indicator=indicator,
                source=source_of(indicator.source_key),
                rule_text=rules.describe(indicator.rule, indicator.params, indicator.points),
            )
        )
    return SchemeTree(list(dimensions.values()))


def publish_problems(scheme: EvaluationScheme, tree: SchemeTree | None = None) -> list[str]:
    """Why the draft cannot be published yet (empty: it can): no indicator, an automatic indicator whose source is
    not registered, an indicator whose rule parameters no longer pass `rules.clean_params`."""
    tree = tree or scheme_tree(scheme)
    problems: list[str] = []
    if not tree.indicator_count:
        problems.append("方案还没有任何考核指标")
    for dimension in tree.dimensions:
        for row in dimension.rows:
            indicator = row.indicator
            if indicator.is_auto and row.source is None:
                problems.append(f"指标“{indicator}”的数据来源 {indicator.source_key} 未注册")
            try:
                rules.clean_params(
                    indicator.rule, indicator.params, indicator.points, is_veto=indicator.is_veto
                )
            except ValidationError as exc:
                text = "；".join(str(m) for m in exc.messages)
                problems.append(f"指标“{indicator}”的计分规则有误：{text}")
    return problems


def scheme_timeline(scheme: EvaluationScheme) -> QuerySet[TimelineEntry]:
    return timeline_for(scheme)


def copy_version_of(org: Org, title: str) -> int:
    """The version a new scheme of `title` at `org` gets: one more than the highest (1 for a new title)."""
    versions = EvaluationScheme.objects.filter(org=org, title=title).values_list("version", flat=True)
    return max(versions, default=0) + 1


EXPORT_HEADERS = (
    "一级指标",
    "一级指标分值上限",
    "序号",
    "指标名称",
    "考核标准",
    "分值",
    "取数方式",
    "数据来源",
    "计分规则",
    "规则说明",
    "规则参数",
    "必备项",
    "考核方式",
    "须佐证",
)
EXPORT_WIDTHS = (14, 10, 6, 24, 40, 6, 10, 24, 12, 36, 30, 6, 10, 6)


def steps_text(params: dict[str, Any]) -> str:
    """Thresholds as the form and the sheet write them: one "界值 得分" per line."""
    return "\n".join(f"{bound} {got}" for bound, got in params.get("steps") or [])


def params_text(indicator: Indicator) -> str:
    """The rule's parameters as the import reads them back ("方向=不低于；档次=90 10/80 8")."""
    params = indicator.params or {}
    parts: list[str] = []
    if "direction" in params:
        parts.append(f"方向={'不高于' if params['direction'] == 'at_most' else '不低于'}")
    if params.get("steps"):
        parts.append("档次=" + "/".join(f"{b} {g}" for b, g in params["steps"]))
    labels = (("target", "满分数值"), ("per", "每次"), ("floor", "最低得分"), ("bound", "达标界值"))
    parts.extend(f"{label}={params[key]}" for key, label in labels if key in params)
    if params.get("no_data") == rules.NO_DATA_FULL:
        parts.append("无数据=满分")
    return "；".join(parts)


def scheme_export_rows(scheme: EvaluationScheme) -> list[Sequence[Any]]:
    rows: list[Sequence[Any]] = []
    for dimension in scheme_tree(scheme).dimensions:
        cap = dimension.dimension.points
        for row in dimension.rows:
            i = row.indicator
            rows.append(
                [
                    dimension.dimension.name,
                    "" if cap is None else rules.show(cap),
                    i.number,
                    i.name,
                    i.standard,
                    rules.show(i.points),
                    i.get_kind_display(),
                    i.source_key if i.kind == IndicatorKind.AUTO else "",
                    i.get_rule_display(),
                    row.rule_text,
                    params_text(i),
                    "是" if i.is_veto else "否",
                    i.get_verification_display(),
                    "是" if i.evidence_required else "否",
                ]
            )
    return rows


def source_catalogue(query: str = "", section: str = "") -> list[IndicatorSource]:
    """Every registered indicator source, by section then order, matching `query` in key, label or description."""
    found = [
        s
        for s in indicator_sources
        if (not query or query in s.key or query in s.label or query in s.description)
        and (not section or s.section == section)
    ]
    return sorted(found, key=lambda s: (s.section == "", s.section, s.order, s.key))


SOURCE_KIND_LABELS = {
    "rate": "比率",
    "count": "数量",
    "amount": "金额",
    "hours": "时长",
    "days": "天数",
    "score": "得分",
}


def source_kind_label(source: IndicatorSource) -> str:
    """The source's kind as the catalogue prints it ("比率", not "rate")."""
    return SOURCE_KIND_LABELS.get(source.kind, source.kind)


def source_sections() -> list[str]:
    return sorted({s.section for s in indicator_sources if s.section})


def source_choices() -> list[tuple[str, str]]:
    return [(s.key, f"{s.label}（{s.key}，{s.unit}）") for s in source_catalogue()]

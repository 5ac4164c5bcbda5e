"""Forms of 评价方案 (part `schemes`): the list filters, a scheme (grade bands typed as lines "90 五星"), a dimension,
an indicator (its rule's parameters typed simply: thresholds as lines "90 10", a target, a per-event value, a floor, a
bound, a direction; `params()` gives them as `rules.clean_params` takes them), publishing and copying."""

import re
from typing import Any

from django import forms
from django.db.models import QuerySet

from ..choices import Direction, IndicatorKind, RuleKind, SchemeStatus, VerificationMethod
from ..models import Dimension
from ..rules import NO_DATA_FULL
from ..selectors.schemes import source_choices

_SPLIT = re.compile(r"[\s,，、:：→]+")


class SchemeFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
    status = forms.ChoiceField(required=False, choices=[("", "全部状态"), *SchemeStatus.choices])
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)


def _pairs(text: str, field: str, example: str, what: str) -> list[list[str]]:
    pairs: list[list[str]] = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = [p for p in _SPLIT.split(line) if p]
        if len(parts) != 2:
            raise forms.ValidationError(f"第{number}行应为“{what}”两项，如“{example}”", code=field)
        pairs.append(parts)
    return pairs


def bands_text(bands: list[list[Any]]) -> str:
    return "\n".join(f"{lowest} {grade}" for lowest, grade in bands or [])


class SchemeForm(forms.Form):
    org: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="制定单位", queryset=None, empty_label=None
    )
    title = forms.CharField(label="方案名称", max_length=200, help_text="如：2020年度基层工会工作量化考核")
    year = forms.IntegerField(label="考核年度", min_value=2000, max_value=2100)
    description = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    grade_bands = forms.CharField(
        label="等级划分",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="每行一个等级：最低分 等级，如“90 五星”；低于最后一行的仍为最后一个等级",
    )
    veto_grade = forms.CharField(
        label="否决项不达标时最高等级", max_length=20, help_text="必须是等级划分中的一个等级，如“一星”"
    )

    def __init__(self, *args: Any, orgs: QuerySet[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if orgs is None:
            del self.fields["org"]
        else:
            self.fields["org"].queryset = orgs  # type: ignore[attr-defined]

    def clean_grade_bands(self) -> list[list[str]]:
        bands = _pairs(self.cleaned_data["grade_bands"], "grade_bands", "90 五星", "最低分 等级")
        if not bands:
            raise forms.ValidationError("请至少填写一个等级，如“90 五星”")
        return bands


class DimensionForm(forms.Form):
    name = forms.CharField(label="一级指标名称", max_length=100, help_text="如：组织建设")
    points = forms.DecimalField(
        label="分值上限",
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=2,
        help_text="留空则为所含指标分值之和；加分项可设上限",
    )


class IndicatorForm(forms.Form):
    dimension = forms.ModelChoiceField(label="一级指标", queryset=Dimension.objects.none(), empty_label=None)
    number = forms.CharField(label="序号", max_length=20, required=False)
    name = forms.CharField(label="指标名称", max_length=200)
    standard = forms.CharField(label="考核标准", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    points = forms.DecimalField(label="分值", min_value=0, max_digits=6, decimal_places=2)
    kind = forms.ChoiceField(label="取数方式", choices=IndicatorKind.choices)
    source_key = forms.ChoiceField(
        label="数据来源", required=False, help_text="自动取数的指标必选，见下方指标库"
    )
    rule = forms.ChoiceField(label="计分规则", choices=RuleKind.choices)
    direction = forms.ChoiceField(
        label="方向",
        choices=Direction.choices,
        required=False,
        help_text="分档计分、达标判定：越高越好或越低越好",
    )
    steps = forms.CharField(
        label="分档",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="分档计分：每行“界值 得分”，如“90 10”“80 8”“70 5”",
    )
    target = forms.CharField(label="满分所需数值", required=False, help_text="按比例计分：取值达到此数得满分")
    per = forms.CharField(label="每次扣分/加分", required=False, help_text="逐项扣分、加分（封顶）")
    floor = forms.CharField(label="最低得分", required=False, help_text="逐项扣分：扣到此分为止，默认 0")
    bound = forms.CharField(label="达标界值", required=False, help_text="达标判定：达到此值为达标")
    no_data_full = forms.BooleanField(
        label="无此项业务数据时按满分计",
        required=False,
        help_text="自动取数：如本单位当年没有诉求，“诉求按期办结率”不扣分；不勾选则无数据得 0 分",
    )
    is_veto = forms.BooleanField(label="必备项（否决）", required=False, help_text="只能用达标判定或人工评分")
    verification = forms.ChoiceField(label="考核方式", choices=VerificationMethod.choices)
    evidence_required = forms.BooleanField(label="自评须上传佐证材料", required=False)

    def __init__(self, *args: Any, dimensions: QuerySet[Dimension], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dimension"].queryset = dimensions  # type: ignore[attr-defined]
        self.fields["source_key"].choices = [("", "（人工评分不选）"), *source_choices()]  # type: ignore[attr-defined]

    def clean_steps(self) -> list[list[str]]:
        return _pairs(self.cleaned_data["steps"], "steps", "90 10", "界值 得分")

    def params(self) -> dict[str, Any]:
        """The rule's parameters as `rules.clean_params` takes them (it checks them and keys errors by field)."""
        data = self.cleaned_data
        params = self._rule_params(data)
        if data.get("no_data_full") and data["rule"] != RuleKind.MANUAL:
            params["no_data"] = NO_DATA_FULL
        return params

    def _rule_params(self, data: dict[str, Any]) -> dict[str, Any]:
        rule = data["rule"]
        direction = data.get("direction") or Direction.AT_LEAST
        if rule == RuleKind.THRESHOLDS:
            return {"direction": direction, "steps": data.get("steps") or []}
        if rule == RuleKind.PROPORTIONAL:
            return {"target": data["target"]}
        if rule == RuleKind.DEDUCTION:
            return {"per": data["per"], "floor": data["floor"]}
        if rule == RuleKind.BONUS:
            return {"per": data["per"]}
        if rule == RuleKind.CHECK:
            return {"direction": direction, "bound": data["bound"]}
        return {}


def indicator_initial(indicator: Any) -> dict[str, Any]:
    params = indicator.params or {}
    return {
        "dimension": indicator.dimension_id,
        "number": indicator.number,
        "name": indicator.name,
        "standard": indicator.standard,
        "points": indicator.points,
        "kind": indicator.kind,
        "source_key": indicator.source_key,
        "rule": indicator.rule,
        "direction": params.get("direction", Direction.AT_LEAST),
        "steps": "\n".join(f"{bound} {got}" for bound, got in params.get("steps") or []),
        "target": params.get("target", ""),
        "per": params.get("per", ""),
        "floor": params.get("floor", ""),
        "bound": params.get("bound", ""),
        "no_data_full": params.get("no_data") == NO_DATA_FULL,
        "is_veto": indicator.is_veto,
        "verification": indicator.verification,
        "evidence_required": indicator.evidence_required,
    }


class CopyForm(forms.Form):
    year = forms.IntegerField(label="考核年度", min_value=2000, max_value=2100)
    title = forms.CharField(
        label="方案名称",
        max_length=200,
        required=False,
        help_text="留空则沿用原名称（名称中的年度随新年度替换）；同名方案的版本号自动加一",
    )


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel 文件", help_text="与“导出 Excel”的格式相同：每行一项指标")

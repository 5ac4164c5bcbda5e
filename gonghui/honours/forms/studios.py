"""Input shapes of 创新工作室 (part `studios`): the board filters, the application and edit form (the team one
person a line), a year's outputs, a funding tranche, an assessment and its conclusion, and 摘牌."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.ledger.models import BudgetLine
from gonghui.orgs.models import Org
from gonghui.reviews.models import ScoreSheetTemplate

from ..choices import AssessmentKind, AssessmentResult, StudioStatus, TrancheKind
from ..models import HonourCampaign, ModelWorker
from . import NamedErrorsForm

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


def _this_year() -> int:
    return timezone.localdate().year


class _NamedChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        if isinstance(obj, ModelWorker):
            return f"{obj.name}（{obj.title}，{obj.year}年）"
        if isinstance(obj, HonourCampaign):
            return f"{obj.year}年 · {obj.title}"
        if isinstance(obj, BudgetLine):
            return f"{obj.fund.year}年 {obj.fund.name} · {obj.purpose}"
        return str(getattr(obj, "name", obj))


class StudioFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
    status = forms.ChoiceField(required=False, choices=[("", "全部状态"), *StudioStatus.choices])
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)
    org = forms.IntegerField(required=False, min_value=1)


def parse_team(text: str) -> list[dict[str, str]]:
    """One member a line: 姓名 and 角色 separated by a space, a comma or a 顿号 (李护士 骨干)."""
    team: list[dict[str, str]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        for sep in ("，", ",", "、", "\t", " ", "　"):
            if sep in line:
                name, role = line.split(sep, 1)
                break
        else:
            name, role = line, ""
        team.append({"name": name.strip(), "role": role.strip()})
    return team


def team_text(team: list[dict[str, str]]) -> str:
    return "\n".join(f"{row.get('name', '')} {row.get('role', '')}".strip() for row in team)


class StudioForm(NamedErrorsForm):
    name = forms.CharField(
        label=_("工作室名称"), max_length=200, error_messages={"required": _("请填写工作室名称")}
    )
    field = forms.CharField(label=_("专业领域"), max_length=100, required=False)
    site = forms.CharField(label=_("场所"), max_length=200, required=False)
    team = forms.CharField(
        label=_("团队成员"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一人：姓名 角色，如“李护士 骨干”"),
    )
    plan = forms.CharField(
        label=_("建设方案"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("请填写建设方案")},
    )
    goals = forms.CharField(label=_("工作目标"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_team(self) -> list[dict[str, str]]:
        team = parse_team(self.cleaned_data.get("team", ""))
        if len(team) > 50:
            raise ValidationError(_("团队成员最多50人"))
        return team


class StudioApplyForm(StudioForm):
    org = _NamedChoice(
        label=_("申报单位"),
        queryset=Org.objects.none(),
        empty_label=None,
        error_messages={"required": _("请选择申报单位"), "invalid_choice": _("请选择您管理的工会")},
    )
    campaign = _NamedChoice(
        label=_("申报评选"),
        queryset=HonourCampaign.objects.none(),
        error_messages={"required": _("请选择申报的评选"), "invalid_choice": _("所选评选不存在或未开放申报")},
    )
    leader = _NamedChoice(
        label=_("领办人"),
        queryset=ModelWorker.objects.none(),
        help_text=_("须是劳模工匠名册中登记在册的劳模或工匠"),
        error_messages={"required": _("请选择领办人"), "invalid_choice": _("领办人须是登记在册的劳模或工匠")},
    )
    field_order = ("org", "campaign", "name", "leader", "field", "site", "team", "plan", "goals")

    def __init__(
        self,
        *args: Any,
        orgs: QuerySet[Org],
        campaigns: QuerySet[HonourCampaign],
        leaders: QuerySet[ModelWorker],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]
        self.fields["leader"].queryset = leaders  # type: ignore[attr-defined]


class OutputForm(NamedErrorsForm):
    year = forms.IntegerField(
        label=_("年度"), min_value=2000, max_value=2100, error_messages={"required": _("请填写年度")}
    )
    projects = forms.IntegerField(label=_("创新项目（项）"), min_value=0, initial=0)
    patents = forms.IntegerField(label=_("专利（项）"), min_value=0, initial=0)
    papers = forms.IntegerField(label=_("论文（篇）"), min_value=0, initial=0)
    benefit_yuan = forms.DecimalField(
        label=_("创造效益（元）"), min_value=0, max_digits=14, decimal_places=2, initial=0
    )
    apprentices = forms.IntegerField(label=_("培养徒弟（人）"), min_value=0, initial=0)
    summary = forms.CharField(label=_("主要成果"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class TrancheForm(NamedErrorsForm):
    kind = forms.ChoiceField(label=_("经费类别"), choices=TrancheKind.choices)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, initial=_this_year)
    amount = forms.DecimalField(
        label=_("金额（元）"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=_("不填按标准：新命名5万元，复核确认3万元"),
    )
    budget_line = _NamedChoice(
        label=_("经费来源"),
        queryset=BudgetLine.objects.none(),
        error_messages={"required": _("请选择经费来源"), "invalid_choice": _("请选择您可支配的预算科目")},
    )

    def __init__(self, *args: Any, lines: QuerySet[BudgetLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].queryset = lines  # type: ignore[attr-defined]


class AssessmentForm(NamedErrorsForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, initial=_this_year)
    kind = forms.ChoiceField(label=_("类别"), choices=AssessmentKind.choices)
    template = _NamedChoice(
        label=_("评分表"),
        queryset=ScoreSheetTemplate.objects.none(),
        required=False,
        empty_label=_("不使用评分表（结论时直接填写得分）"),
        help_text=_("选用评分表时建立专家评审，评委在“评审”页面打分"),
    )

    def __init__(self, *args: Any, templates: QuerySet[ScoreSheetTemplate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates  # type: ignore[attr-defined]


class DecideForm(NamedErrorsForm):
    result = forms.ChoiceField(label=_("结论"), choices=AssessmentResult.choices)
    score = forms.DecimalField(
        label=_("得分"),
        required=False,
        max_digits=8,
        decimal_places=3,
        help_text=_("使用评分表的，得分取专家评审结果"),
    )
    comments = forms.CharField(label=_("评价意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    rectify_by = forms.DateField(label=_("整改期限"), required=False, widget=DATE_INPUT)
    reason = forms.CharField(label=_("摘牌原因"), required=False, max_length=500)


class DelistForm(NamedErrorsForm):
    reason = forms.CharField(
        label=_("摘牌原因"), max_length=500, error_messages={"required": _("请填写摘牌原因")}
    )

"""Input shapes of the 考核 pages: the list's and the targets' filters, a new round, the 考核人 picker, a 复核申请
and its 答复. Shape only: the services check the rules."""

from collections.abc import Sequence
from typing import Any

from django import forms

from gonghui.accounts.models import User
from gonghui.orgs.choices import Industry, OrgLevel, UnitCategory
from gonghui.orgs.models import Org

from ..choices import RoundStatus, SelfStatus
from ..models import EvaluationScheme, Score

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CHECKBOXES = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
KEEP, ADJUST = "keep", "adjust"


def _date(label: str, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE,
        error_messages={"invalid": f"{label}格式不正确，请使用 年-月-日", "required": f"请填写{label}"},
    )


class RoundFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *RoundStatus.choices])

    def __init__(self, *args: Any, years: Sequence[int] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "全部年度"), *((y, f"{y}年度") for y in years)]  # type: ignore[attr-defined]


class TargetFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    self_status = forms.ChoiceField(
        label="自评状态", required=False, choices=[("", "全部自评状态"), *SelfStatus.choices]
    )
    grade = forms.ChoiceField(label="等级", required=False)
    peer_group = forms.ChoiceField(label="同类组", required=False)

    def __init__(
        self, *args: Any, grades: Sequence[str] = (), groups: Sequence[str] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = [("", "全部等级"), *((g, g) for g in grades)]  # type: ignore[attr-defined]
        self.fields["peer_group"].choices = [("", "全部同类组"), *((g, g) for g in groups)]  # type: ignore[attr-defined]


class RoundForm(forms.Form):
    org = forms.ModelChoiceField(
        label="组织单位",
        queryset=Org.objects.none(),
        empty_label=None,
        error_messages={"required": "请选择组织单位", "invalid_choice": "请选择您管理的工会"},
    )
    scheme = forms.ModelChoiceField(
        label="评价方案",
        queryset=EvaluationScheme.objects.none(),
        error_messages={"required": "请选择评价方案", "invalid_choice": "请选择本级或上级已发布的评价方案"},
    )
    title = forms.CharField(label="考核名称", max_length=200, error_messages={"required": "请填写考核名称"})
    level = forms.ChoiceField(
        label="被考核单位层级",
        choices=[c for c in OrgLevel.choices if c[0] != OrgLevel.CITY],
        initial=OrgLevel.GRASSROOTS,
        error_messages={"required": "请选择被考核单位的层级"},
    )
    unit_category = forms.ChoiceField(
        label="单位类别", required=False, choices=[("", "不限"), *UnitCategory.choices]
    )
    industry = forms.ChoiceField(label="所属行业", required=False, choices=[("", "不限"), *Industry.choices])
    period_start = _date("考核期间自")
    period_end = _date("考核期间至（取数截止日）")
    self_ends_on = _date("自评截止日")
    assessment_ends_on = _date("考核截止日")
    recheck_days = forms.IntegerField(
        label="复核期（工作日）",
        initial=5,
        min_value=1,
        max_value=30,
        error_messages={
            "required": "请填写复核期",
            "invalid": "复核期应为整数",
            "min_value": "复核期至少 1 个工作日",
            "max_value": "复核期最多 30 个工作日",
        },
    )

    def __init__(self, *args: Any, orgs: Any, schemes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["scheme"].queryset = schemes  # type: ignore[attr-defined]
        self.fields["scheme"].label_from_instance = lambda s: f"{s}（{s.year}年度 · {s.org.name}）"  # type: ignore[attr-defined]
        self.fields["period_start"].help_text = "留空则为方案年度的 1 月 1 日"
        self.fields["period_end"].help_text = "留空则为方案年度的 12 月 31 日；自动指标按此日的数据取数"


class UserChoiceField(forms.ModelMultipleChoiceField[User]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name or obj.username}（{obj.username}）"


class AssessorsForm(forms.Form):
    users = UserChoiceField(
        label="考核人",
        queryset=User.objects.none(),
        widget=CHECKBOXES,
        error_messages={"required": "请选择考核人", "invalid_choice": "考核人须为组织单位的工会干部"},
    )

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = users  # type: ignore[attr-defined]


class ScoreChoiceField(forms.ModelChoiceField[Score]):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.indicator)


class RecheckForm(forms.Form):
    score = ScoreChoiceField(
        label="复核项目",
        queryset=Score.objects.none(),
        required=False,
        empty_label="总分",
        error_messages={"invalid_choice": "请选择本单位的考核指标"},
    )
    reason = forms.CharField(
        label="复核理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "请填写复核理由"},
    )

    def __init__(self, *args: Any, scores: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["score"].queryset = scores  # type: ignore[attr-defined]


class RecheckDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="复核结论",
        choices=[(KEEP, "维持原分"), (ADJUST, "调整得分")],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择复核结论"},
    )
    score = ScoreChoiceField(
        label="调整的指标",
        queryset=Score.objects.none(),
        required=False,
        help_text="对总分的复核申请调整得分时选择",
        error_messages={"invalid_choice": "请选择该单位的考核指标"},
    )
    points = forms.DecimalField(
        label="调整后得分",
        required=False,
        max_digits=6,
        decimal_places=2,
        error_messages={"invalid": "调整后得分应为数字"},
    )
    reply = forms.CharField(
        label="复核答复",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "请填写复核答复"},
    )

    def __init__(self, *args: Any, scores: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["score"].queryset = scores  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == ADJUST and data.get("points") is None:
            self.add_error("points", "调整得分时请填写调整后得分")
        return data

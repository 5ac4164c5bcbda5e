"""Input shapes of the 建家考评 pages: the list's filters, a new assessment (组织单位, name, year, the standard —
blank for the union's 建家 standard — the self-check deadline and the 考评人) and the 参评单位 picker (all grassroots
unions below, or chosen ones, plus 考评人 added later). Shape only: the services check the rules."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.orgs.models import Org
from gonghui.reviews.models import ScoreSheetTemplate

from ..choices import HomeAssessmentStatus

CHECKBOXES = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ALL_GRASSROOTS = "all"
CHOSEN = "chosen"


class UserChoiceField(forms.ModelMultipleChoiceField[User]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name or obj.username}（{obj.username}）"


class HomeFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *HomeAssessmentStatus.choices]
    )

    def __init__(self, *args: Any, years: Sequence[int] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "全部年度"), *((y, f"{y}年") for y in years)]  # type: ignore[attr-defined]


class HomeAssessmentForm(forms.Form):
    org = forms.ModelChoiceField(
        label="考评单位",
        queryset=Org.objects.none(),
        empty_label=None,
        error_messages={"required": "请选择考评单位", "invalid_choice": "请选择您管理的工会"},
    )
    title = forms.CharField(label="考评名称", max_length=200, error_messages={"required": "请填写考评名称"})
    year = forms.IntegerField(
        label="年度", error_messages={"required": "请填写年度", "invalid": "年度应为四位数字年份"}
    )
    template = forms.ModelChoiceField(
        label="评分标准",
        queryset=ScoreSheetTemplate.objects.none(),
        required=False,
        empty_label="模范职工之家建设标准（自查评分表，默认）",
        help_text="留空则使用本单位的建家标准（首次使用时按默认标准创建，可在“评分表模板”中调整）",
        error_messages={"invalid_choice": "请选择您可使用的评分表模板"},
    )
    self_check_deadline = forms.DateField(
        label="自评截止日期",
        required=False,
        widget=DATE,
        error_messages={"invalid": "自评截止日期格式不正确，请使用 年-月-日"},
    )
    assessors = UserChoiceField(
        label="考评人",
        queryset=User.objects.none(),
        required=False,
        widget=CHECKBOXES,
        help_text="考评单位的工会干部，在“我的评审”中为各单位打分；也可稍后在“参评单位”页添加",
        error_messages={"invalid_choice": "考评人须为考评单位的工会干部"},
    )

    def __init__(self, *args: Any, orgs: Any, templates: Any, assessors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["template"].queryset = templates  # type: ignore[attr-defined]
        self.fields["assessors"].queryset = assessors  # type: ignore[attr-defined]
        self.fields["template"].label_from_instance = lambda t: f"{t.name}（{t.org.name}）"  # type: ignore[attr-defined]

    @staticmethod
    def initial_new() -> dict[str, Any]:
        year = timezone.localdate().year
        return {"year": year, "title": f"{year}年度模范职工之家建设自查考评"}


class HomeUnitsForm(forms.Form):
    scope = forms.ChoiceField(
        label="参评单位",
        choices=[(ALL_GRASSROOTS, "下级全部基层工会"), (CHOSEN, "选定的工会")],
        initial=CHOSEN,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    orgs = forms.ModelMultipleChoiceField(
        label="选定的工会",
        queryset=Org.objects.none(),
        required=False,
        widget=CHECKBOXES,
        error_messages={"invalid_choice": "请选择本单位的下级工会"},
    )
    assessors = UserChoiceField(
        label="考评人",
        queryset=User.objects.none(),
        required=False,
        widget=CHECKBOXES,
        error_messages={"invalid_choice": "考评人须为考评单位的工会干部"},
    )

    def __init__(self, *args: Any, orgs: Any, all_grassroots: Any, assessors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["orgs"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["assessors"].queryset = assessors  # type: ignore[attr-defined]
        self.all_grassroots = all_grassroots

    def chosen_orgs(self) -> list[Org]:
        if self.cleaned_data.get("scope") == ALL_GRASSROOTS:
            return list(self.all_grassroots)
        return list(self.cleaned_data.get("orgs") or [])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("scope") == CHOSEN and not data.get("orgs") and not data.get("assessors"):
            self.add_error("orgs", "请选择参评单位或考评人")
        return data

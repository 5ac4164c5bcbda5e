"""Forms of part design: the list's filters, the survey's settings (the member filter itself is members'
`MemberFilterForm`, shown beside it), a question (options and matrix rows one per line; the skip logic as a choice
among the options of the earlier single, multiple and scale questions) and a question's move."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from gonghui.members.models import TargetList
from gonghui.orgs.models import Org
from gonghui.responses.choices import Attribute

from ..choices import SurveyMode, SurveyQuestionKind, SurveyStatus, TargetKind
from ..models import SurveyQuestion
from ..selectors.design import CONDITION_KINDS, year_choices

CHECKBOXES = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
UNIT_DEPTHS = [
    (1, "第 1 级（市级工会）"),
    (2, "第 2 级（县区工会）"),
    (3, "第 3 级（基层工会）"),
    (4, "第 4 级（分工会）"),
]
CONDITION_SEPARATOR = "::"


class SurveyFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=50)
    status = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部状态"), *SurveyStatus.choices],
        widget=forms.Select(attrs={"aria-label": "状态"}),
    )
    mode = forms.ChoiceField(
        label="填写方式",
        required=False,
        choices=[("", "全部方式"), *SurveyMode.choices],
        widget=forms.Select(attrs={"aria-label": "填写方式"}),
    )
    year = forms.TypedChoiceField(
        label="年度",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"aria-label": "年度"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "全部年度"), *((y, f"{y}年") for y in year_choices())]  # type: ignore[attr-defined]


class SurveyForm(forms.Form):
    org = forms.ModelChoiceField(
        label="发起工会",
        queryset=Org.objects.none(),
        error_messages={"required": "请选择发起工会", "invalid_choice": "发起工会不在您管理的范围内"},
    )
    title = forms.CharField(label="问卷标题", max_length=80, error_messages={"required": "请填写问卷标题"})
    intro = forms.CharField(
        label="问卷说明",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="显示在问卷开头：调查目的、填写需要的时间等",
    )
    topic = forms.CharField(
        label="调查主题", required=False, max_length=40, help_text="如：思想状况、职业倦怠"
    )
    mode = forms.ChoiceField(
        label="填写方式",
        choices=SurveyMode.choices,
        initial=SurveyMode.ANONYMOUS,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        help_text="匿名：答案与填写人分开保存，任何人都无法查看某人的答卷；实名：可看到每位会员的答卷",
    )
    opens_at = forms.DateTimeField(
        label="开始时间",
        required=False,
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        help_text="不填则发布时开始",
        error_messages={"invalid": "开始时间格式不正确"},
    )
    closes_at = forms.DateTimeField(
        label="截止时间",
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        help_text="到时自动结束收集",
        error_messages={"required": "请填写截止时间", "invalid": "截止时间格式不正确"},
    )
    target_kind = forms.ChoiceField(
        label="调查对象",
        choices=TargetKind.choices,
        initial=TargetKind.FILTER,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        help_text="按条件筛选与随机抽样都从下方“会员条件”筛出的会员中确定",
    )
    target_list = forms.ModelChoiceField(
        label="目标名单",
        required=False,
        queryset=TargetList.objects.none(),
        empty_label="（调查对象为目标名单时选择）",
        error_messages={"invalid_choice": "该名单不可选用"},
    )
    sample_per_union = forms.IntegerField(
        label="每个基层工会抽取人数",
        required=False,
        min_value=1,
        max_value=1000,
        help_text="按工会随机抽样时填写；不足该人数的工会全部抽取。发布时以新的随机种子抽取并记录种子",
        error_messages={
            "min_value": "每个基层工会抽取人数至少 1 人",
            "max_value": "每个基层工会抽取人数不能超过 1000",
            "invalid": "每个基层工会抽取人数请填写整数",
        },
    )
    attributes = forms.MultipleChoiceField(
        label="交叉分析属性（匿名问卷）",
        required=False,
        choices=Attribute.choices,
        widget=CHECKBOXES,
        help_text="匿名答卷只保留所选的粗略属性，且只在组合人数不少于 10 人时保留，其余记为“其他”；实名问卷从会员信息读取",
    )
    unit_depth = forms.TypedChoiceField(
        label="“所在单位”按哪一级统计",
        choices=UNIT_DEPTHS,
        coerce=int,
        initial=2,
        error_messages={"invalid_choice": "请选择所在单位的级别"},
    )

    def __init__(
        self,
        *args: Any,
        orgs: QuerySet[Org] | None = None,
        target_lists: QuerySet[TargetList] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if orgs is None:
            del self.fields["org"]
        else:
            self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        if target_lists is not None:
            self.fields["target_list"].queryset = target_lists  # type: ignore[attr-defined]
            self.fields["target_list"].label_from_instance = lambda tl: f"{tl.name}（{tl.org.name}）"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("target_kind")
        if (
            kind == TargetKind.TARGET_LIST
            and not data.get("target_list")
            and "target_list" not in self.errors
        ):
            self.add_error("target_list", "调查对象为目标名单时，请选择目标名单")
        if (
            kind == TargetKind.SAMPLE
            and not data.get("sample_per_union")
            and "sample_per_union" not in self.errors
        ):
            self.add_error("sample_per_union", "按工会随机抽样时，请填写每个基层工会抽取人数")
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "截止时间应晚于开始时间")
        return data


def lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label="题型", choices=SurveyQuestionKind.choices, initial=SurveyQuestionKind.SINGLE
    )
    text = forms.CharField(label="题目", max_length=200, error_messages={"required": "请填写题目"})
    help_text = forms.CharField(label="填写说明", required=False, max_length=200)
    options = forms.CharField(
        label="选项（单选、多选、矩阵的列）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="每行一个选项；矩阵题为每一行共用的选项，如“满意、一般、不满意”",
    )
    rows = forms.CharField(
        label="矩阵的行",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="矩阵题填写：每行一个评价项目，如“薪酬待遇”",
    )
    scale_min = forms.IntegerField(
        label="量表最小值",
        min_value=0,
        max_value=9,
        initial=1,
        error_messages={"required": "请填写量表最小值", "invalid": "量表最小值请填写整数"},
    )
    scale_max = forms.IntegerField(
        label="量表最大值",
        min_value=1,
        max_value=10,
        initial=5,
        error_messages={"required": "请填写量表最大值", "invalid": "量表最大值请填写整数"},
    )
    scale_low = forms.CharField(
        label="量表最小值说明", required=False, max_length=20, help_text="如：很不满意"
    )
    scale_high = forms.CharField(
        label="量表最大值说明", required=False, max_length=20, help_text="如：非常满意"
    )
    required = forms.BooleanField(label="必答", required=False, initial=True)
    show_if = forms.MultipleChoiceField(
        label="显示条件（跳题）",
        required=False,
        widget=CHECKBOXES,
        help_text="不选则总是显示；选择前面某一道题的选项后，只有会员选了其中之一时才显示本题",
    )

    def __init__(self, *args: Any, earlier: list[SurveyQuestion] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, str]] = []
        for question in earlier or ():
            if question.kind not in CONDITION_KINDS:
                continue
            values = (
                [str(p) for p in range(question.scale_min, question.scale_max + 1)]
                if question.kind == SurveyQuestionKind.SCALE
                else list(question.options)
            )
            choices.extend(
                (
                    f"{question.key}{CONDITION_SEPARATOR}{value}",
                    f"第{question.order}题“{question.text}”选“{value}”",
                )
                for value in values
            )
        self.fields["show_if"].choices = choices  # type: ignore[attr-defined]
        if not choices:
            self.fields["show_if"].help_text = "前面还没有单选、多选或量表题，本题总是显示"

    @staticmethod
    def initial_for(question: SurveyQuestion) -> dict[str, Any]:
        condition = question.show_if or {}
        labels = list(question.scale_labels or []) + ["", ""]
        return {
            "kind": question.kind,
            "text": question.text,
            "help_text": question.help_text,
            "options": "\n".join(question.options or []),
            "rows": "\n".join(question.rows or []),
            "scale_min": question.scale_min,
            "scale_max": question.scale_max,
            "scale_low": labels[0],
            "scale_high": labels[1],
            "required": question.required,
            "show_if": [
                f"{condition['question']}{CONDITION_SEPARATOR}{value}"
                for value in condition.get("options") or ()
            ]
            if condition.get("question")
            else [],
        }

    def clean_show_if(self) -> dict[str, Any]:
        chosen = self.cleaned_data.get("show_if") or []
        if not chosen:
            return {}
        pairs = [value.split(CONDITION_SEPARATOR, 1) for value in chosen]
        keys = {key for key, _ in pairs}
        if len(keys) != 1:
            raise forms.ValidationError("显示条件只能选择同一道题的选项")
        return {"question": keys.pop(), "options": [value for _, value in pairs]}


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "上移"), ("down", "下移")])

"""Forms of part analysis: the list filters, a new analysis (union, period, cited surveys), editing the text, and
drafting again (period, cited surveys). They check shape only; the service checks the union and each survey."""

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone

from ..choices import AnalysisStatus
from ..models import Survey


class AnalysisFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *AnalysisStatus.choices]
    )
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None, choices=[])

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["year"])
        field.choices = [("", "全部年度"), *[(y, f"{y}年") for y in years]]


class _OrgChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class _SurveyChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        closed = obj.closed_at or obj.closes_at
        when = f"{timezone.localdate(closed):%Y年%-m月%-d日}结束" if closed else "已结束"
        return f"{obj.title}（{obj.org.name}，{obj.get_mode_display()}，{when}）"


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _PeriodForm(forms.Form):
    period_start = forms.DateField(
        label="起始日期",
        widget=DATE,
        error_messages={"required": "请填写起始日期", "invalid": "起始日期格式不正确"},
    )
    period_end = forms.DateField(
        label="截止日期",
        widget=DATE,
        error_messages={"required": "请填写截止日期", "invalid": "截止日期格式不正确"},
    )
    surveys = _SurveyChoice(
        label="引用的问卷",
        queryset=Survey.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="可选本工会及下级工会在本期内收集、已结束的问卷；答卷不足10份的问卷只列出回收情况",
    )

    def __init__(self, *args: Any, surveys: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(_SurveyChoice, self.fields["surveys"]).queryset = surveys
        if not surveys.exists():
            self.fields["surveys"].help_text = (
                "目前没有可引用的问卷（须是本工会或下级工会已结束收集的问卷）；不引用问卷也可以生成初稿，"
                "第三部分将写明本期未引用问卷调查"
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "截止日期不能早于起始日期")
        return data


class AnalysisCreateForm(_PeriodForm):
    org = _OrgChoice(label="工会", queryset=None, empty_label=None)  # type: ignore[arg-type]
    title = forms.CharField(
        label="标题",
        required=False,
        max_length=80,
        help_text="不填则按工会和期间生成，如“某某工会2020年职工诉求与思想状况分析”",
    )
    field_order = ("org", "title", "period_start", "period_end", "surveys")

    def __init__(self, *args: Any, orgs: Any, surveys: Any, **kwargs: Any) -> None:
        today = timezone.localdate()
        kwargs.setdefault("initial", {"period_start": dt.date(today.year, 1, 1), "period_end": today})
        super().__init__(*args, surveys=surveys, **kwargs)
        cast(_OrgChoice, self.fields["org"]).queryset = orgs


class AnalysisRedraftForm(_PeriodForm):
    pass


class AnalysisEditForm(forms.Form):
    title = forms.CharField(label="标题", max_length=80, error_messages={"required": "请填写标题"})
    body = forms.CharField(
        label="正文",
        widget=forms.Textarea(attrs={"rows": 24}),
        error_messages={"required": "请填写正文"},
        help_text="以“一、”“二、”等开头的短行作为小标题；印发后不能再修改",
    )

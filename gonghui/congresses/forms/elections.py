"""Forms of part elections (换届): the term list's filters and one form per step."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org

from ..choices import ElectionStatus
from ..selectors.elections import STATE_DUE, STATE_OVERDUE

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TAB_TERMS, TAB_RECORDS = "terms", "records"


class TermFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=50)
    county = forms.ModelChoiceField(
        label="地区", queryset=Org.objects.none(), required=False, empty_label="全部地区"
    )
    level = forms.ChoiceField(label="层级", required=False, choices=[("", "全部层级"), *OrgLevel.choices])
    state = forms.ChoiceField(
        label="任期",
        required=False,
        choices=[("", "已届满和即将届满"), (STATE_OVERDUE, "已超期"), (STATE_DUE, "180天内届满")],
    )

    def __init__(self, *args: Any, counties: QuerySet[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties  # type: ignore[attr-defined]


class RecordFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=50)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *ElectionStatus.choices]
    )


class StartForm(forms.Form):
    note = forms.CharField(
        label="备注",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="如换届工作方案、筹备组成员等",
    )


class RequestForm(forms.Form):
    requested_on = forms.DateField(
        label="报送换届请示日期",
        widget=DATE,
        error_messages={"required": "请填写报送换届请示日期", "invalid": "报送换届请示日期格式不正确"},
    )


class ApproveForm(forms.Form):
    approved_on = forms.DateField(
        label="批复日期",
        widget=DATE,
        error_messages={"required": "请填写批复日期", "invalid": "批复日期格式不正确"},
    )
    reference = forms.CharField(
        label="批复文号",
        max_length=60,
        help_text="如 某工发〔2025〕12号",
        error_messages={"required": "请填写批复文号", "max_length": "批复文号不能超过60个字"},
    )


class ResultForm(forms.Form):
    elected_on = forms.DateField(
        label="选举日期",
        widget=DATE,
        error_messages={"required": "请填写选举日期", "invalid": "选举日期格式不正确"},
    )
    term_started_on = forms.DateField(
        label="新一届任期开始",
        widget=DATE,
        error_messages={"required": "请填写新一届任期开始日期", "invalid": "任期开始日期格式不正确"},
    )
    term_ends_on = forms.DateField(
        label="新一届任期届满",
        widget=DATE,
        help_text="基层工会委员会每届任期三年至五年",
        error_messages={"required": "请填写新一届任期届满日期", "invalid": "任期届满日期格式不正确"},
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="取消原因",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写取消原因", "max_length": "取消原因不能超过500个字"},
    )

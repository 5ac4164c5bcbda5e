"""Forms of 困难职工帮扶 — part `cycle`: the 复核到期 filters, 年度复核, 脱困, 注销, the follow-up record and the
statistics' year. Shape only: the rules are the services'."""

from typing import Any

from django import forms

from ..choices import CloseReason, FollowUpOutcome, ReviewOutcome
from ..selectors.cycle import DUE_FILTERS, STATS_CLASSES

KIND_REVIEWS = "reviews"
KIND_FOLLOW_UPS = "follow_ups"


def _required(label: str, verb: str = "请填写") -> dict[str, str]:
    return {"required": f"{verb}{label}", "invalid_choice": f"请从列表中选择{label}"}


class DueFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=50)
    due = forms.ChoiceField(label="到期情况", required=False, choices=[("", "全部到期情况"), *DUE_FILTERS])
    decided_class = forms.ChoiceField(
        label="类别",
        required=False,
        choices=[("", "全部类别"), *[(c.value, c.label) for c in STATS_CLASSES]],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "q":
                field.widget.attrs.update({"class": "form-select", "aria-label": str(field.label)})


class AnnualReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label="复核结果",
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages=_required("复核结果", "请选择"),
    )
    new_class = forms.ChoiceField(
        label="调整后的类别",
        required=False,
        choices=[("", "—"), *[(c.value, c.label) for c in STATS_CLASSES]],
        help_text="复核结果为“调整类别”时选择",
        error_messages=_required("调整后的类别", "请选择"),
    )
    reason = forms.ChoiceField(
        label="注销原因",
        required=False,
        choices=[("", "—"), *CloseReason.choices],
        help_text="复核结果为“注销”时选择",
        error_messages=_required("注销原因", "请选择"),
    )
    note = forms.CharField(
        label="复核说明",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="调整类别、脱困、注销时必填；只记在复核记录中，注销后到期清除",
        error_messages={"max_length": "复核说明不能超过 %(limit_value)d 个字"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == ReviewOutcome.CLOSE and not data.get("reason"):
            self.add_error("reason", "请选择注销原因")
        return data


class LiftForm(forms.Form):
    note = forms.CharField(
        label="脱困情况说明",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            **_required("脱困情况说明"),
            "max_length": "脱困情况说明不能超过 %(limit_value)d 个字",
        },
    )


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label="注销原因",
        choices=[("", "—"), *CloseReason.choices],
        error_messages=_required("注销原因", "请选择"),
    )
    note = forms.CharField(
        label="注销说明",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="原因为“其他”时必填",
        error_messages={"max_length": "注销说明不能超过 %(limit_value)d 个字"},
    )


class FollowUpForm(forms.Form):
    done_on = forms.DateField(
        label="回访日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "请填写回访日期", "invalid": "回访日期格式不正确，请选择日期"},
    )
    outcome = forms.ChoiceField(
        label="回访结果",
        choices=FollowUpOutcome.choices,
        widget=forms.RadioSelect,
        error_messages=_required("回访结果", "请选择"),
    )
    note = forms.CharField(
        label="回访记录",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="结果不是“生活稳定”时必填",
        error_messages={"max_length": "回访记录不能超过 %(limit_value)d 个字"},
    )


class StatsYearForm(forms.Form):
    year = forms.TypedChoiceField(label="建档年度", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["year"]
        field.choices = [(y, f"{y}年") for y in years]
        field.widget.attrs.update({"class": "form-select", "aria-label": "建档年度"})

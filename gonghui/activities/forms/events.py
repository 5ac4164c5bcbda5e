"""Forms of part events: the list's filters, the activity form (its audience criteria come from the members filter
form, posted in the same <form>), the cancellation reason, the spending form and the statistics' choice of union
and year. Shape and single-field messages only: the services check the rules between fields."""

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.ledger.models import BudgetLine

from ..audiences import audience_choices
from ..choices import ActivityKind, ActivityStatus
from ..selectors.events import WHEN_CHOICES

CENT = Decimal("0.01")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _labelled(form: forms.Form) -> None:
    for field in form.fields.values():
        field.widget.attrs["aria-label"] = field.label


def _when(label: str, *, required: bool = True, help_text: str = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=DATETIME,
        help_text=help_text,
        error_messages={"required": f"请填写{label}", "invalid": f"{label}格式不正确"},
    )


def _count(label: str, *, min_value: int, max_value: int, initial: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=min_value,
        max_value=max_value,
        initial=initial,
        error_messages={
            "required": f"请填写{label}",
            "invalid": f"{label}请填写整数",
            "min_value": f"{label}不能小于 {min_value}",
            "max_value": f"{label}不能大于 {max_value}",
        },
    )


class ActivityFilterForm(forms.Form):
    q = forms.CharField(label=_("活动名称或地点"), required=False, max_length=50)
    kind = forms.ChoiceField(
        label=_("活动类型"), required=False, choices=[("", _("全部类型")), *ActivityKind.choices]
    )
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *ActivityStatus.choices]
    )
    org = forms.ChoiceField(label=_("主办工会"), required=False)
    month = forms.CharField(
        label=_("开始月份"), required=False, widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    )
    when = forms.ChoiceField(label=_("时间"), required=False, choices=[("", _("全部时间")), *WHEN_CHOICES])

    def __init__(self, *args: Any, orgs: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [("", _("全部工会")), *orgs]  # type: ignore[attr-defined]
        _labelled(self)


class LineChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        remaining = getattr(obj, "remaining", None)
        left = f"（余 {Decimal(remaining).quantize(CENT)} 元）" if remaining is not None else ""
        return f"{obj.fund.org.name} · {obj.fund} · {obj}{left}"


class ActivityForm(forms.Form):
    org = forms.ChoiceField(
        label=_("主办工会"),
        help_text=_("本人可组织活动的工会；保存后不可更改"),
        error_messages={"required": _("请选择主办工会"), "invalid_choice": _("所选主办工会不可用")},
    )
    title = forms.CharField(
        label=_("活动名称"),
        max_length=100,
        help_text=_("如“教职工羽毛球赛”“送教下乡”"),
        error_messages={"required": _("请填写活动名称"), "max_length": _("活动名称不能超过 100 个字")},
    )
    kind = forms.ChoiceField(
        label=_("活动类型"),
        choices=ActivityKind.choices,
        error_messages={"required": _("请选择活动类型"), "invalid_choice": _("请选择活动类型")},
    )
    place = forms.CharField(
        label=_("地点"),
        max_length=200,
        error_messages={"required": _("请填写活动地点"), "max_length": _("活动地点不能超过 200 个字")},
    )
    starts_at = _when("开始时间")
    ends_at = _when("结束时间")
    description = forms.CharField(
        label=_("活动内容"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    contact = forms.CharField(
        label=_("联系人及电话"),
        required=False,
        max_length=100,
        error_messages={"max_length": _("联系人及电话不能超过 100 个字")},
    )
    audience_key = forms.ChoiceField(
        label=_("参加对象范围"),
        help_text=_("默认为主办工会及下级工会的在籍会员，可在下方按条件筛选"),
        error_messages={"required": _("请选择参加对象范围"), "invalid_choice": _("请选择参加对象范围")},
    )
    signup_required = forms.BooleanField(label=_("需要报名"), required=False, initial=True)
    signup_opens_at = _when("报名开始", required=False, help_text="留空表示发布后即可报名")
    signup_closes_at = _when("报名截止", required=False, help_text="留空表示活动结束前均可报名")
    capacity = forms.IntegerField(
        label=_("名额"),
        required=False,
        min_value=1,
        help_text=_("留空表示不限"),
        error_messages={"invalid": _("名额请填写整数"), "min_value": _("名额至少为 1；不限名额请留空")},
    )
    waitlist = forms.BooleanField(label=_("名额满后可候补"), required=False, initial=True)
    approval_required = forms.BooleanField(label=_("报名需审核"), required=False)
    cancel_cutoff = _when("取消报名截止", required=False, help_text="留空表示活动开始前均可取消")
    reminder_hours = _count("开始前提醒（小时）", min_value=0, max_value=720, initial=24)
    late_after_minutes = _count("迟到判定（分钟）", min_value=0, max_value=600, initial=15)
    checkout_required = forms.BooleanField(label=_("需要签退"), required=False)
    budget = forms.DecimalField(
        label=_("活动预算（元）"),
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal(0),
        help_text=_("留空表示不设预算；设了预算才能登记支出"),
        error_messages={
            "invalid": _("活动预算请填写数字"),
            "min_value": _("活动预算不能为负数"),
            "max_decimal_places": _("活动预算最多两位小数"),
            "max_digits": _("活动预算过大"),
        },
    )
    budget_line = LineChoice(
        label=_("经费预算科目"),
        required=False,
        queryset=BudgetLine.objects.none(),
        help_text=_("主办工会经费中的预算科目，可不选"),
        error_messages={"invalid_choice": _("所选预算科目不可用")},
    )

    def __init__(
        self,
        *args: Any,
        orgs: list[tuple[str, str]] | None,
        lines: QuerySet[BudgetLine],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if orgs is None:
            del self.fields["org"]  # a saved activity keeps its union
        else:
            self.fields["org"].choices = orgs  # type: ignore[attr-defined]
        self.fields["audience_key"].choices = audience_choices()  # type: ignore[attr-defined]
        self.fields["budget_line"].queryset = lines  # type: ignore[attr-defined]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("取消原因"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("将通知已报名的会员"),
        error_messages={"required": _("请填写取消原因"), "max_length": _("取消原因不能超过 200 个字")},
    )


class SpendingForm(forms.Form):
    amount = forms.DecimalField(
        label=_("金额（元）"),
        max_digits=12,
        decimal_places=2,
        min_value=CENT,
        error_messages={
            "required": _("请填写支出金额"),
            "invalid": _("支出金额请填写数字"),
            "min_value": _("支出金额必须大于 0"),
            "max_decimal_places": _("支出金额最多两位小数"),
            "max_digits": _("支出金额过大"),
        },
    )
    purpose = forms.CharField(
        label=_("用途"),
        max_length=100,
        help_text=_("如“场地费”“奖品”"),
        error_messages={"required": _("请填写用途"), "max_length": _("用途不能超过 100 个字")},
    )
    spent_on = forms.DateField(
        label=_("支出日期"),
        widget=DATE,
        error_messages={"required": _("请填写支出日期"), "invalid": _("支出日期格式不正确")},
    )
    voucher = forms.CharField(
        label=_("凭证号"),
        required=False,
        max_length=50,
        error_messages={"max_length": _("凭证号不能超过 50 个字")},
    )


class StatsForm(forms.Form):
    org = forms.ChoiceField(label=_("工会"), required=False)
    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, orgs: list[tuple[str, str]], years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = orgs  # type: ignore[attr-defined]
        self.fields["year"].choices = [(y, f"{y}年") for y in years]  # type: ignore[attr-defined]
        _labelled(self)

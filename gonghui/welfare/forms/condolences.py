"""Forms of 慰问 standards, payments and visits (part `condolences`): the standard form, the list's filters, the
payment form (with the optional visit fields), the visit form (its occasion follows the 慰问's) and the reason of a
reversal. Shape only: the services check the standards and the rules."""

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gonghui.ledger.models import BudgetLine
from gonghui.orgs.models import Org
from gonghui.visits.forms import VisitForm

from ..choices import CondolenceOccasion

CENT = Decimal("0.01")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _money_errors(label: str) -> dict[str, Any]:
    return {
        "required": format_lazy("请填写{}", label),
        "invalid": format_lazy("{}请填写数字", label),
        "min_value": format_lazy("{}必须大于0", label),
        "max_decimal_places": format_lazy("{}最多两位小数", label),
        "max_digits": format_lazy("{}过大", label),
    }


class StandardForm(forms.Form):
    org = forms.ModelChoiceField(
        label=_("制定工会"),
        queryset=Org.objects.none(),
        error_messages={"required": _("请选择制定工会"), "invalid_choice": _("所选工会不可用")},
    )
    occasion = forms.ChoiceField(
        label=_("慰问事由"),
        choices=CondolenceOccasion.choices,
        error_messages={"required": _("请选择慰问事由"), "invalid_choice": _("请选择慰问事由")},
    )
    max_amount = forms.DecimalField(
        label=_("标准上限（元）"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages=_money_errors("标准上限"),
    )
    times_per_year = forms.IntegerField(
        label=_("每人每年次数上限"),
        required=False,
        min_value=1,
        max_value=99,
        help_text=_("留空表示不限次数；次数按事由发生日期所在自然年计算"),
        error_messages={
            "invalid": _("每人每年次数上限请填写整数"),
            "min_value": _("每人每年次数上限至少为 1 次；不限次数请留空"),
            "max_value": _("每人每年次数上限不能超过 99 次"),
        },
    )
    effective_from = forms.DateField(
        label=_("执行日期"),
        widget=DATE,
        help_text=_("事由发生日期在此日期及以后的慰问按本标准核对"),
        error_messages={"required": _("请填写执行日期"), "invalid": _("执行日期格式不正确")},
    )
    basis = forms.CharField(
        label=_("依据"),
        required=False,
        max_length=200,
        help_text=_("如：焦教工〔2020〕3号"),
        error_messages={"max_length": _("依据不能超过 200 个字")},
    )

    def __init__(self, *args: Any, orgs: QuerySet[Org] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if orgs is None:
            del self.fields["org"]  # a saved standard keeps its union
        else:
            self.fields["org"].queryset = orgs  # type: ignore[attr-defined]


class StandardFilterForm(forms.Form):
    org = forms.TypedChoiceField(label=_("制定工会"), required=False, coerce=int, empty_value=None)
    occasion = forms.ChoiceField(
        label=_("慰问事由"), required=False, choices=[("", _("全部事由")), *CondolenceOccasion.choices]
    )

    def __init__(self, *args: Any, orgs: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [("", _("全部工会")), *orgs]  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = field.label


class PaymentFilterForm(forms.Form):
    q = forms.CharField(label=_("姓名、手机号或会员编号"), required=False, max_length=50)
    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)
    occasion = forms.ChoiceField(
        label=_("慰问事由"), required=False, choices=[("", _("全部事由")), *CondolenceOccasion.choices]
    )
    org = forms.TypedChoiceField(label=_("慰问工会"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, years: list[int], orgs: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部年度")), *((y, f"{y}年") for y in years)]  # type: ignore[attr-defined]
        self.fields["org"].choices = [("", _("全部慰问工会")), *orgs]  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = field.label


class LineChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        remaining = getattr(obj, "remaining", None)
        left = f"（余 {Decimal(remaining).quantize(CENT)} 元）" if remaining is not None else ""
        return f"{obj.fund.org.name} · {obj}{left}"


class PaymentForm(forms.Form):
    member = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": _("请先查找并选择慰问对象"), "invalid": _("请先查找并选择慰问对象")},
    )
    org = forms.ModelChoiceField(
        label=_("慰问工会"),
        queryset=Org.objects.none(),
        error_messages={"required": _("请选择慰问工会"), "invalid_choice": _("所选工会不可用")},
    )
    occasion = forms.ChoiceField(
        label=_("慰问事由"),
        choices=CondolenceOccasion.choices,
        error_messages={"required": _("请选择慰问事由"), "invalid_choice": _("请选择慰问事由")},
    )
    event_date = forms.DateField(
        label=_("事由发生日期"),
        widget=DATE,
        help_text=_("如住院日期、去世日期、退休日期；按此日期确定适用的慰问标准和年度次数"),
        error_messages={"required": _("请填写事由发生日期"), "invalid": _("事由发生日期格式不正确")},
    )
    amount = forms.DecimalField(
        label=_("慰问金额（元）"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages=_money_errors("慰问金额"),
    )
    budget_line = LineChoice(
        label=_("资金来源（预算科目）"),
        queryset=BudgetLine.objects.none(),
        help_text=_("慰问工会经费中您可支付的预算科目；经资金发放台账支付"),
        error_messages={"required": _("请选择资金来源"), "invalid_choice": _("所选预算科目不可用")},
    )
    note = forms.CharField(
        label=_("备注"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("备注不能超过 200 个字")},
    )
    visited_on = forms.DateField(
        label=_("走访日期"),
        required=False,
        widget=DATE,
        error_messages={"invalid": _("走访日期格式不正确")},
    )
    visitors = forms.CharField(
        label=_("走访人员"),
        required=False,
        max_length=200,
        help_text=_("如：王主席、李干事；不登记走访请留空"),
        error_messages={"max_length": _("走访人员不超过 200 字")},
    )
    content = forms.CharField(
        label=_("走访情况"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    gifts = forms.CharField(
        label=_("慰问物品"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("慰问物品不超过 200 字")},
    )

    visit_fields = ("visited_on", "visitors", "content", "gifts")

    def __init__(self, *args: Any, orgs: QuerySet[Org], lines: QuerySet[BudgetLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["budget_line"].queryset = lines  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [name for name in self.visit_fields if data.get(name)]
        if given:
            if not data.get("visited_on") and "visited_on" not in self.errors:
                self.add_error("visited_on", _("登记走访请填写走访日期"))
            if not (data.get("visitors") or "").strip() and "visitors" not in self.errors:
                self.add_error("visitors", _("登记走访请填写走访人员"))
        return data

    def has_visit(self) -> bool:
        return bool(self.cleaned_data.get("visited_on") and (self.cleaned_data.get("visitors") or "").strip())

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in (*self.visit_fields, "member")]

    def visit_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.visit_fields]


class PaymentVisitForm(VisitForm):
    """The visit of a payment: its occasion follows the 慰问's occasion."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["occasion"]
        self.fields["gifts"].help_text = ""
        self.fields["visited_on"].widget = DATE


class ReverseForm(forms.Form):
    reason = forms.CharField(
        label=_("冲销原因"),
        max_length=200,
        help_text=_("如：金额登记错误、重复发放；冲销后原记录保留并显示“已冲销”"),
        error_messages={"required": _("请填写冲销原因"), "max_length": _("冲销原因不能超过 200 个字")},
    )

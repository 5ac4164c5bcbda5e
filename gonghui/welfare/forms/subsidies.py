"""Forms of subsidies to grassroots unions (part `subsidies`): the list's and the spending list's filters, the
subsidy form (its budget line decides the union), the allocation form (one amount per child union) and the
spending form. Shape only: the services check the rules."""

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.ledger.models import BudgetLine

from ..choices import SubsidyStatus

CENT = Decimal("0.01")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _labelled(form: forms.Form) -> None:
    for field in form.fields.values():
        field.widget.attrs["aria-label"] = field.label


class SubsidyFilterForm(forms.Form):
    q = forms.CharField(label=_("补助名称或工会"), required=False, max_length=50)
    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *SubsidyStatus.choices]
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部年度")), *((y, f"{y}年") for y in years)]  # type: ignore[attr-defined]
        _labelled(self)


class LineChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        remaining = getattr(obj, "remaining", None)
        left = f"（余 {Decimal(remaining).quantize(CENT)} 元）" if remaining is not None else ""
        return f"{obj.fund.org.name} · {obj}{left}"


class SubsidyForm(forms.Form):
    name = forms.CharField(
        label=_("补助名称"),
        max_length=100,
        help_text=_("如“2020年支持基层工会开展疫情防控一线送温暖补助”"),
        error_messages={"required": _("请填写补助名称"), "max_length": _("补助名称不能超过 100 个字")},
    )
    year = forms.IntegerField(
        label=_("年度"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": _("请填写年度"),
            "invalid": _("年度请填写四位数字"),
            "min_value": _("年度请填写四位数字"),
            "max_value": _("年度请填写四位数字"),
        },
    )
    purpose = forms.CharField(
        label=_("用途"),
        required=False,
        max_length=200,
        help_text=_("如“支持基层工会对疫情防控一线人员开展送温暖”"),
        error_messages={"max_length": _("用途不能超过 200 个字")},
    )
    budget_line = LineChoice(
        label=_("资金来源（预算科目）"),
        queryset=BudgetLine.objects.none(),
        help_text=_("本会经费中的预算科目；补助属于该经费所在的工会，下拨时经资金发放台账支付"),
        error_messages={"required": _("请选择资金来源"), "invalid_choice": _("所选预算科目不可用")},
    )
    total = forms.IntegerField(
        label=_("补助总额（元）"),
        min_value=1,
        help_text=_("按整元分配给下级工会"),
        error_messages={
            "required": _("请填写补助总额"),
            "invalid": _("补助总额请填写整数（元）"),
            "min_value": _("补助总额至少为 1 元"),
        },
    )
    spend_by = forms.DateField(
        label=_("使用截止日期"),
        required=False,
        widget=DATE,
        help_text=_("基层工会应在此日期前用完分得的补助"),
        error_messages={"invalid": _("使用截止日期格式不正确")},
    )

    def __init__(self, *args: Any, lines: QuerySet[BudgetLine] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if lines is None:
            del self.fields["budget_line"]  # a saved subsidy keeps its money source
        else:
            self.fields["budget_line"].queryset = lines  # type: ignore[attr-defined]


class AllocationForm(forms.Form):
    """One whole-yuan amount per child union (`share_<org id>`); an empty box is 0."""

    def __init__(self, *args: Any, children: list[tuple[Any, int]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for org, current in children:
            self.fields[f"share_{org.pk}"] = forms.IntegerField(
                label=org.name,
                required=False,
                min_value=0,
                initial=current,
                error_messages={
                    "invalid": _("“%(org)s”的额度请填写整数（元）") % {"org": org.name},
                    "min_value": _("“%(org)s”的额度不能为负数") % {"org": org.name},
                },
            )

    def shares(self) -> dict[int, int]:
        return {
            int(name.removeprefix("share_")): int(value or 0)
            for name, value in self.cleaned_data.items()
            if name.startswith("share_")
        }


class SpendingForm(forms.Form):
    org = forms.ChoiceField(label=_("使用工会"), error_messages={"required": _("请选择使用工会")})
    member = forms.CharField(
        label=_("受助会员（手机号或会员编号）"),
        required=False,
        max_length=32,
        help_text=_("本会及下级工会的在籍会员；非会员请留空并填写下方姓名"),
    )
    recipient_name = forms.CharField(
        label=_("非会员受助对象姓名"),
        required=False,
        max_length=100,
        help_text=_("如一线志愿者、外援医护人员"),
        error_messages={"max_length": _("姓名不能超过 100 个字")},
    )
    amount = forms.DecimalField(
        label=_("金额（元）"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={
            "required": _("请填写使用金额"),
            "invalid": _("使用金额请填写数字"),
            "min_value": _("使用金额必须大于0"),
            "max_decimal_places": _("使用金额最多两位小数"),
            "max_digits": _("使用金额过大"),
        },
    )
    spent_on = forms.DateField(
        label=_("发放日期"),
        widget=DATE,
        error_messages={"required": _("请填写发放日期"), "invalid": _("发放日期格式不正确")},
    )
    purpose = forms.CharField(
        label=_("事由"),
        max_length=200,
        help_text=_("如“春节慰问疫情防控一线医护人员”"),
        error_messages={"required": _("请填写事由"), "max_length": _("事由不能超过 200 个字")},
    )

    def __init__(self, *args: Any, orgs: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = orgs  # type: ignore[attr-defined]
        self.fields["org"].error_messages["invalid_choice"] = _("请选择分到本补助额度的工会")
        self.fields["member"].widget.attrs["autocomplete"] = "off"


class SpendingFilterForm(forms.Form):
    q = forms.CharField(label=_("受助对象、事由、手机号或会员编号"), required=False, max_length=50)
    org = forms.ChoiceField(label=_("使用工会"), required=False)

    def __init__(self, *args: Any, orgs: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [("", _("全部工会")), *orgs]  # type: ignore[attr-defined]
        _labelled(self)

"""Forms of 困难职工帮扶 — part `classing`: the 低保 lines (filter, add, change), a file's rigid spending with the
recorded event and exclusions, and the class decision. Shape only: the rules are the services'."""

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from ..choices import AccidentKind, Exclusion, HardshipClass, RigidExpense

MONEY: dict[str, Any] = {"max_digits": 10, "decimal_places": 2}
MULTIPLE: dict[str, Any] = {"max_digits": 4, "decimal_places": 2}


def _named_errors(form: forms.BaseForm) -> None:
    """Django's default messages, naming the field (请填写低保标准, 年度应为整数)."""
    for field in form.fields.values():
        label = str(field.label or "")
        if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
            field.error_messages["required"] = f"请选择{label}"
            field.error_messages["invalid_choice"] = f"请从列表中选择{label}"
        else:
            field.error_messages["required"] = f"请填写{label}"
        if isinstance(field, forms.IntegerField):
            field.error_messages["invalid"] = f"{label}应为整数"
        elif isinstance(field, forms.DecimalField):
            field.error_messages["invalid"] = f"{label}应为数字"
            field.error_messages["max_decimal_places"] = f"{label}最多保留 %(max)s 位小数"
            field.error_messages["max_digits"] = f"{label}数值过大"
            field.error_messages["max_whole_digits"] = f"{label}数值过大"
        elif isinstance(field, forms.DateField):
            field.error_messages["invalid"] = f"{label}不是有效的日期"
        field.error_messages["min_value"] = f"{label}不能小于 %(limit_value)s"
        field.error_messages["max_value"] = f"{label}不能大于 %(limit_value)s"
        field.error_messages["max_length"] = f"{label}不能超过 %(limit_value)d 个字"


class LineFilterForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["year"]
        field.choices = [("", "全部年度"), *[(year, f"{year}年") for year in years]]
        field.widget.attrs.update({"class": "form-select", "aria-label": "年度"})


class LineForm(forms.Form):
    org: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="地区工会",
        queryset=None,
        help_text="标准适用于该工会及其下级工会；下级工会另有标准时以下级为准",
    )
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    monthly_line = forms.DecimalField(label="城市低保标准（元/人·月）", min_value=Decimal("0.01"), **MONEY)
    relative_multiple = forms.DecimalField(
        label="相对困难倍数",
        initial=Decimal(2),
        min_value=Decimal(1),
        help_text="人均月收入不高于低保标准的该倍数为相对困难（含本数）",
        **MULTIPLE,
    )
    accident_multiple = forms.DecimalField(
        label="意外致困倍数",
        initial=Decimal(2),
        min_value=Decimal(1),
        help_text="登记了意外事件、人均月收入不高于低保标准的该倍数为意外致困（含本数）",
        **MULTIPLE,
    )
    source = forms.CharField(
        label="依据文件", required=False, max_length=200, help_text="如：甲县民政局关于调整城乡低保标准的通知"
    )

    def __init__(self, *args: Any, orgs: QuerySet[Any] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if orgs is None:  # changing a line: its union stays
            del self.fields["org"]
        else:
            org_field: Any = self.fields["org"]
            org_field.queryset = orgs
        _named_errors(self)


class ExpensesForm(forms.Form):
    """One amount per `RigidExpense` (元/年): left empty it keeps what is recorded, 0 clears it."""

    accident_kind = forms.ChoiceField(
        label="意外事件类别",
        required=False,
        choices=[("", "无意外事件"), *AccidentKind.choices],
        help_text="意外致困须登记事件类别和日期",
    )
    accident_date = forms.DateField(
        label="事件发生日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    accident_note = forms.CharField(
        label="事件说明", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    exclusions = forms.MultipleChoiceField(
        label="排除情形",
        required=False,
        choices=Exclusion.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    exclusion_note = forms.CharField(
        label="排除情形说明", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, recorded: set[str], has_notes: dict[str, bool], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        amounts: dict[str, forms.Field] = {}
        for kind in RigidExpense:
            hint = "已登记（已加密）：留空保持不变，填 0 清除" if kind in recorded else "未登记；元/年"
            amounts[f"expense_{kind}"] = forms.DecimalField(
                label=f"{kind.label}（元/年）",
                required=False,
                min_value=Decimal(0),
                help_text=hint,
                **MONEY,
            )
        self.fields = {**amounts, **self.fields}
        for name, recorded_note in has_notes.items():
            if recorded_note:
                self.fields[name].help_text = "已登记（已加密）：留空保持不变"
        _named_errors(self)

    def amounts(self) -> dict[str, Decimal | None]:
        """The amount given per kind (None: left empty)."""
        return {kind: self.cleaned_data.get(f"expense_{kind}") for kind in RigidExpense.values}


class DecideForm(forms.Form):
    decided_class = forms.ChoiceField(
        label="核定类别", choices=HardshipClass.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="核定说明",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="核定类别与测算类别不同时必须填写理由",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _named_errors(self)

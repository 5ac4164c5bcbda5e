"""Shapes of the ledger pages' input: the entry filters, a fund, a budget line, a hand payment (with its form
token), a reversal reason, the payment-file layout and the bank's answer file."""

import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import Org

from .choices import EntryStatus, FundKind
from .models import AMOUNT_DIGITS, AMOUNT_PLACES

STATUS_CHOICES = [("", _("全部状态")), *EntryStatus.choices, ("reversed", _("已冲销"))]
MAX_RESULT_FILE = 5 * 1024 * 1024


class EntryFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)
    fund = forms.TypedChoiceField(label=_("经费"), required=False, coerce=int, empty_value=None)
    line = forms.IntegerField(label=_("预算科目"), required=False, widget=forms.HiddenInput)
    purpose = forms.CharField(label=_("用途"), required=False, max_length=100)
    payee = forms.CharField(label=_("收款人"), required=False, max_length=50)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=STATUS_CHOICES)

    def __init__(self, *args: Any, years: list[int], funds: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部年度")), *[(y, f"{y}年") for y in years]]  # type: ignore[attr-defined]
        self.fields["fund"].choices = [("", _("全部经费")), *funds]  # type: ignore[attr-defined]


class FundForm(forms.Form):
    org = forms.ModelChoiceField(
        label=_("工会"), queryset=Org.objects.none(), error_messages={"required": _("请选择工会")}
    )
    kind = forms.ChoiceField(label=_("经费类别"), choices=FundKind.choices)
    name = forms.CharField(label=_("名称"), max_length=100, error_messages={"required": _("请填写经费名称")})
    year = forms.IntegerField(
        label=_("年度"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": _("请填写年度"),
            "min_value": _("年度不正确"),
            "max_value": _("年度不正确"),
        },
    )

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]


class BudgetLineForm(forms.Form):
    purpose = forms.CharField(label=_("用途"), max_length=100, error_messages={"required": _("请填写用途")})
    amount = forms.DecimalField(
        label=_("预算金额（元）"),
        min_value=Decimal(0),
        max_digits=AMOUNT_DIGITS,
        decimal_places=AMOUNT_PLACES,
        error_messages={"required": _("请填写预算金额"), "min_value": _("预算金额不能为负数")},
    )


class PayForm(forms.Form):
    """A payment typed on the page. `token` is drawn when the form is shown and names the payment (its
    idempotency key): submitting the same form twice pays once."""

    token = forms.CharField(widget=forms.HiddenInput, required=False)
    payee_name = forms.CharField(
        label=_("收款人"), max_length=100, error_messages={"required": _("请填写收款人")}
    )
    bank_name = forms.CharField(label=_("开户行"), max_length=100, required=False)
    bank_account = forms.CharField(label=_("银行账号"), max_length=40, required=False)
    amount = forms.DecimalField(
        label=_("金额（元）"),
        min_value=Decimal("0.01"),
        max_digits=AMOUNT_DIGITS,
        decimal_places=AMOUNT_PLACES,
        error_messages={"required": _("请填写金额"), "min_value": _("支付金额必须大于0")},
    )
    purpose = forms.CharField(
        label=_("用途"), max_length=200, required=False, help_text=_("不填则为预算科目的用途")
    )
    tax_withheld = forms.BooleanField(label=_("已代扣个税"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            cleaned["token"] = str(uuid.UUID(str(cleaned.get("token") or "")))
        except ValueError:
            raise forms.ValidationError(_("支付单已失效，请重新打开“登记支付”页面")) from None
        return cleaned

    @staticmethod
    def new_token() -> str:
        return str(uuid.uuid4())


class ReverseForm(forms.Form):
    reason = forms.CharField(
        label=_("冲销原因"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写冲销原因")},
    )


class BatchExportForm(forms.Form):
    layout = forms.ChoiceField(label=_("银行模板"), error_messages={"required": _("请选择银行模板")})

    def __init__(self, *args: Any, layouts: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["layout"].choices = layouts  # type: ignore[attr-defined]


class ResultsImportForm(forms.Form):
    file = forms.FileField(
        label=_("银行回盘文件（xlsx）"), error_messages={"required": _("请选择银行回盘文件")}
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("银行回盘文件须为 .xlsx 格式"))
        if upload.size > MAX_RESULT_FILE:
            raise forms.ValidationError(_("银行回盘文件不能超过5MB"))
        return upload


class TotalsFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部年度")), *[(y, f"{y}年") for y in years]]  # type: ignore[attr-defined]

"""Forms of the card pages (shape only): an application, bulk apply, a new batch, the bank's result file, a bank
template's column mapping."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from ..choices import BankTemplateKind
from ..models import CardBankTemplate

MAX_RESULT_FILE = 10 * 1024 * 1024


class CardApplicationForm(forms.Form):
    mailing_address = forms.CharField(
        label="领卡地址", max_length=200, required=False, help_text="不填则到所在工会领取"
    )
    note = forms.CharField(label="备注", max_length=200, required=False)


class BulkApplyForm(forms.Form):
    mailing_address = forms.CharField(label="领卡地址", max_length=200, required=False)


class CardBatchCreateForm(forms.Form):
    org = forms.ChoiceField(label="报送工会", error_messages={"required": "请选择报送工会"})
    bank_template = forms.ModelChoiceField(
        label="银行模板",
        queryset=CardBankTemplate.objects.filter(kind=BankTemplateKind.CARD),
        required=False,
        empty_label="默认模板",
        error_messages={"invalid_choice": "请选择有效的银行模板"},
    )

    def __init__(self, *args: Any, orgs: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(o.code, o.name) for o in orgs]  # type: ignore[attr-defined]


class ResultFileForm(forms.Form):
    file = forms.FileField(
        label="银行回盘文件",
        help_text="xlsx 格式；须含“证件号码”（或身份证号）和“卡号”列，列顺序不限",
        error_messages={"required": "请选择银行回盘文件", "empty": "文件是空的：请选择银行回盘文件"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".xls")):
            raise ValidationError(
                "请上传 .xlsx 或 .xls 格式的 Excel 文件（CSV 或 TXT 请先用 Excel 另存为 .xlsx）"
            )
        if upload.size > MAX_RESULT_FILE:
            raise ValidationError("文件超过 10 MB 的上限：请拆分后分批导入")
        return upload


class BankTemplateForm(forms.Form):
    name = forms.CharField(label="模板名称", max_length=50, error_messages={"required": "请填写模板名称"})
    kind = forms.ChoiceField(
        label="用途",
        choices=BankTemplateKind.choices,
        widget=forms.RadioSelect,
        initial=BankTemplateKind.CARD,
        required=False,
        help_text="制卡模板用于会员卡批次的银行文件；代发模板用于资金台账导出支付文件，须含银行账号和金额列",
        error_messages={"invalid_choice": "请选择有效的模板用途"},
    )
    columns = forms.CharField(
        label="列映射",
        widget=forms.Textarea(attrs={"rows": 14, "class": "font-monospace"}),
        help_text="每行一列，格式为“表头=字段”，例如“证件号码=id_number”或“收款账号=bank_account”；顺序即导出文件的列顺序",
        error_messages={"required": "请填写列映射"},
    )
    is_default = forms.BooleanField(label="设为默认模板", required=False)

    def clean_kind(self) -> str:
        return str(self.cleaned_data.get("kind") or BankTemplateKind.CARD)

    def clean_columns(self) -> list[dict[str, str]]:
        parsed: list[dict[str, str]] = []
        for number, line in enumerate(self.cleaned_data["columns"].splitlines(), start=1):
            text = line.strip()
            if not text:
                continue
            if "=" not in text:
                raise ValidationError(f"第 {number} 行应写成“表头=字段”")
            header, key = text.split("=", 1)
            parsed.append({"header": header.strip(), "field": key.strip()})
        return parsed

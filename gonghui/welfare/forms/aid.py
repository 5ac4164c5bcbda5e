"""Forms of 帮扶救助 (part `aid`): the list's filters, the aid form (a budget line the user may pay from, the bank
account — the ledger's payee account), the export's layout choice and the layout form ("列标题=字段" lines, the
field named by its key or its Chinese name). Shape only: the services check the rules."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.ledger.models import BudgetLine
from gonghui.orgs.models import Org

from ..choices import AidKind
from ..spreadsheets.aid import AID_EXPORT_FIELDS, ExportLayout

CENT = Decimal("0.01")
_BY_LABEL = {label: key for key, label in AID_EXPORT_FIELDS.items()}


class AidFilterForm(forms.Form):
    q = forms.CharField(label=_("姓名、档案编号或事由"), required=False, max_length=50)
    kind = forms.ChoiceField(
        label=_("救助类别"), required=False, choices=[("", _("全部类别")), *AidKind.choices]
    )
    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)
    org = forms.TypedChoiceField(label=_("发放工会"), required=False, coerce=int, empty_value=None)
    fund = forms.TypedChoiceField(label=_("经费"), required=False, coerce=int, empty_value=None)

    def __init__(
        self,
        *args: Any,
        years: list[int],
        orgs: list[tuple[int, str]],
        funds: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部年度")), *((y, f"{y}年") for y in years)]  # type: ignore[attr-defined]
        self.fields["org"].choices = [("", _("全部发放工会")), *orgs]  # type: ignore[attr-defined]
        self.fields["fund"].choices = [("", _("全部经费")), *funds]  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = field.label


class LineChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        remaining = getattr(obj, "remaining", None)
        left = f"（余 {Decimal(remaining).quantize(CENT)} 元）" if remaining is not None else ""
        return f"{obj.fund.org.name} · {obj}{left}"


class AidForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("救助类别"), choices=AidKind.choices, error_messages={"required": _("请选择救助类别")}
    )
    occasion = forms.CharField(
        label=_("救助事由"),
        max_length=100,
        help_text=_("如“2026年春节”“2026年金秋助学”；同一档案同一类别同一事由只发放一次"),
        error_messages={"required": _("请填写救助事由"), "max_length": _("救助事由不能超过 100 个字")},
    )
    amount = forms.DecimalField(
        label=_("救助金额（元）"),
        max_digits=12,
        decimal_places=2,
        min_value=0.01,
        error_messages={
            "required": _("请填写救助金额"),
            "invalid": _("救助金额请填写数字"),
            "min_value": _("救助金额必须大于0"),
            "max_decimal_places": _("救助金额最多两位小数"),
            "max_digits": _("救助金额过大"),
        },
    )
    budget_line = LineChoice(
        label=_("资金来源（预算科目）"),
        queryset=BudgetLine.objects.none(),
        help_text=_("本会或上级工会经费中您可支付的预算科目；经资金发放台账支付"),
        error_messages={"required": _("请选择资金来源"), "invalid_choice": _("所选预算科目不可用")},
    )
    bank_name = forms.CharField(label=_("开户行"), required=False, max_length=100)
    bank_account = forms.CharField(
        label=_("收款银行账号"),
        required=False,
        max_length=40,
        error_messages={"max_length": _("银行账号不能超过 40 位")},
    )
    note = forms.CharField(label=_("备注"), required=False, max_length=200)

    def __init__(
        self, *args: Any, lines: QuerySet[BudgetLine], latest_account: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].queryset = lines  # type: ignore[attr-defined]
        self.fields["bank_account"].widget.attrs["autocomplete"] = "off"
        if latest_account:
            self.fields["bank_account"].help_text = _(
                "留空则沿用该会员在资金台账中最近一次的收款账号 %(account)s；填写则以新账号支付"
            ) % {"account": latest_account}
        else:
            self.fields["bank_account"].required = True
            self.fields["bank_account"].error_messages["required"] = _(
                "请填写收款银行账号（该会员在资金台账中还没有账号）"
            )
            self.fields["bank_account"].help_text = _("8至32位数字；账号加密保存在资金发放台账")


class AidExportForm(forms.Form):
    layout = forms.ChoiceField(label=_("导出格式"), error_messages={"required": _("请选择导出格式")})

    def __init__(self, *args: Any, layouts: list[ExportLayout], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["layout"].choices = [  # type: ignore[attr-defined]
            (
                layout.key,
                f"{layout.name}{'（' + layout.org_name + '）' if layout.org_name else ''}"
                f"{'' if layout.verified else ' · 未核对'}",
            )
            for layout in layouts
        ]
        self.fields["layout"].error_messages["invalid_choice"] = _("请从列表中选择导出格式")
        self.fields["layout"].widget.attrs["aria-label"] = _("导出格式")


def columns_text(columns: list[dict[str, str]]) -> str:
    """A layout's columns as the form's "列标题=字段" lines (the field by its Chinese name)."""
    return "\n".join(f"{c['title']}={AID_EXPORT_FIELDS.get(c['key'], c['key'])}" for c in columns)


class AidLayoutForm(forms.Form):
    org = forms.ModelChoiceField(
        label=_("所属工会"),
        queryset=Org.objects.none(),
        error_messages={"required": _("请选择所属工会"), "invalid_choice": _("所选工会不可用")},
    )
    name = forms.CharField(
        label=_("格式名称"), max_length=100, error_messages={"required": _("请填写格式名称")}
    )
    columns = forms.CharField(
        label=_("列映射"),
        widget=forms.Textarea(attrs={"rows": 12, "class": "font-monospace"}),
        help_text=_(
            "每行一列，格式为“列标题=字段”，字段写下方列表中的字段名或代码，如“身份证号码=身份证号”；"
            "顺序即导出文件的列顺序"
        ),
        error_messages={"required": _("请填写列映射")},
    )
    verified = forms.BooleanField(
        label=_("已与全国帮扶系统核对"),
        required=False,
        help_text=_("核对无误后勾选；未勾选时导出文件标注“未经全国帮扶系统核对”。修改列后请重新核对"),
    )
    verified_note = forms.CharField(
        label=_("核对说明"),
        required=False,
        max_length=200,
        help_text=_("勾选“已核对”时必填：谁于何时与全国帮扶系统核对，如“张三 2026年3月1日 导入测试通过”"),
    )

    def __init__(self, *args: Any, orgs: QuerySet[Org] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if orgs is None:
            del self.fields["org"]  # a saved layout keeps its union
        else:
            self.fields["org"].queryset = orgs  # type: ignore[attr-defined]

    def clean_columns(self) -> list[dict[str, str]]:
        parsed: list[dict[str, str]] = []
        for number, line in enumerate(self.cleaned_data["columns"].splitlines(), start=1):
            text = line.strip()
            if not text:
                continue
            if "=" not in text:
                raise ValidationError(_("第 %(n)d 行应写成“列标题=字段”") % {"n": number})
            title, field = (part.strip() for part in text.split("=", 1))
            key = field if field in AID_EXPORT_FIELDS else _BY_LABEL.get(field, "")
            if not key:
                raise ValidationError(
                    _("第 %(n)d 行的字段“%(f)s”不可用，请从下方列表中选择") % {"n": number, "f": field}
                )
            parsed.append({"key": key, "title": title})
        if not parsed:
            raise ValidationError(_("请至少配置一列"))
        return parsed

"""Forms of 送温暖 and 慰问金 campaigns (part `relief`): the list's filters, the campaign (its union, a budget line
the user manages in the ledger, one standard or "类别=金额" lines), adding people (a tag or a 名单, categories by
"标签=类别" lines), the spreadsheet uploads, a reason, the bank file's layout. Shape only: the services check the
rules."""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.ledger.models import BudgetLine
from gonghui.members.models import MemberTag, TargetList
from gonghui.orgs.models import Org

from ..choices import AmountMode, CampaignStatus, ReliefKind

CENT = Decimal("0.01")
CATEGORY_MAX = 50
_SPLIT = re.compile(r"[=＝:：]")


def category_amounts_parse(text: str) -> dict[str, str]:
    """ "类别=金额" lines (also "类别：金额") as {category: amount text}; every bad line is named."""
    amounts: dict[str, str] = {}
    problems: list[str] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parts = _SPLIT.split(line, maxsplit=1)
        if len(parts) != 2 or not parts[0].strip():
            problems.append(str(_("第%(n)d行“%(line)s”应写成“类别=金额”")) % {"n": number, "line": line})
            continue
        category, amount_text = parts[0].strip(), parts[1].strip()
        if len(category) > CATEGORY_MAX:
            problems.append(
                str(_("第%(n)d行：类别名称不能超过 %(m)d 个字")) % {"n": number, "m": CATEGORY_MAX}
            )
        elif category in amounts:
            problems.append(str(_("第%(n)d行：类别“%(c)s”重复")) % {"n": number, "c": category})
        else:
            try:
                amount = Decimal(amount_text).quantize(CENT)
            except (InvalidOperation, ValueError):
                problems.append(str(_("第%(n)d行：“%(a)s”不是金额")) % {"n": number, "a": amount_text})
                continue
            if amount <= 0:
                problems.append(str(_("第%(n)d行：金额必须大于0")) % {"n": number})
                continue
            amounts[category] = str(amount)
    if problems:
        raise ValidationError(problems)
    return amounts


def category_amounts_text(amounts: dict[str, str]) -> str:
    return "\n".join(f"{category}={amount}" for category, amount in amounts.items())


def tag_categories_parse(text: str) -> dict[str, str]:
    """ "标签=类别" lines as {tag: category}, in order; every bad line is named."""
    mapping: dict[str, str] = {}
    problems: list[str] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parts = _SPLIT.split(line, maxsplit=1)
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            problems.append(str(_("第%(n)d行“%(line)s”应写成“标签=类别”")) % {"n": number, "line": line})
            continue
        mapping[parts[0].strip()] = parts[1].strip()[:CATEGORY_MAX]
    if problems:
        raise ValidationError(problems)
    return mapping


class ReliefFilterForm(forms.Form):
    q = forms.CharField(label=_("活动名称或工会"), required=False, max_length=50)
    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *CampaignStatus.choices]
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部年度")), *((y, f"{y}年") for y in years)]  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = field.label


class LineChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        remaining = getattr(obj, "remaining", None)
        left = f"（余 {Decimal(remaining).quantize(CENT)} 元）" if remaining is not None else ""
        return f"{obj.fund.org.name} · {obj}{left}"


class CampaignForm(forms.Form):
    org = forms.ModelChoiceField(
        label=_("发放工会"),
        queryset=Org.objects.none(),
        error_messages={"required": _("请选择发放工会"), "invalid_choice": _("所选工会不可用")},
    )
    name = forms.CharField(
        label=_("活动名称"),
        max_length=100,
        help_text=_("如“2020年春节送温暖”“支援湖北医疗队队员慰问金”"),
        error_messages={"required": _("请填写活动名称"), "max_length": _("活动名称不能超过 100 个字")},
    )
    kind = forms.ChoiceField(label=_("类别"), choices=ReliefKind.choices)
    year = forms.IntegerField(
        label=_("年度"),
        min_value=2000,
        max_value=2100,
        error_messages={"required": _("请填写年度"), "invalid": _("年度请填写四位数字")},
    )
    budget_line = LineChoice(
        label=_("资金来源（预算科目）"),
        queryset=BudgetLine.objects.none(),
        help_text=_("本会或上级工会经费中您可在资金发放台账管理的预算科目"),
        error_messages={"required": _("请选择资金来源"), "invalid_choice": _("所选预算科目不可用")},
    )
    amount_mode = forms.ChoiceField(
        label=_("金额方式"), choices=AmountMode.choices, widget=forms.RadioSelect, initial=AmountMode.FIXED
    )
    fixed_amount = forms.DecimalField(
        label=_("每人金额（元）"),
        required=False,
        max_digits=12,
        decimal_places=2,
        help_text=_("统一标准时填写"),
        error_messages={"invalid": _("每人金额请填写数字"), "max_decimal_places": _("每人金额最多两位小数")},
    )
    category_amounts = forms.CharField(
        label=_("各类别金额"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "font-monospace"}),
        help_text=_("按类别时填写，每行一个“类别=金额”，如“一线医护人员=2000”"),
    )
    description = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(
        self, *args: Any, orgs: QuerySet[Org] | None, lines: QuerySet[BudgetLine], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if orgs is None:
            del self.fields["org"]  # a campaign keeps its union
        else:
            self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["budget_line"].queryset = lines  # type: ignore[attr-defined]

    def clean_category_amounts(self) -> dict[str, str]:
        return category_amounts_parse(self.cleaned_data.get("category_amounts") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        mode = data.get("amount_mode")
        if (
            mode == AmountMode.FIXED
            and data.get("fixed_amount") is None
            and "fixed_amount" not in self.errors
        ):
            self.add_error("fixed_amount", _("统一标准须填写每人金额"))
        if (
            mode == AmountMode.CATEGORY
            and not data.get("category_amounts")
            and "category_amounts" not in self.errors
        ):
            self.add_error("category_amounts", _("按类别发放须至少填写一个“类别=金额”"))
        return data


SOURCE_TAG = "tag"
SOURCE_LIST = "list"


class AddRecipientsForm(forms.Form):
    source = forms.ChoiceField(
        label=_("人员来源"),
        choices=[(SOURCE_TAG, _("按会员标签（如“援鄂医疗队”）")), (SOURCE_LIST, _("按名单"))],
        widget=forms.RadioSelect,
        initial=SOURCE_TAG,
    )
    tag = forms.ModelChoiceField(
        label=_("会员标签"),
        required=False,
        queryset=MemberTag.objects.none(),
        help_text=_("本会及下级工会带该标签的在籍会员"),
        error_messages={"invalid_choice": _("所选标签不可用")},
    )
    target_list = forms.ModelChoiceField(
        label=_("名单"),
        required=False,
        queryset=TargetList.objects.none(),
        help_text=_("本会及下级工会的名单（在“会员名单”中按条件筛选或导入生成）"),
        error_messages={"invalid_choice": _("所选名单不可用")},
    )
    category = forms.CharField(
        label=_("类别"),
        required=False,
        max_length=CATEGORY_MAX,
        help_text=_("这批人员的类别；按类别发放时必填"),
    )
    tag_categories = forms.CharField(
        label=_("按标签确定类别"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "font-monospace"}),
        help_text=_(
            "可选：每行一个“标签=类别”，如“援鄂医疗队=一线医护人员”；人员按第一个匹配的标签定类别，都不匹配时用上面的类别"
        ),
    )

    def __init__(
        self, *args: Any, tags: QuerySet[MemberTag], lists: QuerySet[TargetList], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tag"].queryset = tags  # type: ignore[attr-defined]
        self.fields["target_list"].queryset = lists  # type: ignore[attr-defined]

    def clean_tag_categories(self) -> dict[str, str]:
        return tag_categories_parse(self.cleaned_data.get("tag_categories") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("source") == SOURCE_TAG and not data.get("tag") and "tag" not in self.errors:
            self.add_error("tag", _("请选择会员标签"))
        if (
            data.get("source") == SOURCE_LIST
            and not data.get("target_list")
            and "target_list" not in self.errors
        ):
            self.add_error("target_list", _("请选择名单"))
        return data


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("文件"),
        error_messages={"required": _("请选择要导入的 xlsx 文件"), "empty": _("文件是空的")},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("原因"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写原因"), "max_length": _("原因不能超过 200 个字")},
    )


class BankFileForm(forms.Form):
    layout = forms.ChoiceField(label=_("代发格式"), error_messages={"required": _("请选择代发格式")})

    def __init__(self, *args: Any, layouts: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["layout"].choices = layouts  # type: ignore[attr-defined]
        self.fields["layout"].widget.attrs["aria-label"] = _("代发格式")

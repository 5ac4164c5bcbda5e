"""Forms of 普惠 offers (part `offers`): the list's filters, the offer form, 撤下 with its reason, and the
scanner's two steps (a scanned 会员码 or a typed coupon code; then 确认核销 with the signed check). Shape only: the
services check the rules."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import Org

from ..choices import OfferKind, OfferStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OfferFilterForm(forms.Form):
    q = forms.CharField(label=_("标题、商户或优惠内容"), required=False, max_length=50)
    kind = forms.ChoiceField(
        label=_("类别"), required=False, choices=[("", _("全部类别")), *OfferKind.choices]
    )
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *OfferStatus.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = field.label


class OfferForm(forms.Form):
    org = forms.ModelChoiceField(
        label=_("发布工会"),
        queryset=Org.objects.none(),
        help_text=_("优惠面向该工会及下级工会的全体会员"),
        error_messages={"required": _("请选择发布工会"), "invalid_choice": _("请选择您可以发布优惠的工会")},
    )
    title = forms.CharField(
        label=_("标题"),
        max_length=100,
        error_messages={"required": _("请填写标题"), "max_length": _("标题不能超过 100 个字")},
    )
    kind = forms.ChoiceField(
        label=_("类别"), choices=OfferKind.choices, error_messages={"required": _("请选择类别")}
    )
    merchant_name = forms.CharField(
        label=_("商户名称"),
        max_length=100,
        error_messages={"required": _("请填写商户名称"), "max_length": _("商户名称不能超过 100 个字")},
    )
    address = forms.CharField(
        label=_("地址"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("地址不能超过 200 个字")},
    )
    summary = forms.CharField(
        label=_("优惠内容"),
        max_length=200,
        help_text=_("一句话说明，如：凭会员码观影每张20元"),
        error_messages={"required": _("请填写优惠内容"), "max_length": _("优惠内容不能超过 200 个字")},
    )
    terms = forms.CharField(
        label=_("使用规则"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
    valid_from = forms.DateField(
        label=_("开始日期"),
        widget=DATE,
        error_messages={"required": _("请填写开始日期"), "invalid": _("开始日期格式不正确")},
    )
    valid_until = forms.DateField(
        label=_("截止日期"),
        widget=DATE,
        error_messages={"required": _("请填写截止日期"), "invalid": _("截止日期格式不正确")},
    )
    per_member_limit = forms.IntegerField(
        label=_("每人可用次数"),
        required=False,
        min_value=1,
        max_value=999,
        help_text=_("留空表示不限次数"),
        error_messages={
            "invalid": _("每人可用次数请填写整数"),
            "min_value": _("每人可用次数至少为1次，不限次数请留空"),
            "max_value": _("每人可用次数不能超过 999 次"),
        },
    )
    coupons = forms.BooleanField(
        label=_("发放券码"), required=False, help_text=_("会员在会员端领取一次性券码，到店出示核销")
    )

    def __init__(self, *args: Any, orgs: QuerySet[Org] | None = None, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["org"]
        else:
            self.fields["org"].queryset = orgs if orgs is not None else Org.objects.none()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("valid_from"), data.get("valid_until")
        if starts and ends and ends < starts:
            self.add_error("valid_until", _("截止日期不能早于开始日期"))
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("撤下原因"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写撤下原因"), "max_length": _("撤下原因不能超过 200 个字")},
    )


class PublishForm(forms.Form):
    """发布 has nothing to fill in: the page is the confirmation."""


class RedeemCheckForm(forms.Form):
    payload = forms.CharField(label=_("会员码"), required=False, max_length=200)
    coupon = forms.CharField(label=_("券码"), required=False, max_length=32)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("payload") or "").strip() and not (data.get("coupon") or "").strip():
            raise forms.ValidationError(_("请扫描会员码或输入券码"))
        return data


class RedeemConfirmForm(forms.Form):
    token = forms.CharField(max_length=500, error_messages={"required": _("请先扫描会员码或输入券码")})

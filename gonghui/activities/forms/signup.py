"""Forms of part signup (报名): the registration list's filters, the organiser's reasons (不通过, 取消报名), the
member's sign-up (an optional note) and the confirmation steps that have nothing to fill in."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..choices import RegistrationStatus


class RegistrationFilterForm(forms.Form):
    q = forms.CharField(label=_("姓名、会员编号或回执号"), required=False, max_length=50)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *RegistrationStatus.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = field.label


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("不通过原因"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写不通过的原因"), "max_length": _("不通过原因不能超过 200 个字")},
    )


class OrganiserCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("取消原因"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写取消原因"), "max_length": _("取消原因不能超过 200 个字")},
    )


class ApproveForm(forms.Form):
    note = forms.CharField(
        label=_("审核意见"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("审核意见不能超过 200 个字")},
    )


class SignUpForm(forms.Form):
    note = forms.CharField(
        label=_("备注"),
        max_length=200,
        required=False,
        help_text=_("选填，如饮食禁忌、需要的协助"),
        error_messages={"max_length": _("备注不能超过 200 个字")},
    )


class ConfirmForm(forms.Form):
    """A step with nothing to fill in: the page is the confirmation."""

"""Shapes of the certificates pages' input: the console filters, the revocation reason, a batch issue, the code
typed on the public check page."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import CertificateStatus
from .kinds import kind_choices


class CertificateFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=50)
    kind = forms.ChoiceField(label=_("证书类别"), required=False)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *CertificateStatus.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("全部类别")), *kind_choices()]  # type: ignore[attr-defined]


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("撤销原因"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写撤销原因")},
    )


class BatchIssueForm(forms.Form):
    title = forms.CharField(
        label=_("证书事由"), max_length=200, error_messages={"required": _("请填写证书事由")}
    )
    awarded_on = forms.DateField(
        label=_("颁发日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("请填写颁发日期"), "invalid": _("颁发日期格式不正确")},
    )


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("验证码"),
        max_length=40,
        error_messages={"required": _("请输入证书上的验证码")},
    )

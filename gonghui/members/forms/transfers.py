"""Forms of transfers: the transfer request (console; the portal's for a union outside the platform), the portal's
request to a union found by the union search, and the reason of a refusal."""

from typing import Any

from django import forms

from ..selectors.transfers import transfer_target_orgs


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=200, widget=forms.Textarea(attrs={"rows": 3}))


class TransferForm(forms.Form):
    to_org = forms.ModelChoiceField(
        label="转入工会（平台内）", queryset=transfer_target_orgs(), required=False, empty_label="请选择"
    )
    to_org_outside = forms.CharField(
        label="或：平台外的转入单位",
        max_length=100,
        required=False,
        help_text="转入单位不在本平台时填写，批准后开具组织关系介绍信",
    )
    reason = forms.CharField(label="转会原因", max_length=200, required=False)

    def __init__(self, *args: Any, exclude_org: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if exclude_org is not None:
            field: Any = self.fields["to_org"]
            field.queryset = transfer_target_orgs().exclude(pk=exclude_org.pk)


class TransferTargetForm(forms.Form):
    """The portal's 转会 after the target union was found by the union search and confirmed."""

    org = forms.CharField(widget=forms.HiddenInput, max_length=20)
    reason = forms.CharField(label="转会原因（选填）", max_length=200, required=False)

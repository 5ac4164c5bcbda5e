"""Forms of transfers and corrections: the transfer request (console; the portal's for a union outside the platform),
the portal's request to a union found by the union search, the member's correction request, and the reason of a
refusal."""

from typing import Any

from django import forms

from gonghui.codelists.lists import EDUCATION, ETHNICITY, POLITICAL_STATUS

from ..choices import (
    Employment,
    HouseholdType,
    SkillLevel,
)
from ..selectors.transfers import transfer_target_orgs
from .joining import _code_choices


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


class CorrectionForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50, required=False)
    phone = forms.CharField(label="手机号", max_length=20, required=False)
    ethnicity = forms.ChoiceField(label="民族", required=False)
    education = forms.ChoiceField(label="学历", required=False)
    political_status = forms.ChoiceField(label="政治面貌", required=False)
    employment = forms.ChoiceField(
        label="用工性质", choices=[("", "不更正"), *Employment.choices], required=False
    )
    position_title = forms.CharField(label="岗位/职称", max_length=50, required=False)
    skill_level = forms.ChoiceField(
        label="技能等级", choices=[("", "不更正"), *SkillLevel.choices], required=False
    )
    household_type = forms.ChoiceField(
        label="户籍类型", choices=[("", "不更正"), *HouseholdType.choices], required=False
    )
    note = forms.CharField(
        label="说明", max_length=200, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field, list_key in (
            ("ethnicity", ETHNICITY),
            ("education", EDUCATION),
            ("political_status", POLITICAL_STATUS),
        ):
            choice: Any = self.fields[field]
            choice.choices = [("", "不更正"), *_code_choices(list_key)[1:]]

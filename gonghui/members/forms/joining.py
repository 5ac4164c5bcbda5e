"""Forms of online joining: the privacy notice, the application (also for a resubmission), the unlock and withdrawal
pages of the applicant's signed link."""

from typing import Any

from django import forms

from gonghui.accounts.choices import Gender, IdType
from gonghui.codelists.lists import EDUCATION, ETHNICITY, POLITICAL_STATUS
from gonghui.codelists.models import CodeItem

from ..choices import (
    Employment,
)
from ..services.joining import JoinApplicant


def _code_choices(list_key: str) -> list[tuple[str, str]]:
    items = CodeItem.objects.filter(list_key=list_key, is_active=True).values_list("code", "name")
    return [("", "请选择"), *items]


class PrivacyForm(forms.Form):
    accept = forms.BooleanField(
        label="我已阅读并同意上述个人信息保护说明",
        error_messages={"required": "请先阅读并同意个人信息保护说明"},
    )


class JoinForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    gender = forms.ChoiceField(label="性别", choices=[("", "请选择"), *Gender.choices])
    birth_date = forms.DateField(label="出生日期", widget=forms.DateInput(attrs={"type": "date"}))
    id_type = forms.ChoiceField(label="证件类型", choices=IdType.choices, initial=IdType.RESIDENT)
    id_number = forms.CharField(label="证件号码", max_length=32)
    phone = forms.CharField(label="手机号", max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"}))
    sms_code = forms.CharField(
        label="短信验证码",
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    ethnicity = forms.ChoiceField(label="民族", required=False)
    education = forms.ChoiceField(label="学历", required=False)
    political_status = forms.ChoiceField(label="政治面貌", required=False)
    employment = forms.ChoiceField(
        label="用工性质", choices=Employment.choices, initial=Employment.ESTABLISHED
    )
    position_title = forms.CharField(label="岗位/职称", max_length=50, required=False)
    unit_name = forms.CharField(label="工作单位", max_length=100, required=False)

    def __init__(self, *args: Any, resubmit: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_fields: dict[str, Any] = {
            "ethnicity": self.fields["ethnicity"],
            "education": self.fields["education"],
            "political_status": self.fields["political_status"],
        }
        choice_fields["ethnicity"].choices = _code_choices(ETHNICITY)
        choice_fields["education"].choices = _code_choices(EDUCATION)
        choice_fields["political_status"].choices = _code_choices(POLITICAL_STATUS)
        if resubmit:
            self.fields["id_number"].required = False
            self.fields["id_number"].help_text = "留空则沿用原证件号码"

    def applicant(self) -> JoinApplicant:
        data = self.cleaned_data
        return JoinApplicant(
            name=data["name"],
            gender=data["gender"],
            birth_date=data["birth_date"],
            id_type=data["id_type"],
            id_number=data["id_number"],
            phone=data["phone"],
            ethnicity=data["ethnicity"],
            education=data["education"],
            political_status=data["political_status"],
            employment=data["employment"],
            position_title=data["position_title"],
            unit_name=data["unit_name"],
        )


class UnlockForm(forms.Form):
    sms_code = forms.CharField(
        label="短信验证码", max_length=6, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )


class WithdrawForm(forms.Form):
    sms_code = forms.CharField(
        label="短信验证码",
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    reason = forms.CharField(
        label="撤回原因（选填）", max_length=200, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, phone_proven: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if phone_proven:
            del self.fields["sms_code"]

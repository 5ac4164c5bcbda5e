"""Forms of 法律服务: shape only; the rules live in services.py."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import AidOutcome, Channel, DisputeType, LegalCategory
from .models import Lawyer
from .services import AidRequest, Question

CADRE_CHANNELS = [(c.value, c.label) for c in Channel if c != Channel.PORTAL]


class DateInput(forms.DateInput):
    input_type = "date"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the service (type, size, content)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class OrgChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class QuestionForm(forms.Form):
    org = OrgChoiceField(
        label=_("向哪个工会咨询"),
        queryset=None,
        empty_label=None,
        error_messages={"required": _("请选择受理工会"), "invalid_choice": _("请选择受理工会")},
    )
    category = forms.ChoiceField(
        label=_("咨询类别"), choices=LegalCategory.choices, error_messages={"required": _("请选择咨询类别")}
    )
    title = forms.CharField(label=_("标题"), max_length=100, error_messages={"required": _("请填写标题")})
    question = forms.CharField(
        label=_("问题"),
        max_length=2000,
        widget=forms.Textarea({"rows": 6}),
        error_messages={"required": _("请填写问题"), "max_length": _("问题不能超过2000字")},
    )
    publish_consent = forms.BooleanField(
        label=_("同意解答后去除姓名、单位等信息，匿名公开到常见问题"), required=False
    )

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]

    def question_input(self) -> Question:
        """What the asker asks, for consultation_submit (portal) and consultation_record (console) alike."""
        data = self.cleaned_data
        return Question(data["category"], data["title"], data["question"], data["publish_consent"])


class ConsultationRecordForm(QuestionForm):
    """A cadre records a question received by phone, visit or letter."""

    asker_name = forms.CharField(
        label=_("咨询人"), max_length=50, error_messages={"required": _("请填写咨询人")}
    )
    asker_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    channel = forms.ChoiceField(
        label=_("渠道"), choices=CADRE_CHANNELS, error_messages={"required": _("请选择咨询渠道")}
    )
    field_order = (
        "org",
        "asker_name",
        "asker_phone",
        "channel",
        "category",
        "title",
        "question",
        "publish_consent",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].label = _("受理工会")
        self.fields["publish_consent"].label = _("咨询人同意匿名公开到常见问题")


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("解答"),
        max_length=4000,
        widget=forms.Textarea({"rows": 8}),
        error_messages={"required": _("请填写解答"), "max_length": _("解答不能超过4000字")},
    )


class LawyerChoiceForm(forms.Form):
    lawyer: forms.ModelChoiceField[Lawyer] = forms.ModelChoiceField(
        label=_("律师"),
        queryset=None,
        error_messages={"required": _("请选择律师"), "invalid_choice": _("请从律师库中选择律师")},
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args: Any, lawyers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lawyer"].queryset = lawyers  # type: ignore[attr-defined]


class PublishForm(forms.Form):
    published_title = forms.CharField(
        label=_("公开标题"), max_length=100, error_messages={"required": _("请填写公开标题")}
    )
    published_question = forms.CharField(
        label=_("公开的问题"),
        max_length=2000,
        widget=forms.Textarea({"rows": 6}),
        help_text=_("请删去姓名、单位、电话等可识别身份的信息"),
        error_messages={"required": _("请填写公开的问题")},
    )
    published_answer = forms.CharField(
        label=_("公开的解答"),
        max_length=4000,
        widget=forms.Textarea({"rows": 6}),
        error_messages={"required": _("请填写公开的解答")},
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"),
        max_length=500,
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": _("请填写理由")},
    )


class AidForm(forms.Form):
    org = OrgChoiceField(
        label=_("向哪个工会申请"),
        queryset=None,
        empty_label=None,
        error_messages={"required": _("请选择受理工会"), "invalid_choice": _("请选择受理工会")},
    )
    dispute_type = forms.ChoiceField(
        label=_("争议类型"), choices=DisputeType.choices, error_messages={"required": _("请选择争议类型")}
    )
    amount_involved = forms.DecimalField(
        label=_("涉及金额（元）"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        error_messages={"invalid": _("涉及金额应为数字"), "min_value": _("涉及金额不能为负数")},
    )
    opposing_party = forms.CharField(
        label=_("对方当事人（用人单位）"), max_length=100, error_messages={"required": _("请填写对方当事人")}
    )
    facts = forms.CharField(
        label=_("事实与理由"),
        max_length=4000,
        widget=forms.Textarea({"rows": 6}),
        error_messages={"required": _("请填写事实与理由")},
    )
    evidence_list = forms.CharField(
        label=_("证据清单"),
        max_length=2000,
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("每行一项，如：劳动合同、工资条、考勤记录"),
    )
    income_proofs = MultipleFileField(
        label=_("收入证明"),
        required=False,
        help_text=_("经济困难证明或收入证明，PDF 或图片，最多5个文件"),
    )

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]

    def aid_input(self) -> AidRequest:
        """What the applicant asks for, for aid_submit (portal) and aid_record (console) alike."""
        data = self.cleaned_data
        return AidRequest(
            data["dispute_type"],
            data["amount_involved"],
            data["opposing_party"],
            data["facts"],
            data["evidence_list"],
        )


class AidRecordForm(AidForm):
    applicant_name = forms.CharField(
        label=_("申请人"), max_length=50, error_messages={"required": _("请填写申请人")}
    )
    applicant_phone = forms.CharField(
        label=_("联系电话"), max_length=20, error_messages={"required": _("请填写联系电话")}
    )
    channel = forms.ChoiceField(
        label=_("渠道"), choices=CADRE_CHANNELS, error_messages={"required": _("请选择申请渠道")}
    )
    field_order = ("org", "applicant_name", "applicant_phone", "channel")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].label = _("受理工会")


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("办理结果"), choices=AidOutcome.choices, error_messages={"required": _("请选择办理结果")}
    )
    amount_recovered = forms.DecimalField(
        label=_("挽回金额（元）"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        error_messages={"invalid": _("挽回金额应为数字"), "min_value": _("挽回金额不能为负数")},
    )
    closed_on = forms.DateField(
        label=_("结案日期"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("结案日期格式不正确")},
    )
    note = forms.CharField(
        label=_("结果说明"), max_length=500, required=False, widget=forms.Textarea({"rows": 3})
    )


class LawyerForm(forms.Form):
    org = OrgChoiceField(
        label=_("登记工会"),
        queryset=None,
        empty_label=None,
        error_messages={"required": _("请选择登记工会"), "invalid_choice": _("请选择登记工会")},
    )
    name = forms.CharField(label=_("姓名"), max_length=50, error_messages={"required": _("请填写姓名")})
    firm = forms.CharField(
        label=_("执业机构"), max_length=100, error_messages={"required": _("请填写执业机构")}
    )
    licence_number = forms.CharField(
        label=_("执业证号"), max_length=17, error_messages={"required": _("请填写执业证号")}
    )
    phone = forms.CharField(
        label=_("联系电话"), max_length=20, error_messages={"required": _("请填写联系电话")}
    )
    specialties = forms.CharField(
        label=_("擅长领域"), max_length=200, required=False, help_text=_("如：劳动争议、工伤赔偿")
    )
    username = forms.CharField(
        label=_("开通登录账号（用户名）"),
        max_length=150,
        required=False,
        help_text=_("填写后为律师开通账号并授予“律师”角色，律师登录后只能看到指派给本人的案件"),
    )

    def __init__(self, *args: Any, orgs: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if orgs is None:
            del self.fields["org"]
            del self.fields["username"]
        else:
            self.fields["org"].queryset = orgs  # type: ignore[attr-defined]

"""Input shape of 网上维权 pages (rules that need other rows are the services')."""

from typing import Any

from django import forms

from gonghui.accounts.models import User
from gonghui.orgs.models import Org

from .choices import AppealChannel, ContactPreference, Rating
from .models import AppealCategory
from .services import AppealInput


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; the services check each (size, type, content)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [f for f in data if f]
        return [data] if data else []


def _category_field() -> forms.ModelChoiceField[AppealCategory]:
    return forms.ModelChoiceField(
        label="诉求类别",
        queryset=AppealCategory.objects.filter(is_active=True).order_by("order", "id"),
        empty_label="请选择",
        error_messages={"required": "请选择诉求类别", "invalid_choice": "请选择诉求类别"},
    )


class AppealFieldsForm(forms.Form):
    category = forms.ModelChoiceField(queryset=AppealCategory.objects.none())
    title = forms.CharField(label="标题", max_length=100, error_messages={"required": "请填写标题"})
    description = forms.CharField(
        label="诉求内容",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "请填写诉求内容"},
        help_text="请写明时间、地点、经过和涉及的单位或人员",
    )
    desired_outcome = forms.CharField(
        label="期望结果", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    attachments = MultipleFileField(label="附件（图片、PDF、Office 文件，最多5个）")
    contact_preference = forms.ChoiceField(
        label="联系方式", choices=ContactPreference.choices, initial=ContactPreference.PORTAL
    )
    is_anonymous = forms.BooleanField(label="匿名提交（办理人员看不到您的姓名和联系方式）", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"] = _category_field()
        self.order_fields(["category", "title", "description", "desired_outcome", "attachments"])

    def appeal_input(self) -> AppealInput:
        data = self.cleaned_data
        return AppealInput(
            category=data["category"],
            title=data["title"],
            description=data["description"],
            desired_outcome=data["desired_outcome"],
            contact_preference=data["contact_preference"],
            is_anonymous=data["is_anonymous"],
        )


class PortalAppealForm(AppealFieldsForm):
    target_org: forms.ModelChoiceField[Org] = forms.ModelChoiceField(
        label="提交给", queryset=Org.objects.none(), empty_label=None, help_text="默认由您所在的工会办理"
    )
    privacy = forms.BooleanField(
        label="我已阅读并同意个人信息保护说明",
        error_messages={"required": "请先阅读并同意个人信息保护说明"},
    )

    def __init__(self, *args: Any, targets: list[Org] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["target_org"]
        field.queryset = Org.objects.filter(pk__in=[o.pk for o in targets or []]).order_by("-depth")
        if targets:
            field.initial = targets[0].pk


class RecordAppealForm(AppealFieldsForm):
    org: forms.ModelChoiceField[Org] = forms.ModelChoiceField(
        label="办理工会", queryset=Org.objects.none(), empty_label="请选择"
    )
    channel = forms.ChoiceField(
        label="登记渠道",
        choices=[(c, label) for c, label in AppealChannel.choices if c != AppealChannel.PORTAL],
    )
    contact_name = forms.CharField(label="联系人姓名", max_length=50)
    contact_phone = forms.CharField(
        label="联系电话",
        max_length=20,
        required=False,
        help_text="与会员登记的手机号一致时，会员可在会员端查看进度",
    )
    consent_told = forms.BooleanField(
        label="已告知申请人个人信息保护说明并征得同意",
        error_messages={"required": "请确认已告知申请人个人信息保护说明并征得同意"},
    )

    def __init__(self, *args: Any, orgs: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["org"]
        field.queryset = orgs if orgs is not None else Org.objects.none()
        self.order_fields(
            ["org", "channel", "contact_name", "contact_phone", "category", "title", "description"]
        )


class NoteForm(forms.Form):
    note = forms.CharField(
        label="说明", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    note = forms.CharField(
        label="理由",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写理由"},
    )


class MaterialsForm(forms.Form):
    note = forms.CharField(
        label="需要补充的材料",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请写明需要补充的材料"},
    )


class BodyForm(forms.Form):
    body = forms.CharField(
        label="内容", widget=forms.Textarea(attrs={"rows": 4}), error_messages={"required": "请填写内容"}
    )


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label="办理人", queryset=User.objects.none(), empty_label="请选择")

    def __init__(self, *args: Any, users: list[User] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["handler"]
        field.queryset = User.objects.filter(pk__in=[u.pk for u in users or []]).order_by("name")


class LawyerForm(forms.Form):
    lawyer = forms.ModelChoiceField(
        label="律师", queryset=User.objects.none(), required=False, empty_label="不指派"
    )

    def __init__(self, *args: Any, users: list[User] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["lawyer"]
        field.queryset = User.objects.filter(pk__in=[u.pk for u in users or []]).order_by("name")


class TransferForm(forms.Form):
    to_org: forms.ModelChoiceField[Org] = forms.ModelChoiceField(
        label="转至工会", queryset=Org.objects.none(), empty_label="请选择"
    )
    note = forms.CharField(label="转办理由", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, orgs: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["to_org"]
        field.queryset = orgs if orgs is not None else Org.objects.none()


class RevealForm(forms.Form):
    reason = forms.CharField(
        label="查看理由",
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写查看身份的理由"},
    )


class RateForm(forms.Form):
    rating = forms.ChoiceField(
        label="您对办理结果的评价",
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择满意、基本满意或不满意"},
    )
    comment = forms.CharField(
        label="评价意见", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="重办原因",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请说明需要重办的原因"},
    )


class SupplyForm(forms.Form):
    body = forms.CharField(label="补充说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    attachments = MultipleFileField(label="补充材料")


class CategoryForm(forms.ModelForm[AppealCategory]):
    class Meta:
        model = AppealCategory
        fields = ("name", "accept_days", "reply_days", "is_restricted", "is_active", "order")


# One answer whether the account does not exist or lies outside the supervisor's subtrees: it names nobody.
DESIGNEE_NOT_FOUND = "没有找到可指定的办理人：请填写本工会或下级工会中持有维权办理权限的账号"


class DesignationForm(forms.Form):
    org: forms.ModelChoiceField[Org] = forms.ModelChoiceField(
        label="工会", queryset=Org.objects.none(), empty_label="请选择"
    )
    category = forms.ModelChoiceField(
        label="限定类别",
        queryset=AppealCategory.objects.filter(is_restricted=True).order_by("order"),
        empty_label="请选择",
    )
    username = forms.CharField(
        label="办理人账号", max_length=150, help_text="本工会或下级工会中持有维权办理权限的登录账号"
    )

    def __init__(self, *args: Any, orgs: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["org"]
        field.queryset = orgs if orgs is not None else Org.objects.none()

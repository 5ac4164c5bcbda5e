"""Forms of part profiles: joining (the two declarations, a nickname, the contact for this purpose and what to
show) and editing the profile (with the photo). Shape only: the services check the rules (membership, a nickname
that does not give the member away)."""

from typing import Any

from django import forms

from ..choices import Education, Seeking
from ..services.profiles import CONTACT_MAX, NICKNAME_MAX, NICKNAME_MIN

SHOW_LABELS = (
    ("show_photo", "展示照片"),
    ("show_age_band", "展示年龄段（由登记的出生日期推算，不显示具体年龄）"),
    ("show_height", "展示身高"),
    ("show_education", "展示学历"),
    ("show_unit_type", "展示单位类型（如教育、卫生）"),
    ("show_unit_name", "展示单位名称"),
)


class _Labelled(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.widget.attrs.setdefault("aria-label", f.label)


def _nickname() -> forms.CharField:
    return forms.CharField(
        label="昵称",
        min_length=NICKNAME_MIN,
        max_length=NICKNAME_MAX,
        help_text=f"{NICKNAME_MIN}–{NICKNAME_MAX}个字，其他会员只看到昵称；不要用真实姓名或手机号",
        error_messages={
            "required": "请填写昵称",
            "min_length": f"昵称至少{NICKNAME_MIN}个字",
            "max_length": f"昵称不能超过{NICKNAME_MAX}个字",
        },
    )


def _contact() -> forms.CharField:
    return forms.CharField(
        label="联系方式",
        max_length=CONTACT_MAX,
        help_text="专为婚恋交友填写的手机号或微信号，只有与您互相心动的会员才能看到；不会使用您登记的手机号",
        error_messages={
            "required": "请填写联系方式（手机号或微信号）",
            "max_length": f"联系方式不能超过{CONTACT_MAX}个字",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


def _shows(form: forms.Form, *, with_photo: bool) -> None:
    for name, label in SHOW_LABELS:
        if name == "show_photo" and not with_photo:
            continue
        form.fields[name] = forms.BooleanField(label=label, required=False)


def _clean_nickname(value: str) -> str:
    value = value.strip()
    if value.isdigit():
        raise forms.ValidationError("昵称不能全是数字")
    return value


class JoinForm(_Labelled):
    single = forms.BooleanField(label="本人目前单身", error_messages={"required": "请勾选“本人目前单身”"})
    pledge = forms.BooleanField(
        label="我已阅读并遵守以上承诺", error_messages={"required": "请勾选“我已阅读并遵守以上承诺”"}
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nickname"] = _nickname()
        self.fields["contact"] = _contact()
        _shows(self, with_photo=False)
        for f in self.fields.values():
            f.widget.attrs.setdefault("aria-label", f.label)

    def clean_nickname(self) -> str:
        return _clean_nickname(self.cleaned_data["nickname"])


class ProfileForm(_Labelled):
    about = forms.CharField(
        label="自我介绍",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="300字以内；请勿写入姓名、电话、单位地址等",
        error_messages={"max_length": "自我介绍不能超过300个字"},
    )
    height_cm = forms.IntegerField(
        label="身高（厘米）",
        required=False,
        min_value=120,
        max_value=230,
        error_messages={
            "invalid": "身高须是整数（厘米）",
            "min_value": "身高须在120–230厘米之间",
            "max_value": "身高须在120–230厘米之间",
        },
    )
    education = forms.ChoiceField(label="学历", required=False, choices=[("", "不填写"), *Education.choices])
    seeking = forms.ChoiceField(
        label="希望认识", choices=Seeking.choices, error_messages={"required": "请选择希望认识"}
    )
    photo = forms.FileField(
        label="照片",
        required=False,
        help_text="JPG 或 PNG，不超过 5 MB；选择新照片会替换原来的",
        error_messages={"empty": "照片文件是空的"},
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    remove_photo = forms.BooleanField(label="删除现有照片", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nickname"] = _nickname()
        self.fields["contact"] = _contact()
        _shows(self, with_photo=True)
        self.order_fields(
            [
                "nickname",
                "about",
                "height_cm",
                "education",
                "seeking",
                "contact",
                "photo",
                "remove_photo",
                *(name for name, _label in SHOW_LABELS),
            ]
        )
        for f in self.fields.values():
            f.widget.attrs.setdefault("aria-label", f.label)

    def clean_nickname(self) -> str:
        return _clean_nickname(self.cleaned_data["nickname"])

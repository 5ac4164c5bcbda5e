import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import roles
from gonghui.orgs.models import Org

from .actors import Actor
from .identity import normalize_mobile
from .roles import role_choices


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("用户名或手机号"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _("用户名（手机号）或密码不正确"),
        "inactive": _("该账号已停用，请联系所在工会"),
    }


REMEMBER_ME_LABEL = _("记住我（30天内免登录，请只在本人手机上勾选）")


class PortalLoginForm(LoginForm):
    """The member login: 记住我 keeps a member-only account signed in for 30 days (ignored for cadres)."""

    remember = forms.BooleanField(label=REMEMBER_ME_LABEL, required=False)


class SmsLoginForm(forms.Form):
    """短信验证码登录 (member-only accounts)."""

    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        error_messages={"required": _("请填写手机号")},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    code = forms.CharField(
        label=_("短信验证码"),
        max_length=6,
        min_length=6,
        error_messages={"required": _("请填写短信验证码"), "min_length": _("验证码为6位数字")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    remember = forms.BooleanField(label=REMEMBER_ME_LABEL, required=False)


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=_("当前密码"), widget=forms.PasswordInput)
    new_password1 = forms.CharField(
        label=_("新密码"), widget=forms.PasswordInput, help_text=_("至少10位，须同时包含字母和数字")
    )
    new_password2 = forms.CharField(label=_("再次输入新密码"), widget=forms.PasswordInput)

    def __init__(self, user: Actor, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_old_password(self) -> str:
        old = self.cleaned_data["old_password"]
        if not self.user.check_password(old):
            raise forms.ValidationError(_("当前密码不正确"))
        return str(old)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        new1, new2 = data.get("new_password1"), data.get("new_password2")
        if new1 and new2:
            if new1 != new2:
                self.add_error("new_password2", _("两次输入的新密码不一致"))
            else:
                try:
                    validate_password(new1, self.user)
                except forms.ValidationError as exc:
                    self.add_error("new_password1", exc)
        return data


class GrantForm(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=())
    org: forms.ModelChoiceField[Org] = forms.ModelChoiceField(
        label=_("组织"),
        queryset=Org.objects.none(),
        error_messages={"invalid_choice": _("不能在所选组织授权")},
    )

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices()  # type: ignore[attr-defined]
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]


class CadreCreateForm(GrantForm):
    username = forms.RegexField(
        label=_("用户名"),
        regex=r"^[A-Za-z][A-Za-z0-9_.-]{2,29}$",
        error_messages={"invalid": _("用户名以字母开头，3–30位字母、数字、下划线、点或短横线")},
    )
    name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False)

    field_order = ["username", "name", "phone", "role", "org"]

    def clean_phone(self) -> str | None:
        raw = self.cleaned_data.get("phone", "")
        return normalize_mobile(raw) if raw else None


class SmsCodeRequestForm(forms.Form):
    phone = forms.CharField(label=_("手机号"), max_length=20, error_messages={"required": _("请填写手机号")})


class SmsPasswordForm(forms.Form):
    phone = forms.CharField(label=_("手机号"), max_length=20, error_messages={"required": _("请填写手机号")})
    code = forms.CharField(
        label=_("短信验证码"),
        max_length=6,
        min_length=6,
        error_messages={"required": _("请填写短信验证码"), "min_length": _("验证码为6位数字")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    new_password1 = forms.CharField(
        label=_("新密码"), widget=forms.PasswordInput, help_text=_("至少10位，须同时包含字母和数字")
    )
    new_password2 = forms.CharField(label=_("再次输入新密码"), widget=forms.PasswordInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("new_password1")
            and data.get("new_password2")
            and data["new_password1"] != data["new_password2"]
        ):
            self.add_error("new_password2", _("两次输入的新密码不一致"))
        return data


def _end_of_day(day: dt.date) -> dt.datetime:
    """A grant's 到期日期 ends at the end of that local day."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


class ExpiryForm(forms.Form):
    """The 到期日期 of an object grant (to the end of that day; the service allows at most a year)."""

    expires_on = forms.DateField(
        label=_("到期日期"),
        error_messages={"required": _("请填写到期日期"), "invalid": _("到期日期格式不正确，请使用 年-月-日")},
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("到期后授权自动失效，最长一年"),
    )

    @property
    def expires_at(self) -> dt.datetime:
        return _end_of_day(self.cleaned_data["expires_on"])


class ObjectGrantForm(ExpiryForm):
    """外部账号授权: a person outside the union tree (name, phone: the phone is the login name), a role usable on
    the object, and the expiry."""

    name = forms.CharField(label=_("姓名"), max_length=50, error_messages={"required": _("请填写姓名")})
    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        error_messages={"required": _("请填写手机号")},
        help_text=_("作为登录用户名；已有账号的手机号将直接授权"),
    )
    role = forms.ChoiceField(label=_("角色"), choices=(), error_messages={"required": _("请选择角色")})

    field_order = ["name", "phone", "role", "expires_on"]

    def __init__(self, *args: Any, role_codes: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            (code, roles.get(code).label) for code in role_codes if code in roles
        ]

    def clean_phone(self) -> str:
        return normalize_mobile(self.cleaned_data.get("phone", ""))

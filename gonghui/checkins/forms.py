"""Input shapes of 签到: a session, the list's search, a scanned code and a typed member number."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.members.models import TargetList
from gonghui.orgs.models import Org

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SessionForm(forms.Form):
    org = forms.ModelChoiceField(
        label=_("主办工会"),
        queryset=Org.objects.none(),
        error_messages={"required": _("请选择主办工会"), "invalid_choice": _("请选择您可以组织签到的工会")},
    )
    title = forms.CharField(
        label=_("签到名称"), max_length=120, error_messages={"required": _("请填写签到名称")}
    )
    place = forms.CharField(label=_("地点"), max_length=120, required=False)
    starts_at = forms.DateTimeField(
        label=_("签到开始时间"),
        widget=DATETIME,
        error_messages={"required": _("请填写签到开始时间"), "invalid": _("签到开始时间格式不正确")},
    )
    ends_at = forms.DateTimeField(
        label=_("签到结束时间"),
        widget=DATETIME,
        error_messages={"required": _("请填写签到结束时间"), "invalid": _("签到结束时间格式不正确")},
    )
    target_list = forms.ModelChoiceField(
        label=_("签到名单"),
        queryset=TargetList.objects.none(),
        required=False,
        empty_label=_("不限：主办工会及下级工会的全部会员"),
        help_text=_("选择名单后，只有名单中的会员可以签到"),
        error_messages={"invalid_choice": _("请选择您可以使用的名单")},
    )

    def __init__(
        self, *args: Any, orgs: Any = None, target_lists: Any = None, editing: bool = False, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["org"]
        else:
            self.fields["org"].queryset = orgs if orgs is not None else Org.objects.none()  # type: ignore[attr-defined]
        if target_lists is not None:
            self.fields["target_list"].queryset = target_lists  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("签到结束时间须晚于开始时间"))
        return data


class FilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=60)


class ScanForm(forms.Form):
    payload = forms.CharField(
        label=_("会员码"), max_length=200, error_messages={"required": _("请扫描或粘贴会员码")}
    )


class NumberForm(forms.Form):
    number = forms.CharField(
        label=_("会员编号或会员卡号"),
        max_length=32,
        error_messages={"required": _("请填写会员编号或会员卡号")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class ConfirmForm(forms.Form):
    member = forms.UUIDField(error_messages={"required": _("请先查找会员"), "invalid": _("会员不正确")})

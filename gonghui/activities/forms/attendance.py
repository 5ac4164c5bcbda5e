"""Forms of part attendance: the scanner's code and member number, the list's filters, 补登, the report and a
photo. Messages name the field, in Chinese."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..selectors.attendance import FILTERS
from ..services.attendance import REPORT_MAX_CHARS


class AttendanceFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=FILTERS, required=False)
    q = forms.CharField(label=_("搜索"), max_length=50, required=False)


class ManualForm(forms.Form):
    number = forms.CharField(
        label=_("会员编号或会员卡号"),
        max_length=32,
        error_messages={"required": _("请填写会员编号或会员卡号")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    at = forms.DateTimeField(
        label=_("签到时间"),
        required=False,
        help_text=_("留空为现在"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"invalid": _("签到时间格式不正确")},
    )
    reason = forms.CharField(
        label=_("补登原因"),
        max_length=200,
        error_messages={"required": _("请填写补登原因")},
        widget=forms.TextInput(attrs={"placeholder": "如：手机没电，现场核实本人"}),
    )


class ReportForm(forms.Form):
    report = forms.CharField(
        label=_("活动总结"),
        max_length=REPORT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("请填写活动总结"),
            "max_length": _("活动总结不能超过%(limit_value)d字"),
        },
    )


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("活动照片"),
        help_text=_("JPG 或 PNG，每张不超过 10 MB"),
        error_messages={"required": _("请选择要上传的照片"), "empty": _("照片文件是空的")},
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )

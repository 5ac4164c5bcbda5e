from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import DayKind


class CalendarDayForm(forms.Form):
    date = forms.DateField(
        label=_("日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("请选择日期"), "invalid": _("日期格式不正确，请使用 年-月-日")},
    )
    kind = forms.ChoiceField(label=_("类型"), choices=DayKind.choices)
    name = forms.CharField(label=_("名称"), max_length=50, required=False)

"""The visit form the owner apps put on their pages (shape only; the service checks the date and the owner)."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import VisitOccasion


class VisitForm(forms.Form):
    visited_on = forms.DateField(
        label=_("走访日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("请填写走访日期"), "invalid": _("走访日期格式不正确")},
    )
    occasion = forms.ChoiceField(
        label=_("走访事由"),
        choices=VisitOccasion.choices,
        error_messages={"required": _("请选择走访事由"), "invalid_choice": _("请选择走访事由")},
    )
    visitors = forms.CharField(
        label=_("走访人员"),
        max_length=200,
        help_text=_("如：王主席、李干事"),
        error_messages={"required": _("请填写走访人员"), "max_length": _("走访人员不超过 200 字")},
    )
    content = forms.CharField(
        label=_("走访情况"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    gifts = forms.CharField(
        label=_("慰问物品"),
        required=False,
        max_length=200,
        help_text=_("慰问金请在“关爱记录”中登记，经台账支付"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("visited_on", timezone.localdate())
        super().__init__(*args, **kwargs)

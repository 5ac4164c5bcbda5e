"""The form of a committee (三委): its term, election and the upper union's approval. Shape only; the date rules
are in orgs/services/committees.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .founding import DateInput


class CommitteeForm(forms.Form):
    term_started_on = forms.DateField(
        label=_("任期开始"),
        widget=DateInput(),
        error_messages={"required": _("请填写任期开始日期"), "invalid": _("任期开始日期格式不正确")},
    )
    term_ends_on = forms.DateField(
        label=_("任期届满"),
        widget=DateInput(),
        error_messages={"required": _("请填写任期届满日期"), "invalid": _("任期届满日期格式不正确")},
    )
    elected_on = forms.DateField(
        label=_("选举日期"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("选举日期格式不正确")},
    )
    approved_on = forms.DateField(
        label=_("上级工会批复日期"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("上级工会批复日期格式不正确")},
    )
    approval_reference = forms.CharField(
        label=_("批复文号"),
        max_length=60,
        required=False,
        help_text=_("如 焦教工〔2024〕12号"),
        error_messages={"max_length": _("批复文号不能超过60个字")},
    )

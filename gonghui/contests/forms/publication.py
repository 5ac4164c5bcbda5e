"""Forms of the publication part: the results 公示's window (the kind's 5 working days unless given)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.notices.services import WINDOW_MAX

DEFAULT_WINDOW = 5


class ResultsNoticeForm(forms.Form):
    window_length = forms.IntegerField(
        label=_("公示期（工作日）"),
        min_value=1,
        max_value=WINDOW_MAX,
        required=False,
        error_messages={
            "invalid": _("公示期请填写整数"),
            "min_value": _("公示期至少1个工作日"),
            "max_value": _("公示期最多%(limit_value)s个工作日"),
        },
    )

"""Forms of part stats: the choice of union on 婚恋交友统计."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class StatsForm(forms.Form):
    org = forms.ChoiceField(label=_("工会"), required=False)

    def __init__(self, *args: Any, orgs: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = orgs  # type: ignore[attr-defined]
        self.fields["org"].widget.attrs["aria-label"] = "工会"

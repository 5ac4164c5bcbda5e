"""Forms of part reading: the portal list's filters (column and kind)."""

from typing import Any

from django import forms

from ..choices import ArticleKind


class PortalFilterForm(forms.Form):
    column = forms.TypedChoiceField(label="专栏", required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "全部类别"), *ArticleKind.choices])

    def __init__(self, *args: Any, columns: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["column"].choices = [("", "全部专栏"), *((str(c.pk), c.name) for c in columns)]  # type: ignore[attr-defined]

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import Org


class UploadForm(forms.Form):
    org: forms.ModelChoiceField[Org] = forms.ModelChoiceField(
        label=_("导入到"),
        queryset=Org.objects.none(),
        empty_label=None,
        error_messages={"required": _("请选择导入到哪个组织"), "invalid_choice": _("不能导入到所选组织")},
    )
    file = forms.FileField(
        label=_("Excel 文件"),
        error_messages={"required": _("请选择要上传的文件"), "empty": _("文件是空的")},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls"}),
    )

    def __init__(self, *args: Any, orgs: QuerySet[Org], current: Org | None = None, **kwargs: Any) -> None:
        """`orgs` are the orgs the user may import into; the choice starts at `current` (the org the console is
        working in) when it is one of them, else at the first (the highest in the tree)."""
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        ids = [org.pk for org in orgs]
        if current is not None and current.pk in ids:
            self.fields["org"].initial = current.pk
        elif ids:
            self.fields["org"].initial = ids[0]

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import Org


class UploadForm(forms.Form):
    org: forms.ModelChoiceField[Org] = forms.ModelChoiceField(
        label=_("导入到"),
        queryset=Org.objects.none(),
        error_messages={"required": _("请选择导入到哪个组织"), "invalid_choice": _("不能导入到所选组织")},
    )
    file = forms.FileField(
        label=_("Excel 文件"),
        error_messages={"required": _("请选择要上传的文件"), "empty": _("文件是空的")},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls"}),
    )

    def __init__(self, *args: Any, orgs: QuerySet[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]

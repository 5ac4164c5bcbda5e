from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.identity import normalize_identifier

from ..models import Org
from ..services.tree import ORG_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"


class OrgForm(forms.ModelForm[Org]):
    class Meta:
        model = Org
        fields = ORG_FIELDS
        widgets = {
            "founded_on": DateInput(),
            "term_started_on": DateInput(),
            "term_ends_on": DateInput(),
        }

    def clean_credit_code(self) -> str:
        return normalize_identifier(self.cleaned_data.get("credit_code", ""))

    def clean_code(self) -> str:
        return str(self.cleaned_data.get("code", "")).strip().upper()


class OrgMoveForm(forms.Form):
    new_parent: forms.ModelChoiceField[Org] = forms.ModelChoiceField(
        label=_("新的上级组织"),
        queryset=Org.objects.none(),
        error_messages={"required": _("请选择新的上级组织"), "invalid_choice": _("不能移动到所选组织")},
    )

    def __init__(self, *args: Any, targets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = targets  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("停用原因"),
        max_length=200,
        error_messages={"required": _("请填写停用原因")},
    )


class DepartmentForm(forms.Form):
    name = forms.CharField(
        label=_("部门名称"), max_length=50, error_messages={"required": _("请填写部门名称")}
    )

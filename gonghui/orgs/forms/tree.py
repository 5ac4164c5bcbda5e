from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.identity import normalize_identifier

from ..models import HEADCOUNT_FIELDS, CoveredUnit, Org
from ..search import split_aliases
from ..services.covered import COVERED_UNIT_FIELDS
from ..services.tree import CONFIRM_SIMILAR, ORG_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"


class AliasesField(forms.CharField):
    """别名 typed one a line (or separated by 、，；) and stored as a list."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(str(alias) for alias in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, list):
            return [str(alias) for alias in value]
        return split_aliases(str(value or ""))

    def has_changed(self, initial: Any, data: Any) -> bool:
        return list(initial or []) != self.to_python(data)


class OrgForm(forms.ModelForm[Org]):
    aliases = AliasesField(
        label=_("别名"),
        required=False,
        help_text=_("职工常用的叫法，每行一个，如“焦作一中”“解放一中”；入会和转会查找工会时也能找到"),
    )

    class Meta:
        model = Org
        fields = ORG_FIELDS
        widgets = {
            "founded_on": DateInput(),
            "term_started_on": DateInput(),
            "term_ends_on": DateInput(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # 仍然创建: hidden until the service warns of a near-identical name (`ask_to_confirm`)
            self.fields[CONFIRM_SIMILAR] = forms.BooleanField(
                label=_("仍然创建（已核对，不是同一个工会）"), required=False, widget=forms.HiddenInput
            )
        elif self.instance.is_joint:
            for name in HEADCOUNT_FIELDS:
                field = self.fields[name]
                field.disabled = True
                field.help_text = _("联合基层工会按所覆盖单位合计，在组织页面“所覆盖单位”中维护")

    def ask_to_confirm(self) -> bool:
        """After a near-name warning: show the 仍然创建 checkbox (True when there is one to show)."""
        if CONFIRM_SIMILAR not in self.errors:
            return False
        self.fields[CONFIRM_SIMILAR].widget = forms.CheckboxInput()
        return True

    def clean_credit_code(self) -> str:
        return normalize_identifier(self.cleaned_data.get("credit_code", ""))

    def clean_code(self) -> str:
        return str(self.cleaned_data.get("code", "")).strip().upper()

    def validate_constraints(self) -> None:
        """All but the 统一社会信用代码 rule, which the service checks naming the org that holds the code."""
        exclude = {f.name for f in Org._meta.concrete_fields if f.name not in self.fields} | {"credit_code"}
        try:
            self.instance.validate_constraints(exclude=exclude)
        except ValidationError as exc:
            self.add_error(None, exc)


class CoveredUnitForm(forms.ModelForm[CoveredUnit]):
    class Meta:
        model = CoveredUnit
        fields = COVERED_UNIT_FIELDS

    def clean_credit_code(self) -> str:
        return normalize_identifier(self.cleaned_data.get("credit_code", ""))

    def validate_constraints(self) -> None:
        """The (org, name) rule is the service's: the form has no org to check it against."""


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

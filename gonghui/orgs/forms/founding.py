"""Forms of the 建会 pages: they check shape only; the rules across rows live in orgs/services/founding.py."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.identity import normalize_identifier

from ..models import UnionFounding
from ..services.founding import FOUNDING_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"


class FoundingForm(forms.ModelForm[UnionFounding]):
    """Register a unit (with its supervising union) or edit its registration (without)."""

    class Meta:
        model = UnionFounding
        fields = ("org", *FOUNDING_FIELDS)
        widgets = {"note": forms.TextInput()}
        error_messages = {
            "org": {"required": _("请选择主管工会"), "invalid_choice": _("不能在所选工会下登记")},
            "unit_name": {"required": _("请填写单位名称")},
            "headcount_established": {
                "required": _("请填写在编职工数"),
                "invalid": _("在编职工数应为非负整数"),
            },
            "headcount_contract": {
                "required": _("请填写非在编职工数"),
                "invalid": _("非在编职工数应为非负整数"),
            },
            "headcount_dispatched": {
                "required": _("请填写劳务派遣职工数"),
                "invalid": _("劳务派遣职工数应为非负整数"),
            },
        }

    def __init__(self, *args: Any, supervisors: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if supervisors is None:
            del self.fields["org"]
        else:
            self.fields["org"].queryset = supervisors  # type: ignore[attr-defined]
        for name in ("headcount_established", "headcount_contract", "headcount_dispatched"):
            self.fields[name].min_value = 0  # type: ignore[attr-defined]

    def clean_credit_code(self) -> str:
        return normalize_identifier(self.cleaned_data.get("credit_code", ""))

    def validate_unique(self) -> None:
        """Uniqueness is the service's job (it names the field and the other unit)."""


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("说明"), max_length=200, required=False, widget=forms.Textarea({"rows": 3})
    )


class FoundForm(forms.Form):
    """宣布建会: the new union's code and name."""

    name = forms.CharField(
        label=_("工会名称"), max_length=100, error_messages={"required": _("请填写工会名称")}
    )
    short_name = forms.CharField(label=_("简称"), max_length=50, required=False)
    code = forms.CharField(
        label=_("组织编码"),
        max_length=20,
        help_text=_("如 JFQ08：以大写字母开头，2–20位大写字母、数字或短横线"),
        error_messages={"required": _("请填写组织编码")},
    )
    founded_on = forms.DateField(
        label=_("建会日期"),
        widget=DateInput(),
        error_messages={"required": _("请填写建会日期"), "invalid": _("建会日期格式不正确")},
    )
    chair_name = forms.CharField(label=_("工会主席"), max_length=50, required=False)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def clean_code(self) -> str:
        return str(self.cleaned_data.get("code", "")).strip().upper()


class CompleteForm(forms.Form):
    """信息完善: chair and term of the new union."""

    chair_name = forms.CharField(
        label=_("工会主席"), max_length=50, error_messages={"required": _("请填写工会主席")}
    )
    term_started_on = forms.DateField(
        label=_("本届任期开始"),
        widget=DateInput(),
        error_messages={"required": _("请填写任期开始日期"), "invalid": _("任期开始日期格式不正确")},
    )
    term_ends_on = forms.DateField(
        label=_("本届任期届满"),
        widget=DateInput(),
        error_messages={"required": _("请填写任期届满日期"), "invalid": _("任期届满日期格式不正确")},
    )
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

"""The member's correction request (信息更正, portal): every field starts from the value on record, shown beside it as
"当前：…" (the phone masked, as it is everywhere else); only the fields the member changed become corrections.
Shape only: `correction_request_submit` checks the values."""

from typing import Any

from django import forms

from gonghui.codelists.models import CodeItem

from ..choices import Employment, HouseholdType, SkillLevel
from ..models import Member
from ..selectors.corrections import CODE_LISTS, ENUMS, correction_value_display

NOT_FILLED = "未填写"


class CorrectionForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50, required=False)
    phone = forms.CharField(
        label="手机号",
        max_length=20,
        required=False,
        widget=forms.TextInput(
            attrs={"inputmode": "tel", "autocomplete": "tel", "placeholder": "不更换请留空"}
        ),
    )
    ethnicity = forms.ChoiceField(label="民族", required=False)
    education = forms.ChoiceField(label="学历", required=False)
    political_status = forms.ChoiceField(label="政治面貌", required=False)
    employment = forms.ChoiceField(label="用工性质", choices=Employment.choices, required=False)
    position_title = forms.CharField(label="岗位/职称", max_length=50, required=False)
    skill_level = forms.ChoiceField(label="技能等级", choices=SkillLevel.choices, required=False)
    household_type = forms.ChoiceField(label="户籍类型", choices=HouseholdType.choices, required=False)
    note = forms.CharField(
        label="说明", max_length=200, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, member: Member, **kwargs: Any) -> None:
        # the phone starts blank (a new number is typed in full); every other field starts from the record
        kwargs["initial"] = {
            field: str(getattr(member, field) or "")
            for field in self.base_fields
            if field not in {"phone", "note"}
        }
        super().__init__(*args, **kwargs)
        self.member = member
        codes: dict[str, list[tuple[str, str]]] = {key: [] for key in CODE_LISTS.values()}
        for code, name, key in CodeItem.objects.filter(list_key__in=list(codes), is_active=True).values_list(
            "code", "name", "list_key"
        ):
            codes[key].append((code, name))
        for field in (*CODE_LISTS, *ENUMS):
            current = str(getattr(member, field) or "")
            options = codes[CODE_LISTS[field]] if field in CODE_LISTS else list(ENUMS[field].choices)
            if current and current not in {value for value, _ in options}:
                # a value no longer offered (an inactive code) is still the one on record
                options = [(current, correction_value_display(field, current)), *options]
            choice: Any = self.fields[field]
            choice.choices = options if current else [("", NOT_FILLED), *options]
        for field in self.fields:
            if field == "note":
                continue
            self.fields[field].help_text = f"当前：{self.current_display(field)}"

    def current_display(self, field: str) -> str:
        """The value on record as the member reads it (the phone masked)."""
        value = str(getattr(self.member, field) or "")
        if not value:
            return NOT_FILLED
        if field == "phone":
            return self.member.phone_masked
        return correction_value_display(field, value)

    def changes(self) -> dict[str, str]:
        """The fields the member changed, with their new values (a field emptied is not a correction)."""
        return {
            field: self.cleaned_data[field]
            for field in self.changed_data
            if field != "note" and str(self.cleaned_data[field]).strip()
        }

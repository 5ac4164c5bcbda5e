"""Forms of part browse: the filters of the people list (shape only; the viewer's `seeking` is the gender
default, filled in by the view)."""

from django import forms

from gonghui.orgs.choices import Industry

from ..choices import Education, Seeking
from ..selectors.profiles import AGE_BANDS

AGE_CHOICES = [("", "不限"), *((str(i), label) for i, (label, _y, _o) in enumerate(AGE_BANDS))]


class BrowseFilterForm(forms.Form):
    gender = forms.ChoiceField(label="性别", choices=Seeking.choices, required=False)
    age = forms.TypedChoiceField(
        label="年龄段", choices=AGE_CHOICES, coerce=int, empty_value=None, required=False
    )
    education = forms.ChoiceField(label="学历", choices=[("", "不限"), *Education.choices], required=False)
    industry = forms.ChoiceField(label="单位类型", choices=[("", "不限"), *Industry.choices], required=False)

"""The form of a 女职工特殊保护检查表: the arrangements (yes/no), the screening's participant count and a note. Shape
only; the rules (the count only when a screening was organised, no health result in the note) are in
orgs/services/protection.py."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ProtectionChecklistForm(forms.Form):
    pregnancy_care = forms.BooleanField(label=_("孕期保护措施已落实"), required=False)
    maternity_care = forms.BooleanField(label=_("产期保护（产假、生育待遇）已落实"), required=False)
    nursing_care = forms.BooleanField(label=_("哺乳期保护（哺乳时间）已落实"), required=False)
    health_room = forms.BooleanField(label=_("设有女职工卫生室或母婴室"), required=False)
    screening_organised = forms.BooleanField(label=_("组织了两癌筛查"), required=False)
    screening_participants = forms.IntegerField(
        label=_("两癌筛查参加人数"),
        required=False,
        min_value=0,
        help_text=_("只填人数；组织了两癌筛查时必填"),
        error_messages={
            "invalid": _("两癌筛查参加人数应为整数"),
            "min_value": _("两癌筛查参加人数应为不小于0的整数"),
        },
    )
    note = forms.CharField(
        label=_("说明"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("只写措施和组织情况，不写任何个人的姓名、检查结果或健康信息"),
        error_messages={"max_length": _("说明不能超过300个字")},
    )

"""Forms of the 委员名单 page: seat a member (picked from the search within the union) and change a role. Shape
only; the rules (a member of that union, one 主任, women on the 女职工委员会) are in
members/services/committee_seats.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..choices import CommitteeRole


class SeatRoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("职务"),
        choices=CommitteeRole.choices,
        error_messages={"required": _("请选择职务"), "invalid_choice": _("请选择职务")},
    )


class SeatAddForm(SeatRoleForm):
    member = forms.UUIDField(
        label=_("会员"),
        widget=forms.HiddenInput(),
        error_messages={"required": _("请先查找并选择会员"), "invalid": _("请先查找并选择会员")},
    )

"""Forms of part teams: the list's filters, the delegation (event and team facts), adding a member to the roster,
the reason of a 退回, and the results (the team's, and one field per roster entry)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..choices import DelegationRole, DelegationStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE,
        error_messages={
            "required": "请填写" + label,
            "invalid": label + "格式不正确，请按“2026-05-01”填写",
        },
    )


class DelegationFilterForm(forms.Form):
    q = forms.CharField(label=_("队名、赛事或工会"), required=False, max_length=50)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *DelegationStatus.choices]
    )
    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)
    org = forms.TypedChoiceField(label=_("组队工会"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, years: list[int], orgs: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部年度")), *((y, f"{y}年") for y in years)]  # type: ignore[attr-defined]
        self.fields["org"].choices = [("", _("全部工会")), *orgs]  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = field.label


class DelegationForm(forms.Form):
    org: forms.ModelChoiceField = forms.ModelChoiceField(  # type: ignore[type-arg]
        label=_("组队工会"),
        queryset=None,
        error_messages={"required": _("请选择组队工会"), "invalid_choice": _("请选择您有权组队的工会")},
    )
    name = forms.CharField(
        label=_("队名"),
        max_length=100,
        help_text=_("如“市教科文卫体工会男子篮球队”"),
        error_messages={"required": _("请填写队名"), "max_length": _("队名不能超过 100 个字")},
    )
    event_name = forms.CharField(
        label=_("赛事/活动名称"),
        max_length=200,
        error_messages={
            "required": _("请填写赛事/活动名称"),
            "max_length": _("赛事/活动名称不能超过 200 个字"),
        },
    )
    event_organiser = forms.CharField(
        label=_("主办单位"),
        max_length=100,
        required=False,
        initial="河南省教科文卫体工会",
        error_messages={"max_length": _("主办单位不能超过 100 个字")},
    )
    event_item = forms.CharField(
        label=_("参赛项目"),
        max_length=100,
        required=False,
        help_text=_("如“男子篮球”；队员各自的项目可在名单中填写"),
        error_messages={"max_length": _("参赛项目不能超过 100 个字")},
    )
    event_place = forms.CharField(
        label=_("举办地点"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("举办地点不能超过 200 个字")},
    )
    event_starts_on = _date("开始日期")
    event_ends_on = _date("结束日期")
    entry_deadline = _date("报名截止", required=False)
    max_size = forms.IntegerField(
        label=_("人数上限"),
        required=False,
        min_value=1,
        max_value=500,
        help_text=_("主办方规定的报名人数（不含非会员教练）；不限可不填"),
        error_messages={
            "invalid": _("人数上限请填写整数"),
            "min_value": _("人数上限至少为 1"),
            "max_value": _("人数上限不能超过 500"),
        },
    )
    coach_name = forms.CharField(
        label=_("教练（非会员时填写）"),
        max_length=50,
        required=False,
        help_text=_("教练是会员的，请在名单中以“教练”角色加入"),
        error_messages={"max_length": _("教练姓名不能超过 50 个字")},
    )

    def __init__(self, *args: Any, orgs: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if orgs is None:
            del self.fields["org"]
        else:
            self.fields["org"].queryset = orgs  # type: ignore[attr-defined]


class RosterAddForm(forms.Form):
    who = forms.CharField(
        label=_("会员编号或姓名"),
        max_length=50,
        error_messages={
            "required": _("请填写会员编号或姓名"),
            "max_length": _("会员编号或姓名不能超过 50 个字"),
        },
    )
    role = forms.ChoiceField(
        label=_("队内角色"),
        choices=DelegationRole.choices,
        initial=DelegationRole.PLAYER,
        error_messages={"required": _("请选择队内角色"), "invalid_choice": _("请选择队内角色")},
    )
    item = forms.CharField(
        label=_("参赛项目"),
        max_length=100,
        required=False,
        error_messages={"max_length": _("参赛项目不能超过 100 个字")},
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("退回原因"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写退回原因"), "max_length": _("退回原因不能超过 200 个字")},
    )


class ResultForm(forms.Form):
    result = forms.CharField(
        label=_("比赛成绩（团体）"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("如“男子篮球团体第三名”"),
        error_messages={"required": _("请填写比赛成绩"), "max_length": _("比赛成绩不能超过 2000 个字")},
    )

    def __init__(self, *args: Any, entries: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entry_fields: list[tuple[Any, str]] = []
        for entry in entries:
            key = f"member_{entry.pk}"
            self.fields[key] = forms.CharField(
                label=f"{entry.member.name}（{entry.get_role_display()}）",
                max_length=200,
                required=False,
                initial=entry.result,
                error_messages={"max_length": f"{entry.member.name}的个人成绩不能超过 200 个字"},
            )
            self.entry_fields.append((entry, key))

    def entry_bound_fields(self) -> list[tuple[Any, forms.BoundField]]:
        return [(entry, self[key]) for entry, key in self.entry_fields]

    def member_results(self) -> dict[int, str]:
        return {entry.pk: self.cleaned_data.get(key) or "" for entry, key in self.entry_fields}

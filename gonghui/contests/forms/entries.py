"""Forms of 报名: the filters of a round's entries, the entry form (union, group, people: the leader first), 换人 and
退赛."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.members.models import Member
from gonghui.orgs.models import Org

from ..choices import EntryKind, EntryStatus
from ..models import ContestGroup, EntryMember


class EntryFilterForm(forms.Form):
    q = forms.CharField(label=_("姓名或项目"), required=False, max_length=50)
    group = forms.ModelChoiceField(
        label=_("组别"), queryset=ContestGroup.objects.none(), required=False, empty_label=_("全部组别")
    )
    org = forms.ModelChoiceField(
        label=_("报名单位"), queryset=Org.objects.none(), required=False, empty_label=_("全部单位")
    )
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *EntryStatus.choices]
    )

    def __init__(
        self, *args: Any, groups: QuerySet[ContestGroup], orgs: QuerySet[Org], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]


class MemberLabelChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.org.name}）"


class MemberLabelMultipleChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.org.name}）"


class EntryForm(forms.Form):
    """The people are ticked in a list of the eligible members (`members`); in a team group one of them is the
    leader (`leader`), put first."""

    entrant_org = forms.ModelChoiceField(
        label=_("报名单位"),
        queryset=Org.objects.none(),
        empty_label=None,
        error_messages={"required": _("请选择报名单位"), "invalid_choice": _("所选报名单位不可报名")},
    )
    group = forms.ModelChoiceField(
        label=_("组别"),
        queryset=ContestGroup.objects.none(),
        empty_label=None,
        error_messages={"required": _("请选择组别"), "invalid_choice": _("所选组别不属于本竞赛")},
    )
    title = forms.CharField(
        label=_("参赛项目"), required=False, max_length=200, help_text=_("如课题、作品名称，可不填")
    )
    members = MemberLabelMultipleChoice(
        label=_("参赛人员"),
        queryset=Member.objects.none(),
        error_messages={"required": _("请选择参赛人员"), "invalid_choice": _("所选人员不可报名")},
    )
    leader = MemberLabelChoice(
        label=_("队长"),
        queryset=Member.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("所选队长不可报名")},
    )

    def __init__(
        self,
        *args: Any,
        orgs: QuerySet[Org],
        groups: QuerySet[ContestGroup],
        candidates: QuerySet[Member],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entrant_org"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        self.fields["members"].queryset = candidates  # type: ignore[attr-defined]
        self.fields["leader"].queryset = candidates  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        people: list[Member] = list(data.get("members") or [])
        leader: Member | None = data.get("leader")
        group: ContestGroup | None = data.get("group")
        if group is not None and people and group.entry_kind == EntryKind.TEAM:
            if leader is None and len(people) > 1:
                self.add_error("leader", _("请指定队长"))
            elif leader is not None:
                people = [leader, *[p for p in people if p.pk != leader.pk]]
        data["people"] = people
        return data


class ReplaceForm(forms.Form):
    old_member = forms.ModelChoiceField(
        label=_("换下人员"),
        queryset=Member.objects.none(),
        empty_label=None,
        error_messages={"required": _("请选择换下人员"), "invalid_choice": _("所选换下人员不在本报名中")},
    )
    new_member = MemberLabelChoice(
        label=_("换上人员"),
        queryset=Member.objects.none(),
        error_messages={"required": _("请选择换上人员"), "invalid_choice": _("所选人员不可报名")},
    )
    reason = forms.CharField(
        label=_("换人原因"),
        max_length=200,
        error_messages={"required": _("请填写换人原因"), "max_length": _("换人原因不能超过 200 字")},
    )

    def __init__(
        self, *args: Any, people: list[EntryMember], candidates: QuerySet[Member], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["old_member"]
        field.queryset = Member.objects.filter(pk__in=[p.member_id for p in people])  # type: ignore[attr-defined]
        field.label_from_instance = lambda member: member.name  # type: ignore[attr-defined]
        self.fields["new_member"].queryset = candidates  # type: ignore[attr-defined]


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("退赛原因"),
        max_length=200,
        error_messages={"required": _("请填写退赛原因"), "max_length": _("退赛原因不能超过 200 字")},
    )

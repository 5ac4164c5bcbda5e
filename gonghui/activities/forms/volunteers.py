"""Forms of part volunteers (志愿服务): the team list's filters, the team and project forms, adding a volunteer by
会员编号 or name, 退出, the batch entry of one day's service (one row per current volunteer: hours and travel, a blank
row skipped), a record's correction and 撤销, training and awards, the yearly totals' filters and the member's 证明
request. Shape only: the services check the rules."""

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from gonghui.orgs.models import Org

from ..choices import ServiceEvaluation, VolunteerNoteKind, VolunteerTeamKind
from ..models import Activity, VolunteerMembership, VolunteerTeam
from ..services.volunteers import PLACE_TAGS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE,
        error_messages={"required": f"请填写{label}", "invalid": f"{label}格式不正确"},
    )


def _hours(label: str, *, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=5,
        decimal_places=1,
        error_messages={
            "required": f"请填写{label}",
            "invalid": f"{label}须是数字",
            "max_digits": f"{label}过大",
            "max_decimal_places": f"{label}最多保留1位小数",
            "max_whole_digits": f"{label}过大",
        },
    )


class _Labelled(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.widget.attrs.setdefault("aria-label", f.label)


class TeamFilterForm(_Labelled):
    q = forms.CharField(label="队名或简介", required=False, max_length=50)
    kind = forms.ChoiceField(
        label="服务类别", required=False, choices=[("", "全部类别"), *VolunteerTeamKind.choices]
    )
    org = forms.ModelChoiceField(
        label="工会", required=False, queryset=Org.objects.none(), empty_label="全部工会"
    )
    active = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), ("1", "在册"), ("0", "已撤销")]
    )

    def __init__(self, *args: Any, orgs: QuerySet[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]


class TeamForm(forms.Form):
    org = forms.ModelChoiceField(
        label="所属工会",
        queryset=Org.objects.none(),
        error_messages={"required": "请选择所属工会", "invalid_choice": "请选择您可以管理的工会"},
    )
    name = forms.CharField(label="队名", max_length=100, error_messages={"required": "请填写队名"})
    kind = forms.ChoiceField(
        label="服务类别", choices=VolunteerTeamKind.choices, error_messages={"required": "请选择服务类别"}
    )
    description = forms.CharField(label="简介", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    leader = forms.CharField(
        label="队长", required=False, max_length=50, help_text="填写队长的会员编号或姓名，可留空"
    )
    founded_on = _date("成立日期", required=False)
    active = forms.BooleanField(label="在册", required=False, initial=True)

    def __init__(self, *args: Any, orgs: QuerySet[Org] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if orgs is None:
            del self.fields["org"]
        else:
            self.fields["org"].queryset = orgs  # type: ignore[attr-defined]


class VolunteerAddForm(forms.Form):
    query = forms.CharField(
        label="会员编号或姓名",
        max_length=50,
        help_text="本会及下级工会的会员；重名时请填写会员编号",
        error_messages={"required": "请填写会员编号或姓名"},
    )
    joined_on = _date("加入日期")
    speciality = forms.CharField(label="服务特长", required=False, max_length=100)


class LeaveForm(forms.Form):
    left_on = _date("退出日期")


class ProjectForm(forms.Form):
    title = forms.CharField(label="项目名称", max_length=100, error_messages={"required": "请填写项目名称"})
    place = forms.CharField(label="服务地点", max_length=200, error_messages={"required": "请填写服务地点"})
    tags = forms.MultipleChoiceField(
        label="地点标签",
        required=False,
        choices=[(tag, tag) for tag in PLACE_TAGS],
        widget=forms.CheckboxSelectMultiple,
    )
    other_tags = forms.CharField(
        label="其他标签", required=False, max_length=100, help_text="多个标签用逗号分隔"
    )
    starts_on = _date("开始日期")
    ends_on = _date("结束日期", required=False)
    content = forms.CharField(label="服务内容", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    activity = forms.ModelChoiceField(
        label="关联活动",
        required=False,
        queryset=Activity.objects.none(),
        help_text="项目的报名通过活动进行时选择",
        error_messages={"invalid_choice": "请选择本会或下级工会的活动"},
    )

    def __init__(self, *args: Any, activities: QuerySet[Activity], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]


class RecordBatchForm(forms.Form):
    """One day of a project's service: the day, what was done, then a row per current volunteer (a blank hours
    cell skips the volunteer)."""

    served_on = _date("服务日期")
    content = forms.CharField(label="服务内容", max_length=200, error_messages={"required": "请填写服务内容"})

    def __init__(self, *args: Any, memberships: list[VolunteerMembership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.memberships = memberships
        for m in memberships:
            self.fields[f"hours_{m.pk}"] = _hours(f"{m.member.name}的服务时长", required=False)
            self.fields[f"travel_{m.pk}"] = _hours(f"{m.member.name}的往返交通时长", required=False)
            self.fields[f"evaluation_{m.pk}"] = forms.ChoiceField(
                label=f"{m.member.name}的服务评价",
                required=False,
                choices=[("", "—"), *ServiceEvaluation.choices],
            )

    def rows(self) -> list[dict[str, Any]]:
        """The form's rows for the template: the volunteer and their three bound fields."""
        return [
            {
                "membership": m,
                "hours": self[f"hours_{m.pk}"],
                "travel": self[f"travel_{m.pk}"],
                "evaluation": self[f"evaluation_{m.pk}"],
            }
            for m in self.memberships
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = [m for m in self.memberships if data.get(f"hours_{m.pk}") is not None]
        if not filled and not self.errors:
            raise forms.ValidationError("请至少为一名志愿者填写服务时长")
        data["entries"] = [
            (
                m.member,
                data[f"hours_{m.pk}"],
                data.get(f"travel_{m.pk}") or Decimal("0"),
                data.get(f"evaluation_{m.pk}") or "",
            )
            for m in filled
        ]
        return data


class RecordForm(forms.Form):
    hours = _hours("服务时长（小时）")
    travel_hours = _hours("往返交通（小时，不计入）")
    content = forms.CharField(label="服务内容", max_length=200, error_messages={"required": "请填写服务内容"})
    evaluation = forms.ChoiceField(
        label="服务评价", required=False, choices=[("", "—"), *ServiceEvaluation.choices]
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="撤销原因",
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写撤销原因"},
    )


class ConfirmForm(forms.Form):
    """A confirmation page's form: nothing to fill."""


class AttendanceRecordsForm(forms.Form):
    """按活动签到生成服务记录: the confirmation, with an optional one figure for everyone."""

    hours = _hours("统一服务时长（小时）", required=False)
    hours.help_text = (
        "一般留空：按每人签到至签退时间计算（向下取整到半小时），未签退的按活动时长；填写则每人均按此时长"
    )


class NoteForm(forms.Form):
    kind = forms.ChoiceField(
        label="类别", choices=VolunteerNoteKind.choices, error_messages={"required": "请选择类别"}
    )
    title = forms.CharField(label="名称", max_length=200, error_messages={"required": "请填写培训或表彰名称"})
    on_date = _date("日期")
    issuer = forms.CharField(label="组织/授予单位", required=False, max_length=100)
    hours = _hours("培训学时", required=False)


class HoursFilterForm(_Labelled):
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    team = forms.ModelChoiceField(
        label="服务队", required=False, queryset=VolunteerTeam.objects.none(), empty_label="全部服务队"
    )
    org = forms.ModelChoiceField(
        label="工会", required=False, queryset=Org.objects.none(), empty_label="全部工会"
    )

    def __init__(
        self, *args: Any, teams: QuerySet[VolunteerTeam], orgs: QuerySet[Org], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]


class ProofRequestForm(forms.Form):
    org = forms.ModelChoiceField(
        label="出具工会",
        queryset=Org.objects.none(),
        empty_label=None,
        error_messages={"required": "请选择出具证明的工会", "invalid_choice": "请选择您所在服务队的工会"},
    )
    period_from = _date("起始日期")
    period_to = _date("截止日期")
    purpose = forms.CharField(
        label="用途", required=False, max_length=100, help_text="如：评优评先、升学、求职"
    )

    def __init__(self, *args: Any, orgs: QuerySet[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        today = timezone.localdate()
        self.fields["period_from"].initial = today.replace(month=1, day=1)
        self.fields["period_to"].initial = today

"""Forms of part sessions: the session, a motion, the open counts, the resolution, a document, the petition (portal)
and the petitions filter. They check shape; the rules are the services'."""

from typing import Any

from django import forms

from ..choices import BallotKind, PetitionStatus
from ..models import CongressSession, Motion
from ..selectors.sessions import VOTE_OPTIONS
from ..services.sessions import MotionInput, SessionInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class SessionForm(forms.Form):
    title = forms.CharField(label="会议名称", max_length=100, error_messages={"required": "请填写会议名称"})
    starts_at = forms.DateTimeField(
        label="开始时间",
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        error_messages={"required": "请填写开始时间", "invalid": "开始时间格式不正确"},
    )
    ends_at = forms.DateTimeField(
        label="结束时间",
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        error_messages={"required": "请填写结束时间", "invalid": "结束时间格式不正确"},
    )
    venue = forms.CharField(label="地点", max_length=100, required=False)
    agenda = forms.CharField(
        label="会议议程",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="每行一项，如：听取和审议校长工作报告",
    )
    proposals_open_on = forms.DateField(
        label="提案征集开始",
        required=False,
        widget=DATE,
        error_messages={"invalid": "提案征集开始日期格式不正确"},
    )
    proposals_close_on = forms.DateField(
        label="提案征集截止",
        required=False,
        widget=DATE,
        error_messages={"invalid": "提案征集截止日期格式不正确"},
    )

    def session_input(self, *, kind: str = "regular") -> SessionInput:
        data = self.cleaned_data
        return SessionInput(
            title=data["title"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            venue=data.get("venue") or "",
            agenda=data.get("agenda") or "",
            proposals_open_on=data.get("proposals_open_on"),
            proposals_close_on=data.get("proposals_close_on"),
            kind=kind,
        )


def session_initial(session: CongressSession) -> dict[str, Any]:
    return {
        "title": session.title,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "venue": session.venue,
        "agenda": session.agenda,
        "proposals_open_on": session.proposals_open_on,
        "proposals_close_on": session.proposals_close_on,
    }


class MotionForm(forms.Form):
    title = forms.CharField(label="表决事项", max_length=120, error_messages={"required": "请填写表决事项"})
    description = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    ballot_kind = forms.ChoiceField(
        label="表决方式",
        choices=BallotKind.choices,
        initial=BallotKind.OPEN,
        widget=forms.RadioSelect,
        help_text="无记名投票：代表在手机上投票，选择与身份分开保存，任何人都无法知道谁投了什么",
        error_messages={"required": "请选择表决方式"},
    )
    sort_order = forms.IntegerField(
        label="排序", required=False, min_value=0, max_value=999, error_messages={"invalid": "排序须为数字"}
    )

    def motion_input(self) -> MotionInput:
        data = self.cleaned_data
        return MotionInput(
            title=data["title"],
            description=data.get("description") or "",
            ballot_kind=data["ballot_kind"],
            sort_order=data.get("sort_order"),
        )


def motion_initial(motion: Motion) -> dict[str, Any]:
    return {
        "title": motion.title,
        "description": motion.description,
        "ballot_kind": motion.ballot_kind,
        "sort_order": motion.sort_order,
    }


def _count(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=100000,
        error_messages={
            "required": f"请填写{label}票数",
            "invalid": f"{label}票数须为整数",
            "min_value": f"{label}票数不能为负数",
        },
    )


class CountForm(forms.Form):
    votes_for = _count("赞成")
    votes_against = _count("反对")
    votes_abstain = _count("弃权")


class ResolutionForm(forms.Form):
    resolution = forms.CharField(
        label="决议内容",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "请填写决议内容"},
    )


class SummaryForm(forms.Form):
    summary = forms.CharField(label="会议纪要", required=False, widget=forms.Textarea(attrs={"rows": 5}))


class DocumentForm(forms.Form):
    file = forms.FileField(
        label="会议文件", error_messages={"required": "请选择要上传的文件", "empty": "上传的文件是空的"}
    )


class VoteForm(forms.Form):
    choice = forms.ChoiceField(
        label="表决意见",
        choices=[(option, option) for option in VOTE_OPTIONS],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择赞成、反对或弃权", "invalid_choice": "请选择赞成、反对或弃权"},
    )


class PetitionForm(forms.Form):
    congress = forms.TypedChoiceField(
        label="代表大会",
        coerce=int,
        error_messages={"required": "请选择代表大会", "invalid_choice": "请选择代表大会"},
    )
    reason = forms.CharField(
        label="提议事由",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "请填写提议召开临时会议的事由"},
    )

    def __init__(self, *args: Any, congresses: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["congress"].choices = congresses  # type: ignore[attr-defined]


class PetitionFilterForm(forms.Form):
    q = forms.CharField(required=False, label="搜索")
    status = forms.ChoiceField(
        required=False,
        label="状态",
        choices=[("", "全部状态"), *PetitionStatus.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

"""Forms of 评选表彰 — part `naming`: start the 市级评审 (score-sheet template, 盲评 or not), record the 会议研究
(date, name, 纪要, minutes file, and per nomination 通过 / 未入选 with the title granted), the 公示's window and
the 命名 date. Shape only: `services.naming` checks the rules."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from gonghui.notices.services import WINDOW_MAX
from gonghui.reviews.forms import OwnedRoundForm
from gonghui.reviews.models import ScoreSheetTemplate

from ..models import Nomination

DEFAULT_WINDOW = 5


class CityReviewStartForm(OwnedRoundForm):
    def __init__(self, *args: Any, templates: QuerySet[ScoreSheetTemplate], **kwargs: Any):
        super().__init__(*args, templates=templates, **kwargs)
        self.fields["blind_mode"].help_text = "盲评：评委看不到推荐单位和推荐对象姓名，以编号代替"


APPROVE = "approve"
DECLINE = "decline"


class MeetingForm(forms.Form):
    """The meeting, then one pair of fields per nomination: `decision_<id>` (通过 / 未入选) and `level_<id>`."""

    held_on = forms.DateField(
        label="会议日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "请填写会议日期", "invalid": "会议日期格式不正确"},
    )
    name = forms.CharField(
        label="会议名称",
        max_length=200,
        help_text="如：市教科文卫体工会主席办公会",
        error_messages={"required": "请填写会议名称", "max_length": "会议名称最多200字"},
    )
    minutes = forms.CharField(label="会议纪要", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    minutes_file = forms.FileField(label="会议纪要附件", required=False)

    def __init__(
        self,
        *args: Any,
        nominations: Sequence[Nomination],
        levels: Sequence[str],
        default_level: str,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.nominations = list(nominations)
        level_choices = [(level, level) for level in levels] or [(default_level, default_level)]
        for nomination in self.nominations:
            approved = nomination.status != "not_selected"
            self.fields[f"decision_{nomination.pk}"] = forms.ChoiceField(
                label=nomination.nominee_name,
                choices=[(APPROVE, "通过"), (DECLINE, "未入选")],
                initial=APPROVE if approved else DECLINE,
                widget=forms.RadioSelect,
                error_messages={"required": f"请选择“{nomination.nominee_name}”的会议决定"},
            )
            self.fields[f"level_{nomination.pk}"] = forms.ChoiceField(
                label=f"{nomination.nominee_name}的授予称号",
                choices=level_choices,
                initial=nomination.honour_level or default_level,
                required=False,
                error_messages={"invalid_choice": f"“{nomination.nominee_name}”的授予称号须从列表中选择"},
            )

    def meeting_fields(self) -> list[Any]:
        return [self[name] for name in ("held_on", "name", "minutes", "minutes_file")]

    def rows(self) -> list[tuple[Nomination, Any, Any]]:
        """(nomination, decision field, level field) for the template."""
        return [(n, self[f"decision_{n.pk}"], self[f"level_{n.pk}"]) for n in self.nominations]

    def decisions(self) -> dict[int, tuple[bool, str]]:
        return {
            n.pk: (
                self.cleaned_data[f"decision_{n.pk}"] == APPROVE,
                self.cleaned_data.get(f"level_{n.pk}") or "",
            )
            for n in self.nominations
        }


class CampaignNoticeForm(forms.Form):
    window_length = forms.IntegerField(
        label="公示期（工作日）",
        min_value=1,
        max_value=WINDOW_MAX,
        required=False,
        error_messages={
            "invalid": "公示期请填写整数",
            "min_value": "公示期至少1个工作日",
            "max_value": "公示期最多%(limit_value)s个工作日",
        },
    )


class NamingForm(forms.Form):
    named_on = forms.DateField(
        label="命名日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "请填写命名日期", "invalid": "命名日期格式不正确"},
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["named_on"].initial = timezone.localdate()

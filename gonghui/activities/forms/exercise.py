"""Forms of part exercise — 工间操: the routine, its video, an adoption, a day's confirmed count, the scanner's
number lookup, the lists' filters and the rates' month."""

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from gonghui.orgs.models import Org

from ..services.exercise import WEEKDAY_NAMES


class RoutineFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=50)
    state = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部状态"), ("active", "推广中"), ("stopped", "已停止推广")],
        widget=forms.Select(attrs={"aria-label": "状态"}),
    )


class RoutineForm(forms.Form):
    org = forms.ModelChoiceField(
        label="发布工会",
        queryset=Org.objects.none(),
        error_messages={"required": "请选择发布工会", "invalid_choice": "发布工会不在您管理的范围内"},
    )
    name = forms.CharField(
        label="名称", max_length=100, error_messages={"required": "请填写名称，如“第九套广播体操”"}
    )
    minutes = forms.IntegerField(
        label="时长（分钟）",
        min_value=1,
        max_value=120,
        initial=10,
        error_messages={
            "required": "请填写时长（分钟）",
            "min_value": "时长（分钟）至少 1 分钟",
            "max_value": "时长（分钟）不能超过 120 分钟",
            "invalid": "时长（分钟）请填写整数",
        },
    )
    description = forms.CharField(
        label="说明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    active = forms.BooleanField(label="推广中（下级单位可以登记推广）", required=False, initial=True)

    def __init__(self, *args: Any, orgs: QuerySet[Org] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if orgs is None:
            del self.fields["org"]
        else:
            self.fields["org"].queryset = orgs  # type: ignore[attr-defined]


class VideoForm(forms.Form):
    file = forms.FileField(
        label="视频文件（.mp4，H.264/AAC）",
        error_messages={"required": "请选择视频文件", "empty": "视频文件是空的"},
        widget=forms.ClearableFileInput(attrs={"accept": "video/mp4"}),
    )


def _weekday_choices() -> list[tuple[str, str]]:
    return list(WEEKDAY_NAMES.items())


class AdoptionForm(forms.Form):
    org = forms.ModelChoiceField(
        label="推广单位",
        queryset=Org.objects.none(),
        error_messages={"required": "请选择推广单位", "invalid_choice": "推广单位不在您管理的范围内"},
    )
    weekdays = forms.MultipleChoiceField(
        label="每周哪几天",
        choices=_weekday_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请选择每周哪几天做工间操"},
    )
    time_of_day = forms.TimeField(
        label="时间",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": "请填写时间，如 10:00", "invalid": "时间格式应为 10:00"},
    )
    place = forms.CharField(label="地点", required=False, max_length=100)
    started_on = forms.DateField(
        label="开始日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "请填写开始日期", "invalid": "开始日期格式应为 2026-12-01"},
    )

    def __init__(self, *args: Any, orgs: QuerySet[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]


class ConfirmForm(forms.Form):
    count = forms.IntegerField(
        label="参与人数",
        min_value=0,
        error_messages={
            "required": "请填写参与人数",
            "min_value": "参与人数不能是负数",
            "invalid": "参与人数请填写整数",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    note = forms.CharField(label="备注", required=False, max_length=200)


def parse_day(value: str | None) -> dt.date:
    """The `day` query parameter (2026-12-07), today when missing or malformed."""
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return timezone.localdate()


class RatesForm(forms.Form):
    month = forms.CharField(
        label="月份", required=False, widget=forms.DateInput(attrs={"type": "month"}), max_length=7
    )
    org = forms.IntegerField(label="工会", required=False, widget=forms.HiddenInput)

    def month_value(self) -> dt.date:
        today = timezone.localdate().replace(day=1)
        raw = self.data.get("month", "") if self.is_bound else ""
        try:
            return dt.date.fromisoformat(f"{raw}-01")
        except ValueError:
            return today

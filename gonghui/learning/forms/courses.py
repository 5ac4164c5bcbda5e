"""Forms of part courses: the list's filters, the course, its cover, a lesson, a lesson's file, the close
reason, a lesson's move and the member's heartbeat."""

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from gonghui.orgs.models import Org
from gonghui.quizzes.models import QuizActivity

from ..choices import CourseAudience, CourseStatus, LessonKind


class CourseFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=50)
    status = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部状态"), *CourseStatus.choices],
        widget=forms.Select(attrs={"aria-label": "状态"}),
    )
    audience = forms.ChoiceField(
        label="学习对象",
        required=False,
        choices=[("", "全部对象"), *CourseAudience.choices],
        widget=forms.Select(attrs={"aria-label": "学习对象"}),
    )


def _hours_field(label: str, max_value: int) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0"),
        max_value=Decimal(max_value),
        decimal_places=1,
        initial=Decimal("0"),
        error_messages={
            "required": f"请填写{label}（可为 0）",
            "min_value": f"{label}不能为负数",
            "max_value": f"{label}不能超过 {max_value}",
            "max_decimal_places": f"{label}最多一位小数",
            "invalid": f"{label}请填写数字",
        },
    )


class CourseForm(forms.Form):
    org = forms.ModelChoiceField(
        label="开课工会",
        queryset=Org.objects.none(),
        error_messages={"required": "请选择开课工会", "invalid_choice": "开课工会不在您管理的范围内"},
    )
    title = forms.CharField(label="课程名称", max_length=80, error_messages={"required": "请填写课程名称"})
    summary = forms.CharField(
        label="课程简介", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    audience = forms.ChoiceField(
        label="学习对象", choices=CourseAudience.choices, initial=CourseAudience.MEMBERS
    )
    hours = _hours_field("结课学时", 999)
    quiz = forms.ModelChoiceField(
        label="结课测验",
        required=False,
        queryset=QuizActivity.objects.none(),
        empty_label="不设测验",
        help_text="选用本级或上级工会的答题活动；设测验时，会员须通过测验才算结课",
        error_messages={"invalid_choice": "该答题活动不可选用"},
    )
    certificate = forms.BooleanField(label="结课后颁发结业证书", required=False)
    open_api = forms.BooleanField(label="在开放接口中公开（课程名称、简介和课时）", required=False)

    def __init__(
        self,
        *args: Any,
        orgs: QuerySet[Org] | None = None,
        quizzes: QuerySet[QuizActivity] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hours"].help_text = "完成全部课时（及测验）后另计的学时，在各课时学时之外，可为 0"
        if orgs is None:
            del self.fields["org"]
        else:
            self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        if quizzes is not None:
            self.fields["quiz"].queryset = quizzes  # type: ignore[attr-defined]


class CoverForm(forms.Form):
    cover = forms.FileField(label="封面图片（jpg/png）", error_messages={"required": "请选择封面图片"})


class CloseForm(forms.Form):
    reason = forms.CharField(label="下线原因", max_length=200, error_messages={"required": "请填写下线原因"})


class LessonForm(forms.Form):
    title = forms.CharField(label="课时名称", max_length=80, error_messages={"required": "请填写课时名称"})
    kind = forms.ChoiceField(label="形式", choices=LessonKind.choices, initial=LessonKind.ARTICLE)
    body = forms.CharField(
        label="图文内容", required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 10})
    )
    minutes = forms.IntegerField(
        label="时长（分钟）",
        min_value=1,
        max_value=600,
        help_text="图文、文档为阅读时间；视频上传后按视频文件的实际时长计",
        error_messages={
            "required": "请填写时长（分钟）",
            "min_value": "时长至少 1 分钟",
            "max_value": "时长不能超过 600 分钟",
            "invalid": "时长（分钟）请填写整数",
        },
    )
    hours = _hours_field("学时", 99)


class MediaForm(forms.Form):
    file = forms.FileField(label="文件", error_messages={"required": "请选择要上传的文件"})
    minutes = forms.IntegerField(
        label="视频时长（分钟）",
        required=False,
        min_value=1,
        max_value=600,
        help_text="一般可不填：系统从视频文件读取时长，读不出时才需要填写",
        error_messages={"min_value": "时长至少 1 分钟", "invalid": "时长请填写整数"},
    )

    def __init__(self, *args: Any, video: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "视频（.mp4）" if video else "文档（PDF）"
        if not video:
            del self.fields["minutes"]


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "上移"), ("down", "下移")])


class BeatForm(forms.Form):
    position = forms.FloatField(min_value=0)
    playing = forms.BooleanField(required=False)

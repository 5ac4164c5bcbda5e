"""Forms of part calls (课题申报): the call, the list filters, the application with its team rows (one per line:
姓名 单位 分工), the notes of 退回 and 不予立项, 立项 and 组织评审. They check shape; the rules are the services'."""

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from gonghui.orgs.models import Org
from gonghui.reviews.forms import OwnedRoundForm

from ..choices import CallStatus, ProjectStatus
from ..services.calls import ApplicationInput, CallInput, TeamMember

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY_ERRORS = {"invalid": "请填写金额（元），最多两位小数", "max_decimal_places": "金额最多两位小数"}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class CallFilterForm(forms.Form):
    q = forms.CharField(required=False, label="搜索")
    year = forms.TypedChoiceField(required=False, label="年度", coerce=int, empty_value=None)
    status = forms.ChoiceField(required=False, label="状态", choices=[("", "全部状态"), *CallStatus.choices])

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "全部年度"), *((y, f"{y}年") for y in years)]  # type: ignore[attr-defined]


class ApplicationFilterForm(forms.Form):
    q = forms.CharField(required=False, label="搜索")
    year = forms.TypedChoiceField(required=False, label="年度", coerce=int, empty_value=None)
    status = forms.ChoiceField(
        required=False, label="状态", choices=[("", "全部状态"), *ProjectStatus.choices]
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "全部年度"), *((y, f"{y}年") for y in years)]  # type: ignore[attr-defined]


class CallForm(forms.Form):
    org = forms.ModelChoiceField(
        label="发布工会",
        queryset=Org.objects.none(),
        empty_label=None,
        error_messages={"required": "请选择发布工会", "invalid_choice": "请选择列表中的工会"},
    )
    year = forms.IntegerField(
        label="年度",
        min_value=2000,
        max_value=2100,
        error_messages={"required": "请填写年度", "invalid": "年度须为数字，如 2020"},
    )
    title = forms.CharField(
        label="通知名称",
        max_length=80,
        error_messages={"required": "请填写通知名称", "max_length": "通知名称最多 80 字"},
    )
    guide = forms.CharField(
        label="课题指南",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="申报要求、研究期限、成果形式等",
    )
    topics = forms.CharField(
        label="选题方向",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="每行一个选题方向",
        error_messages={"required": "请至少填写一个选题方向"},
    )
    opens_on = forms.DateField(
        label="申报开始日期",
        widget=DATE,
        error_messages={"required": "请填写申报开始日期", "invalid": "申报开始日期格式不正确"},
    )
    closes_on = forms.DateField(
        label="申报截止日期",
        widget=DATE,
        error_messages={"required": "请填写申报截止日期", "invalid": "申报截止日期格式不正确"},
    )
    budget_cap = forms.DecimalField(
        label="单项经费上限（元）",
        required=False,
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text="不填表示不设上限",
        error_messages={**MONEY_ERRORS, "min_value": "单项经费上限须大于 0"},
    )

    def __init__(self, *args: Any, orgs: QuerySet[Org] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if orgs is None:
            del self.fields["org"]
        else:
            self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["year"].initial = self.fields["year"].initial or timezone.localdate().year

    def call_input(self) -> CallInput:
        data = self.cleaned_data
        return CallInput(
            year=data["year"],
            title=data["title"],
            guide=data["guide"],
            topics=_lines(data["topics"]),
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            budget_cap=data["budget_cap"],
        )


def call_initial(call: Any) -> dict[str, Any]:
    return {
        "year": call.year,
        "title": call.title,
        "guide": call.guide,
        "topics": "\n".join(call.topics),
        "opens_on": call.opens_on,
        "closes_on": call.closes_on,
        "budget_cap": call.budget_cap,
    }


class ApplicationForm(forms.Form):
    org = forms.ModelChoiceField(
        label="申报单位",
        queryset=Org.objects.none(),
        empty_label=None,
        error_messages={"required": "请选择申报单位", "invalid_choice": "请选择列表中的申报单位"},
    )
    title = forms.CharField(
        label="课题名称",
        max_length=100,
        error_messages={"required": "请填写课题名称", "max_length": "课题名称最多 100 字"},
    )
    topic = forms.ChoiceField(
        label="选题方向",
        error_messages={"required": "请选择选题方向", "invalid_choice": "请选择通知中的选题方向"},
    )
    leader_name = forms.CharField(
        label="课题负责人",
        max_length=40,
        error_messages={"required": "请填写课题负责人", "max_length": "负责人姓名最多 40 字"},
    )
    leader_title = forms.CharField(label="负责人职务/职称", max_length=60, required=False)
    leader_phone = forms.CharField(label="负责人电话", max_length=20, required=False)
    team = forms.CharField(
        label="课题组成员",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一人：姓名 单位 分工，用空格分开，如“李明 甲县第一中学 问卷设计”",
    )
    plan = forms.CharField(
        label="研究方案",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="研究目标、内容、方法和进度安排；提交前须填写",
    )
    expected_outputs = forms.CharField(
        label="预期成果",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="如调研报告、论文；提交前须填写",
    )
    budget = forms.DecimalField(
        label="申请经费（元）",
        max_digits=10,
        decimal_places=2,
        min_value=Decimal(0),
        initial=Decimal(0),
        error_messages={**MONEY_ERRORS, "required": "请填写申请经费", "min_value": "申请经费不能为负数"},
    )
    budget_note = forms.CharField(
        label="经费预算说明", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: Any, topics: list[str], orgs: QuerySet[Org] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", "请选择选题方向"), *((t, t) for t in topics)]  # type: ignore[attr-defined]
        if orgs is None:
            del self.fields["org"]
        else:
            self.fields["org"].queryset = orgs  # type: ignore[attr-defined]

    def clean_team(self) -> list[TeamMember]:
        rows: list[TeamMember] = []
        for number, line in enumerate(_lines(self.cleaned_data["team"]), start=1):
            parts = line.split()
            if len(parts[0]) > 40:
                raise forms.ValidationError(
                    f"课题组成员第 {number} 行的姓名过长，请用空格分开姓名、单位和分工"
                )
            rows.append(
                TeamMember(
                    name=parts[0],
                    unit=parts[1] if len(parts) > 1 else "",
                    role=" ".join(parts[2:]),
                )
            )
        return rows

    def application_input(self) -> ApplicationInput:
        data = self.cleaned_data
        return ApplicationInput(
            title=data["title"],
            topic=data["topic"],
            leader_name=data["leader_name"],
            leader_title=data["leader_title"],
            leader_phone=data["leader_phone"],
            team=data["team"],
            plan=data["plan"],
            expected_outputs=data["expected_outputs"],
            budget=data["budget"],
            budget_note=data["budget_note"],
        )


def application_initial(project: Any) -> dict[str, Any]:
    return {
        "title": project.title,
        "topic": project.topic,
        "leader_name": project.leader_name,
        "leader_title": project.leader_title,
        "leader_phone": project.leader_phone,
        "team": "\n".join(
            " ".join(part for part in (row.get("name", ""), row.get("unit", ""), row.get("role", "")) if part)
            for row in project.team
        ),
        "plan": project.plan,
        "expected_outputs": project.expected_outputs,
        "budget": project.budget,
        "budget_note": project.budget_note,
    }


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="附件", error_messages={"required": "请选择要上传的文件", "empty": "上传的文件是空的"}
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label="意见", widget=forms.Textarea(attrs={"rows": 4}), error_messages={"required": "请填写意见"}
    )


class ApproveForm(forms.Form):
    approved_budget = forms.DecimalField(
        label="批准经费（元）",
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={**MONEY_ERRORS, "required": "请填写批准经费", "min_value": "批准经费须大于 0"},
    )
    note = forms.CharField(label="立项意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReviewStartForm(OwnedRoundForm):
    """评审: the call's round over the handed-in applications."""

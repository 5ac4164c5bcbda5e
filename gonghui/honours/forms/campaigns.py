"""Input shapes of the runner's pages: the list's filters, a campaign (required materials one per line, reward
levels "称号或等次=金额" one per line, the optional stages as checkboxes, the nomination quota), advancing (提前结束
推荐) and cancelling (reason). Shape only: the services check the rules."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone

from gonghui.orgs.models import Org

from ..choices import CampaignCategory, CampaignStatus, NomineeKind, Stage
from ..models import HonourCampaign

CHECKBOXES = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
OPTIONAL_STAGE_CHOICES = [
    (str(stage), str(stage.label))
    for stage in (Stage.COUNTY_REVIEW, Stage.CITY_REVIEW, Stage.MEETING, Stage.NOTICE)
]
STORIES_CHOICES = [("", "按评选类别（最美评选收集）"), ("yes", "收集"), ("no", "不收集")]
STRUCTURE_FIELDS = (
    "year",
    "category",
    "nominee_kind",
    "nomination_deadline",
    "materials",
    "stages",
    "wants_stories",
    "reward_levels",
    "budget_line",
    "quota_total",
)


class CampaignFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    category = forms.ChoiceField(
        label="评选类别", required=False, choices=[("", "全部类别"), *CampaignCategory.choices]
    )
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *CampaignStatus.choices]
    )

    def __init__(self, *args: Any, years: Sequence[int] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "全部年度"), *((y, f"{y}年") for y in years)]  # type: ignore[attr-defined]


def parse_reward_lines(text: str) -> list[dict[str, str]]:
    """ "焦作标兵=5000" per line (＝ and ： too) → [{"level", "amount"}]; the amount is checked by the service. A
    line without "=" raises a ValidationError naming it (第 N 行)."""
    rows: list[dict[str, str]] = []
    for number, line in enumerate((raw for raw in text.splitlines() if raw.strip()), start=1):
        normalised = line.replace("＝", "=").replace("：", "=").replace(":", "=")
        if normalised.count("=") != 1:
            raise forms.ValidationError(f"第 {number} 行：格式应为“称号或等次=金额”，如“焦作标兵=5000”")
        level, amount = (part.strip() for part in normalised.split("="))
        rows.append({"level": level, "amount": amount.removesuffix("元").strip()})
    return rows


def reward_lines(levels: list[dict[str, str]]) -> str:
    """The stored reward levels back as the textarea's lines."""
    return "\n".join(f"{row.get('level')}={row.get('amount')}" for row in levels or [])


class CampaignForm(forms.Form):
    """A campaign; on the edit page its 主办工会 stays, and once it runs only the title and criteria are shown."""

    org = forms.ModelChoiceField(
        label="主办工会",
        queryset=Org.objects.none(),
        empty_label=None,
        error_messages={"required": "请选择主办工会", "invalid_choice": "请选择您管理的工会"},
    )
    title = forms.CharField(
        label="评选名称",
        max_length=200,
        help_text="如：2026年度“焦作标兵”评选",
        error_messages={"required": "请填写评选名称", "max_length": "评选名称不能超过 200 个字"},
    )
    year = forms.IntegerField(
        label="年度", error_messages={"required": "请填写年度", "invalid": "年度应为四位数字年份"}
    )
    category = forms.ChoiceField(
        label="评选类别",
        choices=CampaignCategory.choices,
        error_messages={"required": "请选择评选类别", "invalid_choice": "请选择评选类别"},
    )
    nominee_kind = forms.ChoiceField(
        label="评选对象",
        choices=NomineeKind.choices,
        error_messages={"required": "请选择评选对象", "invalid_choice": "请选择评选对象"},
    )
    criteria = forms.CharField(
        label="评选条件",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="开始推荐前须填写",
    )
    materials = forms.CharField(
        label="申报材料",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "推荐审批表\n事迹材料"}),
        help_text="每行一种材料",
    )
    stages = forms.MultipleChoiceField(
        label="评选环节",
        required=False,
        choices=OPTIONAL_STAGE_CHOICES,
        widget=CHECKBOXES,
        help_text="基层推荐和命名为必经环节；按所选顺序：县区审核 → 市级评审 → 会议研究 → 公示",
        error_messages={"invalid_choice": "评选环节只能选择县区审核、市级评审、会议研究、公示"},
    )
    nomination_deadline = forms.DateTimeField(
        label="推荐截止时间",
        widget=DATETIME,
        error_messages={"required": "请填写推荐截止时间", "invalid": "推荐截止时间格式不正确"},
    )
    wants_stories = forms.ChoiceField(
        label="收集先进事迹（文字、照片）", required=False, choices=STORIES_CHOICES
    )
    reward_levels = forms.CharField(
        label="奖励标准",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "焦作标兵=5000"}),
        help_text="每行一个称号或等次：称号或等次=金额（元），不设奖励可不填",
    )
    budget_line = forms.TypedChoiceField(
        label="奖励经费",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="主办工会的预算科目；命名后从这里发放奖励",
        error_messages={"invalid_choice": "请选择您可查看的预算科目"},
    )
    quota_total = forms.IntegerField(
        label="推荐名额总数",
        required=False,
        help_text="不填为不限名额；设置后在“名额分配”页面分给下级工会",
        error_messages={"invalid": "推荐名额应为整数"},
    )
    quota_issuer = forms.CharField(
        label="名额下达单位",
        required=False,
        max_length=200,
        help_text="名额由上级下达时填写，如：焦作市总工会；本级自定的名额不填",
    )
    quota_reference = forms.CharField(
        label="来文文号",
        required=False,
        max_length=100,
        help_text="上级下达名额的来文文号，如：焦工发〔2026〕3号",
    )

    def __init__(
        self,
        *args: Any,
        orgs: Any = None,
        budget_lines: Sequence[tuple[int, str]] = (),
        editing: bool = False,
        running: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["org"]
        else:
            self.fields["org"].queryset = orgs if orgs is not None else Org.objects.none()  # type: ignore[attr-defined]
        self.fields["budget_line"].choices = [("", "不从预算科目发放"), *budget_lines]  # type: ignore[attr-defined]
        if running:
            for name in (*STRUCTURE_FIELDS, "quota_issuer", "quota_reference"):
                del self.fields[name]

    def clean_reward_levels(self) -> list[dict[str, str]]:
        return parse_reward_lines(self.cleaned_data.get("reward_levels") or "")

    def material_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("materials", "").splitlines() if line.strip()]

    def stories(self) -> bool | None:
        value = self.cleaned_data.get("wants_stories") or ""
        return None if not value else value == "yes"

    @staticmethod
    def initial_for(campaign: HonourCampaign) -> dict[str, Any]:
        quota_set = campaign.quota_set
        return {
            "title": campaign.title,
            "year": campaign.year,
            "category": campaign.category,
            "nominee_kind": campaign.nominee_kind,
            "criteria": campaign.criteria,
            "materials": "\n".join(campaign.materials or []),
            "stages": [stage for stage in campaign.stages or [] if stage in dict(OPTIONAL_STAGE_CHOICES)],
            "nomination_deadline": timezone.localtime(campaign.nomination_deadline),
            "wants_stories": "yes" if campaign.wants_stories else "no",
            "reward_levels": reward_lines(campaign.reward_levels),
            "budget_line": campaign.budget_line_id,
            "quota_total": quota_set.total if quota_set else None,
            "quota_issuer": quota_set.issuer if quota_set else "",
            "quota_reference": quota_set.received_reference if quota_set else "",
        }

    @staticmethod
    def initial_new() -> dict[str, Any]:
        now = timezone.localtime()
        deadline = (now + dt.timedelta(days=30)).replace(hour=17, minute=0, second=0, microsecond=0)
        return {
            "year": now.year,
            "category": CampaignCategory.MODEL_EMPLOYEE,
            "nominee_kind": NomineeKind.PERSON,
            "stages": [value for value, _label in OPTIONAL_STAGE_CHOICES],
            "nomination_deadline": deadline,
        }


class AdvanceForm(forms.Form):
    close_early = forms.BooleanField(label="提前结束推荐（推荐截止时间未到）", required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="撤销原因",
        max_length=200,
        error_messages={"required": "请填写撤销原因", "max_length": "撤销原因不能超过 200 个字"},
    )

"""Input shapes of the organiser's pages: the list's filters, a contest (with its 参赛条件: 岗位类别, age bands,
用工性质 of the members block's filter), a group and a round (award levels typed one per line, "一等奖 按名次 1").
Shape only: the services check the rules."""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils import timezone

from gonghui.members.forms.filters import age_bands_field, employment_field, job_categories_field
from gonghui.members.selectors.filters import MemberFilter
from gonghui.orgs.models import Org

from ..choices import AwardBasis, ContestStatus, EntryKind
from ..models import Contest, ContestRound

CHECKBOXES = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
BASIS_WORDS = {
    "按名次": AwardBasis.COUNT,
    "名次": AwardBasis.COUNT,
    "count": AwardBasis.COUNT,
    "按比例": AwardBasis.SHARE,
    "比例": AwardBasis.SHARE,
    "share": AwardBasis.SHARE,
}
BASIS_LABELS = {AwardBasis.COUNT: "按名次", AwardBasis.SHARE: "按比例"}


class ContestFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *ContestStatus.choices]
    )

    def __init__(self, *args: Any, years: Sequence[int] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "全部年度"), *((y, f"{y}年") for y in years)]  # type: ignore[attr-defined]


class ContestForm(forms.Form):
    """A contest; on the edit page its 主办工会 stays."""

    org = forms.ModelChoiceField(
        label="主办工会",
        queryset=Org.objects.none(),
        empty_label=None,
        error_messages={"required": "请选择主办工会", "invalid_choice": "请选择您管理的工会"},
    )
    title = forms.CharField(label="竞赛名称", max_length=200, error_messages={"required": "请填写竞赛名称"})
    year = forms.IntegerField(
        label="年度", error_messages={"required": "请填写年度", "invalid": "年度应为四位数字年份"}
    )
    closes_on = forms.DateField(
        label="结束日期",
        widget=DATE,
        help_text="外部账号（合作单位联系人、评委）的授权最迟到这一天结束",
        error_messages={"required": "请填写结束日期", "invalid": "结束日期格式不正确，请使用 年-月-日"},
    )
    co_organisers = forms.CharField(
        label="联合主办单位",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="每行一个，如：测试市教育局；联合行文时列为发文机关",
    )
    description = forms.CharField(
        label="竞赛说明", required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    job_categories = job_categories_field(label="参赛条件：岗位类别")
    age_bands = age_bands_field(label="参赛条件：年龄段", counted_on="报名当天")
    employment = employment_field(label="参赛条件：用工性质")

    def __init__(self, *args: Any, orgs: Any = None, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["org"]
        else:
            self.fields["org"].queryset = orgs if orgs is not None else Org.objects.none()  # type: ignore[attr-defined]

    def co_organiser_names(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data.get("co_organisers", "").splitlines() if line.strip()
        ]

    def member_filter(self) -> MemberFilter:
        data = self.cleaned_data
        return MemberFilter(
            job_categories=tuple(data.get("job_categories") or ()),
            age_bands=tuple(data.get("age_bands") or ()),
            employment=tuple(data.get("employment") or ()),
        )

    @staticmethod
    def initial_for(contest: Contest) -> dict[str, Any]:
        eligibility = MemberFilter.from_dict(contest.eligibility)
        return {
            "title": contest.title,
            "year": contest.year,
            "closes_on": contest.closes_on,
            "co_organisers": "\n".join(contest.co_organisers or []),
            "description": contest.description,
            "job_categories": list(eligibility.job_categories),
            "age_bands": list(eligibility.age_bands),
            "employment": list(eligibility.employment),
        }

    @staticmethod
    def initial_new() -> dict[str, Any]:
        today = timezone.localdate()
        return {"year": today.year, "closes_on": dt.date(today.year, 12, 31)}


class GroupForm(forms.Form):
    name = forms.CharField(label="组别名称", max_length=100, error_messages={"required": "请填写组别名称"})
    entry_kind = forms.ChoiceField(
        label="参赛形式",
        choices=EntryKind.choices,
        initial=EntryKind.INDIVIDUAL,
        error_messages={"required": "请选择参赛形式", "invalid_choice": "请选择参赛形式"},
    )
    team_size_max = forms.IntegerField(
        label="每队人数上限",
        required=False,
        help_text="团体赛填写，2 至 20 人",
        error_messages={"invalid": "每队人数上限应为整数"},
    )

    def team_size(self) -> int:
        return self.cleaned_data.get("team_size_max") or 1


def parse_award_lines(text: str) -> list[dict[str, str]]:
    """ "一等奖 按名次 1" / "二等奖 按比例 10%" per line → [{"level", "basis", "value"}]; a share in % becomes a
    fraction. A line that is not three parts raises a ValidationError naming it (第 N 行)."""
    rules: list[dict[str, str]] = []
    for number, line in enumerate((raw for raw in text.splitlines() if raw.strip()), start=1):
        parts = line.replace("：", " ").replace(":", " ").split()
        if len(parts) != 3 or parts[1] not in BASIS_WORDS:
            raise forms.ValidationError(
                f"第 {number} 行：格式应为“奖项 按名次 人数”或“奖项 按比例 比例”，如“一等奖 按名次 1”"
            )
        level, basis, value = parts[0], BASIS_WORDS[parts[1]], parts[2]
        if value.endswith("%"):
            try:
                value = format((Decimal(value[:-1]) / 100).normalize(), "f")
            except InvalidOperation:
                raise forms.ValidationError(f"第 {number} 行：比例“{value}”不是数字") from None
        rules.append({"level": level, "basis": str(basis), "value": value})
    return rules


def award_lines(rules: list[dict[str, str]]) -> str:
    """The stored award rules back as the textarea's lines."""
    return "\n".join(
        f"{r.get('level')} {BASIS_LABELS.get(r.get('basis', ''), r.get('basis'))} {r.get('value')}"  # type: ignore[call-overload]
        for r in rules or []
    )


class RoundForm(forms.Form):
    name = forms.CharField(
        label="赛段名称",
        max_length=100,
        help_text="如：基层初赛、县区复赛、市级决赛",
        error_messages={"required": "请填写赛段名称"},
    )
    entry_deadline = forms.DateTimeField(
        label="报名截止时间",
        widget=DATETIME,
        error_messages={"required": "请填写报名截止时间", "invalid": "报名截止时间格式不正确"},
    )
    quota_total = forms.IntegerField(
        label="报名名额总数",
        required=False,
        help_text="不填为不限名额；设置后在“名额分配”页面分给下级工会",
        error_messages={"invalid": "报名名额应为整数"},
    )
    promote_count = forms.IntegerField(
        label="每组晋级人数",
        required=False,
        help_text="每组前 N 名晋级下一赛段；与晋级比例只填一项，都不填为不设晋级",
        error_messages={"invalid": "每组晋级人数应为整数"},
    )
    promote_share = forms.DecimalField(
        label="每组晋级比例",
        required=False,
        max_digits=4,
        decimal_places=3,
        help_text="如 0.3 表示每组前 30% 晋级",
        error_messages={
            "invalid": "每组晋级比例应为 0 到 1 之间的小数",
            "max_digits": "每组晋级比例最多保留三位小数",
            "max_decimal_places": "每组晋级比例最多保留三位小数",
            "max_whole_digits": "每组晋级比例须大于 0 且不超过 1（如 0.3）",
        },
    )
    award_rules = forms.CharField(
        label="奖项设置",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "一等奖 按名次 1\n二等奖 按比例 10%"}),
        help_text="每行一个奖项，按从高到低：奖项名称 按名次 人数，或 奖项名称 按比例 比例（每组计算）",
    )

    def clean_award_rules(self) -> list[dict[str, str]]:
        return parse_award_lines(self.cleaned_data.get("award_rules") or "")

    @staticmethod
    def initial_for(contest_round: ContestRound) -> dict[str, Any]:
        return {
            "name": contest_round.name,
            "entry_deadline": timezone.localtime(contest_round.entry_deadline),
            "quota_total": contest_round.quota_set.total if contest_round.quota_set else None,
            "promote_count": contest_round.promote_count,
            "promote_share": contest_round.promote_share,
            "award_rules": award_lines(contest_round.award_rules),
        }

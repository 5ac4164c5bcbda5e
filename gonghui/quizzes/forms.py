"""Input shape of the 网上答题 pages; rules that need other rows are the services'."""

import re
from typing import Any

from django import forms
from django.utils import timezone

from gonghui.accounts.choices import Gender
from gonghui.members.forms.filters import age_bands_field, employment_field, job_categories_field
from gonghui.members.models import MemberTag
from gonghui.members.selectors.filters import MemberFilter
from gonghui.members.selectors.target_lists import target_lists_of_orgs
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.targeting import OrgTarget, TargetKind

from .choices import Difficulty, QuestionType, ScoreRule
from .models import QuestionBank
from .questions import LETTERS
from .services import ActivitySpec

# one Tabler check box per choice (components/form_fields.html renders the list as a fieldset)
CHECKBOXES = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TRUE_WORDS = {"true", "正确", "对", "√", "是", "t"}
FALSE_WORDS = {"false", "错误", "错", "×", "否", "f"}
RULE_LINE = re.compile(r"^\s*(?P<category>.*?)\s*[:：,，\s]\s*(?P<count>\d+)\s*题?\s*$")


class OrgChoiceForm(forms.Form):
    org: forms.ModelChoiceField[Org] = forms.ModelChoiceField(
        label="所属组织", queryset=Org.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, orgs: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if orgs is None:
            del self.fields["org"]
        else:
            self.fields["org"].queryset = orgs  # type: ignore[attr-defined]


class BankForm(OrgChoiceForm):
    name = forms.CharField(label="题库名称", max_length=100, error_messages={"required": "请填写题库名称"})
    description = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    shared_with_subtree = forms.BooleanField(
        label="共享给下级工会（下级可用于活动和会员练兵）", required=False
    )


class QuestionForm(forms.Form):
    type = forms.ChoiceField(label="题型", choices=QuestionType.choices)
    stem = forms.CharField(
        label="题干", widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": "请填写题干"}
    )
    option_a = forms.CharField(label="选项A", required=False)
    option_b = forms.CharField(label="选项B", required=False)
    option_c = forms.CharField(label="选项C", required=False)
    option_d = forms.CharField(label="选项D", required=False)
    option_e = forms.CharField(label="选项E", required=False)
    option_f = forms.CharField(label="选项F", required=False)
    option_g = forms.CharField(label="选项G", required=False)
    option_h = forms.CharField(label="选项H", required=False)
    answer = forms.CharField(
        label="答案",
        max_length=10,
        help_text="选择题填字母，如 B 或 ABD；判断题填“正确”或“错误”",
        error_messages={"required": "请填写答案"},
    )
    explanation = forms.CharField(label="解析", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    category = forms.CharField(
        label="分类", max_length=50, required=False, help_text="如 工会法、劳动法、工会知识"
    )
    difficulty = forms.ChoiceField(label="难度", choices=[("", "—"), *Difficulty.choices], required=False)
    source = forms.CharField(label="来源", max_length=200, required=False)

    def clean_answer(self) -> str:
        value = str(self.cleaned_data["answer"]).strip()
        if value.lower() in TRUE_WORDS:
            return "true"
        if value.lower() in FALSE_WORDS:
            return "false"
        return value.upper()

    def options(self) -> list[str]:
        return [self.cleaned_data.get(f"option_{letter.lower()}", "") or "" for letter in LETTERS]

    @staticmethod
    def initial_for(question: Any) -> dict[str, Any]:
        data = {
            "type": question.type,
            "stem": question.stem,
            "answer": {"true": "正确", "false": "错误"}.get(question.answer, question.answer),
            "explanation": question.explanation,
            "category": question.category,
            "difficulty": question.difficulty,
            "source": question.source,
        }
        for letter, text in zip(LETTERS, question.options, strict=False):
            data[f"option_{letter.lower()}"] = text
        return data


PASTE_FILENAME = "粘贴的试题.txt"  # pasted text goes through the parser as a UTF-8 .txt file of this name
PASTE_MAX_CHARS = 200_000


class ImportForm(forms.Form):
    file = forms.FileField(
        label="试题文件",
        required=False,
        help_text="支持 .xlsx（按表头“题型、题干、选项A…H、答案、解析、分类”识别）、.docx 和 .txt（UTF-8 或 GB18030）",
    )
    text = forms.CharField(
        label="或粘贴试题文本",
        required=False,
        strip=False,
        max_length=PASTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="从 Word、网页或问卷平台复制试题粘贴到这里，格式见下方示例",
        error_messages={"max_length": f"粘贴的文本不能超过 {PASTE_MAX_CHARS} 字，请分批导入或上传文件"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_file, has_text = bool(data.get("file")), bool((data.get("text") or "").strip())
        if not self.errors and not has_file and not has_text:
            self.add_error("file", "请选择试题文件，或把试题文本粘贴到下面的文本框")
        if has_file and has_text:
            self.add_error("text", "请只上传文件或只粘贴文本，不要同时提交两者")
        return data

    def upload(self) -> tuple[bytes, str]:
        """The bytes and name the parser reads: the file as uploaded, or the pasted text as a UTF-8 .txt file."""
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.read(), upload.name
        return self.cleaned_data["text"].encode("utf-8"), PASTE_FILENAME


class ActivityForm(OrgChoiceForm):
    title = forms.CharField(label="活动名称", max_length=100, error_messages={"required": "请填写活动名称"})
    description = forms.CharField(label="活动说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    starts_at = forms.DateTimeField(
        label="开始时间",
        widget=DATETIME,
        error_messages={"required": "请填写开始时间", "invalid": "开始时间格式不正确"},
    )
    ends_at = forms.DateTimeField(
        label="结束时间",
        widget=DATETIME,
        error_messages={"required": "请填写结束时间", "invalid": "结束时间格式不正确"},
    )
    target_kind = forms.ChoiceField(
        label="参与范围",
        choices=[
            (TargetKind.SUBTREE, "本级及下级全部工会"),
            (TargetKind.CHILDREN, "直属下级工会"),
            (TargetKind.LEVEL, "下级中某一层级"),
        ],
    )
    target_level = forms.ChoiceField(
        label="层级（按层级时）", choices=[("", "—"), *OrgLevel.choices], required=False
    )
    gender = forms.ChoiceField(label="会员性别", choices=[("", "不限"), *Gender.choices], required=False)
    employment = employment_field()
    job_categories = job_categories_field()
    age_bands = age_bands_field(counted_on="答题当天")
    member_tags = forms.ModelMultipleChoiceField(
        label="会员标签",
        queryset=MemberTag.objects.all(),
        required=False,
        widget=CHECKBOXES,
        help_text="不选为不限",
    )
    model_worker = forms.ChoiceField(
        label="劳模/工匠",
        choices=[("", "不限"), ("yes", "只限劳模/工匠"), ("no", "不含劳模/工匠")],
        required=False,
    )
    target_list = forms.ChoiceField(
        label="只限名单", required=False, help_text="选定后只有名单中的会员可以参加（名单须属于本活动的组织）"
    )
    banks = forms.ModelMultipleChoiceField(
        label="题库",
        queryset=QuestionBank.objects.none(),
        widget=CHECKBOXES,
        error_messages={"required": "请至少选择一个题库"},
    )
    draw_rules = forms.CharField(
        label="抽题规则",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行“分类 题数”，如“劳动法 4”“工会知识 1”；分类写“不限”则从全部题目中抽",
        error_messages={"required": "请填写抽题规则"},
    )
    shuffle_questions = forms.BooleanField(label="题目乱序", required=False, initial=True)
    shuffle_options = forms.BooleanField(label="选项乱序", required=False, initial=True)
    time_limit_minutes = forms.IntegerField(label="答题时限（分钟）", min_value=1, max_value=600, initial=10)
    attempts_per_day = forms.IntegerField(
        label="每天可答次数（0 为不限）", min_value=0, max_value=100, initial=3
    )
    attempts_total = forms.IntegerField(
        label="总共可答次数（0 为不限）", min_value=0, max_value=1000, initial=0
    )
    score_rule = forms.ChoiceField(label="计分规则", choices=ScoreRule.choices, initial=ScoreRule.BEST)
    points_per_question = forms.IntegerField(label="每题分值", min_value=1, max_value=100, initial=10)
    pass_mark = forms.IntegerField(label="及格分", min_value=0, initial=60)
    excellent_mark = forms.IntegerField(label="高分线（单位榜统计高分人数）", min_value=0, initial=90)
    levels = forms.IntegerField(
        label="闯关数（0 为不闯关，每天开放一关）", min_value=0, max_value=60, initial=0
    )
    certificate_enabled = forms.BooleanField(label="及格者可下载电子证书", required=False)
    focus_budget = forms.IntegerField(
        label="切屏次数上限（0 为只记录）", min_value=0, max_value=100, initial=0
    )
    ip_ranges = forms.CharField(
        label="限定 IP 段",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="每行一个，如 10.1.0.0/16；空为不限",
    )

    def __init__(self, *args: Any, banks: Any = None, target_lists: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["banks"].queryset = banks if banks is not None else QuestionBank.objects.none()  # type: ignore[attr-defined]
        if target_lists is None:
            target_lists = self._target_lists_of(kwargs.get("orgs"))
        if target_lists is None:
            del self.fields["target_list"]
        else:
            self.fields["target_list"].choices = [  # type: ignore[attr-defined]
                ("", "不限"),
                *((str(t.public_id), f"{t.name}（{t.org.name}）") for t in target_lists),
            ]

    def _target_lists_of(self, orgs: Any) -> Any:
        """只限名单 offers the lists of the orgs the page lets the user choose (a new activity) or of the activity's
        own org (an edit, whose initial names it); None (no field) when neither is known."""
        if orgs is not None:
            return target_lists_of_orgs(orgs)
        if self.initial.get("org"):
            return target_lists_of_orgs([self.initial["org"]])
        return None

    def clean_draw_rules(self) -> list[dict[str, Any]]:
        rules: list[dict[str, Any]] = []
        for number, line in enumerate(self.cleaned_data["draw_rules"].splitlines(), start=1):
            if not line.strip():
                continue
            match = RULE_LINE.match(line)
            if not match or int(match["count"]) <= 0:
                raise forms.ValidationError(f"第 {number} 行“{line.strip()}”应为“分类 题数”，如“劳动法 4”")
            category = match["category"].strip()
            rules.append(
                {
                    "category": "" if category in ("", "不限", "全部") else category,
                    "count": int(match["count"]),
                }
            )
        if not rules:
            raise forms.ValidationError("请填写抽题规则")
        return rules

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("target_kind") == TargetKind.LEVEL and not data.get("target_level"):
            self.add_error("target_level", "按层级选择参与范围时请选择层级")
        return data

    @staticmethod
    def rules_text(rules: list[dict[str, Any]]) -> str:
        return "\n".join(f"{r.get('category') or '不限'} {r.get('count')}" for r in rules)

    def spec(self, org: Org) -> ActivitySpec:
        d = self.cleaned_data
        worker = d.get("model_worker") or ""
        flt = MemberFilter(
            gender=d.get("gender") or "",
            employment=tuple(d.get("employment") or ()),
            job_categories=tuple(d.get("job_categories") or ()),
            age_bands=tuple(d.get("age_bands") or ()),
            tags=tuple(t.pk for t in d.get("member_tags") or ()),
            model_worker=None if not worker else worker == "yes",
            # without the field (no lists offered) the stored 只限名单 is kept
            target_list=(
                d.get("target_list") if "target_list" in self.fields else self.initial.get("target_list")
            )
            or "",
        ).as_dict()
        return ActivitySpec(
            title=d["title"],
            description=d.get("description", ""),
            starts_at=d["starts_at"],
            ends_at=d["ends_at"],
            banks=list(d["banks"]),
            draw_rules=d["draw_rules"],
            targets=[OrgTarget(kind=d["target_kind"], org_id=org.pk, level=d.get("target_level") or "")],
            member_filter=flt,
            shuffle_questions=d["shuffle_questions"],
            shuffle_options=d["shuffle_options"],
            time_limit_minutes=d["time_limit_minutes"],
            attempts_per_day=d["attempts_per_day"],
            attempts_total=d["attempts_total"],
            score_rule=d["score_rule"],
            points_per_question=d["points_per_question"],
            pass_mark=d["pass_mark"],
            excellent_mark=d["excellent_mark"],
            levels=d["levels"],
            certificate_enabled=d["certificate_enabled"],
            focus_budget=d["focus_budget"],
            ip_ranges=d.get("ip_ranges", ""),
        )

    @staticmethod
    def member_filter_initial(stored: dict[str, Any] | None) -> dict[str, Any]:
        """The 会员条件 fields from the stored `MemberFilter` JSON."""
        flt = MemberFilter.from_dict(stored)
        return {
            "gender": flt.gender,
            "employment": list(flt.employment),
            "job_categories": list(flt.job_categories),
            "age_bands": list(flt.age_bands),
            "member_tags": list(flt.tags),
            "model_worker": "" if flt.model_worker is None else ("yes" if flt.model_worker else "no"),
            "target_list": flt.target_list,
        }

    @staticmethod
    def initial_for(activity: Any) -> dict[str, Any]:
        target = (activity.targets or [{}])[0]
        return {
            "org": activity.org_id,
            "title": activity.title,
            "description": activity.description,
            "starts_at": timezone.localtime(activity.starts_at),
            "ends_at": timezone.localtime(activity.ends_at),
            "target_kind": target.get("kind", TargetKind.SUBTREE),
            "target_level": target.get("level", ""),
            **ActivityForm.member_filter_initial(activity.member_filter),
            "banks": list(activity.banks.all()),
            "draw_rules": ActivityForm.rules_text(activity.draw_rules),
            **{
                name: getattr(activity, name)
                for name in (
                    "shuffle_questions",
                    "shuffle_options",
                    "time_limit_minutes",
                    "attempts_per_day",
                    "attempts_total",
                    "score_rule",
                    "points_per_question",
                    "pass_mark",
                    "excellent_mark",
                    "levels",
                    "certificate_enabled",
                    "focus_budget",
                    "ip_ranges",
                )
            },
        }


class CancelForm(forms.Form):
    reason = forms.CharField(label="撤销原因", max_length=200, error_messages={"required": "请填写撤销原因"})

"""Input shapes of the 评审打分 pages: the organiser's filters, template (criteria as a formset, one row per
评分项), round, entry, judge and reason forms, and the judge's score sheet (one points field per criterion, a
tick for a veto item, a comment beside each). Rules that need other rows (points within 满分, required comments,
the round's state) are the services'."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from gonghui.accounts.models import User
from gonghui.orgs.models import Org

from .choices import BlindMode, RoundMode, RoundStatus, TieRuleKind
from .models import Criterion, Score, ScoreSheetTemplate


class RoundFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *RoundStatus.choices])


class TemplateForm(forms.Form):
    org = forms.ModelChoiceField(label="所属工会", queryset=Org.objects.none(), empty_label=None)
    name = forms.CharField(label="模板名称", max_length=200)

    def __init__(self, *args: Any, orgs: QuerySet[Org], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]


class TemplateNameForm(forms.Form):
    """Editing a template: its union stays, the name may change."""

    name = forms.CharField(label="模板名称", max_length=200)


class CriterionForm(forms.Form):
    name = forms.CharField(label="评分项", max_length=200)
    max_points = forms.DecimalField(
        label="满分", max_digits=7, decimal_places=2, min_value=Decimal(0), required=False
    )
    weight = forms.DecimalField(
        label="权重", max_digits=5, decimal_places=2, min_value=Decimal(0), initial=Decimal(1)
    )
    is_veto = forms.BooleanField(label="否决项", required=False)
    comment_required = forms.BooleanField(label="须填写评语", required=False)
    order = forms.IntegerField(label="顺序", min_value=0, max_value=999, required=False)


class BaseCriterionFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """The criteria rows; a row left empty is skipped; every error names its row (第N行)."""

    def clean(self) -> None:
        if any(self.errors):
            return
        rows = [form.cleaned_data for form in self.forms if form.cleaned_data]
        if not rows:
            raise forms.ValidationError("评分表至少要有一个评分项")
        for number, form in enumerate(self.forms, start=1):
            data = form.cleaned_data
            if data and not data.get("is_veto") and not data.get("max_points"):
                form.add_error("max_points", f"第{number}行：请填写大于 0 的满分")

    def row_errors(self) -> list[str]:
        """Each row's errors as "第N行「评分项」…: message", for the summary above the table."""
        found = []
        for number, form in enumerate(self.forms, start=1):
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for error in errors:
                    text = error if error.startswith(f"第{number}行") else f"第{number}行{label}：{error}"
                    found.append(text)
        return found


CriterionFormSet = forms.formset_factory(
    CriterionForm, formset=BaseCriterionFormSet, extra=6, max_num=60, validate_max=True
)


def criterion_rows(formset: forms.BaseFormSet) -> list[dict[str, Any]]:  # type: ignore[type-arg]
    """The filled rows in their order (the 顺序 column first, then the row's place)."""
    rows = [(form.cleaned_data, index) for index, form in enumerate(formset.forms) if form.cleaned_data]
    rows.sort(key=lambda row: (row[0].get("order") if row[0].get("order") is not None else row[1], row[1]))
    return [data for data, _index in rows]


class OwnedRoundForm(forms.Form):
    """Start the review round a module's row owns (a contest group, a 课题 call, a congress session …): the score-sheet
    template and how judges see the entries; an owner's form may subclass it for its own fields or help text."""

    template = forms.ModelChoiceField(
        label="评分表模板",
        queryset=ScoreSheetTemplate.objects.none(),
        empty_label="请选择评分表模板",
        error_messages={"required": "请选择评分表模板", "invalid_choice": "请选择列表中的评分表模板"},
    )
    blind_mode = forms.ChoiceField(
        label="评审方式",
        choices=BlindMode.choices,
        initial=BlindMode.OPEN,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "请选择评审方式", "invalid_choice": "请选择列表中的评审方式"},
    )

    def __init__(self, *args: Any, templates: QuerySet[ScoreSheetTemplate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates  # type: ignore[attr-defined]
        self.fields["template"].widget.attrs["class"] = "form-select"


class RoundForm(forms.Form):
    org = forms.ModelChoiceField(label="组织单位", queryset=Org.objects.none(), empty_label=None)
    template = forms.ModelChoiceField(
        label="评分表模板", queryset=ScoreSheetTemplate.objects.none(), empty_label="请选择评分表模板"
    )
    title = forms.CharField(label="评审名称", max_length=200)
    blind_mode = forms.ChoiceField(
        label="评审方式", choices=BlindMode.choices, initial=BlindMode.OPEN, widget=forms.RadioSelect
    )
    mode = forms.ChoiceField(
        label="评审模式",
        choices=RoundMode.choices,
        initial=RoundMode.PANEL,
        widget=forms.RadioSelect,
        help_text="自评+考评：申报工会先自评并上传佐证材料，评委在旁考评，差异大的评分项会标出",
    )

    def __init__(
        self, *args: Any, orgs: QuerySet[Org], templates: QuerySet[ScoreSheetTemplate], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["template"].queryset = templates  # type: ignore[attr-defined]


class EntryForm(forms.Form):
    title = forms.CharField(label="参评名称", max_length=200)
    entrant_org = forms.ModelChoiceField(
        label="申报工会", queryset=Org.objects.none(), empty_label="请选择申报工会"
    )
    unit = forms.CharField(
        label="申报单位", max_length=200, required=False, help_text="不填则按申报工会所在单位回避"
    )
    group = forms.CharField(
        label="评审组", max_length=100, required=False, help_text="填写后只由该组评委评审；不填则所有评委评审"
    )

    def __init__(self, *args: Any, orgs: QuerySet[Org], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["entrant_org"].queryset = orgs  # type: ignore[attr-defined]


class JudgeUserChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: User) -> str:  # type: ignore[override]
        return f"{obj.name or obj.username}（{obj.username}）"


class JudgeForm(forms.Form):
    user = JudgeUserChoiceField(label="评委账号", queryset=User.objects.none(), empty_label="请选择账号")
    group = forms.CharField(label="评审组", max_length=100, required=False)
    unit = forms.CharField(
        label="所在单位",
        max_length=200,
        required=False,
        help_text="评委申报的本人单位，该单位的参评对象自动回避",
    )

    def __init__(self, *args: Any, users: QuerySet[User], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=300, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, label: str = "原因", **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = f"请填写{label}"


def points_field(criterion_id: int) -> str:
    return f"points_{criterion_id}"


def comment_field(criterion_id: int) -> str:
    return f"comment_{criterion_id}"


class ScoreSheetForm(forms.Form):
    """One row per criterion: points (0..满分, two decimals) or, for a veto item, a tick; a comment beside it.
    Nothing is required here: a draft may leave criteria open, and submit's checks are the service's."""

    def __init__(
        self, *args: Any, criteria: Sequence[Criterion], scores: Sequence[Score] = (), **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        given = {score.criterion_id: score for score in scores}
        for criterion in self.criteria:
            score = given.get(criterion.pk)
            if criterion.is_veto:
                self.fields[points_field(criterion.pk)] = forms.BooleanField(
                    label=f"{criterion.name}（否决项，勾选即否决）",
                    required=False,
                    initial=bool(score and score.points == 1),
                )
            else:
                self.fields[points_field(criterion.pk)] = forms.DecimalField(
                    label=f"{criterion.name}（满分 {format(criterion.max_points.normalize(), 'f')}）",
                    required=False,
                    max_digits=7,
                    decimal_places=2,
                    initial=format(score.points.normalize(), "f") if score else None,
                    error_messages={
                        "invalid": f"「{criterion.name}」的得分须为数字",
                        "max_decimal_places": f"「{criterion.name}」的得分最多保留两位小数",
                        "max_digits": f"「{criterion.name}」的得分超出范围",
                    },
                    widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "min": "0"}),
                )
            self.fields[comment_field(criterion.pk)] = forms.CharField(
                label=f"{criterion.name}评语" + ("（必填）" if criterion.comment_required else ""),
                required=False,
                max_length=2000,
                initial=score.comment if score else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self) -> list[tuple[Criterion, forms.BoundField, forms.BoundField]]:
        return [
            (criterion, self[points_field(criterion.pk)], self[comment_field(criterion.pk)])
            for criterion in self.criteria
        ]

    def entered(self) -> dict[int, tuple[Decimal, str]]:
        """The criteria the judge filled in (a veto item always: ticked 1, else 0), by criterion id."""
        found: dict[int, tuple[Decimal, str]] = {}
        for criterion in self.criteria:
            points = self.cleaned_data.get(points_field(criterion.pk))
            comment = self.cleaned_data.get(comment_field(criterion.pk), "")
            if criterion.is_veto:
                found[criterion.pk] = (Decimal(1) if points else Decimal(0), comment)
            elif points is not None:
                found[criterion.pk] = (points, comment)
        return found


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; the service checks each (size, type, content)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        found = [f for f in data if f] if isinstance(data, list | tuple) else [data] if data else []
        if not found:
            raise forms.ValidationError("请选择要上传的佐证材料")
        return found


class EvidenceForm(forms.Form):
    """佐证材料: one or more files; the attachments' upload policy checks each in the service."""

    evidence = MultipleFileField(label="佐证材料（图片、PDF、Office 文件）")


TIE_RULE_SLOTS = 3
NO_GROUP = "未分组"  # the judges without a 评审组, as written in the weights box


def tie_rule_choices(criteria: Sequence[Criterion]) -> list[tuple[str, str]]:
    """ "" (none), "criterion:<name>" for each scored criterion, then the median and the lowest total."""
    return [
        ("", "（不设置）"),
        *((f"criterion:{c.name}", f"评分项「{c.name}」平均分高者在前") for c in criteria if not c.is_veto),
        (str(TieRuleKind.MEDIAN), str(TieRuleKind.MEDIAN.label)),
        (str(TieRuleKind.LOWEST), str(TieRuleKind.LOWEST.label)),
    ]


def tie_rule_value(kind: str, criterion: str = "") -> str:
    return f"criterion:{criterion}" if kind == TieRuleKind.CRITERION else kind


class RulesForm(forms.Form):
    """The rules a round is scored by: up to three tie rules in order, the outlier and gap shares as percentages,
    and one line per judge group with its weight ("专家组 7")."""

    outlier_percent = forms.DecimalField(
        label="离群评委阈值（满分的百分比）",
        min_value=Decimal("0.1"),
        max_value=Decimal(100),
        decimal_places=1,
        help_text="某评委总分与其他评委平均分相差超过满分的该比例时标出，默认 15",
    )
    gap_percent = forms.DecimalField(
        label="自评差异阈值（该项满分的百分比）",
        min_value=Decimal("0.1"),
        max_value=Decimal(100),
        decimal_places=1,
        help_text="自评+考评模式：自评分与评委平均分相差超过该项满分的该比例时标出，默认 15",
    )
    group_weights = forms.CharField(
        label="评审组权重",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "专家组 7\n职工代表组 3"}),
        help_text="每行一个评审组及其权重，以空格分隔（没有评审组的评委写“未分组”）；不填则所有评委权重相同。设置后每位评委的评审组都须有权重",
    )

    def __init__(self, *args: Any, criteria: Sequence[Criterion], **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = tie_rule_choices(criteria)
        for slot in range(1, TIE_RULE_SLOTS + 1):
            self.fields[f"tie_rule_{slot}"] = forms.ChoiceField(
                label=f"同分排序规则 {slot}", choices=choices, required=False
            )
        self.order_fields([f"tie_rule_{slot}" for slot in range(1, TIE_RULE_SLOTS + 1)])

    def clean_group_weights(self) -> dict[str, str]:
        weights: dict[str, str] = {}
        for number, line in enumerate(self.cleaned_data["group_weights"].splitlines(), start=1):
            text = line.strip()
            if not text:
                continue
            name, _sep, weight = (
                text.replace("\u3000", " ").replace("：", " ").replace(":", " ").rpartition(" ")
            )
            if not name.strip() or not weight.strip():
                raise forms.ValidationError(f"第{number}行：请写成“评审组 权重”，如“专家组 7”")
            if name.strip() in weights:
                raise forms.ValidationError(f"第{number}行：评审组「{name.strip()}」重复")
            group = "" if name.strip() == NO_GROUP else name.strip()
            weights[group] = weight.strip()
        return weights

    def tie_rules(self) -> list[tuple[str, str]]:
        """The chosen rules in order as (kind, criterion name)."""
        found = []
        for slot in range(1, TIE_RULE_SLOTS + 1):
            value = self.cleaned_data.get(f"tie_rule_{slot}", "")
            if value.startswith("criterion:"):
                found.append((str(TieRuleKind.CRITERION), value.removeprefix("criterion:")))
            elif value:
                found.append((value, ""))
        return found

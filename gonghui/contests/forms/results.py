"""Forms of judging and results: start judging (score-sheet template, 盲评 or not) and add a judge (account
among the candidates the search left, group, 所在单位). Shape only: `services.judging` checks the rules."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from gonghui.accounts.models import User
from gonghui.reviews.forms import OwnedRoundForm
from gonghui.reviews.models import ScoreSheetTemplate

from ..models import ContestGroup


class JudgingStartForm(OwnedRoundForm):
    def __init__(self, *args: Any, templates: QuerySet[ScoreSheetTemplate], **kwargs: Any):
        super().__init__(*args, templates=templates, **kwargs)
        self.fields[
            "blind_mode"
        ].help_text = "盲评：评委看不到报名单位和参赛人员姓名，未填写参赛项目名称的报名以组内编号代替"


class JudgeChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """An account shown as "姓名 · 所在工会" (labels from `selectors.results.judge_candidate_labels`), never by its
    account name (a member's is their phone number)."""

    def __init__(self, *args: Any, labels: dict[int, str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.labels: dict[int, str] = labels or {}

    def label_from_instance(self, obj: User) -> str:  # type: ignore[override]
        return self.labels.get(obj.pk) or obj.name or "—"


class ContestJudgeForm(forms.Form):
    user = JudgeChoiceField(
        label="评委账号",
        queryset=User.objects.none(),
        empty_label="请选择账号",
        error_messages={"required": "请选择评委账号", "invalid_choice": "请选择列表中的账号"},
    )
    group = forms.ModelChoiceField(
        label="评审组别",
        queryset=ContestGroup.objects.none(),
        required=False,
        empty_label="全部组别",
        help_text="只评该组别的参赛报名；不选则评全部组别",
    )
    unit = forms.CharField(
        label="所在单位",
        max_length=200,
        required=False,
        help_text="外部评委必填；该单位的参赛报名对其自动回避",
    )

    def __init__(
        self,
        *args: Any,
        users: QuerySet[User],
        groups: QuerySet[ContestGroup],
        labels: dict[int, str],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = users  # type: ignore[attr-defined]
        field.labels = labels  # type: ignore[attr-defined]
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]

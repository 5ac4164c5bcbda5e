"""Forms of part report: the search of the published list, 组织评选 (the score sheet and how judges see the entries)
and 确定优秀提案和承办先进单位 (checkboxes over the closed round's entries)."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from gonghui.reviews.forms import OwnedRoundForm

from ..models import HandlingDepartment, Proposal


class PublishedSearchForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=60)


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        label="撤回原因",
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写撤回公开的原因", "max_length": "撤回原因不超过200字"},
    )


class HonoursReviewForm(OwnedRoundForm):
    """组织评选: the session's round for 优秀提案 and 承办先进单位."""


class HonoursForm(forms.Form):
    proposals = forms.ModelMultipleChoiceField(
        label="优秀提案",
        queryset=Proposal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={
            "invalid_choice": "所选提案不在本次评选中",
            "invalid_pk_value": "所选提案不在本次评选中",
        },
    )
    departments = forms.ModelMultipleChoiceField(
        label="提案承办先进单位",
        queryset=HandlingDepartment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={
            "invalid_choice": "所选部门不在本次评选中",
            "invalid_pk_value": "所选部门不在本次评选中",
        },
    )

    def __init__(
        self,
        *args: Any,
        proposals: QuerySet[Proposal],
        departments: QuerySet[HandlingDepartment],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = proposals  # type: ignore[attr-defined]
        self.fields["departments"].queryset = departments  # type: ignore[attr-defined]

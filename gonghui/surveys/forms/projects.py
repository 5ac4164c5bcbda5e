"""Forms of part projects: the registry's filters, the 中期报告, the 中期检查, the 结项材料, the 结项 decision and
撤项. They check shape only; the services check state and side."""

from typing import Any

from django import forms

from ..choices import MidtermResult, ProjectRating, ProjectStatus
from ..selectors.projects import REGISTERED
from ..services.projects import CONCLUDE, MAX_FILES, RETURN


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the attachments block (type, size, content)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class OrgChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class SurveyChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        closed = f"（{obj.closed_at:%Y-%m-%d} 结束）" if obj.closed_at else ""
        return f"{obj.title} · {obj.org.name}{closed}"


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=60)
    # the filter row shows no labels: each select names itself to screen readers
    year = forms.TypedChoiceField(
        label="年度",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"aria-label": "年度"}),
    )
    topic = forms.ChoiceField(
        label="选题方向", required=False, widget=forms.Select(attrs={"aria-label": "选题方向"})
    )
    status = forms.ChoiceField(
        label="状态", required=False, widget=forms.Select(attrs={"aria-label": "状态"})
    )
    org = OrgChoiceField(
        label="承担单位",
        required=False,
        queryset=None,
        empty_label="全部单位",
        widget=forms.Select(attrs={"aria-label": "承担单位"}),
    )

    def __init__(self, *args: Any, years: list[int], topics: list[str], orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "全部年度"), *((y, f"{y}年") for y in years)]  # type: ignore[attr-defined]
        self.fields["topic"].choices = [("", "全部选题方向"), *((t, t) for t in topics)]  # type: ignore[attr-defined]
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            ("", "全部状态"),
            *((s.value, s.label) for s in ProjectStatus if s in REGISTERED),
        ]
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]


def _files_field() -> MultipleFileField:
    return MultipleFileField(
        label="附件", help_text=f"可选，一次最多 {MAX_FILES} 个（PDF、Word、Excel、图片）"
    )


class MidtermForm(forms.Form):
    report = forms.CharField(
        label="中期报告",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="研究进展、阶段性成果、存在的问题和下一步计划、经费使用情况",
        error_messages={"required": "请填写中期报告"},
    )
    attachments = _files_field()


class MidtermCheckForm(forms.Form):
    result = forms.ChoiceField(
        label="检查结论",
        choices=MidtermResult.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "请选择中期检查结论"},
    )
    opinion = forms.CharField(
        label="检查意见",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="限期整改或不通过时必填；不通过即撤项",
    )


class FinalForm(forms.Form):
    report = forms.CharField(
        label="结项报告",
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": "请填写结项报告"},
    )
    outputs = forms.CharField(
        label="研究成果",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="一行一项：论文、调研报告、政策建议及采纳情况等",
        error_messages={"required": "请填写研究成果（论文、调研报告、采纳情况等）"},
    )
    surveys = SurveyChoiceField(
        label="附上问卷调查结果",
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="本单位及下级工会已结束的问卷，其统计结果随结项报告一并报送",
    )
    attachments = _files_field()

    def __init__(self, *args: Any, surveys: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["surveys"].queryset = surveys  # type: ignore[attr-defined]


class ConcludeForm(forms.Form):
    decision = forms.ChoiceField(
        label="审核结果",
        choices=[(CONCLUDE, "同意结项"), (RETURN, "退回修改")],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "请选择结项或退回"},
    )
    rating = forms.ChoiceField(
        label="结项等级", required=False, choices=[("", "请选择"), *ProjectRating.choices]
    )
    opinion = forms.CharField(
        label="结项意见",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "请填写结项意见"},
    )


class TerminateForm(forms.Form):
    reason = forms.CharField(
        label="撤项原因",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "请填写撤项原因"},
    )

"""The member filter form (会员筛选), shape only: one form class and one template partial
(`members/partials/member_filter_fields.html`, with its live count) that any page includes. `member_filter()` gives
the `MemberFilter` of the cleaned data; `initial_for(flt)` fills the form back from a stored filter."""

from typing import Any

from django import forms

from gonghui.accounts.choices import Gender

from ..choices import HOLDING_STATUSES, Employment, JobCategory, MemberStatus
from ..models import MemberTag
from ..selectors.filters import FILTER_AGE_BANDS, MemberFilter, political_status_choices

CHECKBOXES = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MODEL_WORKER_CHOICES = [("", "不限"), ("yes", "是"), ("no", "否")]
FILTER_FIELDS = (
    "filter_org",
    "include_descendants",
    "gender",
    "age_bands",
    "employment",
    "job_categories",
    "political_statuses",
    "tags",
    "statuses",
    "model_worker",
    "joined_from",
    "joined_to",
)


# The criteria other forms take from the member filter (a quiz's 参与条件, a contest's 参赛条件): one definition each.


def age_bands_field(*, label: str = "年龄段", counted_on: str = "今天") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=[(b.key, b.label) for b in FILTER_AGE_BANDS],
        required=False,
        widget=CHECKBOXES,
        help_text=f"按{counted_on}的年龄计算；不选为不限",
    )


def employment_field(*, label: str = "用工性质", help_text: str = "不选为不限") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=Employment.choices, required=False, widget=CHECKBOXES, help_text=help_text
    )


def job_categories_field(
    *, label: str = "岗位类别", help_text: str = "不选为不限"
) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=JobCategory.choices, required=False, widget=CHECKBOXES, help_text=help_text
    )


class MemberFilterForm(forms.Form):
    """Every criterion is optional; with none the filter is "all members holding membership" in the user's scope."""

    filter_org = forms.ChoiceField(label="所属工会", required=False)
    include_descendants = forms.BooleanField(label="含下级工会", required=False, initial=True)
    gender = forms.ChoiceField(label="性别", choices=[("", "不限"), *Gender.choices], required=False)
    age_bands = age_bands_field()
    employment = employment_field(help_text="")
    job_categories = job_categories_field(help_text="")
    political_statuses = forms.MultipleChoiceField(label="政治面貌", required=False, widget=CHECKBOXES)
    tags = forms.ModelMultipleChoiceField(
        label="标签", queryset=MemberTag.objects.all(), required=False, widget=CHECKBOXES
    )
    statuses = forms.MultipleChoiceField(
        label="会籍状态",
        choices=MemberStatus.choices,
        required=False,
        widget=CHECKBOXES,
        initial=list(HOLDING_STATUSES),
        help_text="不选为在籍和保留会籍",
    )
    model_worker = forms.ChoiceField(label="劳模/工匠", choices=MODEL_WORKER_CHOICES, required=False)
    joined_from = forms.DateField(
        label="入会日期从",
        required=False,
        widget=DATE,
        error_messages={"invalid": "入会日期（起）格式不正确"},
    )
    joined_to = forms.DateField(
        label="入会日期至",
        required=False,
        widget=DATE,
        error_messages={"invalid": "入会日期（止）格式不正确"},
    )

    def __init__(self, *args: Any, orgs: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["filter_org"].choices = [("", "本人可见的全部工会"), *((o.code, o.name) for o in orgs)]  # type: ignore[attr-defined]
        self.fields["political_statuses"].choices = political_status_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("joined_from"), data.get("joined_to")
        if start and end and start > end:
            self.add_error("joined_to", "入会日期（止）不能早于入会日期（起）")
        return data

    def filter_fields(self) -> list[forms.BoundField]:
        """The filter's fields, bound, for `members/partials/member_filter_fields.html`."""
        return [self[name] for name in FILTER_FIELDS]

    def member_filter(self) -> MemberFilter:
        d = self.cleaned_data
        worker = d.get("model_worker") or ""
        return MemberFilter(
            org=d.get("filter_org") or "",
            include_descendants=bool(d.get("include_descendants")) or not d.get("filter_org"),
            gender=d.get("gender") or "",
            age_bands=tuple(d.get("age_bands") or ()),
            employment=tuple(d.get("employment") or ()),
            job_categories=tuple(d.get("job_categories") or ()),
            political_statuses=tuple(d.get("political_statuses") or ()),
            tags=tuple(t.pk for t in d.get("tags") or ()),
            statuses=tuple(d.get("statuses") or ()) or MemberFilter().statuses,
            model_worker=None if not worker else worker == "yes",
            joined_from=d.get("joined_from"),
            joined_to=d.get("joined_to"),
        )

    def member_filter_or_default(self) -> MemberFilter:
        """The filter of a valid bound form, else the default (all members holding membership)."""
        return self.member_filter() if self.is_bound and self.is_valid() else MemberFilter()

    @staticmethod
    def initial_for(flt: MemberFilter) -> dict[str, Any]:
        return {
            "filter_org": flt.org,
            "include_descendants": flt.include_descendants,
            "gender": flt.gender,
            "age_bands": list(flt.age_bands),
            "employment": list(flt.employment),
            "job_categories": list(flt.job_categories),
            "political_statuses": list(flt.political_statuses),
            "tags": list(flt.tags),
            "statuses": list(flt.statuses),
            "model_worker": "" if flt.model_worker is None else ("yes" if flt.model_worker else "no"),
            "joined_from": flt.joined_from,
            "joined_to": flt.joined_to,
        }

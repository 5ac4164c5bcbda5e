"""Forms of part proposals: the console list's filters, the committee's review, the assignment, the reply, a
handling department; on the portal the proposal itself and the proposer's rating."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import Org

from ..choices import ProposalCategory, ProposalKind, ProposalStatus, ReplyType, Satisfaction
from ..models import Congress, HandlingDepartment
from ..services.proposals import REVIEW_ACCEPT, REVIEW_CONVERT, REVIEW_REJECT

ALL = [("", _("全部"))]


class ProposalFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=60)
    congress = forms.ChoiceField(label=_("代表大会"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=ALL + ProposalStatus.choices)
    kind = forms.ChoiceField(label=_("类别"), required=False, choices=ALL + ProposalKind.choices)
    category = forms.ChoiceField(label=_("分类"), required=False, choices=ALL + ProposalCategory.choices)
    department = forms.ChoiceField(label=_("承办部门"), required=False)
    overdue = forms.BooleanField(label=_("只看逾期未答复"), required=False)

    def __init__(
        self,
        *args: Any,
        congresses: QuerySet[Congress],
        departments: QuerySet[HandlingDepartment],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        congress_field: Any = self.fields["congress"]
        congress_field.choices = [("", _("全部代表大会")), *((str(c.public_id), str(c)) for c in congresses)]
        department_field: Any = self.fields["department"]
        department_field.choices = [
            ("", _("全部承办部门")),
            *((str(d.pk), f"{d.org.name} · {d.name}") for d in departments),
        ]


class ProposalForm(forms.Form):
    """提交提案 on the portal: one matter."""

    congress = forms.ChoiceField(label=_("代表大会"))
    category = forms.ChoiceField(label=_("分类"), choices=ProposalCategory.choices)
    title = forms.CharField(
        label=_("案由"),
        max_length=100,
        help_text=_("一事一案，写明“关于……的提案”"),
        error_messages={"required": _("请填写案由"), "max_length": _("案由不能超过100个字")},
    )
    reasons = forms.CharField(
        label=_("理由"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("请填写理由")},
    )
    measures = forms.CharField(
        label=_("建议措施"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("请填写建议措施")},
    )

    def __init__(self, *args: Any, targets: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.targets = {str(t.seat.congress.public_id): t for t in targets}
        field: Any = self.fields["congress"]
        field.choices = [(key, str(t.seat.congress)) for key, t in self.targets.items()]
        if len(self.targets) == 1:
            self.fields["congress"].initial = next(iter(self.targets))
            self.fields["congress"].widget = forms.HiddenInput()
        self.fields["congress"].error_messages["required"] = _("请选择代表大会")

    def chosen_congress(self) -> Congress:
        return self.targets[self.cleaned_data["congress"]].seat.congress  # type: ignore[no-any-return]


class RatingForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("满意度"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("请选择满意度")},
    )
    rating_note = forms.CharField(
        label=_("评价意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("选择“不满意”时请写明意见，提案将重新办理一次"),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审查结论"),
        choices=[
            (REVIEW_ACCEPT, _("立案（意见建议为受理）")),
            (REVIEW_REJECT, _("不予立案")),
            (REVIEW_CONVERT, _("转为意见建议")),
        ],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("请选择审查结论")},
    )
    note = forms.CharField(
        label=_("审查意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("不予立案或转为意见建议时必填，将告知提案人"),
    )


class AssignForm(forms.Form):
    lead = forms.ModelChoiceField(
        label=_("主办部门"),
        queryset=HandlingDepartment.objects.none(),
        error_messages={"required": _("请选择主办部门")},
    )
    assists = forms.ModelMultipleChoiceField(
        label=_("协办部门"),
        queryset=HandlingDepartment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    workdays = forms.IntegerField(
        label=_("答复期限（工作日）"),
        min_value=1,
        max_value=120,
        error_messages={
            "required": _("请填写答复期限"),
            "min_value": _("答复期限至少1个工作日"),
            "max_value": _("答复期限不能超过120个工作日"),
        },
    )

    def __init__(self, *args: Any, departments: QuerySet[HandlingDepartment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = departments  # type: ignore[attr-defined]
        self.fields["assists"].queryset = departments  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lead, assists = data.get("lead"), data.get("assists") or []
        if lead is not None and lead in assists:
            self.add_error("assists", _("主办部门不必再选为协办"))
        return data


class ReplyForm(forms.Form):
    reply_type = forms.ChoiceField(
        label=_("答复类型"),
        choices=ReplyType.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("请选择答复类型")},
    )
    content = forms.CharField(
        label=_("答复内容"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("请填写答复内容")},
    )


class DepartmentForm(forms.Form):
    org: forms.ModelChoiceField[Org] = forms.ModelChoiceField(
        label=_("单位工会"), queryset=Org.objects.none(), error_messages={"required": _("请选择单位")}
    )
    name = forms.CharField(
        label=_("部门名称"), max_length=60, error_messages={"required": _("请填写部门名称")}
    )
    contact_name = forms.CharField(label=_("联系人"), max_length=40, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    sort_order = forms.IntegerField(label=_("排序"), min_value=0, max_value=999, initial=0)
    is_active = forms.BooleanField(label=_("在用"), required=False, initial=True)

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]

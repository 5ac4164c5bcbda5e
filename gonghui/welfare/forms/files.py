"""Forms of 困难职工帮扶 — part `files`: the list's filters and the flow's action pages. Shape only: the services
check the rules (state, permission, what is missing)."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import Org

from ..choices import FileStatus, HardshipClass


def _date(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("请填写%(f)s") % {"f": label}, "invalid": _("日期格式不正确")},
    )


class FileFilterForm(forms.Form):
    q = forms.CharField(label=_("姓名或档案编号"), required=False, max_length=50)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *FileStatus.choices]
    )
    hardship_class = forms.ChoiceField(
        label=_("类别"), required=False, choices=[("", _("全部类别")), *HardshipClass.choices]
    )
    org = forms.TypedChoiceField(label=_("工会"), required=False, coerce=int, empty_value=None)
    year = forms.TypedChoiceField(label=_("申请年度"), required=False, coerce=int, empty_value=None)
    todo = forms.BooleanField(label=_("只看待我办理"), required=False)

    def __init__(self, *args: Any, orgs: QuerySet[Org], years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [  # type: ignore[attr-defined]
            ("", _("全部工会")),
            *((org.pk, org.name) for org in orgs),
        ]
        self.fields["year"].choices = [("", _("全部年度")), *((y, f"{y}年") for y in years)]  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = field.label


class UnitCheckForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("初审意见"),
        choices=[("pass", _("初审通过")), ("return", _("退回补充"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择初审意见")},
    )
    note = forms.CharField(
        label=_("说明"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("退回时必填：请写明需要补充或更正的内容"),
    )


class SurveyForm(forms.Form):
    surveyed_on = _date(_("调查日期"))
    visitors = forms.CharField(
        label=_("调查人员"),
        max_length=200,
        help_text=_("至少两人，如：王主席、李干事"),
        error_messages={"required": _("请填写调查人员")},
    )
    findings = forms.CharField(
        label=_("调查结论"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("家庭居住、收入与支出的核实情况；加密保存，只有经审计的查看可以读取"),
        error_messages={"required": _("请填写调查结论")},
    )


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("审核意见"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PublicizeForm(forms.Form):
    window = forms.IntegerField(
        label=_("公示期（工作日）"),
        required=False,
        min_value=1,
        max_value=60,
        help_text=_("不填则为5个工作日"),
        error_messages={
            "invalid": _("公示期请填写整数"),
            "min_value": _("公示期至少1个工作日"),
            "max_value": _("公示期不超过60个工作日"),
        },
    )


class ConfirmForm(forms.Form):
    """A step with nothing to fill (建档): the page's button confirms it."""


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("不予建档理由"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("申请人将收到此理由"),
        error_messages={"required": _("请填写不予建档的理由")},
    )

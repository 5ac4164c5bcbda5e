"""Forms of 干部培训班 (part `classes`): shape only, the services check the rules."""

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import Org

from ..choices import AssessmentResult, ClassStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _labelled(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        field.widget.attrs.setdefault("aria-label", field.label)


class ClassFilterForm(forms.Form):
    q = forms.CharField(label=_("培训班名称或地点"), required=False, max_length=50)
    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *ClassStatus.choices]
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部年度")), *((y, f"{y}年") for y in years)]  # type: ignore[attr-defined]
        _labelled(self)


class ClassForm(forms.Form):
    org = forms.ModelChoiceField(
        label=_("主办工会"),
        queryset=Org.objects.none(),
        error_messages={"required": _("请选择主办工会"), "invalid_choice": _("所选工会不可用")},
    )
    title = forms.CharField(
        label=_("培训班名称"),
        max_length=100,
        help_text=_("如：2020年基层工会主席培训班"),
        error_messages={"required": _("请填写培训班名称")},
    )
    year = forms.IntegerField(
        label=_("年度"),
        min_value=2000,
        max_value=2100,
        error_messages={"required": _("请填写年度"), "invalid": _("年度请填写四位年份")},
    )
    starts_on = forms.DateField(
        label=_("开班日期"),
        widget=DATE,
        error_messages={"required": _("请填写开班日期"), "invalid": _("日期格式不正确")},
    )
    ends_on = forms.DateField(
        label=_("结业日期"),
        widget=DATE,
        error_messages={"required": _("请填写结业日期"), "invalid": _("日期格式不正确")},
    )
    place = forms.CharField(label=_("地点"), max_length=200, error_messages={"required": _("请填写培训地点")})
    audience_note = forms.CharField(
        label=_("培训对象"), max_length=200, required=False, help_text=_("如：基层工会主席、副主席")
    )
    seats = forms.IntegerField(
        label=_("总名额"),
        min_value=1,
        error_messages={
            "required": _("请填写总名额"),
            "invalid": _("总名额请填写整数"),
            "min_value": _("总名额至少为 1"),
        },
    )
    nominate_until = forms.DateField(
        label=_("推荐截止日期"), widget=DATE, required=False, help_text=_("发布前须填写；不能晚于开班日期")
    )
    certificate = forms.BooleanField(label=_("结业发证书"), required=False, initial=True)
    programme = forms.CharField(
        label=_("培训内容安排"), required=False, widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )

    def __init__(self, *args: Any, orgs: QuerySet[Org], editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        if editing:
            del self.fields["org"]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("取消原因"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写取消原因")},
    )


class SessionForm(forms.Form):
    topic = forms.CharField(label=_("专题"), max_length=100, error_messages={"required": _("请填写专题")})
    teacher = forms.CharField(label=_("授课人"), max_length=60, required=False)
    starts_at = forms.DateTimeField(
        label=_("开始时间"),
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"required": _("请填写开始时间"), "invalid": _("时间格式不正确")},
    )
    ends_at = forms.DateTimeField(
        label=_("结束时间"),
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"required": _("请填写结束时间"), "invalid": _("时间格式不正确")},
    )
    hours = forms.DecimalField(
        label=_("学时"),
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0"),
        error_messages={"required": _("请填写学时"), "invalid": _("学时请填写数字，最多一位小数")},
    )


class NominateFilterForm(forms.Form):
    q = forms.CharField(label=_("姓名、会员编号或手机号"), required=False, max_length=50)


class NominateForm(forms.Form):
    member = forms.UUIDField(
        error_messages={"required": _("请选择要推荐的会员"), "invalid": _("请选择要推荐的会员")}
    )
    post = forms.CharField(
        label=_("工会职务"),
        max_length=60,
        help_text=_("如：工会主席、工会委员"),
        error_messages={"required": _("请填写工会职务")},
    )


class DeclineForm(forms.Form):
    note = forms.CharField(label=_("不录取说明"), max_length=200, required=False)


class AssessForm(forms.Form):
    result = forms.ChoiceField(
        label=_("考核结果"),
        choices=AssessmentResult.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择考核结果")},
    )
    note = forms.CharField(label=_("考核说明"), max_length=200, required=False)


class HoursFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, required=False, empty_value=None)
    org = forms.ModelChoiceField(
        label=_("工会"), queryset=Org.objects.none(), required=False, empty_label=_("全部")
    )
    view = forms.ChoiceField(
        label=_("统计方式"), required=False, choices=[("cadre", _("按人员")), ("union", _("按工会"))]
    )

    def __init__(self, *args: Any, years: list[int], orgs: QuerySet[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, f"{y}年") for y in years]  # type: ignore[attr-defined]
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        _labelled(self)

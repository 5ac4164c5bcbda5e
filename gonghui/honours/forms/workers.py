"""Forms of the 劳模/工匠 registry (part `workers`): the registry and action filters, the title form (a roster member
picked from a search, or a person not on the roster), the edit form with status, care, and 助力脱贫攻坚 actions.
Shape only: the services check the rules."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.ledger.models import BudgetLine
from gonghui.members.models import Member
from gonghui.orgs.models import Org

from ..choices import CareKind, PovertyActionKind, WorkerKind, WorkerLevel, WorkerStatus
from ..models import ModelWorker
from ..services.workers import FIRST_YEAR, WORKER_ACTIONS


def _date(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("请填写%(f)s") % {"f": label}, "invalid": _("日期格式不正确")},
    )


class WorkerFilterForm(forms.Form):
    q = forms.CharField(label=_("姓名、称号或单位"), required=False, max_length=50)
    level = forms.ChoiceField(
        label=_("级别"), required=False, choices=[("", _("全部级别")), *WorkerLevel.choices]
    )
    kind = forms.ChoiceField(
        label=_("类别"), required=False, choices=[("", _("全部类别")), *WorkerKind.choices]
    )
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *WorkerStatus.choices]
    )
    year = forms.TypedChoiceField(label=_("获得年度"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部年度")), *((y, f"{y}年") for y in years)]  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = field.label


class MemberChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.org.name}）"


class _Facts(forms.Form):
    kind = forms.ChoiceField(
        label=_("类别"), choices=WorkerKind.choices, error_messages={"required": _("请选择类别")}
    )
    level = forms.ChoiceField(
        label=_("级别"), choices=WorkerLevel.choices, error_messages={"required": _("请选择级别")}
    )
    title = forms.CharField(
        label=_("荣誉称号"),
        max_length=100,
        help_text=_("如：河南省劳动模范"),
        error_messages={"required": _("请填写荣誉称号")},
    )
    year = forms.IntegerField(
        label=_("获得年度"),
        min_value=FIRST_YEAR,
        error_messages={
            "required": _("请填写获得年度"),
            "invalid": _("获得年度请填写四位年份"),
            "min_value": _("获得年度不早于 %(limit_value)s 年"),
        },
    )
    unit_name = forms.CharField(
        label=_("工作单位"), required=False, max_length=200, help_text=_("在册会员可不填，取其所在单位")
    )
    position = forms.CharField(label=_("职务/岗位"), required=False, max_length=100)


class WorkerForm(_Facts):
    """登记: a roster member (searched by name, pinyin, phone or the ID number's last four characters), or the name
    and union of a person not on the roster."""

    member = MemberChoice(
        label=_("在册会员"),
        queryset=Member.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("所选会员不在您的工会范围内")},
    )
    name = forms.CharField(
        label=_("姓名"), required=False, max_length=50, help_text=_("不在会员名册中的人员填写")
    )
    org = forms.ModelChoiceField(
        label=_("所在工会"),
        queryset=Org.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("所选工会不在您的管理范围内")},
        help_text=_("不在会员名册中的人员选择所在工会"),
    )
    note = forms.CharField(
        label=_("备注"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    field_order = ["member", "name", "org", "kind", "level", "title", "year", "unit_name", "position", "note"]

    def __init__(self, *args: Any, candidates: QuerySet[Member], orgs: QuerySet[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = candidates  # type: ignore[attr-defined]
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("member") is None and not self.errors.get("member"):
            if not (data.get("name") or "").strip():
                self.add_error("name", _("请选择在册会员，或填写姓名"))
            if data.get("org") is None:
                self.add_error("org", _("不在会员名册中的人员请选择所在工会"))
        return data


class WorkerEditForm(_Facts):
    status = forms.ChoiceField(label=_("状态"), choices=WorkerStatus.choices)
    note = forms.CharField(
        label=_("备注"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("变更状态（退休、已故、撤销称号）时写明原因和日期"),
    )

    @classmethod
    def for_worker(cls, data: Any, worker: ModelWorker) -> "WorkerEditForm":
        fields = ("kind", "level", "title", "year", "unit_name", "position", "status", "note")
        return cls(data, initial={f: getattr(worker, f) for f in fields})


class LineChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.fund.org.name} · {obj.fund.year}年{obj.fund.name} · {obj.purpose}"


class CareForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("关爱类别"), choices=CareKind.choices, error_messages={"required": _("请选择关爱类别")}
    )
    happened_on = _date(_("日期"))
    content = forms.CharField(
        label=_("内容"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写关爱内容")},
    )
    amount = forms.DecimalField(
        label=_("慰问金金额（元）"),
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=0,
        error_messages={"invalid": _("金额请填写数字"), "max_decimal_places": _("金额最多两位小数")},
    )
    budget_line = LineChoice(
        label=_("支出预算科目"),
        queryset=BudgetLine.objects.none(),
        required=False,
        help_text=_("慰问金经经费台账支付，选择支出的预算科目"),
        error_messages={"invalid_choice": _("所选预算科目不可用")},
    )

    def __init__(self, *args: Any, lines: QuerySet[BudgetLine], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("happened_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].queryset = lines  # type: ignore[attr-defined]


class _ActionFacts(forms.Form):
    title = forms.CharField(
        label=_("行动内容"), max_length=200, error_messages={"required": _("请填写行动内容")}
    )
    place = forms.CharField(
        label=_("地点（帮扶村/单位）"),
        max_length=200,
        error_messages={"required": _("请填写地点（帮扶村/单位）")},
    )
    started_on = _date(_("开始日期"))
    ended_on = _date(_("结束日期"), required=False)
    partners = forms.CharField(label=_("合作对象"), required=False, max_length=200)
    results = forms.CharField(
        label=_("成效"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    beneficiaries = forms.IntegerField(
        label=_("受益人数"), required=False, min_value=0, error_messages={"invalid": _("受益人数请填写整数")}
    )


class WorkerActionForm(_ActionFacts):
    kind = forms.ChoiceField(
        label=_("行动类别"),
        choices=[(k, PovertyActionKind(k).label) for k in WORKER_ACTIONS],
        error_messages={"required": _("请选择行动类别"), "invalid_choice": _("请选择六大行动之一")},
    )
    field_order = ["kind", "title", "place", "started_on", "ended_on", "partners", "results", "beneficiaries"]


class CollectiveActionForm(_ActionFacts):
    org = forms.ModelChoiceField(
        label=_("登记工会"),
        queryset=Org.objects.none(),
        empty_label=None,
        error_messages={"required": _("请选择登记工会"), "invalid_choice": _("所选工会不在您的管理范围内")},
    )
    collective_name = forms.CharField(
        label=_("先进集体"), max_length=200, error_messages={"required": _("请填写先进集体名称")}
    )
    field_order = [
        "org",
        "collective_name",
        "title",
        "place",
        "started_on",
        "ended_on",
        "partners",
        "results",
        "beneficiaries",
    ]

    def __init__(self, *args: Any, orgs: QuerySet[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]


class ActionFilterForm(forms.Form):
    q = forms.CharField(
        label=_("内容、地点、劳模或集体"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("行动内容、地点、劳模或集体")}),
    )
    kind = forms.ChoiceField(
        label=_("行动类别"), required=False, choices=[("", _("全部类别")), *PovertyActionKind.choices]
    )
    who = forms.ChoiceField(
        label=_("行动主体"),
        required=False,
        choices=[("", _("劳模和先进集体")), ("worker", _("劳模工匠")), ("collective", _("先进集体"))],
    )
    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部年度")), *((y, f"{y}年") for y in years)]  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = field.label

"""Forms of 疗休养 (part `recuperation`): shape only, the services check the rules."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.members.models import MemberTag
from gonghui.orgs.models import Org

from ..choices import PlaceStatus, ProgrammeStatus
from ..models import RecuperationBatch

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeFilterForm(forms.Form):
    q = forms.CharField(label=_("项目名称或名额来源"), required=False, max_length=50)
    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *ProgrammeStatus.choices]
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部年度")), *((y, f"{y}年") for y in years)]  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = field.label


class ProgrammeForm(forms.Form):
    org = forms.ModelChoiceField(
        label=_("组织工会"),
        queryset=Org.objects.none(),
        error_messages={"required": _("请选择组织工会"), "invalid_choice": _("所选工会不可用")},
    )
    name = forms.CharField(
        label=_("项目名称"),
        max_length=100,
        help_text=_("如：2020年抗疫一线医护人员疗休养"),
        error_messages={"required": _("请填写项目名称")},
    )
    year = forms.IntegerField(
        label=_("年度"),
        min_value=2000,
        max_value=2100,
        error_messages={"required": _("请填写年度"), "invalid": _("年度请填写四位年份")},
    )
    issuer = forms.CharField(
        label=_("名额来源"),
        max_length=100,
        initial="焦作市总工会",
        help_text=_("下达名额的上级工会"),
        error_messages={"required": _("请填写名额来源")},
    )
    received_reference = forms.CharField(label=_("来文文号"), max_length=100, required=False)
    places_received = forms.IntegerField(
        label=_("收到名额"),
        min_value=1,
        error_messages={
            "required": _("请填写收到名额"),
            "invalid": _("收到名额请填写整数"),
            "min_value": _("收到名额至少为 1 个"),
        },
    )
    priority_tag = forms.ChoiceField(
        label=_("优先对象标签"),
        required=False,
        help_text=_("带此会员标签的会员作为一线人员优先推荐，如“抗疫一线”"),
    )
    no_repeat_years = forms.IntegerField(
        label=_("不重复年限"),
        min_value=0,
        max_value=20,
        initial=3,
        help_text=_("近几年内参加过疗休养的会员不再推荐，0 表示不限制"),
        error_messages={"required": _("请填写不重复年限"), "invalid": _("不重复年限请填写整数")},
    )
    health_requirements = forms.CharField(
        label=_("健康要求"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("会员确认名额时须确认本人符合这些要求"),
    )
    nomination_deadline = forms.DateField(
        label=_("推荐截止日期"),
        required=False,
        widget=DATE,
        error_messages={"invalid": _("推荐截止日期格式不正确")},
    )

    def __init__(self, *args: Any, orgs: QuerySet[Org] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if orgs is None:
            del self.fields["org"]
        else:
            self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        tags = list(MemberTag.objects.order_by("name").values_list("name", flat=True))
        current = self.initial.get("priority_tag") or ""
        if current and current not in tags:
            tags.append(current)
        self.fields["priority_tag"].choices = [("", _("不设优先对象")), *((t, t) for t in tags)]  # type: ignore[attr-defined]


class BatchForm(forms.Form):
    name = forms.CharField(label=_("批次"), max_length=50, error_messages={"required": _("请填写批次名称")})
    resort = forms.CharField(
        label=_("疗休养地点"), max_length=100, error_messages={"required": _("请填写疗休养地点")}
    )
    starts_on = forms.DateField(
        label=_("开始日期"),
        widget=DATE,
        error_messages={"required": _("请填写开始日期"), "invalid": _("开始日期格式不正确")},
    )
    ends_on = forms.DateField(
        label=_("结束日期"),
        widget=DATE,
        error_messages={"required": _("请填写结束日期"), "invalid": _("结束日期格式不正确")},
    )
    capacity = forms.IntegerField(
        label=_("人数"),
        min_value=1,
        error_messages={
            "required": _("请填写人数"),
            "invalid": _("人数请填写整数"),
            "min_value": _("人数至少为 1"),
        },
    )
    assembly = forms.CharField(
        label=_("集合时间地点"),
        max_length=200,
        required=False,
        help_text=_("如：6月8日 7:30 市工人文化宫门口集合乘车"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("结束日期不能早于开始日期"))
        return data


class AllocateForm(forms.Form):
    """One number field per child union (`org_<id>`), prefilled with its current places."""

    def __init__(self, *args: Any, orgs: list[Org], current: dict[int, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for org in orgs:
            self.fields[f"org_{org.pk}"] = forms.IntegerField(
                label=org.name,
                min_value=0,
                required=False,
                initial=current.get(org.pk, 0),
                error_messages={
                    "invalid": _("“%(name)s”的名额请填写整数") % {"name": org.name},
                    "min_value": _("“%(name)s”的名额不能为负数") % {"name": org.name},
                },
            )

    def shares(self, current: dict[int, int]) -> dict[int, int]:
        """The unions whose places change, or are given for the first time ({org_id: places})."""
        shares: dict[int, int] = {}
        for name, value in self.cleaned_data.items():
            org_id = int(name.removeprefix("org_"))
            places = value or 0
            if places != current.get(org_id, 0) or (org_id not in current and places):
                shares[org_id] = places
        return shares


class CandidateFilterForm(forms.Form):
    q = forms.CharField(label=_("姓名、会员编号或手机号"), required=False, max_length=50)
    front = forms.BooleanField(label=_("只看一线人员"), required=False)


class BatchChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        live = getattr(obj, "live_count", None)
        tail = f"（余 {obj.capacity - live} 人）" if live is not None else ""
        return f"{obj.name} · {obj.resort} · {obj.starts_on:%Y-%m-%d} 至 {obj.ends_on:%m-%d}{tail}"


class NominateForm(forms.Form):
    member = forms.UUIDField(
        label=_("会员"),
        error_messages={
            "required": _("请在候选人列表中选择一名会员"),
            "invalid": _("请在候选人列表中选择一名会员"),
        },
    )
    batch = BatchChoice(
        label=_("批次"),
        queryset=RecuperationBatch.objects.none(),
        error_messages={"required": _("请选择批次"), "invalid_choice": _("所选批次不可用")},
    )
    reason = forms.CharField(
        label=_("推荐理由"),
        max_length=200,
        required=False,
        help_text=_("本会还有一线人员未推荐时，推荐非一线人员须写明理由"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, batches: QuerySet[RecuperationBatch], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["batch"].queryset = batches  # type: ignore[attr-defined]


class SubstituteForm(NominateForm):
    member = forms.UUIDField(
        label=_("替补会员"),
        error_messages={"required": _("请选择替补会员"), "invalid": _("请选择替补会员")},
    )


class PlaceFilterForm(forms.Form):
    q = forms.CharField(label=_("姓名或推荐工会"), required=False, max_length=50)
    batch = forms.TypedChoiceField(label=_("批次"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *PlaceStatus.choices]
    )

    def __init__(self, *args: Any, batches: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["batch"].choices = [("", _("全部批次")), *batches]  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = field.label


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("取消原因"), max_length=200, error_messages={"required": _("请填写取消原因")}
    )
    confirm = forms.BooleanField(
        label=_("确认取消该名额（会员将收到通知）"),
        error_messages={"required": _("请勾选确认")},
    )


class ConfirmPlaceForm(forms.Form):
    health_confirmed = forms.BooleanField(
        label=_("本人确认符合健康要求"),
        error_messages={"required": _("请阅读健康要求并勾选“本人确认符合健康要求”")},
    )


class DeclinePlaceForm(forms.Form):
    reason = forms.CharField(
        label=_("放弃原因"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写放弃原因")},
    )

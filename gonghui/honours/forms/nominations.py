"""Forms of 推荐: the list's filters, the nomination form (推荐单位 and the nominee: a member picked from a search,
or a union), the edit form (事迹), a material upload, and the reason forms of 撤回, 退回 and 县区审核."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.members.models import Member
from gonghui.orgs.models import Org

from ..choices import NominationStatus


class NominationFilterForm(forms.Form):
    q = forms.CharField(label=_("推荐对象或单位"), required=False, max_length=50)
    org = forms.ModelChoiceField(
        label=_("推荐单位"), queryset=Org.objects.none(), required=False, empty_label=_("全部单位")
    )
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *NominationStatus.choices]
    )

    def __init__(self, *args: Any, orgs: QuerySet[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]


class MemberChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.org.name}）"


class NominationForm(forms.Form):
    """推荐单位 and who: `member` (person campaigns, picked from the search list) or `nominee_org` (集体)."""

    nominating_org = forms.ModelChoiceField(
        label=_("推荐单位"),
        queryset=Org.objects.none(),
        empty_label=None,
        error_messages={"required": _("请选择推荐单位"), "invalid_choice": _("所选推荐单位不可推荐")},
    )
    member = MemberChoice(
        label=_("被推荐人"),
        queryset=Member.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("所选被推荐人不可推荐")},
    )
    nominee_org = forms.ModelChoiceField(
        label=_("被推荐集体"),
        queryset=Org.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("所选集体不可推荐")},
    )
    deeds = forms.CharField(
        label=_("主要事迹"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"max_length": _("主要事迹不能超过 5000 字")},
    )

    def __init__(
        self,
        *args: Any,
        orgs: QuerySet[Org],
        candidates: QuerySet[Member],
        nominee_orgs: QuerySet[Org],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nominating_org"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["member"].queryset = candidates  # type: ignore[attr-defined]
        self.fields["nominee_org"].queryset = nominee_orgs  # type: ignore[attr-defined]


class NominationEditForm(forms.Form):
    deeds = forms.CharField(
        label=_("主要事迹"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"max_length": _("主要事迹不能超过 5000 字")},
    )
    story = forms.CharField(
        label=_("先进事迹（宣传稿）"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"max_length": _("先进事迹不能超过 10000 字")},
    )


class MaterialForm(forms.Form):
    material = forms.ChoiceField(
        label=_("材料类别"),
        error_messages={"required": _("请选择材料类别"), "invalid_choice": _("所选材料类别不在申报材料中")},
    )
    file = forms.FileField(label=_("文件"), error_messages={"required": _("请选择要上传的文件")})

    def __init__(self, *args: Any, materials: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["material"].choices = [(m, m) for m in [*materials, "其他材料"]]  # type: ignore[attr-defined]


class MaterialRemoveForm(forms.Form):
    attachment = forms.UUIDField(error_messages={"required": _("请选择要删除的文件")})


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("原因"),
        max_length=500,
        error_messages={"required": _("请填写原因"), "max_length": _("原因不能超过 500 字")},
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结果"),
        choices=[("pass", _("审核通过")), ("reject", _("审核不通过"))],
        error_messages={"required": _("请选择审核结果"), "invalid_choice": _("审核结果无效")},
    )
    reason = forms.CharField(
        label=_("意见"),
        required=False,
        max_length=500,
        error_messages={"max_length": _("意见不能超过 500 字")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("审核不通过时请填写原因"))
        return data

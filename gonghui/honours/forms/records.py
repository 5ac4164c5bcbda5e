"""Forms of 荣誉档案 (part `records`): the list's filters, recording an honour by hand, editing an honour's story
and facts, its photo, and 撤销. Shape only: the rules are the services'."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import QuerySet

from ..choices import CampaignCategory, HonourLevel
from ..selectors.records import HOLDER_ORG, HOLDER_PERSON, STATUS_REVOKED, STATUS_VALID
from . import NamedErrorsForm

HOLDER_CHOICES = [(HOLDER_PERSON, "个人"), (HOLDER_ORG, "集体")]


class HonourFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=50)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    level = forms.ChoiceField(
        label="荣誉级别", required=False, choices=[("", "全部级别"), *HonourLevel.choices]
    )
    holder = forms.ChoiceField(label="类型", required=False, choices=[("", "个人和集体"), *HOLDER_CHOICES])
    category = forms.ChoiceField(
        label="来源",
        required=False,
        choices=[("", "全部来源"), *CampaignCategory.choices, ("manual", "手工登记")],
    )
    status = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部"), (STATUS_VALID, "有效"), (STATUS_REVOKED, "已撤销")],
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "q":
                field.widget.attrs.update({"class": "form-select", "aria-label": str(field.label)})
        year_field: Any = self.fields["year"]
        year_field.choices = [("", "全部年度"), *[(y, f"{y}年") for y in years]]


class HonourRecordForm(NamedErrorsForm):
    holder = forms.ChoiceField(label="获得者类型", choices=HOLDER_CHOICES, widget=forms.RadioSelect)
    member = forms.CharField(
        label="获得者（会员）",
        required=False,
        max_length=50,
        help_text="填写会员编号或姓名；重名时请填会员编号",
    )
    holder_org: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="获得集体（工会）", required=False, queryset=None
    )
    title = forms.CharField(label="荣誉称号", max_length=200, help_text="如：五一劳动奖章、省级先进集体")
    level = forms.ChoiceField(label="荣誉级别", choices=HonourLevel.choices)
    year = forms.IntegerField(label="年度", min_value=1949, max_value=2100)
    awarded_by = forms.CharField(label="授予单位", max_length=200, help_text="如：中华全国总工会")
    awarded_on = forms.DateField(label="授予日期", widget=forms.DateInput(attrs={"type": "date"}))
    holder_unit = forms.CharField(
        label="工作单位", required=False, max_length=200, help_text="不填时取获得者所在工会的单位名称"
    )
    story = forms.CharField(label="先进事迹", required=False, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(
        self,
        *args: Any,
        orgs: QuerySet[Any],
        find_member: Callable[[str], list[Any]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        org_field: Any = self.fields["holder_org"]
        org_field.queryset = orgs
        self._find_member = find_member

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        holder = data.get("holder")
        if holder == HOLDER_PERSON:
            text = (data.get("member") or "").strip()
            if not text:
                self.add_error("member", "请填写获得者的会员编号或姓名")
            else:
                found = self._find_member(text)
                if not found:
                    self.add_error("member", f"获得者：没有找到您可登记的会员“{text}”")
                elif len(found) > 1:
                    names = "、".join(f"{m.name}（{m.org.name}）" for m in found)
                    self.add_error("member", f"获得者：“{text}”有多人（{names}），请填写会员编号")
                else:
                    data["member_obj"] = found[0]
        elif holder == HOLDER_ORG and data.get("holder_org") is None:
            self.add_error("holder_org", "请选择获得荣誉的工会")
        return data


class HonourEditForm(NamedErrorsForm):
    title = forms.CharField(label="荣誉称号", max_length=200)
    level = forms.ChoiceField(label="荣誉级别", choices=HonourLevel.choices)
    year = forms.IntegerField(label="年度", min_value=1949, max_value=2100)
    awarded_by = forms.CharField(label="授予单位", max_length=200)
    awarded_on = forms.DateField(label="授予日期", widget=forms.DateInput(attrs={"type": "date"}))
    holder_unit = forms.CharField(label="工作单位", required=False, max_length=200)
    story = forms.CharField(label="先进事迹", required=False, widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args: Any, named: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if named:  # a named honour keeps the title, level and year its campaign gave
            for name in ("title", "level", "year"):
                del self.fields[name]


class HonourPhotoForm(NamedErrorsForm):
    photo = forms.FileField(label="事迹照片", help_text="jpg 或 png 图片，不超过 10 MB")


class HonourRevokeForm(NamedErrorsForm):
    reason = forms.CharField(label="撤销原因", max_length=200, widget=forms.Textarea(attrs={"rows": 3}))

"""Forms of part disclosures (校务公开): the list filters, the disclosure (with its attachments), withdrawal, the
checklist item and the checklist's unit/year picker. They check shape; the rules are the services'."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from gonghui.orgs.models import Org

from ..choices import DisclosureCategory, DisclosureStatus
from ..models import Disclosure, DisclosureChecklistItem
from ..services.disclosures import ChecklistItemInput, DisclosureInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the service (type, size, content)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class OrgChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ChecklistItemChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.year}年 · {obj.org.name} · {obj.title}"


class DisclosureFilterForm(forms.Form):
    q = forms.CharField(required=False, label="搜索")
    org = OrgChoiceField(required=False, label="单位", queryset=Org.objects.none(), empty_label="全部单位")
    category = forms.ChoiceField(
        required=False, label="公开类别", choices=[("", "全部类别"), *DisclosureCategory.choices]
    )
    status = forms.ChoiceField(
        required=False, label="状态", choices=[("", "全部状态"), *DisclosureStatus.choices]
    )

    def __init__(self, *args: Any, orgs: QuerySet[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]


class DisclosureForm(forms.Form):
    org = OrgChoiceField(
        label="公开单位",
        queryset=Org.objects.none(),
        empty_label=None,
        error_messages={"required": "请选择公开单位", "invalid_choice": "请选择列表中的单位"},
    )
    category = forms.ChoiceField(
        label="公开类别", choices=DisclosureCategory.choices, error_messages={"required": "请选择公开类别"}
    )
    title = forms.CharField(label="标题", max_length=100, error_messages={"required": "请填写标题"})
    content = forms.CharField(
        label="公开内容",
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "请填写公开内容"},
    )
    starts_on = forms.DateField(
        label="公开开始日期",
        required=False,
        widget=DATE,
        help_text="留空则自公开之日起",
        error_messages={"invalid": "公开开始日期格式不正确"},
    )
    ends_on = forms.DateField(
        label="公开截止日期",
        required=False,
        widget=DATE,
        help_text="留空则长期公开",
        error_messages={"invalid": "公开截止日期格式不正确"},
    )
    checklist_item = ChecklistItemChoiceField(
        label="对应清单事项",
        required=False,
        queryset=DisclosureChecklistItem.objects.none(),
        empty_label="（不对应清单事项）",
        error_messages={"invalid_choice": "请选择列表中的清单事项"},
    )
    uploads = MultipleFileField(
        label="附件", required=False, help_text="可多选；PDF、Office 文档或图片，每个不超过 20 MB，最多 10 个"
    )

    def __init__(
        self,
        *args: Any,
        orgs: QuerySet[Org],
        items: QuerySet[DisclosureChecklistItem],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["checklist_item"].queryset = items  # type: ignore[attr-defined]
        if editing:
            del self.fields["org"]
            del self.fields["uploads"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "公开截止日期不能早于开始日期")
        return data

    def disclosure_input(self) -> DisclosureInput:
        data = self.cleaned_data
        return DisclosureInput(
            category=data["category"],
            title=data["title"],
            content=data["content"],
            starts_on=data.get("starts_on"),
            ends_on=data.get("ends_on"),
            checklist_item=data.get("checklist_item"),
        )


def disclosure_initial(disclosure: Disclosure) -> dict[str, Any]:
    return {
        "category": disclosure.category,
        "title": disclosure.title,
        "content": disclosure.content,
        "starts_on": disclosure.starts_on,
        "ends_on": disclosure.ends_on,
        "checklist_item": disclosure.checklist_item_id,
    }


class AttachForm(forms.Form):
    uploads = MultipleFileField(label="附件", error_messages={"required": "请选择要上传的附件"})


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="撤回原因",
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写撤回原因"},
    )


class ChecklistPickForm(forms.Form):
    org = OrgChoiceField(label="单位", queryset=Org.objects.none(), empty_label=None)
    year = forms.TypedChoiceField(label="年度", coerce=int)

    def __init__(self, *args: Any, orgs: QuerySet[Org], years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["year"].choices = [(y, f"{y}年") for y in years]  # type: ignore[attr-defined]


class ChecklistItemForm(forms.Form):
    category = forms.ChoiceField(
        label="公开类别", choices=DisclosureCategory.choices, error_messages={"required": "请选择公开类别"}
    )
    title = forms.CharField(
        label="应公开事项", max_length=100, error_messages={"required": "请填写应公开事项"}
    )
    due_on = forms.DateField(
        label="应公开日期", required=False, widget=DATE, error_messages={"invalid": "应公开日期格式不正确"}
    )

    def item_input(self) -> ChecklistItemInput:
        data = self.cleaned_data
        return ChecklistItemInput(category=data["category"], title=data["title"], due_on=data.get("due_on"))

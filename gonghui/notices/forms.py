"""Shapes of the 公示 pages' input: the console filters, the notice form (entries one per line
"姓名/单位/事由[/备注]"), publication's start date, the answer, the cancel and reveal reasons, and the member's
objection."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import Org

from .choices import EntryKind, NoticeStatus, ObjectionOutcome
from .models import NoticeEntry
from .services import WINDOW_MAX, EntryInput

ENTRY_SEPARATORS = ("/", "／", "\t", "|", "｜")
ENTRIES_MAX = 500


class NoticeFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=50)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *NoticeStatus.choices]
    )


def entry_lines_parse(text: str) -> list[EntryInput]:
    """One entry a line: 姓名/单位/事由, optionally /备注; a line starting with 集体: names a union or unit."""
    entries: list[EntryInput] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        kind = EntryKind.PERSON
        for prefix in ("集体:", "集体："):
            if line.startswith(prefix):
                kind, line = EntryKind.ORG, line[len(prefix) :].strip()
        for separator in ENTRY_SEPARATORS[1:]:
            line = line.replace(separator, "/")
        parts = [part.strip() for part in line.split("/")]
        if len(parts) > 4:
            raise ValidationError(_("第%(n)s行最多4栏：姓名/单位/事由/备注") % {"n": number})
        parts += [""] * (4 - len(parts))
        if not parts[0]:
            raise ValidationError(_("第%(n)s行缺少姓名或名称") % {"n": number})
        if len(parts[0]) > 100 or len(parts[1]) > 200 or len(parts[2]) > 300 or len(parts[3]) > 300:
            raise ValidationError(_("第%(n)s行内容过长") % {"n": number})
        entries.append(
            EntryInput(name=parts[0], unit=parts[1], reason=parts[2], extra=parts[3], entry_kind=kind)
        )
    if len(entries) > ENTRIES_MAX:
        raise ValidationError(_("公示对象最多%(max)s个") % {"max": ENTRIES_MAX})
    return entries


def entry_lines_of(entries: Any) -> str:
    lines = []
    for entry in entries:
        prefix = "集体：" if entry.entry_kind == EntryKind.ORG else ""
        parts = [entry.name, entry.unit, entry.reason] + ([entry.extra] if entry.extra else [])
        lines.append(prefix + "/".join(parts))
    return "\n".join(lines)


class NoticeForm(forms.Form):
    org = forms.ModelChoiceField(
        label=_("发布单位"),
        queryset=Org.objects.none(),
        error_messages={"required": _("请选择发布单位"), "invalid_choice": _("请选择您可以发布公示的工会")},
    )
    title = forms.CharField(
        label=_("公示标题"), max_length=200, error_messages={"required": _("请填写公示标题")}
    )
    body = forms.CharField(
        label=_("公示说明"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("公示的依据、范围和反映问题的方式等"),
    )
    window_length = forms.IntegerField(
        label=_("公示期（工作日）"),
        min_value=1,
        max_value=WINDOW_MAX,
        initial=5,
        error_messages={
            "required": _("请填写公示期"),
            "invalid": _("公示期须为整数"),
            "min_value": _("公示期至少1个工作日"),
            "max_value": _("公示期不能超过%(limit_value)s个工作日"),
        },
    )
    entries = forms.CharField(
        label=_("公示对象"),
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": "张三/甲县第一中学/2026年度优秀工会积极分子"}),
        help_text=_("每行一个：姓名/单位/事由（可加“/备注”）；集体以“集体：”开头。不得填写身份证号、手机号"),
        error_messages={"required": _("请填写公示对象")},
    )

    def __init__(
        self,
        *args: Any,
        orgs: Any = None,
        editing: bool = False,
        entries_editable: bool = True,
        unit_label: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if unit_label:  # the kind's unit: 个工作日 or 天
            window = self.fields["window_length"]
            window.label = _("公示期（%(unit)s）") % {"unit": unit_label.lstrip("个")}
        if not entries_editable:  # a module's notice: its entries come from the module's own rows
            del self.fields["entries"]
        if editing:
            del self.fields["org"]
        else:
            self.fields["org"].queryset = orgs if orgs is not None else Org.objects.none()  # type: ignore[attr-defined]

    def clean_entries(self) -> list[EntryInput]:
        entries = entry_lines_parse(self.cleaned_data["entries"])
        if not entries:
            raise ValidationError(_("请填写公示对象"))
        return entries


class PublishForm(forms.Form):
    starts_on = forms.DateField(
        label=_("公示开始日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("请填写公示开始日期"), "invalid": _("公示开始日期格式不正确")},
    )


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("答复结论"),
        choices=ObjectionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择答复结论"), "invalid_choice": _("请选择答复结论")},
    )
    answer = forms.CharField(
        label=_("答复内容"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写答复内容")},
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请填写理由")},
    )


class ObjectionForm(forms.Form):
    entry = forms.ModelChoiceField(
        label=_("针对的公示对象"),
        queryset=NoticeEntry.objects.none(),
        required=False,
        empty_label=_("对公示整体提出异议"),
        error_messages={"invalid_choice": _("请选择本公示中仍在公示的对象")},
    )
    text = forms.CharField(
        label=_("异议内容"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("请写明事实和理由，至少5个字"),
        error_messages={"required": _("请填写异议内容")},
    )
    anonymous = forms.BooleanField(label=_("匿名提出（处理人看不到您的姓名）"), required=False)
    contact = forms.CharField(
        label=_("联系方式（匿名时选填）"),
        required=False,
        max_length=100,
        help_text=_("手机号或电子邮箱，仅在核实需要时经登记后查看"),
    )

    def __init__(self, *args: Any, entries: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if entries is not None:
            self.fields["entry"].queryset = entries  # type: ignore[attr-defined]

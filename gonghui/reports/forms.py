"""Forms of the 报送 pages: shape only; the rules live in the services."""

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.targeting import OrgTarget, TargetKind

from .choices import FieldType, ReportKind
from .fields import field_lines_parse, fields_as_lines
from .models import ReportTask

SCOPE_KINDS = [
    ("children", "直属下级组织"),
    ("level", "下级中某一层级的全部组织"),
    ("orgs", "指定组织"),
    ("subtrees", "指定组织及其全部下级"),
]
# Service error keys → the form fields that show them.
ERROR_FIELDS = {"fields": "field_lines", "targets": "scope_orgs"}
FIELD_HELP = (
    "每行一个字段：名称 | 类型 | 必填或选填 | 选项。类型为文本、数字、日期、选项或文件；"
    "例如“教职工人数 | 数字 | 必填”“活动形式 | 选项 | 选填 | 线上、线下”"
)


def remap_errors(exc: ValidationError) -> ValidationError:
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({ERROR_FIELDS.get(k, k): v for k, v in exc.error_dict.items()})


class TaskForm(forms.Form):
    org = forms.ChoiceField(
        label="发出单位",
        error_messages={"required": "请选择发出单位", "invalid_choice": "请选择您可以发出报送任务的单位"},
    )
    title = forms.CharField(
        label="标题",
        max_length=100,
        error_messages={"required": "请填写标题", "max_length": "标题不能超过 100 个字"},
    )
    instructions = forms.CharField(
        label="填报说明", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    deadline = forms.DateField(
        label="截止日期",
        error_messages={"required": "请填写截止日期", "invalid": "截止日期格式不正确，例如 2020-03-31"},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    scope_kind = forms.ChoiceField(label="报送对象", choices=SCOPE_KINDS, initial="children")
    scope_level = forms.ChoiceField(
        label="层级（按层级选择时）",
        required=False,
        choices=[("", "请选择"), *[(v, label) for v, label in OrgLevel.choices if v != OrgLevel.CITY]],
    )
    scope_orgs = forms.MultipleChoiceField(
        label="组织（指定组织时）",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="按住 Ctrl 可多选",
    )
    kind = forms.ChoiceField(label="报送方式", choices=ReportKind.choices, initial=ReportKind.FORM)
    field_lines = forms.CharField(
        label="表单字段（在线填报时）",
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 6, "placeholder": "教职工人数 | 数字 | 必填\n活动形式 | 选项 | 选填 | 线上、线下"}
        ),
        help_text=FIELD_HELP,
    )
    template = forms.FileField(
        label="Excel 模板（Excel 模板方式时）",
        required=False,
        help_text="上传 .xlsx 模板；各单位按模板填写后上传，表头须与模板一致",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args: Any, senders: Sequence[Org], target_orgs: Sequence[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._senders = {o.code: o for o in senders}
        self._targets = {o.code: o for o in target_orgs}
        org_field: Any = self.fields["org"]
        org_field.choices = [(o.code, o.name) for o in senders]
        orgs_field: Any = self.fields["scope_orgs"]
        orgs_field.choices = [(o.code, "　" * max(0, o.depth - 2) + o.name) for o in target_orgs]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("scope_kind")
        if kind == "level" and not data.get("scope_level"):
            self.add_error("scope_level", "按层级选择时请选择层级")
        if kind in ("orgs", "subtrees") and not data.get("scope_orgs"):
            self.add_error("scope_orgs", "请选择至少一个组织")
        if data.get("kind") == ReportKind.FORM:
            try:
                data["fields"] = field_lines_parse(data.get("field_lines") or "")
            except ValidationError as exc:
                self.add_error("field_lines", exc.error_dict["fields"])
        else:
            data["fields"] = []
        return data

    def sender(self) -> Org:
        return self._senders[self.cleaned_data["org"]]

    def targets(self) -> list[OrgTarget]:
        data = self.cleaned_data
        org = self.sender()
        kind = data["scope_kind"]
        if kind == "children":
            return [OrgTarget(kind=TargetKind.CHILDREN, org_id=org.pk)]
        if kind == "level":
            return [OrgTarget(kind=TargetKind.LEVEL, org_id=org.pk, level=data["scope_level"])]
        target_kind = TargetKind.ORG if kind == "orgs" else TargetKind.SUBTREE
        return [OrgTarget(kind=target_kind, org_id=self._targets[c].pk) for c in data["scope_orgs"]]


def task_form_initial(task: ReportTask) -> dict[str, Any]:
    """The form's values for editing a draft."""
    initial: dict[str, Any] = {
        "org": task.org.code,
        "title": task.title,
        "instructions": task.instructions,
        "deadline": task.deadline,
        "kind": task.kind,
        "field_lines": fields_as_lines(task.fields),
    }
    targets = [OrgTarget.from_dict(t) for t in task.targets]
    if len(targets) == 1 and targets[0].kind == TargetKind.CHILDREN and targets[0].org_id == task.org_id:
        initial["scope_kind"] = "children"
    elif len(targets) == 1 and targets[0].kind == TargetKind.LEVEL and targets[0].org_id == task.org_id:
        initial.update(scope_kind="level", scope_level=targets[0].level)
    else:
        codes = dict(Org.objects.filter(pk__in=[t.org_id for t in targets]).values_list("pk", "code"))
        subtree = any(t.kind == TargetKind.SUBTREE for t in targets)
        initial.update(
            scope_kind="subtrees" if subtree else "orgs",
            scope_orgs=[codes[t.org_id] for t in targets if t.org_id in codes],
        )
    return initial


class ReasonForm(forms.Form):
    note = forms.CharField(label="退回原因", max_length=200, widget=forms.Textarea(attrs={"rows": 3}))


class ExcelSubmissionForm(forms.Form):
    filled = forms.FileField(
        label="填好的 Excel 文件",
        required=False,
        help_text="请在下发的模板上填写，不要增删或改动表头",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


def submission_form(
    definitions: Sequence[Mapping[str, Any]],
    *args: Any,
    uploaded: frozenset[str] = frozenset(),
    **kwargs: Any,
) -> forms.Form:
    """A form built from the task's field definitions; values are checked by the service (Chinese messages
    naming the field)."""
    form = forms.Form(*args, **kwargs)
    for item in definitions:
        key, label, kind = str(item["key"]), str(item["label"]), item["type"]
        field: forms.Field
        if kind == FieldType.NUMBER:
            field = forms.CharField(label=label, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
        elif kind == FieldType.DATE:
            field = forms.CharField(label=label, widget=forms.DateInput(attrs={"type": "date"}))
        elif kind == FieldType.CHOICE:
            field = forms.ChoiceField(
                label=label, choices=[("", "请选择"), *[(c, c) for c in item.get("choices") or []]]
            )
        elif kind == FieldType.FILE:
            field = forms.FileField(
                label=label, help_text="已上传过，不换文件可不再上传" if key in uploaded else ""
            )
        else:
            field = forms.CharField(label=label, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
        field.required = False  # presence is checked by the service, with the field's name in the message
        if item.get("required"):
            field.widget.attrs["data-required"] = "1"
            field.label = f"{label}（必填）"
        form.fields[key] = field
    return form

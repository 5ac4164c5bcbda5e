"""Forms of the 报送 pages: shape only; the rules live in the services."""

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict

from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.targeting import OrgTarget, TargetKind
from gonghui.orgs.widgets import OrgTreePicker

from .choices import FieldType, ReportKind
from .fields import (
    BUILDER_TYPES,
    COMPARE_CHOICES,
    MAX_FIELDS,
    MAX_LABEL,
    MAX_LINE,
    MAX_TEXT,
    fields_as_rows,
    fields_from_rows,
    message_row,
)
from .models import ReportTask

SCOPE_KINDS = [
    ("children", "直属下级组织"),
    ("level", "下级中某一层级的全部组织"),
    ("orgs", "指定组织（不含下级）"),
    ("subtrees", "指定组织（含下级）"),
]
# Service error keys → the form fields that show them.
ERROR_FIELDS = {"fields": "field_rows", "targets": "scope_orgs"}
BUILDER_PREFIX = "field"
# The builder's own buttons (without JavaScript they submit the page, which comes back with the rows changed):
# name="builder", value "add", or "up-3" / "down-3" / "delete-3" for the row at index 3.
BUILDER_MOVES = ("up", "down", "delete")
SPARE_ROWS = 2


def remap_errors(exc: ValidationError) -> ValidationError:
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({ERROR_FIELDS.get(k, k): v for k, v in exc.error_dict.items()})


class FieldRowForm(forms.Form):
    """One row of the form builder. Every input is taken as typed; `fields.fields_from_rows` checks the rows
    together, so each message names its row ("第3个字段：名称不能为空")."""

    key = forms.CharField(required=False, widget=forms.HiddenInput(attrs={"data-row-key": ""}))
    label = forms.CharField(
        label="名称",
        required=False,
        widget=forms.TextInput(attrs={"maxlength": MAX_LABEL, "data-row-label": ""}),
    )
    type = forms.CharField(
        label="类型",
        required=False,
        initial=FieldType.TEXT.value,
        widget=forms.Select(choices=BUILDER_TYPES, attrs={"data-row-type": ""}),
    )
    required = forms.BooleanField(label="必填", required=False)
    choices = forms.CharField(
        label="选项",
        required=False,
        help_text="用顿号分隔，如：线上、线下",
        widget=forms.TextInput(attrs={"data-row-choices": ""}),
    )
    compare = forms.CharField(
        label="数值检查",
        required=False,
        widget=forms.Select(choices=COMPARE_CHOICES, attrs={"data-row-compare": ""}),
    )
    compare_field = forms.CharField(
        label="比较的字段",
        required=False,
        widget=forms.Select(attrs={"data-row-compare-field": ""}),
    )


def _builder_formset(**kwargs: Any) -> forms.BaseFormSet[FieldRowForm]:
    extra = kwargs.pop("extra", SPARE_ROWS)
    factory = forms.formset_factory(
        FieldRowForm, extra=extra, max_num=MAX_FIELDS, absolute_max=MAX_FIELDS + SPARE_ROWS
    )
    return factory(prefix=BUILDER_PREFIX, **kwargs)


def _row_values(row: FieldRowForm) -> dict[str, Any]:
    """A bound row's values as typed (valid or not)."""
    return {name: row[name].value() for name in row.fields}


def _rows_moved(rows: list[dict[str, Any]], action: str) -> list[dict[str, Any]]:
    """The rows after a builder button: add a row, or move up / move down / delete the row at an index."""
    if action == "add":
        return [*rows, {}]
    move, _, index_text = action.partition("-")
    if move not in BUILDER_MOVES or not index_text.isdigit() or int(index_text) >= len(rows):
        return rows
    index = int(index_text)
    rows = list(rows)
    if move == "delete":
        del rows[index]
    elif move == "up" and index > 0:
        rows[index - 1], rows[index] = rows[index], rows[index - 1]
    elif move == "down" and index < len(rows) - 1:
        rows[index + 1], rows[index] = rows[index], rows[index + 1]
    return rows


class TaskForm(forms.Form):
    """The task page. The fields of an online form come from the builder (`self.builder`, a formset of
    `FieldRowForm` posted with the page); `cleaned_data["fields"]` is the list of definitions. A builder button
    pressed without JavaScript (`builder` in the data) re-shows the page with the rows changed and saves nothing."""

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
    scope_kind = forms.ChoiceField(
        label="报送对象",
        choices=SCOPE_KINDS,
        initial="children",
        widget=forms.RadioSelect(attrs={"data-scope-kind": ""}),
    )
    scope_level = forms.ChoiceField(
        label="层级（按层级选择时）",
        required=False,
        choices=[("", "请选择"), *[(v, label) for v, label in OrgLevel.choices if v != OrgLevel.CITY]],
    )
    scope_orgs = forms.MultipleChoiceField(
        label="组织（指定组织时）",
        required=False,
        widget=OrgTreePicker(),
        error_messages={"invalid_choice": "所选组织“%(value)s”不在可选范围内"},
    )
    consolidate = forms.BooleanField(
        label="逐级审核汇总",
        required=False,
        help_text="勾选后，各直属下级先审核本级以下各单位的报送，汇总后再报给本单位",
    )
    kind = forms.ChoiceField(
        label="报送方式", choices=ReportKind.choices, initial=ReportKind.FORM, widget=forms.RadioSelect
    )
    # Carries the builder's errors (and the service's "fields" errors); never rendered as an input.
    field_rows = forms.CharField(label="表单字段", required=False, widget=forms.HiddenInput)
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
        orgs_field.choices = [(o.code, o.name) for o in target_orgs]
        orgs_field.widget.orgs = list(target_orgs)
        self.builder_action = str(self.data.get("builder") or "")[:20] if self.is_bound else ""
        if not self.is_bound:
            rows = fields_as_rows(self.initial.get("fields") or [])
            self.builder = _builder_formset(initial=rows, extra=SPARE_ROWS if rows else SPARE_ROWS + 1)
        elif self.builder_action:
            posted = _builder_formset(data=self.data)
            rows = _rows_moved([_row_values(r) for r in posted.forms], self.builder_action)
            self.builder = _builder_formset(initial=rows, extra=0 if rows else 1)
        else:
            self.builder = _builder_formset(data=self.data)
        self._offer_compare_fields()

    def _offer_compare_fields(self) -> None:
        """Every row's 比较的字段 lists the rows' number fields by name (the script keeps it current as rows change)."""
        rows = (
            [_row_values(r) for r in self.builder.forms]
            if self.builder.is_bound
            else self.builder.initial or []
        )
        names = [
            str(row.get("label") or "").strip() for row in rows if row.get("type") == FieldType.NUMBER.value
        ]
        for row_form in self.builder.forms:
            current = str(_row_values(row_form).get("compare_field") or "") if row_form.is_bound else ""
            current = current or str((row_form.initial or {}).get("compare_field") or "")
            offered = [n for n in names if n]
            if current and current not in offered:
                offered.append(current)
            widget: Any = row_form.fields["compare_field"].widget
            widget.choices = [("", "请选择"), *[(n, n) for n in offered]]

    def full_clean(self) -> None:
        super().full_clean()
        if self.builder_action:  # still building: nothing is checked or saved yet
            self._errors = ErrorDict()

    def is_valid(self) -> bool:
        return super().is_valid() and not self.builder_action

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("scope_kind")
        if kind == "level" and not data.get("scope_level"):
            self.add_error("scope_level", "按层级选择时请选择层级")
        if kind in ("orgs", "subtrees") and not data.get("scope_orgs"):
            self.add_error("scope_orgs", "请选择至少一个组织")
        data["fields"] = []
        if data.get("kind") == ReportKind.FORM and not self.builder_action:
            rows = [r.cleaned_data for r in self.builder.forms] if self.builder.is_valid() else []
            try:
                data["fields"] = fields_from_rows(rows)
            except ValidationError as exc:
                self.add_error("field_rows", exc.messages)
                self._show_on_rows(exc.messages)
        return data

    def _show_on_rows(self, messages: Sequence[str]) -> None:
        """Each row's own problems also under its legend ("第3个字段：名称不能为空" → row 3: 名称不能为空)."""
        for message in messages:
            number = message_row(message)
            if 0 < number <= len(self.builder.forms):
                self.builder.forms[number - 1].add_error(None, message.split("：", 1)[-1])

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
    """The form's values for editing a draft (`fields`: the definitions, shown as builder rows)."""
    initial: dict[str, Any] = {
        "org": task.org.code,
        "title": task.title,
        "instructions": task.instructions,
        "deadline": task.deadline,
        "kind": task.kind,
        "consolidate": task.consolidate,
        "fields": task.fields,
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
            field = forms.CharField(
                label=label, widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"})
            )
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
        elif item.get("multiline", True):  # 多行文本 (and the text fields of tasks made before the builder)
            field = forms.CharField(
                label=label, widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_TEXT})
            )
        else:  # 单行文本
            field = forms.CharField(label=label, widget=forms.TextInput(attrs={"maxlength": MAX_LINE}))
        field.required = False  # presence is checked by the service, with the field's name in the message
        if item.get("required"):
            field.widget.attrs["data-required"] = "1"
            field.label = f"{label}（必填）"
        form.fields[key] = field
    return form

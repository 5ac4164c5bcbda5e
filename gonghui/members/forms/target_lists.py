"""Forms of the target-list pages (名单), shape only: a list made from the member filter, a list imported from a
spreadsheet, the list page's search."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from gonghui.spreadsheets.choices import ImportMode

from .filters import MemberFilterForm

MAX_LIST_FILE = 20 * 1024 * 1024
MODE_CHOICES = [(ImportMode.ALL, "全部匹配才生成名单"), (ImportMode.VALID, "只导入匹配的行")]


class _ListFields(forms.Form):
    org = forms.ChoiceField(label="所属工会", error_messages={"required": "请选择名单所属工会"})
    name = forms.CharField(label="名单名称", max_length=60, error_messages={"required": "请填写名单名称"})
    reason = forms.CharField(
        label="用途",
        max_length=200,
        help_text="如“青年教师读书会报名通知”",
        error_messages={"required": "请填写名单用途"},
    )

    def __init__(self, *args: Any, owner_orgs: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(o.code, o.name) for o in owner_orgs]  # type: ignore[attr-defined]

    def list_fields(self) -> list[forms.BoundField]:
        """The list's own fields (union, name, reason), bound, rendered before the filter."""
        return [self[name] for name in ("org", "name", "reason")]


class TargetListFilterForm(_ListFields, MemberFilterForm):
    """名单 by filter: the list's union, name and reason, then the member filter (only members of the list's union
    and below are taken)."""


class TargetListImportForm(_ListFields):
    file = forms.FileField(
        label="名单文件",
        help_text="xlsx 格式；须含“身份证号”或“手机号”列（每行填一项即可），列顺序不限",
        error_messages={"required": "请选择名单文件", "empty": "文件是空的：请选择填好名单的 Excel 文件"},
    )
    mode = forms.ChoiceField(label="有未匹配的行时", choices=MODE_CHOICES, initial=ImportMode.ALL)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".xls")):
            raise ValidationError(
                "名单文件请上传 .xlsx 或 .xls 格式的 Excel 文件（CSV 或 TXT 请先用 Excel 另存为 .xlsx）"
            )
        if upload.size > MAX_LIST_FILE:
            raise ValidationError("名单文件超过 20 MB 的上限：请拆分后分批导入")
        return upload


class TargetListSearchForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=60)

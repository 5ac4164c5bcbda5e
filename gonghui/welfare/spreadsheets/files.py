"""The file list as xlsx (part `files`): the rows of the officer's own list with its filters — number, the
applicant's full name (the officer sees it on the list too), union, class, state and dates. No sealed value, no ID
number. `spreadsheets.services.export_request` audits it; the view serves it no-store."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from gonghui.core.spreadsheets import Exporter

from ..choices import FileStatus, HardshipClass
from ..models import HardshipFile
from ..permissions import VIEW
from ..selectors.files import file_filters, file_list_for_user

FILES_EXPORT = "welfare_files"
CHUNK = 2000


def _moment(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class FileExporter(Exporter):
    """困难职工档案: the list page's rows (scope `welfare.view`, its filters)."""

    key = FILES_EXPORT
    label = "困难职工档案"
    action = VIEW
    headers = ("档案编号", "姓名", "工会", "类别", "状态", "申请时间", "建档时间", "下次复核")
    widths = (18, 10, 28, 12, 12, 18, 18, 12)

    def _queryset(self, user: Any, params: dict[str, str]) -> QuerySet[HardshipFile]:
        return file_list_for_user(user, file_filters(params))

    def count(self, *, user: Any, params: dict[str, str]) -> int:
        return self._queryset(user, params).count()

    def rows(self, *, user: Any, params: dict[str, str]) -> Iterable[Sequence[Any]]:
        # {code: label}: the lazy labels forced once per export rather than per row
        classes, statuses = (
            {code: str(label) for code, label in c.choices} for c in (HardshipClass, FileStatus)
        )
        for file in self._queryset(user, params).iterator(chunk_size=CHUNK):
            yield [
                file.number,
                file.applicant.name,
                file.org.name,
                classes.get(file.decided_class, file.decided_class),
                statuses.get(file.status, file.status),
                _moment(file.submitted_at),
                _moment(file.filed_at),
                f"{file.next_review_due:%Y-%m-%d}" if file.next_review_due else "",
            ]

    def file_name(self, params: dict[str, str]) -> str:
        return f"{self.label}-{timezone.localdate():%Y%m%d}.xlsx"

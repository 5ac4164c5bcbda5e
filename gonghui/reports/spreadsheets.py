"""The 报送汇总 workbook through the `spreadsheets` Exporter registry (exporter `report_aggregate`): one sheet, 汇总,
of every org from the sender down to the recipients in tree order, with every answer it gave (text, choice, date,
file name) and, for each number, its own figure and its subtree's total. It is an
aggregate (one row per org, no personal data), so it is always written at once (`count` 0); the spreadsheets
export writes the EXPORT audit row.

The params are the task page's: `?task=<public id>`. Access is evaluated here for the requesting user exactly as on
the task page (`task_get_for_user`: a task the user does not see is a 404), and the figures are those the user sees
(`task_aggregate`: a recipient union gets its own subtree only)."""

from typing import Any

from gonghui.accounts.actors import Actor
from gonghui.core.excel import SheetSpec
from gonghui.core.spreadsheets import Exporter, exporters

from .models import ReportTask
from .permissions import VIEW
from .selectors import task_aggregate, task_get_for_user, task_title
from .sheets import aggregate_sheet

AGGREGATE = "report_aggregate"


def task_for_export(user: Actor, params: dict[str, str]) -> ReportTask:
    """The task named by the params, as the task page resolves it (404 when the user does not see it)."""
    return task_get_for_user(user=user, public_id=params.get("task", ""))


class AggregateExporter(Exporter):
    """报送汇总: the task's aggregate sheet, with its title line (task, sender, deadline) above the header row."""

    key = AGGREGATE
    label = "报送汇总"
    action = VIEW

    def count(self, *, user: Any, params: dict[str, str]) -> int:
        return 0  # an aggregate: always written at once

    def sheets(self, *, user: Any, params: dict[str, str]) -> list[SheetSpec]:
        task = task_for_export(user, params)
        columns, rows = task_aggregate(task=task, user=user)
        title = f"{task.title}（{task.org.name}，截止 {task.deadline:%Y-%m-%d}）"
        return [aggregate_sheet(title=title, columns=columns, rows=rows)]

    def file_name(self, params: dict[str, str]) -> str:
        """<task title>-汇总.xlsx, as before the export went through the registry."""
        return f"{task_title(params.get('task', ''))}-汇总.xlsx"


def register() -> None:
    """Called from ReportsConfig.ready()."""
    exporters.register(AGGREGATE, AggregateExporter())

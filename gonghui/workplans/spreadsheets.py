"""The year-end summary workbook (年终总结) through the `spreadsheets` Exporter registry (exporter
`workplan_summary`): two sheets, 条目完成情况 and 各单位最新进展 (`summary.plan_summary_sheets`). It is a summary of
a plan, not a list of people, so it is always written at once (`count` 0); the spreadsheets export writes the EXPORT
audit row. The PDF of the same summary stays a document (`views.plan_export_pdf`, audited by `summary`).

The params are the plan pages': `?plan=<public id>`. Access is evaluated here for the requesting user exactly as on
the plan's pages (`plan_get_for_user` with 管理: a plan the user does not see is a 404, one seen but not managed a
403), and the figures are those of the user's board (`plan_board`)."""

from typing import Any

from gonghui.accounts.actors import Actor
from gonghui.core.excel import SheetSpec
from gonghui.core.spreadsheets import Exporter, exporters

from .models import MANAGE, WorkPlan
from .selectors import plan_board, plan_get_for_user, plan_title
from .summary import plan_summary_sheets

SUMMARY = "workplan_summary"


def plan_for_export(user: Actor, params: dict[str, str]) -> WorkPlan:
    """The plan named by the params, as the plan pages resolve it for the export (404 unseen, 403 unmanaged)."""
    return plan_get_for_user(user=user, public_id=params.get("plan", ""), action=MANAGE)


class SummaryExporter(Exporter):
    """工作要点年终总结: the plan's items with their rolled-up status, and the unions' latest progress."""

    key = SUMMARY
    label = "工作要点年终总结"
    action = MANAGE

    def count(self, *, user: Any, params: dict[str, str]) -> int:
        return 0  # a summary: always written at once

    def sheets(self, *, user: Any, params: dict[str, str]) -> list[SheetSpec]:
        plan = plan_for_export(user, params)
        return plan_summary_sheets(board=plan_board(plan=plan, user=user))

    def file_name(self, params: dict[str, str]) -> str:
        """<plan title>-年终总结.xlsx, as before the export went through the registry."""
        return f"{plan_title(params.get('plan', ''))}-年终总结.xlsx"


def register() -> None:
    """Called from WorkplansConfig.ready()."""
    exporters.register(SUMMARY, SummaryExporter())

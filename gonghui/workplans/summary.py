"""The year-end summary of a plan (年终总结): every item with its lead, participants, due month, rolled-up status,
the unions' latest progress, its 落实记录 (linked records and their states), and whether it is late — as three sheets (`plan_summary_sheets`, written and audited by
the spreadsheets export of the `workplan_summary` exporter, `spreadsheets.py`) and as a PDF (core.pdf,
`plan_summary_pdf`, which writes its own audit row with the view's `AuditContext`; the view answers with the bytes
under `summary_filename`)."""

from typing import Any

from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.excel import SheetSpec
from gonghui.core.models import AuditAction
from gonghui.core.pdf import render_pdf

from .choices import ProgressStatus
from .models import PlanItem, WorkPlan
from .selectors import Board, BoardRow, plan_board

ITEM_HEADERS = (
    "部分",
    "序号",
    "条目内容",
    "具体工作",
    "牵头部门/单位",
    "参与单位",
    "完成时限",
    "汇总状态",
    "已报告单位数",
    "已完成",
    "进行中",
    "受阻",
    "未开始",
    "是否逾期",
    "落实记录",
)
ITEM_WIDTHS = (24, 8, 60, 50, 20, 30, 10, 10, 12, 8, 8, 8, 8, 10, 40)
REPORT_HEADERS = ("部分", "序号", "条目内容", "报告单位", "状态", "进展情况", "报告人", "报告时间")
REPORT_WIDTHS = (24, 8, 40, 26, 10, 60, 12, 18)
LINK_HEADERS = ("部分", "序号", "条目内容", "记录类型", "记录名称", "状态", "是否完成", "日期")
LINK_WIDTHS = (24, 8, 40, 12, 40, 12, 10, 14)


def lead_label(item: Any) -> str:
    if item.lead_department is not None:
        return str(item.lead_department.name)
    if item.lead_org is not None:
        return str(item.lead_org.name)
    return ""


def _item_row(row: BoardRow) -> list[Any]:
    item: PlanItem = row.item
    counts = row.counts
    return [
        row.section.title,
        item.number,
        item.text,
        "\n".join(f"{n}. {a.text}" for n, a in enumerate(item.activities.all(), 1)),
        lead_label(item),
        "、".join(row.participants),
        f"{row.due:%Y年%-m月}" if row.due else "",
        row.status_label,
        row.reported,
        counts[ProgressStatus.DONE],
        counts[ProgressStatus.IN_PROGRESS],
        counts[ProgressStatus.BLOCKED],
        counts[ProgressStatus.NOT_STARTED],
        "逾期" if row.late else "",
        row.links.label if row.links else "",
    ]


def _link_rows(board: Board) -> list[list[Any]]:
    return [
        [
            row.section.title,
            row.item.number,
            row.item.text[:100],
            link.kind_label,
            link.title,
            link.state,
            "是" if link.done else "",
            link.on,
        ]
        for row in board.rows
        if row.links
        for link in row.links.rows
    ]


def _report_rows(board: Board) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for row in board.rows:
        for org_row in row.orgs:
            report = org_row.report
            if report is None:
                continue
            rows.append(
                [
                    row.section.title,
                    row.item.number,
                    row.item.text[:100],
                    org_row.org.name,
                    org_row.status_label,
                    report.text,
                    report.reported_by.name if report.reported_by else "",
                    timezone.localtime(report.created_at),  # the configured zone, not UTC
                ]
            )
    return rows


def _audit(*, plan: WorkPlan, user: Actor, context: AuditContext | None) -> None:
    """The PDF's EXPORT row (the workbook's is the spreadsheets export's)."""
    audit_log(
        action=AuditAction.EXPORT,
        summary=f"导出工作要点年终总结（PDF）：{plan.title}",
        actor=user,
        context=context,
        subject=plan,
        org_id=plan.org_id,
    )


def summary_filename(plan: WorkPlan, extension: str) -> str:
    return f"{plan.title}-年终总结.{extension}"


def plan_summary_sheets(*, board: Board) -> list[SheetSpec]:
    """条目完成情况 (with the plan and the date above the header row), 各单位最新进展 and 落实记录 (the records linked
    to each item, with their states)."""
    plan = board.plan
    notes = [
        f"{plan.title}{f'（{plan.doc_number}）' if plan.doc_number else ''} 年终总结，统计截至 {board.today:%Y年%-m月%-d日}"
    ]
    return [
        SheetSpec(
            name="条目完成情况",
            headers=ITEM_HEADERS,
            rows=[_item_row(r) for r in board.rows],
            widths=ITEM_WIDTHS,
            notes=notes,
        ),
        SheetSpec(
            name="各单位最新进展", headers=REPORT_HEADERS, rows=_report_rows(board), widths=REPORT_WIDTHS
        ),
        SheetSpec(name="落实记录", headers=LINK_HEADERS, rows=_link_rows(board), widths=LINK_WIDTHS),
    ]


def plan_summary_pdf(*, plan: WorkPlan, user: Actor, context: AuditContext | None = None) -> bytes:
    """The summary as a landscape A4 PDF for the user, audited."""
    board = plan_board(plan=plan, user=user)
    rows = [
        {"row": r, "lead": lead_label(r.item), "participants": "、".join(r.participants)} for r in board.rows
    ]
    pdf = render_pdf(
        "workplans/pdf/plan_summary.html",
        {"title": f"{plan.title}年终总结", "plan": plan, "board": board, "rows": rows},
    )
    _audit(plan=plan, user=user, context=context)
    return pdf

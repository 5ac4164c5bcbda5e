"""Writes of part reports: the 评分卡, 排名 and 排名与趋势 PDFs, each with its EXPORT audit row (the workbooks' rows are written by
the spreadsheets export of the exporters in `evaluations/spreadsheets.py`). The views answer with the bytes."""

from typing import Any

from gonghui.accounts.actors import Actor
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.models import AuditAction
from gonghui.core.pdf import render_pdf

from ..selectors.reports import PROVISIONAL, League, Scorecard, Trend
from ..spreadsheets import trends_file_name


def _mark(provisional: bool) -> str:
    return f"（{PROVISIONAL}）" if provisional else ""


def scorecard_filename(card: Scorecard, extension: str) -> str:
    return f"评分卡-{card.round.title}-{card.target.org.name}{_mark(card.provisional)}.{extension}"


def league_filename(league: League, extension: str) -> str:
    group = f"-{league.peer_group}" if league.peer_group else ""
    return f"排名-{league.round.title}{group}{_mark(league.provisional)}.{extension}"


def _audited_pdf(
    template: str, title: str, data: dict[str, Any], *, summary: str, subject: Any, org_id: int, actor: Actor,
    context: AuditContext | None,
) -> bytes:  # fmt: skip
    """Render one of the reports' PDFs and record its export in the audit log."""
    pdf = render_pdf(template, {"title": title, **data})
    audit_log(
        action=AuditAction.EXPORT,
        summary=summary,
        actor=actor,
        context=context,
        subject=subject,
        org_id=org_id,
    )
    return pdf


def scorecard_pdf(*, card: Scorecard, actor: Actor, context: AuditContext | None = None) -> bytes:
    """The card as an A4 PDF ("暂定" in the title until the round is frozen), audited."""
    return _audited_pdf(
        "evaluations/reports/pdf/scorecard.html",
        f"{card.round.title} 评分卡{_mark(card.provisional)}",
        {"card": card},
        summary=f"导出评分卡（PDF）：{card.round.title} · {card.target.org.name}",
        subject=card.target,
        org_id=card.target.org_id,
        actor=actor,
        context=context,
    )


def league_pdf(*, league: League, actor: Actor, context: AuditContext | None = None) -> bytes:
    """The league as a landscape A4 PDF ("暂定" until the round is frozen), audited."""
    group = f"（{league.peer_group}）" if league.peer_group else ""
    return _audited_pdf(
        "evaluations/reports/pdf/league.html",
        f"{league.round.title} 排名{group}{_mark(league.provisional)}",
        {"league": league},
        summary=f"导出考核排名（PDF）：{league.round.title}{group}，{len(league.rows)} 个单位",
        subject=league.round,
        org_id=league.round.org_id,
        actor=actor,
        context=context,
    )


def trends_filename(trend: Trend, extension: str) -> str:
    return trends_file_name(trend.org.name, extension)


def trends_pdf(*, trend: Trend, actor: Actor, context: AuditContext | None = None) -> bytes:
    """A union's results by year and, when it runs rounds, their grade distribution, as a landscape A4 PDF, audited."""
    return _audited_pdf(
        "evaluations/reports/pdf/trends.html",
        f"{trend.org.name} 排名与趋势",
        {"trend": trend},
        summary=f"导出排名与趋势（PDF）：{trend.org.name}，{len(trend.points)} 次考核结果",
        subject=trend.org,
        org_id=trend.org.pk,
        actor=actor,
        context=context,
    )

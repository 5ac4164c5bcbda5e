"""Writes of part reports: the 评分卡, 排名 and 排名与趋势 PDFs, each with its EXPORT audit row (the workbooks' rows are written by
the spreadsheets export of the exporters in `evaluations/spreadsheets.py`). The views answer with the bytes."""

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


def scorecard_pdf(*, card: Scorecard, actor: Actor, context: AuditContext | None = None) -> bytes:
    """The card as an A4 PDF ("暂定" in the title until the round is frozen), audited."""
    title = f"{card.round.title} 评分卡{_mark(card.provisional)}"
    pdf = render_pdf("evaluations/reports/pdf/scorecard.html", {"title": title, "card": card})
    audit_log(
        action=AuditAction.EXPORT,
        summary=f"导出评分卡（PDF）：{card.round.title} · {card.target.org.name}",
        actor=actor,
        context=context,
        subject=card.target,
        org_id=card.target.org_id,
    )
    return pdf


def league_pdf(*, league: League, actor: Actor, context: AuditContext | None = None) -> bytes:
    """The league as a landscape A4 PDF ("暂定" until the round is frozen), audited."""
    group = f"（{league.peer_group}）" if league.peer_group else ""
    title = f"{league.round.title} 排名{group}{_mark(league.provisional)}"
    pdf = render_pdf("evaluations/reports/pdf/league.html", {"title": title, "league": league})
    audit_log(
        action=AuditAction.EXPORT,
        summary=f"导出考核排名（PDF）：{league.round.title}{group}，{len(league.rows)} 个单位",
        actor=actor,
        context=context,
        subject=league.round,
        org_id=league.round.org_id,
    )
    return pdf


def trends_filename(trend: Trend, extension: str) -> str:
    return trends_file_name(trend.org.name, extension)


def trends_pdf(*, trend: Trend, actor: Actor, context: AuditContext | None = None) -> bytes:
    """A union's results by year and, when it runs rounds, their grade distribution, as a landscape A4 PDF, audited."""
    title = f"{trend.org.name} 排名与趋势"
    pdf = render_pdf("evaluations/reports/pdf/trends.html", {"title": title, "trend": trend})
    audit_log(
        action=AuditAction.EXPORT,
        summary=f"导出排名与趋势（PDF）：{trend.org.name}，{len(trend.points)} 次考核结果",
        actor=actor,
        context=context,
        subject=trend.org,
        org_id=trend.org.pk,
    )
    return pdf

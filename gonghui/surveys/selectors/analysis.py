"""Selectors of part analysis (职工诉求与思想状况分析). Every read of an analysis goes through
`ThoughtAnalysis.objects.visible_to` / `get_visible_or_404`; the surveys an analysis may cite through
`Survey.objects.visible_to`. `analysis_figures` gathers the numbers a draft is written from: the 诉求 statistics of
the period in the union's subtree (appeals' own selector `appeal_stats`, read as the drafting cadre may see them)
and the results of the chosen closed surveys (results' `survey_results`). Groups of fewer than ten — 诉求 categories
and units — are pooled into 其他 by the same rule as the survey results (`responses.coarsening.kept_cells`), so a
small group is never named in the figures, the page, the text or the PDF."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import has_action, user_grants
from gonghui.appeals.stats import Figures, StatsRow, appeal_stats
from gonghui.core.statistics import MIN_CELL, shown_count
from gonghui.orgs.models import Org
from gonghui.responses.coarsening import kept_cells

from ..choices import AnalysisStatus, SurveyStatus
from ..models import Survey, ThoughtAnalysis
from ..permissions import MANAGE, VIEW
from .results import OptionShare, survey_results

OTHER = "其他"


@dataclass(frozen=True)
class AnalysisFilters:
    query: str = ""
    status: str = ""
    year: int | None = None


def analyses_for_user(user: Actor, filters: AnalysisFilters) -> QuerySet[ThoughtAnalysis]:
    """The analyses of the user's subtrees, newest period first, searched in the title and the text."""
    analyses = ThoughtAnalysis.objects.visible_to(user, VIEW)
    if filters.query:
        analyses = analyses.filter(Q(title__icontains=filters.query) | Q(body__icontains=filters.query))
    if filters.status:
        analyses = analyses.filter(status=filters.status)
    if filters.year:
        analyses = analyses.filter(period_end__year=filters.year)
    return (
        analyses.select_related("org", "created_by", "issued_by")
        .annotate(survey_count=Count("surveys"))
        .order_by("-period_end", "-pk")
    )


def analysis_years(user: Actor) -> list[int]:
    """The years (of the periods' ends) the year filter offers, newest first."""
    dates = ThoughtAnalysis.objects.visible_to(user, VIEW).dates("period_end", "year", order="DESC")
    return [d.year for d in dates]


def analysis_get_or_404(user: Actor, public_id: object, *, demand: str | None = None) -> ThoughtAnalysis:
    """An analysis the user may read (else 404); with `demand`, one they may also change (else 403)."""
    return ThoughtAnalysis.objects.select_related("org", "created_by", "issued_by").get_visible_or_404(
        user, VIEW, demand=demand, public_id=public_id
    )


def analysis_surveys(analysis: ThoughtAnalysis) -> list[Survey]:
    return list(analysis.surveys.select_related("org").order_by("closes_at", "pk"))


def can_change(user: Actor, analysis: ThoughtAnalysis) -> bool:
    """A draft is edited, drafted again and issued by holders of surveys.manage on its union; issued it is frozen."""
    return analysis.status == AnalysisStatus.DRAFT and has_action(user, MANAGE, analysis.org)


def analysis_orgs(user: Actor) -> QuerySet[Org]:
    """The unions the user may write an analysis for: those of their grants where they hold surveys.manage."""
    granted = [grant.org_id for grant in user_grants(user)]
    return Org.objects.visible_to(user, MANAGE).filter(pk__in=granted).order_by("path")


def analysis_may_create(user: Actor) -> bool:
    return analysis_orgs(user).exists()


def survey_choices(user: Actor) -> QuerySet[Survey]:
    """The closed surveys an analysis may cite: those of the unions where the user holds surveys.manage, latest
    first (the service checks each against the analysis's union and period)."""
    return (
        Survey.objects.visible_to(user, MANAGE)
        .filter(status=SurveyStatus.CLOSED)
        .select_related("org")
        .order_by("-closed_at", "-closes_at", "-pk")
    )


def _closed_on(survey: Survey) -> dt.date | None:
    moment = survey.closed_at or survey.closes_at
    return timezone.localdate(moment) if moment else None


def survey_in_period(survey: Survey, org: Org, start: dt.date, end: dt.date) -> str:
    """Why `survey` may not be cited by an analysis of `org` for the period ("" when it may): it must be closed,
    of the union's subtree, and collected (opened and closed) within or across the period."""
    if survey.status != SurveyStatus.CLOSED:
        return "尚未结束收集"
    if not survey.org.path.startswith(org.path):
        return "不是本工会或下级工会的问卷"
    opened = timezone.localdate(survey.opens_at) if survey.opens_at else None
    closed = _closed_on(survey)
    if (opened and opened > end) or (closed and closed < start):
        return "不在本期内收集"
    return ""


# --- figures -------------------------------------------------------------------------------------------------------
def _pooled(counts: list[tuple[str, int]]) -> list[dict[str, Any]]:
    """[(label, count)] with count > 0 → rows of at least ten, largest first, and one 其他 row pooling the smaller
    ones (when the pool is still under ten, the smallest kept groups join it: `kept_cells`)."""
    sizes: Counter[tuple[str, ...]] = Counter({(label,): n for label, n in counts if n > 0})
    kept = kept_cells(sizes) - {(OTHER,)}  # a group itself called 其他 (a 诉求 category) joins the pool
    total = sum(sizes.values())
    rows = [
        {"label": cell[0], "count": sizes[cell], "percent": round(100 * sizes[cell] / total)}
        for cell in sorted(kept, key=lambda c: (-sizes[c], c))
    ]
    pooled = sum(n for cell, n in sizes.items() if cell not in kept)
    if pooled:
        rows.append({"label": OTHER, "count": pooled, "percent": round(100 * pooled / total)})
    return rows


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _unit_counts(rows: list[StatsRow], own: Figures, root: Org) -> list[tuple[str, int]]:
    counts = [(row.label, row.figures.count) for row in rows]
    if own.count:
        counts.append((f"{root.name}（本级）", own.count))
    return counts


def appeal_figures(*, user: Actor, org: Org, start: dt.date, end: dt.date) -> dict[str, Any]:
    """诉求 of the period submitted in `org`'s subtree, as the user may see them (appeals.view): totals, rates,
    categories and direct child unions pooled under ten, and the month-by-month counts."""
    stats = appeal_stats(user=user, root=org, start=start, end=end)
    total = stats.total
    return {
        "total": total.count,
        "decided": total.decided,
        "accepted": total.accepted,
        "acceptance_rate": total.acceptance_rate,
        "replied": total.replied,
        "overdue": total.overdue,
        "on_time_rate": _rate(total.count - total.overdue, total.count),
        "avg_handling": total.avg_handling,
        "rated": total.rated,
        "satisfaction_rate": total.satisfaction_rate,
        "categories": _pooled([(row.label, row.figures.count) for row in stats.by_category]),
        "units": _pooled(_unit_counts(stats.by_org, stats.own, org)),
        "months": [{"label": row.key, "count": row.figures.count} for row in stats.by_month],
    }


def _shares(options: list[OptionShare]) -> list[dict[str, Any]]:
    return [{"option": o.option, "count": o.count, "percent": o.percent} for o in options]


def survey_figures(survey: Survey) -> dict[str, Any]:
    """One survey's results as the analysis keeps them: counts, and per question the answer shares, the mean of a
    scale and how many wrote a text (the texts themselves stay on the results page)."""
    results = survey_results(survey)
    questions = [
        {
            "key": question.key,
            "label": question.label,
            "kind": question.kind,
            "answered": question.answered,
            "options": _shares(question.options),
            "rows": [
                {"label": row.label, "answered": row.answered, "options": _shares(row.options)}
                for row in question.rows
            ],
            "mean": question.mean,
            "text_count": len(question.texts),
        }
        for question in results.questions
        if question.shown  # a question answered by fewer than ten (skip logic) is left out
    ]
    return {
        "public_id": str(survey.public_id),
        "title": survey.title,
        "org": survey.org.name,
        "mode": survey.get_mode_display(),
        "asked": results.asked,
        "answered": results.answered,
        "rate": _rate(results.answered, results.asked),
        "shown": results.shown,
        "questions": questions,
    }


def analysis_figures(
    *, user: Actor, org: Org, start: dt.date, end: dt.date, surveys: list[Survey]
) -> dict[str, Any]:
    """Everything a draft is written from, stored in `ThoughtAnalysis.figures`."""
    return {
        "period": [start.isoformat(), end.isoformat()],
        "gathered_at": timezone.now().isoformat(),
        "appeals": appeal_figures(user=user, org=org, start=start, end=end),
        "surveys": [survey_figures(s) for s in surveys],
    }


# --- figures as a page and a PDF read them ----------------------------------------------------------------------
@dataclass(frozen=True)
class Bar:
    label: str
    shown: str
    percent: int


def figures_view(figures: dict[str, Any]) -> dict[str, Any]:
    """The stored figures with every count about people as a cadre may see it (`shown_count`)."""
    appeals = figures.get("appeals") or {}
    months = appeals.get("months") or []
    peak = max((m["count"] for m in months), default=0)
    surveys = []
    for survey in figures.get("surveys") or []:
        surveys.append(
            {
                **survey,
                "asked_shown": shown_count(survey["asked"]),
                "answered_shown": shown_count(survey["answered"]),
                "questions": [
                    {
                        **q,
                        "bars": _option_bars(q["options"]),
                        "matrix": [
                            {"label": row["label"], "bars": _option_bars(row["options"])}
                            for row in q.get("rows", [])
                        ],
                    }
                    for q in survey["questions"]
                ],
            }
        )
    return {
        "has_appeals": bool(appeals),
        "appeals": appeals,
        "total_shown": shown_count(appeals.get("total", 0)),
        "categories": [
            Bar(r["label"], shown_count(r["count"]), r["percent"]) for r in appeals.get("categories", [])
        ],
        "units": [Bar(r["label"], shown_count(r["count"]), r["percent"]) for r in appeals.get("units", [])],
        "months": [
            Bar(_month_label(m["label"]), shown_count(m["count"]), _bar(m["count"], peak)) for m in months
        ],
        "surveys": surveys,
        "min_cell": MIN_CELL,
    }


def _option_bars(options: list[dict[str, Any]]) -> list[Bar]:
    return [Bar(o["option"], shown_count(o["count"]), o["percent"]) for o in options]


def _bar(count: int, peak: int) -> int:
    """A month's bar against the busiest month; none under ten, whose count reads "<10"."""
    return round(100 * count / peak) if peak and count >= MIN_CELL else 0


def _month_label(key: str) -> str:
    year, month = key.split("-")
    return f"{year}年{int(month)}月"

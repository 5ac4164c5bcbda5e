"""Console views of part reports: 评分卡 (one target), 排名 (one round) and 排名与趋势 (one union across years), with
their PDF downloads (POST: they write an audit row); the workbooks go through spreadsheets:export_start."""

from collections import Counter
from typing import Any
from uuid import UUID

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.scoping import action_paths
from gonghui.accounts.workspace import current_org
from gonghui.core.audit import AuditContext
from gonghui.core.charts import axis_chart, bar_series, category_axis, line_series, page_charts, value_axis
from gonghui.core.http import sensitive_response
from gonghui.core.pdf import pdf_response
from gonghui.orgs.models import Org

from ..forms.reports import LeagueFilterForm, TrendPickerForm
from ..permissions import VIEW
from ..selectors.reports import (
    PROVISIONAL,
    Trend,
    league_for,
    round_get_for_user,
    scorecard_for,
    target_get_for_user,
    trend_for,
    trend_org_get_for_user,
    trend_orgs_for,
)
from ..services.reports import (
    league_filename,
    league_pdf,
    scorecard_filename,
    scorecard_pdf,
    trends_filename,
    trends_pdf,
)
from ..spreadsheets import LEAGUE_EXPORT, SCORECARD_EXPORT, TRENDS_EXPORT


@console_view(VIEW)
def scorecard(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    target = target_get_for_user(user=request.user, public_id=public_id)
    card = scorecard_for(target=target, user=request.user)
    context = {
        "card": card,
        "target": target,
        "provisional_label": PROVISIONAL,
        "export_kind": SCORECARD_EXPORT,
    }
    return render(request, "evaluations/reports/scorecard.html", context)


@sensitive_response
@require_POST
@console_view(VIEW)
def scorecard_download(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    target = target_get_for_user(user=request.user, public_id=public_id)
    card = scorecard_for(target=target, user=request.user)
    pdf = scorecard_pdf(card=card, actor=request.user, context=AuditContext.of(request))
    return pdf_response(pdf, scorecard_filename(card, "pdf"), inline=False)


def _league(request: AuthedRequest, public_id: UUID) -> tuple[Any, LeagueFilterForm]:
    round_ = round_get_for_user(user=request.user, public_id=public_id)
    full = league_for(round_=round_)
    form = LeagueFilterForm(request.GET or None, peer_groups=full.peer_groups)
    if not form.peer_group:
        return full, form
    return league_for(round_=round_, peer_group=form.peer_group), form


@console_view(VIEW)
def league(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    table, form = _league(request, public_id)
    context = {
        "league": table,
        "form": form,
        "provisional_label": PROVISIONAL,
        "export_kind": LEAGUE_EXPORT,
    }
    return render(request, "evaluations/reports/league.html", context)


@sensitive_response
@require_POST
@console_view(VIEW)
def league_download(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    table, _form = _league(request, public_id)
    pdf = league_pdf(league=table, actor=request.user, context=AuditContext.of(request))
    return pdf_response(pdf, league_filename(table, "pdf"), inline=False)


def _labels(trend: Trend) -> list[str]:
    years = Counter(point.year for point in trend.points)
    return [
        f"{point.year}年" if years[point.year] == 1 else point.target.round.title for point in trend.points
    ]


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def trend_charts(trend: Trend) -> dict[str, Any]:
    """总分与排名 (total line, rank line on an inverted right axis), 分项得分 (a line per dimension) and, for a
    union that runs rounds, 等级分布 (stacked bars of grades per round)."""
    labels = _labels(trend)
    charts: dict[str, Any] = {}
    if trend.points:
        fields = [p.standing.of for p in trend.points]
        charts["totals"] = axis_chart(
            "总分与排名",
            x_axis=category_axis(labels),
            y_axis=[
                value_axis("分", min=0),
                value_axis("名次", inverse=True, minInterval=1, min=1, max=max(1, *fields)),
            ],
            series=[
                {"name": "总分", "type": "line", "data": [_number(p.target.total) for p in trend.points]},
                line_series("总排名", [p.standing.rank for p in trend.points]),
                line_series("同类排名", [p.standing.peer_rank for p in trend.points]),
            ],
        )
        charts["dimensions"] = axis_chart(
            "分项得分",
            x_axis=category_axis(labels),
            y_axis=value_axis("分", min=0),
            series=[
                {"name": name, "type": "line", "data": [_number(p.subtotals.get(name)) for p in trend.points]}
                for name in trend.dimension_names
            ],
        )
    if trend.grade_years:
        charts["grades"] = axis_chart(
            "历年等级分布",
            x_axis=category_axis([g.round.title for g in trend.grade_years]),
            y_axis=value_axis("个", minInterval=1),
            series=[
                bar_series(
                    grade, [g.counts.get(grade, 0) for g in trend.grade_years], stack="grades", barMaxWidth=60
                )
                for grade in trend.grades
            ],
        )
    return page_charts(charts)


def _trend(request: AuthedRequest) -> tuple[Trend, list[Org]]:
    """The union of `?org=<code>` (404 outside the user's scope), else the current union when the user may view it,
    else the first of their own; with the unions offered in the picker."""
    orgs = list(trend_orgs_for(user=request.user))
    code = request.GET.get("org", "")
    if code:
        org = trend_org_get_for_user(user=request.user, code=code)
    else:
        preferred = current_org(request)
        paths = action_paths(request.user, VIEW)
        mine = [o for o in orgs if o.path in paths]
        if preferred is not None and any(preferred.path.startswith(p) for p in paths):
            org = preferred
        elif mine:
            org = mine[0]
        else:
            raise Http404
    if org not in orgs:
        orgs.append(org)
    return trend_for(org=org, user=request.user), orgs


@console_view(VIEW)
def trends(request: AuthedRequest) -> HttpResponse:
    trend, orgs = _trend(request)
    form = TrendPickerForm(initial={"org": trend.org.code}, orgs=orgs)
    rows = list(zip(_labels(trend), trend.points, strict=True))
    context = {
        "trend": trend,
        "rows": rows,
        "form": form,
        "charts": trend_charts(trend),
        "export_kind": TRENDS_EXPORT,
    }
    return render(request, "evaluations/reports/trends.html", context)


@sensitive_response
@require_POST
@console_view(VIEW)
def trends_download(request: AuthedRequest) -> HttpResponse:
    trend, _orgs = _trend(request)
    pdf = trends_pdf(trend=trend, actor=request.user, context=AuditContext.of(request))
    return pdf_response(pdf, trends_filename(trend, "pdf"), inline=False)

"""各级总览: one page per union with the figures of every registered indicator source that names a section
(selectors/overview.py), each drilling down to the child unions' own overviews and to the list behind the value,
and its big-screen mode (1920×1080, dark, refreshed every five minutes) for a union's office. Thin: the selectors
read; charts.py turns the rankings into ECharts options."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.workspace import current_org
from gonghui.orgs.selectors import org_statistics_root_for_user

from ..charts import overview_screen_charts
from ..selectors import VIEW, ancestors_in_scope, dashboard_root_get_for_user
from ..selectors.overview import (
    overview_for,
    overview_year,
    overview_years,
    screen_figures,
    screen_rankings,
)

SCREEN_REFRESH_SECONDS = 300


def _year_query(year: int, this_year: int) -> str:
    return "" if year == this_year else "?" + urlencode({"year": year})


@console_view(VIEW)
def overview_home(request: AuthedRequest) -> HttpResponse:
    """The menu entry: the chosen union (?org=CODE), else the console's current union or the user's first."""
    root = org_statistics_root_for_user(
        user=request.user, action=VIEW, code=request.GET.get("org", "").strip(), current=current_org(request)
    )
    year = overview_year(request.GET.get("year"))
    url = reverse("dashboards:overview_org", args=[root.code])
    return redirect(url + _year_query(year, overview_years()[0]))


@console_view(VIEW)
def overview_org(request: AuthedRequest, code: str) -> HttpResponse:
    root = dashboard_root_get_for_user(user=request.user, code=code)
    year = overview_year(request.GET.get("year"))
    overview = overview_for(user=request.user, org=root, year=year)
    context: dict[str, Any] = {
        "root": root,
        "overview": overview,
        "year": year,
        "years": overview_years(),
        "year_query": _year_query(year, overview_years()[0]),
        "ancestors": ancestors_in_scope(user=request.user, org=root),
    }
    return render(request, "dashboards/overview/overview.html", context)


@console_view(VIEW)
def overview_screen(request: AuthedRequest, code: str) -> HttpResponse:
    root = dashboard_root_get_for_user(user=request.user, code=code)
    year = overview_year(request.GET.get("year"))
    overview = overview_for(user=request.user, org=root, year=year)
    rankings = screen_rankings(overview)
    year_query = _year_query(year, overview_years()[0])
    context: dict[str, Any] = {
        "root": root,
        "overview": overview,
        "year": year,
        "year_query": year_query,
        "figures": screen_figures(overview),
        "rankings": rankings,
        "charts": overview_screen_charts(
            rankings,
            link=lambda org: reverse("dashboards:overview_screen", args=[org.code]) + year_query,
        ),
        "refresh_seconds": SCREEN_REFRESH_SECONDS,
        "now": timezone.localtime(),
    }
    return render(request, "dashboards/overview/screen.html", context)

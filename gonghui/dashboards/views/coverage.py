"""数据看板 pages: coverage and membership statistics of a subtree, its charts and the drill-down table of child
orgs. Thin: selectors compute; the xlsx export is the `dashboard` Exporter (spreadsheets.py), served and audited by
`spreadsheets:export_start`."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.workspace import current_org

from ..charts import dashboard_charts
from ..selectors import (
    AGE_BANDS,
    VIEW,
    ancestors_in_scope,
    coverage_for,
    dashboard_root_chosen,
    dashboard_root_get_for_user,
    dashboard_roots_for_user,
)


@console_view(VIEW)
def dashboard_home(request: AuthedRequest) -> HttpResponse:
    """The menu entry and the picker's target: the chosen org (?org=CODE), else the console's current org."""
    root = dashboard_root_chosen(
        user=request.user, code=request.GET.get("org", "").strip(), preferred=current_org(request)
    )
    return redirect("dashboards:dashboard_org", code=root.code)


@console_view(VIEW)
def dashboard_org(request: AuthedRequest, code: str) -> HttpResponse:
    root = dashboard_root_get_for_user(user=request.user, code=code)
    coverage = coverage_for(root=root)
    child_urls = [reverse("dashboards:dashboard_org", args=[row.org.code]) for row in coverage.children]
    context = {
        "root": root,
        "coverage": coverage,
        "rows": list(zip(coverage.children, child_urls, strict=True)),
        "age_labels": [label for label, _lo, _hi in AGE_BANDS],
        "charts": dashboard_charts(coverage, child_urls=child_urls),
        "roots": dashboard_roots_for_user(user=request.user),
        "ancestors": ancestors_in_scope(user=request.user, org=root),
    }
    return render(request, "dashboards/dashboard.html", context)

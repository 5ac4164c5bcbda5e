"""数据看板 pages: coverage and membership statistics of a subtree, its charts, the drill-down table
of child orgs and the xlsx export. Thin: selectors compute, the export service audits."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.workspace import current_org
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.http import sensitive_response

from .charts import dashboard_charts
from .selectors import (
    AGE_BANDS,
    VIEW,
    ancestors_in_scope,
    coverage_for,
    dashboard_default_root,
    dashboard_root_get_for_user,
    dashboard_roots_for_user,
)
from .services import dashboard_export


@console_view(VIEW)
def dashboard_home(request: AuthedRequest) -> HttpResponse:
    """The menu entry and the picker's target: the chosen org (?org=CODE), else the console's current org."""
    code = request.GET.get("org", "").strip()
    if code:
        root = dashboard_root_get_for_user(user=request.user, code=code)
    else:
        found = dashboard_default_root(user=request.user, preferred=current_org(request))
        if found is None:
            raise PermissionDenied
        root = found
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


@sensitive_response
@require_POST
@console_view(VIEW)
def dashboard_export_view(request: AuthedRequest, code: str) -> HttpResponse:
    root = dashboard_root_get_for_user(user=request.user, code=code)
    coverage = coverage_for(root=root)
    content = dashboard_export(coverage=coverage, actor=request.user, context=AuditContext.of(request))
    return xlsx_response(content, f"会员与覆盖面统计-{root.name}-{coverage.today:%Y%m%d}.xlsx")

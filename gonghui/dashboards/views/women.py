"""女职工工作 page: the 女职工 figures of a subtree for one year (women members, 女职工委员会 formed, the
女职工特殊保护检查表 coverage and its items, 两癌筛查 participants), the women-only activities, the tasks received
from the 市总女工委 through 收文, the 女职工专项集体合同 card (an empty state until the 民主管理 module exists) and the
drill-down table of child unions. Thin: selectors/women.py computes; the xlsx export is the `women_work` Exporter
(spreadsheets.py), served and audited by `spreadsheets:export_start`."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.scoping import has_action
from gonghui.accounts.workspace import current_org
from gonghui.orgs.permissions import MANAGE as ORGS_MANAGE

from ..selectors import (
    VIEW,
    ancestors_in_scope,
    dashboard_root_chosen,
    dashboard_root_get_for_user,
    dashboard_roots_for_user,
)
from ..selectors.women import (
    CHECKLIST_ITEMS,
    WOMEN_APPEAL_CATEGORY,
    WomenRow,
    may_see_women_appeals,
    women_activities,
    women_stats_for,
    women_tasks,
    women_year,
    women_years,
)


@console_view(VIEW)
def women_home(request: AuthedRequest) -> HttpResponse:
    """The menu entry and the picker's target: the chosen org (?org=CODE), else the console's current org."""
    root = dashboard_root_chosen(
        user=request.user, code=request.GET.get("org", "").strip(), preferred=current_org(request)
    )
    url = reverse("dashboards:women_org", args=[root.code])
    year = request.GET.get("year", "").strip()
    return redirect(f"{url}?{urlencode({'year': women_year(year)})}" if year else url)


def _checklist_url(request: AuthedRequest, row: WomenRow, year: int) -> str:
    """A 基层工会 row's checklist: the form for those who manage it, else its list page."""
    if has_action(request.user, ORGS_MANAGE, row.org) and row.org.is_active:
        return reverse("orgs:protection_edit", args=[row.org.code, year]) + "?back=women"
    return reverse("orgs:protection_list", args=[row.org.code])


@console_view(VIEW)
def women_org(request: AuthedRequest, code: str) -> HttpResponse:
    root = dashboard_root_get_for_user(user=request.user, code=code)
    year = women_year(request.GET.get("year"))
    stats = women_stats_for(root=root, year=year)
    rows = [
        (
            row,
            reverse("dashboards:women_org", args=[row.org.code]) + f"?year={year}",
            _checklist_url(request, row, year) if row.is_unit else "",
        )
        for row in stats.children
    ]
    can_fill = stats.root_is_unit and root.is_active and has_action(request.user, ORGS_MANAGE, root)
    appeals_url = (
        reverse("appeals:appeal_list") + "?" + urlencode({"category": WOMEN_APPEAL_CATEGORY})
        if may_see_women_appeals(user=request.user, root=root)
        else ""
    )
    context: dict[str, Any] = {
        "root": root,
        "year": year,
        "years": women_years(),
        "stats": stats,
        "rows": rows,
        "item_labels": [label for _field, label in CHECKLIST_ITEMS],
        "activities": list(women_activities(user=request.user, root=root, year=year)),
        "tasks": women_tasks(user=request.user, root=root, year=year),
        "appeals_url": appeals_url,
        "can_fill": can_fill,
        "fill_url": reverse("orgs:protection_edit", args=[root.code, year]) + "?back=women"
        if can_fill
        else "",
        "roots": dashboard_roots_for_user(user=request.user),
        "ancestors": ancestors_in_scope(user=request.user, org=root),
    }
    return render(request, "dashboards/women.html", context)

"""Console views of part stats: 婚恋交友统计 — counts per union of the chosen subtree, "<10" under the minimum cell;
its export goes through the spreadsheets block (`spreadsheets:export_start` with the exporter `matchmaking_stats`).
No page here lists or links a profile."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..forms.stats import StatsForm
from ..permissions import STATS
from ..selectors.stats import match_stats, stats_root_for, stats_roots
from ..spreadsheets import EXPORTER


@console_view(STATS)
def stats(request: AuthedRequest) -> HttpResponse:
    """The union chosen (`?org=CODE`, by default the user's top union; 404 outside their subtrees), its own row,
    a row per direct child union rolled up, and the total."""
    root = stats_root_for(request.user, str(request.GET.get("org") or ""))
    roots = stats_roots(request.user)
    top = min((org.depth for org in roots), default=0)
    orgs = [(org.code, "　" * (org.depth - top) + org.name) for org in roots]
    context = {
        "form": StatsForm({"org": root.code}, orgs=orgs),
        "stats": match_stats(root),
        "exporter": EXPORTER,
    }
    return render(request, "matchmaking/stats/stats.html", context)

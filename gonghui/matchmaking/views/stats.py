"""Console views of part stats: 婚恋交友统计 — counts per union of the chosen subtree, "<10" under the minimum cell,
and their export. No page here lists a profile."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import STATS


@console_view(STATS)
def stats(request: AuthedRequest) -> HttpResponse:
    return render(request, "matchmaking/stats/stats.html", {})

"""Portal (member) page of part teams, 375 px first: 我的参赛 — the teams sent to events above the platform that the
member is on (once reported to the city union): event, dates, role, status, the team's and their own result. A
member sees only their own places."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest
from gonghui.members.decorators import portal_view

from ..selectors.teams import STATUS_BADGES, member_teams

SECTION = "services"


@portal_view
def my_teams(request: AuthedRequest) -> HttpResponse:
    entries = member_teams(request.member)  # type: ignore[attr-defined]
    return render(
        request,
        "activities/teams/portal_my_teams.html",
        {"entries": entries, "badges": STATUS_BADGES, "tab": SECTION},
    )

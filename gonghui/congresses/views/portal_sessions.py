"""Portal (member) views of part sessions (375 px first)."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest
from gonghui.members.decorators import portal_view


@portal_view
def session_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    return render(request, "congresses/sessions/portal_session_detail.html", {"tab": "services"})

"""Portal (member) views of part courses (375 px first)."""

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest
from gonghui.members.decorators import portal_view


@portal_view
def home(request: AuthedRequest) -> HttpResponse:
    return render(request, "learning/courses/portal_home.html", {"tab": "services"})


@portal_view
def _stub(request: AuthedRequest, public_id: Any = None) -> HttpResponse:
    raise Http404


mine = course_detail = course_complete = lesson_detail = lesson_beat = _stub

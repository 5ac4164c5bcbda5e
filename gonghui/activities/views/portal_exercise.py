"""Portal (member) page of part exercise (375 px first): the 工间操 of my unit — each routine with its video, when
and where, and how many times I took part this month. Taking part is checking in on the unit's scanner."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest
from gonghui.members.decorators import portal_view
from gonghui.members.models import Member

from ..selectors import exercise as sel
from ..services.exercise import weekdays_text


@portal_view
def exercise(request: AuthedRequest) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    items = [
        {
            "adoption": a,
            "routine": a.routine,
            "video": sel.video_of(a.routine),
            "weekdays": weekdays_text(a.weekdays),
        }
        for a in sel.member_adoptions(member)
    ]
    context = {"items": items, "month_count": sel.member_month_count(member), "tab": "services"}
    return render(request, "activities/exercise/portal/exercise.html", context)

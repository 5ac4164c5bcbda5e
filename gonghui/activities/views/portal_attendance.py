"""Portal (member) views of part attendance: 我的活动签到 — the activities the member attended, with the check-in
and check-out times and the late mark (375 px first). The member sees their own rows only."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest
from gonghui.core.pagination import paginate
from gonghui.members.decorators import portal_view
from gonghui.members.models import Member

from ..selectors.attendance import my_attendance as my_attendance_rows


@portal_view
def my_attendance(request: AuthedRequest) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    page = paginate(request, my_attendance_rows(member))
    return render(request, "activities/attendance/portal_mine.html", {"page": page, "tab": "services"})

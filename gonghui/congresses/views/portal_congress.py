"""Portal (member) views of part congress (375 px first): the 民主管理 hub — 我的代表身份 (the member's seats in
current congresses: role, 代表团, 主席团, 提案工作委员会), the sessions being prepared or under way of their
congresses and their unit's and the last closed one of each (已闭会 · 决议 N 项), and links to 提案 (我的提案, 提交提案), 提案公开, 校务公开."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest
from gonghui.members.decorators import portal_view
from gonghui.members.models import Member

from ..selectors import congress as sel


@portal_view
def home(request: AuthedRequest) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    seats = sel.portal_seats(member)
    context = {
        "tab": "services",
        "seats": seats,
        "sessions": sel.portal_sessions(member, seats),
        "closed_sessions": sel.portal_closed_sessions(member, seats),
        "may_propose": bool(seats),
    }
    return render(request, "congresses/congress/portal_home.html", context)

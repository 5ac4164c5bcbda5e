"""The member's pages of 竞赛 (375 px first): 我的竞赛 (my entries with their state and 确认参赛, and the running
contests of the unions above me, which my union enters me in), one entry of mine, and 确认参赛 (a POST, asked
first, with a receipt in 消息)."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.accounts.decorators import AuthedRequest
from gonghui.core.forms import button_perform
from gonghui.core.timeline import timeline_for
from gonghui.members.decorators import portal_view
from gonghui.members.models import Member

from ..choices import EntryAction
from ..selectors.entries import (
    awaits_confirmation,
    contests_open_to_member,
    format_deadline,
    member_entry_rows,
    my_entry_or_404,
    person_state,
    receipt_number,
    teammates,
)
from ..services.entries import entry_confirm


def _member(request: AuthedRequest) -> Member:
    member: Member = request.member  # type: ignore[attr-defined]
    return member


@portal_view
def my_contests(request: AuthedRequest) -> HttpResponse:
    rows = [
        {
            "person": person,
            "entry": person.entry,
            "state": person_state(person),
            "awaits": awaits_confirmation(person),
            "deadline": format_deadline(person.entry.round.entry_deadline),
        }
        for person in member_entry_rows(_member(request))
    ]
    open_contests = [
        {
            "contest": contest,
            "rounds": [{"round": r, "deadline": format_deadline(r.entry_deadline)} for r in rounds],
        }
        for contest, rounds in contests_open_to_member(_member(request))
    ]
    context = {"rows": rows, "open_contests": open_contests, "tab": "services"}
    return render(request, "contests/portal/my_contests.html", context)


@portal_view
def my_entry(request: AuthedRequest, public_id: str) -> HttpResponse:
    person = my_entry_or_404(_member(request), public_id)
    entry = person.entry
    context = {
        "person": person,
        "entry": entry,
        "contest": entry.round.contest,
        "state": person_state(person),
        "awaits": awaits_confirmation(person),
        "deadline": format_deadline(entry.round.entry_deadline),
        "receipt": receipt_number(person) if person.confirmed_at else "",
        "team": teammates(person) if person.active else [],
        "timeline": timeline_for(entry),
        "requester_actions": [str(EntryAction.CONFIRM)],
        "tab": "services",
    }
    return render(request, "contests/portal/entry_detail.html", context)


@portal_view
def my_entry_confirm(request: AuthedRequest, public_id: str) -> HttpResponse:
    person = my_entry_or_404(_member(request), public_id)
    back = reverse("contests_portal:my_entry", args=[person.entry.public_id])
    if request.method != "POST":
        return redirect(back)
    return button_perform(
        request,
        lambda: entry_confirm(entry=person.entry, user=request.user),
        success="已确认参赛，回执已发送到“消息”",
        back=back,
    )

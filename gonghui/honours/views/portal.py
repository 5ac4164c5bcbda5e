"""The member's pages of 评选表彰 on the portal (part `records`, 375 px first): 我的荣誉 (the member's valid
honours, each with its year, title, the body that gave it and its certificate when one was issued) and one honour
of mine (its story and photo). Another member's honour, a revoked one or an unknown id: 404."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest
from gonghui.members.decorators import portal_view
from gonghui.members.models import Member

from ..selectors.records import honour_certificate, honour_photo, my_honour_or_404, my_honours


def _member(request: AuthedRequest) -> Member:
    member: Member = request.member  # type: ignore[attr-defined]
    return member


@portal_view
def my_honours_view(request: AuthedRequest) -> HttpResponse:
    rows = [{"honour": h, "certificate": honour_certificate(h)} for h in my_honours(_member(request))]
    return render(request, "honours/portal/my_honours.html", {"rows": rows, "tab": "me"})


@portal_view
def my_honour(request: AuthedRequest, public_id: str) -> HttpResponse:
    honour = my_honour_or_404(_member(request), public_id)
    context = {
        "honour": honour,
        "photo": honour_photo(honour),
        "certificate": honour_certificate(honour),
        "tab": "me",
    }
    return render(request, "honours/portal/my_honour.html", context)

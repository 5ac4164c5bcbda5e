"""The member's pages of 送温暖 and 慰问金 campaigns (part `relief`, 375 px first): 我的慰问金 (the member's payments of
approved or closed campaigns) and one payment's receipt (campaign, amount, date, state). A member sees only their
own; another member's receipt is a 404."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest
from gonghui.members.decorators import portal_view
from gonghui.members.models import Member

from ..selectors.relief import member_payment_or_404, member_payments, member_status_label

SECTION = "services"


def _member(request: AuthedRequest) -> Member:
    member: Member = request.member  # type: ignore[attr-defined]
    return member


@portal_view
def relief_mine(request: AuthedRequest) -> HttpResponse:
    payments = [(p, member_status_label(p)) for p in member_payments(_member(request))]
    return render(request, "welfare/relief/portal_mine.html", {"payments": payments, "tab": SECTION})


@portal_view
def relief_receipt(request: AuthedRequest, public_id: Any) -> HttpResponse:
    payment = member_payment_or_404(_member(request), public_id)
    context = {"payment": payment, "status_label": member_status_label(payment), "tab": SECTION}
    return render(request, "welfare/relief/portal_receipt.html", context)

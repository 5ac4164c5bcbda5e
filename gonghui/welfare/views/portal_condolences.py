"""The member's page of 慰问 (part `condolences`, 375 px first): the receipt of a 慰问金 paid to them (the paying
union, occasion, amount, date, the visit); another member's receipt is a 404. The notification of the payment and
我的办理 lead here."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest
from gonghui.members.decorators import portal_view
from gonghui.members.models import Member

from ..selectors.condolences import my_payment_or_404

SECTION = "services"


@portal_view
def condolence_receipt(request: AuthedRequest, public_id: Any) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    payment = my_payment_or_404(member, public_id)
    context = {"payment": payment, "is_reversed": payment.is_reversed, "tab": SECTION}  # type: ignore[attr-defined]
    return render(request, "welfare/condolences/portal_receipt.html", context)

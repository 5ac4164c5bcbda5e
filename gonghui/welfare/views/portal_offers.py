"""The member's pages of 普惠 offers (part `offers`, 375 px first): 普惠优惠 (the offers published to the member's
unions — their union and every union above it — valid today, with the uses left), one offer (terms, uses left, the
link to 我的会员码, and for a coupon offer 领取券码 and the code taken), and 领取券码 (POST: the member's live coupon,
or a new one while uses are left). Any other offer is a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from gonghui.accounts.decorators import AuthedRequest
from gonghui.core.errors import validation_error_text
from gonghui.members.decorators import portal_view
from gonghui.members.models import Member

from ..selectors.offers import live_coupon_of, offer_for_member_or_404, offer_rows_for_member, uses_left
from ..services.offers import offer_coupon_take

SECTION = "services"


def _member(request: AuthedRequest) -> Member:
    member: Member = request.member  # type: ignore[attr-defined]
    return member


@portal_view
def offer_mine(request: AuthedRequest) -> HttpResponse:
    rows = offer_rows_for_member(_member(request))
    return render(request, "welfare/offers/portal_list.html", {"rows": rows, "tab": SECTION})


@portal_view
def offer_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    member = _member(request)
    offer = offer_for_member_or_404(member, public_id)
    context = {
        "offer": offer,
        "uses_left": uses_left(offer, member),
        "coupon": live_coupon_of(offer, member) if offer.coupons else None,
        "tab": SECTION,
    }
    return render(request, "welfare/offers/portal_detail.html", context)


@portal_view
def offer_coupon(request: AuthedRequest, public_id: str) -> HttpResponse:
    """领取券码 (POST); a GET goes back to the offer's page."""
    member = _member(request)
    offer = offer_for_member_or_404(member, public_id)
    if request.method != "POST":
        return redirect("welfare_portal:offer_view", public_id=offer.public_id)
    try:
        coupon = offer_coupon_take(offer=offer, member=member)
    except ValidationError as exc:
        messages.error(request, validation_error_text(exc))
    else:
        messages.success(request, f"已领取券码 {coupon.code}，到店出示即可核销")
    return redirect("welfare_portal:offer_view", public_id=offer.public_id)

"""The member's pages of 疗休养 (part `recuperation`, 375 px first): 我的疗休养 (each place with its batch, dates,
resort, assembly and the health requirements), 确认参加 (ticking 本人确认符合健康要求, a POST, then the receipt),
放弃 with a reason, and the receipt. A member sees only their own places; another member's is a 404."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.accounts.decorators import AuthedRequest
from gonghui.core.forms import form_perform, posted_data
from gonghui.members.decorators import portal_view
from gonghui.members.models import Member

from ..choices import PlaceStatus
from ..forms.recuperation import ConfirmPlaceForm, DeclinePlaceForm
from ..selectors.recuperation import PLACE_BADGES, my_place_or_404, my_places
from ..services.recuperation import place_confirm as place_confirm_service
from ..services.recuperation import place_decline as place_decline_service

SECTION = "services"


def _member(request: AuthedRequest) -> Member:
    member: Member = request.member  # type: ignore[attr-defined]
    return member


@portal_view
def place_mine(request: AuthedRequest) -> HttpResponse:
    context = {"places": my_places(_member(request)), "badges": PLACE_BADGES, "tab": SECTION}
    return render(request, "welfare/recuperation/portal/place_mine.html", context)


@portal_view
def place_confirm(request: AuthedRequest, public_id: Any) -> HttpResponse:
    member = _member(request)
    place = my_place_or_404(member, public_id)
    if place.status != PlaceStatus.NOMINATED:
        if request.method == "POST" and place.status == PlaceStatus.CONFIRMED:
            return redirect("welfare_portal:place_receipt", public_id=place.public_id)  # a second tap
        messages.info(request, f"该名额{place.get_status_display()}")
        return redirect("welfare_portal:place_mine")
    form = ConfirmPlaceForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: place_confirm_service(
            place=place, member=member, actor=request.user, health_confirmed=data["health_confirmed"]
        ),
        success="已确认参加，请按时集合",
        then=lambda p: reverse_receipt(p),
    )
    context = {"place": place, "form": form, "tab": SECTION}
    return done or render(request, "welfare/recuperation/portal/place_confirm.html", context)


def reverse_receipt(place: Any) -> str:
    return reverse("welfare_portal:place_receipt", args=[place.public_id])


@portal_view
def place_decline(request: AuthedRequest, public_id: Any) -> HttpResponse:
    member = _member(request)
    place = my_place_or_404(member, public_id)
    if place.status not in (PlaceStatus.NOMINATED, PlaceStatus.CONFIRMED):
        messages.info(request, f"该名额{place.get_status_display()}")
        return redirect("welfare_portal:place_mine")
    form = DeclinePlaceForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: place_decline_service(
            place=place, member=member, actor=request.user, reason=data["reason"]
        ),
        success="已放弃该名额，推荐工会可安排他人替补",
        then=lambda p: reverse_receipt(p),
    )
    context = {"place": place, "form": form, "tab": SECTION}
    return done or render(request, "welfare/recuperation/portal/place_decline.html", context)


@portal_view
def place_receipt(request: AuthedRequest, public_id: Any) -> HttpResponse:
    place = my_place_or_404(_member(request), public_id)
    context = {"place": place, "badge": PLACE_BADGES.get(PlaceStatus(place.status)), "tab": SECTION}
    return render(request, "welfare/recuperation/portal/place_receipt.html", context)

"""The member's pages of part signup (375 px first): 活动报名 (the published upcoming activities the member's
audience admits, with the places left and the sign-up window), one activity (what, when, where, 报名 or the
reason it is closed, the member's own registration), 报名 (POST) → the receipt (number, state, what happens next),
取消报名 (a confirmation page; refused after the cutoff with the reason) and 我的活动 (the member's registrations
with the check-in state). Any other activity is a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from gonghui.accounts.decorators import AuthedRequest
from gonghui.core.errors import validation_error_text
from gonghui.core.timeline import timeline_for
from gonghui.members.decorators import portal_view
from gonghui.members.models import Member

from ..choices import LIVE_REGISTRATION_STATUSES, RegistrationStatus
from ..forms.signup import SignUpForm
from ..selectors.signup import (
    NEXT_STEPS,
    STATUS_BADGES,
    activity_for_member_or_404,
    cancel_deadline,
    my_registrations,
    places_left,
    registration_of,
    signup_closes,
    signup_opens,
    signup_refusal,
    upcoming_for_member,
    waitlist_position,
)
from ..services.signup import registration_cancel, registration_sign_up

SECTION = "services"


def _member(request: AuthedRequest) -> Member:
    member: Member = request.member  # type: ignore[attr-defined]
    return member


@portal_view
def activity_list(request: AuthedRequest) -> HttpResponse:
    member = _member(request)
    now = timezone.now()
    activities = upcoming_for_member(member, now=now)
    mine = {
        row.activity_id: row
        for row, _attendance in my_registrations(member)
        if row.activity_id in {a.pk for a in activities}
    }
    rows = [
        {
            "activity": a,
            "left": places_left(a, a.confirmed),  # type: ignore[attr-defined]
            "refusal": signup_refusal(a, now),
            "closes": signup_closes(a),
            "mine": mine.get(a.pk),
        }
        for a in activities
    ]
    return render(
        request, "activities/signup/portal_list.html", {"rows": rows, "tab": SECTION, "badges": STATUS_BADGES}
    )


@portal_view
def activity_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    member = _member(request)
    activity = activity_for_member_or_404(member, public_id)
    row = registration_of(activity, member)
    live = row is not None and row.status in LIVE_REGISTRATION_STATUSES
    context = {
        "activity": activity,
        "row": row,
        "live": live,
        "badges": STATUS_BADGES,
        "left": places_left(activity),
        "refusal": signup_refusal(activity),
        "opens": signup_opens(activity),
        "closes": signup_closes(activity),
        "cancel_until": cancel_deadline(activity),
        "form": SignUpForm(),
        "tab": SECTION,
    }
    return render(request, "activities/signup/portal_detail.html", context)


@portal_view
def sign_up(request: AuthedRequest, public_id: str) -> HttpResponse:
    """报名 (POST); a GET goes back to the activity's page."""
    member = _member(request)
    activity = activity_for_member_or_404(member, public_id)
    if request.method != "POST":
        return redirect("activities_portal:detail", public_id=activity.public_id)
    form = SignUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("activities_portal:detail", public_id=activity.public_id)
    try:
        registration_sign_up(
            activity=activity, member=member, actor=request.user, note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        messages.error(request, validation_error_text(exc))
        return redirect("activities_portal:detail", public_id=activity.public_id)
    return redirect("activities_portal:receipt", public_id=activity.public_id)


@portal_view
def receipt(request: AuthedRequest, public_id: str) -> HttpResponse:
    """The member's registration for the activity: receipt number, state, what happens next, its history."""
    member = _member(request)
    activity = activity_for_member_or_404(member, public_id)
    row = registration_of(activity, member)
    if row is None:
        return redirect("activities_portal:detail", public_id=activity.public_id)
    live = row.status in LIVE_REGISTRATION_STATUSES
    position = waitlist_position(row)
    deadline = cancel_deadline(activity)
    context = {
        "activity": activity,
        "row": row,
        "live": live,
        "badge": STATUS_BADGES.get(row.status, ""),
        "next_step": NEXT_STEPS.get(row.status, "") if live else "",
        "position": position,
        "cancel_until": deadline,
        "may_cancel": live and timezone.now() < deadline,
        "timeline": timeline_for(row),
        "tab": SECTION,
    }
    return render(request, "activities/signup/portal_receipt.html", context)


@portal_view
def cancel(request: AuthedRequest, public_id: str) -> HttpResponse:
    """取消报名: GET is the confirmation page, POST cancels (refused after the cutoff, with the reason)."""
    member = _member(request)
    activity = activity_for_member_or_404(member, public_id)
    row = registration_of(activity, member)
    if row is None or row.status not in LIVE_REGISTRATION_STATUSES:
        messages.info(request, "您没有可以取消的报名")
        return redirect("activities_portal:detail", public_id=activity.public_id)
    deadline = cancel_deadline(activity)
    refusal = ""
    if timezone.now() >= deadline:
        refusal = (
            f"已过取消报名截止时间（{timezone.localtime(deadline):%Y-%m-%d %H:%M}），如确需取消请联系组织方"
        )
        if activity.contact:
            refusal += f"（{activity.contact}）"
    if request.method == "POST" and not refusal:
        try:
            registration_cancel(registration=row, actor=request.user)
        except ValidationError as exc:
            refusal = validation_error_text(exc)
        else:
            messages.success(request, f"已取消报名（回执号 {row.number}）")
            return redirect("activities_portal:receipt", public_id=activity.public_id)
    context = {
        "activity": activity,
        "row": row,
        "refusal": refusal,
        "cancel_until": deadline,
        "holds_place": row.status == RegistrationStatus.CONFIRMED,
        "tab": SECTION,
    }
    return render(
        request,
        "activities/signup/portal_cancel.html",
        context,
        status=422 if refusal and request.method == "POST" else 200,
    )


@portal_view
def mine(request: AuthedRequest) -> HttpResponse:
    rows = my_registrations(_member(request))
    context = {"rows": rows, "badges": STATUS_BADGES, "now": timezone.now(), "tab": SECTION}
    return render(request, "activities/signup/portal_mine.html", context)

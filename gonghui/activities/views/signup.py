"""Console pages of part signup (报名): an activity's registration list (status filter, search by name, member
number or receipt number, pagination, the audited xlsx export), the waiting list in queue order, 审核通过 (a button
with a confirmation), 不通过 and 取消报名 (each a confirmation page asking the reason, told to the member), and
发送提醒 (POST: the confirmed registrants not yet reminded). Reads need `activities.view` on the activity's union,
writes `activities.manage`."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.errors import validation_error_text
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for

from ..choices import LIVE_REGISTRATION_STATUSES, RegistrationStatus
from ..forms.signup import ApproveForm, OrganiserCancelForm, RegistrationFilterForm, RejectForm
from ..models import Activity, Registration
from ..permissions import MANAGE, VIEW
from ..selectors.signup import (
    STATUS_BADGES,
    activity_for,
    can_manage_activity,
    places_left,
    registration_counts,
    registration_filters,
    registration_for,
    registrations_for,
    signup_refusal,
    waiting_list,
)
from ..services.signup import (
    activity_remind,
    registration_approve,
    registration_cancel_by_organiser,
    registration_reject,
    registrations_export,
)


def _list_url(activity: Activity) -> str:
    return reverse("activities:registrations", args=[activity.pk])


@sensitive_response
@console_view(VIEW)
def registrations(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = activity_for(request.user, activity_id)
    filters = registration_filters(request.GET)
    page = paginate(request, registrations_for(request.user, activity, filters))
    counts = registration_counts(activity)
    context = {
        "activity": activity,
        "form": RegistrationFilterForm(request.GET),
        "page": page,
        "badges": STATUS_BADGES,
        "querystring": query_without_page(request),
        "filtered": filters.any(),
        "counts": counts,
        "status_choices": RegistrationStatus.choices,
        "places_left": places_left(activity, counts[RegistrationStatus.CONFIRMED]),
        "waiting": list(waiting_list(activity)[:50]),
        "may_manage": can_manage_activity(request.user, activity),
        "live": LIVE_REGISTRATION_STATUSES,
        "refusal": signup_refusal(activity),
        "approve_form": ApproveForm(),
    }
    return render(request, "activities/signup/registration_list.html", context)


@sensitive_response
@require_POST
@console_view(VIEW)
def registrations_export_view(request: AuthedRequest, activity_id: int) -> HttpResponse:
    """The filtered registrations (the list's query string) as xlsx: members' names, so audited, never cached."""
    activity = activity_for(request.user, activity_id)
    content, name = registrations_export(
        activity=activity,
        actor=request.user,
        filters=registration_filters(request.GET),
        context=AuditContext.of(request),
    )
    return xlsx_response(content, name)


@require_POST
@console_view(VIEW)
def registration_approve_view(request: AuthedRequest, activity_id: int, registration_id: int) -> HttpResponse:
    """审核通过 (POST from the list's button, confirmed in the browser)."""
    activity = activity_for(request.user, activity_id, demand=MANAGE)
    row = registration_for(request.user, activity, registration_id)
    form = ApproveForm(request.POST)
    return button_perform(
        request,
        lambda: registration_approve(
            registration=row, actor=request.user, note=form.cleaned_data.get("note", "")
        ),
        success=lambda saved: f"已审核通过 {saved.member.name}（{saved.get_status_display()}）",
        back=_list_url(activity),
        form=form,
    )


def _step(
    request: AuthedRequest,
    activity: Activity,
    row: Registration,
    form: Any,
    *,
    label: str,
    intro: str,
) -> HttpResponse:
    context = {
        "activity": activity,
        "row": row,
        "form": form,
        "step_label": label,
        "state_allows": row.status in LIVE_REGISTRATION_STATUSES,
        "intro": intro,
        "badges": STATUS_BADGES,
        "timeline": timeline_for(row),
    }
    return render(request, "activities/signup/registration_step.html", context)


@console_view(VIEW)
def registration_reject_view(request: AuthedRequest, activity_id: int, registration_id: int) -> HttpResponse:
    """不通过: GET asks the reason, POST turns the registration down (a place it held goes to the waiting list)."""
    activity = activity_for(request.user, activity_id, demand=MANAGE)
    row = registration_for(request.user, activity, registration_id)
    form = RejectForm(posted_data(request))
    done = None
    if row.status in LIVE_REGISTRATION_STATUSES:
        done = form_perform(
            request,
            form,
            lambda data: registration_reject(registration=row, actor=request.user, reason=data["reason"]),
            success=lambda saved: f"已将 {saved.member.name} 的报名设为未通过，已通知本人",
            then=_list_url(activity),
        )
    intro = "不通过的原因会通知会员本人。若该会员已占名额，名额将按顺序让给候补名单中的第一位。"
    return done or _step(request, activity, row, form, label="不通过", intro=intro)


@console_view(VIEW)
def registration_cancel_view(request: AuthedRequest, activity_id: int, registration_id: int) -> HttpResponse:
    """取消报名 (by the organiser): GET asks the reason, POST cancels; a freed place goes to the waiting list."""
    activity = activity_for(request.user, activity_id, demand=MANAGE)
    row = registration_for(request.user, activity, registration_id)
    form = OrganiserCancelForm(posted_data(request))
    done = None
    if row.status in LIVE_REGISTRATION_STATUSES:
        done = form_perform(
            request,
            form,
            lambda data: registration_cancel_by_organiser(
                registration=row, actor=request.user, reason=data["reason"]
            ),
            success=lambda saved: f"已取消 {saved.member.name} 的报名，已通知本人",
            then=_list_url(activity),
        )
    intro = "取消原因会通知会员本人。若该会员已占名额，名额将按顺序让给候补名单中的第一位。取消后不可恢复，会员可在报名期内重新报名。"
    return done or _step(request, activity, row, form, label="取消报名", intro=intro)


@require_POST
@console_view(VIEW)
def remind(request: AuthedRequest, activity_id: int) -> HttpResponse:
    """发送提醒 (POST): the confirmed registrants not yet reminded are told the time and place."""
    activity = activity_for(request.user, activity_id, demand=MANAGE)
    back = request.POST.get("next") or _list_url(activity)
    if not back.startswith("/activities/"):
        back = _list_url(activity)
    try:
        told = activity_remind(activity=activity, actor=request.user)
    except ValidationError as exc:
        messages.error(request, validation_error_text(exc))
        return redirect(back)
    if told:
        messages.success(request, f"已向 {told} 位已报名的会员发送活动提醒")
    else:
        messages.info(request, "已报名的会员都已提醒过，没有需要提醒的人")
    return redirect(back)

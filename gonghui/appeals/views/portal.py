"""Member portal pages of 网上维权 (mobile-first, 375 px): submit a case, my cases, a case with its receipt,
progress and replies, supplying materials, rating, re-opening."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.decorators import AuthedRequest
from gonghui.core.forms import form_perform, posted_data
from gonghui.members.decorators import portal_view
from gonghui.members.models import Member

from .. import selectors, services, sla
from ..choices import REQUESTER_ACTIONS, AppealAction, AppealStatus
from ..forms import PortalAppealForm, RateForm, ReopenForm, SupplyForm
from ..models import Appeal
from ..selectors import (
    appeal_attachments,
    appeal_get_for_member,
    appeal_list_for_member,
    appeal_messages,
    appeal_timeline,
)
from ..services import APPEAL_WORKFLOW

STATE_LABELS = dict(AppealStatus.choices)


def _member(request: AuthedRequest) -> Member:
    member: Member = request.member  # type: ignore[attr-defined]
    return member


@portal_view
def portal_list(request: AuthedRequest) -> HttpResponse:
    member = _member(request)
    appeals = list(appeal_list_for_member(member=member)[:50])
    return render(request, "appeals/portal/list.html", {"appeals": appeals, "tab": "services"})


@portal_view
def portal_new(request: AuthedRequest) -> HttpResponse:
    member = _member(request)
    targets = selectors.appeal_target_orgs(member.org)
    form = PortalAppealForm(posted_data(request), request.FILES or None, targets=targets)
    done = form_perform(
        request,
        form,
        lambda data: services.appeal_submit(
            member=member,
            actor=request.user,
            data=form.appeal_input(),
            privacy_accepted=data["privacy"],
            target_org=data["target_org"],
            uploads=data["attachments"],
        ),
        success=lambda submitted: (
            f"诉求已提交，编号 {submitted[0].number}"
            if submitted[1]
            else f"您刚刚已提交过相同的诉求，编号 {submitted[0].number}"
        ),
        then=lambda submitted: _detail_url(submitted[0]),
    )
    if done is not None:
        return done
    return render(request, "appeals/portal/new.html", {"form": form, "tab": "services", "member": member})


def _detail_url(appeal: Appeal) -> str:
    return reverse("appeals:portal_detail", args=[appeal.public_id])


def _detail_context(request: AuthedRequest, appeal: Appeal, **forms_: Any) -> dict[str, Any]:
    today = timezone.localdate()
    context: dict[str, Any] = {
        "appeal": appeal,
        "timeline": appeal_timeline(appeal, for_member=True),
        "messages_list": appeal_messages(appeal, for_member=True),
        "attachments": appeal_attachments(appeal),
        "state_labels": STATE_LABELS,
        "requester_actions": REQUESTER_ACTIONS,
        "tab": "services",
        "can_rate": APPEAL_WORKFLOW.can(appeal, AppealAction.RATE, request.user),
        "can_reopen": sla.appeal_can_reopen(appeal, today),
        "reopen_deadline": sla.appeal_reopen_deadline(appeal),
        "can_supply": APPEAL_WORKFLOW.can(appeal, AppealAction.SUPPLY, request.user),
        "rate_form": RateForm(),
        "reopen_form": ReopenForm(),
        "supply_form": SupplyForm(),
    }
    context.update(forms_)
    # A refusal that names no field (the case moved on while the page was open) is shown above the cards, since
    # the form that was posted may no longer be offered in the case's new state.
    context["action_errors"] = [error for form in forms_.values() for error in form.non_field_errors()]
    return context


@portal_view
def portal_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    appeal = appeal_get_for_member(member=_member(request), public_id=public_id)
    return render(request, "appeals/portal/detail.html", _detail_context(request, appeal))


@portal_view
def portal_rate(request: AuthedRequest, public_id: str) -> HttpResponse:
    member = _member(request)
    appeal = appeal_get_for_member(member=member, public_id=public_id)
    if request.method != "POST":
        return redirect("appeals:portal_detail", public_id=appeal.public_id)
    form = RateForm(request.POST)
    done = form_perform(
        request,
        form,
        lambda data: services.appeal_rate(
            appeal=appeal, member=member, actor=request.user, rating=data["rating"], comment=data["comment"]
        ),
        success="感谢您的评价",
        then=_detail_url(appeal),
    )
    return done or render(
        request, "appeals/portal/detail.html", _detail_context(request, appeal, rate_form=form), status=422
    )


@portal_view
def portal_reopen(request: AuthedRequest, public_id: str) -> HttpResponse:
    member = _member(request)
    appeal = appeal_get_for_member(member=member, public_id=public_id)
    if request.method != "POST":
        return redirect("appeals:portal_detail", public_id=appeal.public_id)
    form = ReopenForm(request.POST)
    done = form_perform(
        request,
        form,
        lambda data: services.appeal_reopen(
            appeal=appeal, member=member, actor=request.user, reason=data["reason"]
        ),
        success="已申请重办，工会将重新办理",
        then=_detail_url(appeal),
    )
    return done or render(
        request, "appeals/portal/detail.html", _detail_context(request, appeal, reopen_form=form), status=422
    )


@portal_view
def portal_supply(request: AuthedRequest, public_id: str) -> HttpResponse:
    member = _member(request)
    appeal = appeal_get_for_member(member=member, public_id=public_id)
    if request.method != "POST":
        return redirect("appeals:portal_detail", public_id=appeal.public_id)
    form = SupplyForm(request.POST, request.FILES)
    done = form_perform(
        request,
        form,
        lambda data: services.appeal_supply(
            appeal=appeal, member=member, actor=request.user, body=data["body"], uploads=data["attachments"]
        ),
        success="材料已提交，工会将继续办理",
        then=_detail_url(appeal),
    )
    return done or render(
        request, "appeals/portal/detail.html", _detail_context(request, appeal, supply_form=form), status=422
    )

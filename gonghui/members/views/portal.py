"""Member portal pages of members (behind `portal_view`): 我的会员卡, the member's own transfers and correction requests."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.accounts.decorators import AuthedRequest
from gonghui.core.errors import validation_error_text
from gonghui.core.forms import button_perform, form_perform, posted_data

from ..choices import (
    HOLDING_STATUSES,
    OPEN_TRANSFER,
    CardAction,
    CardHandlingAction,
    CorrectionStatus,
)
from ..decorators import portal_view
from ..forms.cards import CardApplicationForm
from ..forms.corrections import CorrectionForm
from ..forms.transfers import TransferForm
from ..models import Member
from ..selectors.cards import card_applications_of_member
from ..selectors.corrections import correction_changes_display, correction_list_for_member
from ..selectors.transfers import transfer_get_for_member, transfer_list_for_member
from ..services.cards import card_application_update, card_apply, card_reissue, card_workflow
from ..services.corrections import correction_request_submit
from ..services.transfers import transfer_cancel, transfer_request


def _member(request: AuthedRequest) -> Member:
    member: Member = request.member  # type: ignore[attr-defined]
    return member


@portal_view
def transfer_mine(request: AuthedRequest) -> HttpResponse:
    member = _member(request)
    form = TransferForm(posted_data(request), exclude_org=member.org)
    done = form_perform(
        request,
        form,
        lambda data: transfer_request(
            member=member,
            actor=request.user,
            to_org=data["to_org"],
            to_org_outside=data["to_org_outside"],
            reason=data["reason"],
        ),
        success="转会申请已提交，请等待工会审批",
        then=reverse("members:transfer_mine"),
    )
    if done is not None:
        return done
    transfers = list(transfer_list_for_member(member=member))
    return render(
        request,
        "members/transfers/mine.html",
        {
            "member": member,
            "form": form,
            "transfers": transfers,
            "has_open": any(t.status in OPEN_TRANSFER for t in transfers),
            "tab": "services",
        },
    )


@portal_view
def transfer_mine_cancel(request: AuthedRequest, public_id: str) -> HttpResponse:
    member = _member(request)
    transfer = transfer_get_for_member(member=member, public_id=public_id)
    if request.method != "POST":
        return redirect("members:transfer_mine")
    return button_perform(
        request,
        lambda: transfer_cancel(transfer=transfer, actor=request.user),
        success="已撤销转会申请",
        back=reverse("members:transfer_mine"),
    )


@portal_view
def correction_mine(request: AuthedRequest) -> HttpResponse:
    member = _member(request)
    # every field starts from the record and shows it beside ("当前：…"); only changed fields are submitted
    form = CorrectionForm(posted_data(request), member=member)

    def submit(data: dict[str, Any]) -> None:
        correction_request_submit(
            member=member, actor=request.user, changes=form.changes(), note=data["note"]
        )

    done = form_perform(
        request,
        form,
        submit,
        success="更正申请已提交，请等待工会审核",
        then=reverse("members:correction_mine"),
    )
    if done is not None:
        return done
    corrections = [(c, correction_changes_display(c)) for c in correction_list_for_member(member=member)[:20]]
    return render(
        request,
        "members/corrections/mine.html",
        {
            "member": member,
            "form": form,
            "corrections": corrections,
            "has_open": any(c.status == CorrectionStatus.SUBMITTED for c, _ in corrections),
            "tab": "services",
        },
    )


def _portal_context(request: AuthedRequest, form: forms.Form | None = None) -> dict[str, Any]:
    member = _member(request)
    applications = card_applications_of_member(member=member)
    latest = applications[0] if applications else None
    holding = member.status in HOLDING_STATUSES
    # the own-card buttons follow the workflow table: 补办 of a held card reports it lost first (挂失并补办);
    # of a card already lost it is a new application form (申请补办会员卡)
    actions = (
        {str(t.action) for t in card_workflow.available_actions(latest, request.user)} if latest else set()
    )
    reissue = CardAction.REISSUE in actions
    reports_lost = CardAction.REPORT_LOST in actions
    editable = CardHandlingAction.EDIT in actions
    return {
        "member": member,
        "latest": latest,
        "applications": applications,
        "holding": holding,
        "can_apply": holding and (latest is None or (reissue and not reports_lost)),
        "reissue_form": reissue and not reports_lost,
        "editable": editable,
        "can_reissue": reissue and reports_lost,
        "form": form
        or CardApplicationForm(
            initial={"mailing_address": latest.mailing_address, "note": latest.note}
            if latest is not None and editable
            else None
        ),
        # the 会员码 rotates every 30 s on its own page (gonghui/checkins, 我的会员码); the card page links to it
        "member_code": holding,
        "tab": "services",
    }


@portal_view
def card_mine(request: AuthedRequest) -> HttpResponse:
    """我的会员卡: status, numbers, QR code; a POST applies."""
    member = _member(request)
    form = CardApplicationForm(request.POST) if request.method == "POST" else None
    if form is not None:
        done = form_perform(
            request,
            form,
            lambda data: card_apply(member=member, actor=request.user, **data),
            success="已提交会员卡申请",
            then=reverse("members:card_mine"),
        )
        if done is not None:
            return done
    return render(request, "members/cards/card_mine.html", _portal_context(request, form))


@portal_view
def card_mine_edit(request: AuthedRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("members:card_mine")
    context = _portal_context(request)
    latest = context["latest"]
    if latest is None:
        messages.error(request, "您还没有会员卡申请")
        return redirect("members:card_mine")
    form = CardApplicationForm(request.POST)
    if form.is_valid():
        try:
            card_application_update(application=latest, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
        else:
            messages.success(request, "已保存")
        return redirect("members:card_mine")
    context["form"] = form
    return render(request, "members/cards/card_mine.html", context)


@portal_view
def card_mine_reissue(request: AuthedRequest) -> HttpResponse:
    """挂失并补办 the member's own card."""
    if request.method != "POST":
        return redirect("members:card_mine")
    latest = _portal_context(request)["latest"]
    if latest is None:
        messages.error(request, "您还没有会员卡")
        return redirect("members:card_mine")
    return button_perform(
        request,
        lambda: card_reissue(
            application=latest,
            actor=request.user,
            mailing_address=request.POST.get("mailing_address", "")[:200],
        ),
        success="已挂失原卡并提交补办申请",
        back=reverse("members:card_mine"),
    )

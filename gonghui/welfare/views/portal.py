"""The member's pages of 困难职工帮扶 on the portal (part `intake`, 375 px first): 我的帮扶 (the household's file:
its steps 申请 → 初审 → 入户调查 → 审核 → 公示 → 建档, what happens next, the receipt; or what 困难职工帮扶 is, with
申请), 申请 (facts, 本人情况, the family table, the 授权委托书), 重新提交 after a return, and the 回执. A member sees
only their own household's file; another file's receipt is a 404."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from gonghui.accounts.decorators import AuthedRequest
from gonghui.appeals.models import Appeal
from gonghui.appeals.selectors import appeal_get_for_member
from gonghui.core.forms import apply_validation_error, posted_data
from gonghui.members.decorators import portal_view
from gonghui.members.models import Member

from ..choices import ENDED_STATUSES, Channel, FileStatus
from ..forms.intake import ConsentForm, FactsForm, SelfForm, people_formset, route_application_error
from ..selectors.aid import aids_received
from ..selectors.files import STATUS_BADGES
from ..selectors.intake import (
    NEXT_STEPS,
    file_facts,
    file_of_member,
    file_steps,
    member_timeline,
    my_file_or_404,
    receipt_people,
)
from ..services.intake import file_apply, file_resubmit

SECTION = "services"


def _member(request: AuthedRequest) -> Member:
    member: Member = request.member  # type: ignore[attr-defined]
    return member


def _own_appeal(member: Member, public_id: str) -> Appeal | None:
    """The member's own 诉求 an application starts from (the invitation's link); anything else is ignored."""
    if not public_id:
        return None
    try:
        return appeal_get_for_member(member=member, public_id=public_id)
    except (Http404, ValidationError):
        return None


@portal_view
def my_file_view(request: AuthedRequest) -> HttpResponse:
    file = file_of_member(_member(request))
    context: dict[str, Any] = {"file": file, "tab": SECTION}
    if file is not None:
        context.update(
            steps=file_steps(file),
            next_step=NEXT_STEPS.get(file.status, ""),
            timeline=member_timeline(file),
            may_apply_again=file.status in ENDED_STATUSES and file.purged_at is None,
            badge=STATUS_BADGES.get(FileStatus(file.status), "bg-secondary-lt"),
            aids=aids_received(file),
        )
    return render(request, "welfare/portal/mine.html", context)


@portal_view
def apply_view(request: AuthedRequest) -> HttpResponse:
    member = _member(request)
    existing = file_of_member(member)
    if existing is not None and existing.status not in ENDED_STATUSES:
        messages.info(request, "您的家庭已有困难职工档案，已为您打开")
        return redirect("welfare_portal:mine")
    appeal = _own_appeal(member, request.GET.get("appeal", ""))
    data = posted_data(request)
    facts = FactsForm(data, initial={"address": existing.household.address if existing else ""})
    own = SelfForm(data, initial={"consent_signer": member.name})
    people = people_formset(data)
    consent = ConsentForm(data, request.FILES if data is not None else None)
    errors: list[str] = []
    if data is not None:
        valid = [f.is_valid() for f in (facts, own, people, consent)]
        if all(valid):
            try:
                file = file_apply(
                    applicant=member,
                    actor=request.user,
                    facts=facts.facts(),
                    channel=Channel.PORTAL,
                    people=[own.person(member), *people.people()],
                    consent_upload=consent.cleaned_data["consent_upload"],
                    appeal=appeal,
                )
            except ValidationError as exc:
                route_application_error(exc, facts=facts, consent=consent, errors=errors)
            else:
                messages.success(request, f"申请已提交，档案编号 {file.number}")
                return redirect("welfare_portal:receipt", public_id=file.public_id)
        errors += people.row_errors()
    context = {
        "facts_form": facts,
        "self_form": own,
        "people": people,
        "consent_form": consent,
        "people_errors": errors,
        "appeal": appeal,
        "member": member,
        "tab": SECTION,
    }
    return render(request, "welfare/portal/apply.html", context, status=422 if data is not None else 200)


@portal_view
def resubmit_view(request: AuthedRequest) -> HttpResponse:
    file = file_of_member(_member(request))
    if file is None or file.status != FileStatus.RETURNED:
        return redirect("welfare_portal:mine")
    data = posted_data(request)
    form = FactsForm.for_file(data, file)
    if data is not None and form.is_valid():
        try:
            file_resubmit(file=file, actor=request.user, facts=form.facts())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "已重新提交，工会将再次初审")
            return redirect("welfare_portal:receipt", public_id=file.public_id)
    returns = [row for row in member_timeline(file) if row["note"]]
    context = {"file": file, "form": form, "reason": returns[-1]["note"] if returns else "", "tab": SECTION}
    return render(request, "welfare/portal/resubmit.html", context)


@portal_view
def receipt_view(request: AuthedRequest, public_id: Any) -> HttpResponse:
    file = my_file_or_404(_member(request), public_id)
    context = {"file": file, "facts": file_facts(file), "people": receipt_people(file), "tab": SECTION}
    return render(request, "welfare/portal/receipt.html", context)

"""Portal (member) views of part volunteers (375 px first): 我的志愿服务 — the year's counted hours and the hours
公示中, my records, my training and awards, my 证明 —, the 证明 request (issued at once and free, or refused with the
reason), its receipt and the PDF download (`?format=pdf`; no-store, like every portal page). Another
member's request is a 404."""

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from gonghui.accounts.decorators import AuthedRequest
from gonghui.certificates.views import certificate_pdf_response
from gonghui.core.audit import AuditContext
from gonghui.core.forms import form_perform, posted_data
from gonghui.core.pagination import paginate
from gonghui.members.decorators import portal_view
from gonghui.members.models import Member

from ..choices import ProofStatus
from ..forms.volunteers import ProofRequestForm
from ..selectors import volunteers as sel
from ..services.volunteers import proof_refusal_reason, proof_request

SECTION = "services"


@portal_view
def volunteer_mine(request: AuthedRequest) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    records = sel.volunteer_records(member)
    context = {
        "figures": sel.hour_figures(member),
        "page": paginate(request, records, per_page=20),
        "notes": sel.volunteer_notes(member),
        "teams": sel.volunteer_teams(member),
        "proofs": sel.my_proofs(member)[:10],
        "may_request": sel.proof_orgs(member).exists(),
        "badges": sel.STATUS_BADGES,
        "tab": SECTION,
    }
    return render(request, "activities/volunteers/portal_mine.html", context)


@portal_view
def proof_new(request: AuthedRequest) -> HttpResponse:
    """申请志愿服务证明: the period and the purpose; the answer is at once."""
    member: Member = request.member  # type: ignore[attr-defined]
    orgs = sel.proof_orgs(member)
    form = ProofRequestForm(posted_data(request), orgs=orgs)
    done = form_perform(
        request,
        form,
        lambda data: proof_request(
            member=member,
            org=data["org"],
            period_from=data["period_from"],
            period_to=data["period_to"],
            purpose=data["purpose"],
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success=lambda proof: (
            "证明已出具，可下载PDF"
            if proof.status == ProofStatus.ISSUED
            else "申请已受理：期间内没有可证明的记录"
        ),
        then=lambda proof: reverse("activities_portal:proof_receipt", args=[proof.public_id]),
    )
    context = {"form": form, "has_orgs": orgs.exists(), "tab": SECTION}
    return done or render(request, "activities/volunteers/portal_proof_form.html", context)


@portal_view
def proof_receipt(request: AuthedRequest, public_id: Any) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    proof = sel.my_proof_or_404(member, public_id)
    if request.GET.get("format") == "pdf":
        # the 证明's PDF (the member's own, still valid); portal_view answers it no-store
        if proof.certificate is None or not proof.certificate.is_valid:
            raise Http404
        return certificate_pdf_response(request, proof.certificate)
    context = {
        "proof": proof,
        "issued": proof.status == ProofStatus.ISSUED,
        "reason": proof_refusal_reason(proof),
        "tab": SECTION,
    }
    return render(request, "activities/volunteers/portal_proof_receipt.html", context)

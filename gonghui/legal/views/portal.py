"""Member portal pages of 法律服务 (mobile-first): ask a question, apply for legal aid, follow one's own
consultations and applications, and search the FAQ of published, anonymised answers."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from gonghui.accounts.decorators import AuthedRequest
from gonghui.attachments.selectors import attachments_of
from gonghui.core.forms import form_perform, posted_data
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for
from gonghui.members.decorators import portal_view
from gonghui.members.models import Member

from ..choices import LegalCategory
from ..forms import AidForm, QuestionForm
from ..selectors import (
    aid_get_for_member,
    aid_list_for_member,
    consultation_get_for_member,
    consultation_list_for_member,
    faq_get,
    faq_list,
    member_target_orgs,
)
from ..services import aid_submit, consultation_submit
from . import STATE_LABELS, STATUS_BADGES

# What the member sees of the timeline: no internal names of cadres or lawyers beyond the role.
PORTAL_TIMELINE_LIMIT = 30


def _member(request: AuthedRequest) -> Member:
    member: Member = request.member  # type: ignore[attr-defined]
    return member


@portal_view
def portal_home(request: AuthedRequest) -> HttpResponse:
    member = _member(request)
    return render(
        request,
        "legal/portal/home.html",
        {
            "consultations": consultation_list_for_member(member=member)[:20],
            "applications": aid_list_for_member(member=member)[:20],
            "badges": STATUS_BADGES,
            "tab": "services",
        },
    )


@portal_view
def consultation_ask(request: AuthedRequest) -> HttpResponse:
    member = _member(request)
    form = QuestionForm(posted_data(request), orgs=member_target_orgs(member), initial={"org": member.org_id})
    done = form_perform(
        request,
        form,
        lambda data: consultation_submit(
            member=member, org=data["org"], question=form.question_input(), actor=request.user
        ),
        success=lambda consultation: f"咨询已提交，编号 {consultation.number}，解答后会通知您",
        then=lambda consultation: reverse("legal:my_consultation", args=[consultation.public_id]),
    )
    return done or render(request, "legal/portal/ask.html", {"form": form, "tab": "services"})


@portal_view
def my_consultation(request: AuthedRequest, public_id: Any) -> HttpResponse:
    consultation = consultation_get_for_member(member=_member(request), public_id=public_id)
    return render(
        request,
        "legal/portal/consultation.html",
        {
            "consultation": consultation,
            "timeline": timeline_for(consultation)[:PORTAL_TIMELINE_LIMIT],
            "state_labels": STATE_LABELS,
            "badges": STATUS_BADGES,
            "tab": "services",
        },
    )


@portal_view
def aid_apply(request: AuthedRequest) -> HttpResponse:
    member = _member(request)
    data = posted_data(request)
    form = AidForm(
        data,
        request.FILES if data is not None else None,
        orgs=member_target_orgs(member),
        initial={"org": member.org_id},
    )
    done = form_perform(
        request,
        form,
        lambda cleaned: aid_submit(
            member=member,
            org=cleaned["org"],
            request=form.aid_input(),
            files=cleaned["income_proofs"],
            actor=request.user,
        ),
        success=lambda application: (
            f"申请已提交，编号 {application.number}，{application.org.name}将在 "
            f"{application.review_due_on:%Y年%-m月%-d日} 前完成审查"
        ),
        then=lambda application: reverse("legal:my_application", args=[application.public_id]),
    )
    return done or render(request, "legal/portal/apply.html", {"form": form, "tab": "services"})


@portal_view
def my_application(request: AuthedRequest, public_id: Any) -> HttpResponse:
    application = aid_get_for_member(member=_member(request), public_id=public_id)
    return render(
        request,
        "legal/portal/application.html",
        {
            "application": application,
            "attachments": attachments_of(application),
            "timeline": timeline_for(application)[:PORTAL_TIMELINE_LIMIT],
            "state_labels": STATE_LABELS,
            "badges": STATUS_BADGES,
            "tab": "services",
        },
    )


@portal_view
def faq(request: AuthedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:50]
    category = request.GET.get("category", "")
    if category not in LegalCategory.values:
        category = ""
    page = paginate(request, faq_list(query=query, category=category), per_page=10)
    return render(
        request,
        "legal/portal/faq.html",
        {
            "page": page,
            "query": query,
            "category": category,
            "categories": LegalCategory.choices,
            "querystring": query_without_page(request),
            "tab": "services",
        },
    )


@portal_view
def faq_detail(request: AuthedRequest, public_id: Any) -> HttpResponse:
    return render(
        request, "legal/portal/faq_detail.html", {"item": faq_get(public_id=public_id), "tab": "services"}
    )

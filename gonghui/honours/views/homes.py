"""Console pages of 建家考评: the list — "我组织的考评" (the assessments the user sees: search, year and status
filters, pagination) and "本单位待自评" (the open assessments of unions above waiting for the user's union's self
sheet, linked to the reviews 自评 pages) — a new assessment, its page (units with self-check status, self total,
assessor total and the gap flag, links to the reviews sheets and results, the timeline), the 参评单位/考评人 page,
and 开始 / 确定结果 (asked first). Reads go through the scoped selectors (`honours.view` on the running union's
subtree); every change needs `honours.manage` on the running union (else 403)."""

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.audit import AuditContext
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.htmx import htmx_partial
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for

from ..choices import HomeAssessmentStatus
from ..forms.homes import HomeAssessmentForm, HomeFilterForm, HomeUnitsForm
from ..models import HomeAssessment
from ..permissions import MANAGE, VIEW, can_manage_for
from ..selectors.homes import (
    HomeFilters,
    assessor_candidates,
    assessor_candidates_for_user,
    home_assessments_for_user,
    home_assessors,
    home_for_user_or_404,
    home_orgs_managed_by,
    home_self_checks_for_user,
    home_templates_for_user,
    home_unit_candidates,
    home_units,
    home_years_for_user,
)
from ..services.homes import (
    home_assessment_close,
    home_assessment_create,
    home_assessment_open,
    home_assessors_add,
    home_units_add,
)

STATUS_BADGES = {
    HomeAssessmentStatus.DRAFT: "bg-secondary-lt",
    HomeAssessmentStatus.OPEN: "bg-green-lt",
    HomeAssessmentStatus.CLOSED: "bg-blue-lt",
}
SHEET_BADGES = {"draft": "bg-yellow-lt", "submitted": "bg-green-lt", "reopened": "bg-orange-lt"}


def _detail_url(assessment: HomeAssessment) -> str:
    return reverse("honours:home_detail", args=[assessment.pk])


@console_view(VIEW)
def home_list(request: AuthedRequest) -> HttpResponse:
    form = HomeFilterForm(request.GET, years=home_years_for_user(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    assessments = home_assessments_for_user(
        request.user,
        HomeFilters(
            query=(filters.get("q") or "").strip(),
            year=filters.get("year"),
            status=filters.get("status") or "",
        ),
    )
    context = {
        "form": form,
        "page": paginate(request, assessments),
        "querystring": query_without_page(request),
        "filtered": any(filters.values()),
        "badges": STATUS_BADGES,
        "sheet_badges": SHEET_BADGES,
        "can_create": home_orgs_managed_by(request.user).exists(),
    }
    if htmx_partial(request):
        return render(request, "honours/partials/home_table.html", context)
    context["self_checks"] = home_self_checks_for_user(request.user)
    return render(request, "honours/home_list.html", context)


@console_view(MANAGE)
def home_create(request: AuthedRequest) -> HttpResponse:
    orgs = home_orgs_managed_by(request.user)
    form = HomeAssessmentForm(
        posted_data(request),
        orgs=orgs,
        templates=home_templates_for_user(request.user),
        assessors=assessor_candidates_for_user(request.user),
        initial={**HomeAssessmentForm.initial_new(), "org": orgs.first()},
    )

    def perform(data: dict[str, Any]) -> HomeAssessment:
        return home_assessment_create(
            org=data["org"],
            title=data["title"],
            year=data["year"],
            template=data["template"],
            self_check_deadline=data["self_check_deadline"],
            assessors=list(data["assessors"]),
            actor=request.user,
        )

    done = form_perform(request, form, perform, success="建家考评已创建，请添加参评单位", then=_detail_url)
    status = 422 if request.method == "POST" else 200
    return done or render(request, "honours/home_form.html", {"form": form}, status=status)


@console_view(VIEW)
def home_detail(request: AuthedRequest, home_id: int) -> HttpResponse:
    assessment = home_for_user_or_404(request.user, home_id)
    can_run = can_manage_for(request.user, assessment.org)
    context = {
        "assessment": assessment,
        "review_round": assessment.review_round,
        "units": home_units(assessment),
        "assessors": home_assessors(assessment),
        "can_run": can_run,
        "is_draft": assessment.status == HomeAssessmentStatus.DRAFT,
        "is_open": assessment.status == HomeAssessmentStatus.OPEN,
        "is_closed": assessment.status == HomeAssessmentStatus.CLOSED,
        "badges": STATUS_BADGES,
        "sheet_badges": SHEET_BADGES,
        "timeline": timeline_for(assessment),
    }
    return render(request, "honours/home_detail.html", context)


@console_view(VIEW)
def home_units_add_view(request: AuthedRequest, home_id: int) -> HttpResponse:
    assessment = home_for_user_or_404(request.user, home_id, demand=MANAGE)
    if assessment.status != HomeAssessmentStatus.DRAFT:
        messages.info(request, "考评已开始，不能再添加参评单位或考评人")
        return redirect(_detail_url(assessment))
    form = HomeUnitsForm(
        posted_data(request),
        orgs=home_unit_candidates(assessment),
        all_grassroots=home_unit_candidates(assessment, grassroots_only=True),
        assessors=assessor_candidates(assessment),
    )

    def perform(data: dict[str, Any]) -> HomeAssessment:
        orgs = form.chosen_orgs()
        with transaction.atomic():
            if orgs or not data["assessors"]:
                home_units_add(assessment=assessment, orgs=orgs, actor=request.user)
            if data["assessors"]:
                home_assessors_add(
                    assessment=assessment,
                    users=list(data["assessors"]),
                    actor=request.user,
                    context=AuditContext.of(request),
                )
        return assessment

    done = form_perform(request, form, perform, success="已添加", then=_detail_url)
    status = 422 if request.method == "POST" else 200
    context = {"assessment": assessment, "form": form}
    return done or render(request, "honours/home_units.html", context, status=status)


@require_POST
@console_view(VIEW)
def home_open(request: AuthedRequest, home_id: int) -> HttpResponse:
    assessment = home_for_user_or_404(request.user, home_id, demand=MANAGE)
    return button_perform(
        request,
        lambda: home_assessment_open(assessment=assessment, actor=request.user),
        success="建家考评已开始，已通知各参评单位自评",
        back=_detail_url(assessment),
        error_prefix="不能开始：",
    )


@require_POST
@console_view(VIEW)
def home_close(request: AuthedRequest, home_id: int) -> HttpResponse:
    assessment = home_for_user_or_404(request.user, home_id, demand=MANAGE)
    return button_perform(
        request,
        lambda: home_assessment_close(
            assessment=assessment, actor=request.user, context=AuditContext.of(request)
        ),
        success="建家考评结果已确定",
        back=_detail_url(assessment),
        error_prefix="不能确定结果：",
    )

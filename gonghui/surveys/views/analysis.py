"""Console views of part analysis (诉求与思想状况分析): the list (search, status and year filters, pages), a new
analysis (union, period, cited surveys → a draft with its figures and first text), the analysis page (text, figures
with bars, cited surveys, timeline, the buttons the user may use), editing the text, drafting again, 印发 (with a
confirmation page) and the PDF of an issued analysis (an audited POST). Reads go through the selectors; every change
is a POST to a service. The action pages answer 403 to whoever may not change the analysis (an auditor, GET too)."""

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
from gonghui.core.pdf import pdf_response
from gonghui.core.timeline import timeline_for

from ..choices import AnalysisStatus
from ..forms.analysis import AnalysisCreateForm, AnalysisEditForm, AnalysisFilterForm, AnalysisRedraftForm
from ..models import ThoughtAnalysis
from ..permissions import MANAGE, VIEW
from ..selectors.analysis import (
    AnalysisFilters,
    analyses_for_user,
    analysis_get_or_404,
    analysis_may_create,
    analysis_orgs,
    analysis_surveys,
    analysis_years,
    can_change,
    figures_view,
    survey_choices,
)
from ..services import analysis as services

STATUS_BADGES = {AnalysisStatus.DRAFT: "bg-orange-lt", AnalysisStatus.ISSUED: "bg-green-lt"}


def _detail_url(analysis: ThoughtAnalysis) -> str:
    return reverse("surveys:analysis_detail", args=[analysis.public_id])


@console_view(VIEW)
def analysis_list(request: AuthedRequest) -> HttpResponse:
    form = AnalysisFilterForm(request.GET, years=analysis_years(request.user))
    data = form.cleaned_data if form.is_valid() else {}
    filters = AnalysisFilters(
        query=(data.get("q") or "").strip(), status=data.get("status") or "", year=data.get("year")
    )
    context = {
        "form": form,
        "page": paginate(request, analyses_for_user(request.user, filters)),
        "querystring": query_without_page(request),
        "filtered": any(data.values()),
        "badges": STATUS_BADGES,
        "can_create": analysis_may_create(request.user),
    }
    return render(request, "surveys/analysis/analysis_list.html", context)


@console_view(MANAGE)
def analysis_create(request: AuthedRequest) -> HttpResponse:
    orgs = analysis_orgs(request.user)
    form = AnalysisCreateForm(posted_data(request), orgs=orgs, surveys=survey_choices(request.user))
    done = form_perform(
        request,
        form,
        lambda data: services.analysis_draft(
            org=data["org"],
            actor=request.user,
            title=data["title"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            surveys=data["surveys"],
            context=AuditContext.of(request),
        ),
        success="初稿已生成，请逐段核对修改后再印发",
        then=_detail_url,
    )
    return done or render(request, "surveys/analysis/analysis_form.html", {"form": form, "no_orgs": not orgs})


@console_view(VIEW)
def analysis_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    analysis = analysis_get_or_404(request.user, public_id)
    context = {
        "analysis": analysis,
        "badges": STATUS_BADGES,
        "blocks": services.paragraphs(analysis.body),
        "figures": figures_view(analysis.figures),
        "surveys": analysis_surveys(analysis),
        "timeline": timeline_for(analysis),
        "can_change": can_change(request.user, analysis),
    }
    return render(request, "surveys/analysis/analysis_detail.html", context)


@console_view(MANAGE)
def analysis_edit(request: AuthedRequest, public_id: str) -> HttpResponse:
    analysis = analysis_get_or_404(request.user, public_id, demand=MANAGE)
    if analysis.status != AnalysisStatus.DRAFT:  # issued: frozen, nothing to edit
        return redirect(_detail_url(analysis))
    form = AnalysisEditForm(posted_data(request), initial={"title": analysis.title, "body": analysis.body})
    done = form_perform(
        request,
        form,
        lambda data: services.analysis_edit(
            analysis=analysis,
            actor=request.user,
            title=data["title"],
            body=data["body"],
            context=AuditContext.of(request),
        ),
        success="已保存",
        then=_detail_url,
    )
    return done or render(
        request, "surveys/analysis/analysis_edit.html", {"analysis": analysis, "form": form}
    )


@console_view(MANAGE)
def analysis_redraft(request: AuthedRequest, public_id: str) -> HttpResponse:
    analysis = analysis_get_or_404(request.user, public_id, demand=MANAGE)
    if analysis.status != AnalysisStatus.DRAFT:
        return redirect(_detail_url(analysis))
    form = AnalysisRedraftForm(
        posted_data(request),
        surveys=survey_choices(request.user),
        initial={
            "period_start": analysis.period_start,
            "period_end": analysis.period_end,
            "surveys": [s.pk for s in analysis_surveys(analysis)],
        },
    )
    done = form_perform(
        request,
        form,
        lambda data: services.analysis_redraft(
            analysis=analysis,
            actor=request.user,
            period_start=data["period_start"],
            period_end=data["period_end"],
            surveys=data["surveys"],
            context=AuditContext.of(request),
        ),
        success="已按最新数据重新生成初稿",
        then=_detail_url,
    )
    return done or render(
        request, "surveys/analysis/analysis_redraft.html", {"analysis": analysis, "form": form}
    )


@console_view(MANAGE)
def analysis_issue(request: AuthedRequest, public_id: str) -> HttpResponse:
    analysis = analysis_get_or_404(request.user, public_id, demand=MANAGE)
    if analysis.status != AnalysisStatus.DRAFT:
        return redirect(_detail_url(analysis))
    if request.method == "POST":
        return button_perform(
            request,
            lambda: services.analysis_issue(
                analysis=analysis, actor=request.user, context=AuditContext.of(request)
            ),
            success="已印发",
            back=_detail_url(analysis),
        )
    return render(
        request,
        "surveys/analysis/analysis_issue.html",
        {"analysis": analysis, "to_complete": services.still_to_complete(analysis.body)},
    )


@sensitive_response
@require_POST
@console_view(VIEW)
def analysis_pdf(request: AuthedRequest, public_id: str) -> HttpResponse:
    analysis = analysis_get_or_404(request.user, public_id)
    try:
        pdf = services.analysis_pdf(analysis=analysis, actor=request.user, context=AuditContext.of(request))
    except ValidationError as exc:
        messages.error(request, validation_error_text(exc))
        return redirect(_detail_url(analysis))
    return pdf_response(pdf, f"{analysis.title}.pdf", inline=False)


@sensitive_response
@require_POST
@console_view(VIEW)
def analysis_export(request: AuthedRequest, public_id: str) -> HttpResponse:
    analysis = analysis_get_or_404(request.user, public_id)
    data = services.analysis_workbook(analysis=analysis, actor=request.user, context=AuditContext.of(request))
    return xlsx_response(data, f"{analysis.title}-数据.xlsx")

"""Console views of part results: the results page (counts, participation by union, per-question bars, a scale's
mean, a matrix as a table, texts without identity, the cross-tabs of one attribute at a time), the xlsx export
(an audited POST; a named survey's 实名答卷 only for surveys.manage) and the report PDF."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.http import sensitive_response
from gonghui.core.pdf import pdf_response
from gonghui.core.statistics import MIN_CELL

from ..permissions import VIEW
from ..selectors import results as sel
from ..services import results as svc


@console_view(VIEW)
def survey_results(request: AuthedRequest, public_id: Any) -> HttpResponse:
    survey = sel.survey_for_results(request.user, public_id)
    results = sel.survey_results(survey)
    attributes = [(a.value, str(a.label)) for a in sel.crosstab_attributes(survey)]
    chosen = request.GET.get("by", "")
    if chosen not in {value for value, _ in attributes}:
        chosen = attributes[0][0] if attributes else ""
    tabs = sel.survey_crosstabs(survey, chosen) if results.shown and chosen else []
    context = {
        "survey": survey,
        "results": results,
        "by_union": sel.participation_by_union(survey),
        "attributes": attributes,
        "chosen": chosen,
        "tabs": tabs,
        "min_cell": MIN_CELL,
        "with_names": sel.can_export_names(request.user, survey),
    }
    return render(request, "surveys/results/survey_results.html", context)


@sensitive_response
@require_POST
@console_view(VIEW)
def survey_results_export(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """结果导出 as xlsx (aggregates; a named survey's 实名答卷 for surveys.manage): audited, never cached."""
    survey = sel.survey_for_results(request.user, public_id)
    content, _named = svc.results_export(survey=survey, actor=request.user, context=AuditContext.of(request))
    return xlsx_response(content, f"问卷结果-{survey.title}.xlsx")


@console_view(VIEW)
def survey_results_pdf(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """结果报告 (PDF, aggregates only)."""
    survey = sel.survey_for_results(request.user, public_id)
    return pdf_response(
        svc.results_report_pdf(survey=survey), f"问卷结果报告-{survey.title}.pdf", inline=False
    )

"""Pages of 创新工作室 (part `studios`): the board (every visible studio with status, number, leader, funds paid,
latest outputs and risk flags; filters, pagination, xlsx export; 申报 for managers), the application form, one
studio (facts, team, nomination, tranches, outputs, assessments, timeline and the actions its viewer may take),
the edit form, a year's outputs, a funding tranche, an assessment (with its reviews round) and its conclusion, and
摘牌. The studio's union edits it and reports outputs; the union that named it pays, assesses and delists."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.scoping import has_action_anywhere
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.forms import form_perform, posted_data
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page

from ..choices import AssessmentResult, StudioStatus, TrancheKind
from ..forms.studios import (
    AssessmentForm,
    DecideForm,
    DelistForm,
    OutputForm,
    StudioApplyForm,
    StudioFilterForm,
    StudioForm,
    TrancheForm,
    team_text,
)
from ..models import InnovationStudio
from ..permissions import MANAGE, VIEW, can_manage_for
from ..selectors.studios import (
    StudioFilters,
    assessment_get_visible_or_404,
    assessment_score,
    budget_lines_for,
    funds_paid,
    funds_total,
    has_tranches,
    is_due_delist,
    latest_outputs,
    leaders_for_user,
    named_years,
    orgs_user_may_apply_for,
    risk_flags,
    studio_assessments,
    studio_campaigns_for_user,
    studio_get_visible_or_404,
    studio_list_for_user,
    studio_nominations,
    studio_orgs,
    studio_outputs,
    studio_timeline,
    studios_at_risk,
    templates_for,
    tranche_rows,
)
from ..services.studios import (
    assessment_create,
    assessment_decide,
    naming_org_of,
    output_record,
    studio_apply,
    studio_delist,
    studio_export,
    studio_update,
    tranche_pay,
)


def _filters(data: Any) -> StudioFilters:
    form = StudioFilterForm(data)
    if not form.is_valid():
        return StudioFilters()
    data = form.cleaned_data
    return StudioFilters(
        query=data["q"].strip(), status=data["status"], year_named=data["year"], org_id=data["org"]
    )


def _can_run(user: Any, studio: InnovationStudio) -> bool:
    """May the user pay, assess and delist the studio (manage the union that named it)?"""
    return can_manage_for(user, naming_org_of(studio))


@console_view(VIEW)
def studio_board(request: AuthedRequest) -> HttpResponse:
    filters = _filters(request.GET)
    page = paginate(request, studio_list_for_user(request.user, filters))
    studios = list(page.object_list)
    ids = [s.pk for s in studios]
    year = timezone.localdate().year - 1  # the year just past: has each named studio an innovation result?
    paid = funds_paid(ids)
    latest = latest_outputs(ids)
    flags = risk_flags(studios, year)
    rows = [
        {"studio": s, "paid": paid.get(s.pk), "output": latest.get(s.pk), "flag": flags.get(s.pk, "")}
        for s in studios
    ]
    context = {
        "page": page,
        "rows": rows,
        "querystring": query_without_page(request),
        "filters": filters,
        "statuses": StudioStatus.choices,
        "years": named_years(request.user),
        "orgs": studio_orgs(request.user),
        "filtered": bool(filters.query or filters.status or filters.year_named or filters.org_id),
        "can_apply": has_action_anywhere(request.user, MANAGE),
        "at_risk": len(studios_at_risk(request.user, year)),
        "risk_year": year,
    }
    return render(request, "honours/studio_board.html", context)


@sensitive_response
@require_POST
@console_view(VIEW)
def studio_export_view(request: AuthedRequest) -> HttpResponse:
    """创新工作室台账 (xlsx, audited, no-store): the studios the board shows with the posted filters."""
    studios = list(studio_list_for_user(request.user, _filters(request.POST)))
    content = studio_export(
        studios=studios,
        year=timezone.localdate().year - 1,
        actor=request.user,
        context=AuditContext.of(request),
    )
    return xlsx_response(content, "创新工作室台账.xlsx")


def _studio_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": data["name"],
        "field": data["field"],
        "site": data["site"],
        "team": data["team"],
        "plan": data["plan"],
        "goals": data["goals"],
    }


@console_view(MANAGE)
def studio_apply_view(request: AuthedRequest) -> HttpResponse:
    campaigns = studio_campaigns_for_user(request.user)
    leaders = leaders_for_user(request.user)
    form = StudioApplyForm(
        posted_data(request),
        orgs=orgs_user_may_apply_for(request.user),
        campaigns=campaigns,
        leaders=leaders,
    )
    done = form_perform(
        request,
        form,
        lambda data: studio_apply(
            org=data["org"],
            leader=data["leader"],
            campaign=data["campaign"],
            actor=request.user,
            **_studio_fields(data),
        ),
        success=lambda studio: f"已申报“{studio.name}”，请在推荐页面补充材料并提交推荐",
        then=lambda studio: reverse("honours:studio_detail", args=[studio.pk]),
    )
    context = {
        "form": form,
        "studio": None,
        "no_campaign": not campaigns.exists(),
        "no_leader": not leaders.exists(),
    }
    return done or render(request, "honours/studio_form.html", context)


@console_view(VIEW)
def studio_detail(request: AuthedRequest, studio_id: int) -> HttpResponse:
    studio = studio_get_visible_or_404(request.user, studio_id)
    can_edit = can_manage_for(request.user, studio.org)
    can_run = _can_run(request.user, studio)
    live = studio.status in (StudioStatus.NAMED, StudioStatus.RECTIFYING)
    context = {
        "studio": studio,
        "nominations": studio_nominations(studio),
        "tranches": tranche_rows(studio),
        "funds_total": funds_total(studio),
        "outputs": studio_outputs(studio),
        "assessments": studio_assessments(studio),
        "timeline": studio_timeline(studio),
        "due_delist": is_due_delist(studio),
        "can_edit": can_edit and studio.status != StudioStatus.DELISTED,
        "can_report": can_edit and live,
        "can_pay": can_run and studio.status == StudioStatus.NAMED,
        "can_assess": can_run and live,
        "can_delist": can_run and studio.status == StudioStatus.RECTIFYING,
    }
    return render(request, "honours/studio_detail.html", context)


@console_view(VIEW)
def studio_edit(request: AuthedRequest, studio_id: int) -> HttpResponse:
    studio = studio_get_visible_or_404(request.user, studio_id, demand=MANAGE)
    initial = {
        "name": studio.name,
        "field": studio.field,
        "site": studio.site,
        "team": team_text(studio.team),
        "plan": studio.plan,
        "goals": studio.goals,
    }
    form = StudioForm(posted_data(request), initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: studio_update(studio=studio, actor=request.user, **_studio_fields(data)),
        success="工作室信息已保存",
        then=reverse("honours:studio_detail", args=[studio.pk]),
    )
    return done or render(request, "honours/studio_form.html", {"form": form, "studio": studio})


@console_view(VIEW)
def output_add(request: AuthedRequest, studio_id: int) -> HttpResponse:
    studio = studio_get_visible_or_404(request.user, studio_id, demand=MANAGE)
    year = timezone.localdate().year
    existing = studio_outputs(studio).filter(year=year).first()
    initial: dict[str, Any] = {"year": year}
    if existing is not None:
        initial.update(
            projects=existing.projects,
            patents=existing.patents,
            papers=existing.papers,
            benefit_yuan=existing.benefit_yuan,
            apprentices=existing.apprentices,
            summary=existing.summary,
        )
    form = OutputForm(posted_data(request), initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: output_record(studio=studio, actor=request.user, **data),
        success=lambda output: f"{output.year}年度成果已保存",
        then=reverse("honours:studio_detail", args=[studio.pk]),
    )
    context = {"form": form, "studio": studio, "title": "报送年度成果", "submit": "保存成果"}
    return done or render(request, "honours/studio_action.html", context)


@console_view(VIEW)
def tranche_pay_view(request: AuthedRequest, studio_id: int) -> HttpResponse:
    studio = studio_get_visible_or_404(request.user, studio_id)
    if not _can_run(request.user, studio):
        raise PermissionDenied("无权为该创新工作室拨付经费")
    year = timezone.localdate().year
    form = TrancheForm(
        posted_data(request),
        lines=budget_lines_for(request.user),
        initial={
            "year": year,
            "kind": TrancheKind.RECONFIRMED if has_tranches(studio) else TrancheKind.NEW,
        },
    )
    done = form_perform(
        request,
        form,
        lambda data: tranche_pay(studio=studio, actor=request.user, **data),
        success=lambda t: f"已拨付{t.get_kind_display()}{t.amount}元（{t.year}年），每笔经费只拨付一次",
        then=reverse("honours:studio_detail", args=[studio.pk]),
    )
    context = {
        "form": form,
        "studio": studio,
        "title": "拨付经费",
        "submit": "确认拨付",
        "confirm": f"确定从所选预算科目向“{studio.name}”拨付经费吗？拨付后记入资金台账。",
    }
    return done or render(request, "honours/studio_action.html", context)


@console_view(VIEW)
def assessment_create_view(request: AuthedRequest, studio_id: int) -> HttpResponse:
    studio = studio_get_visible_or_404(request.user, studio_id)
    if not _can_run(request.user, studio):
        raise PermissionDenied("无权考核该创新工作室")
    form = AssessmentForm(posted_data(request), templates=templates_for(request.user))
    done = form_perform(
        request,
        form,
        lambda data: assessment_create(studio=studio, actor=request.user, **data),
        success=lambda a: f"已建立{a.year}年度{a.get_kind_display()}",
        then=lambda a: reverse("honours:assessment_detail", args=[a.pk]),
    )
    context = {"form": form, "studio": studio, "title": "考核验收", "submit": "建立考核"}
    return done or render(request, "honours/studio_action.html", context)


@console_view(VIEW)
def assessment_detail(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_get_visible_or_404(request.user, assessment_id)
    studio = assessment.studio
    outputs = studio_outputs(studio).filter(year=assessment.year)
    context = {
        "assessment": assessment,
        "studio": studio,
        "output": outputs.first(),
        "score": assessment_score(assessment),
        "can_decide": not assessment.result and _can_run(request.user, studio),
    }
    return render(request, "honours/assessment_detail.html", context)


@console_view(VIEW)
def assessment_decide_view(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_get_visible_or_404(request.user, assessment_id)
    studio = assessment.studio
    if not _can_run(request.user, studio):
        raise PermissionDenied("无权考核该创新工作室")
    initial = {"result": AssessmentResult.PASS}
    form = DecideForm(posted_data(request), initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: assessment_decide(
            assessment=assessment,
            actor=request.user,
            result=data["result"],
            comments=data["comments"],
            rectify_by=data["rectify_by"],
            reason=data["reason"],
            score=data["score"],
        ),
        success=lambda a: f"考核结论已记录：{a.get_result_display()}",
        then=reverse("honours:studio_detail", args=[studio.pk]),
    )
    context = {
        "form": form,
        "studio": studio,
        "assessment": assessment,
        "title": f"{assessment.year}年度{assessment.get_kind_display()}结论",
        "submit": "记录结论",
        "confirm": "结论记录后不能修改；选择“摘牌”的，工作室将被摘牌。确定吗？",
    }
    return done or render(request, "honours/assessment_decide.html", context)


@console_view(VIEW)
def studio_delist_view(request: AuthedRequest, studio_id: int) -> HttpResponse:
    studio = studio_get_visible_or_404(request.user, studio_id)
    if not _can_run(request.user, studio):
        raise PermissionDenied("无权为该创新工作室摘牌")
    form = DelistForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: studio_delist(studio=studio, reason=data["reason"], actor=request.user),
        success=lambda s: f"“{s.name}”已摘牌",
        then=reverse("honours:studio_detail", args=[studio.pk]),
    )
    context = {
        "form": form,
        "studio": studio,
        "title": "摘牌",
        "submit": "摘牌",
        "danger": True,
        "confirm": f"摘牌后“{studio.name}”不再是命名工作室，且不能撤销。确定摘牌吗？",
    }
    return done or render(request, "honours/studio_action.html", context)

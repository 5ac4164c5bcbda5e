"""Console pages of part rounds: the rounds list (search, year and status filters, pagination), a new round, a
round's page (status, dates, the targets table with 自评状态, 自动得分, 自评总分, 考核总分, 最终得分, 等级, 排名 and
同类排名, filtered and paginated; the actions its state allows, each asked first; its timeline), the 考核人 picker,
and a target's page (its scores by dimension with values, links to the records, rule explanations, 自评 / 考核 /
final points, veto verdicts and gap flags; its 复核申请 with the form to file one during the window and, for the
running union, the form to answer). Reads go through the scoped selectors; every change needs evaluations.manage
(on the running union; a 复核申请 on the target union)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.scoping import has_action
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.htmx import htmx_partial
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for

from ..choices import RecheckStatus, RoundStatus
from ..forms.rounds import (
    ADJUST,
    AssessorsForm,
    RecheckDecideForm,
    RecheckForm,
    RoundFilterForm,
    RoundForm,
    TargetFilterForm,
)
from ..models import EvaluationRound, RoundTarget
from ..permissions import MANAGE, VIEW, can_manage_for
from ..selectors.rounds import (
    RoundFilters,
    TargetFilters,
    assessor_candidates,
    orgs_managed_by,
    recheck_for_user_or_404,
    round_assessors,
    round_counts,
    round_for_user_or_404,
    round_grades,
    round_peer_groups,
    round_rechecks_pending,
    round_targets,
    round_years_for_user,
    rounds_for_user,
    schemes_for_round_create,
    target_for_user_or_404,
    target_rechecks,
    target_score_choices,
    target_scores,
)
from ..services import rounds as services

STATUS_BADGES = {
    RoundStatus.DRAFT: "bg-secondary-lt",
    RoundStatus.SELF_ASSESSMENT: "bg-yellow-lt",
    RoundStatus.ASSESSMENT: "bg-orange-lt",
    RoundStatus.RECHECK: "bg-purple-lt",
    RoundStatus.FROZEN: "bg-green-lt",
}
RECHECK_BADGES = {
    RecheckStatus.PENDING: "bg-yellow-lt",
    RecheckStatus.KEPT: "bg-secondary-lt",
    RecheckStatus.ADJUSTED: "bg-green-lt",
}


@console_view(VIEW)
def round_list(request: AuthedRequest) -> HttpResponse:
    form = RoundFilterForm(request.GET, years=round_years_for_user(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    rounds = rounds_for_user(
        request.user,
        RoundFilters(
            query=(filters.get("q") or "").strip(),
            year=filters.get("year"),
            status=filters.get("status") or "",
        ),
    )
    context = {
        "form": form,
        "page": paginate(request, rounds),
        "querystring": query_without_page(request),
        "filtered": any(filters.values()),
        "badges": STATUS_BADGES,
        "can_create": orgs_managed_by(request.user).exists(),
    }
    if htmx_partial(request):
        return render(request, "evaluations/rounds/round_table.html", context)
    return render(request, "evaluations/rounds/round_list.html", context)


@console_view(MANAGE)
def round_create(request: AuthedRequest) -> HttpResponse:
    orgs = orgs_managed_by(request.user)
    form = RoundForm(
        posted_data(request),
        orgs=orgs,
        schemes=schemes_for_round_create(request.user),
        initial={"org": orgs.first()},
    )

    def perform(data: dict[str, Any]) -> EvaluationRound:
        return services.round_create(
            org=data["org"],
            scheme=data["scheme"],
            title=data["title"],
            level=data["level"],
            unit_category=data["unit_category"],
            industry=data["industry"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            self_ends_on=data["self_ends_on"],
            assessment_ends_on=data["assessment_ends_on"],
            recheck_days=data["recheck_days"],
            actor=request.user,
        )

    done = form_perform(
        request,
        form,
        perform,
        success=lambda r: f"考核已创建，共 {r.targets.count()} 个被考核单位",
        then=lambda r: r.get_absolute_url(),
    )
    status = 422 if request.method == "POST" else 200
    return done or render(request, "evaluations/rounds/round_create.html", {"form": form}, status=status)


@console_view(VIEW)
def round_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    round_ = round_for_user_or_404(request.user, public_id)
    form = TargetFilterForm(request.GET, grades=round_grades(round_), groups=round_peer_groups(round_))
    filters = form.cleaned_data if form.is_valid() else {}
    targets = round_targets(
        round_,
        TargetFilters(
            query=(filters.get("q") or "").strip(),
            self_status=filters.get("self_status") or "",
            grade=filters.get("grade") or "",
            peer_group=filters.get("peer_group") or "",
        ),
    )
    context = {
        "round": round_,
        "form": form,
        "page": paginate(request, targets),
        "querystring": query_without_page(request),
        "filtered": any(filters.values()),
        "badges": STATUS_BADGES,
        "can_run": can_manage_for(request.user, round_.org),
        "counts": round_counts(round_),
        "assessors": round_assessors(round_),
        "pending": round_rechecks_pending(round_)[:20],
        "timeline": timeline_for(round_),
    }
    if htmx_partial(request):
        return render(request, "evaluations/rounds/target_table.html", context)
    return render(request, "evaluations/rounds/round_detail.html", context)


@console_view(VIEW)
def round_assessors_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    round_ = round_for_user_or_404(request.user, public_id, demand=MANAGE)
    form = AssessorsForm(posted_data(request), users=assessor_candidates(round_))

    def perform(data: dict[str, Any]) -> Any:
        return services.round_assessors_add(round_=round_, users=list(data["users"]), actor=request.user)

    done = form_perform(request, form, perform, success="已添加考核人", then=round_.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    context = {"round": round_, "form": form, "assessors": round_assessors(round_)}
    return done or render(request, "evaluations/rounds/round_assessors.html", context, status=status)


def _round_button(
    request: AuthedRequest, public_id: str, step: Any, success: str, prefix: str
) -> HttpResponse:
    round_ = round_for_user_or_404(request.user, public_id, demand=MANAGE)
    return button_perform(
        request,
        lambda: step(round_=round_, actor=request.user),
        success=success,
        back=round_.get_absolute_url(),
        error_prefix=prefix,
    )


@require_POST
@console_view(VIEW)
def round_compute_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    return _round_button(request, public_id, services.round_recompute, "已重新取数计分", "不能重新计分：")


@require_POST
@console_view(VIEW)
def round_open_self_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    return _round_button(
        request, public_id, services.round_open_self, "已开始自评，已通知各被考核单位", "不能开始自评："
    )


@require_POST
@console_view(VIEW)
def round_open_assessment_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    return _round_button(
        request, public_id, services.round_open_assessment, "已开始考核，已通知考核人打分", "不能开始考核："
    )


@require_POST
@console_view(VIEW)
def round_open_recheck_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    return _round_button(
        request, public_id, services.round_open_recheck, "已开始复核，已通知各被考核单位", "不能开始复核："
    )


@require_POST
@console_view(VIEW)
def round_freeze_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    return _round_button(request, public_id, services.round_freeze, "考核已定档", "不能定档：")


@require_POST
@console_view(VIEW)
def round_publish_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    return _round_button(request, public_id, services.round_publish, "考核结果已公示", "不能公示：")


@require_POST
@console_view(VIEW)
def round_document_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    round_ = round_for_user_or_404(request.user, public_id, demand=MANAGE)
    return button_perform(
        request,
        lambda: services.round_results_document(round_=round_, actor=request.user),
        success="已生成结果通报公文草稿",
        back=round_.get_absolute_url(),
        then=lambda document: document.get_absolute_url(),
        error_prefix="不能起草结果公文：",
    )


def _may_contest(user: Any, target: RoundTarget) -> bool:
    return (
        target.round.status == RoundStatus.RECHECK
        and can_manage_for(user, target.org)
        and not can_manage_for(user, target.round.org)
    )


@console_view(VIEW)
def target_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    target = target_for_user_or_404(request.user, public_id)
    round_ = target.round
    can_decide = can_manage_for(request.user, round_.org) and not round_.is_frozen
    context = {
        "target": target,
        "round": round_,
        "blocks": target_scores(target),
        "rechecks": target_rechecks(target),
        "badges": STATUS_BADGES,
        "recheck_badges": RECHECK_BADGES,
        "can_contest": _may_contest(request.user, target),
        "can_decide": can_decide,
        # a target union below the round's union sees its own target, not the round: its way back is 本单位自评
        "sees_round": has_action(request.user, VIEW, round_.org),
        "recheck_form": RecheckForm(scores=target_score_choices(target)),
        "decide_form": RecheckDecideForm(scores=target_score_choices(target)),
        "timeline": timeline_for(target),
    }
    return render(request, "evaluations/rounds/target_detail.html", context)


@require_POST
@console_view(VIEW)
def recheck_submit_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    target = target_for_user_or_404(request.user, public_id, demand=MANAGE)
    form = RecheckForm(request.POST, scores=target_score_choices(target))
    return button_perform(
        request,
        lambda: services.recheck_submit(
            target=target,
            score=form.cleaned_data["score"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        ),
        form=form,
        success="复核申请已提交",
        back=target.get_absolute_url(),
        error_prefix="不能申请复核：",
    )


@require_POST
@console_view(VIEW)
def recheck_decide_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    recheck = recheck_for_user_or_404(request.user, public_id)
    target = recheck.target
    if not can_manage_for(request.user, target.round.org):
        raise PermissionDenied("只有组织考核的工会可以答复复核申请")
    form = RecheckDecideForm(request.POST, scores=target_score_choices(target))
    return button_perform(
        request,
        lambda: services.recheck_decide(
            recheck=recheck,
            adjust=form.cleaned_data["decision"] == ADJUST,
            points=form.cleaned_data["points"],
            score=form.cleaned_data["score"],
            reply=form.cleaned_data["reply"],
            actor=request.user,
        ),
        form=form,
        success="已答复复核申请",
        back=target.get_absolute_url(),
        error_prefix="不能答复：",
    )

"""Console views of 自评 and 考核评分. 本单位自评 lists the rounds where a union the user manages is a target; the 自评
page of a target shows its indicators by dimension (automatic ones read-only with the value the platform read,
manual ones with 自评分 / 自评说明 / evidence) — editable by the target union while the round is in 自评 and its 自评
is not submitted, read-only for the unions above it, where the round's union may 退回 a submitted 自评. An assessor
(a `reviews.Judge` of the round's review round) finds the targets to score on 待我考核评分 and scores one on its
考核 page beside the 自评; anyone else who sees the target is sent to its 自评 page, the rest get 404."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.attachments.models import Attachment
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.htmx import htmx_redirect
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for

from .. import rules
from ..choices import RoundStatus, SelfStatus
from ..forms.assessing import AssessFilterForm, AssessForm, ReturnForm, SelfAssessForm
from ..models import RoundTarget
from ..permissions import MANAGE, VIEW
from ..selectors.assessing import (
    assess_rows_for_user,
    assessor_sheet,
    manual_rows,
    review_entry_of,
    self_sheet,
    self_targets_for_user,
    target_for_assessor,
    target_rows,
    target_visible,
    target_visible_or_404,
)
from ..services import assessing as services
from ..services.assessing import (
    can_return_self,
    can_self_assess,
    gap_exceeded,
    gap_limit,
    self_editable,
)

SELF_BADGES = {
    SelfStatus.PENDING: "bg-secondary-lt",
    SelfStatus.SUBMITTED: "bg-green-lt",
    SelfStatus.RETURNED: "bg-orange-lt",
}
PER_PAGE = 25


def _self_url(target: RoundTarget) -> str:
    return reverse("evaluations:self_assess", args=[target.public_id])


@console_view(MANAGE)
def self_list(request: AuthedRequest) -> HttpResponse:
    """本单位自评: the rounds where a union the user manages is a target, with state, deadline and 自评 status."""
    query = request.GET.get("q", "").strip()
    page = paginate(request, self_targets_for_user(request.user, query=query), PER_PAGE)
    context = {
        "page": page,
        "query": query,
        "querystring": query_without_page(request),
        "badges": SELF_BADGES,
        "to_assess": len(assess_rows_for_user(request.user, pending_only=True)),
    }
    return render(request, "evaluations/assessing/self_list.html", context)


@console_view(VIEW)
def self_assess(request: AuthedRequest, public_id: str) -> HttpResponse:
    target = target_visible_or_404(request.user, public_id)
    round_ = target.round
    entry = review_entry_of(target)
    dimensions = target_rows(target, entry=entry)
    editable = can_self_assess(request.user, target) and self_editable(target)
    url = _self_url(target)
    if request.method == "POST" and not editable:
        messages.error(request, "当前不能修改自评（未在自评阶段、已提交或无权限）")
        return htmx_redirect(request, url)
    rows = [row for group in dimensions for row in group.rows]
    form = SelfAssessForm(
        posted_data(request), request.FILES if request.method == "POST" else None, rows=rows
    )
    submitting = request.POST.get("step") == "submit"
    saved_only: list[RoundTarget] = []

    def perform(_data: dict[str, Any]) -> RoundTarget:
        saved = services.self_assessment_save(
            target=target, actor=request.user, entries=form.entered(), uploads=form.uploads()
        )
        saved_only.append(saved)
        return services.self_assessment_submit(target=saved, actor=request.user) if submitting else saved

    done = form_perform(
        request,
        form,
        perform,
        success=lambda t: (
            f"自评已提交（{date_format(timezone.localtime(t.self_submitted_at), 'Y年n月j日 H:i')}），自评总分 {rules.show(t.self_total or Decimal(0))} 分，等待考核"
            if submitting
            else "自评已保存（未提交）"
        ),
        then=url,
    )
    if done:
        return done
    if saved_only:
        # the save went through and only 提交 was refused: show the files just uploaded (not the rows read before the
        # save, which made the cadre upload them again) and say that the entries are kept
        dimensions = target_rows(saved_only[0], entry=entry)
        messages.warning(request, "自评分、说明和佐证材料已保存，但尚未提交：请按下列提示补充后再提交")
    sheet = self_sheet(entry)
    context = {
        "target": target,
        "round": round_,
        "dimensions": dimensions,
        "form": form,
        "bound": form.by_indicator(),
        "editable": editable,
        "manual_count": len(manual_rows(dimensions)),
        "self_sheet": sheet,
        "can_return": (
            can_return_self(request.user, target)
            and round_.status == RoundStatus.SELF_ASSESSMENT
            and target.self_status == SelfStatus.SUBMITTED
        ),
        "return_form": ReturnForm(),
        "badges": SELF_BADGES,
        "timeline": timeline_for(target),
        "is_frozen": round_.status == RoundStatus.FROZEN,
    }
    return render(
        request, "evaluations/assessing/self_assess.html", context, status=422 if form.errors else 200
    )


def _editable_target(request: AuthedRequest, public_id: str) -> RoundTarget:
    target = target_visible_or_404(request.user, public_id)
    if not can_self_assess(request.user, target):
        raise Http404
    return target


@require_POST
@console_view(MANAGE)
def self_evidence_delete(request: AuthedRequest, public_id: str, attachment_id: str) -> HttpResponse:
    target = _editable_target(request, public_id)
    rows = [row for group in target_rows(target, entry=None) for row in group.rows]
    attachment: Attachment | None = next(
        (file for row in rows for file in row.evidence if str(file.public_id) == str(attachment_id)), None
    )
    if attachment is None:
        raise Http404
    return button_perform(
        request,
        lambda: services.self_evidence_delete(target=target, attachment=attachment, actor=request.user),
        success=f"已删除佐证材料「{attachment.original_name}」",
        back=_self_url(target),
    )


@require_POST
@console_view(MANAGE)
def self_return(request: AuthedRequest, public_id: str) -> HttpResponse:
    """退回自评 (the round's union), with a reason; posted from the 自评 page."""
    target = target_visible_or_404(request.user, public_id)
    if not can_return_self(request.user, target):
        raise Http404
    form = ReturnForm(request.POST)
    return button_perform(
        request,
        lambda: services.self_assessment_return(
            target=target, reason=form.cleaned_data["reason"], actor=request.user
        ),
        success=f"已退回{target.org.name}的自评",
        back=_self_url(target),
        form=form,
        error_prefix="退回失败：",
    )


# ---- 考核评分 ------------------------------------------------------------------------------------------------


@console_view()
def assess_list(request: AuthedRequest) -> HttpResponse:
    """待我考核评分: the targets the user scores as an assessor of a 量化评价 round, searchable, pending first."""
    filters = AssessFilterForm(request.GET or None)
    query, pending = "", False
    if filters.is_valid():
        query, pending = filters.cleaned_data["q"], filters.cleaned_data["pending"]
    rows = assess_rows_for_user(request.user, query=query, pending_only=pending)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "querystring": query_without_page(request),
        "badges": SELF_BADGES,
    }
    return render(request, "evaluations/assessing/assess_list.html", context)


@console_view()
def assess(request: AuthedRequest, public_id: str) -> HttpResponse:
    """The 考核 page of one target for one of its assessors: the 自评 beside each manual indicator, 考核分 entered,
    a gap beyond the round's share flagged and to be explained; 保存 and 提交."""
    found = target_for_assessor(request.user, public_id)
    if found is None:
        visible = target_visible(request.user, public_id)
        if visible is None:
            raise Http404
        messages.info(request, "您不是该单位的考核人，以下为其自评情况")
        return htmx_redirect(request, _self_url(visible))
    target, judge, entry = found
    sheet = assessor_sheet(judge, entry)
    dimensions = target_rows(target, entry=entry, own_sheet=sheet)
    editable = target.round.status == RoundStatus.ASSESSMENT and (sheet is None or sheet.is_editable)
    url = reverse("evaluations:assess", args=[target.public_id])
    if request.method == "POST" and not editable:
        messages.error(request, "考核评分已提交或不在考核阶段，不能再修改")
        return htmx_redirect(request, url)
    rows = [row for group in dimensions for row in group.rows]
    form = AssessForm(posted_data(request), rows=rows)
    submitting = request.POST.get("step") == "submit"

    def perform(_data: dict[str, Any]) -> Any:
        saved = services.assessment_save(target=target, actor=request.user, entries=form.entered())
        return services.assessment_submit(target=target, actor=request.user) if submitting else saved

    done = form_perform(
        request,
        form,
        perform,
        success="考核评分已提交" if submitting else "考核评分已保存（未提交）",
        then=reverse("evaluations:assess_list") if submitting else url,
    )
    if done:
        return done
    share = Decimal(target.round.review_round.gap_share) if target.round.review_round else Decimal(0)
    self_shown = target.self_status == SelfStatus.SUBMITTED
    gaps = {
        row.indicator.pk: (
            (
                self_shown
                and row.my_passed is not None
                and row.self_passed is not None
                and row.my_passed != row.self_passed
            )
            if row.indicator.is_veto
            else gap_exceeded(
                row.indicator,
                share,
                self_points=row.score.self_points if row.score and self_shown else None,
                points=row.mine.points if row.mine else None,
            )
        )
        for row in manual_rows(dimensions)
    }
    context = {
        "target": target,
        "round": target.round,
        "judge": judge,
        "sheet": sheet,
        "dimensions": dimensions,
        "form": form,
        "bound": form.by_indicator(),
        "editable": editable,
        "self_shown": self_shown,
        "gaps": gaps,
        "limits": {row.indicator.pk: gap_limit(row.indicator, share) for row in manual_rows(dimensions)},
        "share_percent": share * 100,
        "badges": SELF_BADGES,
    }
    return render(request, "evaluations/assessing/assess.html", context, status=422 if form.errors else 200)

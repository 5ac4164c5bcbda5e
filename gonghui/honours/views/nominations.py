"""Pages of 推荐: a campaign's nominations (the runner every one, a union its subtree's; filters, pagination, the
quota left for the user's unions, 推荐 while the campaign takes nominations, the audited xlsx export), the
nomination form (member search by name, phone or ID number within the nominating union's subtree, or a union for
a 集体 campaign), the edit form (事迹), and a nomination's page (facts, 事迹, materials with upload and removal,
status, return reason, timeline, and the actions of whoever may do them: 提交, 撤回, 退回, 县区审核)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.identity import mask_phone
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.htmx import htmx_partial
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for

from ..choices import NominationStatus, NomineeKind, Stage
from ..forms.nominations import (
    MaterialForm,
    MaterialRemoveForm,
    NominationEditForm,
    NominationFilterForm,
    NominationForm,
    ReasonForm,
    ReviewForm,
)
from ..models import HonourCampaign, Nomination
from ..permissions import VIEW, can_handle_nomination, can_run_campaign
from ..selectors.nominations import (
    CANDIDATES_SHOWN,
    WITHDRAWABLE,
    campaign_visible_or_404,
    format_moment,
    is_reviewer,
    materials_of,
    may_correct,
    may_return,
    nominating_open,
    nominating_orgs_in,
    nomination_attachment_or_404,
    nomination_for_user_or_404,
    nominations_of,
    nominee_candidates,
    nominee_org_candidates,
    orgs_user_may_nominate,
    quota_lines_for,
    reviewable_by,
    search_candidates,
    submit_blockers,
)
from ..selectors.records import honours_for_user
from ..services.nominations import (
    nomination_create,
    nomination_material_add,
    nomination_material_remove,
    nomination_return,
    nomination_review,
    nomination_submit,
    nomination_update,
    nomination_withdraw,
)
from ..services.nominations import nominations_export as export_nominations

STATUS_BADGES = {
    NominationStatus.DRAFT: "bg-secondary-lt",
    NominationStatus.SUBMITTED: "bg-blue-lt",
    NominationStatus.RETURNED: "bg-orange-lt",
    NominationStatus.PASSED: "bg-green-lt",
    NominationStatus.APPROVED: "bg-green-lt",
    NominationStatus.NAMED: "bg-green text-green-fg",
    NominationStatus.NOT_SELECTED: "bg-secondary-lt",
    NominationStatus.REJECTED: "bg-red-lt",
    NominationStatus.WITHDRAWN: "bg-secondary-lt",
}


def campaign_url(campaign: HonourCampaign) -> str:
    return campaign.get_absolute_url()


def _list_url(campaign: HonourCampaign) -> str:
    return reverse("honours:nominations", args=[campaign.pk])


def _detail_url(nomination: Nomination) -> str:
    return reverse("honours:nomination_detail", args=[nomination.pk])


@console_view(VIEW)
def nomination_list(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = campaign_visible_or_404(request.user, pk)
    form = NominationFilterForm(request.GET, orgs=nominating_orgs_in(campaign, request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    nominations = nominations_of(
        campaign,
        request.user,
        status=filters.get("status") or "",
        org_id=filters["org"].pk if filters.get("org") else None,
        query=filters.get("q") or "",
    )
    is_open = nominating_open(campaign)
    quota_lines = quota_lines_for(request.user, campaign)
    context = {
        "campaign": campaign,
        "campaign_url": campaign_url(campaign),
        "form": form,
        "page": paginate(request, nominations),
        "querystring": query_without_page(request),
        "filtered": any(filters.values()),
        "badges": STATUS_BADGES,
        "quota_lines": quota_lines,
        "quota_used_up": is_open and bool(quota_lines) and all(line.left <= 0 for line in quota_lines),
        "is_open": is_open,
        "can_nominate": is_open and orgs_user_may_nominate(request.user, campaign).exists(),
        "to_review": reviewable_by(request.user, campaign).count(),
        "deadline": format_moment(campaign.nomination_deadline),
    }
    if htmx_partial(request):
        return render(request, "honours/partials/nomination_table.html", context)
    return render(request, "honours/nomination_list.html", context)


def _candidate_rows(candidates: Any, query: str) -> tuple[list[dict[str, Any]], bool]:
    shown = list(search_candidates(candidates, query)[: CANDIDATES_SHOWN + 1])
    more = len(shown) > CANDIDATES_SHOWN
    rows = [
        {"member": m, "phone": mask_phone(m.phone), "id_number": m.id_number_masked}
        for m in shown[:CANDIDATES_SHOWN]
    ]
    return rows, more


@console_view(VIEW)
def nomination_create_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """推荐: for a union the user may nominate for (with a share of the quota when there is one); 403 to whoever has
    none."""
    campaign = campaign_visible_or_404(request.user, pk)
    orgs = orgs_user_may_nominate(request.user, campaign)
    if not orgs.exists() or campaign.nominee_kind == NomineeKind.STUDIO:
        # studios apply on the studios pages (the studios part makes their nominations)
        raise PermissionDenied
    if not nominating_open(campaign):
        return redirect(_list_url(campaign))
    candidates = nominee_candidates(request.user, campaign, orgs)
    nominee_orgs = nominee_org_candidates(request.user, orgs, campaign)
    searching = request.method == "POST" and "search" in request.POST
    source = request.POST if request.method == "POST" else request.GET
    query = source.get("q", "").strip()[:50]
    if searching:
        form = NominationForm(
            orgs=orgs,
            candidates=candidates,
            nominee_orgs=nominee_orgs,
            initial={
                "nominating_org": request.POST.get("nominating_org") or orgs.first(),
                "member": request.POST.get("member"),
                "nominee_org": request.POST.get("nominee_org"),
                "deeds": request.POST.get("deeds", ""),
            },
        )
        done = None
    else:
        form = NominationForm(
            posted_data(request),
            orgs=orgs,
            candidates=candidates,
            nominee_orgs=nominee_orgs,
            initial={"nominating_org": orgs.first()},
        )
        done = form_perform(
            request,
            form,
            lambda data: nomination_create(
                campaign=campaign,
                nominating_org=data["nominating_org"],
                member=data.get("member"),
                nominee_org=data.get("nominee_org"),
                deeds=data.get("deeds") or "",
                actor=request.user,
                context=AuditContext.of(request),
            ),
            success=lambda nomination: f"已填写推荐：{nomination.nominee_name}，请上传申报材料后提交",
            then=_detail_url,
        )
    if done:
        return done
    rows, more = _candidate_rows(candidates, query)
    picked = str(form["member"].value() or "")
    if picked.isdigit() and all(str(r["member"].pk) != picked for r in rows):
        kept = candidates.filter(pk=int(picked)).first()
        if kept is not None:
            rows.insert(
                0, {"member": kept, "phone": mask_phone(kept.phone), "id_number": kept.id_number_masked}
            )
    context = {
        "campaign": campaign,
        "campaign_url": campaign_url(campaign),
        "form": form,
        "is_person": campaign.nominee_kind == NomineeKind.PERSON,
        "candidates": rows,
        "more_candidates": more,
        "candidates_shown": CANDIDATES_SHOWN,
        "query": query,
        "picked": picked,
        "quota_lines": quota_lines_for(request.user, campaign),
        "deadline": format_moment(campaign.nomination_deadline),
    }
    return render(request, "honours/nomination_form.html", context)


def _actions(request: AuthedRequest, nomination: Nomination) -> dict[str, bool]:
    campaign = nomination.campaign
    handles = can_handle_nomination(request.user, nomination)
    correctable = handles and may_correct(nomination)
    reviewable = (
        Stage.COUNTY_REVIEW in campaign.stages
        and campaign.status == "running"
        and campaign.stage in (Stage.NOMINATE, Stage.COUNTY_REVIEW)
        and nomination.status == NominationStatus.SUBMITTED
        and is_reviewer(request.user, nomination)
    )
    returnable = (
        nomination.status in (NominationStatus.SUBMITTED, NominationStatus.PASSED)
        and campaign.status == "running"
        and campaign.stage in (Stage.NOMINATE, Stage.COUNTY_REVIEW)
        and may_return(request.user, nomination)
    )
    withdrawable = (
        nomination.status in WITHDRAWABLE
        and campaign.status == "running"
        and (handles or can_run_campaign(request.user, campaign))
    )
    return {
        "may_edit": correctable,
        "may_submit": correctable,
        "may_withdraw": withdrawable,
        "may_return": returnable,
        "may_review": reviewable,
    }


@console_view(VIEW)
def nomination_detail(request: AuthedRequest, nomination_id: int) -> HttpResponse:
    nomination = nomination_for_user_or_404(request.user, nomination_id)
    actions = _actions(request, nomination)
    context = {
        "nomination": nomination,
        "campaign": nomination.campaign,
        "campaign_url": campaign_url(nomination.campaign),
        "badges": STATUS_BADGES,
        "materials": [row for row in materials_of(nomination) if row.required or row.files],
        "material_form": MaterialForm(materials=[m for m in nomination.campaign.materials if str(m).strip()]),
        "blockers": submit_blockers(nomination) if actions["may_submit"] else [],
        "timeline": timeline_for(nomination),
        "honour": honours_for_user(request.user).filter(nomination=nomination).first(),
        **actions,
    }
    return render(request, "honours/nomination_detail.html", context)


def _handled_or_403(request: AuthedRequest, nomination_id: int) -> Nomination:
    nomination = nomination_for_user_or_404(request.user, nomination_id)
    if not can_handle_nomination(request.user, nomination):
        raise PermissionDenied
    return nomination


@console_view(VIEW)
def nomination_edit_view(request: AuthedRequest, nomination_id: int) -> HttpResponse:
    nomination = _handled_or_403(request, nomination_id)
    if not may_correct(nomination):
        return redirect(_detail_url(nomination))
    form = NominationEditForm(
        posted_data(request), initial={"deeds": nomination.deeds, "story": nomination.story}
    )
    done = form_perform(
        request,
        form,
        lambda data: nomination_update(
            nomination=nomination,
            deeds=data["deeds"],
            story=data["story"],
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success="已保存",
        then=_detail_url(nomination),
    )
    context = {
        "nomination": nomination,
        "campaign": nomination.campaign,
        "campaign_url": campaign_url(nomination.campaign),
        "form": form,
    }
    return done or render(request, "honours/nomination_edit.html", context)


@require_POST
@console_view(VIEW)
def nomination_submit_view(request: AuthedRequest, nomination_id: int) -> HttpResponse:
    nomination = _handled_or_403(request, nomination_id)
    return button_perform(
        request,
        lambda: nomination_submit(
            nomination=nomination, actor=request.user, context=AuditContext.of(request)
        ),
        success=f"已提交推荐：{nomination.nominee_name}",
        back=_detail_url(nomination),
    )


@require_POST
@console_view(VIEW)
def nomination_withdraw_view(request: AuthedRequest, nomination_id: int) -> HttpResponse:
    nomination = nomination_for_user_or_404(request.user, nomination_id)
    if not (
        can_handle_nomination(request.user, nomination) or can_run_campaign(request.user, nomination.campaign)
    ):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    return button_perform(
        request,
        lambda: nomination_withdraw(
            nomination=nomination,
            reason=form.cleaned_data["reason"],
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success="已撤回推荐，占用的名额已释放",
        back=_detail_url(nomination),
        form=form,
        error_prefix="撤回原因：",
    )


@require_POST
@console_view(VIEW)
def nomination_return_view(request: AuthedRequest, nomination_id: int) -> HttpResponse:
    nomination = nomination_for_user_or_404(request.user, nomination_id)
    if not may_return(request.user, nomination):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    return button_perform(
        request,
        lambda: nomination_return(
            nomination=nomination,
            reason=form.cleaned_data["reason"],
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success="已退回推荐单位修改",
        back=_detail_url(nomination),
        form=form,
        error_prefix="退回原因：",
    )


@require_POST
@console_view(VIEW)
def nomination_review_view(request: AuthedRequest, nomination_id: int) -> HttpResponse:
    nomination = nomination_for_user_or_404(request.user, nomination_id)
    if not is_reviewer(request.user, nomination):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    return button_perform(
        request,
        lambda: nomination_review(
            nomination=nomination,
            passed=form.cleaned_data["decision"] == "pass",
            reason=form.cleaned_data.get("reason") or "",
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success=lambda n: "审核通过" if n.status == NominationStatus.PASSED else "已审核：不通过",
        back=_detail_url(nomination),
        form=form,
    )


@require_POST
@console_view(VIEW)
def nomination_material_add_view(request: AuthedRequest, nomination_id: int) -> HttpResponse:
    nomination = _handled_or_403(request, nomination_id)
    form = MaterialForm(
        request.POST, request.FILES, materials=[m for m in nomination.campaign.materials if str(m).strip()]
    )
    return button_perform(
        request,
        lambda: nomination_material_add(
            nomination=nomination,
            material=form.cleaned_data["material"],
            upload=form.cleaned_data["file"],
            actor=request.user,
        ),
        success=lambda _a: f"已上传{form.cleaned_data['material']}",
        back=_detail_url(nomination),
        form=form,
    )


@require_POST
@console_view(VIEW)
def nomination_material_remove_view(request: AuthedRequest, nomination_id: int) -> HttpResponse:
    nomination = _handled_or_403(request, nomination_id)
    form = MaterialRemoveForm(request.POST)
    if not form.is_valid():
        return button_perform(request, lambda: None, success="", back=_detail_url(nomination), form=form)
    attachment = nomination_attachment_or_404(nomination, form.cleaned_data["attachment"])
    return button_perform(
        request,
        lambda: nomination_material_remove(nomination=nomination, attachment=attachment, actor=request.user),
        success="已删除材料",
        back=_detail_url(nomination),
    )


@sensitive_response
@require_POST
@console_view(VIEW)
def nominations_export(request: AuthedRequest, pk: int) -> HttpResponse:
    """推荐名单 (xlsx, audited, no-store): the nominations the user sees in the campaign."""
    campaign = campaign_visible_or_404(request.user, pk)
    content = export_nominations(
        campaign=campaign,
        nominations=nominations_of(campaign, request.user),
        actor=request.user,
        context=AuditContext.of(request),
    )
    return xlsx_response(content, f"{campaign.title}-推荐名单.xlsx")

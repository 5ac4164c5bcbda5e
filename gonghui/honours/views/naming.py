"""Pages of 评选表彰 — part `naming`, one per late stage of a campaign: 市级评审 (start it on the reviews block, judges
and scoring on the reviews pages, then the ranked list with export), 会议研究 (the meeting and its decision on every
nomination), 公示 (create it here; publish, objections and answers on the notices pages), 命名 (the honours, the
荣誉证书 issued on the certificates pages, the naming 决定 drafted as a 公文) and 奖励 (per honour its reward and
payment; the bank file and its answer on the ledger pages). Read by whoever sees the campaign; every button needs
the campaign's runner (`honours.manage` on its union, else 403)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.scoping import has_action
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.forms import button_perform, form_perform
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page
from gonghui.notices.choices import ObjectionStatus
from gonghui.notices.selectors import notice_objections

from ..choices import CampaignStatus, NominationStatus, Stage
from ..forms.naming import DEFAULT_WINDOW, CampaignNoticeForm, CityReviewStartForm, MeetingForm, NamingForm
from ..models import HonourCampaign
from ..permissions import VIEW, can_run_campaign
from ..selectors.naming import (
    CERTIFICATE_KIND,
    campaign_for_naming_or_404,
    campaign_honours,
    campaign_notices,
    decision_candidates,
    default_honour_level,
    issuer_ready,
    live_campaign_notice,
    meeting_outcome,
    named_nominations,
    naming_blockers,
    naming_candidates,
    naming_documents,
    naming_timeline,
    review_candidates,
    review_finalised,
    review_ranking,
    reward_level_names,
    reward_rows,
    templates_for,
)
from ..services.naming import (
    campaign_name,
    campaign_notice_create,
    city_review_export,
    city_review_finalise,
    city_review_start,
    meeting_record,
    naming_document_draft,
    rewards_pay,
)


def _url(name: str, campaign: HonourCampaign) -> str:
    return reverse(f"honours:{name}", args=[campaign.pk])


def _runner_only(request: AuthedRequest, pk: int) -> HonourCampaign:
    campaign = campaign_for_naming_or_404(request.user, pk)
    if not can_run_campaign(request.user, campaign):
        raise PermissionDenied
    return campaign


def _base(request: AuthedRequest, campaign: HonourCampaign, tab: str) -> dict[str, Any]:
    return {
        "campaign": campaign,
        "can_run": can_run_campaign(request.user, campaign),
        "tab": tab,
        "at_stage": campaign.status == CampaignStatus.RUNNING and campaign.stage == tab,
        "has_stage": tab in campaign.stages,
        "blockers": naming_blockers(campaign),
        "timeline": naming_timeline(campaign),
    }


# ---- 市级评审 ---------------------------------------------------------------------------------------------------


@console_view(VIEW)
def city_review(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = campaign_for_naming_or_404(request.user, pk)
    search = request.GET.get("q", "").strip()
    context = _base(request, campaign, Stage.CITY_REVIEW)
    review_round = campaign.review_round
    context |= {
        "review_round": review_round,
        "sees_round": review_round is not None and has_action(request.user, "reviews.view", campaign.org),
        "candidate_count": review_candidates(campaign).count() if review_round is None else 0,
        "finalised": review_finalised(campaign),
        "search": search,
        "page": paginate(request, review_ranking(campaign, search=search)),
        "query": query_without_page(request),
        "start_form": CityReviewStartForm(templates=templates_for(request.user)),
    }
    return render(request, "honours/naming_city_review.html", context)


@require_POST
@console_view(VIEW)
def city_review_start_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """开始市级评审 (the round is opened on the reviews pages, where the judges are added)."""
    campaign = _runner_only(request, pk)
    form = CityReviewStartForm(request.POST, templates=templates_for(request.user))
    return button_perform(
        request,
        lambda: city_review_start(
            campaign=campaign,
            template=form.cleaned_data["template"],
            blind_mode=form.cleaned_data["blind_mode"],
            actor=request.user,
        ),
        success="已开始市级评审，请在评审管理中添加评委并开始评分",
        back=_url("city_review", campaign),
        then=lambda review_round: reverse("reviews:round_detail", args=[review_round.pk]),
        form=form,
    )


@require_POST
@console_view(VIEW)
def city_review_finalise_view(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = _runner_only(request, pk)
    return button_perform(
        request,
        lambda: city_review_finalise(campaign=campaign, actor=request.user),
        success=lambda ranked: f"已确定市级评审结果，{sum(1 for n in ranked if n.rank)} 名评出名次",
        back=_url("city_review", campaign),
    )


@sensitive_response
@require_POST
@console_view(VIEW)
def city_review_export_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """市级评审结果 (xlsx, audited, no-store) for whoever sees the campaign."""
    campaign = campaign_for_naming_or_404(request.user, pk)
    content = city_review_export(campaign=campaign, actor=request.user, context=AuditContext.of(request))
    return xlsx_response(content, f"{campaign.title}-市级评审结果.xlsx")


# ---- 会议研究 ---------------------------------------------------------------------------------------------------


@console_view(VIEW)
def meeting(request: AuthedRequest, pk: int) -> HttpResponse:
    """The meeting's page: read by whoever sees the campaign; 记录 (POST) by the runner only."""
    campaign = campaign_for_naming_or_404(request.user, pk)
    if request.method == "POST" and not can_run_campaign(request.user, campaign):
        raise PermissionDenied
    nominations = list(decision_candidates(campaign))
    form = MeetingForm(
        request.POST or None,
        request.FILES or None,
        nominations=nominations,
        levels=reward_level_names(campaign),
        default_level=default_honour_level(campaign),
        initial={
            "held_on": campaign.meeting_held_on,
            "name": campaign.meeting_name,
            "minutes": campaign.meeting_minutes,
        },
    )
    done = form_perform(
        request,
        form,
        lambda data: meeting_record(
            campaign=campaign,
            held_on=data["held_on"],
            name=data["name"],
            minutes=data["minutes"],
            decisions=form.decisions(),
            minutes_file=data.get("minutes_file"),
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success=lambda outcome: "；".join(
            [
                f"已记录会议研究结果：通过 {outcome.approved} 名，未入选 {outcome.declined} 名",
                *outcome.warnings,
            ]
        ),
        then=_url("meeting", campaign),
    )
    if done is not None:
        return done
    decided = list(meeting_outcome(campaign))
    context = _base(request, campaign, Stage.MEETING) | {
        "form": form,
        "nominations": decided,
        "approved": [n for n in decided if n.status in (NominationStatus.APPROVED, NominationStatus.NAMED)],
    }
    return render(request, "honours/naming_meeting.html", context, status=400 if form.errors else 200)


# ---- 公示 -------------------------------------------------------------------------------------------------------


@console_view(VIEW)
def publication(request: AuthedRequest, pk: int) -> HttpResponse:
    """The 公示 page; 生成公示 (POST) by the runner only, then published on the notices pages."""
    campaign = campaign_for_naming_or_404(request.user, pk)
    if request.method == "POST":
        campaign = _runner_only(request, pk)
        form = CampaignNoticeForm(request.POST)
        return button_perform(
            request,
            lambda: campaign_notice_create(
                campaign=campaign,
                actor=request.user,
                window_length=form.cleaned_data.get("window_length"),
                context=AuditContext.of(request),
            ),
            success="已生成公示草稿，请核对后发布",
            back=_url("publication", campaign),
            then=lambda notice: reverse("notices:detail", args=[notice.public_id]),
            form=form,
        )
    notices = list(campaign_notices(campaign)[:10])
    live_notice = live_campaign_notice(campaign)
    context = _base(request, campaign, Stage.NOTICE) | {
        "notices": notices,
        "live_notice": live_notice,
        "open_objections": notice_objections(live_notice).filter(status=ObjectionStatus.OPEN).count()
        if live_notice is not None
        else 0,
        "sees_notices": has_action(request.user, "notices.view", campaign.org),
        "candidates": list(
            named_nominations(campaign)
            if campaign.status == CampaignStatus.NAMED
            else naming_candidates(campaign)
        ),
        "notice_form": CampaignNoticeForm(initial={"window_length": DEFAULT_WINDOW}),
    }
    return render(request, "honours/naming_publication.html", context)


# ---- 命名 -------------------------------------------------------------------------------------------------------


@console_view(VIEW)
def naming(request: AuthedRequest, pk: int) -> HttpResponse:
    """The 命名 page: the nominations to name, then the honours, their certificates and the 决定 公文; 命名 (POST)
    by the runner only."""
    campaign = campaign_for_naming_or_404(request.user, pk)
    if request.method == "POST":
        campaign = _runner_only(request, pk)
        form = NamingForm(request.POST)
        return button_perform(
            request,
            lambda: campaign_name(
                campaign=campaign,
                actor=request.user,
                named_on=form.cleaned_data["named_on"],
                context=AuditContext.of(request),
            ),
            success=lambda honours: f"已命名 {len(honours)} 名（个），荣誉已记入荣誉档案",
            back=_url("naming", campaign),
            form=form,
        )
    can_run = can_run_campaign(request.user, campaign)
    named = campaign.status == CampaignStatus.NAMED
    context = _base(request, campaign, Stage.NAME) | {
        "named": named,
        "candidates": [] if named else list(naming_candidates(campaign)),
        "honours": list(campaign_honours(campaign)) if named else [],
        "form": NamingForm(),
        "batch_url": reverse("certificates:batch_issue", args=[CERTIFICATE_KIND, campaign.pk])
        if can_run and named
        else "",
        "documents": list(naming_documents(request.user, campaign)[:20]),
        "can_draft": can_run and has_action(request.user, "documents.manage", campaign.org),
        "issuer_ready": issuer_ready(campaign),
    }
    return render(request, "honours/naming_naming.html", context)


@require_POST
@console_view(VIEW)
def naming_document(request: AuthedRequest, pk: int) -> HttpResponse:
    """生成命名决定: 关于命名表彰……的决定, drafted from the campaign, opened in 公文 for review and issue."""
    campaign = _runner_only(request, pk)
    if not has_action(request.user, "documents.manage", campaign.org):
        raise PermissionDenied
    return button_perform(
        request,
        lambda: naming_document_draft(campaign=campaign, actor=request.user),
        success=lambda document: f"已生成公文草稿《{document.title}》，请核对后送核稿",
        back=_url("naming", campaign),
        then=lambda document: document.get_absolute_url(),
    )


# ---- 奖励 -------------------------------------------------------------------------------------------------------


@console_view(VIEW)
def rewards(request: AuthedRequest, pk: int) -> HttpResponse:
    """Per honour its reward and payment; 发放奖励 (POST) by the runner only; the bank file and its answer on the
    ledger pages."""
    campaign = campaign_for_naming_or_404(request.user, pk)
    if request.method == "POST":
        campaign = _runner_only(request, pk)
        return button_perform(
            request,
            lambda: rewards_pay(campaign=campaign, actor=request.user, context=AuditContext.of(request)),
            success=lambda outcome: (
                f"已发放奖励 {outcome.paid} 笔，共 {outcome.total} 元"
                + (f"（{outcome.already} 笔此前已发放，未重复支付）" if outcome.already else "")
            ),
            back=_url("rewards", campaign),
        )
    rows = reward_rows(campaign)
    line = campaign.budget_line
    context = _base(request, campaign, "reward") | {
        "rows": rows,
        "total": sum((row.amount for row in rows if row.amount), start=0),
        "unpaid": sum(1 for row in rows if row.status == "unpaid"),
        "budget_line": line,
        "sees_ledger": line is not None and has_action(request.user, "ledger.view", campaign.org),
        "manages_ledger": line is not None and has_action(request.user, "ledger.manage", campaign.org),
        "named": campaign.status == CampaignStatus.NAMED,
    }
    return render(request, "honours/naming_rewards.html", context)

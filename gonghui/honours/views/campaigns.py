"""Console pages of the campaign's runner: the campaigns a user sees (search, year, category and status filters,
pagination; the campaigns above open for the user's unions to nominate to, with 去推荐), create and edit a
campaign, and its page — the campaign's hub: facts, stage progress, what keeps it from moving on and 进入下一阶段,
nominations per status, links to each part's pages (推荐, 市级评审, 会议研究, 公示, 命名, 奖励), the nomination quota
(名额分配 on the quotas pages) and the timeline. Reads go through the scoped selectors (`honours.view`); every change
needs `honours.manage` on the campaign's union (else 403)."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.workspace import current_org
from gonghui.core.audit import AuditContext
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.htmx import htmx_partial
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for
from gonghui.ledger.models import BudgetLine
from gonghui.quotas.permissions import can_allocate
from gonghui.quotas.selectors import (
    allocation_of,
    allocation_remaining,
    allocation_sub_allocated,
    allocation_used,
    set_summary,
)

from ..choices import CampaignStatus, Stage
from ..forms.campaigns import AdvanceForm, CampaignFilterForm, CampaignForm, CancelForm
from ..models import HonourCampaign
from ..permissions import MANAGE, VIEW, can_run_campaign
from ..selectors.campaigns import (
    CampaignFilters,
    budget_line_choices,
    budget_lines_by_pk,
    campaign_counts,
    campaign_for_user_or_404,
    campaign_years_for_user,
    campaigns_for_user,
    campaigns_open_to_nominate,
    hub_facts,
    orgs_managed_by,
    stage_blockers,
    stage_progress,
)
from ..selectors.nominations import reviewable_by
from ..services.campaigns import (
    campaign_advance,
    campaign_cancel,
    campaign_create,
    campaign_start,
    campaign_update,
    next_stage,
)

STATUS_BADGES = {
    CampaignStatus.DRAFT: "bg-secondary-lt",
    CampaignStatus.RUNNING: "bg-green-lt",
    CampaignStatus.NAMED: "bg-blue-lt",
    CampaignStatus.CANCELLED: "bg-red-lt",
}
STEP_BADGES = {"done": "bg-green-lt", "current": "bg-primary text-primary-fg", "todo": "bg-secondary-lt"}

# each part's page of a campaign, by the agreed URL names: (name, label, shown from this stage on)
PART_LINKS: tuple[tuple[str, str, str], ...] = (
    ("honours:nominations", "推荐名单", Stage.NOMINATE),
    ("honours:city_review", "市级评审", Stage.CITY_REVIEW),
    ("honours:meeting", "会议研究", Stage.MEETING),
    ("honours:publication", "公示", Stage.NOTICE),
    ("honours:naming", "命名", Stage.NAME),
    ("honours:rewards", "奖励发放", Stage.NAME),
)


def _detail_url(campaign: HonourCampaign) -> str:
    return reverse("honours:detail", args=[campaign.pk])


@console_view(VIEW)
def campaign_list(request: AuthedRequest) -> HttpResponse:
    form = CampaignFilterForm(request.GET, years=campaign_years_for_user(request.user))
    data = form.cleaned_data if form.is_valid() else {}
    filters = CampaignFilters(
        query=(data.get("q") or "").strip(),
        year=data.get("year"),
        category=data.get("category") or "",
        status=data.get("status") or "",
    )
    open_campaigns = [
        (campaign, reverse("honours:nominations", args=[campaign.pk]))
        for campaign in campaigns_open_to_nominate(request.user)
    ]
    context = {
        "form": form,
        "page": paginate(request, campaigns_for_user(request.user, filters)),
        "querystring": query_without_page(request),
        "filtered": any(data.values()),
        "badges": STATUS_BADGES,
        "can_create": orgs_managed_by(request.user).exists(),
        "open_campaigns": open_campaigns,
    }
    if htmx_partial(request):
        return render(request, "honours/partials/campaign_table.html", context)
    return render(request, "honours/campaign_list.html", context)


def _budget_line(form: CampaignForm) -> BudgetLine | None:
    pk = form.cleaned_data.get("budget_line")
    return budget_lines_by_pk([pk]).first() if pk else None


def _fields(form: CampaignForm, campaign: HonourCampaign | None = None) -> dict[str, Any]:
    """The service's keyword arguments from the form; on a running campaign's page (title and criteria only) the
    stored values of the rest."""
    data = form.cleaned_data
    if campaign is not None and "year" not in form.fields:
        quota_set = campaign.quota_set
        return {
            "title": data["title"],
            "criteria": data["criteria"],
            "year": campaign.year,
            "category": campaign.category,
            "nominee_kind": campaign.nominee_kind,
            "nomination_deadline": campaign.nomination_deadline,
            "materials": campaign.materials,
            "optional_stages": campaign.stages,
            "wants_stories": campaign.wants_stories,
            "reward_levels": campaign.reward_levels,
            "budget_line": campaign.budget_line,
            "quota_total": quota_set.total if quota_set else None,
            "quota_issuer": quota_set.issuer if quota_set else "",
            "quota_reference": quota_set.received_reference if quota_set else "",
        }
    return {
        "title": data["title"],
        "criteria": data["criteria"],
        "year": data["year"],
        "category": data["category"],
        "nominee_kind": data["nominee_kind"],
        "nomination_deadline": data["nomination_deadline"],
        "materials": form.material_names(),
        "optional_stages": data["stages"],
        "wants_stories": form.stories(),
        "reward_levels": data["reward_levels"],
        "budget_line": _budget_line(form),
        "quota_total": data["quota_total"],
        "quota_issuer": data["quota_issuer"],
        "quota_reference": data["quota_reference"],
    }


@console_view(MANAGE)
def campaign_create_view(request: AuthedRequest) -> HttpResponse:
    orgs = orgs_managed_by(request.user)
    form = CampaignForm(
        posted_data(request),
        orgs=orgs,
        budget_lines=budget_line_choices(request.user, orgs),
        initial={**CampaignForm.initial_new(), "org": orgs.first()},
    )
    done = form_perform(
        request,
        form,
        lambda data: campaign_create(org=data["org"], actor=request.user, **_fields(form)),
        success="评选已创建，请分配推荐名额后开始推荐",
        then=_detail_url,
    )
    status = 422 if request.method == "POST" else 200
    return done or render(
        request, "honours/campaign_form.html", {"form": form, "campaign": None}, status=status
    )


@console_view(VIEW)
def campaign_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = campaign_for_user_or_404(request.user, pk, demand=MANAGE)
    if campaign.status in (CampaignStatus.NAMED, CampaignStatus.CANCELLED):
        messages.info(request, f"评选{campaign.get_status_display()}，不能再修改")
        return redirect(_detail_url(campaign))
    running = campaign.status == CampaignStatus.RUNNING
    form = CampaignForm(
        posted_data(request),
        editing=True,
        running=running,
        budget_lines=budget_line_choices(
            request.user, orgs_managed_by(request.user).filter(pk=campaign.org_id)
        ),
        initial=CampaignForm.initial_for(campaign),
    )
    done = form_perform(
        request,
        form,
        lambda data: campaign_update(
            campaign=campaign, actor=request.user, context=AuditContext.of(request), **_fields(form, campaign)
        ),
        success="已保存",
        then=_detail_url(campaign),
    )
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "campaign": campaign, "running": running}
    return done or render(request, "honours/campaign_form.html", context, status=status)


def _part_links(campaign: HonourCampaign) -> list[tuple[str, str]]:
    """(label, url) of each part's page the campaign has reached (its configured stages only), skipping the
    names not registered yet."""
    if campaign.status == CampaignStatus.DRAFT:
        return []
    stages = list(campaign.stages or [])
    reached = stages.index(campaign.stage) if campaign.stage in stages else len(stages)
    if campaign.status != CampaignStatus.RUNNING:
        reached = len(stages)
    links = []
    for name, label, stage in PART_LINKS:
        if stage not in stages or stages.index(stage) > reached:
            continue
        links.append((label, reverse(name, args=[campaign.pk])))
    return links


def _stage_urls(campaign: HonourCampaign) -> dict[str, str]:
    """The page of each stage the campaign has reached (县区审核 is done on the 推荐名单), for the progress chips."""
    urls: dict[str, str] = dict.fromkeys(Stage.values, "")
    labels = dict(_part_links(campaign))
    for _name, label, stage in PART_LINKS:
        if label in labels and not urls[str(stage)]:
            urls[str(stage)] = labels[label]
    if urls[str(Stage.NOMINATE)]:
        urls[str(Stage.COUNTY_REVIEW)] = urls[str(Stage.NOMINATE)]
    return urls


@console_view(VIEW)
def campaign_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = campaign_for_user_or_404(request.user, pk)
    runner = can_run_campaign(request.user, campaign)
    running = campaign.status == CampaignStatus.RUNNING
    following = next_stage(campaign) if running else None
    quota_set = campaign.quota_set
    context = {
        "campaign": campaign,
        "can_run": runner,
        "can_edit": runner and campaign.status in (CampaignStatus.DRAFT, CampaignStatus.RUNNING),
        "is_draft": campaign.status == CampaignStatus.DRAFT,
        "is_running": running,
        "facts": hub_facts(campaign),
        "steps": stage_progress(campaign),
        "step_badges": STEP_BADGES,
        "next_stage": Stage(following).label if following else "",
        "blockers": stage_blockers(campaign) if running and runner else [],
        "at_nominate": running and campaign.stage == Stage.NOMINATE,
        "advance_form": AdvanceForm(),
        "cancel_form": CancelForm(),
        "counts": campaign_counts(campaign),
        "part_links": _part_links(campaign),
        "stage_urls": _stage_urls(campaign),
        "nominate_url": reverse("honours:nomination_create", args=[campaign.pk])
        if campaigns_open_to_nominate(request.user).filter(pk=campaign.pk).exists()
        else "",
        "quota": set_summary(quota_set) if quota_set is not None else None,
        "quota_url": reverse("quotas:set_detail", args=[quota_set.public_id])
        if quota_set is not None and runner
        else "",
        "own_quota": _own_quota(request, campaign) if not runner else None,
        "to_review": reviewable_by(request.user, campaign).count() if running else 0,
        "timeline": timeline_for(campaign),
        "state_labels": {**dict(Stage.choices), **dict(CampaignStatus.choices)},
        "badges": STATUS_BADGES,
    }
    return render(request, "honours/campaign_detail.html", context)


def _own_quota(request: AuthedRequest, campaign: HonourCampaign) -> dict[str, Any] | None:
    """The places the union the cadre works in (当前组织) received in the campaign's quota: given, handed down,
    used, left, and the quotas page where it hands places down to its own unions."""
    org = current_org(request)
    if campaign.quota_set is None or org is None:
        return None
    allocation = allocation_of(campaign.quota_set, org)
    if allocation is None:
        return None
    return {
        "org": org,
        "allocated": allocation.allocated,
        "handed_down": allocation_sub_allocated(allocation),
        "used": allocation_used(allocation),
        "left": allocation_remaining(allocation),
        "url": reverse("quotas:allocation_detail", args=[allocation.pk]),
        "may_hand_down": can_allocate(request.user, campaign.quota_set, allocation),
    }


@require_POST
@console_view(VIEW)
def campaign_start_view(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = campaign_for_user_or_404(request.user, pk, demand=MANAGE)
    return button_perform(
        request,
        lambda: campaign_start(campaign=campaign, actor=request.user),
        success="评选已开始，下级工会可以推荐",
        back=_detail_url(campaign),
        error_prefix="不能开始：",
    )


@require_POST
@console_view(VIEW)
def campaign_advance_view(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = campaign_for_user_or_404(request.user, pk, demand=MANAGE)
    form = AdvanceForm(request.POST)
    return button_perform(
        request,
        lambda: campaign_advance(
            campaign=campaign,
            actor=request.user,
            close_early=bool(form.cleaned_data.get("close_early")),
            context=AuditContext.of(request),
        ),
        success=lambda done: f"评选已进入“{done.get_stage_display()}”阶段",
        back=_detail_url(campaign),
        form=form,
        error_prefix="不能进入下一阶段：",
    )


@require_POST
@console_view(VIEW)
def campaign_cancel_view(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = campaign_for_user_or_404(request.user, pk, demand=MANAGE)
    form = CancelForm(request.POST)
    return button_perform(
        request,
        lambda: campaign_cancel(
            campaign=campaign,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            context=AuditContext.of(request),
        ),
        success="评选已撤销",
        back=_detail_url(campaign),
        form=form,
        error_prefix="不能撤销：",
    )

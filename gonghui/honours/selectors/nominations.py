"""Reads of 推荐: a campaign's nominations as the user may see them (the runner every one, a union its subtree's),
filters, the quota line of the user's unions, what a 县区 union reviews, the unions and members a cadre may put
forward, a nomination's materials, and the nominations going on to the 市级评审 (`nominations_forward`)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Visitor
from gonghui.accounts.choices import IdType
from gonghui.accounts.identity import identifier_hash, normalize_identifier
from gonghui.accounts.models import User
from gonghui.accounts.scoping import action_paths, has_action
from gonghui.attachments.models import Attachment
from gonghui.attachments.selectors import attachments_of
from gonghui.core.registry import roles
from gonghui.members.choices import HOLDING_STATUSES
from gonghui.members.models import Member
from gonghui.orgs.models import Org
from gonghui.quotas.models import QuotaAllocation
from gonghui.quotas.selectors import (
    allocation_remaining,
    allocation_sub_allocated,
    allocation_used,
    quota_tree,
)

from ..choices import LIVE_NOMINATION_STATUSES, CampaignStatus, NominationStatus, Stage
from ..models import HonourCampaign, Nomination
from ..permissions import MANAGE, VIEW, can_run_campaign

CANDIDATES_SHOWN = 50
MATERIAL_SEP = "】"
EDITABLE = (NominationStatus.DRAFT, NominationStatus.RETURNED)
CORRECTION_STAGES = (Stage.NOMINATE, Stage.COUNTY_REVIEW)
REVIEW_STAGES = (Stage.NOMINATE, Stage.COUNTY_REVIEW)
WITHDRAWABLE = (
    NominationStatus.DRAFT,
    NominationStatus.SUBMITTED,
    NominationStatus.RETURNED,
    NominationStatus.PASSED,
    NominationStatus.APPROVED,
)


def format_moment(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def nominating_open(campaign: HonourCampaign) -> bool:
    """The campaign takes new nominations now: running, at 基层推荐, before the deadline."""
    return (
        campaign.status == CampaignStatus.RUNNING
        and campaign.stage == Stage.NOMINATE
        and timezone.now() < campaign.nomination_deadline
    )


def may_correct(nomination: Nomination) -> bool:
    """The nomination may be edited (and submitted) now by its union (the services check it again)."""
    campaign = nomination.campaign
    if nomination.status == NominationStatus.DRAFT:
        return nominating_open(campaign)
    if nomination.status == NominationStatus.RETURNED:
        return campaign.status == CampaignStatus.RUNNING and campaign.stage in CORRECTION_STAGES
    return False


def is_reviewer(user: Any, nomination: Nomination) -> bool:
    """县区审核 rights: honours.manage on a union strictly above the nominating union and at or below the
    campaign's union (for a direct child of the campaign's union, the runner)."""
    own = nomination.nominating_org.path
    top = nomination.campaign.org.path
    return any(
        own.startswith(path) and path != own and path.startswith(top) for path in action_paths(user, MANAGE)
    )


def may_return(user: Any, nomination: Nomination) -> bool:
    return can_run_campaign(user, nomination.campaign) or is_reviewer(user, nomination)


def submit_blockers(nomination: Nomination) -> list[str]:
    """What still keeps the nomination from being submitted, in Chinese (empty: it may go)."""
    present = {material_of(a)[0] for a in attachments_of(nomination)}
    missing = [name for name in material_names(nomination.campaign) if name not in present]
    blockers = [_("请上传%(name)s") % {"name": name} for name in missing]
    if not nomination.deeds.strip():
        blockers.append(_("请填写主要事迹"))
    if nomination.campaign.wants_stories and not nomination.story.strip():
        blockers.append(_("请填写先进事迹（宣传稿）"))
    return blockers


def material_of(attachment: Attachment) -> tuple[str, str]:
    """(material name, file name) of a nomination's attachment: 「【事迹材料】事迹.docx」 → ("事迹材料", "事迹.docx")."""
    name = attachment.original_name
    if name.startswith("【") and MATERIAL_SEP in name:
        material, _sep, rest = name[1:].partition(MATERIAL_SEP)
        return material, rest
    return "", name


def material_names(campaign: HonourCampaign) -> list[str]:
    return [str(m).strip() for m in campaign.materials if str(m).strip()]


def campaign_visible_or_404(user: Visitor, pk: int) -> HonourCampaign:
    """A campaign the user may see (its own union's, or one above it once started)."""
    try:
        return HonourCampaign.objects.visible_to(user, VIEW).select_related("org", "quota_set").get(pk=pk)
    except HonourCampaign.DoesNotExist:
        raise Http404 from None


def sees_every_nomination(user: Visitor, campaign: HonourCampaign) -> bool:
    return has_action(user, VIEW, campaign.org)


def nominations_of(
    campaign: HonourCampaign,
    user: Visitor,
    *,
    status: str = "",
    org_id: int | None = None,
    query: str = "",
) -> QuerySet[Nomination]:
    """The campaign's nominations the user may see — the runner's union every one, a union those of its subtree —
    filtered by status, nominating union (and its subtree) and a name (nominee or unit)."""
    nominations = Nomination.objects.visible_to(user, VIEW).filter(campaign=campaign)
    if status:
        nominations = nominations.filter(status=status)
    if org_id:
        path = Org.objects.filter(pk=org_id).values_list("path", flat=True).first()
        nominations = (
            nominations.filter(nominating_org__path__startswith=path) if path else nominations.none()
        )
    query = query.strip()
    if query:
        nominations = nominations.filter(Q(nominee_name__icontains=query) | Q(nominee_unit__icontains=query))
    return nominations.select_related("nominating_org", "member", "nominee_org", "studio").order_by(
        "nominating_org__path", "pk"
    )


def nominating_orgs_in(campaign: HonourCampaign, user: Visitor) -> QuerySet[Org]:
    """The unions with a nomination in the campaign the user may see (the 推荐单位 filter)."""
    return Org.objects.filter(pk__in=nominations_of(campaign, user).values("nominating_org_id")).order_by(
        "path"
    )


def nomination_for_user_or_404(user: Visitor, nomination_id: int) -> Nomination:
    try:
        return (
            Nomination.objects.visible_to(user, VIEW)
            .select_related(
                "campaign",
                "campaign__org",
                "campaign__quota_set",
                "nominating_org",
                "member",
                "nominee_org",
                "studio",
                "created_by",
            )
            .get(pk=nomination_id)
        )
    except Nomination.DoesNotExist:
        raise Http404 from None


def user_sees_nomination(user: Visitor, nomination: Nomination) -> bool:
    """The attachment access check: who sees the nomination opens its materials."""
    return Nomination.objects.visible_to(user, VIEW).filter(pk=nomination.pk).exists()


def orgs_user_may_nominate(user: Visitor, campaign: HonourCampaign) -> QuerySet[Org]:
    """Active unions at or below the campaign's union the user holds honours.manage on — with a quota set, only
    those holding a share of it."""
    orgs = Org.objects.visible_to(user, MANAGE).filter(path__startswith=campaign.org.path, status="active")
    if campaign.quota_set_id is not None:
        holders = QuotaAllocation.objects.filter(quota_set_id=campaign.quota_set_id).values("org_id")
        orgs = orgs.filter(pk__in=holders)
    return orgs.order_by("path")


@dataclass(frozen=True)
class QuotaStatus:
    org: Org
    allocated: int
    handed_down: int
    used: int
    left: int


def quota_status(campaign: HonourCampaign, org: Org) -> QuotaStatus | None:
    """The union's share of the campaign's quota (allocated, handed down, used by its own nominations, left);
    None without a quota set or a share."""
    if campaign.quota_set_id is None:
        return None
    allocation = QuotaAllocation.objects.filter(quota_set_id=campaign.quota_set_id, org=org).first()
    if allocation is None:
        return None
    return QuotaStatus(
        org=org,
        allocated=allocation.allocated,
        handed_down=allocation_sub_allocated(allocation),
        used=allocation_used(allocation),
        left=allocation_remaining(allocation),
    )


QUOTA_LINES_SHOWN = 20


def quota_lines_for(user: Visitor, campaign: HonourCampaign) -> list[QuotaStatus]:
    """The quota line of each union the user may nominate for (at most 20, by path) — read from the set's
    allocation tree in a constant number of queries."""
    if campaign.quota_set is None:
        return []
    shown = set(orgs_user_may_nominate(user, campaign).values_list("pk", flat=True)[:QUOTA_LINES_SHOWN])
    if not shown:
        return []
    return [
        QuotaStatus(
            org=row.org,
            allocated=row.allocated,
            handed_down=row.sub_allocated,
            used=row.used,
            left=row.remaining,
        )
        for row in sorted(quota_tree(campaign.quota_set), key=lambda row: row.org.path)
        if row.org.pk in shown
    ]


def reviewable_by(user: Visitor, campaign: HonourCampaign) -> QuerySet[Nomination]:
    """Submitted nominations the user reviews (县区审核): of unions strictly below a union where the user holds
    honours.manage, itself at or below the campaign's union. None when the campaign has no 县区审核."""
    if Stage.COUNTY_REVIEW not in campaign.stages:
        return Nomination.objects.none()
    top = campaign.org.path
    condition = Q()
    found = False
    for path in action_paths(user, MANAGE):
        if path.startswith(top):
            condition |= Q(nominating_org__path__startswith=path) & ~Q(nominating_org__path=path)
            found = True
        elif top.startswith(path):
            # a grant above the campaign's union reviews the campaign union's children (as the runner does)
            condition |= Q(nominating_org__path__startswith=top) & ~Q(nominating_org__path=top)
            found = True
    if not found:
        return Nomination.objects.none()
    return (
        Nomination.objects.filter(campaign=campaign, status=NominationStatus.SUBMITTED)
        .filter(condition)
        .select_related("nominating_org")
        .order_by("nominating_org__path", "pk")
    )


def nominations_forward(campaign: HonourCampaign) -> QuerySet[Nomination]:
    """The nominations going on to the 市级评审: 审核通过 ones, or — when the campaign has no 县区审核 — those
    submitted (and any passed)."""
    statuses = [NominationStatus.PASSED]
    if Stage.COUNTY_REVIEW not in campaign.stages:
        statuses.append(NominationStatus.SUBMITTED)
    return (
        Nomination.objects.filter(campaign=campaign, status__in=statuses)
        .select_related("nominating_org", "member", "nominee_org", "studio")
        .order_by("nominating_org__path", "pk")
    )


def live_nomination_count(campaign: HonourCampaign) -> int:
    return Nomination.objects.filter(campaign=campaign, status__in=LIVE_NOMINATION_STATUSES).count()


def nominee_candidates(user: Visitor, campaign: HonourCampaign, orgs: QuerySet[Org]) -> QuerySet[Member]:
    """Members the user may put forward: holding membership in the subtrees of `orgs`, not yet in a live
    nomination of the campaign."""
    paths = list(orgs.values_list("path", flat=True))
    if not paths:
        return Member.objects.none()
    within = Q()
    for path in paths:
        within |= Q(org__path__startswith=path)
    taken = Nomination.objects.filter(
        campaign=campaign, member__isnull=False, status__in=LIVE_NOMINATION_STATUSES
    ).values("member_id")
    return (
        Member.objects.visible_to(user, MANAGE)
        .filter(within, status__in=HOLDING_STATUSES)
        .exclude(pk__in=taken)
        .select_related("org")
        .order_by("org__path", "name", "pk")
    )


def search_candidates(candidates: QuerySet[Member], query: str) -> QuerySet[Member]:
    """By name (or its pinyin, initials), phone or ID number (the whole number, matched by its digest)."""
    query = query.strip()
    if not query:
        return candidates
    condition = (
        Q(name__icontains=query)
        | Q(name_pinyin__startswith=query.lower())
        | Q(name_initials__startswith=query.lower())
    )
    if query.isdigit() and len(query) >= 4:
        condition |= Q(phone__contains=query)
    if len(query) in (15, 18):
        number = normalize_identifier(query)
        condition |= Q(id_number_hash=identifier_hash(IdType.RESIDENT, number))
    return candidates.filter(condition)


def nominee_org_candidates(user: Visitor, orgs: QuerySet[Org], campaign: HonourCampaign) -> QuerySet[Org]:
    """Unions a cadre may put forward in a 集体 campaign: active ones in the subtrees of `orgs`, not yet in a live
    nomination."""
    paths = list(orgs.values_list("path", flat=True))
    if not paths:
        return Org.objects.none()
    within = Q()
    for path in paths:
        within |= Q(path__startswith=path)
    taken = Nomination.objects.filter(
        campaign=campaign, nominee_org__isnull=False, status__in=LIVE_NOMINATION_STATUSES
    ).values("nominee_org_id")
    return Org.objects.filter(within, status="active").exclude(pk__in=taken).order_by("path")


@dataclass(frozen=True)
class MaterialRow:
    name: str
    files: list[tuple[Attachment, str]]
    required: bool


def materials_of(nomination: Nomination) -> list[MaterialRow]:
    """The campaign's required materials, each with its files (attachment, file name), then 其他材料."""
    by_name: dict[str, list[tuple[Attachment, str]]] = {}
    for attachment in attachments_of(nomination):
        material, name = material_of(attachment)
        by_name.setdefault(material or "其他材料", []).append((attachment, name))
    required = material_names(nomination.campaign)
    rows = [MaterialRow(name, by_name.pop(name, []), True) for name in required]
    other = by_name.pop("其他材料", [])
    for leftovers in by_name.values():
        other.extend(leftovers)
    rows.append(MaterialRow("其他材料", other, False))
    return rows


def nomination_attachment_or_404(nomination: Nomination, public_id: Any) -> Attachment:
    found = attachments_of(nomination).filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def cadres_of(org: Org) -> QuerySet[User]:
    """Active users whose grant on exactly this union allows honours.manage (its own cadres)."""
    codes = [role.code for role in roles if MANAGE in role.actions and role.console]
    return (
        User.objects.filter(grants__org=org, grants__role__in=codes, is_active=True).distinct().order_by("pk")
    )


def nomination_blockers(campaign: HonourCampaign) -> list[str]:
    """Why the campaign should not leave its current stage yet, as far as nominations go (for
    `selectors.campaigns.stage_blockers`): at 基层推荐 and 县区审核, nominations returned and not yet resubmitted;
    at 县区审核, submitted nominations not yet reviewed."""
    blockers: list[str] = []
    if campaign.stage not in (Stage.NOMINATE, Stage.COUNTY_REVIEW):
        return blockers
    nominations = Nomination.objects.filter(campaign=campaign)
    returned = nominations.filter(status=NominationStatus.RETURNED).count()
    if returned:
        blockers.append(f"还有 {returned} 项退回修改的推荐未重新提交")
    if campaign.stage == Stage.COUNTY_REVIEW:
        waiting = nominations.filter(status=NominationStatus.SUBMITTED).count()
        if waiting:
            blockers.append(f"还有 {waiting} 项推荐未完成县区审核")
    return blockers


def nominations_awaiting_review_count(user: Visitor) -> int:
    """How many submitted nominations wait for the user's 县区审核 across the running campaigns they see (the
    console home's counter)."""
    campaigns = HonourCampaign.objects.visible_to(user, VIEW).filter(
        status=CampaignStatus.RUNNING, stage__in=REVIEW_STAGES
    )
    return sum(
        reviewable_by(user, campaign).count()
        for campaign in campaigns.select_related("org")
        if Stage.COUNTY_REVIEW in campaign.stages
    )

"""Writes of 评选表彰 — part `naming`, the campaign's late stages on the shared blocks:

- 市级评审: `city_review_start` makes the campaign's reviews round (owned by the campaign) with one entry per
  nomination that passed the stage before (owned by the nomination); judges score on the reviews pages;
  `city_review_finalise` closes the round and writes each nomination's `score` and `rank` from `round_results`.
- 会议研究: `meeting_record` writes the meeting on the campaign and its decision on every nomination (会议通过 with
  the title granted, or 未入选), the minutes file as an attachment of the campaign.
- 公示: `campaign_notice_create` drafts the notices block's 公示 of the approved (published and answered on the
  notices pages); an upheld objection withdraws the nomination (`notice_entry_withdrawn`).
- 命名: `campaign_name` makes one `Honour` per approved nomination, tells the studios part, and is idempotent.
- 奖励: `rewards_pay` pays each honour's reward through the ledger under one key per honour and attempt (paid once; paid
  again only after every earlier payment is reversed).
- 公文: `naming_document_draft` drafts 关于命名表彰……的决定 from the campaign.

Keyword-only, actor explicit, one transaction each with its timeline row; the campaign locked before its state is
checked."""

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.attachments.services import attachment_save
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.excel import SheetSpec, write_workbook
from gonghui.core.locking import lock
from gonghui.core.timeline import timeline_record
from gonghui.documents.models import Document
from gonghui.documents.services import document_draft_from_record
from gonghui.ledger.services import ledger_pay
from gonghui.notices.choices import NoticeStatus
from gonghui.notices.models import Notice, NoticeEntry
from gonghui.notices.services import EntryInput, notice_create
from gonghui.notifications.services import notify
from gonghui.reviews import services as reviews
from gonghui.reviews.choices import BlindMode
from gonghui.reviews.choices import RoundStatus as ReviewStatus
from gonghui.reviews.models import ReviewRound, ScoreSheetTemplate
from gonghui.reviews.selectors import round_results

from ..choices import (
    CampaignAction,
    CampaignStatus,
    NominationAction,
    NominationStatus,
    NomineeKind,
    Stage,
)
from ..events import campaign_event, nomination_event
from ..models import Honour, HonourCampaign, Nomination
from ..permissions import VIEW, can_run_campaign
from ..selectors.naming import (
    CITY_REVIEW_FINAL,
    CITY_REVIEW_START,
    NAMING_TEMPLATE,
    NOTICE_KIND,
    NOTICE_STEP,
    campaign_honours,
    decision_candidates,
    default_honour_level,
    honour_level_of,
    live_campaign_notice,
    naming_candidates,
    next_reward_attempt,
    review_candidates,
    review_ranking,
    reward_amount_for,
    reward_entries,
    reward_key,
    reward_level_names,
)
from .studios import studio_mark_named, studio_mark_not_selected

SCORE_PLACES = Decimal("0.001")


def _require_runner(actor: Actor, campaign: HonourCampaign) -> None:
    if not can_run_campaign(actor, campaign):
        raise PermissionDenied(_("只有评选主办工会可以办理"))


def _locked(campaign: HonourCampaign) -> HonourCampaign:
    return lock(HonourCampaign, pk=campaign.pk, related=("org",))


def _require_stage(campaign: HonourCampaign, stage: Stage) -> None:
    if campaign.status != CampaignStatus.RUNNING:
        raise ValidationError({"campaign": _("评选未在进行中")})
    if campaign.stage != stage:
        raise ValidationError(
            {
                "campaign": _("评选当前处于“%(now)s”环节，不能办理“%(stage)s”")
                % {"now": campaign.get_stage_display(), "stage": stage.label}
            }
        )


# ---- 市级评审 ---------------------------------------------------------------------------------------------------


@transaction.atomic
def city_review_start(
    *,
    campaign: HonourCampaign,
    template: ScoreSheetTemplate,
    actor: Actor,
    blind_mode: str = BlindMode.OPEN,
) -> ReviewRound:
    """开始市级评审: the campaign's reviews round with `template`, one entry per nomination that passed the stage
    before (审核通过, or 已推荐 without a 县区审核); in a 盲评 round the entries read 第001号 instead of names.
    Judges are added and score on the reviews pages."""
    _require_runner(actor, campaign)
    locked = _locked(campaign)
    _require_stage(locked, Stage.CITY_REVIEW)
    if locked.review_round_id is not None:
        raise ValidationError({"campaign": _("市级评审已开始")})
    nominations = list(review_candidates(locked))
    if not nominations:
        raise ValidationError({"campaign": _("没有进入市级评审的推荐对象")})
    blind = BlindMode(blind_mode) == BlindMode.BLIND
    review_round = reviews.round_create(
        org=locked.org,
        owner=locked,
        template=template,
        title=_("%(title)s·市级评审") % {"title": locked.title},
        blind_mode=BlindMode(blind_mode),
        actor=actor,
    )
    for number, nomination in enumerate(nominations, start=1):
        title = _("第%(number)03d号") % {"number": number} if blind else nomination.nominee_name
        nomination.review_entry = reviews.entry_add(
            review_round=review_round,
            title=title,
            entrant_org=nomination.nominating_org,
            unit=nomination.nominee_unit or nomination.nominating_org.name,
            owner=nomination,
            actor=actor,
        )
        nomination.save(update_fields=["review_entry", "updated_at"])
    locked.review_round = review_round
    locked.save(update_fields=["review_round", "updated_at"])
    timeline_record(
        subject=locked,
        actor=actor,
        action=CITY_REVIEW_START,
        action_label=_("开始市级评审"),
        to_state=str(locked.stage),
        note=_("%(count)s 名推荐对象进入市级评审") % {"count": len(nominations)},
    )
    return review_round


@transaction.atomic
def city_review_finalise(*, campaign: HonourCampaign, actor: Actor) -> list[Nomination]:
    """确定评审结果: close the reviews round if still open, then write each entered nomination's score and 名次 from
    the judges' submitted sheets (no sheet: no score, unranked). May be repeated while at this stage."""
    _require_runner(actor, campaign)
    locked = _locked(campaign)
    _require_stage(locked, Stage.CITY_REVIEW)
    if locked.review_round_id is None:
        raise ValidationError({"campaign": _("市级评审尚未开始")})
    review_round = ReviewRound.objects.select_related("org").get(pk=locked.review_round_id)
    if review_round.status == ReviewStatus.OPEN:
        review_round = reviews.round_close(review_round=review_round, actor=actor)
    elif review_round.status == ReviewStatus.DRAFT:
        raise ValidationError({"campaign": _("市级评审尚未开始评分，不能确定结果")})
    results = round_results(review_round)
    places = {ranked.result.entry_id: ranked for ranked in results.ranked}
    nominations = list(review_ranking(locked))
    for nomination in nominations:
        place = places.get(nomination.review_entry_id or 0)
        nomination.score = place.result.score.quantize(SCORE_PLACES) if place else None
        nomination.rank = place.rank if place else None
        nomination.save(update_fields=["score", "rank", "updated_at"])
    timeline_record(
        subject=locked,
        actor=actor,
        action=CITY_REVIEW_FINAL,
        action_label=_("确定市级评审结果"),
        to_state=str(locked.stage),
        note=_("%(ranked)s 名评出名次，%(unranked)s 名无有效评分")
        % {"ranked": len(places), "unranked": len(nominations) - len(places)},
    )
    return sorted(nominations, key=lambda n: (n.rank is None, n.rank or 0, n.pk))


def city_review_export(
    *, campaign: HonourCampaign, actor: Actor, context: AuditContext | None = None
) -> bytes:
    """The 市级评审 ranking as xlsx (names of the nominees: audited) for whoever sees the campaign."""
    if not HonourCampaign.objects.visible_to(actor, VIEW).filter(pk=campaign.pk).exists():
        raise PermissionDenied(_("无权导出该评选的评审结果"))
    rows = [
        [
            n.rank or "",
            n.nominee_name,
            n.nominee_unit,
            n.nominating_org.name,
            n.score if n.score is not None else "",
            n.get_status_display(),
            n.honour_level,
        ]
        for n in review_ranking(campaign)
    ]
    buffer = io.BytesIO()
    write_workbook(
        buffer,
        [
            SheetSpec(
                name="市级评审结果",
                headers=["名次", "推荐对象", "工作单位", "推荐单位", "得分", "状态", "授予称号"],
                rows=rows,
            )
        ],
    )
    audit_log(
        action=AuditAction.EXPORT,
        summary=_("导出市级评审结果：%(title)s") % {"title": campaign.title},
        actor=actor,
        context=context,
        subject=campaign,
        org_id=campaign.org_id,
        detail={"rows": len(rows)},
    )
    return buffer.getvalue()


# ---- 会议研究 ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingOutcome:
    approved: int
    declined: int
    warnings: list[str] = field(default_factory=list)


@transaction.atomic
def meeting_record(
    *,
    campaign: HonourCampaign,
    held_on: dt.date,
    name: str,
    minutes: str,
    decisions: dict[int, tuple[bool, str]],
    actor: Actor,
    minutes_file: UploadedFile[bytes] | None = None,
    context: AuditContext | None = None,
) -> MeetingOutcome:
    """记录会议研究: the meeting (date, name, 纪要, optionally the minutes file) on the campaign and its decision on
    every nomination before it (`decisions`: nomination id → (approved, title granted)): 会议通过 with the title
    (default the first reward level, else the campaign's category), or 未入选. Every nomination needs a decision;
    a title must be one of the reward levels when the campaign has them. May be recorded again at this stage.
    Approving more than the places the campaign handed out is allowed but warned about."""
    _require_runner(actor, campaign)
    locked = _locked(campaign)
    _require_stage(locked, Stage.MEETING)
    if not name.strip():
        raise ValidationError({"name": _("请填写会议名称")})
    candidates = {n.pk: n for n in decision_candidates(locked)}
    if not candidates:
        raise ValidationError({"campaign": _("没有待会议研究的推荐对象")})
    unknown = set(decisions) - set(candidates)
    if unknown:
        raise ValidationError({"decisions": _("所选推荐不在本次会议研究范围内")})
    missing = [n.nominee_name for pk, n in candidates.items() if pk not in decisions]
    if missing:
        raise ValidationError(
            {"decisions": _("请对每一名推荐对象作出决定：%(names)s") % {"names": "、".join(missing)}}
        )
    levels = reward_level_names(locked)
    default = default_honour_level(locked)
    approved = declined = 0
    for pk, (approve, level) in decisions.items():
        nomination = candidates[pk]
        level = (level.strip() or default) if approve else ""
        if approve and levels and level not in levels:
            raise ValidationError(
                {
                    "decisions": _("“%(name)s”的授予称号须为奖励标准中的等次")
                    % {"name": nomination.nominee_name}
                }
            )
        to = NominationStatus.APPROVED if approve else NominationStatus.NOT_SELECTED
        if nomination.status == to and nomination.honour_level == level:
            approved += approve
            declined += not approve
            continue
        from_state = str(nomination.status)
        nomination.status = to
        nomination.honour_level = level
        nomination.save(update_fields=["status", "honour_level", "updated_at"])
        nomination_event(
            nomination=nomination,
            actor=actor,
            action=NominationAction.APPROVE if approve else NominationAction.DECLINE,
            from_state=from_state,
            note=level,
        )
        approved += approve
        declined += not approve
    locked.meeting_held_on = held_on
    locked.meeting_name = name.strip()[:200]
    locked.meeting_minutes = minutes.strip()
    locked.save(update_fields=["meeting_held_on", "meeting_name", "meeting_minutes", "updated_at"])
    if minutes_file is not None:
        attachment_save(owner=locked, org=locked.org, upload=minutes_file, actor=actor)
    warnings: list[str] = []
    places = _places_total(locked)
    if places is not None and approved > places:
        warnings.append(
            _("会议通过 %(n)s 名，超过推荐名额总数 %(places)s 名") % {"n": approved, "places": places}
        )
    campaign_event(
        campaign=locked,
        actor=actor,
        action=CampaignAction.MEETING,
        note=_("%(name)s（%(day)s）：通过 %(approved)s 名，未入选 %(declined)s 名")
        % {
            "name": locked.meeting_name,
            "day": held_on.isoformat(),
            "approved": approved,
            "declined": declined,
        },
    )
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=_("记录会议研究结果：%(title)s") % {"title": locked.title},
        actor=actor,
        context=context,
        subject=locked,
        org_id=locked.org_id,
        detail={"approved": approved, "declined": declined},
    )
    return MeetingOutcome(approved=approved, declined=declined, warnings=warnings)


def _places_total(campaign: HonourCampaign) -> int | None:
    """The campaign's 名额总数 (its quota set's total), None without quotas."""
    quota_set = campaign.quota_set
    return int(quota_set.total) if quota_set is not None else None


# ---- 公示 -------------------------------------------------------------------------------------------------------


def notice_title(campaign: HonourCampaign) -> str:
    return _("%(title)s拟命名对象公示") % {"title": campaign.title}


@transaction.atomic
def campaign_notice_create(
    *,
    campaign: HonourCampaign,
    actor: Actor,
    window_length: int | None = None,
    context: AuditContext | None = None,
) -> Notice:
    """A draft 公示 of the campaign: one entry per nomination to be named (name, unit, title granted), published,
    objected to and answered on the notices pages. Refused while a 公示 that is not cancelled exists."""
    _require_runner(actor, campaign)
    locked = _locked(campaign)
    _require_stage(locked, Stage.NOTICE)
    existing = live_campaign_notice(locked)
    if existing is not None:
        raise ValidationError(
            {
                "campaign": _("本评选已有公示《%(title)s》（%(status)s），如需重新公示请先在公示管理中撤销")
                % {"title": existing.title, "status": existing.get_status_display()}
            }
        )
    kind = "person" if locked.nominee_kind == NomineeKind.PERSON else "org"
    entries = [
        EntryInput(
            name=n.nominee_name,
            unit=n.nominee_unit or n.nominating_org.name,
            reason=n.honour_level or locked.title,
            extra=n.nominating_org.name,
            entry_kind=kind,
            subject=n,
        )
        for n in naming_candidates(locked)
    ]
    if not entries:
        raise ValidationError({"campaign": _("没有拟命名的推荐对象，无需公示")})
    notice = notice_create(
        kind=NOTICE_KIND,
        owner=locked,
        org=locked.org,
        title=notice_title(locked),
        body=_(
            "经%(org)s研究，%(title)s拟命名对象如下，拟授予的称号列于各对象之后。现予以公示，公示期内如有异议，"
            "请通过会员端“公示”提出，注明所针对的对象和事实依据。"
        )
        % {"org": locked.org.name, "title": locked.title},
        window_length=window_length,
        entries=entries,
        actor=actor,
        context=context,
    )
    timeline_record(
        subject=locked,
        actor=actor,
        action=NOTICE_STEP + "create",
        action_label=_("创建公示"),
        to_state=str(locked.stage),
        note=_("《%(title)s》，%(count)s个公示对象") % {"title": notice.title, "count": len(entries)},
    )
    return notice


@transaction.atomic
def nomination_notice_withdraw(*, nomination: Nomination, actor: Actor, note: str = "") -> Nomination:
    """An upheld 公示 objection: the nomination is withdrawn (not named), with its timeline row."""
    nomination = lock(Nomination, pk=nomination.pk, related=("campaign__org",))
    _require_runner(actor, nomination.campaign)
    if nomination.status in (NominationStatus.WITHDRAWN, NominationStatus.NAMED):
        return nomination
    from_state = str(nomination.status)
    nomination.status = NominationStatus.WITHDRAWN
    nomination.save(update_fields=["status", "updated_at"])
    nomination_event(
        nomination=nomination,
        actor=actor,
        action=NominationAction.WITHDRAW,
        from_state=from_state,
        note=_("公示异议成立，撤销推荐") + (f"：{note}" if note else ""),
    )
    return nomination


def notice_entry_withdrawn(notice_entry: NoticeEntry, actor: Any) -> None:
    """`on_entry_withdrawn`: the notice entry's subject is the `Nomination`."""
    subject = notice_entry.subject
    if isinstance(subject, Nomination):
        nomination_notice_withdraw(nomination=subject, actor=actor)


def notice_step_record(notice: Notice, actor: Any, action: str, action_label: str, note: str) -> None:
    """`timeline`: each step of the 公示 on the campaign's timeline."""
    campaign = notice.owner
    if not isinstance(campaign, HonourCampaign):
        return
    timeline_record(
        subject=campaign,
        actor=actor,
        action=NOTICE_STEP + action,
        action_label=_("公示：%(label)s") % {"label": action_label},
        to_state=str(campaign.stage) if campaign.status == CampaignStatus.RUNNING else str(campaign.status),
        note=note,
    )


def notice_closed(notice: Notice, actor: Any) -> None:
    """`on_closed`: whoever made the 公示 hears that its window has closed and the campaign may be named."""
    campaign = notice.owner
    if not isinstance(campaign, HonourCampaign):
        return
    notify(
        recipients=[notice.created_by],
        title=_("评选公示期满"),
        body=_("《%(title)s》公示期满，可进入命名环节并生成命名决定") % {"title": notice.title},
        url=reverse("honours:publication", args=[campaign.pk]),
        category="honours",
    )


# ---- 命名 -------------------------------------------------------------------------------------------------------


def _honour_org(nomination: Nomination) -> Any:
    if nomination.member is not None:
        return nomination.member.org
    if nomination.nominee_org is not None:
        return nomination.nominee_org
    if nomination.studio is not None:
        return nomination.studio.org
    return nomination.nominating_org


@transaction.atomic
def campaign_name(
    *,
    campaign: HonourCampaign,
    actor: Actor,
    named_on: dt.date,
    context: AuditContext | None = None,
) -> list[Honour]:
    """命名: one `Honour` per nomination to be named (holder, union, title granted, level of the running union,
    the story when the campaign collects them, the reward of its level); the nominations and the campaign are
    命名; a studio campaign's studios are named or not selected. Idempotent: a campaign named already returns its
    honours (the campaign row is locked, so a double submit makes one set). Refused while the 公示 is open."""
    _require_runner(actor, campaign)
    locked = _locked(campaign)
    if locked.status == CampaignStatus.NAMED:
        return list(campaign_honours(locked))
    _require_stage(locked, Stage.NAME)
    if Stage.NOTICE in locked.stages:
        notice = live_campaign_notice(locked)
        if notice is None or notice.status != NoticeStatus.CLOSED:
            raise ValidationError({"campaign": _("公示尚未结束，不能命名")})
    nominations = list(naming_candidates(locked))
    if not nominations:
        raise ValidationError({"campaign": _("没有可命名的推荐对象")})
    level = honour_level_of(locked)
    honours: list[Honour] = []
    for nomination in nominations:
        title = nomination.honour_level or locked.title
        story = (nomination.story or nomination.deeds) if locked.wants_stories else ""
        honours.append(
            Honour.objects.create(
                org=_honour_org(nomination),
                campaign=locked,
                nomination=nomination,
                member=nomination.member,
                holder_org=nomination.nominee_org,
                holder_name=nomination.nominee_name,
                holder_unit=nomination.nominee_unit,
                title=title,
                level=level,
                year=locked.year,
                awarded_by=locked.org.name,
                awarded_on=named_on,
                story=story,
                reward_amount=reward_amount_for(locked, nomination.honour_level),
                created_by=actor,
            )
        )
        from_state = str(nomination.status)
        nomination.status = NominationStatus.NAMED
        nomination.save(update_fields=["status", "updated_at"])
        nomination_event(
            nomination=nomination,
            actor=actor,
            action=NominationAction.NAME,
            from_state=from_state,
            note=title,
        )
    from_state = str(locked.stage)
    locked.status = CampaignStatus.NAMED
    locked.named_on = named_on
    locked.save(update_fields=["status", "named_on", "updated_at"])
    if locked.nominee_kind == NomineeKind.STUDIO:
        _studios_mark(locked, nominations, named_on=named_on, actor=actor)
    campaign_event(
        campaign=locked,
        actor=actor,
        action=CampaignAction.NAME,
        from_state=from_state,
        note=_("命名 %(count)s 名（个）") % {"count": len(honours)},
    )
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=_("评选命名：%(title)s，%(count)s 名") % {"title": locked.title, "count": len(honours)},
        actor=actor,
        context=context,
        subject=locked,
        org_id=locked.org_id,
        detail={"honours": [h.pk for h in honours]},
    )
    return honours


def _studios_mark(
    campaign: HonourCampaign, named: list[Nomination], *, named_on: dt.date, actor: Actor
) -> None:
    """The studios part's side of naming: each named studio is 已命名 (its level the title granted), the other
    studios nominated in the campaign 未入选."""
    named_ids = {n.pk for n in named}
    others = Nomination.objects.filter(campaign=campaign, studio__isnull=False).exclude(pk__in=named_ids)
    for nomination in named:
        if nomination.studio is not None:
            studio_mark_named(
                studio=nomination.studio,
                named_on=named_on,
                level=nomination.honour_level or campaign.title,
                actor=actor,
            )
    for nomination in others.exclude(status=NominationStatus.DRAFT).select_related("studio"):
        if nomination.studio is not None:
            studio_mark_not_selected(studio=nomination.studio, actor=actor)


# ---- 奖励 -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RewardOutcome:
    paid: int
    already: int
    total: Decimal


@transaction.atomic
def rewards_pay(
    *, campaign: HonourCampaign, actor: Actor, context: AuditContext | None = None
) -> RewardOutcome:
    """发放奖励: each honour's reward (not revoked, with an amount) paid from the campaign's 奖励经费 through the
    ledger under the key `honours.reward:<honour>[:<attempt>]` — a second click, a concurrent one (the campaign row is
    locked) or a repeat after the bank's answer pays nothing more while a payment stands; once every payment of an
    honour is reversed on the ledger pages (the bank refused it), the next click pays it again under the next
    attempt's key. The payment file goes to the bank and its answer is
    imported on the ledger pages."""
    _require_runner(actor, campaign)
    locked = _locked(campaign)
    if locked.status != CampaignStatus.NAMED:
        raise ValidationError({"campaign": _("评选命名后才能发放奖励")})
    budget_line = locked.budget_line
    if budget_line is None:
        raise ValidationError({"campaign": _("请先在评选中设置奖励经费（预算科目）")})
    rewards = [
        (h, h.reward_amount)
        for h in campaign_honours(locked).filter(revoked_on__isnull=True)
        if h.reward_amount
    ]
    if not rewards:
        raise ValidationError({"campaign": _("本评选没有需要发放的奖励")})
    paid = already = 0
    total = Decimal(0)
    made = reward_entries([honour for honour, _amount in rewards])
    for honour, amount in rewards:
        attempt = next_reward_attempt(made[honour.pk])
        if attempt is None:
            already += 1
            continue
        ledger_pay(
            budget_line=budget_line,
            amount=amount,
            payee_name=honour.holder_name,
            payee_member=honour.member,
            idempotency_key=reward_key(honour, attempt),
            owner=honour,
            purpose=_("%(title)s奖励：%(honour)s") % {"title": locked.title, "honour": honour.title},
            actor=actor,
            context=context,
        )
        paid += 1
        total += amount
    if paid:
        campaign_event(
            campaign=locked,
            actor=actor,
            action=CampaignAction.REWARD,
            note=_("发放奖励 %(count)s 笔，共 %(total)s 元") % {"count": paid, "total": total},
        )
    return RewardOutcome(paid=paid, already=already, total=total)


# ---- 公文 -------------------------------------------------------------------------------------------------------


@transaction.atomic
def naming_document_draft(*, campaign: HonourCampaign, actor: Actor) -> Document:
    """生成命名决定: 关于命名表彰……的决定 drafted from the named campaign by the registered template; the campaign
    and the draft name each other on their timelines (documents' service writes both rows)."""
    _require_runner(actor, campaign)
    if campaign.status != CampaignStatus.NAMED:
        raise ValidationError({"campaign": _("评选尚未命名，不能生成命名决定")})
    return document_draft_from_record(
        org=campaign.org, actor=actor, record=campaign, template_key=NAMING_TEMPLATE
    )

"""Reads of 评选表彰 — part `naming`: which nominations each late stage takes (市级评审, 会议研究, 公示, 命名), the ranked
市级评审 list, the levels and amounts of `reward_levels`, the campaign's 公示 (notices owned by the campaign), its
honours with their reward payments, the 公文 drafted from it, the naming 决定's text (the record template's
`draft`) and what still keeps each stage from moving on. The campaign is read through `get_visible_or_404`;
everything else through the campaign the user sees (documents through documents' own scoped selector)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet

from gonghui.accounts.actors import Actor, Visitor
from gonghui.core.models import TimelineEntry
from gonghui.core.timeline import timeline_for
from gonghui.documents.choices import RecordAction
from gonghui.documents.models import Document
from gonghui.documents.record_templates import DraftText
from gonghui.documents.selectors import document_list_for_user, issuer_series_configured
from gonghui.ledger.choices import EntryStatus as PaymentState
from gonghui.ledger.models import LedgerEntry
from gonghui.ledger.selectors import entries_with_status
from gonghui.notices.choices import NoticeStatus
from gonghui.notices.models import Notice
from gonghui.orgs.choices import OrgLevel
from gonghui.reviews.choices import RoundStatus as ReviewStatus
from gonghui.reviews.models import ScoreSheetTemplate
from gonghui.workplans.numerals import int_to_cn

from ..choices import CampaignStatus, HonourLevel, NominationStatus, NomineeKind, Stage
from ..models import Honour, HonourCampaign, Nomination
from ..permissions import VIEW

NOTICE_KIND = "honours"
CERTIFICATE_KIND = "honours.honour"
NAMING_TEMPLATE = "honours.naming_decision"
# The campaign's timeline rows of this part besides `CampaignAction` rows: the 市级评审's start and result and
# each step of the 公示 ("notice_<NoticeAction>").
CITY_REVIEW_START = "city_review_start"
CITY_REVIEW_FINAL = "city_review_final"
NOTICE_STEP = "notice_"

ORG_HONOUR_LEVELS: dict[str, str] = {
    OrgLevel.CITY: HonourLevel.CITY,
    OrgLevel.COUNTY: HonourLevel.COUNTY,
}


def campaign_for_naming_or_404(user: Visitor, pk: int) -> HonourCampaign:
    return HonourCampaign.objects.select_related("org", "review_round", "budget_line").get_visible_or_404(
        user, VIEW, pk=pk
    )


# ---- who each stage takes ------------------------------------------------------------------------------------


def passed_status(campaign: HonourCampaign) -> str:
    """The status of a nomination that passed the stage before the 市级评审: 审核通过 when the campaign has a 县区审核,
    else 已推荐."""
    return NominationStatus.PASSED if Stage.COUNTY_REVIEW in campaign.stages else NominationStatus.SUBMITTED


def _nominations(campaign: HonourCampaign) -> QuerySet[Nomination]:
    return Nomination.objects.filter(campaign=campaign).select_related(
        "nominating_org", "member", "nominee_org", "studio", "review_entry"
    )


def review_candidates(campaign: HonourCampaign) -> QuerySet[Nomination]:
    """The nominations the 市级评审 scores: those that passed the stage before it."""
    return (
        _nominations(campaign).filter(status=passed_status(campaign)).order_by("nominating_org__path", "pk")
    )


def decision_candidates(campaign: HonourCampaign) -> QuerySet[Nomination]:
    """The nominations the 会议研究 decides on: those that passed the stage before it (and those it decided
    already, so that the meeting may be recorded again), by 评审名次."""
    statuses = [passed_status(campaign), NominationStatus.APPROVED, NominationStatus.NOT_SELECTED]
    return ranked(_nominations(campaign).filter(status__in=statuses))


def meeting_outcome(campaign: HonourCampaign) -> QuerySet[Nomination]:
    """What the 会议研究 decided, as it stands: 会议通过 (named since, if the campaign is named) and 未入选, by 名次."""
    statuses = [NominationStatus.APPROVED, NominationStatus.NAMED, NominationStatus.NOT_SELECTED]
    return ranked(_nominations(campaign).filter(status__in=statuses))


def named_nominations(campaign: HonourCampaign) -> QuerySet[Nomination]:
    """The nominations the campaign named, by 名次 (the 公示's list once the campaign is named)."""
    return ranked(_nominations(campaign).filter(status=NominationStatus.NAMED))


def naming_candidates(campaign: HonourCampaign) -> QuerySet[Nomination]:
    """The nominations naming makes honours of: 会议通过 ones; without a 会议研究 stage, those that passed the stage
    before (an upheld 公示 objection has withdrawn any of them)."""
    status = NominationStatus.APPROVED if Stage.MEETING in campaign.stages else passed_status(campaign)
    return ranked(_nominations(campaign).filter(status=status))


def ranked(nominations: QuerySet[Nomination]) -> QuerySet[Nomination]:
    """By 评审名次, the unranked last."""
    return nominations.order_by(F("rank").asc(nulls_last=True), "pk")


def review_ranking(campaign: HonourCampaign, *, search: str = "") -> QuerySet[Nomination]:
    """The nominations entered in the 市级评审, by 名次 (unranked last); `search` in the name, unit or union."""
    nominations = _nominations(campaign).filter(review_entry__isnull=False)
    if search:
        nominations = nominations.filter(
            Q(nominee_name__icontains=search)
            | Q(nominee_unit__icontains=search)
            | Q(nominating_org__name__icontains=search)
        )
    return ranked(nominations)


def review_finalised(campaign: HonourCampaign) -> bool:
    """Has the 市级评审's result been written (its round closed and the 名次 on the nominations)?"""
    review_round = campaign.review_round
    return (
        review_round is not None
        and review_round.status == ReviewStatus.CLOSED
        and _nominations(campaign).filter(review_entry__isnull=False, rank__isnull=False).exists()
    )


# ---- levels and rewards -------------------------------------------------------------------------------------


def reward_level_names(campaign: HonourCampaign) -> list[str]:
    """The levels of `reward_levels` in their order (焦作标兵 …); empty when the campaign pays no reward."""
    names: list[str] = []
    for row in campaign.reward_levels or []:
        level = str(row.get("level", "")).strip() if isinstance(row, dict) else ""
        if level and level not in names:
            names.append(level)
    return names


def default_honour_level(campaign: HonourCampaign) -> str:
    """The title a 会议通过 nomination gets unless the meeting says otherwise: the first reward level, else the
    campaign's category (焦作标兵, 优秀工会工作者 …)."""
    levels = reward_level_names(campaign)
    return levels[0] if levels else str(campaign.get_category_display())


def reward_amount_for(campaign: HonourCampaign, level: str) -> Decimal | None:
    """The reward of `level` in `reward_levels`, None when the level pays none."""
    for row in campaign.reward_levels or []:
        if isinstance(row, dict) and str(row.get("level", "")).strip() == level:
            try:
                amount = Decimal(str(row.get("amount", "")).strip())
            except InvalidOperation:
                return None
            return amount if amount > 0 else None
    return None


def honour_level_of(campaign: HonourCampaign) -> str:
    """The 荣誉级别 of the campaign's honours: that of the union running it (a city union's: 市级)."""
    return ORG_HONOUR_LEVELS.get(campaign.org.level, HonourLevel.SYSTEM)


# ---- 公示, honours, rewards, 公文 -----------------------------------------------------------------------------


def campaign_notices(campaign: HonourCampaign) -> QuerySet[Notice]:
    owner_type = ContentType.objects.get_for_model(HonourCampaign)
    return Notice.objects.filter(kind=NOTICE_KIND, owner_type=owner_type, owner_id=campaign.pk).order_by(
        "-created_at", "-pk"
    )


def live_campaign_notice(campaign: HonourCampaign) -> Notice | None:
    """The campaign's 公示 that is not cancelled (a draft, running or closed), if any."""
    return campaign_notices(campaign).exclude(status=NoticeStatus.CANCELLED).first()


def campaign_honours(campaign: HonourCampaign) -> QuerySet[Honour]:
    return (
        Honour.objects.filter(campaign=campaign)
        .select_related("member", "holder_org", "org", "nomination__nominating_org")
        .order_by("nomination__rank", "pk")
    )


def reward_key(honour: Honour, attempt: int = 1) -> str:
    """The ledger idempotency key of an honour's reward payment: `honours.reward:<honour>` for the first attempt,
    `honours.reward:<honour>:<n>` for the n-th — a later attempt only once every earlier entry is reversed
    (`reward_attempts`), so a standing payment is never doubled."""
    base = f"honours.reward:{honour.pk}"
    return base if attempt == 1 else f"{base}:{attempt}"


def _attempt_of(key: str) -> int:
    tail = key.rsplit(":", 2)
    return int(tail[-1]) if len(tail) == 3 and tail[-1].isdigit() else 1


def reward_entries(honours: list[Honour]) -> dict[int, list[LedgerEntry]]:
    """Per honour pk: its reward payments (not the reversals), oldest attempt first, annotated with the bank's
    `status` and with `reversal` loaded — one query for all the honours."""
    if not honours:
        return {}
    condition = Q()
    for honour in honours:
        condition |= Q(idempotency_key=reward_key(honour)) | Q(
            idempotency_key__startswith=f"{reward_key(honour)}:"
        )
    by_honour: dict[int, list[LedgerEntry]] = {h.pk: [] for h in honours}
    keys = {reward_key(h): h.pk for h in honours}
    entries = entries_with_status(
        LedgerEntry.objects.filter(condition, reverses__isnull=True).select_related("reversal")
    )
    for entry in entries:
        base = (
            entry.idempotency_key
            if entry.idempotency_key in keys
            else entry.idempotency_key.rsplit(":", 1)[0]
        )
        if base in keys:
            by_honour[keys[base]].append(entry)
    for found in by_honour.values():
        found.sort(key=lambda e: _attempt_of(e.idempotency_key))
    return by_honour


def is_reversed(entry: LedgerEntry) -> bool:
    try:
        return entry.reversal is not None
    except LedgerEntry.reversal.RelatedObjectDoesNotExist:
        return False


def next_reward_attempt(entries: list[LedgerEntry]) -> int | None:
    """The attempt to pay an honour's reward now: 1 with no payment yet, n + 1 once the n payments made are all
    reversed (the bank refused, the finance office reversed it on the ledger pages); None while one stands."""
    if any(not is_reversed(e) for e in entries):
        return None
    return max((_attempt_of(e.idempotency_key) for e in entries), default=0) + 1


@dataclass(frozen=True)
class RewardRow:
    honour: Honour
    amount: Decimal | None
    entry: LedgerEntry | None

    @property
    def reversed(self) -> bool:
        return self.entry is not None and is_reversed(self.entry)

    @property
    def status(self) -> str:
        """ "" (no reward), "unpaid" (never paid, or every payment reversed), or the standing ledger entry's state
        (待支付, 已支付, 支付失败)."""
        if self.amount is None:
            return ""
        if self.entry is None or self.reversed:
            return "unpaid"
        return str(getattr(self.entry, "status", PaymentState.PENDING))

    @property
    def status_label(self) -> str:
        if self.status == "unpaid":
            return "已冲销，待重新发放" if self.reversed else "未发放"
        if not self.status:
            return "无奖励"
        return str(PaymentState(self.status).label)


def reward_rows(campaign: HonourCampaign) -> list[RewardRow]:
    """Per honour of the campaign: its reward and its latest ledger payment (with the bank's answer)."""
    honours = list(campaign_honours(campaign))
    entries = reward_entries(honours)
    return [
        RewardRow(
            honour=h,
            amount=h.reward_amount if h.reward_amount and h.reward_amount > 0 else None,
            entry=entries[h.pk][-1] if entries[h.pk] else None,
        )
        for h in honours
    ]


def naming_documents(user: Actor, campaign: HonourCampaign) -> QuerySet[Document]:
    """The 公文 drafted from the campaign that the user sees among the documents of the campaign's union."""
    record_type = ContentType.objects.get_for_model(HonourCampaign)
    return document_list_for_user(user=user, within=campaign.org).filter(
        record_type=record_type, record_id=str(campaign.pk)
    )


def issuer_ready(campaign: HonourCampaign) -> bool:
    return issuer_series_configured(campaign.org)


def honour_holders(campaign: HonourCampaign) -> list[Honour]:
    """The holders of the campaign's honours not revoked: the certificates' candidates."""
    return list(campaign_honours(campaign).filter(revoked_on__isnull=True))


# ---- the naming 决定 (the record template's `draft`) -------------------------------------------------------


# 主送 of the 决定: the unions below the campaign's union.
MAIN_TO: dict[str, str] = {OrgLevel.CITY: "各县区教育工会，各直属基层工会", OrgLevel.COUNTY: "各基层工会"}


def _day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _holder(honour: Honour) -> str:
    unit = honour.holder_unit.strip()
    return f"{honour.holder_name}（{unit}）" if unit and unit != honour.holder_name else honour.holder_name


def naming_decision_text(campaign: HonourCampaign) -> DraftText:
    """关于命名表彰……的决定: how the campaign ran (its stages, the meeting, the 公示), then the named by title (the
    reward levels' order first), and the call to learn from them; 主送 the unions below."""
    if campaign.status != CampaignStatus.NAMED:
        raise ValidationError({"campaign": "评选尚未命名，不能生成命名决定"})
    honours = list(campaign_honours(campaign).filter(revoked_on__isnull=True))
    order = reward_level_names(campaign)
    by_title: dict[str, list[Honour]] = {}
    for honour in honours:
        by_title.setdefault(honour.title, []).append(honour)
    titles = sorted(by_title, key=lambda t: order.index(t) if t in order else len(order))
    stages = "、".join(str(Stage(s).label) for s in campaign.stages if s in Stage.values)
    lines = [
        f"为大力弘扬劳模精神、劳动精神、工匠精神，{campaign.org.name}组织开展了{campaign.title}活动。"
        f"经{stages}等程序，"
        + (
            f"{_day(campaign.meeting_held_on)}{campaign.meeting_name or '会议'}研究，"
            if campaign.meeting_held_on
            else ""
        )
        + _notice_phrase(campaign)
        + f"决定授予以下{len(honours)}名（个）同志和集体荣誉称号：",
    ]
    for number, title in enumerate(titles, start=1):
        named = by_title[title]
        lines.append(f"{int_to_cn(number)}、{title}（{len(named)}名）")
        lines.append("；".join(_holder(h) for h in named))
    lines.append(
        "希望受到表彰的同志和集体珍惜荣誉、再接再厉，充分发挥示范引领作用。各级工会要以先进为榜样，"
        "广泛宣传先进事迹，在广大职工中营造学习先进、争当先进的浓厚氛围。"
    )
    return DraftText(
        title=f"关于命名表彰{campaign.title.removesuffix('评选')}的决定",
        body="\n".join(lines),
        main_to=MAIN_TO.get(campaign.org.level, ""),
    )


def _notice_phrase(campaign: HonourCampaign) -> str:
    notice = live_campaign_notice(campaign)
    if notice is None or notice.status != NoticeStatus.CLOSED or not notice.starts_on or not notice.ends_on:
        return ""
    return f"并于{_day(notice.starts_on)}至{_day(notice.ends_on)}进行公示，"


# ---- what keeps a stage from moving on (for `selectors.campaigns.stage_blockers`) ---------------------------


def naming_blockers(campaign: HonourCampaign) -> list[str]:
    """Chinese sentences saying why the campaign at its current stage cannot move on, for this part's stages."""
    blockers: list[str] = []
    if campaign.status != CampaignStatus.RUNNING:
        return blockers
    if campaign.stage == Stage.CITY_REVIEW:
        if campaign.review_round_id is None:
            blockers.append("市级评审尚未开始")
        elif not review_finalised(campaign):
            blockers.append("市级评审结果尚未确定")
    elif campaign.stage == Stage.MEETING:
        if campaign.meeting_held_on is None:
            blockers.append("尚未记录会议研究结果")
    elif campaign.stage == Stage.NOTICE:
        notice = live_campaign_notice(campaign)
        if notice is None:
            blockers.append("尚未生成公示")
        elif notice.status != NoticeStatus.CLOSED:
            blockers.append("公示尚未结束")
    return blockers


def nominee_entry_kind(campaign: HonourCampaign) -> str:
    return "person" if campaign.nominee_kind == NomineeKind.PERSON else "org"


def naming_timeline(campaign: HonourCampaign) -> QuerySet[TimelineEntry]:
    """The campaign's timeline rows of this part: 市级评审, 会议研究, 公示 steps, 命名, 奖励 and the 公文 drafted."""
    return timeline_for(campaign).filter(
        Q(action__startswith=NOTICE_STEP)
        | Q(action__in=(CITY_REVIEW_START, CITY_REVIEW_FINAL, "meeting", "name", "reward"))
        | Q(action=RecordAction.DOCUMENT_DRAFTED)
    )


def templates_for(user: Visitor) -> QuerySet[ScoreSheetTemplate]:
    """The score-sheet templates the runner may use for the 市级评审 (their unions' and below)."""
    return ScoreSheetTemplate.objects.visible_to(user, "reviews.manage").order_by("-created_at", "-pk")

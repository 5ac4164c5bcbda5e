"""Reads of the publication part: the contest's results round (its last round, once final), the awarded entries and
their people grouped by group and award level, the contest's 公示 (notices owned by the contest), its award
certificates and the 公文 drafted from it. The contest is read through `get_visible_or_404`; everything else is read
through the contest the user sees (the documents through documents' own scoped selector)."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet

from gonghui.accounts.actors import Actor, Visitor
from gonghui.certificates.choices import CertificateStatus
from gonghui.certificates.selectors import certificates_of_owner
from gonghui.core.models import TimelineEntry
from gonghui.core.timeline import timeline_for
from gonghui.documents.addressing import phrase_orgs
from gonghui.documents.choices import RecordAction
from gonghui.documents.models import Document
from gonghui.documents.record_templates import DraftText
from gonghui.documents.selectors import document_list_for_user, issuer_series_configured
from gonghui.notices.choices import NoticeStatus
from gonghui.notices.models import Notice
from gonghui.orgs.models import Org

from ..choices import EntryStatus, RoundStatus
from ..models import Contest, ContestGroup, ContestRound, Entry, EntryMember
from ..permissions import VIEW

NOTICE_KIND = "contests"
AWARD_CERTIFICATE_KIND = "contests.award"
ANNOUNCEMENT_TEMPLATE = "contests.results_announcement"


def contest_for_publication_or_404(user: Visitor, pk: int) -> Contest:
    return Contest.objects.select_related("org").get_visible_or_404(user, VIEW, pk=pk)


def results_round(contest: Contest) -> ContestRound | None:
    """The round whose awards are the contest's results: its last round (highest level), once it is final; None
    while the last round is still taking entries or being judged (or the contest has no round)."""
    last = ContestRound.objects.filter(contest=contest).order_by("-level").first()
    if last is None or last.status != RoundStatus.FINAL:
        return None
    return last


def awarded_entries(contest_round: ContestRound) -> QuerySet[Entry]:
    """The entries of the round that carry an award (an upheld objection clears it), withdrawn ones left out, in
    group order then rank; each with its live people, the leader first."""
    people = EntryMember.objects.filter(active=True).select_related("member").order_by("-is_leader", "pk")
    return (
        Entry.objects.filter(round=contest_round)
        .exclude(award="")
        .exclude(status=EntryStatus.WITHDRAWN)
        .select_related("group", "entrant_org")
        .prefetch_related(Prefetch("people", queryset=people, to_attr="live_people"))
        .order_by("group__order", "group_id", "rank", "pk")
    )


def entry_names(entry: Entry) -> str:
    """The entry's people for publication: the leader first, a team's names joined with 、."""
    people: list[EntryMember] = getattr(entry, "live_people", None) or list(
        entry.people.filter(active=True).select_related("member").order_by("-is_leader", "pk")
    )
    return "、".join(person.member.name for person in people)


def award_levels(contest_round: ContestRound) -> list[str]:
    """The award levels in the order of the round's rules (一等奖 first)."""
    levels: list[str] = []
    for rule in contest_round.award_rules or []:
        level = str(rule.get("level", "")).strip() if isinstance(rule, dict) else ""
        if level and level not in levels:
            levels.append(level)
    return levels


@dataclass
class AwardLine:
    level: str
    entries: list[Entry] = field(default_factory=list)


@dataclass
class GroupResults:
    group: ContestGroup
    awards: list[AwardLine] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(line.entries) for line in self.awards)

    @property
    def people_count(self) -> int:
        return sum(len(getattr(entry, "live_people", ())) for line in self.awards for entry in line.entries)


def results_by_group(contest_round: ContestRound) -> list[GroupResults]:
    """The awarded entries per group and award level: the levels in the rules' order, any other level the
    entries carry after them, in the order met."""
    order = award_levels(contest_round)
    groups: dict[int, GroupResults] = {}
    for entry in awarded_entries(contest_round):
        results = groups.setdefault(entry.group_id, GroupResults(group=entry.group))
        line = next((line for line in results.awards if line.level == entry.award), None)
        if line is None:
            line = AwardLine(level=entry.award)
            results.awards.append(line)
        line.entries.append(entry)
    for results in groups.values():
        results.awards.sort(key=lambda line: order.index(line.level) if line.level in order else len(order))
    return list(groups.values())


def contest_notices(contest: Contest) -> QuerySet[Notice]:
    """The 公示 owned by the contest, newest first (read through the contest the user sees)."""
    owner_type = ContentType.objects.get_for_model(Contest)
    return Notice.objects.filter(kind=NOTICE_KIND, owner_type=owner_type, owner_id=contest.pk).order_by(
        "-created_at", "-pk"
    )


def live_results_notice(contest: Contest) -> Notice | None:
    """The contest's results 公示 that is not cancelled (a draft, running or closed), if any."""
    return contest_notices(contest).exclude(status=NoticeStatus.CANCELLED).first()


@dataclass(frozen=True)
class CertificateCounts:
    issued: int
    revoked: int


def award_certificate_counts(contest: Contest) -> CertificateCounts:
    counts = certificates_of_owner(contest).filter(kind=AWARD_CERTIFICATE_KIND)
    return CertificateCounts(
        issued=counts.filter(status=CertificateStatus.VALID).count(),
        revoked=counts.filter(status=CertificateStatus.REVOKED).count(),
    )


def announcement_documents(user: Actor, contest: Contest) -> QuerySet[Document]:
    """The 公文 drafted from the contest that the user sees among the documents of the contest's union."""
    record_type = ContentType.objects.get_for_model(Contest)
    return document_list_for_user(user=user, within=contest.org).filter(
        Q(record_type=record_type, record_id=str(contest.pk))
    )


def issuer_ready(contest: Contest) -> bool:
    """Has the contest's union saved its 发文机关代字 (a draft needs it)?"""
    return issuer_series_configured(contest.org)


def holders_of(contest: Contest) -> list[tuple[Entry, Any]]:
    """(entry, person) for every person of every awarded entry of the results round: the certificate holders."""
    contest_round = results_round(contest)
    if contest_round is None:
        return []
    return [(entry, person) for entry in awarded_entries(contest_round) for person in entry.live_people]  # type: ignore[attr-defined]


# ---- the announcement's text (the record template's `draft`) ---------------------------------------------------

CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 23 → 二十三 (headings of a 公文 up to 99)."""
    tens, ones = divmod(n, 10)
    if n < 10:
        return CHINESE_DIGITS[n]
    head = "" if tens == 1 else CHINESE_DIGITS[tens]
    return f"{head}十{CHINESE_DIGITS[ones] if ones else ''}"


def _day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def book_title(title: str) -> str:
    """An entry's title in book-title marks for the 通报 and the certificate: 荷花 → 《荷花》, while a title already
    written with them stays as it is (《荷花》第二课时, not 《《荷花》第二课时》); "" for no title."""
    title = (title or "").strip()
    if not title:
        return ""
    return title if title.startswith("《") else f"《{title}》"


def _winner(entry: Entry) -> str:
    title = book_title(entry.title)
    return f"{entry_names(entry)}（{entry.entrant_org.name}）{title}"


# 主送 of the results 通报, the first that reaches unions below the organiser: a city union's county unions and its
# direct grassroots unions; a county union's grassroots unions; a grassroots union's branches.
MAIN_TO_PHRASES = ("各县区教育工会，各直属基层工会", "各基层工会", "各分工会")


def announcement_main_to(org: Org) -> str:
    for phrase in MAIN_TO_PHRASES:
        try:
            if phrase_orgs(phrase, issuer=org).exists():
                return phrase
        except ValidationError:  # a level the organiser does not have below it
            continue
    return MAIN_TO_PHRASES[0]


def announcement_text(contest: Contest) -> DraftText:
    """关于公布…结果的通报: the organisers and the rounds, the count per award level, then each group's winners by
    award level; 主送 the unions below the organiser (`announcement_main_to`); the co-organisers are the joint
    issuers (the union's 文号 leads)."""
    contest_round = results_round(contest)
    if contest_round is None:
        raise ValidationError({"contest": "竞赛最后一轮尚未确定结果，不能生成结果通报"})
    groups = results_by_group(contest_round)
    rounds = list(
        ContestRound.objects.filter(contest=contest).order_by("level").values_list("name", flat=True)
    )
    totals: dict[str, int] = {}
    for results in groups:
        for line in results.awards:
            totals[line.level] = totals.get(line.level, 0) + len(line.entries)
    order = award_levels(contest_round)
    levels = sorted(totals, key=lambda level: order.index(level) if level in order else len(order))
    organisers = "、".join([contest.org.name, *contest.co_organisers])
    held = "联合举办" if contest.co_organisers else "举办"
    counted = "、".join(f"{level}{totals[level]}名" for level in levels) or "获奖者"
    notice = live_results_notice(contest)
    published = ""
    if notice is not None and notice.starts_on and notice.ends_on and notice.status == NoticeStatus.CLOSED:
        published = f"获奖名单已于{_day(notice.starts_on)}至{_day(notice.ends_on)}进行公示，"
    lines = [
        f"{contest.year}年，{organisers}{held}了{contest.title}。竞赛经{'、'.join(rounds)}，"
        f"共评出{counted}。{published}现将获奖名单通报如下：",
    ]
    for number, results in enumerate(groups, start=1):
        lines.append(f"{chinese_number(number)}、{results.group.name}")
        for index, line in enumerate(results.awards, start=1):
            winners = "；".join(_winner(entry) for entry in line.entries)
            lines.append(f"（{chinese_number(index)}）{line.level}（{len(line.entries)}名）：{winners}")
    lines.append(
        "希望获奖者珍惜荣誉、再接再厉，在本职岗位上发挥示范带动作用。各单位要以此次竞赛为契机，"
        "深入开展岗位练兵和技能竞赛活动，不断提高职工队伍素质。"
    )
    return DraftText(
        title=f"关于公布{contest.title}结果的通报",
        body="\n".join(lines),
        main_to=announcement_main_to(contest.org),
        co_issuers=tuple(contest.co_organisers),
    )


def publication_timeline(contest: Contest) -> QuerySet[TimelineEntry]:
    """The contest's timeline rows of this part: the results 公示's steps and the 公文 drafted from it."""
    return timeline_for(contest).filter(
        Q(action__startswith="notice_") | Q(action=RecordAction.DOCUMENT_DRAFTED)
    )

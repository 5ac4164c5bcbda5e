"""Reads of judging and results: the round as the judging and results pages load it (`round_for_results_or_404`:
the organising union's viewers and the contest's partners, never the unions below nor judges), the judge
candidates (cadres and members of the organising union's subtree plus outside experts with a live 评委 grant on the
contest, minus the round's contestants; searched, labelled "姓名 · 所在工会" without phone numbers), the groups still
without a judge, and `group_results`: per group the ranked entries with their people, union, score, mean, trimmed mean,
each judge's total (outlying judges flagged for the organiser), rank, proposed or final award and promotion.

The cut rule lives here once (`cut_positions`), for the preview and for `services.judging.round_finalise`: a level
or the promotion takes the next `k` places of a group's ranking, and every entry tied with the last of them (same
rank) gets the same."""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Visitor
from gonghui.accounts.identity import mask_phone
from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.scoping import has_action, object_grant_allows
from gonghui.members.models import Member
from gonghui.reviews.aggregation import EntryResult, mean, rank
from gonghui.reviews.models import Judge, ReviewRound, ScoreSheetTemplate
from gonghui.reviews.selectors import JudgeProgress, RoundResults, judge_progress, round_results

from ..choices import AwardBasis, EntryStatus, RoundStatus
from ..models import Contest, ContestGroup, ContestRound, Entry, EntryMember
from ..permissions import VIEW
from .contests import outside_judges_of


def can_view_results(user: Visitor, contest: Contest) -> bool:
    """The organising union's viewers (its cadres and auditors, and those above) and the contest's partners (an
    object grant allowing `contests.view` on it). The unions entering members see their own entries elsewhere."""
    return has_action(user, VIEW, contest.org) or object_grant_allows(user, VIEW, contest)


def round_for_results_or_404(user: Visitor, round_id: int) -> ContestRound:
    """A round of a contest the user sees (else 404) with its contest and reviews round. Whether the user is among
    the results' viewers is `can_view_results` (the pages answer 403 otherwise)."""
    contests = Contest.objects.visible_to(user, VIEW)
    contest_round = (
        ContestRound.objects.filter(contest__in=contests, pk=round_id)
        .select_related("contest", "contest__org", "review_round", "review_round__template")
        .first()
    )
    if contest_round is None:
        raise Http404
    return contest_round


# ---- judges --------------------------------------------------------------------------------------------------


def _inside_q(contest: Contest) -> Q:
    path = contest.org.path
    return Q(grants__org__path__startswith=path) | Q(member__org__path__startswith=path)


def is_outside_judge(contest: Contest, user: User) -> bool:
    """An outside expert: a live 评委 grant on the contest (`selectors.contests.outside_judges_of`)."""
    return outside_judges_of(contest).filter(pk=user.pk).exists()


def is_round_entrant(contest_round: ContestRound, user: User) -> bool:
    """The account is a live person of one of the round's entries (a contestant never judges their round)."""
    return EntryMember.objects.filter(round=contest_round, active=True, member__user=user).exists()


def is_judge_candidate(contest: Contest, user: User) -> bool:
    """A cadre or member of the organising union's subtree, or an outside expert with a live 评委 grant on it."""
    if not user.is_active:
        return False
    if User.objects.filter(_inside_q(contest), pk=user.pk).exists():
        return True
    return is_outside_judge(contest, user)


JUDGE_CANDIDATES_SHOWN = 50


def judge_candidates(contest_round: ContestRound, query: str = "") -> QuerySet[User]:
    """Accounts that may judge the round, minus its judges already added and its entrants (live people of its
    entries), by name; with `query` those whose name, account or union (member's union or a cadre's granted union
    in the subtree) contains it."""
    contest = contest_round.contest
    inside = User.objects.filter(_inside_q(contest)).values("pk")
    outside = outside_judges_of(contest).values("pk")
    users = User.objects.filter(Q(pk__in=inside) | Q(pk__in=outside), is_active=True)
    if contest_round.review_round_id is not None:
        users = users.exclude(
            pk__in=Judge.objects.filter(round_id=contest_round.review_round_id).values("user_id")
        )
    entrants = EntryMember.objects.filter(round=contest_round, active=True, member__user__isnull=False)
    users = users.exclude(pk__in=entrants.values("member__user_id"))
    query = query.strip()
    if query:
        path = contest.org.path
        matching = User.objects.filter(
            Q(name__icontains=query)
            | Q(username__icontains=query)
            | Q(member__org__name__icontains=query)
            | Q(grants__org__name__icontains=query, grants__org__path__startswith=path)
        ).values("pk")
        users = users.filter(pk__in=matching)
    return users.order_by("name", "username")


def judge_candidate_labels(contest: Contest, users: Sequence[User]) -> dict[int, str]:
    """Each account as "姓名 · 所在工会" for the judge picker, never a phone number: a cadre's granted union in the
    organising subtree, else a member's union, else 外部专家 (an outside expert with a 评委 grant)."""
    pks = [user.pk for user in users]
    unions: dict[int, str] = {}
    for user_id, org_name in (
        RoleGrant.objects.filter(user_id__in=pks, org__path__startswith=contest.org.path)
        .order_by("org__path", "pk")
        .values_list("user_id", "org__name")
    ):
        unions.setdefault(user_id, org_name)
    for user_id, org_name in Member.objects.filter(user_id__in=pks).values_list("user_id", "org__name"):
        if user_id is not None:
            unions.setdefault(user_id, org_name)
    labels = {}
    for user in users:
        name = user.name or mask_phone(user.username)
        labels[user.pk] = f"{name} · {unions.get(user.pk, _('外部专家'))}"
    return labels


def groups_without_judges(contest_round: ContestRound) -> list[str]:
    """The names of the groups with an entry in the round's reviews round that no judge scores: none of that group
    and none without a group (such a judge scores every group). Empty when every group is covered."""
    if contest_round.review_round_id is None:
        return []
    judged = set(Judge.objects.filter(round_id=contest_round.review_round_id).values_list("group", flat=True))
    if "" in judged:
        return []
    names = (
        Entry.objects.filter(round=contest_round, review_entry__isnull=False)
        .order_by("group__order", "group_id")
        .values_list("group__name", flat=True)
        .distinct()
    )
    return [name for name in dict.fromkeys(names) if name not in judged]


def templates_for(user: Visitor) -> QuerySet[ScoreSheetTemplate]:
    """The score-sheet templates the organiser may use (their unions' and below)."""
    return ScoreSheetTemplate.objects.visible_to(user, "reviews.manage").order_by("-created_at", "-pk")


@dataclass(frozen=True)
class JudgeRow:
    judge: Judge
    progress: JudgeProgress
    is_outside: bool


@dataclass(frozen=True)
class JudgingGroup:
    """A contest group with the judges who score it (its own and those without a group) and their progress."""

    group: ContestGroup | None
    judges: list[JudgeRow]


def judging_groups(contest_round: ContestRound) -> list[JudgingGroup]:
    """The round's judges by contest group (a judge without a group under 全部组别), each with their progress."""
    if contest_round.review_round_id is None:
        return []
    judges = list(Judge.objects.filter(round_id=contest_round.review_round_id).select_related("user"))
    progress = judge_progress(judges)
    outside = set(outside_judges_of(contest_round.contest).values_list("pk", flat=True))
    groups = list(ContestGroup.objects.filter(contest_id=contest_round.contest_id))
    rows = [JudgeRow(judge, progress[judge.pk], judge.user_id in outside) for judge in judges]
    shown = [JudgingGroup(None, [row for row in rows if not row.judge.group])]
    for group in groups:
        shown.append(JudgingGroup(group, [row for row in rows if row.judge.group == group.name]))
    return shown


def sheets_left(contest_round: ContestRound) -> int:
    """Score sheets the round's judges have still to submit (entries shown to them minus sheets submitted)."""
    if contest_round.review_round_id is None:
        return 0
    judges = list(Judge.objects.filter(round_id=contest_round.review_round_id).select_related("user"))
    return sum(p.total - p.submitted for p in judge_progress(judges).values())


@dataclass(frozen=True)
class EntryCounts:
    confirmed: int
    unconfirmed: int


def entry_counts(contest_round: ContestRound) -> EntryCounts:
    """The round's confirmed entries (they are judged) and those still waiting for their people (left out)."""
    statuses = list(
        Entry.objects.filter(
            round=contest_round, status__in=(EntryStatus.CONFIRMED, EntryStatus.ENTERED)
        ).values_list("status", flat=True)
    )
    return EntryCounts(
        confirmed=statuses.count(EntryStatus.CONFIRMED), unconfirmed=statuses.count(EntryStatus.ENTERED)
    )


# ---- the cut rule, awards and promotion ------------------------------------------------------------------------


@dataclass(frozen=True)
class AwardRule:
    level: str
    basis: AwardBasis
    value: Decimal

    @property
    def label(self) -> str:
        if self.basis == AwardBasis.COUNT:
            return _("%(level)s：接下来 %(n)s 名") % {"level": self.level, "n": int(self.value)}
        if self.value >= 1:
            return _("%(level)s：本组其余全部") % {"level": self.level}
        percent = format((self.value * 100).normalize(), "f")
        return _("%(level)s：累计至本组前 %(p)s%%（向上取整）") % {"level": self.level, "p": percent}


def award_rules_of(contest_round: ContestRound) -> list[AwardRule]:
    """The round's award levels in order; a malformed rule is an error naming the level."""
    rules: list[AwardRule] = []
    for raw in contest_round.award_rules or []:
        level = str(raw.get("level", "")).strip() if isinstance(raw, dict) else ""
        label = level or _("（未命名）")
        try:
            basis = AwardBasis(raw.get("basis"))
            value = Decimal(str(raw.get("value", "")).strip())
        except (AttributeError, ValueError, InvalidOperation):
            raise ValidationError(_("奖项「%(level)s」的设置有误") % {"level": label}) from None
        if not level or not value.is_finite() or value <= 0:
            raise ValidationError(_("奖项「%(level)s」的设置有误") % {"level": label})
        if basis == AwardBasis.SHARE and value > 1:
            raise ValidationError(_("奖项「%(level)s」的比例须不超过 1") % {"level": label})
        if basis == AwardBasis.COUNT and value != value.to_integral_value():
            raise ValidationError(_("奖项「%(level)s」的名额须为整数") % {"level": label})
        rules.append(AwardRule(level=level, basis=basis, value=value))
    return rules


def cut_positions(ranks: Sequence[int], start: int, take: int) -> int:
    """With a group's ranks in order (1, 2, 2, 4 …), the places from `start` take `take` more, and every entry tied
    with the last one taken comes too. Returns the position after the last entry taken."""
    if take <= 0 or start >= len(ranks):
        return start
    end = min(start + take, len(ranks))
    last = ranks[end - 1]
    while end < len(ranks) and ranks[end] == last:
        end += 1
    return end


def awards_for(ranks: Sequence[int], rules: Sequence[AwardRule]) -> list[str]:
    """The award of each place (ranks in order), the rules taken in order and cumulatively: a count rule gives the
    next N places; a share rule gives the places up to ceil(share × entries of the group) minus those already
    awarded; entries tied with the last awarded place get the same award."""
    awards = [""] * len(ranks)
    given = 0
    for rule in rules:
        if rule.basis == AwardBasis.COUNT:
            take = int(rule.value)
        else:
            take = math.ceil(rule.value * len(ranks)) - given
        end = cut_positions(ranks, given, take)
        for index in range(given, end):
            awards[index] = rule.level
        given = end
    return awards


def promotion_count(contest_round: ContestRound, total: int) -> int | None:
    """How many places of a group of `total` ranked entries advance (before ties), or None without a rule."""
    if contest_round.promote_count:
        return int(contest_round.promote_count)
    if contest_round.promote_share:
        return math.ceil(Decimal(contest_round.promote_share) * total)
    return None


def promoted_for(ranks: Sequence[int], count: int | None) -> list[bool]:
    if count is None:
        return [False] * len(ranks)
    end = cut_positions(ranks, 0, count)
    return [index < end for index in range(len(ranks))]


def has_promotion_rule(contest_round: ContestRound) -> bool:
    return bool(contest_round.promote_count or contest_round.promote_share)


def next_round_of(contest_round: ContestRound) -> ContestRound | None:
    return ContestRound.objects.filter(
        contest_id=contest_round.contest_id, level=contest_round.level + 1
    ).first()


@dataclass(frozen=True)
class GroupPlace:
    """One ranked entry of a group: its rank within the group, final score, proposed award and promotion."""

    entry_id: int
    rank: int
    score: Decimal
    award: str
    promoted: bool


def places_from(
    contest_round: ContestRound, results: RoundResults, entry_groups: Sequence[tuple[int, int, int]]
) -> dict[int, list[GroupPlace]]:
    """Per contest group (by id) its ranked entries from the reviews results: re-ranked within the group with the
    round's tie rules, then awards and promotion by the cut rule. `entry_groups` holds (entry id, group id,
    review entry id); an entry without a submitted sheet is not ranked."""
    by_review = {r.result.entry_id: r.result for r in results.ranked}
    per_group: dict[int, list[EntryResult]] = {}
    for entry_id, group_id, review_entry_id in entry_groups:
        result = by_review.get(review_entry_id)
        if result is None:
            continue
        per_group.setdefault(group_id, []).append(
            EntryResult(
                entry_id=entry_id,
                score=result.score,
                totals=result.totals,
                criterion_means=result.criterion_means,
            )
        )
    rules = award_rules_of(contest_round)
    places: dict[int, list[GroupPlace]] = {}
    for group_id, group_results in per_group.items():
        ranked = rank(group_results, results.rules.tie_rules)
        ranks = [r.rank for r in ranked]
        awards = awards_for(ranks, rules)
        promoted = promoted_for(ranks, promotion_count(contest_round, len(ranked)))
        places[group_id] = [
            GroupPlace(r.result.entry_id, r.rank, r.result.score, awards[index], promoted[index])
            for index, r in enumerate(ranked)
        ]
    return places


def group_places(contest_round: ContestRound, review_round: ReviewRound) -> dict[int, list[GroupPlace]]:
    """`places_from` for the round as stored now (the finalising service's read)."""
    entries = Entry.objects.filter(round=contest_round, review_entry__isnull=False).values_list(
        "pk", "group_id", "review_entry_id"
    )
    return places_from(contest_round, round_results(review_round), list(entries))


# ---- the results page ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class JudgeCell:
    judge: Judge
    total: Decimal | None
    flagged: bool
    reason: str


@dataclass(frozen=True)
class ResultRow:
    entry: Entry
    people: str
    score: Decimal | None
    mean: Decimal | None
    trimmed_mean: Decimal | None
    cells: list[JudgeCell]
    rank: int | None
    award: str
    promoted: bool

    @property
    def flagged_count(self) -> int:
        return sum(1 for cell in self.cells if cell.flagged)


@dataclass(frozen=True)
class GroupResult:
    group: ContestGroup
    rows: list[ResultRow]
    judges: list[Judge]
    award_counts: dict[str, int] = field(default_factory=dict)
    promoted_count: int = 0

    @property
    def unranked(self) -> int:
        return sum(1 for row in self.rows if row.rank is None)

    @property
    def flagged_count(self) -> int:
        return sum(row.flagged_count for row in self.rows)


@dataclass(frozen=True)
class RoundResultsView:
    """What the results page shows: the groups' rankings, whether they are final, the rules stated."""

    groups: list[GroupResult]
    is_final: bool
    max_total: Decimal
    outlier_percent: str
    award_rules: list[AwardRule]
    rules_error: str
    flagged_count: int


def _people_names(entry: Entry) -> str:
    people = [p for p in entry.people.all() if p.active]
    return "、".join(p.member.name for p in people)


def _flag_reason(total: Decimal, others: list[Decimal], share: Decimal, max_total: Decimal) -> str:
    gap = abs(total - mean(others))
    return _("与其他评委平均分相差 %(gap)s 分，超过满分的 %(share)s%%（%(limit)s 分）") % {
        "gap": f"{gap:.2f}",
        "share": f"{share * 100:.0f}",
        "limit": f"{share * max_total:.2f}",
    }


def round_result_entries(contest_round: ContestRound) -> QuerySet[Entry]:
    """The round's judged entries with their group, union and live people (names), in group order."""
    return (
        Entry.objects.filter(round=contest_round, review_entry__isnull=False)
        .select_related("group", "entrant_org")
        .prefetch_related(
            Prefetch(
                "people",
                queryset=EntryMember.objects.filter(active=True).select_related("member"),
            )
        )
        .order_by("group__order", "group_id", "pk")
    )


def group_results(contest_round: ContestRound, *, show_flags: bool = True) -> RoundResultsView:
    """Per group the ranked rows (see the module docstring); before the round is final the rank, award and
    promotion are the proposal, afterwards what was written. Unranked entries (no submitted sheet) come last. A
    constant number of queries."""
    review_round = contest_round.review_round
    if review_round is None:
        return RoundResultsView([], False, Decimal(0), "", [], "", 0)
    is_final = contest_round.status == RoundStatus.FINAL
    results = round_results(review_round)
    entries = list(round_result_entries(contest_round))
    rules_error = ""
    places: dict[int, GroupPlace] = {}
    if not is_final:
        try:
            by_group = places_from(
                contest_round, results, [(e.pk, e.group_id, e.review_entry_id or 0) for e in entries]
            )
        except ValidationError as error:
            rules_error = "；".join(error.messages)
            by_group = {}
        places = {place.entry_id: place for group in by_group.values() for place in group}
    try:
        award_rules = award_rules_of(contest_round)
    except ValidationError:
        award_rules = []
    judges = {judge.pk: judge for judge in Judge.objects.filter(round=review_round).select_related("user")}
    share = results.rules.outlier_share
    groups: dict[int, tuple[ContestGroup, list[ResultRow]]] = {}
    flagged_total = 0
    for entry in entries:
        review_id = entry.review_entry_id or 0
        detail = results.details.get(review_id)
        flagged = results.outliers.get(review_id, set()) if show_flags else set()
        cells: list[JudgeCell] = []
        if detail is not None:
            for judge_id, total in detail.judge_totals.items():
                reason = ""
                if judge_id in flagged:
                    others = [t for jid, t in detail.judge_totals.items() if jid != judge_id]
                    reason = _flag_reason(total, others, share, results.max_total)
                    flagged_total += 1
                cells.append(JudgeCell(judges[judge_id], total, bool(reason), reason))
        if is_final:
            rank_, award, promoted, score = entry.rank, entry.award, entry.promoted, entry.score
        else:
            place = places.get(entry.pk)
            rank_ = place.rank if place else None
            award = place.award if place else ""
            promoted = bool(place and place.promoted)
            score = place.score if place else None
        row = ResultRow(
            entry=entry,
            people=_people_names(entry),
            score=score,
            mean=detail.mean if detail else None,
            trimmed_mean=detail.trimmed_mean if detail else None,
            cells=cells,
            rank=rank_,
            award=award,
            promoted=promoted,
        )
        groups.setdefault(entry.group_id, (entry.group, []))[1].append(row)
    shown: list[GroupResult] = []
    for group, rows in groups.values():
        rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.entry.pk))
        columns = sorted({cell.judge.pk for row in rows for cell in row.cells})
        group_judges = [judges[pk] for pk in columns]
        for row in rows:
            by_judge = {cell.judge.pk: cell for cell in row.cells}
            row.cells[:] = [by_judge.get(pk) or JudgeCell(judges[pk], None, False, "") for pk in columns]
        counts: dict[str, int] = {}
        for row in rows:
            if row.award:
                counts[row.award] = counts.get(row.award, 0) + 1
        shown.append(
            GroupResult(
                group=group,
                rows=rows,
                judges=group_judges,
                award_counts=counts,
                promoted_count=sum(1 for row in rows if row.promoted),
            )
        )
    return RoundResultsView(
        groups=shown,
        is_final=is_final,
        max_total=results.max_total,
        outlier_percent=f"{share * 100:.0f}",
        award_rules=award_rules,
        rules_error=rules_error,
        flagged_count=flagged_total,
    )

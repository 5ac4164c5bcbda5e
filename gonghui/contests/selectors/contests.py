"""Reads of contests, their groups and rounds: the list a user sees (search, year, status), one contest (scoped:
404 outside the user's view, 403 without `demand`), its groups with their entry counts, its rounds with their
quota figures, the rules in words, and the outside accounts judging it (`outside_judges_of`)."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.accounts.actors import Visitor
from gonghui.accounts.models import ObjectGrant, User
from gonghui.accounts.roles import JUDGE
from gonghui.orgs.models import Org
from gonghui.quotas.selectors import SetSummary, set_summary

from ..choices import AwardBasis, ContestStatus, EntryStatus, RoundStatus
from ..models import Contest, ContestGroup, ContestRound
from ..permissions import MANAGE, VIEW


def contest_list_for_user(
    user: Visitor, *, query: str = "", year: int | None = None, status: str = ""
) -> QuerySet[Contest]:
    contests = Contest.objects.visible_to(user, VIEW).select_related("org")
    if query:
        contests = contests.filter(Q(title__icontains=query) | Q(org__name__icontains=query))
    if year:
        contests = contests.filter(year=year)
    if status:
        contests = contests.filter(status=status)
    return contests.order_by("-year", "-created_at", "-pk")


def contest_years_for_user(user: Visitor) -> list[int]:
    """The years of the contests the user sees, newest first (the list's year filter)."""
    years = Contest.objects.visible_to(user, VIEW).values_list("year", flat=True).distinct()
    return sorted(set(years), reverse=True)


def contest_get_for_user(user: Visitor, pk: int, *, demand: str | None = None) -> Contest:
    """One contest the user sees (else 404); with `demand`, the user must hold it on the organising union (else
    403) — `contests.manage` there is the organiser."""
    return Contest.objects.select_related("org", "created_by").get_visible_or_404(
        user, VIEW, demand=demand, pk=pk
    )


def group_get_for_contest(contest: Contest, group_id: int) -> ContestGroup:
    """A group of a contest the user has already been given (read through its parent: 404 if not its group)."""
    return get_object_or_404(ContestGroup.objects.select_related("contest"), contest=contest, pk=group_id)


def round_get_for_user(user: Visitor, round_id: int, *, demand: str | None = None) -> ContestRound:
    """A round, read through its contest: 404 when the user does not see the contest, 403 without `demand`."""
    found = ContestRound.objects.filter(pk=round_id).values_list("contest_id", flat=True).first()
    if found is None:
        raise Http404
    contest = contest_get_for_user(user, found, demand=demand)
    contest_round = ContestRound.objects.select_related("quota_set").get(pk=round_id)
    contest_round.contest = contest
    return contest_round


def orgs_managed_by(user: Visitor) -> QuerySet[Org]:
    """The active unions where the user may organise a contest (主办工会 choices)."""
    return Org.objects.visible_to(user, MANAGE).filter(status="active").order_by("path")


def contest_group_choices(contest_id: int) -> QuerySet[ContestGroup]:
    """The groups of a contest already read through `visible_to`, in order (the choices of a form)."""
    return ContestGroup.objects.filter(contest_id=contest_id).order_by("order", "pk")


def contest_groups(contest: Contest) -> QuerySet[ContestGroup]:
    """The contest's groups in order, each with `entry_count` (entries in any round, withdrawn ones too: a group
    with any is kept) and `entered_count` (the live entries of the first round: 报名数)."""
    entered = Q(entries__round__level=1) & ~Q(entries__status=EntryStatus.WITHDRAWN)
    return (
        ContestGroup.objects.filter(contest=contest)
        .annotate(entry_count=Count("entries"), entered_count=Count("entries", filter=entered))
        .order_by("order", "pk")
    )


NOT_STARTED = "not_started"
AWAITING_PROMOTION = "awaiting_promotion"
ENTRY_CLOSED = "entry_closed"
ROUND_STATE_LABELS = {
    NOT_STARTED: "未开始",
    AWAITING_PROMOTION: "待晋级产生",
    ENTRY_CLOSED: "报名已截止",
}


def round_state(contest_round: ContestRound, contest: Contest | None = None) -> tuple[str, str]:
    """(key, label) of a round's state as the pages show it, not only its stored status: the contest still 筹备中 →
    未开始; a later round filled by promotion only (no quota of its own) → 待晋级产生; the first round past
    its deadline → 报名已截止; otherwise the round's status (报名中, 评审中, 已出结果). `contest` saves a query when
    the caller has it."""
    contest = contest or contest_round.contest
    if contest.status == ContestStatus.DRAFT:
        key = NOT_STARTED
    elif contest_round.status == RoundStatus.ENTERING and not contest_round.takes_entries:
        key = AWAITING_PROMOTION
    elif contest_round.status == RoundStatus.ENTERING and contest_round.entry_deadline <= timezone.now():
        key = ENTRY_CLOSED
    else:
        return str(contest_round.status), str(contest_round.get_status_display())
    return key, ROUND_STATE_LABELS[key]


def round_state_label(contest_round: ContestRound, contest: Contest | None = None) -> str:
    return round_state(contest_round, contest)[1]


@dataclass(frozen=True)
class RoundRow:
    """A round on the contest's page: the round, its quota figures (None without a quota), rules in words and its
    state as shown (`round_state`: key and label)."""

    round: ContestRound
    quota: SetSummary | None
    promotion: str
    awards: str
    state: str = ""
    state_label: str = ""

    @property
    def quota_unallocated(self) -> bool:
        """A quota set on a round still taking entries with nothing handed to the unions below: none may enter."""
        return (
            self.quota is not None
            and self.quota.total > 0
            and self.quota.allocated == 0
            and self.round.status == RoundStatus.ENTERING
        )


def share_text(value: Any) -> str:
    """0.3 → "30%", 0.125 → "12.5%"."""
    percent = (Decimal(str(value)) * 100).normalize()
    return f"{percent:f}%"


def promotion_text(contest_round: ContestRound) -> str:
    if contest_round.promote_count:
        return f"每组前 {contest_round.promote_count} 名晋级"
    if contest_round.promote_share:
        return f"每组前 {share_text(contest_round.promote_share)} 晋级"
    return "不设晋级"


def award_rules_text(rules: list[dict[str, str]]) -> str:
    """[{"level": "一等奖", "basis": "count", "value": "1"}, {"level": "二等奖", "basis": "count", "value": "3"},
    {"level": "三等奖", "basis": "share", "value": "0.3"}] → "一等奖：每组前 1 名；二等奖：其后 3 名；三等奖：累计至每组前
    30%" — a count rule gives the next N places, a share rule fills up to that share of the group (judging's cut
    rule)."""
    parts = []
    for index, rule in enumerate(rules or []):
        if rule.get("basis") == AwardBasis.SHARE and Decimal(str(rule.get("value") or 0)) >= 1:
            parts.append(f"{rule.get('level')}：{'每组全部' if index == 0 else '其余全部'}")
        elif rule.get("basis") == AwardBasis.SHARE:
            prefix = "每组前" if index == 0 else "累计至每组前"
            parts.append(f"{rule.get('level')}：{prefix} {share_text(rule.get('value') or 0)}")
        else:
            prefix = "每组前" if index == 0 else "其后"
            parts.append(f"{rule.get('level')}：{prefix} {rule.get('value')} 名")
    return "；".join(parts) or "不设奖项"


def contest_rounds(contest: Contest) -> list[RoundRow]:
    """The contest's rounds by level, each with its quota figures (total, allocated, used) and rules in words."""
    rounds = ContestRound.objects.filter(contest=contest).select_related("quota_set").order_by("level")
    rows = []
    for r in rounds:
        state, label = round_state(r, contest)
        rows.append(
            RoundRow(
                round=r,
                quota=set_summary(r.quota_set) if r.quota_set is not None else None,
                promotion=promotion_text(r),
                awards=award_rules_text(r.award_rules),
                state=state,
                state_label=label,
            )
        )
    return rows


def rounds_without_allocation(contest: Contest) -> list[RoundRow]:
    """The rounds whose entry quota is set but not yet handed out to any union below (`RoundRow.quota_unallocated`):
    the unions cannot enter anyone there until the organiser allocates it."""
    if contest.status == ContestStatus.FINISHED:
        return []
    return [row for row in contest_rounds(contest) if row.quota_unallocated]


def live_grants_on(contest: Contest) -> QuerySet[ObjectGrant]:
    """The outside-account grants on the contest that count now (not revoked, not expired)."""
    return ObjectGrant.objects.filter(
        content_type=ContentType.objects.get_for_model(Contest),
        object_id=contest.pk,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )


def outside_judges_of(contest: Contest) -> QuerySet[User]:
    """The accounts holding a live 评委 (judge) grant on the contest: the co-organiser's experts, whom the judging
    part makes judges of its rounds. Each once, by name."""
    granted = live_grants_on(contest).filter(role=JUDGE, user__is_active=True).values("user_id")
    return User.objects.filter(pk__in=granted).order_by("name", "username")

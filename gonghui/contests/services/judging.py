"""Judging and results of a contest round, on the reviews block: `round_judging_start` makes the round's reviews round
(评审) from its confirmed entries once the entry deadline passed, `contest_judge_add` adds a judge (a cadre or member
of the organising union's subtree, or an outside expert holding a live 评委 object grant on the contest, who
declares their 所在单位; never a contestant of the round), `contest_judging_open` opens scoring (refused while a
group with an entry in judging has no judge of its own and no judge scores every group), `round_entries_close`
(提前截止报名) moves a still-open deadline to now so judging can start at once, and `round_finalise` closes the
reviews round and makes the results final per group: score, rank (re-ranked within the group by the round's tie rules), award
(`award_rules`, cumulative in order), promotion (top N or a share, ties at the cut all advance) with each promoted
entry carried into the next round (`entry_carry_forward`), timeline rows and a message to every person.

The cut rule, once (`cut_positions`): a level or the promotion takes the next `k` places of the group's ranking,
and every entry tied with the last of them (same rank) gets the same. Keyword-only, actor explicit, one transaction
each with its timeline row."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.models import User
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.core.timeline import timeline_record
from gonghui.notifications.services import notify
from gonghui.reviews import services as reviews
from gonghui.reviews.choices import BlindMode
from gonghui.reviews.choices import RoundStatus as ReviewStatus
from gonghui.reviews.models import Judge, ReviewRound, ScoreSheetTemplate

from ..choices import ContestAction, ContestStatus, EntryAction, EntryStatus, RoundStatus
from ..events import contest_event, entry_event
from ..models import ContestGroup, ContestRound, Entry, EntryMember
from ..permissions import can_organise
from ..selectors.results import (
    can_view_results,
    group_places,
    group_results,
    groups_without_judges,
    has_promotion_rule,
    is_judge_candidate,
    is_outside_judge,
    is_round_entrant,
    next_round_of,
)
from ..spreadsheets import round_results_workbook

SCORE_PLACES = Decimal("0.001")
ROUND_ENTRIES_CLOSE = "round_entries_close"  # the contest timeline's action of 提前截止报名


def _require_organiser(actor: Actor, contest_round: ContestRound) -> None:
    if not can_organise(actor, contest_round.contest):
        raise PermissionDenied(_("无权组织该竞赛"))


def _locked_round(contest_round: ContestRound) -> ContestRound:
    return lock(ContestRound, pk=contest_round.pk, related=("contest", "contest__org"))


def entry_people_names(entry: Entry) -> str:
    """The names of the entry's live people, the leader first (`people` should be prefetched)."""
    people = [p for p in entry.people.all() if p.active]
    people.sort(key=lambda p: (not p.is_leader, p.pk))
    return "、".join(p.member.name for p in people)


def review_title(entry: Entry, *, number: int, blind: bool) -> str:
    """The entry's name in the reviews round: its title; without one the people's names — or, in a 盲评 round, a
    number within its group (names would tell the judges who entered)."""
    if entry.title.strip():
        return entry.title.strip()
    if blind:
        return _("%(group)s 第%(number)03d号") % {"group": entry.group.name, "number": number}
    return entry_people_names(entry) or _("参赛报名 %(pk)s") % {"pk": entry.pk}


@transaction.atomic
def round_judging_start(
    *, contest_round: ContestRound, template: ScoreSheetTemplate, blind_mode: str, actor: Actor
) -> ReviewRound:
    """开始评审: after the entry deadline, make the round's reviews round with `template` and every CONFIRMED entry
    (entries still waiting for their people's confirmation stay out); the round is then 评审中."""
    _require_organiser(actor, contest_round)
    locked = _locked_round(contest_round)
    contest = locked.contest
    if contest.status != ContestStatus.RUNNING:
        raise ValidationError(_("竞赛未在进行中"))
    if locked.status != RoundStatus.ENTERING or locked.review_round_id is not None:
        raise ValidationError(_("该赛段已开始评审"))
    if locked.entry_deadline > timezone.now():
        raise ValidationError(_("报名尚未截止"))
    entries = list(
        Entry.objects.filter(round=locked, status=EntryStatus.CONFIRMED)
        .select_related("group", "entrant_org")
        .prefetch_related("people__member")
        .order_by("group__order", "group_id", "pk")
    )
    if not entries:
        raise ValidationError(_("该赛段没有已确认的参赛报名，不能开始评审"))
    blind = BlindMode(blind_mode) == BlindMode.BLIND
    review_round = reviews.round_create(
        org=contest.org,
        owner=locked,
        template=template,
        title=f"{contest.title}·{locked.name}",
        blind_mode=BlindMode(blind_mode),
        actor=actor,
    )
    numbers: dict[int, int] = {}
    for entry in entries:
        numbers[entry.group_id] = numbers.get(entry.group_id, 0) + 1
        review_entry = reviews.entry_add(
            review_round=review_round,
            title=review_title(entry, number=numbers[entry.group_id], blind=blind),
            entrant_org=entry.entrant_org,
            unit=entry.entrant_org.unit_name or entry.entrant_org.name,
            group=entry.group.name,
            owner=entry,
            actor=actor,
        )
        entry.review_entry = review_entry
        entry.save(update_fields=["review_entry", "updated_at"])
    left_out = Entry.objects.filter(round=locked, status=EntryStatus.ENTERED).count()
    locked.review_round = review_round
    locked.status = RoundStatus.JUDGING
    locked.save(update_fields=["review_round", "status", "updated_at"])
    note = _("%(round)s：%(count)s 项参赛报名进入评审") % {"round": locked.name, "count": len(entries)}
    if left_out:
        note += _("；%(count)s 项未经本人确认，未纳入") % {"count": left_out}
    contest_event(contest=contest, actor=actor, action=ContestAction.ROUND_JUDGING, note=note)
    return review_round


def _review_round_of(contest_round: ContestRound) -> ReviewRound:
    if contest_round.status == RoundStatus.FINAL:
        raise ValidationError(_("该赛段的结果已确定"))
    if contest_round.review_round_id is None or contest_round.status != RoundStatus.JUDGING:
        raise ValidationError(_("该赛段尚未开始评审"))
    return ReviewRound.objects.select_related("org").get(pk=contest_round.review_round_id)


@transaction.atomic
def contest_judge_add(
    *,
    contest_round: ContestRound,
    user: User,
    actor: Actor,
    group: ContestGroup | None = None,
    unit: str = "",
) -> Judge:
    """Add a judge to the round's reviews round (while it is being set up): a cadre or member of the organising
    union's subtree, or an outside expert with a live 评委 grant on the contest, who must declare their 所在单位
    (entries of that unit are then hidden from them). With `group` the judge scores that group's entries only."""
    _require_organiser(actor, contest_round)
    review_round = _review_round_of(contest_round)
    contest = contest_round.contest
    if group is not None and group.contest_id != contest.pk:
        raise ValidationError({"group": _("组别不属于该竞赛")})
    if not is_judge_candidate(contest, user):
        raise ValidationError({"user": _("该账号不是本竞赛可选的评委")})
    if is_round_entrant(contest_round, user):
        raise ValidationError({"user": _("该账号是本赛段的参赛人员，不能担任评委")})
    if is_outside_judge(contest, user) and not unit.strip():
        raise ValidationError({"unit": _("外部评委请填写所在单位（该单位的参赛报名自动回避）")})
    return reviews.judge_add(
        review_round=review_round,
        user=user,
        group=group.name if group is not None else "",
        unit=unit,
        actor=actor,
    )


@transaction.atomic
def contest_judging_open(*, contest_round: ContestRound, actor: Actor) -> ReviewRound:
    """开始评分: the reviews round opens; the judges find it under 我的评审. Refused while a group with an entry in
    it has no judge of its own and no judge scores every group."""
    _require_organiser(actor, contest_round)
    review_round = _review_round_of(contest_round)
    missing = groups_without_judges(contest_round)
    if missing:
        raise ValidationError(
            _("组别%(groups)s还没有评委，请先为其添加评委（或添加评审全部组别的评委）")
            % {"groups": "、".join(f"「{name}」" for name in missing)}
        )
    return reviews.round_open(review_round=review_round, actor=actor)


@transaction.atomic
def round_entries_close(*, contest_round: ContestRound, actor: Actor) -> ContestRound:
    """提前截止报名: the organiser closes a round's entries now (its deadline still ahead, entries still open), so
    that judging can start at once; the contest's timeline notes the original deadline."""
    _require_organiser(actor, contest_round)
    locked = _locked_round(contest_round)
    if locked.contest.status != ContestStatus.RUNNING:
        raise ValidationError(_("竞赛未在进行中"))
    if locked.status != RoundStatus.ENTERING or locked.review_round_id is not None:
        raise ValidationError(_("该赛段已开始评审"))
    now = timezone.now()
    if locked.entry_deadline <= now:
        raise ValidationError(_("该赛段报名已截止"))
    planned = timezone.localtime(locked.entry_deadline)
    locked.entry_deadline = now
    locked.save(update_fields=["entry_deadline", "updated_at"])
    timeline_record(
        subject=locked.contest,
        actor=actor,
        action=ROUND_ENTRIES_CLOSE,
        action_label=_("提前截止报名"),
        to_state=str(locked.contest.status),
        note=_("%(round)s：提前截止报名（原定 %(deadline)s 截止）")
        % {"round": locked.name, "deadline": f"{planned:%Y-%m-%d %H:%M}"},
    )
    return locked


# ---- carrying forward and finalising ---------------------------------------------------------------------------


@transaction.atomic
def entry_carry_forward(*, entry: Entry, next_round: ContestRound, actor: Actor) -> Entry:
    """晋级: the entry's copy in the next round (same group, union, title and live people, confirmed, promoted
    from it; no quota is used). Idempotent: the copy made before is returned."""
    if not can_organise(actor, next_round.contest):
        raise PermissionDenied(_("无权组织该竞赛"))
    if next_round.contest_id != entry.round.contest_id or next_round.level != entry.round.level + 1:
        raise ValidationError(_("只能晋级到本竞赛的下一赛段"))
    existing = Entry.objects.filter(promoted_from=entry).first()
    if existing is not None:
        return existing
    now = timezone.now()
    carried = Entry.objects.create(
        round=next_round,
        group_id=entry.group_id,
        entrant_org_id=entry.entrant_org_id,
        title=entry.title,
        status=EntryStatus.CONFIRMED,
        promoted_from=entry,
        entered_by=actor,
    )
    for person in entry.people.filter(active=True).select_related("member").order_by("-is_leader", "pk"):
        try:
            with transaction.atomic():
                EntryMember.objects.create(
                    entry=carried,
                    round=next_round,
                    member_id=person.member_id,
                    is_leader=person.is_leader,
                    confirmed_at=person.confirmed_at or now,
                )
        except IntegrityError:
            raise ValidationError(
                _("%(name)s 已在「%(round)s」另有参赛报名，不能晋级")
                % {"name": person.member.name, "round": next_round.name}
            ) from None
    entry_event(
        entry=carried,
        actor=actor,
        action=EntryAction.PROMOTE,
        note=_("由「%(round)s」晋级") % {"round": entry.round.name},
    )
    return carried


def _result_text(contest_round: ContestRound, entry: Entry) -> str:
    parts = [_("组内第 %(rank)s 名") % {"rank": entry.rank}] if entry.rank else [_("未评出名次")]
    if entry.award:
        parts.append(entry.award)
    if entry.promoted:
        parts.append(_("晋级下一赛段"))
    return _("您在「%(contest)s」%(round)s（%(group)s）的结果：%(result)s") % {
        "contest": contest_round.contest.title,
        "round": contest_round.name,
        "group": entry.group.name,
        "result": "，".join(parts),
    }


@transaction.atomic
def round_finalise(*, contest_round: ContestRound, actor: Actor) -> ContestRound:
    """确定结果: close the reviews round if still open, then per group write each entry's score, rank, award and
    promotion, carry the promoted into the next round (refused when the round promotes but no next round takes
    entries), mark the round 已出结果, and tell every person their result."""
    _require_organiser(actor, contest_round)
    locked = _locked_round(contest_round)
    review_round = _review_round_of(locked)
    contest = locked.contest
    next_round = next_round_of(locked)
    if has_promotion_rule(locked) and (next_round is None or next_round.status != RoundStatus.ENTERING):
        raise ValidationError(_("本赛段设有晋级名额，但没有报名中的下一赛段，请先添加下一赛段"))
    if review_round.status == ReviewStatus.OPEN:
        review_round = reviews.round_close(review_round=review_round, actor=actor)
    elif review_round.status == ReviewStatus.DRAFT:
        raise ValidationError(_("评审尚未开始评分，不能确定结果"))
    places = {
        place.entry_id: place for group in group_places(locked, review_round).values() for place in group
    }
    entries = list(
        Entry.objects.filter(round=locked, review_entry__isnull=False)
        .select_related("group", "round")
        .prefetch_related("people__member__user")
        .order_by("group__order", "group_id", "pk")
    )
    promoted_count = 0
    for entry in entries:
        place = places.get(entry.pk)
        entry.score = place.score.quantize(SCORE_PLACES) if place else None
        entry.rank = place.rank if place else None
        entry.award = place.award if place else ""
        entry.promoted = bool(place and place.promoted)
        entry.save(update_fields=["score", "rank", "award", "promoted", "updated_at"])
        if entry.award:
            entry_event(entry=entry, actor=actor, action=EntryAction.AWARD, note=entry.award)
        if entry.promoted and next_round is not None:
            entry_carry_forward(entry=entry, next_round=next_round, actor=actor)
            entry_event(
                entry=entry,
                actor=actor,
                action=EntryAction.PROMOTE,
                note=_("晋级「%(round)s」") % {"round": next_round.name},
            )
            promoted_count += 1
        _tell_people(locked, entry)
    locked.status = RoundStatus.FINAL
    locked.save(update_fields=["status", "updated_at"])
    awarded = sum(1 for entry in entries if entry.award)
    contest_event(
        contest=contest,
        actor=actor,
        action=ContestAction.ROUND_FINAL,
        note=_("%(round)s：%(ranked)s 项评出名次，%(awarded)s 项获奖，%(promoted)s 项晋级")
        % {"round": locked.name, "ranked": len(places), "awarded": awarded, "promoted": promoted_count},
    )
    return locked


def _tell_people(contest_round: ContestRound, entry: Entry) -> None:
    users: list[Any] = [p.member.user for p in entry.people.all() if p.active and p.member.user is not None]
    if not users:
        return
    notify(
        recipients=users,
        title=_("竞赛结果：%(contest)s") % {"contest": contest_round.contest.title},
        body=_result_text(contest_round, entry),
        url=reverse("contests_portal:my_entry", args=[entry.public_id]),
        category="contests",
    )


def results_export(
    *, contest_round: ContestRound, actor: Actor, context: AuditContext | None = None
) -> bytes:
    """The round's results as xlsx (names of the people: audited) for whoever may see them; the organiser's
    outlying-judge marks are not in it."""
    if not can_view_results(actor, contest_round.contest):
        raise PermissionDenied(_("无权导出该赛段的结果"))
    if contest_round.review_round_id is None:
        raise ValidationError(_("该赛段尚未开始评审"))
    content = round_results_workbook(contest_round, group_results(contest_round, show_flags=False))
    audit_log(
        action=AuditAction.EXPORT,
        summary=_("导出竞赛结果：%(contest)s·%(round)s")
        % {"contest": contest_round.contest.title, "round": contest_round.name},
        actor=actor,
        context=context,
        subject=contest_round,
        org_id=contest_round.contest.org_id,
        detail={"final": contest_round.status == RoundStatus.FINAL},
    )
    return content

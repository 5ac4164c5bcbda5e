"""Judging a contest round on the reviews block: starting it (after the deadline, confirmed entries only, 盲评),
judges (inside candidates and outside experts with a 评委 grant, who declare their unit), conflicts of interest,
and making the results final (scores by the trimmed mean, ranks within groups with tie rules, awards, promotion
with each promoted entry carried into the next round, timeline rows, messages). Every example is computed by hand
in its comments.

The builders here (`Judged`, `judged_round`, `score`) are shared with test_results.py."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World, make_cadre, make_member_user
from gonghui.accounts.models import ObjectGrant
from gonghui.accounts.roles import JUDGE, PARTNER, UNION_STAFF
from gonghui.accounts.tests.factories import UserFactory
from gonghui.contests.choices import ContestAction, EntryAction, EntryStatus, RoundStatus
from gonghui.contests.models import Contest, ContestGroup, ContestRound, Entry
from gonghui.contests.services.judging import (
    contest_judge_add,
    contest_judging_open,
    entry_carry_forward,
    round_finalise,
    round_judging_start,
)
from gonghui.contests.tests.factories import (
    make_contest,
    make_contest_entry,
    make_contest_round,
    make_group,
    make_team_group,
)
from gonghui.core.models import TimelineEntry
from gonghui.members.tests.factories import MemberFactory
from gonghui.notifications.models import Notification
from gonghui.reviews.aggregation import TieRule
from gonghui.reviews.choices import RoundStatus as ReviewStatus
from gonghui.reviews.choices import TieRuleKind
from gonghui.reviews.models import Judge, ReviewEntry, ReviewRound, ScoreSheetTemplate
from gonghui.reviews.selectors import entries_for_judge
from gonghui.reviews.services import (
    CriterionInput,
    ScoreInput,
    conflict_declare,
    round_rules_set,
    sheet_save,
    sheet_submit,
    template_create,
)

PAST = dt.timedelta(days=1)


def past() -> dt.datetime:
    return timezone.now() - PAST


def make_sheet_template(*, org: Any, actor: Any) -> ScoreSheetTemplate:
    """教学设计 (40) + 课堂表现 (60): a sheet's total is their sum, out of 100."""
    return template_create(
        org=org,
        name="教学技能评分表",
        criteria=[
            CriterionInput(name="教学设计", max_points=Decimal(40)),
            CriterionInput(name="课堂表现", max_points=Decimal(60)),
        ],
        actor=actor,
    )


def grant_on(contest: Contest, user: Any, role: str, *, days: int = 30) -> ObjectGrant:
    return ObjectGrant.objects.create(
        user=user,
        role=role,
        content_type=ContentType.objects.get_for_model(Contest),
        object_id=contest.pk,
        org=contest.org,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )


def outside_expert(contest: Contest, username: str, *, days: int = 30) -> Any:
    """An account outside the union tree holding a live 评委 grant on the contest."""
    user = UserFactory.create(username=username, name=f"{username}专家")
    grant_on(contest, user, JUDGE, days=days)
    return user


def enter(
    contest_round: ContestRound,
    group: ContestGroup,
    org: Any,
    names: list[str],
    actor: Any,
    **extra: Any,
) -> Entry:
    members = [MemberFactory.create(org=org, name=name) for name in names]
    return make_contest_entry(
        contest_round=contest_round, group=group, entrant_org=org, members=members, actor=actor, **extra
    )


@dataclass
class Judged:
    world: World
    organiser: Any
    contest: Contest
    group: ContestGroup
    team: ContestGroup
    contest_round: ContestRound
    template: ScoreSheetTemplate
    entries: dict[str, Entry] = field(default_factory=dict)
    judges: list[Judge] = field(default_factory=list)

    @property
    def review_round(self) -> ReviewRound:
        self.contest_round.refresh_from_db()
        assert self.contest_round.review_round is not None
        return self.contest_round.review_round

    def entry(self, key: str) -> Entry:
        return Entry.objects.get(pk=self.entries[key].pk)


def judged_round(
    world: World,
    *,
    org: Any = None,
    organiser: Any = None,
    entries: dict[str, tuple[str, Any]] | None = None,
    judge_count: int = 3,
    tie_rules: tuple[TieRule, ...] = (),
    blind: bool = False,
    **round_extra: Any,
) -> Judged:
    """A running contest (groups 小学语文 and 护理团体) at `org` (the city by default) whose first round closed its
    entries yesterday, judging started with the confirmed `entries` ({key: (group "solo"/"team", entrant org)},
    titled by key), `judge_count` judges (评委 role at the organising union: no union of their own) added, the tie
    rules set and scoring opened."""
    org = org or world.city
    organiser = organiser or make_cadre(f"organiser_{org.code}", org)
    contest = make_contest(org=org, actor=organiser)
    group = make_group(contest=contest)
    team = make_team_group(contest=contest)
    contest_round = make_contest_round(contest=contest, entry_deadline=past(), **round_extra)
    template = make_sheet_template(org=org, actor=organiser)
    setup = Judged(world, organiser, contest, group, team, contest_round, template)
    for key, (which, entrant) in (entries or {}).items():
        setup.entries[key] = enter(
            contest_round, group if which == "solo" else team, entrant, [f"{key}选手"], organiser, title=key
        )
    round_judging_start(
        contest_round=contest_round,
        template=template,
        blind_mode="blind" if blind else "open",
        actor=organiser,
    )
    contest_round.refresh_from_db()
    for index in range(judge_count):
        user = make_cadre(f"pingwei_{org.code}_{index + 1}", org, role=JUDGE)
        setup.judges.append(contest_judge_add(contest_round=contest_round, user=user, actor=organiser))
    if tie_rules:
        round_rules_set(
            review_round=setup.review_round,
            actor=organiser,
            tie_rules=tie_rules,
            outlier_share="0.15",
            group_weights={},
            gap_share="0.15",
        )
    contest_judging_open(contest_round=contest_round, actor=organiser)
    return setup


def score(setup: Judged, judge: Judge, key: str, design: int, performance: int) -> None:
    """The judge scores entry `key` (教学设计, 课堂表现) and submits."""
    entry = setup.entry(key)
    assert entry.review_entry is not None
    criteria = {c.name: c.pk for c in setup.template.criteria.all()}
    sheet = sheet_save(
        judge=judge,
        entry=entry.review_entry,
        scores={
            criteria["教学设计"]: ScoreInput(design),
            criteria["课堂表现"]: ScoreInput(performance),
        },
        actor=judge.user,
    )
    sheet_submit(sheet=sheet, actor=judge.user)


def score_all(setup: Judged, key: str, design: int, performance: int) -> None:
    for judge in setup.judges:
        score(setup, judge, key, design, performance)


# ---- starting judging ----------------------------------------------------------------------------------------


def test_judging_starts_after_the_deadline_with_confirmed_entries_only(world):
    # given a round whose entries closed yesterday: two confirmed entries and one still waiting for its person
    organiser = make_cadre("organiser", world.city)
    contest = make_contest(org=world.city, actor=organiser)
    group = make_group(contest=contest)
    contest_round = make_contest_round(contest=contest, entry_deadline=past())
    titled = enter(contest_round, group, world.org_a, ["王老师"], organiser, title="古诗两首")
    untitled = enter(contest_round, group, world.org_b, ["李老师"], organiser)
    waiting = enter(contest_round, group, world.org_a, ["赵老师"], organiser, status=EntryStatus.ENTERED)
    template = make_sheet_template(org=world.city, actor=organiser)

    # when the organiser starts judging
    review_round = round_judging_start(
        contest_round=contest_round, template=template, blind_mode="open", actor=organiser
    )

    # then a reviews round owned by the contest round holds the two confirmed entries, named and grouped
    contest_round.refresh_from_db()
    assert contest_round.status == RoundStatus.JUDGING
    assert contest_round.review_round == review_round
    assert review_round.title == f"{contest.title}·基层初赛"
    assert review_round.owner == contest_round
    assert review_round.org == world.city
    rows = list(ReviewEntry.objects.filter(round=review_round).order_by("pk"))
    assert [(r.title, r.entrant_org, r.unit, r.group) for r in rows] == [
        ("古诗两首", world.org_a, "甲县第一中学", "小学语文"),
        ("李老师", world.org_b, "乙县人民医院", "小学语文"),
    ]
    assert [r.owner for r in rows] == [titled, untitled]
    assert Entry.objects.get(pk=titled.pk).review_entry == rows[0]
    assert Entry.objects.get(pk=waiting.pk).review_entry is None
    # and the contest's timeline says how many were judged and how many left out
    event = TimelineEntry.objects.get(action=ContestAction.ROUND_JUDGING)
    assert event.object_id == str(contest.pk)
    assert event.note == "基层初赛：2 项参赛报名进入评审；1 项未经本人确认，未纳入"


def test_judging_is_refused_before_the_deadline_and_to_others(world):
    organiser = make_cadre("organiser", world.city)
    contest = make_contest(org=world.city, actor=organiser)
    group = make_group(contest=contest)
    contest_round = make_contest_round(contest=contest)  # closes in 14 days
    enter(contest_round, group, world.org_a, ["王老师"], organiser)
    template = make_sheet_template(org=world.city, actor=organiser)

    with pytest.raises(ValidationError, match="报名尚未截止"):
        round_judging_start(
            contest_round=contest_round, template=template, blind_mode="open", actor=organiser
        )
    ContestRound.objects.filter(pk=contest_round.pk).update(entry_deadline=past())
    contest_round.refresh_from_db()
    # a union below the organiser (org A's admin) may not start it
    with pytest.raises(PermissionDenied):
        round_judging_start(
            contest_round=contest_round, template=template, blind_mode="open", actor=world.org_admin
        )
    assert ReviewRound.objects.count() == 0
    assert ContestRound.objects.get(pk=contest_round.pk).status == RoundStatus.ENTERING


def test_judging_without_a_confirmed_entry_is_refused(world):
    organiser = make_cadre("organiser", world.city)
    contest = make_contest(org=world.city, actor=organiser)
    group = make_group(contest=contest)
    contest_round = make_contest_round(contest=contest, entry_deadline=past())
    enter(contest_round, group, world.org_a, ["赵老师"], organiser, status=EntryStatus.ENTERED)
    template = make_sheet_template(org=world.city, actor=organiser)
    with pytest.raises(ValidationError, match="没有已确认的参赛报名"):
        round_judging_start(
            contest_round=contest_round, template=template, blind_mode="open", actor=organiser
        )
    assert ReviewRound.objects.count() == 0


# ---- judges and conflicts of interest ------------------------------------------------------------------------


def _started(world: World) -> Judged:
    """Judging started (not open yet) on entries of org A and org B in 小学语文."""
    organiser = make_cadre("organiser", world.city)
    contest = make_contest(org=world.city, actor=organiser)
    group = make_group(contest=contest)
    team = make_team_group(contest=contest)
    contest_round = make_contest_round(contest=contest, entry_deadline=past())
    template = make_sheet_template(org=world.city, actor=organiser)
    setup = Judged(world, organiser, contest, group, team, contest_round, template)
    setup.entries["甲"] = enter(contest_round, group, world.org_a, ["甲选手"], organiser, title="甲校课例")
    setup.entries["乙"] = enter(contest_round, group, world.org_b, ["乙选手"], organiser, title="乙院课例")
    setup.entries["甲县"] = enter(
        contest_round, group, world.county_x, ["县选手"], organiser, title="甲县课例"
    )
    round_judging_start(contest_round=contest_round, template=template, blind_mode="open", actor=organiser)
    contest_round.refresh_from_db()
    return setup


def test_a_judge_from_the_entrants_union_never_sees_its_entry(world):
    # given org A's staff member added as a judge (a cadre inside the city's subtree)
    setup = _started(world)
    staff = make_cadre("staff_a", world.org_a, role=UNION_STAFF)
    judge = contest_judge_add(contest_round=setup.contest_round, user=staff, actor=setup.organiser)
    contest_judging_open(contest_round=setup.contest_round, actor=setup.organiser)

    # then the entry of org A is not among theirs, and scoring it is refused
    assert {e.title for e in entries_for_judge(judge)} == {"乙院课例", "甲县课例"}
    own = setup.entry("甲").review_entry
    assert own is not None
    with pytest.raises(PermissionDenied):
        sheet_save(judge=judge, entry=own, scores={}, actor=staff)
    # and on the judge's phone page it answers 404
    client = Client()
    client.force_login(staff)
    assert client.get(reverse("reviews:judge_sheet", args=[judge.pk, own.pk])).status_code == 404


def test_an_outside_expert_declares_a_unit_and_conflicts(world):
    setup = _started(world)
    expert = outside_expert(setup.contest, "zhuanjia")

    # an outside expert must say where they work
    with pytest.raises(ValidationError) as error:
        contest_judge_add(contest_round=setup.contest_round, user=expert, actor=setup.organiser)
    assert error.value.message_dict == {"unit": ["外部评委请填写所在单位（该单位的参赛报名自动回避）"]}

    # declaring org B's unit hides org B's entry
    judge = contest_judge_add(
        contest_round=setup.contest_round, user=expert, unit="乙县人民医院", actor=setup.organiser
    )
    contest_judging_open(contest_round=setup.contest_round, actor=setup.organiser)
    assert {e.title for e in entries_for_judge(judge)} == {"甲校课例", "甲县课例"}

    # a conflict declared on the judge page removes one more
    client = Client()
    client.force_login(expert)
    entry = setup.entry("甲县").review_entry
    assert entry is not None
    answer = client.post(
        reverse("reviews:judge_conflict", args=[judge.pk, entry.pk]), {"reason": "曾指导该选手"}
    )
    assert answer.status_code == 302
    assert {e.title for e in entries_for_judge(judge)} == {"甲校课例"}
    assert client.get(reverse("reviews:judge_sheet", args=[judge.pk, entry.pk])).status_code == 404


def test_conflict_declared_by_the_service_removes_the_entry(world):
    setup = _started(world)
    judge = contest_judge_add(
        contest_round=setup.contest_round,
        user=make_cadre("pingwei", world.city, role=JUDGE),
        actor=setup.organiser,
    )
    contest_judging_open(contest_round=setup.contest_round, actor=setup.organiser)
    entry = setup.entry("乙").review_entry
    assert entry is not None
    conflict_declare(judge=judge, entry=entry, reason="亲属", actor=judge.user)
    assert {e.title for e in entries_for_judge(judge)} == {"甲校课例", "甲县课例"}
    with pytest.raises(PermissionDenied):
        sheet_save(judge=judge, entry=entry, scores={}, actor=judge.user)


@pytest.mark.parametrize(
    ("_case", "who", "message"),
    [
        ("an account of no union and no grant", "nobody", "该账号不是本竞赛可选的评委"),
        ("an expired 评委 grant", "expired", "该账号不是本竞赛可选的评委"),
        ("a partner grant is not a judge grant", "partner", "该账号不是本竞赛可选的评委"),
    ],
)
def test_only_candidates_become_judges(world, _case, who, message):
    setup = _started(world)
    user = UserFactory.create(username=who)
    if who == "expired":
        grant_on(setup.contest, user, JUDGE, days=-1)
    if who == "partner":
        grant_on(setup.contest, user, PARTNER)
    with pytest.raises(ValidationError) as error:
        contest_judge_add(contest_round=setup.contest_round, user=user, unit="某大学", actor=setup.organiser)
    assert error.value.message_dict == {"user": [message]}
    assert Judge.objects.count() == 0


def test_a_judge_of_one_group_scores_that_group_only(world):
    setup = _started(world)
    team_entry = enter(setup.contest_round, setup.team, world.org_b, ["护士甲", "护士乙"], setup.organiser)
    assert team_entry.review_entry is None  # entered after judging started: not in it
    judge = contest_judge_add(
        contest_round=setup.contest_round,
        user=make_cadre("pingwei", world.city, role=JUDGE),
        group=setup.team,
        actor=setup.organiser,
    )
    assert judge.group == "护理团体"
    contest_judge_add(
        contest_round=setup.contest_round,
        user=make_cadre("pingwei_yuwen", world.city, role=JUDGE),
        group=setup.group,
        actor=setup.organiser,
    )  # 小学语文 has entries in judging: scoring opens only when it has a judge too
    contest_judging_open(contest_round=setup.contest_round, actor=setup.organiser)
    assert list(entries_for_judge(judge)) == []


def test_blind_judging_hides_the_union_and_the_people_from_the_judge(world):
    # given a 盲评 round with one untitled entry of org A's 王老师 and a titled one of org B
    organiser = make_cadre("organiser", world.city)
    contest = make_contest(org=world.city, actor=organiser)
    group = make_group(contest=contest)
    contest_round = make_contest_round(contest=contest, entry_deadline=past())
    _user, member = make_member_user("13700005555", world.org_a, name="王晓梅")
    make_contest_entry(
        contest_round=contest_round, group=group, entrant_org=world.org_a, members=[member], actor=organiser
    )
    enter(contest_round, group, world.org_b, ["李晓兰"], organiser, title="《荷花》教学设计")
    template = make_sheet_template(org=world.city, actor=organiser)
    round_judging_start(contest_round=contest_round, template=template, blind_mode="blind", actor=organiser)
    contest_round.refresh_from_db()
    pingwei = make_cadre("pingwei", world.city, role=JUDGE)
    judge = contest_judge_add(contest_round=contest_round, user=pingwei, actor=organiser)
    contest_judging_open(contest_round=contest_round, actor=organiser)

    # then the untitled entry is named by its number in the group, never by its person
    assert sorted(ReviewEntry.objects.values_list("title", flat=True)) == [
        "《荷花》教学设计",
        "小学语文 第001号",
    ]
    # and the judge's pages show neither union, unit nor person
    client = Client()
    client.force_login(pingwei)
    pages = [client.get(reverse("reviews:judge_round", args=[judge.pk])).content.decode()]
    for entry in ReviewEntry.objects.all():
        pages.append(client.get(reverse("reviews:judge_sheet", args=[judge.pk, entry.pk])).content.decode())
    for html in pages:
        assert "小学语文 第001号" in pages[0]
        for secret in ("王晓梅", "李晓兰", "甲县第一中学", "乙县人民医院"):
            assert secret not in html


# ---- making the results final --------------------------------------------------------------------------------


def test_five_judges_give_the_trimmed_mean(world):
    # given five judges whose totals for entry 甲 are 90, 85, 80, 70, 60
    setup = judged_round(world, entries={"甲": ("solo", world.org_a)}, judge_count=5)
    for judge, (design, performance) in zip(
        setup.judges, [(36, 54), (35, 50), (30, 50), (30, 40), (20, 40)], strict=True
    ):
        score(setup, judge, "甲", design, performance)

    # when the results are made final
    round_finalise(contest_round=setup.contest_round, actor=setup.organiser)

    # then the score drops 90 and 60: (85 + 80 + 70) / 3 = 78.333
    entry = setup.entry("甲")
    assert entry.score == Decimal("78.333")
    assert entry.rank == 1
    assert ReviewRound.objects.get(pk=setup.review_round.pk).status == ReviewStatus.CLOSED


SOLO_SCORES = {
    # (教学设计, 课堂表现) given by each of three judges; total, rank by the tie rule 教学设计
    "A": (35, 55),  # 90 → 1
    "B": (35, 45),  # 80, design 35 → 2
    "C": (30, 50),  # 80, design 30 → 3
    "D": (30, 40),  # 70 → 4
    "E": (30, 40),  # 70 → 4 (the same on every rule: an unbroken tie)
    "F": (20, 40),  # 60 → 6
}


def six_and_two(world: World, **round_extra: Any) -> Judged:
    """Six solo entries scored as SOLO_SCORES and two team entries (T1 75, T2 85) by three judges, ties broken by
    教学设计."""
    entries = {key: ("solo", world.org_a if key in "ACE" else world.org_b) for key in SOLO_SCORES}
    entries.update({"T1": ("team", world.org_a), "T2": ("team", world.org_b)})
    setup = judged_round(
        world,
        entries=entries,
        tie_rules=(TieRule(TieRuleKind.CRITERION, "教学设计"),),
        **round_extra,
    )
    for key, (design, performance) in SOLO_SCORES.items():
        score_all(setup, key, design, performance)
    score_all(setup, "T1", 30, 45)
    score_all(setup, "T2", 35, 50)
    return setup


AWARDS = [
    {"level": "一等奖", "basis": "count", "value": "1"},
    {"level": "二等奖", "basis": "count", "value": "3"},
    {"level": "三等奖", "basis": "share", "value": "0.9"},
]


def test_ranks_awards_and_promotion_are_written_per_group(world):
    # given the six solo and two team entries, awards 一等奖 1 / 二等奖 the next 3 / 三等奖 up to 90 %, the top 4
    # of each group promoted, and a next round taking entries
    setup = six_and_two(world, award_rules=AWARDS, promote_count=4)
    final = make_contest_round(contest=setup.contest, level=2)

    # when the results are made final
    round_finalise(contest_round=setup.contest_round, actor=setup.organiser)

    # then 小学语文 ranks A, B, C, D = E, F: 一等奖 A; 二等奖 B, C, D and E (tied with D); 三等奖 ceil(0.9 × 6) =
    # 6 minus the 5 awarded = 1: F; the top 4 advance and E, tied with D at the cut, too
    solo = {key: setup.entry(key) for key in SOLO_SCORES}
    assert {k: (e.rank, e.score, e.award, e.promoted) for k, e in solo.items()} == {
        "A": (1, Decimal("90.000"), "一等奖", True),
        "B": (2, Decimal("80.000"), "二等奖", True),
        "C": (3, Decimal("80.000"), "二等奖", True),
        "D": (4, Decimal("70.000"), "二等奖", True),
        "E": (4, Decimal("70.000"), "二等奖", True),
        "F": (6, Decimal("60.000"), "三等奖", False),
    }
    # 护理团体 ranks on its own: T2 (85) first, T1 (75) second; ceil(0.9 × 2) = 2 places in all
    assert (setup.entry("T2").rank, setup.entry("T2").award) == (1, "一等奖")
    assert (setup.entry("T1").rank, setup.entry("T1").award) == (2, "二等奖")
    # the promoted are in the next round: same group, union, title, people, confirmed, promoted from
    carried = Entry.objects.filter(round=final).order_by("pk")
    assert [e.title for e in carried] == ["A", "B", "C", "D", "E", "T1", "T2"]
    copy = carried.get(title="B")
    assert copy.promoted_from == solo["B"]
    assert (copy.group, copy.entrant_org, copy.status) == (setup.group, world.org_b, EntryStatus.CONFIRMED)
    assert [p.member.name for p in copy.people.all()] == ["B选手"]
    assert copy.people.get().confirmed_at is not None
    assert ContestRound.objects.get(pk=setup.contest_round.pk).status == RoundStatus.FINAL


def test_promotion_by_share_with_a_tie_at_the_cut(world):
    # ceil(0.6 × 6) = 4 places: A, B, C, D; E is tied with D and advances as well; F does not
    setup = six_and_two(world, promote_share=Decimal("0.6"))
    make_contest_round(contest=setup.contest, level=2)
    round_finalise(contest_round=setup.contest_round, actor=setup.organiser)
    assert {k: setup.entry(k).promoted for k in SOLO_SCORES} == {
        "A": True,
        "B": True,
        "C": True,
        "D": True,
        "E": True,
        "F": False,
    }
    # in 护理团体 ceil(0.6 × 2) = 2: both
    assert setup.entry("T1").promoted
    assert setup.entry("T2").promoted


def test_finalise_refuses_a_promotion_without_a_next_round(world):
    setup = six_and_two(world, promote_count=3)
    with pytest.raises(ValidationError, match="没有报名中的下一赛段"):
        round_finalise(contest_round=setup.contest_round, actor=setup.organiser)
    assert ContestRound.objects.get(pk=setup.contest_round.pk).status == RoundStatus.JUDGING
    assert Entry.objects.filter(rank__isnull=False).count() == 0
    assert ReviewRound.objects.get(pk=setup.review_round.pk).status == ReviewStatus.OPEN


def test_finalise_refuses_before_judging_and_to_others(world):
    organiser = make_cadre("organiser", world.city)
    contest = make_contest(org=world.city, actor=organiser)
    contest_round = make_contest_round(contest=contest)
    with pytest.raises(ValidationError, match="尚未开始评审"):
        round_finalise(contest_round=contest_round, actor=organiser)
    setup = six_and_two(world)
    with pytest.raises(PermissionDenied):
        round_finalise(contest_round=setup.contest_round, actor=world.org_admin)
    assert ContestRound.objects.get(pk=setup.contest_round.pk).status == RoundStatus.JUDGING


def test_finalise_writes_timelines_and_tells_each_person(world):
    # given entry A of a member with an account (the others' people have none)
    setup = judged_round(
        world,
        entries={"A": ("solo", world.org_a), "B": ("solo", world.org_b)},
        award_rules=[{"level": "一等奖", "basis": "count", "value": "1"}],
        promote_count=1,
    )
    user, member = make_member_user("13700006666", world.org_a, name="陈一鸣")
    entry_a = setup.entry("A")
    entry_a.people.update(member=member)
    score_all(setup, "A", 35, 55)
    score_all(setup, "B", 30, 40)
    following = make_contest_round(contest=setup.contest, level=2, name="市级决赛")

    round_finalise(contest_round=setup.contest_round, actor=setup.organiser)

    # the entry's timeline has 获奖 and 晋级; the copy's has 晋级 (from where); the contest's 确定结果
    rows = TimelineEntry.objects.filter(object_id=str(entry_a.pk), content_type__model="entry")
    assert sorted(rows.values_list("action", "note")) == [
        (EntryAction.AWARD, "一等奖"),
        (EntryAction.PROMOTE, "晋级「市级决赛」"),
    ]
    copy = Entry.objects.get(round=following)
    assert TimelineEntry.objects.get(object_id=str(copy.pk), content_type__model="entry").note == (
        "由「基层初赛」晋级"
    )
    event = TimelineEntry.objects.get(action=ContestAction.ROUND_FINAL)
    assert event.note == "基层初赛：2 项评出名次，1 项获奖，1 项晋级"
    # and the person got a message naming the result
    message = Notification.objects.get(recipient=user)
    assert message.title == f"竞赛结果：{setup.contest.title}"
    assert message.body == (
        f"您在「{setup.contest.title}」基层初赛（小学语文）的结果：组内第 1 名，一等奖，晋级下一赛段"
    )
    assert message.url == reverse("contests_portal:my_entry", args=[entry_a.public_id])


def test_carrying_forward_is_idempotent_and_refuses_a_person_already_entered(world):
    setup = judged_round(world, entries={"A": ("solo", world.org_a)})
    following = make_contest_round(contest=setup.contest, level=2)
    entry = setup.entry("A")
    first = entry_carry_forward(entry=entry, next_round=following, actor=setup.organiser)
    again = entry_carry_forward(entry=entry, next_round=following, actor=setup.organiser)
    assert first == again
    assert Entry.objects.filter(round=following).count() == 1
    # a round two levels on is not the next round
    third = make_contest_round(contest=setup.contest, level=3)
    with pytest.raises(ValidationError, match="下一赛段"):
        entry_carry_forward(entry=entry, next_round=third, actor=setup.organiser)
    # a person already in a live entry of the next round cannot be carried there twice
    other = judged_round(world, org=world.county_x, entries={"B": ("solo", world.org_a)})
    nxt = make_contest_round(contest=other.contest, level=2)
    person = other.entry("B").people.get().member
    make_contest_entry(
        contest_round=nxt, group=other.group, entrant_org=world.org_a, members=[person], actor=other.organiser
    )
    with pytest.raises(ValidationError, match="B选手 已在「县区复赛」另有参赛报名"):
        entry_carry_forward(entry=other.entry("B"), next_round=nxt, actor=other.organiser)
    assert Entry.objects.filter(promoted_from=other.entry("B")).count() == 0


def test_an_entry_without_a_submitted_sheet_is_not_ranked(world):
    setup = judged_round(world, entries={"A": ("solo", world.org_a), "B": ("solo", world.org_b)})
    score_all(setup, "A", 30, 40)
    round_finalise(contest_round=setup.contest_round, actor=setup.organiser)
    b = setup.entry("B")
    assert (b.rank, b.score, b.award, b.promoted) == (None, None, "", False)
    assert setup.entry("A").rank == 1


def test_a_round_is_finalised_once(world):
    setup = judged_round(world, entries={"A": ("solo", world.org_a)})
    score_all(setup, "A", 30, 40)
    round_finalise(contest_round=setup.contest_round, actor=setup.organiser)
    with pytest.raises(ValidationError, match="该赛段的结果已确定"):
        round_finalise(contest_round=setup.contest_round, actor=setup.organiser)
    assert TimelineEntry.objects.filter(action=ContestAction.ROUND_FINAL).count() == 1

"""Results of a contest round: the cut rule for awards and promotion (hand-computed rankings), the per-group rows of
`group_results` (trimmed mean, each judge's total, the outlying judge flagged for the organiser only), the preview
before finalising and the stored table after, and the judging and results pages: the organiser (org A's admin),
org A's plain member (403), org B's admin (404), the contest's partner (reads, changes nothing) and a judge (sees
nothing here); the export is audited and no-store."""

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World
from gonghui.accounts.roles import PARTNER
from gonghui.accounts.tests.factories import UserFactory
from gonghui.contests.choices import AwardBasis, EntryStatus, RoundStatus
from gonghui.contests.models import Contest, ContestRound, Entry
from gonghui.contests.selectors.results import (
    AwardRule,
    awards_for,
    cut_positions,
    group_results,
    promoted_for,
)
from gonghui.contests.services.judging import round_finalise, round_judging_start
from gonghui.contests.tests.factories import make_contest, make_contest_round, make_group
from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog
from gonghui.reviews.choices import RoundStatus as ReviewStatus
from gonghui.reviews.models import Judge, ReviewRound

from .test_judging import (
    Judged,
    enter,
    grant_on,
    judged_round,
    make_sheet_template,
    outside_expert,
    past,
    score,
    score_all,
)


def _rule(level: str, basis: str, value: str) -> AwardRule:
    return AwardRule(level, AwardBasis(basis), Decimal(value))


# ---- the cut rule --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "ranks", "start", "take", "end"),
    [
        ("the next two places", [1, 2, 3, 4], 0, 2, 2),
        ("a tie at the cut comes along", [1, 2, 2, 4], 0, 2, 3),
        ("a three-way tie at the cut", [1, 2, 2, 2, 5], 1, 1, 4),
        ("nothing to take", [1, 2, 3], 1, 0, 1),
        ("more than there are", [1, 2], 1, 5, 2),
    ],
)
def test_cut_positions(_case, ranks, start, take, end):
    assert cut_positions(ranks, start, take) == end


def test_awards_by_share_of_ten_entries():
    # 一等奖 10 %: ceil(1) = 1; 二等奖 up to 30 %: ceil(3) − 1 = 2; 三等奖 up to 60 %: ceil(6) − 3 = 3; 4 without
    rules = [
        _rule("一等奖", "share", "0.1"),
        _rule("二等奖", "share", "0.3"),
        _rule("三等奖", "share", "0.6"),
    ]
    assert awards_for(list(range(1, 11)), rules) == [
        "一等奖",
        "二等奖",
        "二等奖",
        "三等奖",
        "三等奖",
        "三等奖",
        "",
        "",
        "",
        "",
    ]


def test_awards_by_share_with_ties():
    # two tied first: 一等奖 ceil(0.1 × 10) = 1 place, the tie makes it 2; 二等奖 ceil(3) − 2 = 1 place (rank 3);
    # 三等奖 ceil(0.45 × 10) = 5 − 3 = 2 places: ranks 4 and 5, and the 5 tied with it
    ranks = [1, 1, 3, 4, 5, 5, 7, 8, 9, 10]
    rules = [
        _rule("一等奖", "share", "0.1"),
        _rule("二等奖", "share", "0.3"),
        _rule("三等奖", "share", "0.45"),
    ]
    assert awards_for(ranks, rules) == [
        "一等奖",
        "一等奖",
        "二等奖",
        "三等奖",
        "三等奖",
        "三等奖",
        "",
        "",
        "",
        "",
    ]


def test_awards_by_count_then_优秀奖_by_share():
    # 一等奖 1, 二等奖 the next 2, 优秀奖 up to 80 % of 5 = 4 places: one more
    rules = [_rule("一等奖", "count", "1"), _rule("二等奖", "count", "2"), _rule("优秀奖", "share", "0.8")]
    assert awards_for([1, 2, 3, 4, 5], rules) == ["一等奖", "二等奖", "二等奖", "优秀奖", ""]


def test_a_share_already_covered_gives_nothing():
    # 一等奖 the first 3 (a tie at 3 makes 4); 二等奖 up to 30 % of 6 = 2 places: none left
    rules = [_rule("一等奖", "count", "3"), _rule("二等奖", "share", "0.3")]
    assert awards_for([1, 2, 3, 3, 5, 6], rules) == ["一等奖", "一等奖", "一等奖", "一等奖", "", ""]


def test_promotion_by_count_and_share():
    assert promoted_for([1, 2, 3, 4], 2) == [True, True, False, False]
    assert promoted_for([1, 2, 2, 4], 2) == [True, True, True, False]
    assert promoted_for([1, 2, 3], None) == [False, False, False]


# ---- group_results -------------------------------------------------------------------------------------------


def _at_org_a(world: World, **extra: Any) -> Judged:
    """A contest at org A organised by org A's admin; five judges (评委 role at org A, no union of their own)."""
    entries = extra.pop("entries", {"甲": ("solo", world.org_a), "乙": ("solo", world.org_a)})
    return judged_round(
        world, org=world.org_a, organiser=world.org_admin, entries=entries, judge_count=5, **extra
    )


def test_rows_show_the_scores_and_flag_the_outlying_judge(world):
    # given five judges' totals for 甲: 80, 80, 80, 80, 40 (the last differs from the others' mean 80 by 40 > 15 % of
    # 100); for 乙 all five give 70
    setup = _at_org_a(world, award_rules=[{"level": "一等奖", "basis": "count", "value": "1"}])
    for judge, (design, performance) in zip(
        setup.judges, [(30, 50), (30, 50), (30, 50), (30, 50), (10, 30)], strict=True
    ):
        score(setup, judge, "甲", design, performance)
    score_all(setup, "乙", 30, 40)

    view = group_results(setup.contest_round)

    # then 甲 scores the trimmed mean (80 + 80 + 80) / 3 = 80 (mean 72) and ranks first, 乙 second with 70
    (group,) = view.groups
    first, second = group.rows
    assert (first.entry.title, first.rank, first.score, first.mean, first.trimmed_mean) == (
        "甲",
        1,
        Decimal(80),
        Decimal(72),
        Decimal(80),
    )
    assert first.people == "甲选手"
    assert [cell.total for cell in first.cells] == [80, 80, 80, 80, 40]
    assert [cell.flagged for cell in first.cells] == [False, False, False, False, True]
    assert first.cells[4].reason == "与其他评委平均分相差 40.00 分，超过满分的 15%（15.00 分）"
    assert (second.entry.title, second.rank, second.score) == ("乙", 2, Decimal(70))
    assert (first.award, second.award) == ("一等奖", "")
    assert view.flagged_count == 1
    assert view.is_final is False
    # the flags are the organiser's: a reader's view has none
    assert group_results(setup.contest_round, show_flags=False).flagged_count == 0


def test_results_read_in_a_bounded_number_of_queries(world):
    small = _at_org_a(world, entries={"甲": ("solo", world.org_a)})
    score_all(small, "甲", 30, 40)
    with CaptureQueriesContext(connection) as few:
        group_results(
            ContestRound.objects.select_related("review_round", "contest").get(pk=small.contest_round.pk)
        )
    big = judged_round(
        world,
        org=world.county_x,
        entries={f"E{i}": ("solo" if i % 2 else "team", world.org_a) for i in range(6)},
        judge_count=5,
    )
    for i in range(6):
        score_all(big, f"E{i}", 20 + i, 40)
    with CaptureQueriesContext(connection) as many:
        view = group_results(
            ContestRound.objects.select_related("review_round", "contest").get(pk=big.contest_round.pk)
        )
    assert sum(len(g.rows) for g in view.groups) == 6
    assert len(many.captured_queries) == len(few.captured_queries)


def test_after_finalising_the_stored_results_are_shown(world):
    setup = _at_org_a(world, award_rules=[{"level": "一等奖", "basis": "count", "value": "1"}])
    score_all(setup, "甲", 30, 50)
    score_all(setup, "乙", 30, 40)
    round_finalise(contest_round=setup.contest_round, actor=setup.organiser)
    Entry.objects.filter(pk=setup.entries["乙"].pk).update(
        award="优秀奖"
    )  # what was written is what is shown
    setup.contest_round.refresh_from_db()
    view = group_results(setup.contest_round)
    assert view.is_final is True
    assert [(row.entry.title, row.rank, row.award) for row in view.groups[0].rows] == [
        ("甲", 1, "一等奖"),
        ("乙", 2, "优秀奖"),
    ]


# ---- pages ---------------------------------------------------------------------------------------------------


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def scored(world) -> Judged:
    setup = _at_org_a(world, promote_count=1)
    for judge, (design, performance) in zip(
        setup.judges, [(30, 50), (30, 50), (30, 50), (30, 50), (10, 30)], strict=True
    ):
        score(setup, judge, "甲", design, performance)
    score_all(setup, "乙", 30, 40)
    make_contest_round(contest=setup.contest, level=2)
    return setup


def _partner(contest: Contest) -> Any:
    """A 市教育局 contact: an account outside the union tree with a live partner grant on the contest."""
    partner = UserFactory.create(username="partner_contact", name="教育局联络人")
    grant_on(contest, partner, PARTNER)
    return partner


def _actor(world: World, setup: Judged, who: str) -> Any:
    if who == "partner":
        return _partner(setup.contest)
    if who == "judge":
        return setup.judges[0].user
    if who == "outside_judge":
        return outside_expert(setup.contest, "waibu")
    return getattr(world, who)


@pytest.mark.parametrize(
    ("_case", "who", "status"),
    [
        ("the organiser reads", "org_admin", 200),
        ("a plain member is refused", "org_member", 403),
        ("org B's admin does not see the contest", "outsider", 404),
        ("the partner reads", "partner", 200),
        ("a judge sees nothing here", "judge", 403),
        ("an outside judge sees nothing here", "outside_judge", 403),
    ],
)
@pytest.mark.parametrize("page", ["contests:round_judging", "contests:round_results"])
def test_pages_access(world, scored, _case, who, status, page):
    response = _client(_actor(world, scored, who)).get(reverse(page, args=[scored.contest_round.pk]))
    assert response.status_code == status


def test_the_organiser_sees_flags_and_the_finalise_button(world, scored):
    html = _client(world.org_admin).get(reverse("contests:round_results", args=[scored.contest_round.pk]))
    text = html.content.decode()
    assert 'data-flagged-judge="' in text
    assert reverse("contests:round_finalise", args=[scored.contest_round.pk]) in text
    assert "去掉一个最高分和一个最低分" in text
    assert "与最后一名获奖者名次相同的并列获同一奖项" in text


def test_the_partner_reads_without_flags_or_buttons(world, scored):
    html = _client(_actor(world, scored, "partner")).get(
        reverse("contests:round_results", args=[scored.contest_round.pk])
    )
    text = html.content.decode()
    assert "甲选手" in text
    assert "data-flagged-judge" not in text
    assert reverse("contests:round_finalise", args=[scored.contest_round.pk]) not in text


@pytest.mark.parametrize(
    ("_case", "who", "status"),
    [
        ("the organiser finalises", "org_admin", 302),
        ("a plain member is refused", "org_member", 403),
        ("org B's admin does not see it", "outsider", 404),
        ("the partner may not", "partner", 403),
        ("a judge may not", "judge", 403),
    ],
)
def test_finalise_access(world, scored, _case, who, status):
    response = _client(_actor(world, scored, who)).post(
        reverse("contests:round_finalise", args=[scored.contest_round.pk])
    )
    assert response.status_code == status
    final = ContestRound.objects.get(pk=scored.contest_round.pk).status == RoundStatus.FINAL
    assert final is (status == 302)
    assert Entry.objects.filter(promoted_from__isnull=False).count() == (1 if status == 302 else 0)


def test_finalise_without_a_next_round_is_refused_on_the_page(world):
    setup = _at_org_a(world, promote_count=1)
    score_all(setup, "甲", 30, 50)
    url = reverse("contests:round_results", args=[setup.contest_round.pk])
    page = _client(world.org_admin).get(url).content.decode()
    assert "没有报名中的下一赛段" in page
    assert reverse("contests:round_finalise", args=[setup.contest_round.pk]) not in page
    response = _client(world.org_admin).post(
        reverse("contests:round_finalise", args=[setup.contest_round.pk])
    )
    assert response.status_code == 302
    assert ContestRound.objects.get(pk=setup.contest_round.pk).status == RoundStatus.JUDGING


@pytest.mark.parametrize(
    ("_case", "who", "status"),
    [
        ("the organiser exports", "org_admin", 200),
        ("the partner exports", "partner", 200),
        ("a plain member is refused", "org_member", 403),
        ("org B's admin does not see it", "outsider", 404),
    ],
)
def test_export_is_audited_and_not_stored(world, scored, _case, who, status):
    user = _actor(world, scored, who)
    response = _client(user).post(reverse("contests:results_export", args=[scored.contest_round.pk]))
    assert response.status_code == status
    exports = AuditLog.objects.filter(action=AuditAction.EXPORT)
    if status == 200:
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert "no-store" in response["Cache-Control"]
        log = exports.get()
        assert log.actor == user
        assert log.summary == f"导出竞赛结果：{scored.contest.title}·基层初赛"
    else:
        assert exports.count() == 0


def test_the_judging_page_before_starting_counts_entries_and_starts(world):
    # given a round at org A closed yesterday: one confirmed entry, one waiting for its person
    contest = make_contest(org=world.org_a, actor=world.org_admin)
    group = make_group(contest=contest)
    contest_round = make_contest_round(contest=contest, entry_deadline=past())
    enter(contest_round, group, world.org_a, ["王老师"], world.org_admin, title="古诗两首")
    enter(contest_round, group, world.org_a, ["赵老师"], world.org_admin, status=EntryStatus.ENTERED)
    template = make_sheet_template(org=world.org_a, actor=world.org_admin)
    client = _client(world.org_admin)
    url = reverse("contests:round_judging", args=[contest_round.pk])

    page = client.get(url).content.decode()
    assert "已确认 <strong>1</strong> 项；待本人确认 <strong>1</strong> 项，开始评审时不纳入" in page
    assert template.name in page
    assert reverse("reviews:template_create") in page

    # an empty form names the field
    start = reverse("contests:judging_start", args=[contest_round.pk])
    refused = client.post(start, {"blind_mode": "open"})
    assert refused.status_code == 422
    assert "请选择评分表模板" in refused.content.decode()
    assert ReviewRound.objects.count() == 0

    # a good one starts judging
    done = client.post(start, {"template": template.pk, "blind_mode": "blind"})
    assert done.status_code == 302
    contest_round.refresh_from_db()
    assert contest_round.status == RoundStatus.JUDGING
    assert contest_round.review_round is not None
    assert contest_round.review_round.is_blind


def test_the_judging_page_adds_judges_and_opens_scoring(world):
    contest = make_contest(org=world.org_a, actor=world.org_admin)
    group = make_group(contest=contest)
    contest_round = make_contest_round(contest=contest, entry_deadline=past())
    enter(contest_round, group, world.org_a, ["王老师"], world.org_admin, title="古诗两首")
    template = make_sheet_template(org=world.org_a, actor=world.org_admin)
    round_judging_start(
        contest_round=contest_round, template=template, blind_mode="open", actor=world.org_admin
    )
    expert = outside_expert(contest, "zhuanjia")
    client = _client(world.org_admin)
    add = reverse("contests:judge_add", args=[contest_round.pk])

    # the outside expert is offered, marked as such; without a unit they are refused, naming the field
    page = client.get(reverse("contests:round_judging", args=[contest_round.pk])).content.decode()
    assert "zhuanjia专家 · 外部专家" in page
    refused = client.post(add, {"user": expert.pk})
    assert refused.status_code == 422
    assert "外部评委请填写所在单位" in refused.content.decode()
    # with a unit and a group they are added
    assert client.post(add, {"user": expert.pk, "unit": "某师范大学", "group": group.pk}).status_code == 302
    judge = Judge.objects.get()
    assert (judge.user, judge.unit, judge.group) == (expert, "某师范大学", "小学语文")
    # 开始评分 opens the reviews round
    assert client.post(add, {"step": "open"}).status_code == 302
    assert ReviewRound.objects.get().status == ReviewStatus.OPEN
    page = client.get(reverse("contests:round_judging", args=[contest_round.pk])).content.decode()
    assert "外部评委" in page
    assert "0 / 1" in page
    # a reader may not add judges
    partner = _partner(contest)
    assert _client(partner).post(add, {"user": expert.pk, "unit": "x"}).status_code == 403


def test_get_never_writes(world, scored):
    before = AuditLog.objects.count(), Entry.objects.count()
    for name in ("contests:round_judging", "contests:round_results", "contests:judge_add"):
        _client(world.org_admin).get(reverse(name, args=[scored.contest_round.pk]))
    assert (AuditLog.objects.count(), Entry.objects.count()) == before


def test_the_preview_counts_the_sheets_still_to_come(world):
    # five judges, two entries: 甲 scored by all, 乙 by none — five sheets to come
    setup = _at_org_a(world)
    score_all(setup, "甲", 30, 50)
    page = _client(world.org_admin).get(reverse("contests:round_results", args=[setup.contest_round.pk]))
    text = page.content.decode()
    assert "评委还有 5 份评分表未提交，确定结果时不计入" in text
    assert "1 项无已提交评分，未排名" in text

"""诉求统计 (the selector the evaluation module reads): rates, working-day handling times, drill-down by union."""

import datetime as dt

import pytest

from gonghui.appeals.choices import Rating
from gonghui.appeals.services import (
    appeal_accept,
    appeal_rate,
    appeal_reject,
    appeal_reopen,
    appeal_reply,
)
from gonghui.appeals.stats import appeal_stats
from gonghui.appeals.tests.factories import at, make_appeal


@pytest.mark.django_db
def test_figures_by_union_category_month_and_channel(
    world, supervisor, handler_a, handler_b, member_b, women_handler_a
):
    # given, in March 2026: org A — one replied in 3 working days and rated 满意, one replied in 5 and rated
    # 不满意 then reopened, one rejected, one 女职工权益 case waiting; org B — one overdue for acceptance
    with at(2026, 3, 2, 9):
        a1 = make_appeal(world.member_a, title="一")
        a2 = make_appeal(world.member_a, title="二", code="labour_contract")
        a3 = make_appeal(world.member_a, title="三")
        make_appeal(world.member_a, title="四", code="women")
        make_appeal(member_b, title="五")
        for a in (a1, a2):
            appeal_accept(appeal=a, actor=handler_a)
        appeal_reject(appeal=a3, actor=handler_a, reason="不属于受理范围")
    with at(2026, 3, 5, 9):
        a1 = appeal_reply(appeal=a1, actor=handler_a, body="已办")
        appeal_rate(appeal=a1, member=world.member_a, actor=world.org_member, rating=Rating.SATISFIED)
    with at(2026, 3, 9, 9):
        a2 = appeal_reply(appeal=a2, actor=handler_a, body="已办")
        appeal_rate(appeal=a2, member=world.member_a, actor=world.org_member, rating=Rating.UNSATISFIED)
        appeal_reopen(appeal=a2, member=world.member_a, actor=world.org_member, reason="没解决")
    # when the supervisor reads the city's statistics on 10 March
    with at(2026, 3, 10, 9):
        stats = appeal_stats(
            user=supervisor, root=world.city, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31)
        )
    # then
    total = stats.total
    assert (total.count, total.decided, total.accepted) == (5, 3, 2)
    assert total.acceptance_rate == 66.7
    assert sorted(total.handling) == [3, 5]
    assert (total.avg_handling, total.p90_handling) == (4.0, 5.0)
    assert total.overdue == 2  # org B's case (accept due 4 March) and the 女职工 case, both unaccepted
    assert total.overdue_rate == 40.0
    assert total.reopen_rate == 50.0
    assert total.rated == 1  # the reopened case's rating was cleared for a new one
    assert total.satisfaction_rate == 100.0
    assert [(r.label, r.figures.count) for r in stats.by_org] == [("甲县教育工会", 4), ("乙县教育工会", 1)]
    assert stats.own.count == 0
    assert [r.figures.count for r in stats.by_month] == [5]
    assert {r.key: r.figures.count for r in stats.by_channel}["portal"] == 5
    assert {r.key: r.figures.count for r in stats.by_category}["women"] == 1
    # a handler of org A sees org A's non-restricted cases only
    with at(2026, 3, 10, 9):
        mine = appeal_stats(
            user=handler_a, root=world.city, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31)
        )
        designated = appeal_stats(
            user=women_handler_a, root=world.org_a, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31)
        )
    assert mine.total.count == 3
    assert designated.total.count == 4


@pytest.mark.django_db
def test_the_statistics_take_the_same_queries_whatever_the_tree(world, supervisor, django_assert_num_queries):
    from gonghui.orgs.tests.factories import OrgFactory

    make_appeal(world.member_a)
    start, end = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
    appeal_stats(user=supervisor, root=world.city, start=start, end=end)
    with django_assert_num_queries(6) as few:  # children, four grouped counts, categories
        appeal_stats(user=supervisor, root=world.city, start=start, end=end)
    for n in range(4):
        OrgFactory.create(parent=world.county_x, code=f"EXTRA{n}", name=f"加测学校{n}工会")
        make_appeal(world.member_a, title=f"另一件{n}")
    with django_assert_num_queries(len(few.captured_queries)):
        stats = appeal_stats(user=supervisor, root=world.city, start=start, end=end)
    assert stats.total.count == 5

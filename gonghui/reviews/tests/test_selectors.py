"""Conflict of interest: `entries_for_judge` hides the entries of the judge's own unions, of their declared unit,
and those they declared a conflict on; the 评委 grant itself makes no union the judge's own."""

import pytest

from gonghui.reviews.selectors import (
    entries_for_judge,
    judge_own_org_ids,
    judge_rounds_for_user,
    judge_sees_entry,
)
from gonghui.reviews.services import conflict_declare, judge_add, round_open

from .conftest import Setup

pytestmark = pytest.mark.django_db


def test_a_judge_never_sees_an_entry_of_a_union_where_they_hold_a_role(setup: Setup) -> None:
    assert list(entries_for_judge(setup.judge_a)) == [setup.entry_b, setup.entry_x]


def test_a_judge_never_sees_an_entry_of_the_union_they_are_a_member_of(setup: Setup) -> None:
    assert list(entries_for_judge(setup.judge_b)) == [setup.entry_a, setup.entry_x]


def test_the_judge_grant_makes_no_union_the_judges_own(setup: Setup) -> None:
    assert setup.world.city.pk not in judge_own_org_ids(setup.judge_a)
    assert judge_own_org_ids(setup.judge_a) == {setup.world.org_a.pk}


def test_a_declared_unit_hides_its_entries_by_the_entry_unit_or_the_entrant_union_unit(setup: Setup) -> None:
    user = setup.world.outsider  # 工会管理员 of org B
    judge = judge_add(review_round=setup.review_round, user=user, actor=setup.organiser, unit="甲县第一中学")
    # org B is the outsider's own union; org A's unit is 甲县第一中学 (the declared unit)
    assert list(entries_for_judge(judge)) == [setup.entry_x]
    other = judge_add(
        review_round=setup.review_round, user=setup.world.org_member, actor=setup.organiser, unit="甲县教育局"
    )
    # the plain member of org A: org A is theirs, entry X declares the unit 甲县教育局
    assert list(entries_for_judge(other)) == [setup.entry_b]


def test_a_declared_conflict_hides_the_entry(setup: Setup) -> None:
    conflict_declare(
        judge=setup.judge_a, entry=setup.entry_b, actor=setup.judge_a.user, reason="曾指导该成果"
    )
    assert list(entries_for_judge(setup.judge_a)) == [setup.entry_x]
    assert not judge_sees_entry(setup.judge_a, setup.entry_b)


def test_an_entry_of_a_group_is_seen_only_by_the_judges_of_that_group(setup: Setup) -> None:
    setup.entry_x.group = "教育组"
    setup.entry_x.save(update_fields=["group"])
    judge = judge_add(
        review_round=setup.review_round, user=setup.world.outsider, actor=setup.organiser, group="教育组"
    )
    # org B is the outsider's own union; entry A has no group, so every judge scores it
    assert list(entries_for_judge(judge)) == [setup.entry_a, setup.entry_x]
    other = judge_add(
        review_round=setup.review_round, user=setup.world.org_member, actor=setup.organiser, group="卫生组"
    )
    assert list(entries_for_judge(other)) == [setup.entry_b]


def test_the_work_list_holds_the_users_own_judge_rows_of_open_rounds(setup: Setup) -> None:
    assert list(judge_rounds_for_user(setup.judge_a.user)) == []
    round_open(review_round=setup.review_round, actor=setup.organiser)
    assert list(judge_rounds_for_user(setup.judge_a.user)) == [setup.judge_a]
    assert list(judge_rounds_for_user(setup.world.org_admin)) == []

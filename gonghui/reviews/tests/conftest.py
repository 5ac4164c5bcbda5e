"""Fixtures of the reviews tests: an organiser (系统管理员 of the city) running a round at the city with entries
from org A, org B and county X, and two judges holding the 评委 role on the city — judge A is also the 工会干事 of
org A, judge B a member of org B. `self_setup`: an open 自评+考评 round at the city whose entries from org A and
org B are self-scored by their unions' admins (`world.org_admin`, `world.outsider`) beside one assessor."""

from dataclasses import dataclass
from typing import Any

import pytest

from conftest import World, make_cadre, make_member_user
from gonghui.accounts.roles import JUDGE, SYSADMIN, UNION_STAFF
from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.reviews.choices import RoundMode
from gonghui.reviews.models import Judge, ReviewEntry, ReviewRound
from gonghui.reviews.services import round_open

from .factories import make_entry, make_judge, make_round


@dataclass
class Setup:
    world: World
    organiser: Any
    review_round: ReviewRound
    entry_a: ReviewEntry
    entry_b: ReviewEntry
    entry_x: ReviewEntry
    judge_a: Judge
    judge_b: Judge


@pytest.fixture
def setup(world: World) -> Setup:
    organiser = make_cadre("organiser", world.city, role=SYSADMIN)
    user_a = make_cadre("judge_a", world.city, role=JUDGE)
    RoleGrantFactory.create(user=user_a, role=UNION_STAFF, org=world.org_a)
    user_b, _member = make_member_user("13700002222", world.org_b, name="乙评委")
    RoleGrantFactory.create(user=user_b, role=JUDGE, org=world.city)
    review_round = make_round(org=world.city, actor=organiser)
    entry_a = make_entry(review_round=review_round, entrant_org=world.org_a, actor=organiser)
    entry_b = make_entry(review_round=review_round, entrant_org=world.org_b, actor=organiser)
    entry_x = make_entry(
        review_round=review_round, entrant_org=world.county_x, actor=organiser, unit="甲县教育局"
    )
    judge_a = make_judge(review_round=review_round, user=user_a, actor=organiser)
    judge_b = make_judge(review_round=review_round, user=user_b, actor=organiser)
    return Setup(world, organiser, review_round, entry_a, entry_b, entry_x, judge_a, judge_b)


@dataclass
class SelfSetup:
    """A 自评+考评 round at the city: entries from org A and org B (self-scored by their unions' admins), one
    assessor (评委 on the city, no union of their own), opened."""

    world: World
    organiser: Any
    review_round: ReviewRound
    entry_a: ReviewEntry
    entry_b: ReviewEntry
    assessor: Judge


@pytest.fixture
def self_setup(world: World) -> SelfSetup:
    organiser = make_cadre("organiser", world.city, role=SYSADMIN)
    review_round = make_round(org=world.city, actor=organiser, mode=RoundMode.SELF_ASSESSED)
    entry_a = make_entry(review_round=review_round, entrant_org=world.org_a, actor=organiser)
    entry_b = make_entry(review_round=review_round, entrant_org=world.org_b, actor=organiser)
    assessor = make_judge(
        review_round=review_round, user=make_cadre("assessor", world.city, role=JUDGE), actor=organiser
    )
    round_open(review_round=review_round, actor=organiser)
    review_round.refresh_from_db()
    return SelfSetup(world, organiser, review_round, entry_a, entry_b, assessor)

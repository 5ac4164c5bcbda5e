"""Builders the entry tests share (no tests here): a running city contest with an individual and a team group, its
first round with a quota set of which 甲县教育工会 holds 3 places and passes 2 on to org A, and members to enter."""

from dataclasses import dataclass
from typing import Any

from conftest import make_cadre, make_member_user
from gonghui.contests.models import Contest, ContestGroup, ContestRound
from gonghui.members.choices import JobCategory
from gonghui.members.models import Member
from gonghui.members.tests.factories import MemberFactory
from gonghui.quotas.selectors import allocation_of
from gonghui.quotas.services import quota_allocate, quota_set_create

from .factories import make_contest, make_contest_round, make_group, make_team_group


@dataclass
class Setup:
    organiser: Any
    contest: Contest
    solo: ContestGroup
    team: ContestGroup
    round1: ContestRound


def contest_setup(world: Any, *, quota: bool = True, org_a_places: int = 2, **contest: Any) -> Setup:
    organiser = make_cadre("city_admin", world.city)
    made = make_contest(org=world.city, actor=organiser, **contest)
    solo = make_group(contest=made)
    team = make_team_group(contest=made)
    round1 = make_contest_round(contest=made)
    if quota:
        quota_set = quota_set_create(
            org=world.city, title="初赛报名名额", total=5, actor=organiser, owner=round1
        )
        quota_allocate(
            quota_set=quota_set, shares={world.county_x.pk: 3, world.county_y.pk: 1}, actor=organiser
        )
        county = allocation_of(quota_set, world.county_x)
        quota_allocate(
            quota_set=quota_set, shares={world.org_a.pk: org_a_places}, parent=county, actor=organiser
        )
        ContestRound.objects.filter(pk=round1.pk).update(quota_set=quota_set)
        round1.refresh_from_db()
    return Setup(organiser=organiser, contest=made, solo=solo, team=team, round1=round1)


def teacher(org: Any, name: str, **extra: Any) -> Member:
    fields: dict[str, Any] = {"job_category": JobCategory.TEACHER, **extra}
    return MemberFactory.create(org=org, name=name, **fields)


def teacher_user(phone: str, org: Any, name: str) -> tuple[Any, Member]:
    user, member = make_member_user(phone, org, name=name)
    Member.objects.filter(pk=member.pk).update(job_category=JobCategory.TEACHER)
    member.refresh_from_db()
    return user, member

"""A kind registered only in these tests: a secret ballot among the members of a `members.TargetList` (e.g. the
representatives of a 职代会), keeping 性别, 用工性质 and the county union (depth 2) on its answers — proving the
block without any module that uses it."""

from itertools import count
from typing import Any

import pytest
from django.db import models

from conftest import make_member_user
from gonghui.accounts.scoping import has_action
from gonghui.members.choices import TargetListSource
from gonghui.members.models import Member, TargetList, TargetListEntry
from gonghui.responses.choices import Attribute, QuestionKind
from gonghui.responses.kinds import Question, ResponseKind, response_kinds

TEST_KIND = "test_ballot"
CANDIDATES = ("张三", "李四", "王五")
QUESTIONS = (
    Question("vote", "您同意本方案吗？", QuestionKind.SINGLE, ("同意", "不同意", "弃权")),
    Question("elect", "请选出委员（可多选）", QuestionKind.MULTIPLE, CANDIDATES),
    Question("remark", "其他意见", QuestionKind.TEXT, required=False),
)


def _population(owner: TargetList) -> models.QuerySet[Member]:
    return Member.objects.filter(pk__in=TargetListEntry.objects.filter(target_list=owner).values("member"))


if TEST_KIND not in response_kinds:
    response_kinds.register(
        TEST_KIND,
        ResponseKind(
            key=TEST_KIND,
            label="测试表决",
            owner_model="members.targetlist",
            population=_population,
            questions=lambda owner: QUESTIONS,
            can_manage=lambda user, owner: has_action(user, "members.manage", owner.org),
            attributes=(Attribute.GENDER, Attribute.EMPLOYMENT, Attribute.UNIT),
            unit_depth=2,
        ),
    )


def make_ballot(world: Any, members: list[Member], name: str = "测试表决名单") -> TargetList:
    ballot = TargetList.objects.create(
        org=world.org_a, name=name, reason="测试", source=TargetListSource.FILTER, created_by=world.org_admin
    )
    TargetListEntry.objects.bulk_create(TargetListEntry(target_list=ballot, member=m) for m in members)
    return ballot


_phones = count(1)


def make_voters(world: Any, number: int, *, org: Any = None, gender: str = "M") -> list[Member]:
    """`number` members with portal accounts in org A (or `org`), named 投票人N, with distinct phones."""
    voters = []
    for _ in range(number):
        n = next(_phones)
        _, member = make_member_user(f"136{n:08d}", org or world.org_a, name=f"投票人{n}")
        if gender != member.gender:
            member.gender = gender
            member.save(update_fields=["gender"])
        voters.append(member)
    return voters


@pytest.fixture
def ballot(world):
    """A ballot among member A and 29 more members of org A (30 voters)."""
    voters = [world.member_a, *make_voters(world, 29)]
    return make_ballot(world, voters)

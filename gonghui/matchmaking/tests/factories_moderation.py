"""Rows for the tests of part moderation: single members with active profiles (written straight through
`make_profile`), the 婚恋交友管理员 grant, and reports made through the service."""

import datetime as dt
import itertools
from typing import Any

from gonghui.accounts.roles import MEMBER
from gonghui.accounts.scoping import forget_grants
from gonghui.accounts.tests.factories import RoleGrantFactory, UserFactory
from gonghui.matchmaking.choices import ReportReason
from gonghui.matchmaking.models import MatchProfile, Report
from gonghui.matchmaking.permissions import MODERATOR_ROLE
from gonghui.matchmaking.services.moderation import ReportData, report_submit
from gonghui.members.tests.factories import MemberFactory

from .factories import make_profile

_numbers = itertools.count(1)


def single(
    org: Any, *, nickname: str, gender: str = "F", with_user: bool = True, **extra: Any
) -> MatchProfile:
    """A member of `org` (with a portal account unless `with_user` is False) and their active profile."""
    n = next(_numbers)
    phone = f"1350000{n:04d}"
    user = None
    if with_user:
        user = UserFactory.create(username=f"mod_single{n}", name=f"被举报测试{n}", phone=phone)
        RoleGrantFactory.create(user=user, role=MEMBER, org=org)
    member = MemberFactory.create(
        org=org, user=user, name=f"登记姓名{n}", phone=phone, gender=gender, birth_date=dt.date(1994, 3, 8)
    )
    return make_profile(member=member, nickname=nickname, **extra)


def own_profile(member: Any, *, nickname: str = "晨跑的鹿") -> MatchProfile:
    """`member`'s profile: another part's crawler builder may have made it already (one per member)."""
    return MatchProfile.objects.filter(member=member).first() or make_profile(
        member=member, nickname=nickname
    )


def grant_moderator(user: Any, org: Any) -> Any:
    RoleGrantFactory.create(user=user, role=MODERATOR_ROLE, org=org)
    forget_grants(user)  # a check before this grant may have cached the user's grants
    return user


def report(
    reporter: MatchProfile,
    reported: MatchProfile,
    *,
    reason: str = ReportReason.HARASSMENT,
    detail: str = "多次发消息纠缠",
    also_block: bool = False,
) -> Report:
    """`reporter` reports `reported` through the service (their own account is the actor)."""
    actor = reporter.member.user
    assert actor is not None, "the reporter needs a portal account"
    return report_submit(
        reporter=reporter,
        reported=reported,
        actor=actor,
        data=ReportData(reason=reason, detail=detail, also_block=also_block),
    )

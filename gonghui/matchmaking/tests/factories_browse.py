"""Rows for the tests of part browse: members with their own accounts and active profiles, written through
`make_profile` (the profiles part's services are not needed to browse)."""

import datetime as dt
import itertools
from typing import Any

from gonghui.accounts.identity import encrypt_identifier
from gonghui.accounts.roles import MEMBER
from gonghui.accounts.tests.factories import RoleGrantFactory, UserFactory
from gonghui.matchmaking.models import MatchProfile
from gonghui.members.models import Member
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.models import Org

from .factories import make_profile

_numbers = itertools.count(1)


def make_single(
    org: Org,
    *,
    nickname: str,
    gender: str = "F",
    birth_date: dt.date = dt.date(1996, 5, 1),
    contact: str = "",
    with_user: bool = True,
    **extra: Any,
) -> MatchProfile:
    """A member of `org` (with a portal account unless `with_user` is False) and their active profile."""
    n = next(_numbers)
    phone = f"1360000{n:04d}"
    user = None
    if with_user:
        user = UserFactory.create(username=f"single{n}", name=f"单身会员{n}", phone=phone)
        RoleGrantFactory.create(user=user, role=MEMBER, org=org)
    member: Member = MemberFactory.create(
        org=org, user=user, name=f"单身会员{n}", phone=phone, gender=gender, birth_date=birth_date
    )
    if contact:
        extra["contact_encrypted"] = encrypt_identifier(contact)
    return make_profile(member=member, nickname=nickname, **extra)

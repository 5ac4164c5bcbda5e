"""Rows for the design part's tests: members (some with portal accounts) and grassroots unions to sample from."""

from itertools import count
from typing import Any

from gonghui.accounts.roles import MEMBER
from gonghui.accounts.tests.factories import RoleGrantFactory, UserFactory
from gonghui.members.models import Member
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import OrgFactory

_numbers = count(1)


def design_members(org: Any, number: int, *, accounts: bool = False, **fields: Any) -> list[Member]:
    """`number` members of `org`, named 受访人N; with `accounts`, each has a portal user."""
    members = []
    for _ in range(number):
        n = next(_numbers)
        phone = f"136{n:08d}"
        user = None
        if accounts:
            user = UserFactory.create(username=f"d{phone}", name=f"受访人{n}", phone=phone)
            RoleGrantFactory.create(user=user, role=MEMBER, org=org)
        members.append(MemberFactory.create(org=org, name=f"受访人{n}", phone=phone, user=user, **fields))
    return members


def grassroots(parent: Org, code: str, name: str) -> Org:
    org = OrgFactory.create(parent=parent, code=code, name=name, unit_name=name, level=OrgLevel.GRASSROOTS)
    return Org.objects.get(pk=org.pk)

"""Rows for part congress's tests: a 分工会 under a unit, and a congress with a delegate seat (through the services
where the test is about them; straight rows from tests/factories.py otherwise)."""

from typing import Any

from gonghui.congresses.choices import DelegateRole
from gonghui.congresses.models import Congress, Delegate
from gonghui.congresses.tests.factories import make_congress, make_delegate_member
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import OrgFactory


def make_branch(*, parent: Org, code: str, staff: int, name: str = "") -> Org:
    """A 分工会 of `parent` with `staff` established staff."""
    branch = OrgFactory.create(
        parent=parent,
        code=code,
        name=name or f"{parent.name}{code}分工会",
        unit_name=parent.unit_name,
        level=OrgLevel.BRANCH,
        headcount_established=staff,
    )
    return Org.objects.get(pk=branch.pk)


def seated_congress(*, org: Org, actor: Any, index: int = 1, **extra: Any) -> tuple[Congress, Delegate]:
    """The current congress of `org` with one full delegate (a member of `org` with a portal account)."""
    congress = make_congress(org=org, actor=actor, **extra)
    member = make_delegate_member(org=org, index=index)
    seat = Delegate.objects.create(congress=congress, member=member, role=DelegateRole.FULL)
    return congress, seat

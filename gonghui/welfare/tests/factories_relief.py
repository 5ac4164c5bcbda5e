"""Builders for the relief tests: a budget line of org A, members tagged 援鄂医疗队, a campaign through the services
(created and submitted by org A's admin, approved by a second admin of org A), xlsx files."""

import io
from decimal import Decimal
from typing import Any

from conftest import make_cadre
from gonghui.accounts.models import User
from gonghui.core.excel import SheetSpec, write_workbook
from gonghui.ledger.tests.factories import make_line
from gonghui.members.models import MemberTag
from gonghui.members.tests.factories import MemberFactory
from gonghui.welfare.choices import AmountMode
from gonghui.welfare.models import ReliefCampaign
from gonghui.welfare.services.relief import (
    relief_approve,
    relief_campaign_create,
    relief_recipients_add_by_tag,
    relief_submit,
)

TAG = "援鄂医疗队"


def tagged_members(org: Any, count: int, *, tag: str = TAG, prefix: str = "医护") -> list[Any]:
    found, _ = MemberTag.objects.get_or_create(name=tag)
    members = []
    for n in range(count):
        member = MemberFactory.create(org=org, name=f"{prefix}{n + 1}")
        member.tags.add(found)
        members.append(member)
    return members


def second_admin(world: Any) -> Any:
    """Another union admin of org A: the approver (never the submitter)."""
    existing = User.objects.filter(username="admin_a2").first()
    return existing or make_cadre("admin_a2", world.org_a)


def make_campaign(
    world: Any,
    *,
    amount: str = "500",
    budget: str = "10000",
    line: Any = None,
    mode: str = AmountMode.FIXED,
    categories: dict[str, str] | None = None,
    name: str = "2020年支援湖北医疗队慰问",
) -> ReliefCampaign:
    return relief_campaign_create(
        org=world.org_a,
        actor=world.org_admin,
        name=name,
        year=2020,
        budget_line=line or make_line(world.org_a, amount=budget, purpose="慰问金", year=2020),
        amount_mode=mode,
        fixed_amount=Decimal(amount) if mode == AmountMode.FIXED else None,
        category_amounts=categories,
    )


def approved_campaign(world: Any, *, people: int = 3, **kwargs: Any) -> ReliefCampaign:
    """A campaign of `people` tagged members of org A, submitted by org A's admin and approved by a second one."""
    campaign = make_campaign(world, **kwargs)
    tagged_members(world.org_a, people)
    relief_recipients_add_by_tag(campaign=campaign, actor=world.org_admin, tag=TAG)
    relief_submit(campaign=campaign, actor=world.org_admin)
    return relief_approve(campaign=campaign, actor=second_admin(world))


def xlsx(headers: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.BytesIO()
    write_workbook(buffer, [SheetSpec(name="Sheet1", headers=headers, rows=rows)])
    return buffer.getvalue()

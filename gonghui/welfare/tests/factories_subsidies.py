"""Test helpers of subsidies to grassroots unions: a city subsidy world (city → 甲县 → 甲县第一中学 and 甲县第二小学,
乙县 → 乙县人民医院), its admins and a city budget line, and a subsidy shared out down to the grassroots."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gonghui.accounts.roles import UNION_ADMIN
from gonghui.accounts.tests.factories import RoleGrantFactory, UserFactory
from gonghui.ledger.models import BudgetLine
from gonghui.ledger.tests.factories import make_line
from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.welfare.models import Subsidy
from gonghui.welfare.services.subsidies import subsidy_allocate, subsidy_create, subsidy_transfer


@dataclass
class SubsidyWorld:
    city_admin: Any
    county_admin: Any
    line: BudgetLine
    second_school: Org


def cadre(username: str, org: Org, role: str = UNION_ADMIN) -> Any:
    user = UserFactory.create(username=username, name=username)
    RoleGrantFactory.create(user=user, role=role, org=org)
    return user


def subsidy_world(world: Any, *, budget: str = "100000.00") -> SubsidyWorld:
    second = OrgFactory.create(
        parent=world.county_x, code="SUBX2", name="甲县第二小学工会", unit_name="甲县第二小学"
    )
    return SubsidyWorld(
        city_admin=cadre("admin_city", world.city),
        county_admin=cadre("admin_cx", world.county_x),
        line=make_line(world.city, purpose="送温暖补助", amount=budget),
        second_school=Org.objects.get(pk=second.pk),
    )


def make_subsidy(
    sw: SubsidyWorld, *, total: int = 10000, name: str = "2020年疫情防控一线送温暖补助"
) -> Subsidy:
    return subsidy_create(
        budget_line=sw.line,
        name=name,
        year=2020,
        total=total,
        purpose="支持基层工会开展疫情防控一线送温暖",
        spend_by=dt.date(2099, 12, 31),
        actor=sw.city_admin,
    )


def shared_subsidy(world: Any, sw: SubsidyWorld, *, county_x: int = 6000, org_a: int = 3000) -> Subsidy:
    """10000 元: 甲县 6000 and 乙县 2000, transferred; 甲县 passes 3000 to 甲县第一中学 (org A)."""
    subsidy = make_subsidy(sw)
    subsidy_allocate(
        subsidy=subsidy,
        giver=world.city,
        shares={world.county_x.pk: county_x, world.county_y.pk: 2000},
        actor=sw.city_admin,
    )
    subsidy_transfer(subsidy=subsidy, actor=sw.city_admin)
    subsidy_allocate(
        subsidy=subsidy, giver=world.county_x, shares={world.org_a.pk: org_a}, actor=sw.county_admin
    )
    return Subsidy.objects.select_related("org", "quota_set").get(pk=subsidy.pk)


ZERO = Decimal("0.00")

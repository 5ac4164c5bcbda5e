"""Crawler declarations of subsidies to grassroots unions — part `subsidies` (routes of `views/subsidies.py`).

Org A's admin makes a subsidy of org A from a budget line of org A's fund, shares it to 甲校补助分会 (a union below
org A, code SUBA1), transfers it through the ledger and records a spending of the branch: every page names org A's
subsidy or that spending (org B's admin: 404; org A's plain member: 403). A lookup declaration posts org A's member's
phone to 登记使用 of a subsidy of 乙县 shared to org B, as org B's admin: the member is out of org B's subtree and the
answer must not name them."""

import datetime as dt
from decimal import Decimal

from gonghui.core.crawler import CrawlLookup, CrawlRoute, build_world, declare, declare_lookup
from gonghui.ledger.choices import FundKind
from gonghui.ledger.services import budget_line_set, fund_create
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.welfare.services.subsidies import (
    subsidy_allocate,
    subsidy_create,
    subsidy_spend,
    subsidy_transfer,
)
from gonghui.welfare.tests.factories_subsidies import cadre


@build_world("welfare_subsidies")
def _subsidies_world(world):
    admin = world.org_admin
    branch = OrgFactory.create(
        parent=world.org_a, code="SUBA1", name="甲校补助分会工会", unit_name="甲校补助分会"
    )
    fund = fund_create(org=world.org_a, kind=FundKind.OWN, name="甲校送温暖经费", year=2020, actor=admin)
    line = budget_line_set(fund=fund, purpose="送温暖补助", amount=Decimal("5000"), actor=admin)
    subsidy = subsidy_create(
        budget_line=line,
        name="甲校2020年一线送温暖补助",
        year=2020,
        total=3000,
        spend_by=dt.date(2099, 12, 31),
        actor=admin,
    )
    subsidy_allocate(subsidy=subsidy, giver=world.org_a, shares={branch.pk: 2000}, actor=admin)
    subsidy_transfer(subsidy=subsidy, actor=admin)
    world.extra["welfare_subsidy_a"] = subsidy
    world.extra["welfare_subsidy_spending_a"] = subsidy_spend(
        subsidy=subsidy,
        org=branch,
        amount=Decimal("300"),
        spent_on=dt.date(2020, 2, 1),
        purpose="慰问一线教职工",
        recipient_name="甲校补助受助人",
        actor=admin,
    )
    world.extra.setdefault("markers", []).extend(["甲校2020年一线送温暖补助", "甲校补助受助人"])


@build_world("welfare_subsidies_lookups", kinds=("lookup",))
def _subsidies_lookup_world(world):
    """乙县 makes a subsidy and shares it to org B, transferred: org B's admin may record spending of it."""
    county_admin = cadre("sub_admin_cy", world.county_y)
    fund = fund_create(
        org=world.county_y, kind=FundKind.OWN, name="乙县送温暖经费", year=2020, actor=county_admin
    )
    line = budget_line_set(fund=fund, purpose="送温暖补助", amount=Decimal("5000"), actor=county_admin)
    subsidy = subsidy_create(
        budget_line=line, name="乙县2020年一线送温暖补助", year=2020, total=2000, actor=county_admin
    )
    subsidy_allocate(subsidy=subsidy, giver=world.county_y, shares={world.org_b.pk: 1000}, actor=county_admin)
    subsidy_transfer(subsidy=subsidy, actor=county_admin)
    world.extra["welfare_subsidy_b"] = subsidy


def _subsidy(world):
    return {"subsidy_id": world.extra["welfare_subsidy_a"].pk}


declare(CrawlRoute("welfare:subsidy_detail", params=_subsidy))
declare(CrawlRoute("welfare:subsidy_edit", params=_subsidy))
declare(CrawlRoute("welfare:subsidy_allocate", params=_subsidy))
declare(CrawlRoute("welfare:subsidy_transfer", params=_subsidy))
declare(CrawlRoute("welfare:subsidy_spend", params=_subsidy))
declare(CrawlRoute("welfare:subsidy_export", params=_subsidy))
declare(
    CrawlRoute(
        "welfare:subsidy_spending_delete",
        params=lambda w: {"spending_id": w.extra["welfare_subsidy_spending_a"].pk},
    )
)
declare_lookup(
    CrawlLookup(
        "welfare:subsidy_spend",
        field="member",
        value=lambda w: w.member_a.phone,
        params=lambda w: {"subsidy_id": w.extra["welfare_subsidy_b"].pk},
        data=lambda w: {
            "org": w.org_b.code,
            "recipient_name": "",
            "amount": "100",
            "spent_on": "2020-02-01",
            "purpose": "慰问一线医护人员",
        },
        world=("welfare_subsidies_lookups",),
        secrets=lambda w: [w.member_a.name],
        note="member of org A",
    )
)
declare(CrawlRoute("welfare:subsidy_close", params=_subsidy))

"""Subsidies to grassroots unions (services): the quota set in whole yuan, sharing out refused past what a union
holds (naming the unions), a lower union re-sharing, the transfer paying each share once, spending refused past a
union's own share (naming what is left) and the roll-up at each level of city → county → grassroots."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gonghui.core.models import TimelineEntry
from gonghui.ledger.models import LedgerEntry
from gonghui.quotas.models import QuotaAllocation, QuotaSet
from gonghui.welfare.choices import SubsidyStatus
from gonghui.welfare.models import Subsidy, SubsidySpending
from gonghui.welfare.selectors.subsidies import (
    shares_near_spend_by,
    subsidy_summary,
    subsidy_tree,
    tree_for_user,
)
from gonghui.welfare.services.subsidies import (
    subsidy_allocate,
    subsidy_spend,
    subsidy_transfer,
)
from gonghui.welfare.tests.factories_subsidies import make_subsidy, shared_subsidy, subsidy_world

TODAY = dt.date(2020, 2, 1)


def _spend(subsidy, org, actor, amount, **extra):
    return subsidy_spend(
        subsidy=subsidy,
        org=org,
        amount=Decimal(amount),
        spent_on=TODAY,
        purpose="慰问疫情防控一线医护人员",
        actor=actor,
        **{"recipient_name": "外援医护人员", **extra},
    )


def test_create_holds_the_total_as_a_quota_set_of_whole_yuan(world):
    # given
    sw = subsidy_world(world)
    # when
    subsidy = make_subsidy(sw, total=10000)
    # then
    subsidy.refresh_from_db()
    assert (subsidy.org, subsidy.status) == (world.city, SubsidyStatus.DRAFT)
    quota_set = QuotaSet.objects.get()
    assert (quota_set.total, quota_set.owner) == (10000, subsidy)
    assert TimelineEntry.objects.get(object_id=str(subsidy.pk)).action == "create"


def test_create_refuses_a_total_past_the_budget_line(world):
    sw = subsidy_world(world, budget="5000.00")
    with pytest.raises(ValidationError) as error:
        make_subsidy(sw, total=8000)
    assert "尚余 5000.00 元" in str(error.value.message_dict["total"])
    assert Subsidy.objects.count() == 0


def test_allocation_over_the_total_is_refused_naming_the_unions(world):
    # given
    sw = subsidy_world(world)
    subsidy = make_subsidy(sw, total=10000)
    subsidy_allocate(subsidy=subsidy, giver=world.city, shares={world.county_x.pk: 6000}, actor=sw.city_admin)
    # when
    with pytest.raises(ValidationError) as error:
        subsidy_allocate(
            subsidy=subsidy, giver=world.city, shares={world.county_y.pk: 4001}, actor=sw.city_admin
        )
    # then
    message = " ".join(error.value.messages)
    assert (
        "分配合计 10001 元，超过“测试市教科文卫体工会”可分配的 10000.00 元（尚可分配 4000.00 元）" in message
    )
    assert "“乙县教育工会”4001 元" in message
    assert QuotaAllocation.objects.filter(org=world.county_y).count() == 0


def test_a_lower_union_shares_its_own_share_further_down_within_it(world):
    # given: 甲县 received 6000 and spent 1000 itself
    sw = subsidy_world(world)
    subsidy = shared_subsidy(world, sw, org_a=3000)
    _spend(subsidy, world.county_x, sw.county_admin, "1000")
    # when: it passes 2000 more down (3000 + 2000 + 1000 spent = 6000)
    subsidy_allocate(
        subsidy=subsidy, giver=world.county_x, shares={sw.second_school.pk: 2000}, actor=sw.county_admin
    )
    # then
    second = QuotaAllocation.objects.get(org=sw.second_school)
    assert (second.allocated, second.parent_id) == (2000, QuotaAllocation.objects.get(org=world.county_x).pk)
    # one yuan more is refused: 甲县 holds 6000 less the 1000 it spent
    with pytest.raises(ValidationError) as error:
        subsidy_allocate(
            subsidy=subsidy, giver=world.county_x, shares={sw.second_school.pk: 2001}, actor=sw.county_admin
        )
    assert "超过“甲县教育工会”可分配的 5000.00 元" in " ".join(error.value.messages)
    # a share cannot drop below what its union spent
    _spend(subsidy, world.org_a, sw.county_admin, "2500")
    with pytest.raises(ValidationError) as error:
        subsidy_allocate(
            subsidy=subsidy, giver=world.county_x, shares={world.org_a.pk: 2000}, actor=sw.county_admin
        )
    assert "“甲县第一中学工会”已下拨下级和本级使用共 2500.00 元" in " ".join(error.value.messages)


def test_transfer_pays_each_first_level_share_once_and_freezes_it(world):
    # given
    sw = subsidy_world(world)
    subsidy = make_subsidy(sw)
    subsidy_allocate(
        subsidy=subsidy,
        giver=world.city,
        shares={world.county_x.pk: 6000, world.county_y.pk: 2000},
        actor=sw.city_admin,
    )
    # when: transferred twice
    first = subsidy_transfer(subsidy=subsidy, actor=sw.city_admin)
    again = subsidy_transfer(subsidy=subsidy, actor=sw.city_admin)
    # then
    assert (len(first.paid), first.amount, len(again.paid), again.already) == (2, Decimal("8000"), 0, 2)
    entries = LedgerEntry.objects.order_by("payee_name")
    assert [(e.payee_name, e.amount, e.idempotency_key) for e in entries] == [
        ("乙县教育工会", Decimal("2000.00"), f"welfare-subsidy:{subsidy.public_id}:CY"),
        ("甲县教育工会", Decimal("6000.00"), f"welfare-subsidy:{subsidy.public_id}:CX"),
    ]
    subsidy.refresh_from_db()
    assert subsidy.status == SubsidyStatus.ISSUED
    # a paid share is frozen
    with pytest.raises(ValidationError) as error:
        subsidy_allocate(
            subsidy=subsidy, giver=world.city, shares={world.county_y.pk: 1000}, actor=sw.city_admin
        )
    assert "“乙县教育工会”的 2000 元已下拨，不能再修改" in " ".join(error.value.messages)


def test_spending_over_the_own_share_is_refused_naming_what_is_left(world):
    # given: 甲县 6000, passed 3000 down to org A
    sw = subsidy_world(world)
    subsidy = shared_subsidy(world, sw)
    _spend(subsidy, world.county_x, sw.county_admin, "2999.50")
    # when
    with pytest.raises(ValidationError) as error:
        _spend(subsidy, world.county_x, sw.county_admin, "0.51")
    # then
    assert error.value.message_dict["amount"] == [
        "超出额度：“甲县教育工会”本级尚余 0.50 元可用（分得 6000.00 元，下拨下级 3000.00 元，已使用 2999.50 元），本次 0.51 元"
    ]
    assert SubsidySpending.objects.count() == 1


def test_spending_before_the_transfer_is_refused(world):
    sw = subsidy_world(world)
    subsidy = make_subsidy(sw)
    subsidy_allocate(subsidy=subsidy, giver=world.city, shares={world.county_x.pk: 6000}, actor=sw.city_admin)
    with pytest.raises(ValidationError) as error:
        _spend(subsidy, world.county_x, sw.county_admin, "10")
    assert error.value.messages == ["“甲县教育工会”的补助资金尚未下拨，暂不能登记使用"]


def test_spending_names_a_member_of_the_subtree_only(world):
    sw = subsidy_world(world)
    subsidy = shared_subsidy(world, sw)
    spending = _spend(subsidy, world.org_a, sw.county_admin, "300", member_query=world.member_a.phone)
    assert (spending.member, spending.recipient_name) == (world.member_a, "甲会员")
    # 乙县's admin may record for 乙县 only; org A's member is not found there (the same answer as "no such member")
    outsider_admin = sw.city_admin
    with pytest.raises(ValidationError) as error:
        _spend(subsidy, world.county_y, outsider_admin, "300", member_query=world.member_a.phone)
    assert "在“乙县教育工会”及下级工会的在籍会员中找不到" in error.value.message_dict["member"][0]


def test_roll_up_totals_at_each_level_and_the_unspent_balance(world):
    # given: city 10000 → 甲县 6000 (→ 甲县第一中学 3000, 甲县第二小学 1000), 乙县 2000
    sw = subsidy_world(world)
    subsidy = shared_subsidy(world, sw)
    subsidy_allocate(
        subsidy=subsidy, giver=world.county_x, shares={sw.second_school.pk: 1000}, actor=sw.county_admin
    )
    _spend(subsidy, world.org_a, sw.county_admin, "1200")
    _spend(subsidy, world.org_a, sw.county_admin, "300.50")
    _spend(subsidy, sw.second_school, sw.county_admin, "1000")
    _spend(subsidy, world.county_x, sw.county_admin, "500")
    _spend(subsidy, world.county_y, sw.city_admin, "2000")
    # when
    tree = subsidy_tree(subsidy)
    # then
    figures = {
        row.org.code: (row.depth, row.allocated, row.passed_down, row.spent_own, row.spent_total, row.unspent)
        for row in tree
    }
    d = Decimal
    assert [row.org.code for row in tree] == ["CITY", "CX", "ORGA", "SUBX2", "CY"]
    assert figures["CITY"] == (0, d(10000), d(8000), d(0), d("5000.50"), d("4999.50"))
    assert figures["CX"] == (1, d(6000), d(4000), d(500), d("3000.50"), d("2999.50"))
    assert figures["ORGA"] == (2, d(3000), d(0), d("1500.50"), d("1500.50"), d("1499.50"))
    assert figures["SUBX2"] == (2, d(1000), d(0), d(1000), d(1000), d(0))
    assert figures["CY"] == (1, d(2000), d(0), d(2000), d(2000), d(0))
    assert tree[1].available == d(1500)  # 甲县 may still spend or pass down 6000 − 4000 − 500
    summary = subsidy_summary(subsidy, tree)
    assert (summary.total, summary.allocated, summary.transferred, summary.spent, summary.unspent) == (
        d(10000),
        d(8000),
        d(8000),
        d("5000.50"),
        d("4999.50"),
    )
    # the county's admin sees its own branch only, its union marked
    branch = tree_for_user(subsidy_tree(subsidy), sw.county_admin)
    assert [(row.org.code, row.is_mine) for row in branch] == [
        ("CX", True),
        ("ORGA", False),
        ("SUBX2", False),
    ]


def test_home_counter_counts_own_unspent_shares_near_the_spend_by_date(world):
    # given: spend-by 2099-12-31; 甲县 has money left, org A spent all of its 3000
    sw = subsidy_world(world)
    subsidy = shared_subsidy(world, sw)
    _spend(subsidy, world.org_a, sw.county_admin, "3000")
    near = dt.date(2099, 12, 1)
    # then: counted for 甲县's admin near the date only, not for org A's (spent) nor before the window
    assert shares_near_spend_by(sw.county_admin, near) == 1
    assert shares_near_spend_by(world.org_admin, near) == 0
    assert shares_near_spend_by(sw.county_admin, dt.date(2099, 10, 1)) == 0

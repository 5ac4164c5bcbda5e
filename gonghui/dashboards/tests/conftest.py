"""A small hand-built tree with members and registrations whose statistics are worked out by hand.

    测试市 CITY        headcount 3/0/0                                        registration E (未填写类别, 发展会员中)
    ├── 甲县 CX         2/0/0                                                 registrations A (700, 未建会), B (170, 已申请),
    │   └── org A       100/20/10  member_a M 在编 1988-05-17 在籍                              C (700, 已建会 — not counted)
    │       │                      m1 F 非在编 2001-06-16 joined 2026-03-01 在籍
    │       │                      m2 F 劳务派遣 2000-06-15 joined 2025-12-31 在籍
    │       │                      m3 M 在编 1970-01-01 joined 1995-07-01 保留会籍
    │       │                      m4 F 非在编 已退会 (not counted)
    │       └── branch  5/0/0      m5 F 在编 1980-06-15 joined 2026-01-01 在籍
    └── 乙县 CY         0/0/0      m8 M 在编 1985-01-01 在籍                  registration D (700, 未通过)
        └── org B       50/30/0    m6 M 其他 1990-06-16 joined 2026-06-15 在籍
                                   m7 F 劳务派遣 已转出 (not counted)

Statistics day: 2026-06-15.
"""

import datetime as dt

import pytest

from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.choices import FoundingStatus, OrgLevel, UnitCategory
from gonghui.orgs.models import Org, UnionFounding
from gonghui.orgs.tests.factories import OrgFactory

TODAY = dt.date(2026, 6, 15)


def _headcount(org, established, contract, dispatched):
    Org.objects.filter(pk=org.pk).update(
        headcount_established=established, headcount_contract=contract, headcount_dispatched=dispatched
    )


@pytest.fixture
def stats_tree(world):
    branch = OrgFactory.create(
        parent=world.org_a, code="ORGA-F1", name="甲县第一中学高中部分工会", level=OrgLevel.BRANCH
    )
    for org, counts in (
        (world.city, (3, 0, 0)),
        (world.county_x, (2, 0, 0)),
        (world.org_a, (100, 20, 10)),
        (branch, (5, 0, 0)),
        (world.org_b, (50, 30, 0)),
    ):
        _headcount(org, *counts)
    members = [
        (world.org_a, "F", "contract", dt.date(2001, 6, 16), dt.date(2026, 3, 1), "active"),
        (world.org_a, "F", "dispatched", dt.date(2000, 6, 15), dt.date(2025, 12, 31), "active"),
        (world.org_a, "M", "established", dt.date(1970, 1, 1), dt.date(1995, 7, 1), "retired_kept"),
        (world.org_a, "F", "contract", dt.date(1990, 1, 1), dt.date(2026, 2, 1), "left"),
        (branch, "F", "established", dt.date(1980, 6, 15), dt.date(2026, 1, 1), "active"),
        (world.org_b, "M", "other", dt.date(1990, 6, 16), dt.date(2026, 6, 15), "active"),
        (world.org_b, "F", "dispatched", dt.date(1992, 1, 1), dt.date(2026, 1, 1), "transferred_out"),
        (world.county_y, "M", "established", dt.date(1985, 1, 1), None, "active"),
    ]
    for org, gender, employment, born, joined, status in members:
        MemberFactory.create(
            org=org, gender=gender, employment=employment, birth_date=born, joined_on=joined, status=status
        )
    for org, name, category, status in (
        (world.county_x, "甲县育才学校", UnitCategory.PRIVATE_NON_ENTERPRISE, FoundingStatus.NOT_FOUNDED),
        (world.county_x, "甲县康宁医院", UnitCategory.PRIVATE, FoundingStatus.APPLIED),
        (world.county_x, "甲县博文学校", UnitCategory.PRIVATE_NON_ENTERPRISE, FoundingStatus.FOUNDED),
        (world.county_y, "乙县仁和医院", UnitCategory.PRIVATE_NON_ENTERPRISE, FoundingStatus.REJECTED),
        (world.city, "市德馨养老院", "", FoundingStatus.DEVELOPING),
    ):
        UnionFounding.objects.create(org=org, unit_name=name, unit_category=category, status=status)
    return world

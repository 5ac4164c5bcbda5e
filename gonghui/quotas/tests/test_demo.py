"""The demo 名额: 30 places from 市总工会 split over the county unions by workforce, one county's share re-allocated
to two grassroots unions; seeded once."""

import pytest

from gonghui.accounts.roles import SYSADMIN
from gonghui.accounts.tests.factories import RoleGrantFactory, UserFactory
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.quotas.choices import QuotaSource
from gonghui.quotas.demo import DEMO_TITLE, ROOT_CODE, seed_quotas
from gonghui.quotas.models import QuotaSet
from gonghui.quotas.selectors import quota_tree, set_summary

pytestmark = pytest.mark.django_db


def test_demo_seeds_a_received_set_split_by_workforce_and_re_allocated():
    # given a city union, two counties with 600 and 300 staff below them, and the platform administrator
    root = OrgFactory.create(code=ROOT_CODE, name="焦作市教科文卫体工会", level=OrgLevel.CITY)
    big = OrgFactory.create(parent=root, name="甲县教育工会", level=OrgLevel.COUNTY)
    small = OrgFactory.create(parent=root, name="乙县教育工会", level=OrgLevel.COUNTY)
    for n, (county, staff) in enumerate([(big, 400), (big, 200), (small, 300)]):
        OrgFactory.create(
            parent=county,
            name=f"第{n}中学工会",
            headcount_established=staff,
            headcount_contract=0,
            headcount_dispatched=0,
        )
    RoleGrantFactory.create(user=UserFactory.create(username="admin"), role=SYSADMIN, org=root)
    # when seeded twice
    first = seed_quotas()
    assert seed_quotas() == "名额已存在"
    # then
    quota_set = QuotaSet.objects.get(title=DEMO_TITLE)
    assert (quota_set.source, quota_set.issuer, quota_set.total) == (QuotaSource.ISSUED, "市总工会", 30)
    assert "再分配到 2 个基层工会" in first
    rows = [(row.depth, row.org.name, row.allocated) for row in quota_tree(quota_set)]
    assert rows == [
        (0, "甲县教育工会", 20),
        (1, "第0中学工会", 10),
        (1, "第1中学工会", 10),
        (0, "乙县教育工会", 10),
    ]
    assert set_summary(quota_set).unallocated == 0

"""orgs.rollup: figures per union over whole subtrees, one grouped query per depth among the unions asked."""

import pytest
from django.db.models import Count, Sum

from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.rollup import rollup
from gonghui.orgs.tests.factories import OrgFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree() -> dict[str, Org]:
    """city ── county ── unit ── branch, plus an empty county and a second unit; headcounts 1, 10, 100, 1000 …"""
    city = OrgFactory.create(level=OrgLevel.CITY, code="RCITY", headcount_established=1)
    county = OrgFactory.create(parent=city, level=OrgLevel.COUNTY, code="RCTY1", headcount_established=10)
    empty = OrgFactory.create(parent=city, level=OrgLevel.COUNTY, code="RCTY2")
    unit = OrgFactory.create(parent=county, code="RUNIT1", headcount_established=100)
    other = OrgFactory.create(parent=county, code="RUNIT2", headcount_established=1000)
    branch = OrgFactory.create(parent=unit, level=OrgLevel.BRANCH, code="RBR1", headcount_established=10000)
    return {
        o.code: o
        for o in Org.objects.filter(pk__in=[x.pk for x in (city, county, empty, unit, other, branch)])
    }


def test_each_org_sums_its_own_subtree(tree, django_assert_num_queries):
    orgs = list(tree.values())
    with django_assert_num_queries(4):  # depths 1, 2, 3 and 4: one grouped query each
        result = rollup(
            Org.objects.all(), orgs, path_field="path", n=Count("id"), heads=Sum("headcount_established")
        )
    assert result[tree["RCITY"].id] == {"n": 6, "heads": 11111}
    assert result[tree["RCTY1"].id] == {"n": 4, "heads": 11110}
    assert result[tree["RUNIT1"].id] == {"n": 2, "heads": 10100}
    assert result[tree["RUNIT2"].id] == {"n": 1, "heads": 1000}
    assert result[tree["RBR1"].id] == {"n": 1, "heads": 10000}
    # the empty county has only itself (headcount 0)
    assert result[tree["RCTY2"].id] == {"n": 1, "heads": 0}


def test_orgs_without_rows_get_zero_counts_and_none(tree, django_assert_num_queries):
    """Rows of a related model (here: the children of each org, by their parent's path): an org with none gets 0
    for a Count and None for a Sum; only the depths asked cost a query."""
    asked = [tree["RCTY1"], tree["RCTY2"], tree["RUNIT2"]]
    children = Org.objects.filter(depth__gte=2)
    with django_assert_num_queries(2):  # depths 2 and 3
        result = rollup(children, asked, path_field="path", n=Count("id"), heads=Sum("headcount_established"))
    assert result[tree["RCTY2"].id] == {"n": 1, "heads": 0}
    none_rows = rollup(
        Org.objects.none(), asked, path_field="path", n=Count("id"), heads=Sum("headcount_established")
    )
    assert all(v == {"n": 0, "heads": None} for v in none_rows.values())
    assert set(none_rows) == {o.id for o in asked}


def test_no_orgs_no_queries(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert rollup(Org.objects.all(), [], path_field="path", n=Count("id")) == {}

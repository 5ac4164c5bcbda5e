"""会员人数 lent to quotas' 按比例分配: the holding members of each union's whole subtree."""

import pytest

from gonghui.members.choices import MemberStatus
from gonghui.members.tests.factories import MemberFactory
from gonghui.quotas.sources import weight_sources

pytestmark = pytest.mark.django_db


def test_member_weights_count_holding_members_of_each_subtree(world):
    MemberFactory.create_batch(3, org=world.org_a)
    MemberFactory.create(org=world.org_a, status=MemberStatus.TRANSFERRED_OUT)
    MemberFactory.create(org=world.county_x)
    source = weight_sources.get("members")
    assert source.label == "会员人数"
    assert next(iter(weight_sources)).key == "members"  # the default basis of 按比例分配
    # member_a of the world is in org A too; the transferred member does not count; county X holds org A's
    assert source.weights([world.county_x, world.org_a]) == {world.county_x.pk: 5, world.org_a.pk: 4}

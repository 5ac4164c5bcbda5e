"""The weight and 收文 sources other apps lend to the 名额 pages: 职工人数 counts a union's whole subtree, and the
registries start with the block's own source only (members and documents add theirs)."""

import pytest

from gonghui.orgs.tests.factories import OrgFactory
from gonghui.quotas.sources import (
    WORKFORCE,
    incoming_document_choices,
    weight_choices,
    workforce_weights,
)

pytestmark = pytest.mark.django_db


def test_workforce_counts_each_unions_whole_subtree(world):
    first = OrgFactory.create(
        parent=world.org_a, name="一分会", headcount_established=20, headcount_contract=5
    )
    OrgFactory.create(parent=first, name="一分会小组", headcount_dispatched=3)
    second = OrgFactory.create(parent=world.org_a, name="二分会", headcount_established=7)
    assert workforce_weights([first, second]) == {first.pk: 28, second.pk: 7}
    assert workforce_weights([]) == {}


def test_the_workforce_source_is_registered(world):
    assert (WORKFORCE, "职工人数（组织档案）") in weight_choices()
    assert isinstance(incoming_document_choices(world.org_admin, [world.org_a]), list)

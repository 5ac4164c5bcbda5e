"""PostgreSQL: four nominations posted at the same instant for a union with two quota places left pass twice; the
others are told the places are used up, and no place row is left without its quota place. The allocation row
(`quota_use`) and the batch row (capacity) are locked before they are counted."""

import pytest
from django.core.exceptions import ValidationError

from gonghui.quotas.models import QuotaUse
from gonghui.welfare.models import RecuperationPlace
from gonghui.welfare.services.recuperation import place_nominate

from .factories_recuperation import make_programme, org_a_member

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
THREADS = 4


def test_concurrent_nominations_never_exceed_the_quota(world, run_concurrently):
    rcp = make_programme(world, org_a_places=2)
    nurses = [org_a_member(world, f"护士{i}", tagged=True) for i in range(THREADS)]

    def nominate(member):
        return lambda: place_nominate(
            programme=rcp.programme,
            allocation=rcp.allocation_a,
            member=member,
            batch=rcp.first,
            actor=world.org_admin,
        )

    results, errors = run_concurrently(*[nominate(member) for member in nurses])
    assert len(results) == 2
    assert len(errors) == THREADS - 2
    assert all(isinstance(e, ValidationError) and "名额已用完" in str(e) for e in errors)
    assert RecuperationPlace.objects.filter(programme=rcp.programme).count() == 2
    assert QuotaUse.objects.filter(allocation=rcp.allocation_a, released_at__isnull=True).count() == 2

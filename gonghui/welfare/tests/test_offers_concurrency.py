"""PostgreSQL: two cashiers confirm the same member's redemption of a limit-1 offer at the same instant — one
redemption is recorded, the other is told the member has used the offer up. The lock on the offer's row in
`offer_redeem` backs the count."""

import pytest
from django.core.exceptions import ValidationError

from conftest import make_cadre
from gonghui.welfare.models import OfferRedemption
from gonghui.welfare.services.offers import offer_redeem

from .factories_offers import make_offer

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
THREADS = 2


def test_concurrent_redemptions_of_a_limit_one_offer_record_one(world, run_concurrently):
    offer = make_offer(org=world.org_a, actor=world.org_admin, limit=1)
    cashiers = [world.org_admin, make_cadre("ofr_cashier", world.org_a)]
    results, errors = run_concurrently(
        *[lambda who=who: offer_redeem(offer=offer, actor=who, member=world.member_a) for who in cashiers]
    )
    assert len(results) == 1
    assert len(errors) == THREADS - 1
    assert all(isinstance(e, ValidationError) and "已用完本优惠" in str(e) for e in errors)
    assert OfferRedemption.objects.filter(offer=offer, member=world.member_a).count() == 1

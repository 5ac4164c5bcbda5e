"""PostgreSQL: 发放 run by two approvers at the same instant, and one person paid by two requests at once, pay each
person exactly once — one ledger entry that is not reversed per person. The recipient's row lock in
`relief_pay_one` backs the "already has a live entry" check; the ledger's key is the second net."""

import pytest
from django.db.models import Count

from gonghui.ledger.models import LedgerEntry
from gonghui.welfare.choices import RecipientStatus
from gonghui.welfare.services.relief import relief_pay_all, relief_pay_one

from .factories_relief import approved_campaign, second_admin

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
PEOPLE = 6


def _live_per_person(campaign):
    entries = LedgerEntry.objects.filter(
        idempotency_key__startswith=f"welfare-relief:{campaign.public_id}:",
        reverses__isnull=True,
        reversal__isnull=True,
    )
    return sorted(entries.values("payee_member").annotate(n=Count("pk")).values_list("n", flat=True))


def test_two_approvers_paying_at_once_pay_each_person_once(world, run_concurrently):
    campaign = approved_campaign(world, people=PEOPLE)
    approver = second_admin(world)
    results, errors = run_concurrently(
        lambda: relief_pay_all(campaign=campaign, actor=world.org_admin),
        lambda: relief_pay_all(campaign=campaign, actor=approver),
    )
    assert errors == []
    assert sum(r.paid for r in results) == PEOPLE
    assert _live_per_person(campaign) == [1] * PEOPLE
    assert set(campaign.recipients.values_list("status", flat=True)) == {RecipientStatus.PAID}


def test_one_person_paid_by_two_requests_at_once_is_paid_once(world, run_concurrently):
    campaign = approved_campaign(world, people=1)
    person = campaign.recipients.get()
    results, errors = run_concurrently(
        *[lambda: relief_pay_one(recipient=person, actor=world.org_admin) for _ in range(4)]
    )
    assert errors == []
    assert {r.ledger_entry_id for r in results} == {LedgerEntry.objects.get().pk}
    assert _live_per_person(campaign) == [1]

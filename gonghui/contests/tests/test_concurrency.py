"""PostgreSQL: org A holds two places; ten cadres enter ten different teachers at the same instant — exactly two
entries are written, the others are refused with 名额已用完 and leave nothing behind; one teacher entered by two
unions' cadres at once ends in one live entry (the partial unique constraint backs the service's check)."""

import pytest
from django.core.exceptions import ValidationError

from gonghui.contests.models import Entry, EntryMember
from gonghui.contests.services.entries import entry_create
from gonghui.quotas.models import QuotaUse

from .test_entries_factories import contest_setup, teacher

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
THREADS = 10


def test_ten_concurrent_entries_into_two_places(world, run_concurrently):
    setup = contest_setup(world, org_a_places=2)
    people = [teacher(world.org_a, f"教师{n}") for n in range(THREADS)]
    results, errors = run_concurrently(
        *[
            lambda person=person: entry_create(
                contest_round=setup.round1,
                group=setup.solo,
                entrant_org=world.org_a,
                members=[person],
                actor=world.org_admin,
            )
            for person in people
        ]
    )
    assert len(results) == 2
    assert len(errors) == THREADS - 2
    assert all(isinstance(error, ValidationError) and "名额已用完" in str(error) for error in errors)
    assert Entry.objects.filter(round=setup.round1).count() == 2
    assert EntryMember.objects.filter(round=setup.round1).count() == 2
    assert QuotaUse.objects.filter(released_at__isnull=True).count() == 2


def test_one_teacher_entered_twice_at_once_is_in_one_live_entry(world, run_concurrently):
    setup = contest_setup(world, quota=False)
    person = teacher(world.org_a, "甲教师")
    results, errors = run_concurrently(
        *[
            lambda title=title: entry_create(
                contest_round=setup.round1,
                group=setup.solo,
                entrant_org=world.org_a,
                members=[person],
                actor=world.org_admin,
                title=title,
            )
            for title in ("课例一", "课例二", "课例三")
        ]
    )
    assert len(results) == 1
    assert all(isinstance(error, ValidationError) and "甲教师" in str(error) for error in errors)
    assert EntryMember.objects.filter(round=setup.round1, member=person, active=True).count() == 1

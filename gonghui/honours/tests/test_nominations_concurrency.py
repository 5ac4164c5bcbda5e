"""PostgreSQL: org A holds two places; ten ready drafts are submitted at the same instant — exactly two take a
place, the others are refused with 名额已用完 and stay drafts; one teacher put forward by two unions at once ends
in one live nomination (the partial unique constraint backs the service)."""

import pytest
from django.core.exceptions import ValidationError

from gonghui.honours.choices import NominationStatus
from gonghui.honours.models import Nomination
from gonghui.honours.services.nominations import nomination_create, nomination_submit
from gonghui.quotas.models import QuotaUse

from .test_nominations_factories import campaign_setup, person, ready_draft

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
THREADS = 10


def test_concurrent_submits_never_exceed_the_quota(world, run_concurrently):
    setup = campaign_setup(world, org_a_places=2)
    drafts = [
        ready_draft(setup.campaign, world.org_a, person(world.org_a, f"教师{n}"), world.org_admin)
        for n in range(THREADS)
    ]
    results, errors = run_concurrently(
        *[lambda draft=draft: nomination_submit(nomination=draft, actor=world.org_admin) for draft in drafts]
    )
    assert len(results) == 2
    assert len(errors) == THREADS - 2
    assert all(isinstance(error, ValidationError) and "名额已用完" in str(error) for error in errors)
    assert Nomination.objects.filter(status=NominationStatus.SUBMITTED).count() == 2
    assert Nomination.objects.filter(status=NominationStatus.DRAFT).count() == THREADS - 2
    assert QuotaUse.objects.filter(released_at__isnull=True).count() == 2


def test_one_teacher_put_forward_twice_at_once_is_in_one_live_nomination(world, run_concurrently):
    setup = campaign_setup(world, quota=False)
    teacher = person(world.org_a, "甲教师")
    results, errors = run_concurrently(
        *[
            lambda org=org, actor=actor: nomination_create(
                campaign=setup.campaign, nominating_org=org, member=teacher, actor=actor
            )
            for org, actor in ((world.org_a, world.org_admin), (world.county_x, setup.county))
        ]
    )
    assert len(results) == 1
    assert all(isinstance(error, ValidationError) and "甲教师" in str(error) for error in errors)
    assert Nomination.objects.filter(member=teacher).count() == 1

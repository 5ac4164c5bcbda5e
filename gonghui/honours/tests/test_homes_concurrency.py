"""PostgreSQL: 建家考评 under double clicks — two first uses of the 建家 standard make one template, the same units
added twice at once are entered once, and 开始 / 确定结果 pressed twice at once succeed once (the assessment's row
lock)."""

import pytest
from django.core.exceptions import ValidationError

from gonghui.honours.choices import HomeAssessmentStatus
from gonghui.honours.services.homes import (
    HOME_STANDARD_NAME,
    home_assessment_close,
    home_assessment_open,
    home_standard_template,
    home_units_add,
)
from gonghui.reviews.models import ReviewEntry, ScoreSheetTemplate

from .test_homes import Homes

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_two_first_uses_of_the_standard_make_one_template(world, run_concurrently):
    homes = Homes(world)
    results, errors = run_concurrently(
        *[lambda: home_standard_template(org=homes.county, actor=homes.admin) for _ in range(4)]
    )
    assert errors == []
    assert len({template.pk for template in results}) == 1
    assert ScoreSheetTemplate.objects.filter(org=homes.county, name=HOME_STANDARD_NAME).count() == 1


def test_the_same_units_added_twice_at_once_are_entered_once(world, run_concurrently):
    homes = Homes(world)
    assessment = homes.assessment()
    results, errors = run_concurrently(
        *[
            lambda: home_units_add(assessment=assessment, orgs=[homes.unit, homes.sibling], actor=homes.admin)
            for _ in range(3)
        ]
    )
    assert errors == []
    assert sorted(len(added) for added in results) == [0, 0, 2]
    assert ReviewEntry.objects.filter(round_id=assessment.review_round_id).count() == 2


def test_open_and_close_pressed_twice_at_once_happen_once(world, run_concurrently):
    homes = Homes(world)
    assessment = homes.assessment()
    home_units_add(assessment=assessment, orgs=[homes.unit], actor=homes.admin)
    results, errors = run_concurrently(
        *[lambda: home_assessment_open(assessment=assessment, actor=homes.admin) for _ in range(2)]
    )
    assert len(results) == 1
    assert [type(error) for error in errors] == [ValidationError]
    results, errors = run_concurrently(
        *[lambda: home_assessment_close(assessment=assessment, actor=homes.admin) for _ in range(2)]
    )
    assert len(results) == 1
    assert [type(error) for error in errors] == [ValidationError]
    assessment.refresh_from_db()
    assert assessment.status == HomeAssessmentStatus.CLOSED

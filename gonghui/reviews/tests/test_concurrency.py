"""PostgreSQL: a sheet submitted twice at the same instant is submitted once (one timeline row, the other call
told it was submitted); a judge's first save from two tabs at once makes one sheet, and so does an entrant union's
first self save (one self sheet per entry)."""

import pytest
from django.core.exceptions import ValidationError

from gonghui.core.models import TimelineEntry
from gonghui.reviews.models import Criterion, ScoreSheet
from gonghui.reviews.services import ScoreInput, round_open, self_sheet_save, sheet_save, sheet_submit

from .conftest import Setup

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def scores(setup: Setup) -> dict[int, ScoreInput]:
    c = {x.name: x.pk for x in Criterion.objects.filter(template=setup.review_round.template)}
    return {
        c["创新性"]: ScoreInput("30"),
        c["实效性"]: ScoreInput("40", "好"),
        c["存在违纪违法"]: ScoreInput("0"),
    }


def test_a_sheet_is_submitted_once(setup: Setup, run_concurrently) -> None:  # type: ignore[no-untyped-def]
    round_open(review_round=setup.review_round, actor=setup.organiser)
    judge = setup.judge_a
    sheet = sheet_save(judge=judge, entry=setup.entry_b, scores=scores(setup), actor=judge.user)
    results, errors = run_concurrently(*[lambda: sheet_submit(sheet=sheet, actor=judge.user)] * 2)
    assert len(results) == 1
    assert len(errors) == 1
    assert isinstance(errors[0], ValidationError)
    assert TimelineEntry.objects.filter(object_id=str(sheet.pk), action="submit").count() == 1


def test_two_first_saves_make_one_sheet(setup: Setup, run_concurrently) -> None:  # type: ignore[no-untyped-def]
    round_open(review_round=setup.review_round, actor=setup.organiser)
    judge = setup.judge_a
    payload = scores(setup)
    results, errors = run_concurrently(
        *[lambda: sheet_save(judge=judge, entry=setup.entry_b, scores=payload, actor=judge.user)] * 2
    )
    assert errors == []
    assert len(results) == 2
    assert ScoreSheet.objects.count() == 1


def test_two_first_self_saves_make_one_self_sheet(self_setup, run_concurrently) -> None:  # type: ignore[no-untyped-def]
    s = self_setup
    c = {x.name: x.pk for x in Criterion.objects.filter(template=s.review_round.template)}
    payload = {c["创新性"]: ("30", "自评"), c["实效性"]: ("40", "自评"), c["存在违纪违法"]: ("0", "")}
    results, errors = run_concurrently(
        *[lambda: self_sheet_save(entry=s.entry_a, actor=s.world.org_admin, scores=payload)] * 2
    )
    assert errors == []
    assert len(results) == 2
    assert ScoreSheet.objects.filter(entry=s.entry_a, is_self=True).count() == 1

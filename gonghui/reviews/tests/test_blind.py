"""What a judge is shown of an entry: in an open round the title with the entrant union and unit, in a 盲评 round
the title alone."""

import pytest

from gonghui.reviews.choices import BlindMode
from gonghui.reviews.models import ReviewRound
from gonghui.reviews.selectors import entry_label_for_judge, judge_entry_view

from .conftest import Setup

pytestmark = pytest.mark.django_db


def test_an_open_round_shows_the_entrant_union_and_unit(setup: Setup) -> None:
    view = judge_entry_view(setup.entry_x)
    assert (view.title, view.entrant, view.unit, view.is_blind) == (
        setup.entry_x.title,
        setup.world.county_x.name,
        "甲县教育局",
        False,
    )
    label = entry_label_for_judge(setup.entry_x, setup.judge_b)
    assert label == f"{setup.entry_x.title}（{setup.world.county_x.name} · 甲县教育局）"


def test_a_blind_round_shows_the_title_only(setup: Setup) -> None:
    ReviewRound.objects.filter(pk=setup.review_round.pk).update(blind_mode=BlindMode.BLIND)
    setup.judge_b.round.refresh_from_db()
    setup.entry_x.round.refresh_from_db()
    view = judge_entry_view(setup.entry_x)
    assert (view.title, view.entrant, view.unit, view.is_blind) == (setup.entry_x.title, "", "", True)
    label = entry_label_for_judge(setup.entry_x, setup.judge_b)
    assert label == setup.entry_x.title
    assert "甲县教育局" not in label

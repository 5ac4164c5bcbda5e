"""A 评委 grant on a union below the round's makes that union the judge's own: a county's judge in a city round does
not see the county's entry; the 评委 grant on the round's own union (the organiser's) hides nothing."""

import pytest

from conftest import World, make_cadre
from gonghui.accounts.roles import JUDGE
from gonghui.reviews.selectors import entries_for_judge

from .factories import make_entry, make_judge, make_round

pytestmark = pytest.mark.django_db


def test_a_county_judge_does_not_see_the_countys_own_entry(world: World) -> None:
    review_round = make_round(org=world.city, actor=make_cadre("organiser", world.city))
    county_entry = make_entry(
        review_round=review_round, entrant_org=world.county_x, actor=review_round.created_by
    )
    other = make_entry(review_round=review_round, entrant_org=world.county_y, actor=review_round.created_by)
    county_judge = make_judge(
        review_round=review_round,
        user=make_cadre("cx_pingwei", world.county_x, role=JUDGE),
        actor=review_round.created_by,
    )
    city_judge = make_judge(
        review_round=review_round,
        user=make_cadre("city_pingwei", world.city, role=JUDGE),
        actor=review_round.created_by,
    )
    assert set(entries_for_judge(county_judge)) == {other}
    assert set(entries_for_judge(city_judge)) == {county_entry, other}

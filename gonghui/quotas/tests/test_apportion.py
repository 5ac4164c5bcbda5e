"""Largest-remainder (Hamilton) rounding: the shares always add up to the total, each is its exact quota rounded
down or up, ties go to the smaller order key, and the result does not depend on the mapping's order."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.quotas.apportion import largest_remainder

weights_strategy = st.dictionaries(
    st.text(alphabet="0123456789", min_size=4, max_size=8), st.integers(0, 5000), min_size=1, max_size=15
).filter(lambda weights: sum(weights.values()) > 0)


@given(total=st.integers(0, 500), weights=weights_strategy)
def test_shares_add_up_and_stay_within_one_place_of_the_exact_quota(total, weights):
    shares = largest_remainder(total, weights)
    assert sum(shares.values()) == total
    assert shares.keys() == weights.keys()
    weight_sum = sum(weights.values())
    for key, weight in weights.items():
        exact = Fraction(total * weight, weight_sum)
        assert exact - 1 < shares[key] < exact + 1
        if weight == 0:
            assert shares[key] == 0


@given(total=st.integers(0, 500), weights=weights_strategy)
def test_the_result_does_not_depend_on_the_order_of_the_weights(total, weights):
    reversed_weights = dict(reversed(list(weights.items())))
    assert largest_remainder(total, weights) == largest_remainder(total, reversed_weights)


def test_a_known_split_by_member_count():
    # 30 places over 1200, 700 and 100 members: 18, 10.5, 1.5 → the two halves are a tie, the smaller path wins
    assert largest_remainder(30, {"0002": 700, "0001": 1200, "0003": 100}) == {
        "0001": 18,
        "0002": 11,
        "0003": 1,
    }


def test_ties_go_to_the_smaller_order_key():
    assert largest_remainder(10, {"b": 1, "a": 1, "c": 1}) == {"a": 4, "b": 3, "c": 3}
    by_custom_order = largest_remainder(
        10, {"b": 1, "a": 1, "c": 1}, order=lambda key: {"c": 0, "b": 1, "a": 2}[key]
    )
    assert by_custom_order == {"c": 4, "b": 3, "a": 3}


def test_the_largest_remainder_wins_before_the_order():
    # exact quotas 2.2, 3.3, 4.5 → floors 2, 3, 4 and one place left, to the .5
    assert largest_remainder(10, {"a": 22, "b": 33, "c": 45}) == {"a": 2, "b": 3, "c": 5}


@pytest.mark.parametrize(
    ("total", "weights", "message"),
    [
        (-1, {"a": 1}, "total"),
        (5, {"a": 0}, "positive"),
        (5, {"a": -1, "b": 3}, "negative"),
        (5, {}, "positive"),
    ],
)
def test_invalid_input_is_refused(total, weights, message):
    with pytest.raises(ValueError, match=message):
        largest_remainder(total, weights)

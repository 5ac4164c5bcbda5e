"""Splitting a number of places in proportion to weights by the largest-remainder (Hamilton) method: each share
gets the whole part of its exact quota, and the places left over go one each to the largest remainders; ties go
to the smaller `order` key (an org's path, so the result is the same every time). The shares always add up to
the total (when any weight is positive), and a share never differs from its exact quota by one place or more."""

from collections.abc import Callable, Hashable, Mapping
from typing import Any


def largest_remainder[K: Hashable](
    total: int, weights: Mapping[K, int], *, order: Callable[[K], Any] = lambda key: key
) -> dict[K, int]:
    """`total` places split over `weights` (non-negative integers, at least one positive)."""
    if total < 0:
        raise ValueError("total must not be negative")
    if any(weight < 0 for weight in weights.values()):
        raise ValueError("weights must not be negative")
    weight_sum = sum(weights.values())
    if weight_sum <= 0:
        raise ValueError("at least one weight must be positive")
    shares: dict[K, int] = {}
    remainders: dict[K, int] = {}
    for key, weight in weights.items():
        shares[key], remainders[key] = divmod(total * weight, weight_sum)
    left = total - sum(shares.values())
    ranked = sorted(weights, key=lambda key: (-remainders[key], order(key)))
    for key in ranked[:left]:
        shares[key] += 1
    return shares

"""The frame of every app's demo test (`gonghui/<app>/tests/test_demo.py`): seed the app's prerequisites, count,
run the app's seeder twice, count after each run, and roll it all back when the module is done.

    @pytest.fixture(scope="module")
    def seeded(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), seeded_twice(
            seed_news, before=(seed_orgs, seed_accounts, seed_members), counts=_counts, members=400
        ) as seeded:
            yield seeded

`members` seeds only the first N of the demo's members (the same people in the same unions: the placement draws
are the same prefix) when every fact the module asserts needs only a few."""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.db import transaction

from gonghui.members import demo as members_demo


@dataclass(frozen=True)
class Seeded:
    """What the seeder said on each run, and the counts before, after the first and after the second run."""

    first: str
    second: str
    before: dict[str, int]
    after_first: dict[str, int]
    after_second: dict[str, int]


@contextmanager
def seeded_twice(
    seed: Callable[[], str],
    *,
    before: Iterable[Callable[[], object]],
    counts: Callable[[], dict[str, int]],
    members: int | None = None,
) -> Iterator[Seeded]:
    """Seed `before` in order, then `seed` twice, inside one transaction rolled back at the end."""
    with transaction.atomic(), pytest.MonkeyPatch.context() as patch:
        if members is not None:
            patch.setattr(members_demo, "DEMO_MEMBER_COUNT", members)
        for step in before:
            step()
        start = counts()
        first = seed()
        after_first = counts()
        second = seed()
        yield Seeded(first, second, start, after_first, counts())
        transaction.set_rollback(True)

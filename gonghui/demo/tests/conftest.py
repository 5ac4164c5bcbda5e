"""The demo platform, seeded once for the whole `gonghui/demo/tests` package.

`seed_demo` (about 3,000 members) runs twice inside one transaction that is rolled back when the package is
done, so the tests of this package share one seeding and no test elsewhere sees the demo data. The fixture is
package-scoped, not session-scoped: a session-scoped transaction would stay open (and its rows visible) while
the rest of the suite runs."""

from dataclasses import dataclass
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from gonghui.accounts.models import RoleGrant, User
from gonghui.members.models import Member
from gonghui.orgs.models import Department, Org


@dataclass(frozen=True)
class PageStat:
    """One page opened by test_demo_pages.py: who opened what, with how many queries, in how long."""

    page: str
    queries: int
    seconds: float


page_stats_key = pytest.StashKey[list[PageStat]]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[page_stats_key] = []


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    stats = config.stash.get(page_stats_key, [])
    if not stats:
        return
    terminalreporter.section("demo pages")
    terminalreporter.write_line(f"{len(stats)} pages opened in {sum(s.seconds for s in stats):.1f} s")
    terminalreporter.write_line("most queries:")
    for stat in sorted(stats, key=lambda s: -s.queries)[:8]:
        terminalreporter.write_line(f"  {stat.queries:4d} queries {stat.seconds * 1000:7.0f} ms  {stat.page}")
    terminalreporter.write_line("slowest:")
    for stat in sorted(stats, key=lambda s: -s.seconds)[:8]:
        terminalreporter.write_line(f"  {stat.queries:4d} queries {stat.seconds * 1000:7.0f} ms  {stat.page}")


@dataclass(frozen=True)
class Seeded:
    after_first_run: dict[str, int]
    after_second_run: dict[str, int]
    second_output: str


def _counts() -> dict[str, int]:
    return {
        "orgs": Org.objects.count(),
        "departments": Department.objects.count(),
        "users": User.objects.count(),
        "members": Member.objects.count(),
        "grants": RoleGrant.objects.count(),
    }


@pytest.fixture(scope="package")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        first = _counts()
        out = StringIO()
        call_command("seed_demo", stdout=out)
        yield Seeded(after_first_run=first, after_second_run=_counts(), second_output=out.getvalue())
        transaction.set_rollback(True)

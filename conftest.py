"""Shared fixtures: a small union tree and the three actors every permission test uses.

    测试市总工会 (CITY)
    ├── 甲县工会 (COUNTY_X) ── org A: 甲县第一中学工会 (ORGA)
    └── 乙县工会 (COUNTY_Y) ── org B: 乙县人民医院工会 (ORGB)

org_admin = 工会管理员 of org A · org_member = plain member of org A · outsider = 工会管理员 of org B.
"""

import fnmatch
import importlib
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import hypothesis
import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection

from gonghui.accounts.models import User
from gonghui.accounts.roles import MEMBER, UNION_ADMIN
from gonghui.accounts.tests.factories import RoleGrantFactory, UserFactory
from gonghui.members.models import Member
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import OrgFactory
from tests import concurrency, flushing, testdb

# Property tests check behaviour, never speed: CI runs on 2 busy cores, where one example may take longer than
# Hypothesis's default 200 ms deadline by chance. Timing belongs to bench/.
hypothesis.settings.register_profile(
    "ci", deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow]
)
hypothesis.settings.load_profile("ci")

# Test databases are copied from a template migrated once per set of migrations (tests/testdb.py).
testdb.install()
# A transactional test's closing flush empties only the tables it wrote (tests/flushing.py).
flushing.install()

PASSWORD = "Passw0rd2026"

# Every request in every test: a reveal or export must answer Cache-Control: no-store.
pytest_plugins = ["tests.sensitive_responses"]

# The smoke subset CI runs again on PostgreSQL + Redis beside the tests marked `postgres`: the scoping SQL, the
# raw and bulk SQL, the aggregations, every app's services and API, the demo seed and the permission crawler — its
# per-route checks only for a fixed eighth of the routes (`_crawler_sample`): the whole crawl runs on SQLite, and
# its ~550 routes took two thirds of the PostgreSQL pass while exercising the scoping SQL that test_scoping covers.
SMOKE_PATHS = (
    "tests/test_permission_crawler.py",
    "gonghui/accounts/tests/test_scoping.py",
    "gonghui/core/tests/*",
    "gonghui/spreadsheets/tests/*",
    "gonghui/*/tests/test_services.py",
    "gonghui/*/tests/test_selectors.py",
    "gonghui/*/tests/test_api*.py",
    "gonghui/members/tests/test_roster.py",
    "gonghui/members/tests/test_constraints.py",
    "gonghui/appeals/tests/test_stats.py",
    "gonghui/legal/tests/test_statistics.py",
    "gonghui/quizzes/tests/test_attempts.py",
    "gonghui/quizzes/tests/test_boards.py",
    "gonghui/demo/tests/test_seed_demo.py",
    "gonghui/documents/tests/test_inbox_and_board.py",
    "gonghui/appeals/tests/test_desk_reads.py",
    "gonghui/reports/tests/test_submission_review.py",
    "gonghui/contests/tests/test_results.py",
    "gonghui/contests/tests/test_library.py",
)


CRAWLER_ROUTE_TEST = "tests/test_permission_crawler.py::test_route_permissions["
CRAWLER_SAMPLE_EVERY = 8


def _crawler_sample(nodeid: str) -> bool:
    """Is this per-route crawler check in the PostgreSQL sample? A stable choice by the route name's CRC-32, so the
    same routes run every time and a new route lands in the sample or not by its name alone."""
    if not nodeid.startswith(CRAWLER_ROUTE_TEST):
        return True
    return zlib.crc32(nodeid.encode()) % CRAWLER_SAMPLE_EVERY == 0


# Test modules and packages whose tests share one expensive seeding (a module- or package-scoped fixture seeding the
# demo): under xdist with `--dist loadgroup` (as .ci/run runs it) each runs whole on one worker, so the demo is seeded
# once instead of once on each worker. xdist hands out the largest groups first.
SHARED_SEEDING = ("gonghui/demo/tests/*", "gonghui/*/tests/test_demo.py")


def shared_seeding_group(path: str) -> str | None:
    """The group of a test file (relative to the root) whose tests share a seeding, or None."""
    shared = next((pattern for pattern in SHARED_SEEDING if fnmatch.fnmatch(path, pattern)), None)
    if shared is None:
        return None
    return path.rsplit("/", 1)[0] if shared.endswith("/*") else path


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`--dist loadgroup` grouping by SHARED_SEEDING. xdist 3.8 names a test's group by rewriting `item._nodeid`,
    which pytest 9 no longer reads (the node id lives in `_id`), so its `xdist_group` markers group nothing and each
    shared seeding ran on both workers; the scheduler here reads the group from the test's file instead."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling  # type: ignore[import-untyped]

    class SharedSeedingScheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return shared_seeding_group(nodeid.split("::", 1)[0]) or nodeid

    return SharedSeedingScheduling(config, log)


def _relative(config: pytest.Config, item: pytest.Item) -> str:
    root = config.rootpath
    return item.path.relative_to(root).as_posix() if item.path.is_relative_to(root) else ""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Marks the smoke subset and skips tests marked `postgres` when the database is not PostgreSQL. (Browser
    tests stay late in the order: a live server's test does not leave the tables as the migrations wrote them — put
    first, it cost appeals four of its 13 migrated categories.)"""
    on_postgres = connection.vendor == "postgresql"
    skip_postgres = pytest.mark.skip(
        reason="needs PostgreSQL (row locks, real concurrency); CI runs it there"
    )
    for item in items:
        relative = _relative(config, item)
        if any(fnmatch.fnmatch(relative, pattern) for pattern in SMOKE_PATHS) and _crawler_sample(
            item.nodeid
        ):
            item.add_marker(pytest.mark.smoke)
        if not on_postgres and item.get_closest_marker("postgres"):
            item.add_marker(skip_postgres)
    # The crawler builds its world once a module, in a transaction held open until the module's last test:
    # its tests that build their own `world` run first, before that transaction is opened.
    first_of_module: dict[Any, int] = {}
    for index, item in enumerate(items):
        first_of_module.setdefault(item.path, index)
    items.sort(
        key=lambda item: (first_of_module[item.path], "crawl_world" in getattr(item, "fixturenames", ()))
    )


def _clear_own_cache_keys() -> None:
    """Empty this run's caches. On Redis, `cache.clear()` would FLUSHDB and wipe the keys of the other
    xdist worker (and of other runs) in the middle of their tests, so only keys under this run's own
    KEY_PREFIX are deleted there."""
    for alias in ("default", "progress", "counters"):
        backend = caches[alias]
        if isinstance(backend, RedisCache):
            client = backend._cache.get_client(write=True)
            keys = list(client.scan_iter(match=f"{backend.key_prefix}:*", count=1000))
            if keys:
                client.delete(*keys)
        else:
            backend.clear()


@pytest.fixture(autouse=True)
def _clear_cache():
    _clear_own_cache_keys()
    yield
    _clear_own_cache_keys()


@pytest.fixture
def run_concurrently() -> Callable[..., tuple[list[Any], list[BaseException]]]:
    """`run_concurrently(call, call, …)` runs the calls at the same instant, each in its own thread and database
    connection, and returns (what they returned, what they raised) — see tests/concurrency.py. PostgreSQL only
    (mark the test `postgres`, with `django_db(transaction=True)`)."""
    return concurrency.run_concurrently


@dataclass
class World:
    city: Org
    county_x: Org
    county_y: Org
    org_a: Org
    org_b: Org
    org_admin: User
    org_member: User
    member_a: Member
    outsider: User
    extra: dict[str, Any]


def make_cadre(username: str, org: Org, role: str = UNION_ADMIN) -> User:
    user = UserFactory.create(username=username, name=username)
    RoleGrantFactory.create(user=user, role=role, org=org)
    return user


def make_member_user(phone: str, org: Org, name: str = "张三") -> tuple[User, Member]:
    user = UserFactory.create(username=f"m{phone}", name=name, phone=phone)
    RoleGrantFactory.create(user=user, role=MEMBER, org=org)
    member = MemberFactory.create(org=org, user=user, name=name, phone=phone)
    return user, member


def build_world() -> World:
    """The tree, the three actors and org A's member (the `world` fixture; the crawler builds it once a module)."""
    city = OrgFactory.create(
        code="CITY", name="测试市教科文卫体工会", unit_name="测试市教科文卫体工会", level=OrgLevel.CITY
    )
    county_x = OrgFactory.create(
        parent=city, code="CX", name="甲县教育工会", unit_name="甲县教育局", level=OrgLevel.COUNTY
    )
    county_y = OrgFactory.create(
        parent=city, code="CY", name="乙县教育工会", unit_name="乙县教育局", level=OrgLevel.COUNTY
    )
    org_a = OrgFactory.create(
        parent=county_x,
        code="ORGA",
        name="甲县第一中学工会",
        unit_name="甲县第一中学",
        contact_phone="13811112222",
    )
    org_b = OrgFactory.create(parent=county_y, code="ORGB", name="乙县人民医院工会", unit_name="乙县人民医院")
    org_admin = make_cadre("admin_a", org_a)
    outsider = make_cadre("admin_b", org_b)
    org_member, member_a = make_member_user("13700001111", org_a, name="甲会员")
    return World(
        city=Org.objects.get(pk=city.pk),
        county_x=Org.objects.get(pk=county_x.pk),
        county_y=Org.objects.get(pk=county_y.pk),
        org_a=Org.objects.get(pk=org_a.pk),
        org_b=Org.objects.get(pk=org_b.pk),
        org_admin=org_admin,
        org_member=org_member,
        member_a=member_a,
        outsider=outsider,
        extra={},
    )


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def org_admin(world):
    return world.org_admin


@pytest.fixture
def org_member(world):
    return world.org_member


@pytest.fixture
def outsider(world):
    return world.outsider


_REFERENCE_LOADERS = (
    ("gonghui.codelists.migrations.0002_load_default_lists", "load"),
    ("gonghui.calendars.migrations.0002_seed_from_chinesecalendar", "seed"),
)


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """Transactional tests (browser, concurrency, on_commit) flush every table when they end, and under
    xdist they may run before ordinary tests on the same worker. Every database test therefore reloads the
    reference data that migrations provide (code lists, the holiday calendar) when it is missing."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and bool(marker.kwargs.get("transaction"))) or (
        "live_server" in request.fixturenames or "transactional_db" in request.fixturenames
    )
    if marker is None and "db" not in request.fixturenames and not transactional:
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    load_reference_data()


def load_reference_data() -> None:
    """The reference data migrations provide (code lists, the holiday calendar), loaded again when missing."""
    from django.apps import apps as django_apps

    from gonghui.codelists.models import CodeItem

    if CodeItem.objects.exists():
        return
    for module_name, function in _REFERENCE_LOADERS:
        getattr(importlib.import_module(module_name), function)(django_apps, None)

"""A GET changes nothing: every URL pattern and API route, opened with GET by the user who may open it,
issues no INSERT, UPDATE or DELETE except on the allow-listed read-state tables below.

Exports, reminders, reveals and every other action with a side effect or an audit row are POSTs with CSRF
(a GET answers 405), so a link, a prefetch or a crawler can never start one. The routes and their path
parameters come from the permission crawler's declarations (`<app>/tests/crawl.py`); each route is opened
by the actor its kind names: the admin of org A (scoped, catalogue, object, global, personal objects), the
member of org A (portal pages and "my own" pages), org B's admin for objects shared with org B, and an
anonymous visitor for public and login pages. A page the union admin may not open (403: platform settings,
the audit log) is opened again by a 系统管理员, so it is walked too.

Writes are caught with `connection.execute_wrapper` during the request only (logging in happens before),
so the report names the statement's table and verb, whatever the database.
"""

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from conftest import make_cadre
from gonghui.accounts.roles import SYSADMIN
from gonghui.core.crawler import world_builders

from .routes import all_routes, declaration, load_declarations

load_declarations()
ROUTES = [r for r in all_routes() if r.name]


@dataclass(frozen=True)
class Allowed:
    """Writes a GET may make to one table: the verbs, and for UPDATE the only columns it may set."""

    verbs: frozenset[str]
    columns: frozenset[str] = frozenset()
    why: str = ""


ALLOWED_WRITES: dict[str, Allowed] = {
    # The session row is saved on every request that touches it: the idle-timeout stamp, the chosen
    # workspace org, messages. It is the visitor's own state, not the platform's data.
    "django_session": Allowed(frozenset({"INSERT", "UPDATE", "DELETE"}), why="会话"),
    # django-axes records access attempts and resets counters; its tables count logins, not actions.
    "axes_accessattempt": Allowed(frozenset({"INSERT", "UPDATE", "DELETE"}), why="axes 计数"),
    "axes_accesslog": Allowed(frozenset({"INSERT", "UPDATE"}), why="axes 访问记录"),
    "axes_accessfailurelog": Allowed(frozenset({"INSERT"}), why="axes 失败记录"),
    # Opening a message in the inbox marks it read (notifications:notification_open follows the link):
    # only the read stamp of the user's own message changes, nothing is sent or created.
    "notifications_notification": Allowed(frozenset({"UPDATE"}), frozenset({"read_at"}), why="站内消息已读"),
    # A recipient union opening a delivered 公文 is recorded as 已阅 on its Receipt — the read stamp is what the
    # issuer's 签收情况 board shows, and it is the act of reading itself, not an action the reader chose.
    "documents_receipt": Allowed(frozenset({"UPDATE"}), frozenset({"read_at", "read_by_id"}), why="公文已阅"),
    # Likewise a recipient union's cadre opening its 报送 task stamps its submission 已查看 for the sender's board.
    "reports_reportsubmission": Allowed(frozenset({"UPDATE"}), frozenset({"read_at"}), why="报送已查看"),
    # A unit's staff member opening a published 校务公开 on the portal leaves its read receipt (first read only): the
    # 阅读情况 the union sees; nothing else changes.
    "congresses_disclosureread": Allowed(frozenset({"INSERT"}), why="校务公开已读"),
}

WRITE = re.compile(
    r"""^\s*(?:(INSERT)\s+(?:OR\s+\w+\s+)?INTO|(UPDATE)|(DELETE)\s+FROM)\s+["`]?(\w+)["`]?""",
    re.IGNORECASE,
)
SET_COLUMNS = re.compile(r"""["`](\w+)["`]\s*=""")


@dataclass
class Writes:
    seen: list[tuple[str, str, frozenset[str]]] = field(default_factory=list)

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        match = WRITE.match(sql)
        if match:
            verb = (match.group(1) or match.group(2) or match.group(3)).upper()
            columns: frozenset[str] = frozenset()
            if verb == "UPDATE":
                set_clause = re.split(r"\bWHERE\b", sql, maxsplit=1, flags=re.IGNORECASE)[0]
                set_clause = set_clause.split(" SET ", 1)[-1]
                columns = frozenset(SET_COLUMNS.findall(set_clause))
            self.seen.append((match.group(4), verb, columns))
        return execute(sql, params, many, context)

    def offending(self) -> list[str]:
        found = []
        for table, verb, columns in self.seen:
            allowed = ALLOWED_WRITES.get(table)
            if allowed and verb in allowed.verbs and (not allowed.columns or columns <= allowed.columns):
                continue
            found.append(f"{verb} {table}" + (f" ({', '.join(sorted(columns))})" if columns else ""))
        return sorted(set(found))


@contextmanager
def watch_writes() -> Iterator[Writes]:
    writes = Writes()
    with connection.execute_wrapper(writes):
        yield writes


def _client(user=None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def _visits(route, decl, world) -> list[tuple[str, Any, dict[str, Any]]]:
    """(who, user, url kwargs) for each GET this route gets."""
    kind = decl.kind if decl else "scoped"
    params = decl.params(world) if decl and decl.params else {}
    if kind in ("public", "auth"):
        return [("anonymous", None, params)]
    if kind == "portal":
        return [("org_member", world.org_member, params)]
    if kind in ("personal", "object") and decl is not None and decl.params is None:
        return [("org_member", world.org_member, {}), ("org_admin", world.org_admin, {})]
    visits = [("org_admin", world.org_admin, params)]
    if kind == "shared" and decl is not None and decl.shared_params is not None:
        visits.append(("outsider", world.outsider, decl.shared_params(world)))
    return visits


@pytest.mark.django_db
def test_every_get_leaves_the_database_unchanged(world):
    for build in world_builders:
        build(world)
    sysadmin = make_cadre("get_safe_sysadmin", world.city, role=SYSADMIN)
    clients: dict[str, Client] = {}
    problems = []
    walked = 0
    for route in ROUTES:
        decl = declaration(route.name)
        if (decl is not None and decl.kind == "unfillable") or (route.params and decl is None):
            continue  # the permission crawler lists both: unfillable with a reason, undeclared as a failure
        for who, user, params in _visits(route, decl, world):
            url = reverse(route.name, kwargs=params)
            client = clients.get(who) or clients.setdefault(who, _client(user))
            with watch_writes() as writes:
                response = client.get(url)
            if response.status_code == 403 and who == "org_admin":
                who = "sysadmin"
                client = clients.get(who) or clients.setdefault(who, _client(sysadmin))
                with watch_writes() as writes:
                    response = client.get(url)
            walked += 1
            offending = writes.offending()
            if offending:
                problems.append(
                    f"{who} GET {url} ({route.name}) -> {response.status_code}: {'; '.join(offending)}"
                )
    assert walked > 250, f"only {walked} GETs: the routes were not discovered"
    assert problems == [], "a GET wrote to the database:\n" + "\n".join(problems)


def test_the_watch_sees_writes_and_ignores_reads(world):
    from gonghui.orgs.models import Org

    with watch_writes() as writes:
        Org.objects.filter(pk=world.org_a.pk).update(name="改名")
        list(Org.objects.all())
        world.org_a.refresh_from_db()
    assert writes.offending() == ["UPDATE orgs_org (name)"]

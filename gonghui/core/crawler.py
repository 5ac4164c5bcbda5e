"""Declarations for the permission crawler (tests/test_permission_crawler.py).

The crawler walks every URL pattern and API route. A route without path parameters needs no
declaration: it is treated as a scoped console page. A route with parameters, or one that is not
a console page, is declared here from the owning app's `tests/crawl.py`:

- ``scoped``: console page or API route; ``params(world)`` returns kwargs naming objects of org A.
- ``portal``: a member page; the member of org A reaches it, cadres without a member record do not.
- ``shared``: reached by org B only through an explicit share or delivery; ``shared_params(world)``
  names an object org A shared with org B (allowed case), ``params(world)`` one it did not (404).
- ``public``: open by design (``reason`` says why); ``public_fields`` lists the JSON keys it may expose.
- ``auth``: login, logout and password pages, open to every visitor.
- ``personal``: an object that belongs to one user (an inbox message); ``params(world)`` names one of org A's
  admin. Its owner reaches it; everybody else, the member of the same org included, gets 404. Without params:
  "my own …" (my inbox, my card): everyone reaches their own, nobody sees another user's; a user who has no
  such thing may get 404.
- ``object``: reached through an object-level check rather than the console gate (an attachment follows its
  owner); ``params(world)`` names one of org A's. Org A's admin reaches it; others get 404 (or 403).
- ``catalogue``: the parameters name a kind of thing (an import type, a report template), not an object of
  org A; every cadre with the action reaches it, members are refused, lists show nothing of org A to org B.
- ``global``: platform-wide reference data owned by no org (e.g. the working-day calendar); ``reason`` says
  so. Members are refused, and union admins without the route's platform action cannot change it.
- ``unfillable``: cannot be filled by the crawler; ``reason`` says why and the crawler lists it.

Two more kinds look past the path parameters, declared with their own records:

- **lookup by POST body** (``declare_lookup(CrawlLookup(...))``): a form field that names a person or object by a
  posted value (username, phone, member number, ID number, a primary key). The crawler posts ``value(world)``,
  which names a person or object of org A, as the admin of a sibling union (``actor``: an attribute of the world
  or a key of ``world.extra``; the outsider by default) together with ``data(world)``, the rest of a form that is
  valid for that admin, follows the redirect, and asserts that the form was reachable (200, 400 or 422; an API may
  also answer 404) and that the answer shows none of ``secrets(world)`` — the person's or object's data; the
  posted value itself is cut out first, since a form echoes it. Not-found and out-of-scope must read the same.
  ``note`` tells two declarations of the same field apart.
- **shared objects** (``declare_shared(CrawlShared(...))``): a page of one object shared with or delivered to two
  or more sibling unions (a 公文 notice, a work-plan item, a shared bank, a report task, a quiz activity…).
  ``viewers(world)`` lists, per sibling, its admin (a user) and the markers of that sibling's own data (its
  reports, submissions, receipts, names of its people). Each admin must reach the page, and no admin may see
  another sibling's markers. ``owner(world)``, when given, is a cadre of the owning or issuing union: it must see
  at least one marker of every sibling on the same page, which proves the markers are rendered there. Ancestors,
  the owner or issuer and names stored on the object itself (主送 / 抄送 text, a transfer target) may appear, so
  they are never markers.

World builders (``build_world``) add objects to ``world.extra``. The per-route checks run every builder without
``kinds``. A lookup or shared-object check starts from the bare ``world`` fixture and runs only the builders its
declaration names in ``world`` — its app's ordinary builders (for the roles they grant and the objects they make)
and builders given ``kinds`` ("lookup", "shared_object"), which exist for these checks alone — so no check pays
for objects it never reads.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .registry import Registry

KINDS = (
    "scoped",
    "portal",
    "shared",
    "public",
    "auth",
    "personal",
    "object",
    "catalogue",
    "global",
    "unfillable",
)


@dataclass(frozen=True)
class CrawlRoute:
    url_name: str
    kind: str = "scoped"
    params: Callable[[Any], dict[str, Any]] | None = None
    shared_params: Callable[[Any], dict[str, Any]] | None = None
    public_fields: tuple[str, ...] = ()
    reason: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown crawl kind {self.kind!r}")
        if self.kind in ("public", "global", "unfillable") and not self.reason:
            raise ValueError(f"{self.url_name}: a {self.kind} route must give a reason")


@dataclass(frozen=True)
class CrawlLookup:
    """A form field that looks a person or object up from the POST body (see the module docstring)."""

    url_name: str
    field: str
    value: Callable[[Any], str | list[str]]
    secrets: Callable[[Any], list[str]]
    data: Callable[[Any], dict[str, Any]] | None = None
    params: Callable[[Any], dict[str, Any]] | None = None
    actor: str = "outsider"
    world: tuple[str, ...] = ()
    note: str = ""

    @property
    def key(self) -> str:
        return f"{self.url_name}[{self.field}]{self.note and ' ' + self.note}"


@dataclass(frozen=True)
class CrawlShared:
    """A page of an object shared with or delivered to two or more sibling unions (see the module docstring)."""

    url_name: str
    params: Callable[[Any], dict[str, Any]]
    viewers: Callable[[Any], list[tuple[Any, list[str]]]]
    owner: Callable[[Any], Any] | None = None
    world: tuple[str, ...] = ()
    note: str = ""

    @property
    def key(self) -> str:
        return f"{self.url_name}{self.note and ' ' + self.note}"


crawl_routes: Registry[CrawlRoute] = Registry("crawl route")
crawl_lookups: Registry[CrawlLookup] = Registry("crawl lookup")
crawl_shared: Registry[CrawlShared] = Registry("crawl shared object")
# Objects an app needs in the crawler's world (stored in world.extra), built before the routes are walked.
world_builders: Registry[Callable[[Any], None]] = Registry("crawl world builder")
# Builders only the lookup and shared-object checks need: (kinds, function), run after world_builders.
kind_world_builders: Registry[tuple[tuple[str, ...], Callable[[Any], None]]] = Registry("crawl world builder")


def declare(route: CrawlRoute) -> CrawlRoute:
    return crawl_routes.register(route.url_name, route)


def declare_lookup(lookup: CrawlLookup) -> CrawlLookup:
    return crawl_lookups.register(lookup.key, lookup)


def declare_shared(shared: CrawlShared) -> CrawlShared:
    return crawl_shared.register(shared.key, shared)


def build_world(
    key: str, *, kinds: tuple[str, ...] = ()
) -> Callable[[Callable[[Any], None]], Callable[[Any], None]]:
    """Decorator for a function(world) that adds the app's objects to world.extra; with `kinds` ("lookup",
    "shared_object") it runs only for those checks."""

    def register(func: Callable[[Any], None]) -> Callable[[Any], None]:
        if kinds:
            kind_world_builders.register(key, (kinds, func))
            return func
        return world_builders.register(key, func)

    return register

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


crawl_routes: Registry[CrawlRoute] = Registry("crawl route")
# Objects an app needs in the crawler's world (stored in world.extra), built before the routes are walked.
world_builders: Registry[Callable[[Any], None]] = Registry("crawl world builder")


def declare(route: CrawlRoute) -> CrawlRoute:
    return crawl_routes.register(route.url_name, route)


def build_world(key: str) -> Callable[[Callable[[Any], None]], Callable[[Any], None]]:
    """Decorator for a function(world) that adds the app's objects to world.extra."""

    def register(func: Callable[[Any], None]) -> Callable[[Any], None]:
        return world_builders.register(key, func)

    return register

"""The permission crawler: every URL pattern and API route, three actors and the outside account, no leaks.

For each route it fills path parameters with objects owned by org A and asserts:
- anonymous visitors are sent to a login page (or get 401 from the API);
- the admin of org A reaches the page; pages carry no asset from outside the app;
- the plain member of org A gets 403 or a redirect on console pages;
- the admin of org B gets 404 for org A's objects, and lists show nothing of org A;
- the outside account (no role grant, no member record, a live 合作单位联系人 object grant on one org-A review
  round of its own, built by accounts' crawl world) gets 404 for org A's objects (403 or a redirect where a
  console gate stops it first), and lists show nothing of org A beyond the granted round itself;
- public routes expose only their declared fields; shared routes open only what was shared.
A new app is covered as soon as its URLs are mounted.

Two more kinds (declared with `declare_lookup` and `declare_shared` in the apps' tests/crawl.py):
- lookup by POST body: a value naming a person or object of org A, posted by a sibling union's admin, brings
  back none of that person's or object's data;
- shared objects: a page of an object delivered to several sibling unions shows each sibling's admin nothing of
  the other siblings' own data.
"""

import copy
import dataclasses
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from conftest import build_world, load_reference_data
from gonghui.core.crawler import (
    CrawlLookup,
    CrawlShared,
    crawl_lookups,
    crawl_routes,
    crawl_shared,
    kind_world_builders,
    world_builders,
)

from .routes import EXTERNAL_ASSET, all_routes, declaration, load_declarations

load_declarations()
ROUTES = all_routes()
ALLOWED_FOR_OWNER = {200, 302, 405}


@pytest.fixture(scope="module")
def _crawl_world_once(django_db_setup, django_db_blocker):
    """The crawler's world, built once a module (it took most of each of the ~600 route checks) in a transaction
    rolled back after the module's last test. Each test runs inside its own savepoint on top (the `db` fixture),
    so what one check writes is gone before the next, as with Django's `setUpTestData`."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_reference_data()
        world = build_world()
        for build in world_builders:
            build(world)
        yield world
        transaction.set_rollback(True)


class _CopiedOnRead(dict[str, Any]):
    """The world's `extra` objects for one test, each deep-copied from the module's world when first read (all with
    the test's one memo, so objects shared between entries stay shared): a route check reads a handful of the
    hundreds the builders made, and copying them all took a fifth of the crawler's time."""

    def __init__(self, source: dict[str, Any], memo: dict[int, Any]) -> None:
        super().__init__()
        self._source, self._memo = source, memo

    def __missing__(self, key: str) -> Any:
        value = copy.deepcopy(self._source[key], self._memo)
        self[key] = value
        return value

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or key in self._source

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        try:
            return self[key]
        except KeyError:
            return default

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return self[key]

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self._source, *dict.keys(self)]))

    def __len__(self) -> int:
        return len(dict.fromkeys([*self._source, *dict.keys(self)]))

    def keys(self) -> Any:
        return list(self)

    def values(self) -> Any:
        return [self[key] for key in self]

    def items(self) -> Any:
        return [(key, self[key]) for key in self]


@pytest.fixture
def crawl_world(_crawl_world_once, db):
    """A fresh copy of the module's world for each test: its objects in memory are the test's own too (the
    `extra` ones copied when first read)."""
    memo: dict[int, Any] = {}
    fields = {
        field.name: copy.deepcopy(getattr(_crawl_world_once, field.name), memo)
        for field in dataclasses.fields(_crawl_world_once)
        if field.name != "extra"
    }
    return type(_crawl_world_once)(**fields, extra=_CopiedOnRead(_crawl_world_once.extra, memo))


def _kind_world(world, kind: str, wanted: tuple[str, ...]):
    """The base world plus only the builders a lookup or shared-object declaration names in its `world`."""
    for key in world_builders.keys():  # noqa: SIM118 (iterating a Registry yields its items)
        if key in wanted:
            world_builders.get(key)(world)
    for key in kind_world_builders.keys():  # noqa: SIM118
        kinds, build = kind_world_builders.get(key)
        if key in wanted and kind in kinds:
            build(world)
    return world


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _org_a_markers(world) -> list[str]:
    return [world.org_a.name, world.member_a.name, *world.extra.get("markers", [])]


def _is_api(name: str) -> bool:
    return name.startswith("api:")


def test_every_route_with_parameters_is_declared():
    undeclared = [r.route for r in ROUTES if r.params and declaration(r.name) is None]
    assert undeclared == [], f"routes with parameters must be declared in <app>/tests/crawl.py: {undeclared}"


def test_every_declaration_names_a_real_route():
    names = {r.name for r in ROUTES}
    stale = [c.url_name for c in crawl_routes if c.url_name not in names]
    assert stale == []


def test_unfillable_routes_are_listed_with_reasons():
    unfillable = {c.url_name: c.reason for c in crawl_routes if c.kind == "unfillable"}
    # the list is printed with -rs (each is skipped with its reason); every entry must say why
    assert [name for name, reason in unfillable.items() if not reason.strip()] == []
    assert unfillable["api:api-root"] == "django-ninja 的内部路由：始终返回 404，只用于推算 API 前缀"


def _check_scoped(route, decl, world):
    problems = []
    params = decl.params(world) if decl and decl.params else {}
    url = reverse(route.name, kwargs=params)
    markers = _org_a_markers(world)

    anonymous = _client().get(url)
    expected_anon = {401} if _is_api(route.name) else {302}
    if anonymous.status_code not in expected_anon | {405}:
        problems.append(f"anonymous GET {url} -> {anonymous.status_code}")
    anonymous_post = _client().post(url)
    if anonymous_post.status_code not in expected_anon | {405}:
        problems.append(f"anonymous POST {url} -> {anonymous_post.status_code}")

    owner = _client(world.org_admin).get(url)
    if owner.status_code not in ALLOWED_FOR_OWNER | ({403} if not params else set()):
        problems.append(f"org A admin GET {url} -> {owner.status_code}")
    if owner.status_code == 200 and "html" in owner.get("Content-Type", ""):
        found = EXTERNAL_ASSET.search(owner.content.decode())
        if found:
            problems.append(f"{url} loads an outside asset: {found.group(0)}")

    member_client = _client(world.org_member)
    for method in ("get", "post"):
        response = getattr(member_client, method)(url)
        if response.status_code not in {403, 302, 405}:
            problems.append(f"org A member {method.upper()} {url} -> {response.status_code}")
        if response.status_code == 302 and response["Location"].split("?")[0] == url:
            problems.append(f"org A member {method.upper()} {url} redirected to itself")

    outsider_client = _client(world.outsider)
    outsider = outsider_client.get(url)
    if params:
        if outsider.status_code not in {404, 405}:
            problems.append(f"org B admin GET {url} -> {outsider.status_code} (expected 404)")
        posted = outsider_client.post(url)
        if posted.status_code not in {404, 405}:
            problems.append(f"org B admin POST {url} -> {posted.status_code} (expected 404)")
    else:
        if outsider.status_code not in {200, 302, 403, 405}:
            problems.append(f"org B admin GET {url} -> {outsider.status_code}")
        body = outsider.content.decode(errors="replace")
        leaked = [m for m in markers if m in body]
        if leaked:
            problems.append(f"org B admin sees org A data on {url}: {leaked}")
    problems += _check_outside_account(route, url, bool(params), world)
    return problems


def _check_outside_account(route, url: str, has_params: bool, world) -> list[str]:
    """The fourth actor: an account outside the union tree holding one live object grant. On a route naming org
    A's objects it gets 404 (or 403/302 where a console gate stops it first: it has the console, little else);
    a page without parameters shows none of org A's markers, except the granted round's own union beside the
    granted round itself."""
    account = world.extra.get("outside_account")
    if account is None:
        return []
    problems = []
    client = _client(account)
    api = {401} if _is_api(route.name) else set()
    if has_params:
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if response.status_code not in {404, 403, 302, 405} | api:
                problems.append(
                    f"outside account {method.upper()} {url} -> {response.status_code} (expected 404)"
                )
            if response.status_code == 302 and response["Location"].split("?")[0] == url:
                problems.append(f"outside account {method.upper()} {url} redirected to itself")
        return problems
    response = client.get(url)
    if response.status_code not in {200, 302, 403, 405} | api:
        problems.append(f"outside account GET {url} -> {response.status_code}")
    body = response.content.decode(errors="replace")
    markers = _org_a_markers(world)
    if world.extra["outside_round"].title in body:  # the granted round, shown with the union that runs it
        markers = [m for m in markers if m != world.org_a.name]
    leaked = [m for m in markers if m in body]
    if leaked:
        problems.append(f"outside account sees org A data on {url}: {leaked}")
    return problems


def _check_portal(route, decl, world):
    problems = []
    url = reverse(route.name, kwargs=decl.params(world) if decl.params else {})
    anonymous = _client().get(url)
    if anonymous.status_code != 302 or "/portal/login/" not in anonymous["Location"]:
        problems.append(f"anonymous GET {url} -> {anonymous.status_code}")
    member = _client(world.org_member).get(url)
    if member.status_code not in {200, 302}:
        problems.append(f"member GET {url} -> {member.status_code}")
    if member.status_code == 200:
        found = EXTERNAL_ASSET.search(member.content.decode(errors="replace"))
        if found:
            problems.append(f"{url} loads an outside asset: {found.group(0)}")
    for actor in ("org_admin", "outsider"):
        response = _client(getattr(world, actor)).get(url)
        if response.status_code not in {403, 404}:
            problems.append(f"{actor} (no member record) GET {url} -> {response.status_code}")
    return problems


def _check_public(route, decl, world):
    problems = []
    url = reverse(route.name, kwargs=decl.params(world) if decl.params else {})
    response = _client().get(url)
    if response.status_code != 200:
        return [f"public {url} -> {response.status_code}"]
    content_type = response.get("Content-Type", "")
    if "json" in content_type:
        data = json.loads(response.content)
        items = data if isinstance(data, list) else [data]
        for item in items:
            extra = set(item) - set(decl.public_fields)
            if extra:
                problems.append(f"public {url} exposes undeclared fields {sorted(extra)}")
    secrets = [world.member_a.phone, world.member_a.id_number_masked, world.org_a.contact_phone]
    leaked = [s for s in secrets if s and s in response.content.decode(errors="replace")]
    if leaked:
        problems.append(f"public {url} exposes personal data {leaked}")
    return problems


def _check_shared(route, decl, world):
    problems = _check_scoped(route, decl, world)
    url = reverse(route.name, kwargs=decl.shared_params(world))
    response = _client(world.outsider).get(url)
    if response.status_code == 405:  # an export of a shared object is a POST
        response = _client(world.outsider).post(url)
    if response.status_code != 200:
        method = response.request["REQUEST_METHOD"]
        problems.append(f"org B admin {method} shared {url} -> {response.status_code} (expected 200)")
    return problems


def _check_personal(route, decl, world):
    if decl.params is None:
        return _check_personal_list(route, world)
    problems = _check_outside_account(route, reverse(route.name, kwargs=decl.params(world)), True, world)
    url = reverse(route.name, kwargs=decl.params(world))
    anonymous = _client().get(url)
    if anonymous.status_code not in {302, 405}:
        problems.append(f"anonymous GET {url} -> {anonymous.status_code}")
    owner = _client(world.org_admin).get(url)
    if owner.status_code not in {200, 302, 405}:
        problems.append(f"owner GET {url} -> {owner.status_code}")
    # the member of the same org may be stopped earlier by the console gate (403); the outsider, a cadre, must get 404
    allowed = {"org_member": {403, 404, 405}, "outsider": {404, 405}}
    for actor in ("org_member", "outsider"):
        for method in ("get", "post"):
            response = getattr(_client(getattr(world, actor)), method)(url)
            if response.status_code not in allowed[actor]:
                problems.append(f"{actor} {method.upper()} {url} -> {response.status_code} (expected 404)")
    return problems


def _check_personal_list(route, world):
    """A list of the user's own things: everyone reaches it, nobody sees another user's items."""
    problems = []
    url = reverse(route.name)
    if _client().get(url).status_code not in {302, 401, 405}:
        problems.append(f"anonymous GET {url} is not sent to login")
    owner_marker = world.extra["notification_admin_a"].title
    # the member reaches their own thing; a cadre who has no such thing (no member record) may get 404
    allowed = {"org_member": {200, 302, 405}, "outsider": {200, 302, 404, 405}}
    for actor in ("org_member", "outsider"):
        response = _client(getattr(world, actor)).get(url)
        if response.status_code not in allowed[actor]:
            problems.append(f"{actor} GET {url} -> {response.status_code}")
        if owner_marker in response.content.decode(errors="replace"):
            problems.append(f"{actor} sees org A admin's own item on {url}")
    return problems


def _check_global(route, decl, world):
    problems = []
    url = reverse(route.name, kwargs=decl.params(world) if decl.params else {})
    for method in ("get", "post"):
        anonymous = getattr(_client(), method)(url)
        if anonymous.status_code not in {302, 401, 405}:
            problems.append(f"anonymous {method.upper()} {url} -> {anonymous.status_code}")
        member = getattr(_client(world.org_member), method)(url)
        if member.status_code not in {302, 403, 405}:
            problems.append(f"member {method.upper()} {url} -> {member.status_code}")
    for actor in ("org_admin", "outsider"):
        posted = _client(getattr(world, actor)).post(url)
        if posted.status_code not in {403, 405}:
            problems.append(
                f"{actor} POST {url} -> {posted.status_code} (union admins may not change platform data)"
            )
    return problems


def _check_catalogue(route, decl, world):
    problems = []
    url = reverse(route.name, kwargs=decl.params(world))
    if _client().get(url).status_code not in {302, 405}:
        problems.append(f"anonymous GET {url} is not redirected to login")
    if _client(world.org_member).get(url).status_code not in {302, 403, 405}:
        problems.append(f"member GET {url} is not refused")
    owner = _client(world.org_admin).get(url)
    if owner.status_code not in ALLOWED_FOR_OWNER:
        problems.append(f"org A admin GET {url} -> {owner.status_code}")
    outsider = _client(world.outsider).get(url)
    leaked = [m for m in _org_a_markers(world) if m in outsider.content.decode(errors="replace")]
    if outsider.status_code not in ALLOWED_FOR_OWNER or leaked:
        problems.append(f"org B admin GET {url} -> {outsider.status_code}, sees {leaked}")
    return problems


def _check_auth(route, decl, world):
    url = reverse(route.name, kwargs=decl.params(world) if decl.params else {})
    response = _client().get(url)
    return [] if response.status_code in {200, 302, 405} else [f"auth page {url} -> {response.status_code}"]


CHECKS = {
    "scoped": _check_scoped,
    "portal": _check_portal,
    "public": _check_public,
    "shared": _check_shared,
    "auth": _check_auth,
    "global": _check_global,
    "personal": _check_personal,
    "object": _check_personal,
    "catalogue": _check_catalogue,
}


@pytest.mark.parametrize("route", [r for r in ROUTES if r.name], ids=lambda r: r.name)
def test_route_permissions(route, crawl_world):
    decl = declaration(route.name)
    kind = decl.kind if decl else "scoped"
    if decl is not None and kind == "unfillable":
        pytest.skip(decl.reason)
    if route.params and decl is None:
        pytest.fail(f"{route.name} has parameters {route.params} but no crawl declaration")
    problems = CHECKS[kind](route, decl, crawl_world)
    assert problems == []


# ---- lookup by POST body -------------------------------------------------------------------------------------


def test_every_lookup_and_shared_declaration_names_a_real_route():
    names = {r.name for r in ROUTES}
    stale = [c.url_name for c in [*crawl_lookups, *crawl_shared] if c.url_name not in names]
    assert stale == []
    builders = set(kind_world_builders.keys()) | set(world_builders.keys())
    assert [c.key for c in [*crawl_lookups, *crawl_shared] if not set(c.world) <= builders] == []


def _actor(world, name: str):
    return getattr(world, name) if hasattr(world, name) else world.extra[name]


def _answer_text(response) -> str:
    """The answer as a reader sees it: JSON with its Chinese unescaped, pages as they are."""
    if "json" in response.get("Content-Type", ""):
        return json.dumps(json.loads(response.content or b"null"), ensure_ascii=False)
    return str(response.content.decode(errors="replace"))


def _check_lookup(lookup: CrawlLookup, world) -> list[str]:
    url = reverse(lookup.url_name, kwargs=lookup.params(world) if lookup.params else {})
    value = lookup.value(world)
    data = {**(lookup.data(world) if lookup.data else {}), lookup.field: value}
    client = _client(_actor(world, lookup.actor))
    if _is_api(lookup.url_name):
        response = client.post(url, json.dumps(data), content_type="application/json")
        allowed = {200, 201, 400, 404, 422}
    else:
        response = client.post(url, data, follow=True)
        allowed = {200, 400, 422}
    problems = []
    if response.status_code not in allowed:
        problems.append(f"{lookup.actor} POST {url} -> {response.status_code} (the form must be reachable)")
    body = _answer_text(response)
    for posted in value if isinstance(value, list) else [value]:
        body = body.replace(str(posted), "")  # a form echoes what was typed; that is not a leak
    leaked = [secret for secret in lookup.secrets(world) if secret and secret in body]
    if leaked:
        problems.append(f"{lookup.actor} learns {leaked} by posting {lookup.field}={value!r} to {url}")
    return problems


@pytest.mark.parametrize("key", sorted(crawl_lookups.keys()))
def test_lookup_by_post_body(key, world):
    """A value posted by a sibling union's admin that names org A's person or object brings back nothing of it."""
    lookup = crawl_lookups.get(key)
    assert _check_lookup(lookup, _kind_world(world, "lookup", lookup.world)) == []


# ---- shared objects ------------------------------------------------------------------------------------------


def _check_shared_object(shared: CrawlShared, world) -> list[str]:
    url = reverse(shared.url_name, kwargs=shared.params(world))
    viewers = shared.viewers(world)
    problems = []
    for user, _own in viewers:
        response = _client(user).get(url)
        if response.status_code != 200:
            problems.append(f"{user.username} GET shared {url} -> {response.status_code} (expected 200)")
            continue
        body = _answer_text(response)
        for other, markers in viewers:
            leaked = [m for m in markers if other.pk != user.pk and m and m in body]
            if leaked:
                problems.append(
                    f"{user.username} sees {other.username}'s union's own data on {url}: {leaked}"
                )
    if shared.owner is not None:
        # the owner sees every sibling's data here: the markers are real, so a leak would be caught
        body = _answer_text(_client(shared.owner(world)).get(url))
        unseen = [other.username for other, markers in viewers if not any(m in body for m in markers)]
        if unseen:
            problems.append(f"the owner sees no marker of {unseen} on {url}: the check would catch nothing")
    return problems


@pytest.mark.parametrize("key", sorted(crawl_shared.keys()))
def test_shared_object_pages(key, world):
    """Each sibling sees an object delivered to it, and none of the other siblings' reports, receipts or people."""
    shared = crawl_shared.get(key)
    assert _check_shared_object(shared, _kind_world(world, "shared_object", shared.world)) == []


# ---- the outside account (fourth actor) -----------------------------------------------------------------------


def test_the_outside_account_is_outside_the_union_tree(crawl_world):
    """The crawler's fourth actor holds no role grant and no member record: only its object grant."""
    account = crawl_world.extra["outside_account"]
    assert not account.grants.exists()
    assert getattr(account, "member", None) is None
    assert [g.object_id for g in account.object_grants.all()] == [crawl_world.extra["outside_round"].pk]
    # the granted round is its own: the reviews declarations fill their routes with other rounds
    rounds = {crawl_world.extra[key].pk for key in ("review_round_a", "review_draft_a")}
    assert crawl_world.extra["outside_round"].pk not in rounds


def test_the_outside_account_reaches_the_granted_round_and_no_other(crawl_world):
    from django.utils import timezone

    account = crawl_world.extra["outside_account"]
    client = _client(account)
    granted = reverse("reviews:round_detail", args=[crawl_world.extra["outside_round"].pk])
    assert client.get(granted).status_code == 200
    other = reverse("reviews:round_detail", args=[crawl_world.extra["review_round_a"].pk])
    assert client.get(other).status_code == 404
    # expired: gone at once, before any job runs
    grant = crawl_world.extra["outside_grant"]
    type(grant).objects.filter(pk=grant.pk).update(expires_at=timezone.now())
    assert _client(account).get(granted).status_code in {403, 404}

"""Every console and portal page renders on the realistic demo data.

The permission crawler renders each route on a tiny world; here the demo platform (`seeded`, shared with
test_seed_demo.py through conftest.py) brings the other states and the volumes. Each case logs in one demo user
and opens, for one app (the first part of the path):

- the console home and every menu page of that app the user holds the action for (`core.registry.menu`), or,
  for the member, the portal home, its bottom navigation and every portal tile page of the app;
- from each of those, the first few links of the same app found in the HTML, and the first two links of each
  page reached so (a small, bounded, GET-only, same-origin link follower that never opens logout, export or
  download links).

Each page must answer 200 (or a redirect listed in `REDIRECTS`), render without an error (a template error
raises: the test client re-raises a view's exception) and stay under `MAX_QUERIES` queries. The pages with the most
queries and the slowest pages are printed at the end of the run (conftest.py); time is reported, not asserted.
"""

import re
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.accounts.models import RoleGrant, User
from gonghui.core.registry import menu, portal_tiles, roles

from .conftest import PageStat, page_stats_key

pytestmark = pytest.mark.django_db

# The demo users and the roles of their grants (checked against the database in every case).
CADRES: dict[str, frozenset[str]] = {
    "admin": frozenset({"sysadmin"}),
    "shi_admin": frozenset({"union_admin"}),
    "jfq_admin": frozenset({"union_admin"}),
    "jfq01_admin": frozenset({"union_admin"}),
    "jfq_ganshi": frozenset({"union_staff"}),  # 工会干事: the inbox, the case desk and quizzes too
    "shi_shenji": frozenset({"auditor"}),
    "shi_weiquan": frozenset({"appeals_supervisor"}),
    "lvshi_wang": frozenset({"lawyer"}),
    "shi_bangfu": frozenset({"welfare_officer"}),  # 帮扶干事 (jfq_bangfu is the same role on a county)
    "shi_nvgong": frozenset({"matchmaking_moderator"}),  # 婚恋交友管理员: the report queue and the counts
    "shi_xuanchuan": frozenset({"news_reviewer"}),  # 宣传审核员: 稿件审核 (one article waits at 复审)
}
MEMBER_PHONE = "13900000001"
PORTAL_PAGES = ("portal:home", "portal:services", "portal:inbox", "portal:me")

MAX_QUERIES = 40
# Links followed per page: 5 from a start (list) page, 2 from each page reached from it, none deeper.
LINKS_PER_PAGE = (5, 2)
PAGES_PER_CASE = 60
# Never followed: they end the session, write files or build documents (PDF, Word, Excel) — slow and not HTML.
SKIPPED_LINK = re.compile(r"logout|export|download|/pdf|\.pdf|docx|xlsx|/template|/files/", re.IGNORECASE)
# Pages that answer with a redirect on purpose: path pattern → why.
REDIRECTS: dict[str, str] = {
    r"^/notifications/\d+/$": "opening a message marks it read and goes on to the page it is about",
    r"^/dashboards/$": "the dashboard opens on the user's own top union (/dashboards/orgs/<code>/)",
    r"^/dashboards/women/$": "女职工工作 opens on the user's own top union (/dashboards/women/<code>/)",
    r"^/dashboards/overview/$": "各级总览 opens on the user's own top union (/dashboards/overview/<code>/)",
}
# Cases that are known to fail: case id → the exact error (none at present).
KNOWN_FAILURES: dict[str, str] = {}


class _Text(HTMLParser):
    """The text a person reads: element text outside <script>/<style>, and the text-bearing attributes."""

    SKIPPED = frozenset({"script", "style", "template"})
    ATTRIBUTES = frozenset({"title", "placeholder", "aria-label", "alt"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self._skipping += 1
        self.parts.extend(value for name, value in attrs if name in self.ATTRIBUTES and value)
        if tag == "input" and dict(attrs).get("type") in {"submit", "button"}:
            self.parts.append(dict(attrs).get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def _state_codes() -> frozenset[str]:
    """Every stored value of a state field (`status`, `…_status`, `state`) whose label differs from it (`draft` for
    草稿): shown raw, it is a bug."""
    from django.apps import apps

    codes: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if "status" not in field.name and "state" not in field.name:
                continue
            for value, label in field.choices or ():
                if isinstance(value, str) and value != str(label) and re.fullmatch(r"[a-z][a-z_]{2,}", value):
                    codes.add(value)
    return frozenset(codes)


# English a Chinese page never shows: booleans, Python's None, Django's untranslated widget texts.
UNTRANSLATED = (
    "True",
    "False",
    "true",
    "false",
    "None",
    "Select an option",
    "Choose",
    "Submit",
    "Delete",
    "Save",
    "Cancel",
    "Search",
    "Previous",
    "Next",
    "Currently",
    "Change",
    "Clear",
    "Unknown",
    "Yes",
    "No",
)


def untranslated(html: str) -> list[tuple[str, str]]:
    """(word, its context) for each raw state code or English UI word in the page's visible text."""
    if not html:
        return []
    parser = _Text()
    parser.feed(html)
    text = " ".join(" ".join(parser.parts).split())
    found: list[tuple[str, str]] = []
    for word in (*UNTRANSLATED, *_STATE_CODES()):
        for match in re.finditer(rf"(?<![A-Za-z_./-]){re.escape(word)}(?![A-Za-z_./-])", text):
            found.append((word, text[max(0, match.start() - 30) : match.end() + 30]))
            break
    return found


_STATE_CODES = cache(_state_codes)


def _section(path: str) -> str:
    return path.strip("/").split("/", 1)[0] or "home"


def _role_allows(codes: frozenset[str], action: str) -> bool:
    return any(roles.get(code).allows(action) for code in codes)


def _console_cases() -> Iterator[tuple[str, str, tuple[str, ...]]]:
    for username, codes in CADRES.items():
        sections: dict[str, list[str]] = {"home": ["home"]}
        for item in menu:
            if _role_allows(codes, item.action):
                sections.setdefault(_section(reverse(item.url_name)), []).append(item.url_name)
        for section, url_names in sections.items():
            yield username, section, tuple(dict.fromkeys(url_names))


def _portal_cases() -> Iterator[tuple[str, str, tuple[str, ...]]]:
    sections: dict[str, list[str]] = {"portal": list(PORTAL_PAGES)}
    for tile in portal_tiles:
        sections.setdefault(_section(reverse(tile.url_name)), []).append(tile.url_name)
    for section, url_names in sections.items():
        yield f"member:{MEMBER_PHONE}", section, tuple(dict.fromkeys(url_names))


def _params() -> list[Any]:
    params = []
    for user, section, url_names in [*_console_cases(), *_portal_cases()]:
        case_id = f"{user}-{section}"
        marks = []
        if case_id in KNOWN_FAILURES:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[case_id]))
        params.append(pytest.param(user, section, url_names, id=case_id, marks=marks))
    return params


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _links(html: str, prefix: str, current: str) -> list[str]:
    """Same-origin links under `prefix`, in page order, without fragments, skipping the page's own
    filters and pagination (same path, other query) and links that leave, export or download."""
    parser = _Links()
    parser.feed(html)
    found: list[str] = []
    for href in parser.hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith(prefix):
            continue
        if parts.path == urlsplit(current).path or SKIPPED_LINK.search(href):
            continue
        url = parts.path + (f"?{parts.query}" if parts.query else "")
        if url not in found:
            found.append(url)
    return found


@dataclass
class _Result:
    status: int
    location: str
    html: str
    queries: int
    seconds: float
    error: str


def _get(client: Client, url: str) -> _Result:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        try:
            response = client.get(url)
        except Exception as exc:  # noqa: BLE001 — the page's error is the finding
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            error = f"{type(exc).__name__}: {exc} ({frame.filename.split('/gonghui/')[-1]}:{frame.lineno})"
            return _Result(500, "", "", len(queries), time.perf_counter() - started, error)
        seconds = time.perf_counter() - started
    html = response.content.decode(errors="replace") if "html" in response.get("Content-Type", "") else ""
    return _Result(response.status_code, response.get("Location", ""), html, len(queries), seconds, "")


def _login(username: str) -> tuple[Client, User]:
    if username.startswith("member:"):
        user = User.objects.get(phone=username.split(":", 1)[1])
        expected = frozenset({"member"})
    else:
        user = User.objects.get(username=username)
        expected = CADRES[username]
    assert set(RoleGrant.objects.filter(user=user).values_list("role", flat=True)) == expected
    client = Client()
    client.force_login(user)
    return client, user


def _redirect_allowed(url: str) -> bool:
    return any(re.search(pattern, url) for pattern in REDIRECTS)


@pytest.mark.parametrize(("username", "section", "url_names"), _params())
def test_demo_pages_render(seeded, request, username, section, url_names):
    # given
    client, _user = _login(username)
    prefix = "/" if section == "home" else f"/{section}/"
    start = [reverse(name) for name in url_names]
    stats: list[PageStat] = request.config.stash[page_stats_key]
    problems: list[str] = []
    visited: set[str] = set()
    queue: list[tuple[str, int]] = [(url, 0) for url in start]  # (url, depth: 0 for the start pages)

    # when every start page, the first links of each and the first links of those are opened
    while queue and len(visited) < PAGES_PER_CASE:
        url, depth = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        result = _get(client, url)
        stats.append(PageStat(f"{username} {url}", result.queries, result.seconds))
        if result.error:
            problems.append(f"GET {url} raised {result.error}")
            continue
        if result.status in (301, 302) and not _redirect_allowed(url):
            problems.append(f"GET {url} -> {result.status} {result.location}")
        elif result.status not in (200, 301, 302):
            problems.append(f"GET {url} -> {result.status}")
        if result.queries > MAX_QUERIES:
            problems.append(f"GET {url}: {result.queries} queries (at most {MAX_QUERIES})")
        problems.extend(
            f"GET {url}: {word!r} in the page's text: {where}" for word, where in untranslated(result.html)
        )
        if depth < len(LINKS_PER_PAGE) and result.html and section != "home":
            queued = visited | {link for link, _depth in queue}
            fresh = [link for link in _links(result.html, prefix, url) if link not in queued]
            queue.extend((link, depth + 1) for link in fresh[: LINKS_PER_PAGE[depth]])

    # then
    assert problems == [], "\n".join(problems)
    assert visited >= set(start)


def test_untranslated_finds_raw_states_and_english_in_the_text_only():
    html = (
        "<main><p>状态 · draft → 已发布</p><p>所选：true</p><select><option>- Select an option -</option></select>"
        '<script>var x = "None";</script><input type="submit" value="Submit"><p>Excel 模板 · drafts</p></main>'
    )
    words = [word for word, _where in untranslated(html)]
    assert sorted(words) == sorted(["true", "Select an option", "Submit", "draft"])
    assert untranslated("<p>已发布 · 草稿</p>") == []

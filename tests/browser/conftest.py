"""Playwright on Debian's Chromium (never a downloaded browser): launch and context settings.

Every test in this folder carries the ``browser`` marker; when no Chromium is installed they are
skipped with a reason instead of failing at launch.

Every browser context a test opens (the ``page`` fixture's and those from ``browser.new_context()``) is watched
for Content-Security-Policy violations: Chromium's console report and the page's ``securitypolicyviolation``
events. A test during which any was reported fails at teardown, listing them.
"""

import os
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

# Sync Playwright runs an asyncio loop in the test thread; without this the ORM calls made by the
# tests themselves (factories, assertions on the database) raise SynchronousOnlyOperation.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


class OneRequestAtATimeServer(ThreadedWSGIServer):
    """The live server, answering one request at a time. On SQLite its request threads share the test's one
    in-memory connection, and with it one transaction state: two requests at once (two people's browsers, a page and
    its HTMX fragment) would run inside each other's transactions. Connections are still accepted on threads, so a
    socket Chromium opened ahead of time and never used does not hold up the others; only the application call, with
    its response body and ``request_finished``, is serialised."""

    def set_app(self, application: "WSGIApplication | None") -> None:
        assert application is not None
        lock = threading.Lock()

        def one_at_a_time(environ: "WSGIEnvironment", start_response: "StartResponse") -> list[bytes]:
            with lock:
                response = application(environ, start_response)
                try:
                    return [b"".join(response)]
                finally:
                    close = getattr(response, "close", None)
                    if close is not None:
                        close()

        super().set_app(one_at_a_time)


LiveServerThread.server_class = OneRequestAtATimeServer


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.path.exists(CHROMIUM_PATH):
        return
    skip = pytest.mark.skip(
        reason=f"Chromium not found at {CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)"
    )
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM_PATH,
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # The portal registers a service worker on localhost; only tests/browser/test_pwa.py (marker
    # browser_context_args(service_workers="allow")) wants one — elsewhere it would fetch and cache beside the test.
    return {**browser_context_args, "locale": "zh-CN", "service_workers": "block"}


# Runs in every page before its own scripts; Playwright's init scripts are not subject to the page's policy.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("securitypolicyviolation: " + e.violatedDirective + " blocked " + e.blockedURI
    + " at " + e.sourceFile + ":" + e.lineNumber + " " + e.sample);
});
"""


def watch_csp(context: BrowserContext, violations: list[str]) -> BrowserContext:
    """Collect into `violations` every CSP report of every page in `context`."""

    def on_console(message: ConsoleMessage) -> None:
        text = message.text
        if "Content Security Policy" in text or text.startswith("securitypolicyviolation:"):
            violations.append(f"{message.page.url if message.page else '?'}: {text}")

    context.add_init_script(REPORT_VIOLATIONS)
    context.on("console", on_console)
    return context


@pytest.fixture(autouse=True)
def csp_violations(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fail the test when any page it opened reported a Content-Security-Policy violation."""
    violations: list[str] = []
    new_context = Browser.new_context

    def watched_new_context(self: Browser, *args: Any, **kwargs: Any) -> BrowserContext:
        return watch_csp(new_context(self, *args, **kwargs), violations)

    monkeypatch.setattr(Browser, "new_context", watched_new_context)
    yield violations
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations), pytrace=False)

"""The installable portal on a phone: the service worker registers on http://localhost (a secure context), controls
/portal/ after a reload, shows the offline page for a member page it cannot load — never a stored copy of it — and
keeps nothing after logout."""

import pytest
from playwright.sync_api import Error, Page, ViewportSize, expect

from conftest import PASSWORD, make_member_user
from gonghui.orgs.tests.factories import OrgFactory
from tests.browser.axe import page_check
from tests.browser.screens import assert_fits_width

# Every other browser test blocks service workers (tests/browser/conftest.py); these are about them.
pytestmark = [pytest.mark.browser, pytest.mark.browser_context_args(service_workers="allow")]

PHONE = "13912345679"
WIDTH = 375
MOBILE: ViewportSize = {"width": WIDTH, "height": 812}

WORKER_READY = "() => navigator.serviceWorker.ready.then(r => r.active && r.active.scriptURL)"
CONTROLLER = "() => navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL"
# Every entry of every cache of this origin: its URL and the content type it was stored with.
CACHED = """
async () => {
  const found = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      found.push([new URL(request.url).pathname, response.headers.get("Content-Type") || ""]);
    }
  }
  return found;
}
"""


def _cached(page: Page) -> list[tuple[str, str]]:
    return [(path, content_type) for path, content_type in page.evaluate(CACHED)]


@pytest.mark.django_db(transaction=True)
def test_portal_service_worker_offline_page_and_logout(live_server, page: Page):
    union = OrgFactory.create(code="PWAU", name="乙县第三中学工会", unit_name="乙县第三中学")
    make_member_user(PHONE, union, name="王海燕")
    base = live_server.url
    assert base.startswith("http://localhost:")

    page.set_viewport_size(MOBILE)
    page.goto(base + "/portal/login/")
    page.get_by_label("用户名或手机号").fill(PHONE)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/portal/")

    # The worker registers for /portal/ and, after a reload, controls the page.
    assert page.evaluate(WORKER_READY) == base + "/portal/sw.js"
    page.reload()
    assert page.evaluate(CONTROLLER) == base + "/portal/sw.js"
    assert page.evaluate("() => navigator.serviceWorker.ready.then(r => r.scope)") == base + "/portal/"

    # It keeps static files and the offline page: no member page, nothing of /api/.
    page.wait_for_function(
        "() => caches.keys().then(ns => Promise.all(ns.map(n => caches.open(n).then(c => c.match('/portal/offline/')))))"
        ".then(found => found.some(Boolean))"
    )
    page.goto(base + "/portal/me/")
    expect(page.locator(".portal-main")).to_contain_text("王海燕")
    cached = _cached(page)
    html = [path for path, content_type in cached if content_type.startswith("text/html")]
    assert html == ["/portal/offline/"]
    assert all(path.startswith("/static/") for path, _ in cached if path != "/portal/offline/")
    assert "/static/css/app.css" in {path for path, _ in cached}

    # Offline, a member page shows the offline page (styled from the stored /static/ files), never the member page.
    page.context.set_offline(True)
    page.goto(base + "/portal/me/")
    expect(page.locator("h1")).to_have_text("网络未连接")
    assert page.url == base + "/portal/me/"
    expect(page.locator("body")).not_to_contain_text("王海燕")
    expect(page.locator("body")).not_to_contain_text(PHONE[-4:])
    assert page.evaluate(
        "() => getComputedStyle(document.querySelector('.portal-header')).backgroundColor"
    ) == ("rgb(200, 22, 29)")
    assert_fits_width(page, WIDTH)
    result = page_check(page, "offline", base)
    assert not result.failing(), result.summary()
    page.goto(base + "/portal/")
    expect(page.locator("h1")).to_have_text("网络未连接")

    # Back online: log out from 我的.
    page.context.set_offline(False)
    page.goto(base + "/portal/me/")
    expect(page.locator(".portal-main")).to_contain_text("王海燕")
    page.get_by_role("button", name="退出登录").click()
    expect(page).to_have_url(base + "/portal/login/")
    page.wait_for_function(
        "() => caches.keys().then(ns => Promise.all(ns.map(n => caches.open(n).then(c => c.keys()))))"
        ".then(lists => lists.every(keys => keys.every(r => new URL(r.url).pathname.startsWith('/static/'))))"
    )
    assert [path for path, content_type in _cached(page) if not path.startswith("/static/")] == []
    assert [path for path, content_type in _cached(page) if content_type.startswith("text/html")] == []

    # Offline after logout: no member page is served, and none was kept to be served.
    page.context.set_offline(True)
    refused = []
    for path in ("/portal/me/", "/portal/"):
        try:
            response = page.goto(base + path)
        except Error:  # the worker has no offline page left: the browser shows its own "no connection" page
            refused.append(path)
            continue
        body = response.text() if response else ""
        assert "王海燕" not in body
        assert "乙县第三中学工会" not in body
    assert refused == ["/portal/me/", "/portal/"]
    page.context.set_offline(False)


# How browsers that cannot run the worker look to pwa.js: one refuses the registration, one has no service worker
# support at all (some in-app browsers).
WITHOUT_WORKERS = {
    "registration refused": "ServiceWorkerContainer.prototype.register = function () {"
    " return Promise.reject(new DOMException('refused', 'SecurityError')); };",
    "no service worker support": "Object.defineProperty(Navigator.prototype, 'serviceWorker', {get: () => undefined});",
}


@pytest.mark.parametrize("browser_kind", sorted(WITHOUT_WORKERS))
@pytest.mark.django_db(transaction=True)
def test_portal_works_where_service_workers_are_unavailable(live_server, page: Page, browser_kind):
    union = OrgFactory.create(code="PWAV", name="丙县第四中学工会", unit_name="丙县第四中学")
    make_member_user(PHONE, union, name="赵红")
    page.add_init_script(WITHOUT_WORKERS[browser_kind])
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if "Uncaught" in message.text else None)
    page.set_viewport_size(MOBILE)
    base = live_server.url

    page.goto(base + "/portal/login/")
    page.get_by_label("用户名或手机号").fill(PHONE)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/portal/")
    page.goto(base + "/portal/me/")
    expect(page.locator(".portal-main")).to_contain_text("赵红")
    page.wait_for_timeout(500)  # pwa.js registers on load; an uncaught refusal would be reported by now
    page.get_by_role("button", name="退出登录").click()
    expect(page).to_have_url(base + "/portal/login/")

    assert page.evaluate("() => navigator.serviceWorker ? navigator.serviceWorker.controller : null") is None
    assert errors == []

"""The Content-Security-Policy in a real browser: a violation fails the test (conftest.py), the statistics charts
draw and show their tooltips, the 公文 print page keeps its look and its print button, and the confirmations
wired by data-confirm (static/js/app.js) ask first and stop the form when dismissed."""

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_cadre
from gonghui.accounts.models import User
from gonghui.documents.tests.factories import make_draft, officer
from gonghui.orgs.models import Org

pytestmark = pytest.mark.browser


def _login(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base_url + "/")


@pytest.mark.django_db(transaction=True)
def test_an_inline_script_is_refused_and_reported(live_server, page: Page, csp_violations: list[str]):
    page.goto(live_server.url + "/accounts/login/")
    page.evaluate(
        """() => { const s = document.createElement("script"); s.textContent = "window.injected = true";
                   document.body.append(s); }"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.injected === undefined")
    assert any("script-src" in v for v in csp_violations), csp_violations
    csp_violations.clear()  # this test provoked them on purpose


@pytest.mark.django_db(transaction=True)
def test_statistics_charts_draw_and_show_tooltips(live_server, page: Page, world):
    admin = make_cadre("csp_city_admin", Org.objects.get(pk=world.city.pk))
    _login(page, live_server.url, admin.username)
    for path in ("/dashboards/", "/appeals/stats/", "/legal/statistics/"):
        page.goto(live_server.url + path)
        canvases = page.locator("[data-chart] canvas")
        expect(canvases.first).to_be_visible()
        for canvas in canvases.all():
            box = canvas.bounding_box()
            assert box is not None
            page.mouse.move(box["x"] + box["width"] / 3, box["y"] + box["height"] / 2)
            page.wait_for_timeout(150)
    # the conftest fixture fails the test if a chart or its tooltip broke the policy


@pytest.mark.django_db(transaction=True)
def test_print_page_keeps_its_look_and_print_button(live_server, page: Page, world):
    county = officer("csp_officer", world.county_x)
    document = make_draft(
        world.county_x, county, main_to="甲县第一中学工会", title="关于开展读书月活动的通知"
    )
    _login(page, live_server.url, county.username)
    page.goto(f"{live_server.url}/documents/{document.public_id}/print/")
    expect(page.get_by_role("heading", name="关于开展读书月活动的通知")).to_be_visible()
    expect(page.locator(".doc-issuer")).to_have_css("color", "rgb(200, 22, 29)")
    page.evaluate("() => { window.print = () => { window.printed = true; }; }")
    page.get_by_role("button", name="打印").click()
    assert page.evaluate("() => window.printed === true")


@pytest.mark.django_db(transaction=True)
def test_a_confirmation_asks_first_and_dismissing_it_stops_the_form(live_server, page: Page, world):
    admin = make_cadre("csp_city_admin", Org.objects.get(pk=world.city.pk))
    target = make_cadre("csp_county_cadre", Org.objects.get(pk=world.county_x.pk))
    _login(page, live_server.url, admin.username)
    detail = f"{live_server.url}/accounts/users/{target.username}/"
    page.goto(detail)
    answers = [False, True]
    asked: list[str] = []

    def answer(dialog):
        asked.append(dialog.message)
        if answers.pop(0):
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", answer)
    page.get_by_role("button", name="重置密码").click()
    page.wait_for_timeout(300)
    expect(page).to_have_url(detail)
    assert User.objects.get(pk=target.pk).password == target.password
    page.get_by_role("button", name="重置密码").click()
    expect(page).not_to_have_url(detail)
    assert asked == ["确定重置该账号的密码吗？重置后对方须使用临时密码登录并修改。"] * 2
    assert User.objects.get(pk=target.pk).password != target.password

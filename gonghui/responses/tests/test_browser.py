"""The device-only draft in a real browser (Debian's Chromium through Playwright): answers typed into the form are
kept in localStorage and come back after a reload, nothing but the final submission is ever sent to the server, and
the draft is gone once the answer is in."""

import os

import pytest
from django.urls import reverse
from playwright.sync_api import Page, Request, expect

from conftest import PASSWORD, make_member_user
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.responses.models import Participation, PendingAnswer
from gonghui.responses.services import responses_open
from tests.browser.axe import page_check

# the browser settings of tests/browser (Debian's Chromium, headless, CSP watch, one request at a time)
from tests.browser.conftest import (  # noqa: F401 (fixtures)
    CHROMIUM_PATH,
    browser_context_args,
    browser_type_launch_args,
    csp_violations,
)
from tests.browser.screens import assert_fits_width

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM_PATH), reason=f"Chromium not found at {CHROMIUM_PATH}"),
]
PHONE = "13912340151"
PHONE_HOME = "13912340152"


@pytest.mark.django_db(transaction=True)
def test_the_draft_stays_on_the_device_and_is_cleared_on_submit(live_server, page: Page):
    union = OrgFactory.create(code="RSPD", name="辛县第二中学工会", unit_name="辛县第二中学")
    make_member_user(PHONE, union, name="吴会员")
    base = live_server.url
    page.goto(base + "/portal/login/")
    page.get_by_label("用户名或手机号").fill(PHONE)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/portal/")

    url = base + reverse("responses:answer", args=["union_climate", union.pk])
    key = f"gonghui.responses.draft.union_climate.{union.pk}"
    posts: list[str] = []

    def on_request(request: Request) -> None:
        if request.method == "POST":
            posts.append(request.url)

    page.on("request", on_request)
    page.goto(url)
    page.get_by_label("基本满意").check()
    page.get_by_label("技能培训").check()
    page.get_by_label("3. 您对工会工作有什么意见和建议？").fill("希望多组织读书会")
    assert "希望多组织读书会" in page.evaluate(f"localStorage.getItem({key!r})")

    page.reload()
    expect(page.get_by_label("基本满意")).to_be_checked()
    expect(page.get_by_label("技能培训")).to_be_checked()
    expect(page.get_by_label("满意", exact=True)).not_to_be_checked()
    expect(page.get_by_label("3. 您对工会工作有什么意见和建议？")).to_have_value("希望多组织读书会")
    assert posts == []  # the draft never went to the server
    assert not PendingAnswer.objects.exists()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="提交").click()
    expect(page.locator("[data-receipt]")).to_have_text(Participation.objects.get().receipt_code)
    assert page.evaluate(f"localStorage.getItem({key!r})") is None
    assert posts == [url]
    assert PendingAnswer.objects.get().answers == {
        "satisfaction": "基本满意",
        "wishes": ["技能培训"],
        "advice": "希望多组织读书会",
    }


def _check(page: Page, base: str) -> None:
    assert_fits_width(page, 375)
    result = page_check(page, "会员", base)
    assert result.failing() == [], f"{result.path}: {result.summary()}"


@pytest.mark.django_db(transaction=True)
def test_a_member_finds_the_open_survey_on_the_portal_home_answers_it_and_keeps_the_receipt(
    live_server, page: Page
):
    # given an open 职工满意度调查 of the member's union, on a phone
    union = OrgFactory.create(code="RSPH", name="辛县第三中学工会", unit_name="辛县第三中学")
    make_member_user(PHONE_HOME, union, name="郑会员")
    responses_open(owner=union)
    base = live_server.url
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(base + "/portal/login/")
    page.get_by_label("用户名或手机号").fill(PHONE_HOME)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/portal/")

    # the home's 待办 lists it
    card = page.get_by_role("link", name="待填写：辛县第三中学工会职工满意度调查")
    expect(card).to_be_visible()
    _check(page, base)

    # the card opens the answer page
    card.click()
    url = base + reverse("responses:answer", args=["union_climate", union.pk])
    expect(page).to_have_url(url)
    _check(page, base)

    page.get_by_label("满意", exact=True).check()
    page.get_by_label("文体活动").check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="提交").click()
    code = Participation.objects.get().receipt_code
    expect(page.locator("[data-receipt]")).to_have_text(code)
    _check(page, base)

    # back home the survey no longer waits; 我的办理 keeps the participation with its receipt
    page.goto(base + "/portal/")
    expect(page.get_by_role("link", name="待填写：辛县第三中学工会职工满意度调查")).to_have_count(0)
    page.goto(base + reverse("portal:requests"))
    expect(page.locator("#member-requests")).to_contain_text(code)
    _check(page, base)

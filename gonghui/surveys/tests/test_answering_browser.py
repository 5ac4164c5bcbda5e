"""问卷 on a phone (issue 24, "browser test on a phone: answer anonymously, leave, come back and finish"), in Debian's
Chromium at 375 px. A member logs in on the portal, taps the tile 问卷 and the open anonymous 思想状况 survey of her
union (one question of each of the five kinds; the 填空 shown only when the first answer is 不满意). She taps a
scale point, a matrix row and 不满意 — the 填空 appears, and goes again when the answer changes — then leaves by the
portal's home tab and closes the page. Opening the portal again and tapping through to the survey, the draft kept
only on the device (localStorage under the store's draft key) is back; she finishes, 提交: the receipt code shows,
the draft is gone, the database holds her participation and no named answer. A named survey is saved with
保存，稍后继续 on one device and finished on another (a fresh browser context): the saved answers come from the server.
Everything after the login is reached by tapping; no page scrolls sideways and axe finds nothing serious on the list,
answer and receipt pages. Screenshots go to $SURVEYS_SHOTS when set."""

import os

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from conftest import PASSWORD, make_cadre, make_member_user
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.responses.kinds import draft_key, response_kinds
from gonghui.responses.models import Participation, PendingAnswer
from gonghui.surveys.choices import ResponseStatus, SurveyMode
from gonghui.surveys.kind import KIND
from gonghui.surveys.models import SurveyResponse
from tests.browser.axe import page_check
from tests.browser.conftest import (  # noqa: F401 (fixtures)
    CHROMIUM_PATH,
    browser_context_args,
    browser_type_launch_args,
    csp_violations,
)
from tests.browser.live_db import read_when_the_server_is_done
from tests.browser.screens import assert_fits_width

from .factories_answering import make_open_survey

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM_PATH), reason=f"Chromium not found at {CHROMIUM_PATH}"),
]
WIDTH = 375
MOBILE: ViewportSize = {"width": WIDTH, "height": 812}
SHOTS = os.environ.get("SURVEYS_SHOTS", "")
PHONE = "13912342401"
PHONE_NAMED = "13912342402"
ANONYMOUS = "2020年教职工思想状况调查"
NAMED = "2021年职工疗休养意向调查"
REASON = "希望改善食堂伙食"


def _fits(page: Page, name: str, base: str) -> None:
    """The page fits the phone and axe finds nothing serious on it."""
    assert_fits_width(page, WIDTH)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= WIDTH
    result = page_check(page, name, base)
    assert result.failing() == [], f"{result.path}: {result.summary()}"
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/surveys_{name}.png", full_page=True)


def _log_in(context: BrowserContext, base: str, phone: str) -> Page:
    page = context.new_page()
    page.goto(base + "/portal/login/")
    page.get_by_label("用户名或手机号").fill(phone)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/portal/")
    return page


def _open_survey(page: Page, title: str) -> None:
    """From the portal home: the tile 问卷, then the survey under 待填写."""
    page.locator("a.portal-tile[data-tile=surveys]").click()
    page.locator("#surveys-todo a", has_text=title).click()
    expect(page.locator("#survey-intro h2")).to_have_text(title)


def _question(page: Page, key: str):
    return page.locator(f"[data-survey-question={key}]")


def _submit(page: Page) -> None:
    page.once("dialog", lambda dialog: dialog.accept())  # 提交后不能修改，确定提交吗？
    page.locator("#survey-submit").click()
    expect(page.locator("#survey-receipt")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_a_member_answers_anonymously_leaves_comes_back_to_her_device_draft_and_finishes(
    live_server, browser: Browser
):
    union = OrgFactory.create(code="SVBR", name="测试市第三中学工会", unit_name="测试市第三中学")
    admin = make_cadre("svb_admin", union)
    _, member = make_member_user(PHONE, union, name="钱会员")
    survey = make_open_survey(org=union, actor=admin, title=ANONYMOUS)
    key = draft_key(response_kinds.get(KIND), survey)
    base = live_server.url
    context = browser.new_context(viewport=MOBILE)
    page = _log_in(context, base, PHONE)

    # 问卷 → the survey
    page.locator("a.portal-tile[data-tile=surveys]").click()
    expect(page.locator("#surveys-todo")).to_contain_text(ANONYMOUS)
    expect(page.locator("#surveys-todo")).to_contain_text("匿名")
    _fits(page, "1_list", base)
    page.locator("#surveys-todo a", has_text=ANONYMOUS).click()
    expect(page.locator("#survey-anonymous-notice")).to_contain_text("任何人（包括工会）都无法查看您的答卷")
    expect(_question(page, "q4")).to_be_hidden()  # the 填空 waits for 不满意

    # a scale point, a matrix row, and the choice that shows the 填空
    _question(page, "q3").get_by_text("4", exact=True).click()
    expect(_question(page, "q3").locator("input[value='4']")).to_be_checked()
    # the tapped point is filled in the portal's red with white text, also while it keeps the focus and hover
    chosen = _question(page, "q3").locator("label", has_text="4")
    expect(chosen).to_have_css("background-color", "rgb(200, 22, 29)")
    expect(chosen).to_have_css("color", "rgb(255, 255, 255)")
    if SHOTS:
        page.locator("#question-q3").screenshot(path=f"{SHOTS}/surveys_2a_scale_tapped.png")
    page.get_by_role("radiogroup", name="工作环境").get_by_text("一般", exact=True).click()
    _question(page, "q1").get_by_text("不满意", exact=True).click()
    expect(_question(page, "q4")).to_be_visible()
    _question(page, "q4").locator("textarea").fill(REASON)
    _question(page, "q1").get_by_text("基本满意", exact=True).click()
    expect(_question(page, "q4")).to_be_hidden()
    _question(page, "q1").get_by_text("不满意", exact=True).click()
    expect(_question(page, "q4")).to_be_visible()
    expect(_question(page, "q4").locator("textarea")).to_have_value(REASON)
    _fits(page, "2_answer", base)
    assert REASON in page.evaluate(f"localStorage.getItem({key!r})")

    # she leaves: home by the portal's tab, then the page is closed; nothing was sent
    page.locator(".portal-nav a[data-tab=home]").click()
    expect(page).to_have_url(base + "/portal/")
    page.close()
    assert not Participation.objects.exists()
    assert not PendingAnswer.objects.exists()

    # back on the same phone: the answers come back from the device
    page = context.new_page()
    page.goto(base + "/portal/")
    _open_survey(page, ANONYMOUS)
    expect(_question(page, "q1").locator("input[value='不满意']")).to_be_checked()
    expect(_question(page, "q3").locator("input[value='4']")).to_be_checked()
    expect(page.get_by_role("radiogroup", name="工作环境").get_by_label("一般")).to_be_checked()
    expect(_question(page, "q4")).to_be_visible()
    expect(_question(page, "q4").locator("textarea")).to_have_value(REASON)
    expect(
        page.get_by_role("radiogroup", name="薪酬待遇").get_by_label("满意", exact=True)
    ).not_to_be_checked()

    # she finishes the rest and sends it
    _question(page, "q2").get_by_text("收入待遇", exact=True).click()
    _question(page, "q2").get_by_text("身体健康", exact=True).click()
    page.get_by_role("radiogroup", name="薪酬待遇").get_by_text("满意", exact=True).click()
    page.get_by_role("radiogroup", name="职业发展").get_by_text("不满意", exact=True).click()
    _fits(page, "3_answer_resumed", base)
    _submit(page)
    participation = read_when_the_server_is_done(lambda: Participation.objects.get(member=member))
    expect(page.locator("[data-receipt]")).to_have_text(participation.receipt_code)
    assert page.evaluate(f"localStorage.getItem({key!r})") is None
    assert not SurveyResponse.objects.filter(survey=survey).exists()
    assert PendingAnswer.objects.get().answers == {
        "q1": "不满意",
        "q2": ["收入待遇", "身体健康"],
        "q3": "4",
        "q4": REASON,
        "q5.1": "满意",
        "q5.2": "一般",
        "q5.3": "不满意",
    }
    _fits(page, "4_receipt", base)

    # the list now files it under 已完成 with the receipt
    page.get_by_role("link", name="返回问卷列表").click()
    expect(page.locator("#surveys-done")).to_contain_text(participation.receipt_code)
    expect(page.locator("#surveys-todo")).not_to_contain_text(ANONYMOUS)
    _fits(page, "5_list_done", base)
    context.close()


@pytest.mark.django_db(transaction=True)
def test_a_named_survey_saved_on_one_device_is_finished_on_another(live_server, browser: Browser):
    union = OrgFactory.create(code="SVBN", name="测试市第四中学工会", unit_name="测试市第四中学")
    admin = make_cadre("svbn_admin", union)
    _, member = make_member_user(PHONE_NAMED, union, name="孙会员")
    survey = make_open_survey(org=union, actor=admin, mode=SurveyMode.NAMED, title=NAMED)
    base = live_server.url

    # the first device: half the answers, 保存，稍后继续
    first = browser.new_context(viewport=MOBILE)
    page = _log_in(first, base, PHONE_NAMED)
    _open_survey(page, NAMED)
    expect(page.locator("#survey-named-notice")).to_contain_text("实名问卷")
    _question(page, "q1").get_by_text("基本满意", exact=True).click()
    _question(page, "q3").get_by_text("2", exact=True).click()
    page.get_by_role("radiogroup", name="薪酬待遇").get_by_text("一般", exact=True).click()
    page.locator("#survey-save").click()
    expect(page.locator("body")).to_contain_text("已保存")
    saved = read_when_the_server_is_done(lambda: SurveyResponse.objects.get(survey=survey, member=member))
    assert saved.status == ResponseStatus.DRAFT
    assert saved.answers["q1"] == "基本满意"
    page.locator(".portal-nav a[data-tab=home]").click()
    page.locator("a.portal-tile[data-tile=surveys]").click()
    expect(page.locator("#surveys-todo")).to_contain_text("已保存未提交")
    _fits(page, "6_named_list_saved", base)
    first.close()

    # another device: nothing stored in this browser, the answers come from the server
    second = browser.new_context(viewport=MOBILE)
    page = _log_in(second, base, PHONE_NAMED)
    _open_survey(page, NAMED)
    assert page.evaluate("localStorage.length") == 0
    expect(_question(page, "q1").locator("input[value='基本满意']")).to_be_checked()
    expect(_question(page, "q3").locator("input[value='2']")).to_be_checked()
    expect(page.get_by_role("radiogroup", name="薪酬待遇").get_by_label("一般")).to_be_checked()
    _question(page, "q2").get_by_text("职称评聘", exact=True).click()
    page.get_by_role("radiogroup", name="工作环境").get_by_text("满意", exact=True).click()
    page.get_by_role("radiogroup", name="职业发展").get_by_text("一般", exact=True).click()
    _fits(page, "7_named_answer", base)
    _submit(page)
    response = read_when_the_server_is_done(lambda: SurveyResponse.objects.get(survey=survey, member=member))
    assert response.status == ResponseStatus.SUBMITTED
    assert response.receipt_code
    expect(page.locator("[data-receipt]")).to_have_text(response.receipt_code)
    expect(page.locator("#survey-my-answers")).to_contain_text("职称评聘")
    assert response.answers["q2"] == ["职称评聘"]
    assert not Participation.objects.exists()
    _fits(page, "8_named_receipt", base)
    second.close()

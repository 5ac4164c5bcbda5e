"""网上答题 in one tap per question (375 px): tapping a single-choice option saves it and opens the next question;
上一题 goes back with the answer still chosen; a keyboard choice saves without moving on; the tab bar is gone while
the timed quiz runs; leaving the page mid-attempt asks first (beforeunload), handing in does not."""

import re

import pytest
from playwright.sync_api import Dialog, Locator, Page, ViewportSize, expect

from conftest import PASSWORD, make_member_user
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.quizzes.models import Answer, Attempt
from gonghui.quizzes.tests.factories import make_activity, make_bank
from tests.browser.axe import page_check
from tests.browser.live_db import read_when_the_server_is_done
from tests.browser.screens import assert_fits_width

pytestmark = pytest.mark.browser

PHONE = "13912340021"
WIDTH = 375
MOBILE: ViewportSize = {"width": WIDTH, "height": 812}


def _start(page: Page, base: str) -> None:
    page.set_viewport_size(MOBILE)
    page.goto(base + "/portal/login/")
    page.get_by_label("用户名或手机号").fill(PHONE)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/portal/")
    page.goto(base + "/quizzes/portal/")
    page.locator("#open-activities").get_by_text("一触答题").click()
    page.get_by_role("button", name="开始答题").click()
    expect(page.locator("#quiz-progress")).to_have_text("第 1/5 题")


def _option(page: Page, text: str) -> Locator:
    """An option of the question on screen, once the page has loaded: the one-tap script and htmx bind their
    handlers by then (a tap that beats them only ticks the radio, as it would for a member on a slow phone)."""
    page.wait_for_load_state("load")
    return page.locator("label.quiz-option", has_text=text)


@pytest.mark.django_db(transaction=True)
def test_one_tap_saves_and_advances_and_the_way_back_keeps_the_answer(live_server, page: Page):
    union = OrgFactory.create(code="QTAP", name="己县实验中学工会", unit_name="己县实验中学")
    _, member = make_member_user(PHONE, union, name="李一触")
    make_activity(union, make_bank(union), title="一触答题", time_limit_minutes=15)
    base = live_server.url
    _start(page, base)
    attempt = Attempt.objects.get(member=member)

    # a timed quiz shows no tab bar; the page fits the phone and passes axe
    expect(page.locator("nav.portal-nav")).to_have_count(0)
    assert_fits_width(page, WIDTH)
    result = page_check(page, "member", base)
    assert not result.failing(), result.summary()

    # one tap: the answer is saved and the next question opens
    first_stem = page.locator("#quiz-stem").inner_text()
    _option(page, "错误的说法一").click()
    expect(page.locator("#quiz-progress")).to_have_text("第 2/5 题")
    expect(page.locator("#quiz-answered")).to_have_text("1")
    assert Answer.objects.get(attempt=attempt).chosen == "B"

    # 上一题 comes back to it with the answer chosen
    page.get_by_role("link", name="上一题").click()
    expect(page.locator("#quiz-progress")).to_have_text("第 1/5 题")
    expect(page.locator("#quiz-stem")).to_have_text(first_stem)
    expect(_option(page, "错误的说法一").locator("input")).to_be_checked()
    # changing it is one tap as well, and so is tapping the answer already saved
    _option(page, "正确的说法").click()
    expect(page.locator("#quiz-progress")).to_have_text("第 2/5 题")
    assert Answer.objects.get(attempt=attempt).chosen == "A"
    page.get_by_role("link", name="上一题").click()
    expect(page.locator("#quiz-progress")).to_have_text("第 1/5 题")
    _option(page, "正确的说法").click()
    expect(page.locator("#quiz-progress")).to_have_text("第 2/5 题")
    assert Answer.objects.filter(attempt=attempt).count() == 1

    # the keyboard walks the options without being carried off: the choice is saved, the question stays
    radio = _option(page, "正确的说法").locator("input")
    radio.focus()
    page.keyboard.press("Space")
    expect(page.locator("#save-status")).to_have_text("已保存")
    page.keyboard.press("ArrowDown")
    expect(radio).not_to_be_checked()
    expect(page.locator("input[name=choice]:checked")).to_have_count(1)
    expect(page.locator("#save-status")).to_have_text("已保存")
    expect(page.locator("#quiz-progress")).to_have_text("第 2/5 题")
    expect(page.locator("#quiz-answered")).to_have_text("2")

    # leaving mid-attempt asks first; staying keeps the attempt open on the same question
    dialogs: list[str] = []

    def stay(dialog: Dialog) -> None:
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.get_by_role("link", name="返回").click()
    for _ in range(50):
        if dialogs:
            break
        page.wait_for_timeout(100)
    assert dialogs == ["beforeunload"]
    expect(page.locator("#quiz-progress")).to_have_text("第 2/5 题")
    assert re.search(r"/quizzes/portal/attempts/", page.url)
    page.remove_listener("dialog", stay)

    # the last question: a tap saves and stays; handing in asks to confirm and does not warn about leaving
    page.locator(".quiz-nav a", has_text="5").click()
    expect(page.locator("#quiz-progress")).to_have_text("第 5/5 题")
    _option(page, "正确的说法").click()
    expect(page.locator("#save-status")).to_have_text("已保存")
    expect(page.locator("#quiz-progress")).to_have_text("第 5/5 题")
    handed_in: list[str] = []

    def accept(dialog: Dialog) -> None:
        handed_in.append(dialog.type)
        dialog.accept()

    page.on("dialog", accept)
    page.get_by_role("button", name="交卷").click()
    expect(page.locator("#attempt-score")).to_be_visible()
    assert handed_in == ["confirm"]
    attempt.refresh_from_db()
    assert attempt.status == "submitted"


@pytest.mark.django_db(transaction=True)
def test_accepting_the_leave_warning_leaves_and_the_answers_stay(live_server, page: Page):
    union = OrgFactory.create(code="QLVE", name="庚县实验中学工会", unit_name="庚县实验中学")
    _, member = make_member_user(PHONE, union, name="赵离开")
    make_activity(union, make_bank(union), title="一触答题", time_limit_minutes=15)
    base = live_server.url
    _start(page, base)
    _option(page, "正确的说法").click()
    expect(page.locator("#quiz-progress")).to_have_text("第 2/5 题")
    # an interaction on this page (the browser asks only after the member did something here)
    page.locator("#quiz-stem").click()

    dialogs: list[str] = []

    def leave(dialog: Dialog) -> None:
        dialogs.append(dialog.type)
        dialog.accept()

    page.on("dialog", leave)
    page.evaluate("() => { window.location.href = '/portal/'; }")
    expect(page).to_have_url(base + "/portal/")
    assert dialogs == ["beforeunload"]
    expect(page.locator("nav.portal-nav")).to_have_count(1)  # the tab bar is back outside the quiz
    attempt = read_when_the_server_is_done(lambda: Attempt.objects.get(member=member))
    assert (attempt.status, Answer.objects.filter(attempt=attempt).count()) == ("open", 1)

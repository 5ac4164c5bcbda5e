"""网上答题 on a phone (375 px): a member starts a quiz, answers, reloads mid-way and resumes with the saved
answers and the server's clock, then submits and sees the score."""

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from conftest import PASSWORD, make_member_user
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.quizzes.models import Answer, Attempt
from gonghui.quizzes.tests.factories import make_activity, make_bank

pytestmark = pytest.mark.browser

PHONE = "13912340001"
WIDTH, HEIGHT = 375, 812
MOBILE: ViewportSize = {"width": WIDTH, "height": HEIGHT}


def _answer_current(page: Page) -> None:
    page.locator("label.quiz-option", has_text="正确的说法").click()
    expect(page.locator("#save-status")).to_have_text("已保存")


@pytest.mark.django_db(transaction=True)
def test_a_member_completes_a_quiz_on_a_phone_and_resumes_after_a_reload(live_server, page: Page):
    county = OrgFactory.create(
        code="QCTY", name="丙县教育工会", unit_name="丙县教育局", level=OrgLevel.COUNTY
    )
    union = OrgFactory.create(parent=county, code="QSCH", name="丙县实验中学工会", unit_name="丙县实验中学")
    _, member = make_member_user(PHONE, union, name="王答题")
    bank = make_bank(union)
    activity = make_activity(union, bank, title="工会法知识答题", time_limit_minutes=15)

    page.set_viewport_size(MOBILE)
    page.goto(live_server.url + "/portal/login/")
    page.get_by_label("用户名或手机号").fill(PHONE)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(live_server.url + "/portal/")

    page.goto(live_server.url + "/quizzes/portal/")
    page.locator("#open-activities").get_by_text("工会法知识答题").click()
    page.get_by_role("button", name="开始答题").click()
    expect(page.locator("#quiz-progress")).to_have_text("第 1/5 题")
    expect(page.locator("#quiz-timer")).to_contain_text("分")

    # big touch targets, nothing scrolls sideways
    box = page.locator("label.quiz-option").first.bounding_box()
    assert box is not None
    assert box["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH

    _answer_current(page)
    page.get_by_role("link", name="下一题").click()
    expect(page.locator("#quiz-progress")).to_have_text("第 2/5 题")
    _answer_current(page)
    expect(page.locator("#quiz-answered")).to_have_text("2")

    # a reload mid-way shows the same question with its saved answer and the server's remaining time
    attempt = Attempt.objects.get(member=member)
    page.reload()
    expect(page.locator("#quiz-progress")).to_have_text("第 2/5 题")
    expect(page.locator("label.quiz-option", has_text="正确的说法").locator("input")).to_be_checked()
    expect(page.locator("#quiz-answered")).to_have_text("2")
    remaining = int(page.locator("#quiz-timer").get_attribute("data-remaining") or 0)
    assert 0 < remaining <= 15 * 60
    assert Answer.objects.filter(attempt=attempt).count() == 2
    # coming back from the activity page resumes at the first unanswered question
    page.goto(live_server.url + f"/quizzes/portal/a/{activity.public_id}/")
    page.get_by_role("link", name="继续答题").click()
    expect(page.locator("#quiz-progress")).to_have_text("第 3/5 题")
    page.locator(".quiz-nav a", has_text="1").first.click()
    expect(page.locator("#quiz-progress")).to_have_text("第 1/5 题")
    expect(page.locator("label.quiz-option", has_text="正确的说法").locator("input")).to_be_checked()

    for number in (3, 4, 5):
        page.locator(".quiz-nav a", has_text=str(number)).first.click()
        expect(page.locator("#quiz-progress")).to_have_text(f"第 {number}/5 题")
        _answer_current(page)
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="交卷").click()
    expect(page.locator("#attempt-score")).to_have_text("50 分")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    attempt.refresh_from_db()
    assert (attempt.status, attempt.score, activity.pk) == ("submitted", 50, attempt.activity_id)

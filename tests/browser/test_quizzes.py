"""网上答题 on a phone (375 px): a member starts a quiz, answers (one tap per question), reloads mid-way and resumes
with the saved answers and the server's clock, then submits and sees the score and 及格. The organiser's activity
form: the 用工性质 and 题库 lists are check boxes that show their tick, and rules that contradict each other are
listed at the top, each linking to its field."""

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from conftest import PASSWORD, make_cadre, make_member_user
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.quizzes.models import Answer, Attempt, QuizActivity
from gonghui.quizzes.permissions import ORGANISER_ROLE
from gonghui.quizzes.tests.factories import make_activity, make_bank
from tests.browser.live_db import read_when_the_server_is_done
from tests.browser.screens import assert_fits_width

pytestmark = pytest.mark.browser

PHONE = "13912340001"
WIDTH, HEIGHT = 375, 812
MOBILE: ViewportSize = {"width": WIDTH, "height": HEIGHT}


def _answer_current(page: Page, then: str) -> None:
    """Tap the right answer: it is saved and (but on the last question) the next question opens."""
    page.locator("label.quiz-option", has_text="正确的说法").click()
    expect(page.locator("#quiz-progress")).to_have_text(then)


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
    assert_fits_width(page, WIDTH)

    _answer_current(page, then="第 2/5 题")
    _answer_current(page, then="第 3/5 题")
    expect(page.locator("#quiz-answered")).to_have_text("2")

    # a reload mid-way keeps the answers and the server's remaining time; 上一题 shows the saved answer
    attempt = read_when_the_server_is_done(lambda: Attempt.objects.get(member=member))
    page.reload()
    expect(page.locator("#quiz-progress")).to_have_text("第 3/5 题")
    expect(page.locator("#quiz-answered")).to_have_text("2")
    page.get_by_role("link", name="上一题").click()
    expect(page.locator("#quiz-progress")).to_have_text("第 2/5 题")
    expect(page.locator("label.quiz-option", has_text="正确的说法").locator("input")).to_be_checked()
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

    page.locator(".quiz-nav a", has_text="3").first.click()
    expect(page.locator("#quiz-progress")).to_have_text("第 3/5 题")
    _answer_current(page, then="第 4/5 题")
    _answer_current(page, then="第 5/5 题")
    _answer_current(page, then="第 5/5 题")  # the last question stays
    expect(page.locator("#save-status")).to_have_text("已保存")
    expect(page.locator("#quiz-answered")).to_have_text("5")
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="交卷").click()
    expect(page.locator("#attempt-score")).to_have_text("50 分")
    expect(page.locator("#attempt-verdict")).to_contain_text("及格")
    expect(page.locator("#attempt-verdict")).not_to_contain_text("不及格")
    assert_fits_width(page, WIDTH)
    attempt.refresh_from_db()
    assert (attempt.status, attempt.score, activity.pk) == ("submitted", 50, attempt.activity_id)


def _tick_shown(page: Page, selector: str) -> dict[str, object]:
    """How a check box is drawn: Tabler's form-check-input paints the tick with its ::before (a masked icon shown
    when checked); an input styled as a text box (form-control) has no ::before and stays an empty box."""
    drawn: dict[str, object] = page.locator(selector).evaluate(
        """el => { const tick = getComputedStyle(el, "::before"); const r = el.getBoundingClientRect();
                   return {checked: el.checked, content: tick.content, opacity: tick.opacity,
                           mask: tick.maskImage || tick.webkitMaskImage, width: Math.round(r.width)}; }"""
    )
    return drawn


@pytest.mark.django_db(transaction=True)
def test_the_activity_form_ticks_its_check_boxes_and_sums_up_its_errors(live_server, page: Page):
    union = OrgFactory.create(code="QFRM", name="丁县实验中学工会", unit_name="丁县实验中学")
    make_cadre("q_organiser", union, role=ORGANISER_ROLE)
    make_bank(union, name="工会法题库")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill("q_organiser")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(live_server.url + "/")
    page.goto(live_server.url + "/quizzes/new/")

    # the check boxes are small boxes that show a tick once clicked
    employment = page.get_by_role("group", name="用工性质")
    employment.get_by_label("非在编").check()
    page.get_by_role("group", name="题库").get_by_label("工会法题库").check()
    for selector in ("#id_employment_1", "#id_banks_0"):
        drawn = _tick_shown(page, selector)
        assert (drawn["checked"], drawn["content"], drawn["opacity"]) == (True, '""', "1"), drawn
        assert str(drawn["mask"]).startswith('url("data:image/svg+xml'), drawn
        assert int(str(drawn["width"])) <= 24
    assert _tick_shown(page, "#id_employment_0")["opacity"] == "0"

    # 10 questions × 5 points = 50: a pass mark of 60 and a high-score line of 90 cannot be reached
    page.get_by_label("活动名称").fill("工会法知识答题")
    page.get_by_label("抽题规则").fill("不限 9")
    page.get_by_label("每题分值").fill("5")
    page.get_by_label("每天可答次数（0 为不限）").fill("3")
    page.get_by_label("总共可答次数（0 为不限）").fill("2")
    page.get_by_role("button", name="保存").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_have_count(3)
    first_field = page.get_by_label("所属组织").bounding_box()
    summary_box = summary.bounding_box()
    assert first_field is not None
    assert summary_box is not None
    assert summary_box["y"] < first_field["y"]
    # the boxes ticked before the error are still ticked
    expect(page.locator("#id_employment_1")).to_be_checked()
    expect(page.locator("#id_banks_0")).to_be_checked()

    summary.get_by_role("link", name="每天可答次数（0 为不限）：每天可答 3 次多于总共可答 2 次").click()
    expect(page).to_have_url(live_server.url + "/quizzes/new/#id_attempts_per_day")
    expect(page.locator("#id_attempts_per_day")).to_be_in_viewport()
    summary.get_by_role(
        "link", name="及格分：及格分 60 高于满分 45（9 题 × 每题 5 分），没有人能及格"
    ).click()
    expect(page.locator("#id_pass_mark")).to_be_in_viewport()
    assert not QuizActivity.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_organiser_pastes_an_example_layout_into_a_new_bank(live_server, page: Page):
    union = OrgFactory.create(code="QPST", name="戊县实验中学工会", unit_name="戊县实验中学")
    make_cadre("q_paster", union, role=ORGANISER_ROLE)
    older = make_bank(union, name="旧题库")
    bank = make_bank(union, name="新题库", per_category={})
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill("q_paster")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(live_server.url + "/")
    page.goto(live_server.url + bank.get_absolute_url())
    page.get_by_role("link", name="导入试题").click()

    # the accepted layouts are shown whole (nothing to scroll sideways), and the first one pasted as copied
    examples = page.locator("#import-layouts pre")
    expect(examples).to_have_count(4)
    for index in range(4):
        assert examples.nth(index).evaluate("el => el.scrollWidth <= el.clientWidth")
    page.get_by_label("或粘贴试题文本").fill(examples.first.inner_text())
    page.get_by_role("button", name="预览").click()
    expect(page.get_by_text("粘贴的文本：识别出可导入的题目 1 道")).to_be_visible()
    page.get_by_role("button", name="确认导入 1 道题").click()

    # the new bank's first question is number 1, whatever the older bank holds
    first_row = page.locator("table tbody tr").first
    expect(first_row.locator("td").first).to_have_text("1")
    expect(first_row).to_contain_text("工会会员大会或者会员代表大会每届任期为几年？")
    assert older.questions.count() == 9

"""学习 on a phone (issue 23, "browser test on a phone: finish a lesson and its quiz"), in Debian's Chromium at
375 px. A member logs in on the portal, taps the tile 学习, the course 学习新修订的《工会法》 and its one 图文 lesson
(20 s long, so the test stays short). A beat that jumps to the lesson's end (what a player seeking forward sends)
credits nothing. Back on the course and into the lesson again, the page's own heartbeat script (static
learning/player.js, every 10 s of visible page) runs for real seconds and the server's rule credits the lesson at
90 %: no test writes watched seconds. Then the course's quiz through the quiz engine's pages (开始答题, one tap per
question, 交卷 — passed), back to the course by the tile (测验已通过，请确认结课), 确认结课: the course reads 已结课 with
the certificate link, 我的 shows the 学习学时 (the lesson's 0.5 and the course's 1.0) and 我的证书 the 课程结业证书.
Everything after the login is reached by tapping; no page scrolls sideways and axe finds nothing serious on the 学习,
course, lesson, 我的 and 我的证书 pages. Screenshots go to $LEARNING_SHOTS when set."""

import os
import re
from decimal import Decimal

import pytest
from playwright.sync_api import Browser, Dialog, Page, ViewportSize, expect

from conftest import PASSWORD, make_cadre, make_member_user
from gonghui.learning.choices import LessonKind
from gonghui.learning.models import CourseCompletion, StudyRecord
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.quizzes.tests.factories import make_activity, make_bank
from tests.browser.axe import page_check
from tests.browser.conftest import (  # noqa: F401 (fixtures)
    CHROMIUM_PATH,
    browser_context_args,
    browser_type_launch_args,
    csp_violations,
)
from tests.browser.live_db import read_when_the_server_is_done
from tests.browser.screens import assert_fits_width

from .factories import make_course, make_lesson

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM_PATH), reason=f"Chromium not found at {CHROMIUM_PATH}"),
]
WIDTH = 375
MOBILE: ViewportSize = {"width": WIDTH, "height": 812}
SHOTS = os.environ.get("LEARNING_SHOTS", "")
PHONE = "13912342302"
COURSE = "学习新修订的《工会法》"
LESSON = "工会法修改的主要内容"
DURATION = 20  # seconds: credited at 18 (90 %), i.e. by the page's third beat
# a beat sent by hand, as the page's script sends it (the CSRF token is the page's own)
SEND_BEAT = """
async (position) => {
  const root = document.querySelector("[data-lesson-study]");
  const data = new FormData();
  data.append("csrfmiddlewaretoken", root.querySelector("input[name=csrfmiddlewaretoken]").value);
  data.append("position", String(position));
  data.append("playing", "on");
  const response = await fetch(root.getAttribute("data-beat-url"), {method: "POST", body: data});
  return await response.json();
}
"""


def _fits(page: Page, name: str, base: str) -> None:
    """The page fits the phone and axe finds nothing serious on it."""
    assert_fits_width(page, WIDTH)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= WIDTH
    result = page_check(page, name, base)
    assert result.failing() == [], f"{result.path}: {result.summary()}"
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/learning_{name}.png", full_page=True)


@pytest.mark.django_db(transaction=True)
def test_a_member_finishes_a_lesson_by_heartbeats_and_the_quiz_and_gets_the_hours(
    live_server, browser: Browser
):
    union = OrgFactory.create(code="LNBR", name="测试市第二中学工会", unit_name="测试市第二中学")
    admin = make_cadre("lnb_admin", union)
    _, member = make_member_user(PHONE, union, name="孙学员")
    quiz = make_activity(
        union,
        make_bank(union, per_category={"工会法": 3}),
        title="《工会法》结课测验",
        rules=[{"category": "工会法", "count": 2}],
        pass_mark=20,
        excellent_mark=20,
    )
    course = make_course(
        org=union,
        actor=admin,
        title=COURSE,
        summary="2021年修订的《工会法》要点解读。",
        hours=Decimal("1.0"),
        quiz=quiz,
        certificate=True,
    )
    lesson = make_lesson(
        course=course,
        title=LESSON,
        kind=LessonKind.ARTICLE,
        duration_seconds=DURATION,
        hours=Decimal("0.5"),
        body="第一，明确工会工作坚持中国共产党的领导。\n\n第二，扩大了职工入会的范围。",
    )
    base = live_server.url

    page = browser.new_context(viewport=MOBILE).new_page()
    page.goto(base + "/portal/login/")
    page.get_by_label("用户名或手机号").fill(PHONE)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/portal/")

    # 学习 → the course → the lesson
    page.locator("a.portal-tile", has_text="学习").click()
    expect(page.locator("#learning-courses")).to_contain_text("未开始")
    _fits(page, "1_home", base)
    page.locator("#learning-courses a", has_text=COURSE).click()
    expect(page.locator("#course-lessons")).to_contain_text("已学 0%")
    _fits(page, "2_course", base)
    with page.expect_response(re.compile(r"/beat/$")):  # the script's first beat, at 0 s
        page.locator("#course-lessons a", has_text=LESSON).click()
    expect(page.locator("#lesson-body p")).to_have_count(2)

    # skipping to the end credits nothing
    skipped = page.evaluate(SEND_BEAT, DURATION)
    assert (skipped["watched_seconds"], skipped["credited"]) == (0, False)
    page.locator("[data-portal-back]").click()
    expect(page.locator("#course-lessons")).to_contain_text("已学 0%")
    expect(page.locator("#course-lessons")).not_to_contain_text("✓")

    # into the lesson again: the page is read for real seconds and the server credits it at 90 %
    page.locator("#course-lessons a", has_text=LESSON).click()
    expect(page.locator("[data-lesson-status]")).to_contain_text("满 90% 计入 0.5 学时")
    _fits(page, "3_lesson", base)
    expect(page.locator("[data-lesson-status]")).to_contain_text("✓ 已计入 0.5 学时", timeout=35_000)
    record = read_when_the_server_is_done(lambda: StudyRecord.objects.get(member=member, lesson=lesson))
    assert record.credited_at is not None
    assert record.hours == Decimal("0.5")
    assert record.watched_seconds >= 18
    _fits(page, "4_lesson_credited", base)
    page.get_by_role("link", name="返回课程").click()
    expect(page.locator("#course-lessons [aria-label=已计入学时]")).to_have_count(1)

    # the quiz, through the quiz engine's pages
    quiz_card = page.locator("#course-quiz")
    expect(quiz_card).to_contain_text("课时已全部学完，请参加结课测验")
    quiz_card.get_by_role("link", name="参加测验").click()
    page.get_by_role("button", name=re.compile("开始答题")).click()
    expect(page.locator("#quiz-progress")).to_have_text("第 1/2 题")
    page.wait_for_load_state("load")
    page.locator("label.quiz-option", has_text="正确的说法").click()
    expect(page.locator("#quiz-progress")).to_have_text("第 2/2 题")
    page.wait_for_load_state("load")
    page.locator("label.quiz-option", has_text="正确的说法").click()
    expect(page.locator("#save-status")).to_have_text("已保存")

    def accept(dialog: Dialog) -> None:
        dialog.accept()

    page.on("dialog", accept)
    page.get_by_role("button", name="交卷").click()
    expect(page.locator("#attempt-verdict")).to_contain_text("及格")
    page.remove_listener("dialog", accept)

    # back to the course by the tile, and 结课
    page.locator(".portal-nav a[data-tab=home]").click()
    page.locator("a.portal-tile", has_text="学习").click()
    page.locator("#learning-courses a", has_text=COURSE).click()
    expect(page.locator("#course-quiz")).to_contain_text("✓ 已通过")
    expect(page.locator("#course-quiz")).to_contain_text("测验已通过，请确认结课")
    page.get_by_role("button", name="确认结课", exact=True).click()
    completion = page.locator("#course-completion")
    expect(completion).to_contain_text("结课")
    expect(completion.get_by_role("link", name="查看结业证书")).to_be_visible()
    assert (
        read_when_the_server_is_done(
            lambda: CourseCompletion.objects.filter(
                member=member, course=course, certificate__isnull=False
            ).count()
        )
        == 1
    )
    _fits(page, "5_course_done", base)
    page.locator("[data-portal-back]").click()
    expect(page.locator("#learning-courses")).to_contain_text("✓ 已结课")
    expect(page.locator("#learning-hours")).to_contain_text("1.5")
    _fits(page, "6_home_done", base)

    # 我的: 学习学时
    page.locator(".portal-nav a[data-tab=me]").click()
    figure = page.locator("a.portal-row", has_text="学习学时")
    expect(figure).to_contain_text("本年已计入 1.5 学时")
    _fits(page, "7_me", base)
    page.locator("a.portal-row", has_text="我的证书").click()
    certificate = page.locator("#my-certificates [data-certificate]", has_text=COURSE)
    expect(certificate).to_contain_text("课程结业证书")
    expect(certificate.locator(".badge")).to_have_text("有效")
    _fits(page, "8_certificates", base)

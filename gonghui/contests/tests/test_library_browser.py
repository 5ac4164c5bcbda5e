"""竞赛成果 on a 375 px phone (Debian's Chromium through Playwright): a member finds an item of the city union by a
tag, opens it, sees the summary, the video player and the download link; the read is counted (in the cache, shown
on the page after the job); nothing scrolls sideways and no Content-Security-Policy violation is reported."""

import os

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Page, ViewportSize, expect

from conftest import PASSWORD, make_cadre, make_member_user
from gonghui.attachments.tests.media_files import mp4
from gonghui.contests.choices import LibraryKind
from gonghui.contests.selectors.library import library_reads_key
from gonghui.contests.services.library import (
    library_file_add,
    library_item_create,
    library_item_publish,
    library_reads_flush,
)
from gonghui.orgs.tests.factories import OrgFactory

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
PHONE = "13912340377"
MOBILE: ViewportSize = {"width": 375, "height": 812}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.django_db(transaction=True)
def test_a_member_finds_and_opens_a_result_on_a_phone(live_server, page: Page):
    # given a city union's published item with a video and a teaching plan, and a member of a school below it
    city = OrgFactory.create(code="LIBC", name="丁市教科文卫体工会", unit_name="丁市教科文卫体工会")
    school = OrgFactory.create(parent=city, code="LIBS", name="丁市实验小学工会", unit_name="丁市实验小学")
    cadre = make_cadre("lib_city_admin", city)
    item = library_item_create(
        actor=cadre,
        org=city,
        title="2020年全市教学技能竞赛小学语文一等奖课例《四季之美》课堂实录",
        kind=LibraryKind.LESSON,
        authors="丁老师、戊老师",
        summary="课堂实录与教学设计，供各校语文教研组观摩。",
        tags="小学语文、课堂实录、一等奖",
    )
    cache.delete(library_reads_key(item.pk))  # a pk reused after a flushed test starts from nothing
    library_file_add(item=item, actor=cadre, upload=SimpleUploadedFile("课堂实录.mp4", mp4(), "video/mp4"))
    library_file_add(
        item=item, actor=cadre, upload=SimpleUploadedFile("教学设计.pdf", PDF, "application/pdf")
    )
    library_item_publish(item=item, actor=cadre)
    make_member_user(PHONE, school, name="己会员")
    base = live_server.url
    page.set_viewport_size(MOBILE)
    page.goto(base + "/portal/login/")
    page.get_by_label("用户名或手机号").fill(PHONE)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/portal/")
    # when the member searches the library by a tag
    page.goto(base + "/portal/contests/library/")
    page.get_by_label("关键词").fill("课堂实录")
    page.get_by_role("button", name="搜索").click()
    found = page.locator("#library-items a")
    expect(found).to_have_count(1)
    assert_fits_width(page, 375)
    found.first.click()
    # then the item's page shows the summary, a player and the download link, within the phone's width
    expect(page.get_by_text("课堂实录与教学设计，供各校语文教研组观摩。")).to_be_visible()
    expect(page.locator("#library-files video")).to_have_count(1)
    expect(page.get_by_role("link", name="下载 教学设计.pdf")).to_be_visible()
    assert_fits_width(page, 375)
    # and each open counts a read, waiting in the cache until the job adds it; the page shows it either way
    expect(page.locator("#library-reads")).to_have_text("阅读 1")
    page.reload()
    expect(page.locator("#library-reads")).to_have_text("阅读 2")
    library_reads_flush()
    item.refresh_from_db()
    assert item.read_count == 2
    page.reload()
    expect(page.locator("#library-reads")).to_have_text("阅读 3")

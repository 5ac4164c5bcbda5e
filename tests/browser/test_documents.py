"""公文 in the console: the city union's leader sets its 发文机关代字, a drafter, a reviewer and the leader (three
people, as the city's 发文设置 requires) issue a notice to three orgs, one recipient signs for it, the sender's board
changes, and the PDF downloads with its Chinese text. The breadcrumb follows the notice's state."""

import io

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from conftest import PASSWORD, make_cadre
from gonghui.accounts.roles import REVIEWER, UNION_STAFF
from gonghui.documents.models import Document
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _patient_expect():
    """Signing off and rendering the PDF run on the shared two-core machine: allow 15 s per expectation."""
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


def _login(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base_url + "/")


def _person(browser: Browser, base_url: str, username: str) -> Page:
    """A browser of its own for one more person of the flow, logged in."""
    page = browser.new_context(locale="zh-CN").new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    _login(page, base_url, username)
    return page


@pytest.mark.django_db(transaction=True)
def test_issue_sign_board_and_pdf(live_server, page: Page, browser: Browser):
    # given a city union over two county unions and a school; at the city three people share the work —
    # 拟稿 (干事), 核稿 (审核人), 签发 (工会管理员), as a city union's 发文设置 requires — and a cadre at the school
    city = OrgFactory.create(code="BC", name="测试市教科文卫体工会", short_name="测教工", level=OrgLevel.CITY)
    county_x = OrgFactory.create(parent=city, code="BX", name="甲县教育工会", level=OrgLevel.COUNTY)
    OrgFactory.create(parent=city, code="BY", name="乙县教育工会", level=OrgLevel.COUNTY)
    school = OrgFactory.create(parent=county_x, code="BS", name="甲县实验小学工会")
    make_cadre("city_drafter", city, role=UNION_STAFF)
    make_cadre("city_reviewer", city, role=REVIEWER)
    make_cadre("city_signer", city)
    make_cadre("school_officer", school)
    page.on("dialog", lambda dialog: dialog.accept())

    # 0. the city's leader sets the union's 发文机关代字 from 发文管理 → 发文设置 (the separation is on already)
    _login(page, live_server.url, "city_signer")
    page.locator("aside").get_by_role("link", name="发文管理").click()
    page.get_by_role("link", name="发文设置").click()
    expect(page.get_by_label("拟稿、核稿、签发须由不同人员")).to_be_checked()
    page.get_by_label("发文机关代字").fill("测教工（）")
    page.get_by_role("button", name="保存设置").click()
    expect(page.get_by_text("发文机关代字只能由汉字组成")).to_be_visible()
    page.get_by_label("发文机关代字").fill("测教工")
    page.get_by_role("button", name="保存设置").click()
    expect(page.get_by_text("已保存发文设置")).to_be_visible()

    # 1. the drafter finds the 代字 filled in and drafts the notice to three orgs, then sends it to 核稿
    drafter = _person(browser, live_server.url, "city_drafter")
    drafter.locator("aside").get_by_role("link", name="发文管理").click()
    drafter.get_by_role("link", name="起草公文").click()
    expect(drafter.get_by_label("发文字号（机关代字）")).to_have_value("测教工")
    drafter.get_by_label("标题").fill("关于开展读书月活动的通知")
    drafter.get_by_label("主送", exact=True).fill("甲县教育工会、乙县教育工会、甲县实验小学工会")
    drafter.get_by_label("正文").fill("请各单位结合实际组织开展读书月活动。\n活动情况于月底前报市工会。")
    drafter.get_by_label("附件说明").fill("读书月活动方案")
    drafter.get_by_role("button", name="保存草稿").click()
    expect(drafter.locator("#document-status")).to_have_text("草稿")
    expect(drafter.locator("#document-crumb")).to_have_text("草稿")
    drafter.get_by_role("button", name="送核稿").click()
    expect(drafter.locator("#document-status")).to_have_text("待核稿")
    expect(drafter.locator("#document-crumb")).to_have_text("待核稿")
    expect(drafter.get_by_role("button", name="核稿通过")).to_have_count(0)
    drafter.context.close()

    # 2. the reviewer passes it from the list; the signer signs it off: the 文号 is taken, the three orgs receive it
    reviewer = _person(browser, live_server.url, "city_reviewer")
    reviewer.locator("aside").get_by_role("link", name="发文管理").click()
    reviewer.get_by_role("link", name="关于开展读书月活动的通知").click()
    reviewer.get_by_role("button", name="核稿通过").click()
    expect(reviewer.locator("#document-status")).to_have_text("待签发")
    expect(reviewer.locator("#document-crumb")).to_have_text("待签发")
    expect(reviewer.get_by_role("button", name="签发")).to_have_count(0)
    reviewer.context.close()
    page.locator("aside").get_by_role("link", name="发文管理").click()
    page.get_by_role("link", name="关于开展读书月活动的通知").click()
    page.get_by_role("button", name="签发").click()
    expect(page.locator("#document-status")).to_have_text("已签发")
    document = Document.objects.get()
    assert document.document_number.startswith("测教工〔")
    people = (document.drafted_by, document.reviewed_by, document.signed_by)
    assert [u.username if u else "" for u in people] == ["city_drafter", "city_reviewer", "city_signer"]
    expect(page.locator("#document-number")).to_have_text(document.document_number)
    expect(page.locator("#document-crumb")).to_have_text(document.document_number)
    page.get_by_role("link", name="查看签收情况").click()
    expect(page.locator("#board-signed")).to_have_text("0")
    expect(page.locator("#board tbody tr")).to_have_count(3)

    # 3. the school's officer finds it unread in the inbox and signs for it
    recipient = browser.new_context(locale="zh-CN").new_page()
    recipient.on("dialog", lambda dialog: dialog.accept())
    _login(recipient, live_server.url, "school_officer")
    recipient.locator("aside").get_by_role("link", name="收件箱").click()
    expect(recipient.locator("#inbox-unread")).to_have_text("未读 1")
    recipient.get_by_role("link", name="关于开展读书月活动的通知").click()
    expect(recipient.locator("#own-receipt")).to_contain_text("待签收")
    recipient.get_by_role("button", name="签收").click()
    expect(recipient.locator("#own-receipt")).to_contain_text("已签收")

    # 4. the sender's board shows the school read and signed
    page.reload()
    expect(page.locator("#board-signed")).to_have_text("1")
    row = page.locator('#board tr[data-org="甲县实验小学工会"]')
    expect(row).to_contain_text("已签收")
    expect(row).to_contain_text("school_officer")

    # 5. the PDF downloads (through the recipient's session) with the Chinese text in it
    recipient.get_by_role("link", name="PDF").wait_for()
    href = recipient.locator("#document-pdf").get_attribute("href")
    response = recipient.request.get(live_server.url + str(href))
    assert response.headers["content-type"] == "application/pdf"
    content = response.body()
    assert len(content) > 1000
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages)
    assert "测试市教科文卫体工会文件" in text
    assert document.document_number in text
    assert "关于开展读书月活动的通知" in text
    assert "请各单位结合实际组织开展读书月活动。" in text
    recipient.context.close()

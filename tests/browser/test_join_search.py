"""网上入会 by the names people use, on a 375 px phone: a visitor types the initials "jzyz", finds 焦作市第一中学工会 by its
alias 焦作一中, confirms the union ("您申请加入：…，是否确认？"), fills the form with an SMS code and submits. Every page
fits the width and axe reports no serious or critical finding."""

import re

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from gonghui.accounts.identity import resident_id_check_char
from gonghui.core.channels import ConsoleSmsBackend
from gonghui.members.choices import JoinStatus
from gonghui.members.models import JoinApplication
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory
from tests.browser.axe import page_check
from tests.browser.screens import assert_fits_width

pytestmark = pytest.mark.browser

WIDTH = 375
MOBILE: ViewportSize = {"width": WIDTH, "height": 812}
PHONE = "13566668888"
FIRST17 = "41080219930612005"  # born 1993-06-12, 17th digit odd: male
ID_NUMBER = FIRST17 + resident_id_check_char(FIRST17)


def _last_code(phone: str) -> str:
    texts = [m.text for m in ConsoleSmsBackend.outbox if m.phone == phone]
    assert texts, f"no SMS to {phone}"
    found = re.search(r"验证码为 (\d{6})", texts[-1])
    assert found is not None
    return found.group(1)


def _check(page: Page, base: str) -> None:
    assert_fits_width(page, WIDTH)
    result = page_check(page, "visitor", base)
    assert result.failing() == [], f"{result.path}: {result.summary()}"


@pytest.mark.django_db(transaction=True)
def test_a_visitor_finds_the_union_by_initials_confirms_and_applies(live_server, page: Page):
    # given a county union with the school union people call 焦作一中 / 解放一中, and a 分工会 that also matches
    ConsoleSmsBackend.outbox.clear()
    county = OrgFactory.create(
        code="JZJY", name="焦作市解放区教育工会", unit_name="解放区教育局", level=OrgLevel.COUNTY
    )
    school = OrgFactory.create(
        parent=county,
        code="JZYZ",
        name="焦作市第一中学工会",
        unit_name="焦作市第一中学",
        aliases=["焦作一中", "解放一中"],
    )
    OrgFactory.create(
        parent=school,
        code="JZYZ-G",
        name="焦作一中高中部分工会",
        unit_name="焦作市第一中学",
        level=OrgLevel.BRANCH,
    )
    base = live_server.url
    page.set_viewport_size(MOBILE)

    # 1. the notice
    page.goto(base + "/members/join/")
    page.get_by_label("我已阅读并同意上述个人信息保护说明").check()
    page.get_by_role("button", name="同意并继续").click()

    # 2. the search by initials: the grassroots union first, then the branch
    page.get_by_label("请输入您所在单位的名称").fill("jzyz")
    page.get_by_role("button", name="查找").click()
    results = page.locator("#unit-results a")
    expect(results.first).to_contain_text("焦作市第一中学工会")
    expect(results.first).to_contain_text("又称 焦作一中、解放一中")
    expect(results.nth(1)).to_contain_text("焦作一中高中部分工会")
    _check(page, base)
    results.first.click()

    # 3. the confirmation of the union, before any form
    expect(page.locator("#join-confirm-question")).to_have_text(
        "您申请加入：焦作市第一中学工会（焦作市第一中学），是否确认？"
    )
    expect(page.get_by_label("姓名")).to_have_count(0)
    _check(page, base)
    page.get_by_role("button", name="确认，填写申请").click()

    # 4. the form for that union, with the phone proven by an SMS code
    expect(page.locator("#join-org")).to_have_text("焦作市第一中学工会")
    page.get_by_label("姓名").fill("李老师")
    page.get_by_label("性别").select_option("M")
    page.get_by_label("出生日期").fill("1993-06-12")
    page.get_by_label("证件号码").fill(ID_NUMBER)
    page.get_by_label("手机号").fill(PHONE)
    page.get_by_label("用工性质").select_option("contract")
    page.get_by_role("button", name="获取验证码").click()
    expect(page.locator("#sms-code-status")).to_contain_text("验证码已发送")
    _check(page, base)
    page.get_by_label("短信验证码").fill(_last_code(PHONE))
    page.get_by_role("button", name="提交申请").click()

    # 5. the receipt: the application went to the confirmed union
    expect(page.get_by_role("heading", name="入会申请已提交")).to_be_visible()
    application = JoinApplication.objects.get()
    assert (application.org_id, application.status) == (school.pk, JoinStatus.SUBMITTED)
    _check(page, base)

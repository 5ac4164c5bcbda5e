"""网上入会 on a phone-sized screen: privacy notice, union search, form with SMS code, receipt; the union admin
approves in the console; the new member activates the account by SMS code and reaches the portal home."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from conftest import PASSWORD, make_cadre
from gonghui.accounts.identity import resident_id_check_char
from gonghui.core.channels import ConsoleSmsBackend
from gonghui.members.choices import JoinStatus, MemberStatus
from gonghui.members.models import JoinApplication, Member
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory
from tests.browser.screens import assert_fits_width

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 375, 812
MOBILE: ViewportSize = {"width": WIDTH, "height": HEIGHT}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE = "13566667777"
FIRST17 = "41080219930612005"  # born 1993-06-12, 17th digit odd: male
ID_NUMBER = FIRST17 + resident_id_check_char(FIRST17)
NEW_PASSWORD = "Xinmima2026"


def _last_code(phone: str) -> str:
    texts = [m.text for m in ConsoleSmsBackend.outbox if m.phone == phone]
    assert texts, f"no SMS to {phone}"
    found = re.search(r"验证码为 (\d{6})", texts[-1])
    assert found is not None
    return found.group(1)


@pytest.mark.django_db(transaction=True)
def test_a_worker_joins_online_and_activates_the_account(live_server, page: Page, tmp_path: Path):
    # given a county union with a school union, and the school union's admin
    ConsoleSmsBackend.outbox.clear()
    county = OrgFactory.create(
        code="JCTY", name="甲县教育工会", unit_name="甲县教育局", level=OrgLevel.COUNTY
    )
    school = OrgFactory.create(parent=county, code="JSCH", name="甲县第二中学工会", unit_name="甲县第二中学")
    make_cadre("school_admin", school)
    page.set_viewport_size(MOBILE)

    # 1. the privacy notice comes first
    page.goto(live_server.url + "/members/join/")
    expect(page.get_by_role("heading", name="个人信息保护说明")).to_be_visible()
    assert_fits_width(page, WIDTH)
    page.get_by_role("button", name="同意并继续").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("请先阅读并同意个人信息保护说明")
    page.get_by_label("我已阅读并同意上述个人信息保护说明").check()
    page.get_by_role("button", name="同意并继续").click()

    # 2. find the union of the unit
    expect(page).to_have_url(live_server.url + "/members/join/unit/")
    page.get_by_label("请输入您所在单位的名称").fill("第二中学")
    page.get_by_role("button", name="查找").click()
    results = page.locator("#unit-results")
    expect(results).to_contain_text("甲县第二中学工会")
    assert_fits_width(page, WIDTH)
    results.get_by_role("link", name=re.compile("甲县第二中学工会")).click()
    expect(page.get_by_text("您申请加入")).to_contain_text("甲县第二中学工会")
    page.get_by_role("button", name="确认，填写申请").click()

    # 3. the form, with the phone proven by an SMS code
    expect(page.locator("#join-org")).to_have_text("甲县第二中学工会")
    page.get_by_label("姓名").fill("王小明")
    page.get_by_label("性别").select_option("M")
    page.get_by_label("出生日期").fill("1993-06-12")
    page.get_by_label("证件号码").fill(ID_NUMBER)
    page.get_by_label("手机号").fill(PHONE)
    page.get_by_label("用工性质").select_option("contract")
    page.get_by_label("岗位/职称").fill("语文教师")
    page.get_by_role("button", name="获取验证码").click()
    expect(page.locator("#sms-code-status")).to_contain_text("验证码已发送")
    expect(page.get_by_label("姓名")).to_have_value("王小明")  # the form keeps what was typed
    assert_fits_width(page, WIDTH)
    page.get_by_label("短信验证码").fill(_last_code(PHONE))
    page.get_by_role("button", name="提交申请").click()

    # 4. the receipt
    expect(page.get_by_role("heading", name="入会申请已提交")).to_be_visible()
    application = JoinApplication.objects.get()
    expect(page.locator("#join-reference")).to_have_text(application.public_id.hex[:8].upper())
    assert application.status == JoinStatus.SUBMITTED
    assert_fits_width(page, WIDTH)
    shot = tmp_path / "portal-join-375.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    # the union admin approves in the console
    page.context.clear_cookies()
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill("school_admin")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(live_server.url + "/members/join-applications/")
    page.get_by_role("link", name="王小明").click()
    expect(page.locator("#application-status")).to_have_text("待审批")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="批准入会").click()
    expect(page.locator("#application-status")).to_have_text("已批准")
    member = Member.objects.get(name="王小明")
    expect(page.locator("#member-number")).to_have_text(member.member_number or "")
    assert (member.org_id, member.status) == (school.pk, MemberStatus.ACTIVE)
    assert member.user is not None
    assert member.user.has_usable_password() is False
    assert any("入会申请已通过" in m.text for m in ConsoleSmsBackend.outbox if m.phone == PHONE)

    # the member activates the account with an SMS code and sees the portal home
    page.context.clear_cookies()
    page.set_viewport_size(MOBILE)
    page.goto(live_server.url + "/portal/login/")
    page.get_by_role("link", name="首次使用？激活账号").click()
    expect(page.get_by_role("heading", name="激活账号")).to_be_visible()
    page.get_by_label("手机号").fill(PHONE)
    page.get_by_role("button", name="获取验证码").click()
    expect(page.locator("#sms-code-status")).to_contain_text("如该手机号已登记，验证码已发送")
    page.get_by_label("短信验证码").fill(_last_code(PHONE))
    page.get_by_label("新密码", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("再次输入新密码").fill(NEW_PASSWORD)
    page.get_by_role("button", name="确认").click()
    expect(page).to_have_url(live_server.url + "/portal/")
    expect(page.get_by_text("王小明，您好")).to_be_visible()
    expect(page.locator(".portal-header h1")).to_have_text("甲县第二中学工会")
    expect(page.locator(".portal-tiles")).to_contain_text("转会申请")
    assert_fits_width(page, WIDTH)

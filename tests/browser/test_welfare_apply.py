"""A member applies for 困难职工帮扶 on a phone (375 px) and follows it in 我的办理: from the portal home (links only)
the 困难帮扶 tile explains the help; 申请 takes the facts, 本人情况, one family member (a child, consent by the
guardian) and a photo of the signed 授权委托书; the receipt names the file's number and the people but no income or
health; 我的办理 lists the application with its state, and its link shows the steps with 初审 next. Every page fits the
width; axe finds nothing serious on the application form."""

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_member_user
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.welfare.models import HardshipFile
from tests.browser.axe import page_check
from tests.browser.live_db import read_when_the_server_is_done
from tests.browser.screens import assert_fits_width

pytestmark = pytest.mark.browser

WIDTH = 375
PHONE = "13912340191"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.mark.django_db(transaction=True)
def test_a_member_applies_on_a_phone_and_sees_the_state_in_my_requests(live_server, page: Page):
    # given a member of a school union
    union = OrgFactory.create(code="WAPP", name="壬县实验小学工会", unit_name="壬县实验小学")
    make_member_user(PHONE, union, name="郑会员")
    base = live_server.url

    # when she logs in on a phone and opens 困难帮扶 from the portal home
    page.set_viewport_size({"width": WIDTH, "height": 812})
    page.goto(base + "/portal/login/")
    page.get_by_label("用户名或手机号").fill(PHONE)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/portal/")
    page.locator('a[data-tile="welfare.intake"]').click()
    expect(page.locator("#welfare-intro")).to_contain_text("什么是困难职工帮扶")
    page.locator("#welfare-apply-start").click()
    assert_fits_width(page, WIDTH)
    result = page_check(page, "member", base)
    assert not result.failing(), result.summary()

    # and applies with one family member and the consent photo
    page.get_by_label("主要致困原因").select_option(label="本人或家人患大病")
    page.get_by_label("住房情况").select_option(label="租房")
    page.get_by_label("医疗保险").select_option(label="职工基本医疗保险")
    page.get_by_label("家庭住址").fill("壬县新华路12号3单元201")
    page.get_by_label("本人就业情况").select_option(label="在职")
    page.get_by_label("本人健康状况").select_option(label="慢性病")
    page.get_by_label("本人年收入").fill("36000")
    row = page.locator("#family-row-1")
    row.locator("#id_people-0-relation").select_option(label="子女")
    row.locator("#id_people-0-name").fill("郑小宝")
    row.locator("#id_people-0-birth_date").fill("2017-09-01")
    row.locator("#id_people-0-annual_income").fill("0")
    row.locator("#id_people-0-health").select_option(label="重大疾病")
    row.locator("#id_people-0-employment").select_option(label="在校学生")
    row.locator("#id_people-0-schooling").select_option(label="义务教育")
    row.locator("#id_people-0-consent_signer").fill("郑会员")
    row.get_by_label("由监护人授权").check()
    page.locator("#id_consent_upload").set_input_files(
        {"name": "授权委托书.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_role("button", name="提交申请").click()

    # then the receipt names the file and the people, never the income or health
    number = read_when_the_server_is_done(lambda: HardshipFile.objects.get().number)
    expect(page.locator("#receipt-number")).to_have_text(number)
    expect(page.locator("#receipt-people")).to_contain_text("郑小宝（子女）")
    receipt = page.locator("main").inner_text()
    assert "36000" not in receipt
    assert "重大疾病" not in receipt
    assert_fits_width(page, WIDTH)

    # and 我的办理 lists the application with its state; its link shows the steps, 初审 next
    page.get_by_role("link", name="我的办理").click()
    item = page.locator("#member-requests > a").filter(has_text="困难职工帮扶")
    expect(item).to_contain_text("已申请")
    assert_fits_width(page, WIDTH)
    item.click()
    expect(page.locator("#my-file-status")).to_have_text("已申请")
    expect(page.locator('#my-file-steps [aria-current="step"]')).to_contain_text("初审")
    assert_fits_width(page, WIDTH)

"""我的会员卡 on a phone (320, 375 and 414 px): the member sees a card (union, name, member number, card status) with
the way to the rotating 会员码 (出示会员码, checkins' page), nothing scrolls sideways and axe finds nothing serious. The same
at each width for 信息更正: the value on record shows beside each field."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_member_user
from gonghui.orgs.tests.factories import OrgFactory
from tests.browser.axe import page_check
from tests.browser.screens import assert_fits_width

pytestmark = pytest.mark.browser

PHONE = "13912340031"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [320, 375, 414])
def test_the_member_card_looks_like_a_card_and_leads_to_the_member_code(live_server, page: Page, width):
    union = OrgFactory.create(code="MCRD", name="辛县人民医院工会", unit_name="辛县人民医院")
    _, member = make_member_user(PHONE, union, name="周会员")
    member.member_number = "4108000000777"
    member.save(update_fields=["member_number"])
    base = live_server.url

    page.set_viewport_size({"width": width, "height": 800})
    page.goto(base + "/portal/login/")
    page.get_by_label("用户名或手机号").fill(PHONE)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/portal/")
    page.goto(base + reverse("members:card_mine"))

    card = page.locator("[data-member-card]")
    expect(card).to_be_visible()
    expect(card.locator("[data-card-union]")).to_have_text("辛县人民医院工会")
    expect(card.get_by_role("heading", name="周会员")).to_be_visible()
    expect(card.locator("[data-member-number]")).to_have_text("4108000000777")
    expect(card.locator("[data-card-status]")).to_have_text("未申请")
    code_link = card.get_by_role("link", name="出示会员码")
    expect(code_link).to_be_visible()

    # drawn as a card (member_card.css): rounded, coloured, and the 会员码 button whole inside it
    drawn = card.evaluate(
        "el => { const s = getComputedStyle(el); return [parseFloat(s.borderTopLeftRadius), s.backgroundImage]; }"
    )
    assert drawn[0] >= 8
    assert "gradient" in drawn[1]
    card_box, link_box = card.bounding_box(), code_link.bounding_box()
    assert card_box is not None
    assert link_box is not None
    assert card_box["x"] <= link_box["x"]
    assert link_box["x"] + link_box["width"] <= card_box["x"] + card_box["width"]
    assert card_box["x"] + card_box["width"] <= width
    assert_fits_width(page, width)
    result = page_check(page, "member", base)
    assert not result.failing(), result.summary()

    # 信息更正 at the same width: the value on record beside each field
    page.goto(base + reverse("members:correction_mine"))
    expect(page.get_by_label("姓名")).to_have_value("周会员")
    expect(page.locator("#id_name_helptext")).to_have_text("当前：周会员")
    expect(page.locator("#id_phone_helptext")).to_have_text("当前：139****0031")
    assert_fits_width(page, width)
    result = page_check(page, "member", base)
    assert not result.failing(), result.summary()

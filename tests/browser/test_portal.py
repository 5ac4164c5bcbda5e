"""Member portal on a phone-sized screen: log in with the phone number, home, bottom nav, 我的."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from conftest import PASSWORD, make_member_user
from gonghui.accounts.identity import decrypt_identifier
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory
from tests.browser.screens import assert_fits_width

pytestmark = pytest.mark.browser

PHONE = "13912345678"
WIDTH, HEIGHT = 375, 812
MOBILE: ViewportSize = {"width": WIDTH, "height": HEIGHT}

# Draws one character on a canvas in the page's own font stack and returns its pixels, so two
# characters can be compared: with no CJK font every Chinese character is the same .notdef box
# ("tofu"), identical to the box of a code point no font has.
GLYPH_PIXELS_JS = """
(ch) => {
  const canvas = document.createElement("canvas");
  canvas.width = 64; canvas.height = 64;
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, 64, 64);
  ctx.fillStyle = "#000";
  ctx.font = "40px " + getComputedStyle(document.body).fontFamily;
  ctx.textBaseline = "top";
  ctx.fillText(ch, 8, 8);
  return Array.from(ctx.getImageData(0, 0, 64, 64).data).join(",");
}
"""
# Width of a string in the page's font stack, set in an inline span. (Not compared with tofu: the
# .notdef box of Noto Sans CJK is also 1 em wide, so widths alone cannot tell the two apart.)
TEXT_WIDTH_JS = """
(text) => {
  const span = document.createElement("span");
  span.style.fontSize = "20px";
  span.style.whiteSpace = "nowrap";
  span.textContent = text;
  document.body.appendChild(span);
  const width = span.getBoundingClientRect().width;
  span.remove();
  return width;
}
"""
MISSING = "\U0010fffd"  # plane-16 private use: no installed font draws it


def _rendering_fonts(page: Page, selector: str) -> dict[str, int]:
    """Fonts Chromium actually used for a node's text (family → glyph count), via DevTools."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        cdp.detach()
    return {f["familyName"]: f["glyphCount"] for f in fonts}


@pytest.mark.django_db(transaction=True)
def test_member_portal_home_on_a_phone(live_server, page: Page, tmp_path: Path):
    county = OrgFactory.create(
        code="PCTY", name="甲县教育工会", unit_name="甲县教育局", level=OrgLevel.COUNTY
    )
    union = OrgFactory.create(parent=county, code="PSCH", name="甲县第二中学工会", unit_name="甲县第二中学")
    _, member = make_member_user(PHONE, union, name="李晓梅")
    id_number = decrypt_identifier(member.id_number_encrypted)
    assert member.id_number_masked != id_number

    page.set_viewport_size(MOBILE)
    page.goto(live_server.url + "/portal/login/")
    expect(page.get_by_role("heading", name="会员登录")).to_be_visible()
    page.get_by_label("用户名或手机号").fill(PHONE)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()

    expect(page).to_have_url(live_server.url + "/portal/")
    expect(page.locator(".portal-header h1")).to_have_text("甲县第二中学工会")
    expect(page.get_by_text("李晓梅，您好")).to_be_visible()
    expect(page.locator(".portal-main")).to_contain_text("甲县第二中学工会")
    tiles = page.locator(".portal-tiles .portal-tile")
    expect(tiles.first).to_be_visible()
    expect(tiles.filter(has_text="修改密码")).to_have_attribute("href", "/accounts/password/")
    nav = page.get_by_role("navigation", name="底部导航")
    expect(nav.get_by_role("link")).to_have_text(["首页", "服务", "消息", "我的"])
    expect(nav.get_by_role("link", name="首页")).to_have_class("active")
    for label in ("首页", "服务", "消息", "我的"):
        expect(nav.get_by_role("link", name=label)).to_be_in_viewport()

    # Fits a 375 px screen: nothing scrolls sideways, the bottom bar spans the width.
    assert page.viewport_size == MOBILE
    assert_fits_width(page, WIDTH)
    nav_box = nav.bounding_box()
    assert nav_box is not None
    assert nav_box["x"] == 0
    assert nav_box["width"] == WIDTH
    assert nav_box["y"] + nav_box["height"] == pytest.approx(HEIGHT, abs=1)

    # Chinese is drawn with a CJK font, not tofu.
    fonts = _rendering_fonts(page, ".portal-main .h3")
    cjk_fonts = {name: n for name, n in fonts.items() if "CJK" in name or "WenQuanYi" in name}
    assert cjk_fonts, f"Chinese drawn without a CJK font: {fonts}"
    assert sum(cjk_fonts.values()) >= len("李晓梅，您好")
    missing = page.evaluate(GLYPH_PIXELS_JS, MISSING)
    gong, hui = page.evaluate(GLYPH_PIXELS_JS, "工"), page.evaluate(GLYPH_PIXELS_JS, "会")
    assert gong != missing
    assert hui != missing
    assert gong != hui
    chinese = "智慧工会会员服务"
    width_chinese = page.evaluate(TEXT_WIDTH_JS, chinese)
    assert width_chinese == pytest.approx(20 * len(chinese), rel=0.1)  # full-width glyphs, 1 em each

    shot = tmp_path / "portal-home-375.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 0
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    nav.get_by_role("link", name="我的").click()
    expect(page).to_have_url(live_server.url + "/portal/me/")
    expect(nav.get_by_role("link", name="我的")).to_have_class("active")
    main = page.locator(".portal-main")
    expect(main).to_contain_text("李晓梅")
    expect(main).to_contain_text("甲县第二中学工会")
    expect(main.get_by_text(member.id_number_masked, exact=True)).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(id_number)
    assert id_number not in page.content()
    expect(main).to_contain_text(member.phone_masked)
    expect(main).not_to_contain_text(PHONE)
    assert_fits_width(page, WIDTH)

"""The portal home is made of what the apps register: 待办, 正在进行 banners, 通知公告 and the service grid, in that
order, each tile and row with an icon hidden from screen readers; the tab bar follows the page's section."""

import re

import pytest
from django.urls import NoReverseMatch, reverse

from gonghui.core.registry import PortalCard, PortalCardItem, PortalTile, portal_cards, portal_tiles
from gonghui.portal.templatetags.portal_chrome import section_of


@pytest.fixture
def only_test_cards(monkeypatch):
    """The apps' own cards out of the way (they read their own data); a test registers its own."""
    monkeypatch.setattr(portal_cards, "_items", {})

    def register(key, kind, items, order=100):
        portal_cards.register(key, PortalCard(key=key, kind=kind, items=items, order=order))

    return register


def _home(client, user):
    client.force_login(user)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    return response, response.content.decode()


def test_home_shows_the_registered_cards_in_order(client, world, only_test_cards):
    # given one card of each kind, the second todo card before the first by order
    seen = []

    def todo_b(user):
        seen.append(user)
        return [PortalCardItem(title="为回复评价", url="/portal/b/", detail="还剩 3 天", icon="scale")]

    only_test_cards("t.todo_b", "todo", todo_b, order=20)
    only_test_cards(
        "t.todo_a", "todo", lambda user: [PortalCardItem(title="答题今天截止", url="/portal/a/")], order=10
    )
    only_test_cards(
        "t.now", "now", lambda user: [PortalCardItem(title="安全知识竞赛进行中", url="/portal/now/")]
    )
    only_test_cards(
        "t.notice", "notice", lambda user: [PortalCardItem(title="关于开展春季运动会的通知", url="/n/1/")]
    )
    # when
    response, html = _home(client, world.org_member)
    # then every item is shown, the sections in the order 待办, 正在进行, 通知公告, 服务
    assert seen == [world.org_member]
    assert [i.title for i in response.context["todo"]] == ["答题今天截止", "为回复评价"]
    positions = [
        html.index(text)
        for text in ("答题今天截止", "为回复评价", "安全知识竞赛进行中", "关于开展春季运动会的通知")
    ]
    assert positions == sorted(positions)
    sections = re.findall(r'data-section="(\w+)"', html)
    assert sections == ["todo", "now", "notice", "services"]
    assert 'href="/portal/b/"' in html
    assert "还剩 3 天" in html
    assert "暂无通知公告" not in html


def test_home_with_nothing_registered_says_so_honestly(client, world, only_test_cards):
    # when
    _, html = _home(client, world.org_member)
    # then
    assert "暂无待办事项" in html
    assert "暂无通知公告" in html
    assert 'data-section="now"' not in html  # no banner without something on now


def test_home_tiles_honour_shown(client, world, monkeypatch):
    # given a tile shown only to those who are not members yet, and one shown to members
    monkeypatch.setattr(portal_tiles, "_items", dict(portal_tiles._items))
    portal_tiles.register(
        "t.visitors",
        PortalTile(
            key="t.visitors",
            label="只给非会员",
            url_name="portal:home",
            icon="user-plus",
            shown=lambda u: False,
        ),
    )
    portal_tiles.register(
        "t.members",
        PortalTile(
            key="t.members", label="只给会员", url_name="portal:home", icon="id", shown=lambda u: True
        ),
    )
    # when
    response, html = _home(client, world.org_member)
    # then
    keys = [t.key for t in response.context["tiles"]]
    assert "t.members" in keys
    assert "t.visitors" not in keys
    assert "只给非会员" not in html
    services = client.get(reverse("portal:services")).content.decode()
    assert "只给会员" in services
    assert "只给非会员" not in services


def test_every_tile_and_tab_has_an_icon_hidden_from_screen_readers(client, world):
    # when
    response, html = _home(client, world.org_member)
    # then each tile: one icon, aria-hidden, and its name once as text
    tiles = re.findall(r'<a class="portal-tile"[^>]*>(.*?)</a>', html, re.S)
    assert len(tiles) == len(response.context["tiles"]) > 0
    for tile, registered in zip(tiles, response.context["tiles"], strict=True):
        assert tile.count('aria-hidden="true"') == 1
        assert f"#{registered.icon}" in tile
        assert re.sub(r"<[^>]+>", "", tile).strip() == registered.label
    tabs = re.findall(r'<a href="[^"]*" data-tab="(\w+)"([^>]*)>(.*?)</a>', html, re.S)
    assert [key for key, _, _ in tabs] == ["home", "services", "inbox", "me"]
    for _, _, body in tabs:
        assert body.count('<svg class="portal-icon" aria-hidden="true"') == 1


def test_every_registered_tile_icon_is_in_the_sprite(settings):
    # the sprite is built from the registrations (static/vendor/tabler-icons/build_sprite.py): rebuild it when this fails
    sprite = (settings.BASE_DIR / "static" / "vendor" / "tabler-icons" / "sprite.svg").read_text(
        encoding="utf-8"
    )
    symbols = set(re.findall(r'<symbol id="([a-z0-9-]+)"', sprite))
    used = {tile.icon for tile in portal_tiles} | {
        "home",
        "layout-grid",
        "message-circle",
        "user",
        "arrow-left",
        "eyeglass",
    }
    assert used - symbols == set()


@pytest.mark.parametrize(
    ("url_name", "section"),
    [
        ("portal:home", "home"),
        ("portal:services", "services"),
        ("portal:inbox", "inbox"),
        ("portal:me", "me"),
        ("accounts:password_change", "me"),
        ("members:card_mine", "services"),  # opened from a tile, on the home or in 服务 alike
        ("quizzes:portal_home", "services"),
    ],
)
def test_the_active_tab_follows_the_section_of_the_page(client, world, url_name, section):
    # given
    client.force_login(world.org_member)
    # when
    html = client.get(reverse(url_name)).content.decode()
    # then exactly one tab is current, the page's section
    current = re.findall(r'data-tab="(\w+)" class="active" aria-current="page"', html)
    assert current == [section]


def test_section_of_prefers_what_the_view_says(rf):
    request = rf.get("/portal/somewhere/")
    assert section_of({"request": request}) == "services"
    assert section_of({"request": request, "portal_section": "me"}) == "me"
    assert section_of({"request": request, "tab": "inbox"}) == "inbox"
    assert section_of({"request": request, "portal_section": "bogus"}) == "services"


def test_sub_pages_have_a_back_arrow_and_one_h1_tab_pages_do_not(client, world):
    client.force_login(world.org_member)
    for url_name, back in (("portal:home", False), ("portal:me", False), ("accounts:password_change", True)):
        html = client.get(reverse(url_name)).content.decode()
        assert html.count("<h1") == 1
        assert ("data-portal-back" in html) is back, url_name
    html = client.get(reverse("members:card_mine")).content.decode()
    assert re.search(r'<a class="portal-back" href="/portal/" data-portal-back aria-label="返回">', html)


def test_me_is_a_hub(client, world):
    # given
    client.force_login(world.org_member)
    # when
    html = client.get(reverse("portal:me")).content.decode()
    # then
    for label in ("我的成绩", "我的证书", "会员卡", "修改密码", "长辈版"):
        assert label in html
    assert f'href="{reverse("members:card_mine")}"' in html
    assert f'href="{reverse("accounts:password_change")}"' in html
    assert f'action="{reverse("portal:care_mode")}"' in html
    try:
        requests_url = reverse("portal:requests")
    except NoReverseMatch:  # 我的办理 not built yet: no row leads nowhere
        assert "我的办理" not in html
    else:
        assert f'href="{requests_url}"' in html

"""The member portal shell: only a logged-in member with a member record gets in; they see their own
name and union, and their identity only masked."""

import pytest
from django.urls import reverse

from gonghui.accounts.identity import decrypt_identifier
from gonghui.accounts.tests.factories import UserFactory
from gonghui.members.tests.factories import MemberFactory

PAGES = ["portal:services", "portal:inbox", "portal:me"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("the member gets in", "org_member", 200),
        ("a cadre without a member record is refused", "org_admin", 403),
        ("another union's cadre is refused", "outsider", 403),
    ],
)
def test_portal_page_access(request, client, world, page, _case, actor, status):
    # given
    client.force_login(request.getfixturevalue(actor))
    # when
    r = client.get(reverse(page))
    # then
    assert r.status_code == status
    assert getattr(r.wsgi_request, "member", None) == (world.member_a if status == 200 else None)
    assert decrypt_identifier(world.member_a.id_number_encrypted) not in r.content.decode()


@pytest.mark.parametrize("actor", ["org_admin", "outsider"])
def test_portal_home_shows_a_cadre_without_member_record_only_the_door_to_join(request, client, world, actor):
    # given a logged-in person who has no member record
    client.force_login(request.getfixturevalue(actor))
    # when
    r = client.get(reverse("portal:home"))
    # then: the door to 网上入会, nothing of any member
    assert r.status_code == 200
    html = r.content.decode()
    assert "还不是会员？申请入会" in html
    assert f'href="{reverse("members:join_start")}"' in html
    assert getattr(r.wsgi_request, "member", None) is None
    assert world.member_a.name not in html
    assert "tiles" not in r.context


@pytest.mark.parametrize("page", [*PAGES, "portal:home"])
def test_portal_page_anonymous_is_sent_to_the_portal_login(client, world, page):
    # when
    r = client.get(reverse(page))
    # then
    assert r.status_code == 302
    assert r["Location"] == f"/portal/login/?next={reverse(page)}"


def test_portal_login_page_opens_for_anonymous(client, world):
    r = client.get(reverse("portal:login"))
    assert r.status_code == 200
    assert "请使用入会时登记的手机号登录" in r.content.decode()


def test_member_record_without_the_member_role_sees_only_the_door(client, world):
    # given a user with a member record but no 会员 role grant
    user = UserFactory.create(username="m13900000000", phone="13900000000")
    MemberFactory.create(org=world.org_a, user=user, name="无角色")
    client.force_login(user)
    # when
    r = client.get(reverse("portal:home"))
    # then: the door to join, not the member's home
    assert r.status_code == 200
    assert "还不是会员？申请入会" in r.content.decode()
    assert "无角色" not in r.content.decode()


def test_portal_home_greets_the_member(client, world):
    # given
    client.force_login(world.org_member)
    # when
    r = client.get(reverse("portal:home"))
    # then
    html = r.content.decode()
    assert "甲会员，您好" in html
    assert "甲县第一中学工会 · 在籍" in html
    assert r.context["tab"] == "home"
    assert "password" in [t.key for t in r.context["tiles"]]
    assert "me" not in [t.key for t in r.context["tiles"]]  # 我的 is a tab, not a tile
    assert f'href="{reverse("portal:me")}"' in html  # the tab


def test_portal_services_lists_every_tile(client, world):
    # given
    client.force_login(world.org_member)
    # when
    r = client.get(reverse("portal:services"))
    # then
    html = r.content.decode()
    keys = [t.key for t in r.context["tiles"]]
    assert "password" in keys
    assert "修改密码" in html


def test_portal_inbox_renders(client, world):
    # given
    client.force_login(world.org_member)
    # when
    r = client.get(reverse("portal:inbox"))
    # then
    assert r.status_code == 200
    assert r.context["tab"] == "inbox"


def test_portal_me_shows_masked_identity_only(client, world):
    # given
    client.force_login(world.org_member)
    member = world.member_a
    # when
    r = client.get(reverse("portal:me"))
    # then
    html = r.content.decode()
    assert r.context["member"] == member
    assert "甲县第一中学工会" in html
    assert member.id_number_masked in html
    assert decrypt_identifier(member.id_number_encrypted) not in html
    assert "137****1111" in html
    assert "13700001111" not in html

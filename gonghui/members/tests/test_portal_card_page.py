"""我的会员卡 in the portal looks like a card: union, member name, member number, card status, and the link to
the rotating 我的会员码 (gonghui/checkins); the page brings its own stylesheet (static/css/member_card.css)."""

import re

import pytest
from django.urls import reverse

from gonghui.members.choices import MemberStatus
from gonghui.members.services import card_apply


@pytest.fixture
def numbered(world):
    member = world.member_a
    member.member_number = "4108000000123"
    member.save(update_fields=["member_number"])
    return member


def _card(html: str) -> str:
    found = re.search(r'<section class="member-card[^"]*"[^>]*data-member-card>(.*?)</section>', html, re.S)
    assert found is not None
    return found.group(1)


def test_the_card_shows_union_name_number_and_status(client, world, numbered):
    client.force_login(world.org_member)
    html = client.get(reverse("members:card_mine")).content.decode()
    card = _card(html)
    assert "甲县第一中学工会" in card
    assert '<h2 class="member-card-name" id="member-card-name">甲会员</h2>' in card
    assert "4108000000123" in card
    assert re.search(r"<dt>卡片状态</dt><dd data-card-status>未申请</dd>", card)
    assert world.member_a.id_number_masked not in html
    # after applying, the status on the card follows the application
    card_apply(member=world.member_a, actor=world.org_member, mailing_address="传达室")
    card = _card(client.get(reverse("members:card_mine")).content.decode())
    assert re.search(r"<dd data-card-status>已申请（新办）</dd>", card)


def test_the_card_links_the_rotating_member_code_instead_of_a_static_qr_code(client, world, numbered):
    client.force_login(world.org_member)
    card = _card(client.get(reverse("members:card_mine")).content.decode())
    # the static signed QR code a screenshot could replay is gone; 我的会员码 (checkins) rotates every 30 s
    assert "<svg" not in card
    assert f'href="{reverse("checkins_portal:member_code")}"' in card


def test_a_member_who_left_sees_no_member_code(client, world, numbered):
    numbered.status = MemberStatus.LEFT
    numbered.save(update_fields=["status"])
    client.force_login(world.org_member)
    html = client.get(reverse("members:card_mine")).content.decode()
    assert "data-member-code-link" not in _card(html)
    assert "只有在籍会员可以申请会员卡" in html


def test_the_page_links_its_own_stylesheet_and_carries_no_style_attribute(client, world, numbered):
    client.force_login(world.org_member)
    html = client.get(reverse("members:card_mine")).content.decode()
    assert re.search(r'<link rel="stylesheet" href="/static/css/member_card[^"]*\.css">', html)
    assert " style=" not in html
    assert "<style" not in html


@pytest.mark.parametrize(("actor", "status"), [("org_admin", 403), ("outsider", 403), ("org_member", 200)])
def test_only_the_member_sees_their_card(request, client, world, actor, status):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(reverse("members:card_mine")).status_code == status


def test_member_pages_are_never_cached(client, world, numbered):
    # given a member on their own card page (their name and member number on it)
    client.force_login(world.org_member)
    # when the page is answered
    response = client.get(reverse("members:card_mine"))
    # then the browser may not keep it (the back button after logout, a shared phone)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]

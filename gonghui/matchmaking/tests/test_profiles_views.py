"""Part profiles, the portal pages: the home in each state, joining with its receipt, editing with the preview,
withdrawal behind a confirmation, the photo only to its member or a member who may see it, the pages member-only
(cadres refused) and never cached."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import make_member_user
from gonghui.core.http import is_sensitive
from gonghui.matchmaking.choices import ProfileStatus
from gonghui.matchmaking.models import Block, MatchProfile
from gonghui.members.choices import MemberStatus
from gonghui.portal.views import tiles_shown_to

from .factories_profiles import joined, member_with_profile, with_photo

pytestmark = pytest.mark.django_db
HOME = reverse("matchmaking_portal:home")
JOIN = reverse("matchmaking_portal:join")
EDIT = reverse("matchmaking_portal:profile_edit")
WITHDRAW = reverse("matchmaking_portal:withdraw")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _photo_url(profile: MatchProfile) -> str:
    return reverse("matchmaking_portal:photo", args=[profile.public_id])


def test_home_without_a_profile_explains_and_offers_to_join(world):
    response = _client(world.org_member).get(HOME)
    html = response.content.decode()
    assert response.status_code == 200
    assert is_sensitive(response)
    assert "只有同样加入了婚恋交友的会员才能看到您" in html
    assert "不用于任何商业目的" in html
    assert 'id="mm-join"' in html
    assert 'id="mm-card"' not in html


def test_joining_on_the_portal_gives_a_receipt_and_the_card(world):
    client = _client(world.org_member)
    page = client.get(JOIN).content.decode()
    assert "13700001111" not in page  # the contact is never prefilled from the registry phone
    response = client.post(
        JOIN,
        {"single": "on", "pledge": "on", "nickname": "晨跑的鹿", "contact": "wx_deer", "show_age_band": "on"},
        follow=True,
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(HOME)
    assert "您已加入婚恋交友" in html
    assert 'id="mm-receipt"' in html
    assert "晨跑的鹿" in html
    assert reverse("matchmaking_portal:browse") in html
    assert reverse("matchmaking_portal:interests") in html
    assert MatchProfile.objects.get(member=world.member_a).status == ProfileStatus.ACTIVE


def test_join_without_the_declarations_names_them(world):
    response = _client(world.org_member).post(JOIN, {"nickname": "晨跑的鹿", "contact": "wx_deer"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "请勾选“本人目前单身”" in html
    assert "请勾选“我已阅读并遵守以上承诺”" in html
    assert not MatchProfile.objects.exists()


def test_a_member_not_holding_membership_is_told_and_refused(world):
    world.member_a.status = MemberStatus.LEFT
    world.member_a.save(update_fields=["status"])
    client = _client(world.org_member)
    assert 'id="mm-not-holding"' in client.get(JOIN).content.decode()
    response = client.post(
        JOIN, {"single": "on", "pledge": "on", "nickname": "晨跑的鹿", "contact": "wx_deer"}
    )
    assert 'id="mm-not-holding"' in response.content.decode()
    assert not MatchProfile.objects.exists()


def test_home_when_withdrawn_or_suspended(world):
    profile = joined(world.member_a)
    client = _client(world.org_member)
    client.post(WITHDRAW)
    profile.refresh_from_db()
    due = profile.erase_due_on
    assert due is not None
    html = client.get(HOME).content.decode()
    assert f"将于 {due.year}年{due.month}月{due.day}日 前清除" in html
    assert "重新加入" in html
    MatchProfile.objects.filter(pk=profile.pk).update(status=ProfileStatus.SUSPENDED)
    html = client.get(HOME).content.decode()
    assert 'id="mm-suspended"' in html
    assert 'id="mm-join"' not in html


def test_edit_saves_and_the_preview_writes_nothing(world):
    profile = joined(world.member_a)
    client = _client(world.org_member)
    form = {
        "nickname": "看云的鹿",
        "about": "周末爬山",
        "height_cm": "168",
        "education": "bachelor",
        "seeking": "any",
        "contact": "wx_deer",
        "show_education": "on",
    }
    preview = client.post(EDIT, {**form, "preview": "1"}, headers={"HX-Request": "true"})
    assert "本科" in preview.content.decode()
    assert "168 厘米" not in preview.content.decode()  # height not chosen
    profile.refresh_from_db()
    assert profile.nickname == "晨跑的鹿"
    response = client.post(EDIT, form)
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.nickname, profile.education, profile.show_education) == ("看云的鹿", "bachelor", True)


def test_withdraw_asks_first_then_hides(world):
    profile = joined(world.member_a)
    client = _client(world.org_member)
    page = client.get(WITHDRAW)
    assert "确认退出" in page.content.decode()
    profile.refresh_from_db()
    assert profile.status == ProfileStatus.ACTIVE  # the GET wrote nothing
    client.post(WITHDRAW)
    profile.refresh_from_db()
    assert profile.status == ProfileStatus.WITHDRAWN


def test_the_photo_only_to_its_member_or_a_member_who_may_see_it(world):
    mine = with_photo(joined(world.member_a))
    url = _photo_url(mine)
    own = _client(world.org_member).get(url)
    assert own.status_code == 200
    assert own["Content-Type"] == "image/png"
    assert is_sensitive(own)
    # an opted-in member of another union sees it
    viewer, viewer_profile = member_with_profile(
        "13700002222", world.org_b, name="乙会员", nickname="看海的人"
    )
    assert _client(viewer).get(url).status_code == 200
    # a member without a profile does not
    stranger, _ = make_member_user("13700003333", world.org_a, name="丙会员")
    assert _client(stranger).get(url).status_code == 404
    # nor one blocked (either way)
    Block.objects.create(from_profile=mine, to_profile=viewer_profile)
    assert _client(viewer).get(url).status_code == 404


def test_a_photo_the_member_chose_not_to_show_stays_hidden(world):
    mine = with_photo(joined(world.member_a), show=False)
    viewer, _ = member_with_profile("13700002222", world.org_b, name="乙会员", nickname="看海的人")
    assert _client(viewer).get(_photo_url(mine)).status_code == 404
    assert _client(world.org_member).get(_photo_url(mine)).status_code == 200


def test_cadres_reach_neither_the_pages_nor_the_photo(world):
    mine = with_photo(joined(world.member_a))
    assert mine.photo is not None
    for cadre in (world.org_admin, world.outsider):
        client = _client(cadre)
        for url in (HOME, JOIN, EDIT, WITHDRAW, _photo_url(mine)):
            assert client.get(url).status_code == 403, (cadre, url)
        # nor through the attachments block's own door
        assert client.get(mine.photo.view_url).status_code == 404
    anonymous = Client().get(HOME)
    assert anonymous.status_code == 302
    assert "/portal/login/" in anonymous["Location"]


def test_the_portal_tile_leads_home(world):
    tiles = [t for t in tiles_shown_to(world.org_member) if t.key == "matchmaking.profiles"]
    assert [(t.label, reverse(t.url_name)) for t in tiles] == [("婚恋交友", HOME)]

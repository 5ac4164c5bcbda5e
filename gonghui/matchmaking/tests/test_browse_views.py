"""Pages of part browse on the member portal: only a member with an active profile gets in (others are sent to
the 婚恋交友 home; cadres without a member record are refused), the list with its default and chosen filters,
the profile page (404 when hidden or blocked either way), 心动 as a POST only, the mutual-interest reveal through
the pages (absent before, shown to both after, gone after a block), 屏蔽 and 解除屏蔽 with confirmation pages, and
no-store on every page."""

import pytest
from django.urls import reverse

from gonghui.matchmaking.models import Block, Interest

from .factories import make_profile
from .factories_browse import make_single

pytestmark = pytest.mark.django_db


def _me(world, **extra):
    """甲会员 (org A's member, a man) with an active profile seeking women."""
    return make_profile(member=world.member_a, nickname="阿甲", seeking="F", contact_encrypted="", **extra)


def _page(client, name, profile=None):
    args = [profile.public_id] if profile is not None else []
    return client.get(reverse(f"matchmaking_portal:{name}", args=args))


def test_without_an_active_profile_every_page_sends_home(client, world):
    other = make_single(world.org_b, nickname="小雨")
    client.force_login(world.org_member)
    for name, arg in (
        ("browse", None),
        ("interests", None),
        ("blocks", None),
        ("profile_detail", other),
        ("block", other),
    ):
        response = _page(client, name, arg)
        assert response.status_code == 302, name
        assert response["Location"] == reverse("matchmaking_portal:home")
    response = client.post(reverse("matchmaking_portal:interest", args=[other.public_id]))
    assert response.status_code == 302
    assert not Interest.objects.exists()


@pytest.mark.parametrize("who", ["org_admin", "outsider"])
def test_cadres_without_a_member_record_are_refused(client, world, who):
    other = make_single(world.org_a, nickname="小雨")
    client.force_login(getattr(world, who))
    for name, arg in (("browse", None), ("interests", None), ("blocks", None), ("profile_detail", other)):
        assert _page(client, name, arg).status_code in {403, 404}, name
    assert client.post(reverse("matchmaking_portal:interest", args=[other.public_id])).status_code in {
        403,
        404,
    }
    assert not Interest.objects.exists()


def test_list_defaults_to_whom_the_member_seeks_and_filters(client, world):
    _me(world)
    woman = make_single(world.org_b, nickname="小雨", gender="F")
    make_single(world.org_b, nickname="小风", gender="M")
    client.force_login(world.org_member)
    page = _page(client, "browse")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "小雨" in page.text
    assert "小风" not in page.text
    assert reverse("matchmaking_portal:profile_detail", args=[woman.public_id]) in page.text
    for field in ("gender", "age", "education", "industry"):
        assert f'<label class="form-label small mb-1" for="id_{field}">' in page.text
    anyone = client.get(reverse("matchmaking_portal:browse"), {"gender": "any"}).text
    assert "小雨" in anyone
    assert "小风" in anyone
    empty = client.get(reverse("matchmaking_portal:browse"), {"gender": "F", "education": "doctor"}).text
    assert 'id="browse-empty"' in empty
    assert woman.member.name not in page.text
    assert woman.member.phone not in page.text


def test_photo_thumbnail_only_when_the_member_shows_one(client, world):
    _me(world)
    hidden = make_single(world.org_b, nickname="小雨", show_photo=True)  # no photo uploaded
    client.force_login(world.org_member)
    page = _page(client, "browse").text
    assert "小雨" in page
    assert reverse("matchmaking_portal:photo", args=[hidden.public_id]) not in page


def test_blocked_member_cannot_open_the_blockers_profile(client, world):
    me = _me(world)
    blocker = make_single(world.org_b, nickname="小雨")
    Block.objects.create(from_profile=blocker, to_profile=me)
    client.force_login(world.org_member)
    assert "小雨" not in _page(client, "browse").text
    for name in ("profile_detail", "block"):
        assert _page(client, name, blocker).status_code == 404
    assert client.post(reverse("matchmaking_portal:interest", args=[blocker.public_id])).status_code == 404


def test_get_never_writes_interest_or_block(client, world):
    _me(world)
    other = make_single(world.org_b, nickname="小雨")
    client.force_login(world.org_member)
    response = _page(client, "interest", other)
    assert response.status_code == 302
    assert response["Location"] == reverse("matchmaking_portal:profile_detail", args=[other.public_id])
    confirm = _page(client, "block", other)
    assert confirm.status_code == 200
    assert 'id="block-confirm"' in confirm.text
    assert not Interest.objects.exists()
    assert not Block.objects.exists()


def test_mutual_interest_reveal_through_the_pages(client, world):
    me = _me(world)
    her = make_single(world.org_b, nickname="小雨", contact="wx-xiaoyu-2026")
    client.force_login(world.org_member)
    detail = reverse("matchmaking_portal:profile_detail", args=[her.public_id])
    interest = reverse("matchmaking_portal:interest", args=[her.public_id])
    client.post(interest)
    page = client.get(detail)
    assert "no-store" in page["Cache-Control"]
    assert "取消心动" in page.text
    assert "wx-xiaoyu-2026" not in page.text
    assert "wx-xiaoyu-2026" not in _page(client, "interests").text
    # she answers
    her_client = client.__class__()
    her_client.force_login(her.member.user)
    her_client.post(reverse("matchmaking_portal:interest", args=[me.public_id]))
    page = client.get(detail)
    assert 'id="profile-contact"' in page.text
    assert "wx-xiaoyu-2026" in page.text
    mine = _page(client, "interests")
    assert "wx-xiaoyu-2026" in mine.text
    assert "no-store" in mine["Cache-Control"]
    her_view = her_client.get(reverse("matchmaking_portal:profile_detail", args=[me.public_id]))
    assert 'id="profile-contact"' in her_view.text
    # she blocks him: the contact and the profile are gone for both
    her_client.post(reverse("matchmaking_portal:block", args=[me.public_id]))
    assert client.get(detail).status_code == 404
    assert "wx-xiaoyu-2026" not in _page(client, "interests").text


def test_interests_page_sections_and_received_only_when_visible(client, world):
    me = _me(world)
    fan = make_single(world.org_b, nickname="小雨")
    gone = make_single(world.org_b, nickname="小云", status="withdrawn")
    Interest.objects.create(from_profile=fan, to_profile=me)
    Interest.objects.create(from_profile=gone, to_profile=me)
    client.force_login(world.org_member)
    page = _page(client, "interests").text
    assert "小雨" in page
    assert "小云" not in page
    assert 'id="mutual-empty"' in page
    assert 'id="sent-empty"' in page


def test_block_then_unblock_with_confirmation(client, world):
    me = _me(world)
    her = make_single(world.org_b, nickname="小雨")
    client.force_login(world.org_member)
    response = client.post(reverse("matchmaking_portal:block", args=[her.public_id]))
    assert response["Location"] == reverse("matchmaking_portal:browse")
    assert Block.objects.filter(from_profile=me, to_profile=her).exists()
    blocks = _page(client, "blocks")
    assert "小雨" in blocks.text
    assert "no-store" in blocks["Cache-Control"]
    remove = reverse("matchmaking_portal:block_remove", args=[her.public_id])
    confirm = client.get(remove)
    assert 'id="unblock-confirm"' in confirm.text
    assert Block.objects.exists()
    assert client.post(remove)["Location"] == reverse("matchmaking_portal:blocks")
    assert not Block.objects.exists()
    assert client.post(remove).status_code == 404  # nothing left to lift
    assert _page(client, "profile_detail", her).status_code == 200

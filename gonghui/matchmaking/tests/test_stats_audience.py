"""The activities audience "婚恋交友平台的单身会员": its members (active profiles of holding members in the organiser's
subtree), the forced sign-up, the activity page's size as shown and no list anywhere, and the invitations (once;
only active profiles get one; the organiser's notification says "<10" for 3 and 12 for 12)."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from conftest import make_cadre
from gonghui.activities.audiences import activity_audiences, audience_q
from gonghui.activities.selectors.attendance import member_for_scan, no_shows
from gonghui.activities.tests.factories_events import register
from gonghui.matchmaking.choices import ProfileStatus
from gonghui.matchmaking.models import Invitation
from gonghui.matchmaking.services.stats import SINGLES_AUDIENCE, invitation_send
from gonghui.matchmaking.tests.factories_stats import make_mixer, make_singles
from gonghui.members.models import Member
from gonghui.notifications.models import Notification


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_audience_is_registered_private_with_an_invite():
    audience = activity_audiences.get(SINGLES_AUDIENCE)
    assert audience.private
    assert audience.invite is not None
    assert audience.label == "婚恋交友平台的单身会员（只显示人数）"


def test_audience_members_are_active_profiles_in_the_organisers_subtree(world):
    active = make_singles(world.org_a, 2)
    suspended = make_singles(world.org_a, 1, status=ProfileStatus.SUSPENDED)
    withdrawn = make_singles(world.org_a, 1, status=ProfileStatus.WITHDRAWN)
    elsewhere = make_singles(world.org_b, 1)
    mixer = make_mixer(org=world.county_x, actor=_county_admin(world))
    admitted = set(Member.objects.filter(audience_q(mixer)).values_list("pk", flat=True))
    assert admitted == {p.member_id for p in active}
    assert not admitted & {p.member_id for p in suspended + withdrawn + elsewhere}


def _county_admin(world):
    return make_cadre("county_x_admin", world.county_x)


def test_invitations_reach_only_active_profiles_once_and_the_organiser_reads_under_ten(world):
    active = make_singles(world.org_a, 3)
    quiet = make_singles(world.org_a, 1, status=ProfileStatus.WITHDRAWN) + make_singles(
        world.org_a, 1, status=ProfileStatus.SUSPENDED
    )
    other = make_singles(world.org_b, 2)
    mixer = make_mixer(org=world.org_a, actor=world.org_admin)
    assert invitation_send(activity=mixer, actor=world.org_admin) == 3
    invited = Notification.objects.filter(title="联谊活动邀请：青年教职工联谊会")
    assert {n.recipient_id for n in invited} == {p.member.user_id for p in active}
    assert not invited.filter(recipient_id__in=[p.member.user_id for p in quiet + other]).exists()
    note = invited.first()
    assert note is not None
    assert "市工人文化宫" in note.body
    assert note.url == reverse("activities_portal:detail", args=[mixer.public_id])
    organiser = Notification.objects.get(recipient=world.org_admin, category="matchmaking")
    assert organiser.title == "已向 <10 名单身会员发出《青年教职工联谊会》的邀请"
    assert Invitation.objects.get(activity=mixer).sent_count == 3
    with pytest.raises(ValidationError, match="只能发送一次"):
        invitation_send(activity=mixer, actor=world.org_admin)
    assert Notification.objects.filter(title="联谊活动邀请：青年教职工联谊会").count() == 3


def test_the_organiser_reads_twelve_for_twelve(world):
    make_singles(world.org_b, 12)
    mixer = make_mixer(org=world.org_b, actor=world.outsider)
    assert invitation_send(activity=mixer, actor=world.outsider) == 12
    organiser = Notification.objects.get(recipient=world.outsider, category="matchmaking")
    assert organiser.title == "已向 12 名单身会员发出《青年教职工联谊会》的邀请"


def test_no_invitation_before_publishing(world):
    make_singles(world.org_a, 2)
    draft = make_mixer(org=world.org_a, actor=world.org_admin, publish=False)
    with pytest.raises(ValidationError, match="发布后才能发送邀请"):
        invitation_send(activity=draft, actor=world.org_admin)
    assert not Invitation.objects.exists()


def test_the_audience_forces_sign_up(world):
    with pytest.raises(ValidationError) as caught:
        make_mixer(org=world.org_a, actor=world.org_admin, signup_required=False, publish=False)
    assert "必须勾选“需要报名”" in str(caught.value.message_dict["signup_required"])


def test_activity_page_shows_the_size_only_and_no_list_anywhere(world):
    singles = make_singles(world.org_a, 3)
    mixer = make_mixer(org=world.org_a, actor=world.org_admin)
    registered = singles[0]
    register(mixer, registered.member)
    page = _client(world.org_admin).get(reverse("activities:detail", args=[mixer.pk])).content.decode()
    assert ">婚恋交友平台的单身会员（只显示人数） 约 &lt;10 人" in page
    assert "通过婚恋交友平台发送邀请" in page
    for profile in singles:
        assert profile.nickname not in page
        assert profile.member.name not in page
    # the scanner and 未到 read the registrations: a single who did not sign up is never found or listed
    stranger = singles[1].member
    stranger.member_number = "HY20260001"
    stranger.save(update_fields=["member_number"])
    assert member_for_scan(mixer, "HY20260001") is None
    assert stranger.pk not in set(no_shows(mixer).values_list("member_id", flat=True))

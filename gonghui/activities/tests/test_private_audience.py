"""A private audience, generically (a test audience registered here; activities never imports the app that owns
a real one): choosing it forces 需要报名, the activity page shows only its size ("<10" for 1–9) and never a name,
and the organiser's button calls the audience's `invite` through an activities service (three actors; the count
shown as "<10"; the timeline keeps it)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.activities.audiences import ActivityAudience, activity_audiences, audience_q
from gonghui.activities.services.events import activity_publish
from gonghui.activities.tests.factories_events import create_activity
from gonghui.core.timeline import timeline_for
from gonghui.members.models import Member
from gonghui.members.tests.factories import MemberFactory

KEY = "tests.women_only_private"


@pytest.fixture
def invitations(monkeypatch):
    """Registers a private audience (the women of the subtree) whose invite records each call, once per activity."""
    sent: dict[int, int] = {}

    def invite(activity, actor):
        if activity.pk in sent:
            raise ValidationError("本活动已发出邀请，每个活动只能发送一次")
        sent[activity.pk] = Member.objects.filter(audience_q(activity)).count()
        return sent[activity.pk]

    audience = ActivityAudience(
        key=KEY,
        label="测试用私密对象",
        members_q=lambda activity: Q(gender="F"),
        private=True,
        invite=invite,
        invited=lambda activity: activity.pk in sent,
    )
    monkeypatch.setitem(activity_audiences._items, KEY, audience)
    return sent


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _private(world, **over):
    activity = create_activity(
        org=world.org_a, actor=world.org_admin, title="青年联谊", audience_key=KEY, **over
    )
    return activity_publish(activity=activity, actor=world.org_admin)


def _when(delta: dt.timedelta) -> str:
    return timezone.localtime(timezone.now() + delta).strftime("%Y-%m-%dT%H:%M")


def test_the_form_forces_sign_up_for_a_private_audience(world, invitations):
    form = {
        "org": "ORGA",
        "title": "青年联谊",
        "kind": "social",
        "place": "文化宫",
        "starts_at": _when(dt.timedelta(days=10)),
        "ends_at": _when(dt.timedelta(days=10, hours=3)),
        "audience_key": KEY,
        "reminder_hours": "24",
        "late_after_minutes": "15",
    }
    response = _client(world.org_admin).post(reverse("activities:create"), form)
    assert response.status_code == 200
    assert "参加对象为“测试用私密对象”时必须勾选“需要报名”" in response.content.decode()
    response = _client(world.org_admin).post(reverse("activities:create"), {**form, "signup_required": "on"})
    assert response.status_code == 302


@pytest.mark.parametrize(("women", "shown"), [(3, "&lt;10"), (12, "12")])
def test_the_page_shows_the_size_only(world, invitations, women, shown):
    names = [MemberFactory.create(org=world.org_a, gender="F", name=f"女会员{n}").name for n in range(women)]
    activity = _private(world)
    page = _client(world.org_admin).get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert f">测试用私密对象 约 {shown} 人" in page
    assert "通过婚恋交友平台发送邀请" in page
    assert not [name for name in names if name in page]


def test_no_invite_button_for_a_draft_or_an_ordinary_audience(world, invitations):
    draft = create_activity(org=world.org_a, actor=world.org_admin, audience_key=KEY)
    ordinary = activity_publish(
        activity=create_activity(org=world.org_a, actor=world.org_admin), actor=world.org_admin
    )
    for activity in (draft, ordinary):
        page = _client(world.org_admin).get(reverse("activities:detail", args=[activity.pk])).content.decode()
        assert "发送邀请" not in page
    assert (
        "约"
        not in _client(world.org_admin).get(reverse("activities:detail", args=[ordinary.pk])).content.decode()
    )


def test_invite_three_actors_count_shown_and_once(world, invitations):
    for n in range(3):
        MemberFactory.create(org=world.org_a, gender="F", name=f"女会员{n}")
    activity = _private(world)
    url = reverse("activities:invite", args=[activity.pk])
    assert _client(world.org_member).post(url).status_code == 403
    assert _client(world.outsider).post(url).status_code == 404
    assert _client(world.org_admin).get(url).status_code == 405
    assert invitations == {}
    response = _client(world.org_admin).post(url, follow=True)
    assert "已向 &lt;10 名会员发出“青年联谊”的邀请" in response.content.decode()
    assert invitations == {activity.pk: 3}
    assert any(row.action_label == "发送邀请" and "<10" in row.note for row in timeline_for(activity))
    again = _client(world.org_admin).post(url, follow=True).content.decode()
    assert "每个活动只能发送一次" in again
    assert "邀请已发出" in again

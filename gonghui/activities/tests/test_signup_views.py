"""Pages of part signup: the organiser's registration list (three actors), its audited export, 审核通过 and the
发送提醒 button; the member's portal — the list, 报名 → the receipt, 取消报名 with its confirmation step, 我的活动
with the check-in state, 我的办理 in one query; the API lists only the member's open activities."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.api_tokens import api_token_create
from gonghui.activities.choices import AttendanceMethod, RegistrationStatus
from gonghui.activities.models import Attendance, Registration
from gonghui.activities.selectors.signup import my_requests
from gonghui.core.models import AuditLog
from gonghui.notifications.models import Notification

from .factories_signup import make_signup_activity, sign_up

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("who", "status"), [("org_admin", 200), ("org_member", 403), ("outsider", 404)])
def test_registration_list_for_three_actors(client, world, who, status):
    activity = make_signup_activity(org=world.org_a, actor=world.org_admin, capacity=1)
    sign_up(activity, world.member_a)
    client.force_login(getattr(world, who))
    response = client.get(reverse("activities:registrations", args=[activity.pk]), {"q": "甲会员"})
    assert response.status_code == status
    if status == 200:
        assert "甲会员" in response.text
        assert "发送提醒" in response.text
        assert "no-store" in response["Cache-Control"]
        panel = client.get(reverse("activities:detail", args=[activity.pk])).text
        assert 'id="activity-signup-panel"' in panel
        assert reverse("activities:registrations", args=[activity.pk]) in panel


def test_export_is_audited_and_approve_button_decides(client, world):
    activity = make_signup_activity(org=world.org_a, actor=world.org_admin, approval_required=True)
    row = sign_up(activity, world.member_a)
    client.force_login(world.org_admin)
    response = client.post(reverse("activities:registrations_export", args=[activity.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditLog.objects.filter(summary__contains="导出活动报名名单").exists()
    url = reverse("activities:registration_approve", args=[activity.pk, row.pk])
    assert client.post(url).status_code == 302
    assert Registration.objects.get(pk=row.pk).status == RegistrationStatus.CONFIRMED
    reject = reverse("activities:registration_reject", args=[activity.pk, row.pk])
    page = client.post(reject, {"reason": ""})
    assert "请填写不通过的原因" in page.text


def test_remind_button_tells_the_confirmed_once(client, world):
    activity = make_signup_activity(org=world.org_a, actor=world.org_admin)
    sign_up(activity, world.member_a)
    client.force_login(world.org_admin)
    url = reverse("activities:remind", args=[activity.pk])
    client.post(url)
    client.post(url)
    assert Notification.objects.filter(recipient=world.org_member, title__startswith="活动提醒").count() == 1
    client.force_login(world.org_member)
    assert client.post(url).status_code == 403


def test_member_signs_up_on_the_portal_and_gets_a_receipt_then_cancels(client, world):
    activity = make_signup_activity(
        org=world.city, actor=world.org_admin, title="全市教职工健步走", capacity=5
    )
    client.force_login(world.org_member)
    listing = client.get(reverse("activities_portal:list"))
    assert "全市教职工健步走" in listing.text
    assert "剩余 5 个名额" in listing.text
    done = client.post(reverse("activities_portal:signup", args=[activity.public_id]), {"note": ""})
    assert done.status_code == 302
    receipt = client.get(done["Location"])
    row = Registration.objects.get(activity=activity, member=world.member_a)
    assert row.number in receipt.text
    assert "已报名" in receipt.text
    assert "请按时参加" in receipt.text
    cancel_url = reverse("activities_portal:cancel", args=[activity.public_id])
    assert "确认取消报名" in client.get(cancel_url).text
    assert Registration.objects.get(pk=row.pk).status == RegistrationStatus.CONFIRMED  # GET writes nothing
    client.post(cancel_url)
    assert Registration.objects.get(pk=row.pk).status == RegistrationStatus.CANCELLED


def test_portal_cancel_after_the_cutoff_shows_the_reason(client, world):
    activity = make_signup_activity(org=world.org_a, actor=world.org_admin)
    sign_up(activity, world.member_a)
    type(activity).objects.filter(pk=activity.pk).update(cancel_cutoff=timezone.now() - dt.timedelta(hours=1))
    client.force_login(world.org_member)
    response = client.post(reverse("activities_portal:cancel", args=[activity.public_id]))
    assert response.status_code == 422
    assert "已过取消报名截止时间" in response.text


def test_mine_shows_the_check_in_and_requests_read_in_one_query(client, world, django_assert_num_queries):
    done = make_signup_activity(org=world.org_a, actor=world.org_admin, title="已签到的讲座")
    other = make_signup_activity(org=world.org_a, actor=world.org_admin, title="下周的球赛")
    row = sign_up(done, world.member_a)
    sign_up(other, world.member_a)
    Attendance.objects.create(
        activity=done,
        member=world.member_a,
        registration=row,
        method=AttendanceMethod.MANUAL,
        checked_in_at=timezone.now(),
    )
    client.force_login(world.org_member)
    page = client.get(reverse("activities_portal:mine"))
    assert "已签到" in page.text
    assert "下周的球赛" in page.text
    with django_assert_num_queries(1):
        found = my_requests(world.org_member)
    assert {r.title for r in found} == {"已签到的讲座", "下周的球赛"}


def test_another_unions_activity_is_a_404_on_the_portal(client, world):
    foreign = make_signup_activity(org=world.org_b, actor=world.outsider, title="乙院联谊会")
    client.force_login(world.org_member)
    assert client.get(reverse("activities_portal:detail", args=[foreign.public_id])).status_code == 404
    assert "乙院联谊会" not in client.get(reverse("activities_portal:list")).text


def test_api_lists_only_the_members_open_activities(client, world):
    make_signup_activity(org=world.city, actor=world.org_admin, title="全市健步走")
    make_signup_activity(org=world.org_b, actor=world.outsider, title="乙院联谊会")
    make_signup_activity(
        org=world.org_a,
        actor=world.org_admin,
        title="尚未开始报名",
        signup_opens_at=timezone.now() + dt.timedelta(days=1),
    )
    make_signup_activity(
        org=world.org_a, actor=world.org_admin, title="只限女职工", member_filter={"gender": "F"}
    )
    _token, secret = api_token_create(user=world.org_member, name="app", scopes=["activities:open"])
    response = client.get("/api/v1/activities/open", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert [a["title"] for a in response.json()] == ["全市健步走"]
    assert response.json()[0]["my_status"] is None
    _token, wrong = api_token_create(user=world.org_member, name="me", scopes=["me:read"])
    assert client.get("/api/v1/activities/open", HTTP_AUTHORIZATION=f"Bearer {wrong}").status_code == 403
    assert "/api/v1/activities/open" in client.get("/api/v1/openapi.json").json()["paths"]

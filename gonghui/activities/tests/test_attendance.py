"""Attendance (签到) of activities through the real check-in block: a live 会员码 checks a confirmed member in and
the activity's `on_checkin` writes the attendance (whichever caller recorded the check-in); expired, foreign and
reused codes and scans outside the window are refused with their reason; the typed member number; the late mark;
check-out by a second scan (never with the code already used) or the organiser's button; 补登 with a reason
(audited, on the timeline); no-shows after the end; the list and its export; the report and photos; the activity
page's panel; the member's own list; three actors on every console page."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.activities.choices import ActivityAction, AttendanceMethod, RegistrationStatus
from gonghui.activities.models import Attendance
from gonghui.activities.services.attendance import (
    activity_photo_add,
    activity_report_save,
    attendance_manual,
    attendance_scan,
)
from gonghui.attachments.models import Attachment
from gonghui.checkins.models import CheckIn
from gonghui.checkins.services import checkin_validate
from gonghui.checkins.tests.factories import code_of
from gonghui.core.choices import AuditAction
from gonghui.core.excel import read_rows, sheet_names
from gonghui.core.models import AuditLog
from gonghui.core.registry import record_panels_for
from gonghui.core.timeline import timeline_for

from .factories_attendance import PNG, ended_activity, live_activity, numbered, org_member, register


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _scan(client, activity, payload):
    return client.post(reverse("activities:scan", args=[activity.pk]), {"step": "scan", "payload": payload})


@pytest.fixture
def activity(world):
    activity = live_activity(world)
    register(activity, world.member_a)
    return activity


def test_a_live_code_on_the_scanner_checks_in_and_writes_the_attendance(world, activity):
    response = _scan(_client(world.org_admin), activity, code_of(world.member_a))
    page = response.content.decode()
    assert response.status_code == 200
    assert "签到成功" in page
    assert "甲*员" in page
    attendance = Attendance.objects.get(activity=activity)
    assert (attendance.member, attendance.method, attendance.late) == (
        world.member_a,
        AttendanceMethod.CODE,
        False,
    )
    assert attendance.check_in == CheckIn.objects.get()
    assert attendance.registration is not None
    assert attendance.registration.status == RegistrationStatus.CONFIRMED
    assert attendance.recorded_by == world.org_admin


def test_any_caller_of_the_checkin_block_fills_the_list_and_a_late_arrival_is_marked(world):
    # given an activity that started 20 minutes ago with 15 minutes' grace, without sign-up (its audience admits)
    activity = live_activity(world, starts_in=-dt.timedelta(minutes=20), signup_required=False)
    # when the check-in block records a code (as its API does)
    checkin_validate(target=activity, payload=code_of(world.member_a), actor=world.org_admin)
    # then
    attendance = Attendance.objects.get(activity=activity, member=world.member_a)
    assert attendance.late is True
    page = _client(world.org_admin).get(reverse("activities:attendance", args=[activity.pk]) + "?status=late")
    assert "甲会员" in page.content.decode()
    assert "迟到" in page.content.decode()


@pytest.mark.parametrize(
    ("_case", "make_payload", "message"),
    [
        ("a screenshot older than a minute", "expired", "会员码已过期"),
        ("a member of another union", "foreign", "不在本次签到范围"),
        ("a member of org A who did not sign up", "unregistered", "不在本次签到范围"),
        ("not a member code at all", "junk", "不是有效的会员码"),
    ],
)
def test_refused_codes_name_the_reason_and_write_nothing(world, activity, _case, make_payload, message):
    if make_payload == "expired":
        payload = code_of(world.member_a, at=timezone.now() - dt.timedelta(minutes=5))
    elif make_payload == "foreign":
        payload = code_of(org_member(world, "13700002222", "乙会员", "B0001", org=world.org_b))
    elif make_payload == "unregistered":
        payload = code_of(org_member(world, "13700003333", "丙会员", "A0003"))
    else:
        payload = "https://example.com/not-a-code"
    response = _scan(_client(world.org_admin), activity, payload)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Attendance.objects.exists()
    assert not CheckIn.objects.exists()


def test_a_reused_code_is_refused_with_the_time_of_the_first_check_in(world, activity):
    client = _client(world.org_admin)
    payload = code_of(world.member_a)
    assert _scan(client, activity, payload).status_code == 200
    again = _scan(client, activity, payload)
    assert again.status_code == 422
    assert "已签到" in again.content.decode()
    assert Attendance.objects.count() == 1


@pytest.mark.parametrize(
    ("starts_in", "message"),
    [(dt.timedelta(hours=3), "签到尚未开始"), (-dt.timedelta(hours=5), "签到已结束")],
)
def test_outside_the_window_is_refused(world, starts_in, message):
    activity = live_activity(world, starts_in=starts_in)
    register(activity, world.member_a)
    response = _scan(_client(world.org_admin), activity, code_of(world.member_a))
    assert response.status_code == 422
    assert message in response.content.decode()


def test_the_typed_member_number_finds_the_masked_name_then_checks_in(world, activity):
    numbered(world.member_a, "A0001")
    client = _client(world.org_admin)
    url = reverse("activities:scan", args=[activity.pk])
    unknown = client.post(url, {"step": "find", "number": "NOPE"})
    assert unknown.status_code == 422
    assert "没有找到该会员编号" in unknown.content.decode()
    found = client.post(url, {"step": "find", "number": "A0001"})
    assert "甲*员" in found.content.decode()
    assert "甲会员" not in found.content.decode()
    done = client.post(url, {"step": "confirm", "member": str(world.member_a.public_id)})
    assert "签到成功" in done.content.decode()
    assert Attendance.objects.get().method == AttendanceMethod.TYPED


def test_check_out_by_a_fresh_code_never_the_one_used_and_by_the_button(world):
    activity = live_activity(world, checkout_required=True)
    register(activity, world.member_a)
    other = org_member(world, "13700004444", "丁会员", "A0004")
    register(activity, other)
    now = timezone.now()
    first = code_of(world.member_a, at=now)
    attendance_scan(activity=activity, payload=first, actor=world.org_admin, now=now)
    with pytest.raises(ValidationError) as reused:
        attendance_scan(activity=activity, payload=first, actor=world.org_admin, now=now)
    assert "请会员刷新会员码后再签退" in reused.value.messages[0]
    later = now + dt.timedelta(seconds=40)
    out = attendance_scan(
        activity=activity, payload=code_of(world.member_a, at=later), actor=world.org_admin, now=later
    )
    assert out.checked_out_at == later
    # the organiser checks out a member who left without scanning
    attendance_scan(activity=activity, payload=code_of(other, at=now), actor=world.org_admin, now=now)
    row = Attendance.objects.get(member=other)
    client = _client(world.org_admin)
    assert client.post(reverse("activities:checkout", args=[row.pk])).status_code == 302
    row.refresh_from_db()
    assert row.checked_out_at is not None
    # a plain member of org A (no console) and org B's admin (not visible) cannot
    assert _client(world.org_member).post(reverse("activities:checkout", args=[row.pk])).status_code == 403
    assert _client(world.outsider).post(reverse("activities:checkout", args=[row.pk])).status_code == 404


def test_manual_entry_needs_a_reason_and_is_audited_on_the_timeline(world, activity):
    numbered(world.member_a, "A0001")
    client = _client(world.org_admin)
    url = reverse("activities:attendance_manual", args=[activity.pk])
    missing = client.post(url, {"number": "A0001", "reason": ""})
    assert "请填写补登原因" in missing.content.decode()
    stranger = client.post(url, {"number": "X999", "reason": "手机没电"})
    assert "没有找到该会员编号" in stranger.content.decode()
    assert client.post(url, {"number": "A0001", "reason": "手机没电，现场核实"}).status_code == 302
    attendance = Attendance.objects.get()
    assert (attendance.method, attendance.recorded_by) == (AttendanceMethod.MANUAL, world.org_admin)
    entry = timeline_for(activity).get()
    assert entry.action == AttendanceMethod.MANUAL
    assert "手机没电" in entry.note
    assert AuditLog.objects.filter(action=AuditAction.ADMIN_EDIT, summary__contains="补登").exists()
    twice = client.post(url, {"number": "A0001", "reason": "再次"})
    assert "已签到" in twice.content.decode()
    # the member's later scan is then answered 已签到 (nothing doubled)
    assert _scan(client, activity, code_of(world.member_a)).status_code == 422
    assert Attendance.objects.count() == 1


def test_no_shows_are_listed_after_the_end_and_exported(world):
    activity = ended_activity(world)
    register(activity, world.member_a)
    absent = org_member(world, "13700005555", "戊会员", "A0005")
    register(activity, absent)
    register(
        activity, org_member(world, "13700006666", "己会员", "A0006"), status=RegistrationStatus.CANCELLED
    )
    attendance_manual(activity=activity, member=world.member_a, reason="会后补登", actor=world.org_admin)
    client = _client(world.org_admin)
    page = client.get(
        reverse("activities:attendance", args=[activity.pk]) + "?status=absent"
    ).content.decode()
    assert "戊会员" in page
    assert "甲会员" not in page.split('id="attendance-table"')[1]
    assert "己会员" not in page
    # after the end the activity page offers the report first, no longer the scanner (its window has closed)
    panel = (
        client.get(reverse("activities:detail", args=[activity.pk]))
        .content.decode()
        .split('id="activity-attendance-panel"')[1]
    )
    assert reverse("activities:scan", args=[activity.pk]) not in panel
    assert f'btn-primary" href="{reverse("activities:report", args=[activity.pk])}"' in panel
    export_url = reverse("activities:attendance_export", args=[activity.pk])
    assert client.get(export_url).status_code == 405
    response = client.post(export_url)
    assert "no-store" in response["Cache-Control"]
    assert sheet_names(response.content) == ["签到名单", "未到"]
    assert AuditLog.objects.filter(action=AuditAction.EXPORT).exists()
    assert "戊会员" in [str(v) for row in read_rows(response.content, sheet="未到") for v in row]


def test_no_show_list_is_empty_before_the_end(world, activity):
    page = _client(world.org_admin).get(
        reverse("activities:attendance", args=[activity.pk]) + "?status=absent"
    )
    assert "活动结束后才统计未到人员" in page.content.decode()


def test_the_report_after_the_end_and_a_photo(world, activity):
    with pytest.raises(ValidationError):
        activity_report_save(activity=activity, text="很成功", actor=world.org_admin)
    done = ended_activity(world)
    client = _client(world.org_admin)
    url = reverse("activities:report", args=[done.pk])
    assert client.post(url, {"report": "共 30 人参加，比赛圆满完成。"}).status_code == 302
    done.refresh_from_db()
    assert done.report.startswith("共 30 人")
    assert done.reported_at is not None
    photo_url = reverse("activities:photo_add", args=[done.pk])
    upload = SimpleUploadedFile("合影.png", PNG, content_type="image/png")
    assert client.post(photo_url, {"photo": upload}).status_code == 302
    photo = Attachment.objects.get()
    actions = list(timeline_for(done).values_list("action", flat=True))
    assert actions == [ActivityAction.REPORTED, ActivityAction.PHOTO_ADDED]
    assert "合影.png" in client.get(url).content.decode()
    view = reverse("attachments:attachment_view", args=[photo.public_id])
    assert client.get(view).status_code == 200
    assert _client(world.outsider).get(view).status_code == 404
    # a wrong photo is removed (org B's admin cannot), on the timeline
    remove = reverse("activities:photo_remove", args=[done.pk, photo.public_id])
    assert _client(world.outsider).post(remove).status_code == 404
    assert client.post(remove).status_code == 302
    assert not Attachment.objects.exists()
    assert list(timeline_for(done).values_list("action", flat=True))[-1] == ActivityAction.PHOTO_REMOVED
    # a renamed non-image is refused with the file's name
    fake = SimpleUploadedFile("假照片.png", b"not a picture at all", content_type="image/png")
    with pytest.raises(ValidationError) as refused:
        activity_photo_add(activity=done, upload=fake, actor=world.org_admin)
    assert "假照片.png" in refused.value.messages[0]


@pytest.mark.parametrize("route", ["scan", "attendance", "attendance_manual", "report"])
def test_three_actors_on_the_console_pages(world, activity, route):
    url = reverse(f"activities:{route}", args=[activity.pk])
    assert _client(world.org_admin).get(url).status_code == 200
    assert _client(world.org_member).get(url).status_code == 403
    assert _client(world.outsider).get(url).status_code == 404


def test_the_activity_page_panel_and_the_members_own_list(world, activity):
    checkin_validate(target=activity, payload=code_of(world.member_a), actor=world.org_admin)
    detail = _client(world.org_admin).get(reverse("activities:detail", args=[activity.pk])).content.decode()
    panel = detail.split('id="activity-attendance-panel"')[1]
    assert reverse("activities:scan", args=[activity.pk]) in panel
    assert "data-panel-checked-in>1<" in panel
    assert not [
        s for s in record_panels_for(world.outsider, activity) if s.panel.key == "activities.attendance"
    ]
    mine = _client(world.org_member).get(reverse("activities_portal:my_attendance"))
    assert mine.status_code == 200
    assert "教职工羽毛球赛" in mine.content.decode()
    theirs = _client(org_member(world, "13700007777", "庚会员", "A0007").user).get(
        reverse("activities_portal:my_attendance")
    )
    assert "教职工羽毛球赛" not in theirs.content.decode()
    # 我的 links the list: the member who attended sees the line, one who never did does not
    me = _client(world.org_member).get(reverse("portal:me")).content.decode()
    assert reverse("activities_portal:my_attendance") in me
    assert "本年参加 1 次活动" in me
    other = org_member(world, "13700007778", "辛会员", "A0008").user
    assert (
        reverse("activities_portal:my_attendance")
        not in _client(other).get(reverse("portal:me")).content.decode()
    )

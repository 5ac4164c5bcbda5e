"""The 公示 services: windows counted per kind, entries that never publish an ID number or phone, objections within
the window by the audience only, answers (an upheld one withdraws the entry through the owner's callback), the
audited reveal, cancel, and the idempotent close job putting the result on the owner's timeline."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import make_member_user
from gonghui.accounts.identity import decrypt_identifier
from gonghui.accounts.tests.factories import RoleGrantFactory, UserFactory
from gonghui.calendars.workdays import is_workday
from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog
from gonghui.core.timeline import timeline_for
from gonghui.notices.choices import (
    EntryStatus,
    NoticeAction,
    NoticeStatus,
    ObjectionOutcome,
    ObjectionStatus,
    WindowUnit,
)
from gonghui.notices.models import Notice
from gonghui.notices.permissions import OFFICER_ROLE
from gonghui.notices.services import (
    EntryInput,
    notice_cancel,
    notice_close,
    notice_publish,
    notice_update,
    notices_close_due,
    objection_answer,
    objection_contact_reveal,
    objection_submit,
    window_end,
)
from gonghui.notifications.models import Notification

from .factories import make_notice, make_objection
from .kinds import CALLS

pytestmark = pytest.mark.django_db


def _start(notice: Notice) -> dt.date:
    assert notice.starts_on is not None
    return notice.starts_on


def _end(notice: Notice) -> dt.date:
    assert notice.ends_on is not None
    return notice.ends_on


def _day_after(notice: Notice) -> dt.date:
    return _end(notice) + dt.timedelta(days=1)


# ---- windows ----------------------------------------------------------------------------------------------------


def test_a_window_of_working_days_skips_the_weekend():
    # Friday 5 June 2026: Fri, Mon, Tue, Wed, Thu
    assert window_end(starts_on=dt.date(2026, 6, 5), length=5, unit=WindowUnit.WORKDAYS) == dt.date(
        2026, 6, 11
    )


def test_a_window_of_working_days_skips_the_national_holiday():
    start = dt.date(2026, 9, 30)
    end = window_end(starts_on=start, length=5, unit=WindowUnit.WORKDAYS)
    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    assert sum(is_workday(day) for day in days) == 5
    assert is_workday(end)
    assert not is_workday(dt.date(2026, 10, 1))
    assert end > dt.date(2026, 10, 7)


def test_a_window_starting_on_a_weekend_counts_from_the_next_working_day():
    assert window_end(starts_on=dt.date(2026, 6, 6), length=1, unit=WindowUnit.WORKDAYS) == dt.date(
        2026, 6, 8
    )


def test_a_window_of_calendar_days_counts_every_day():
    assert window_end(starts_on=dt.date(2026, 6, 5), length=7, unit=WindowUnit.DAYS) == dt.date(2026, 6, 11)


def test_each_kind_says_its_default_window_and_unit(officers, test_kind):
    world = officers
    org_notice = make_notice(org=world.org_a, actor=world.org_admin, publish=False)
    assert (org_notice.window_length, org_notice.window_unit) == (5, WindowUnit.WORKDAYS)
    kind_notice = make_notice(org=world.org_a, actor=world.org_admin, publish=False, kind=test_kind)
    assert (kind_notice.window_length, kind_notice.window_unit) == (7, WindowUnit.DAYS)
    published = notice_publish(notice=kind_notice, actor=world.org_admin)
    assert published.ends_on == _start(published) + dt.timedelta(days=6)


# ---- create, edit, publish --------------------------------------------------------------------------------------


def test_create_keeps_only_the_published_facts_and_audits(officers):
    world = officers
    notice = make_notice(org=world.org_a, actor=world.org_admin, publish=False)
    assert notice.status == NoticeStatus.DRAFT
    assert notice.audience == world.org_a
    assert list(notice.entries.values_list("name", "unit", "status")) == [
        ("王建华", "甲县第一中学", EntryStatus.LISTED),
        ("李秀兰", "甲县第一中学", EntryStatus.LISTED),
    ]
    assert AuditLog.objects.filter(object_id=str(notice.pk), summary__contains="创建公示").exists()


@pytest.mark.parametrize(
    "entry",
    [
        EntryInput(name="王建华", unit="甲县第一中学", reason="身份证410802198805170011"),
        EntryInput(name="王建华", unit="甲县第一中学", reason="优秀", extra="电话13812345678"),
    ],
)
def test_an_entry_with_an_id_number_or_a_phone_is_refused(officers, entry):
    with pytest.raises(ValidationError) as error:
        make_notice(org=officers.org_a, actor=officers.org_admin, entries=[entry], publish=False)
    assert "身份证号或手机号" in str(error.value)


def test_an_admin_of_another_union_cannot_create_a_notice_for_org_a(officers):
    with pytest.raises(PermissionDenied):
        make_notice(org=officers.org_a, actor=officers.outsider, publish=False)


def test_a_plain_member_cannot_create_a_notice(officers):
    with pytest.raises(PermissionDenied):
        make_notice(org=officers.org_a, actor=officers.org_member, publish=False)


def test_publish_computes_the_window_and_records_it(officers):
    world = officers
    notice = make_notice(org=world.org_a, actor=world.org_admin, publish=False)
    notice = notice_publish(notice=notice, actor=world.org_admin, starts_on=dt.date(2026, 6, 5) + _future())
    assert notice.status == NoticeStatus.PUBLISHED
    assert notice.ends_on == window_end(starts_on=_start(notice), length=5, unit=WindowUnit.WORKDAYS)
    assert [row.action for row in timeline_for(notice)] == [NoticeAction.CREATE, NoticeAction.PUBLISH]
    assert AuditLog.objects.filter(object_id=str(notice.pk), summary__contains="发布公示").exists()
    # publishing sends nobody anything: the notice shows on the portal
    assert not Notification.objects.exists()


def _future() -> dt.timedelta:
    """Shift a fixed date into the future (publication never starts in the past), whole weeks keep the weekday."""
    weeks = max(0, (timezone.localdate() - dt.date(2026, 6, 5)).days // 7 + 1)
    return dt.timedelta(weeks=weeks)


def test_publish_refuses_a_start_in_the_past_and_a_notice_without_entries(officers):
    world = officers
    notice = make_notice(org=world.org_a, actor=world.org_admin, publish=False)
    with pytest.raises(ValidationError) as error:
        notice_publish(
            notice=notice, actor=world.org_admin, starts_on=timezone.localdate() - dt.timedelta(days=1)
        )
    assert "starts_on" in error.value.message_dict
    notice_update(
        notice=notice, title=notice.title, body="", window_length=5, entries=[], actor=world.org_admin
    )
    with pytest.raises(ValidationError) as error:
        notice_publish(notice=notice, actor=world.org_admin)
    assert "entries" in error.value.message_dict


def test_a_published_notice_can_no_longer_be_edited(officers):
    world = officers
    notice = make_notice(org=world.org_a, actor=world.org_admin)
    with pytest.raises(ValidationError):
        notice_update(
            notice=notice, title="改", body="", window_length=5, entries=None, actor=world.org_admin
        )


def test_the_outsider_cannot_publish_or_cancel_org_a_notice(officers):
    world = officers
    notice = make_notice(org=world.org_a, actor=world.org_admin, publish=False)
    with pytest.raises(PermissionDenied):
        notice_publish(notice=notice, actor=world.outsider)
    with pytest.raises(PermissionDenied):
        notice_cancel(notice=notice, reason="不该发", actor=world.outsider)


# ---- objections -------------------------------------------------------------------------------------------------


def test_a_member_below_the_audience_objects_within_the_window(officers):
    world = officers
    notice = make_notice(org=world.city, actor=_city_admin(world))  # the city's notice reaches org A's member
    objection = make_objection(notice=notice, user=world.org_member, entry=notice.entries.first())
    assert objection.status == ObjectionStatus.OPEN
    assert objection.number.startswith(f"YY{world.city.pk}-")
    assert objection.shown_name == "甲会员"
    assert not objection.anonymous
    # the publisher hears of it in the inbox
    assert Notification.objects.filter(recipient=notice.created_by, title="公示收到异议").exists()
    assert NoticeAction.OBJECTION in [row.action for row in timeline_for(notice)]


def _city_admin(world):
    user = UserFactory.create(username="city_officer", name="市公示管理员")
    RoleGrantFactory.create(user=user, role=OFFICER_ROLE, org=world.city)
    return user


def test_a_member_outside_the_audience_cannot_object(officers):
    world = officers
    notice = make_notice(org=world.org_a, actor=world.org_admin)
    outsider_member, _member = make_member_user("13700002222", world.org_b, name="乙会员")
    with pytest.raises(PermissionDenied):
        make_objection(notice=notice, user=outsider_member)
    # a cadre without a member record is no member of any union
    with pytest.raises(PermissionDenied):
        make_objection(notice=notice, user=world.org_admin)


def test_no_objection_before_the_window_opens_or_after_it_closed(officers):
    world = officers
    later = make_notice(
        org=world.org_a, actor=world.org_admin, starts_on=timezone.localdate() + dt.timedelta(days=3)
    )
    with pytest.raises(ValidationError) as error:
        make_objection(notice=later, user=world.org_member)
    assert "不在公示期内" in str(error.value)
    notice = make_notice(org=world.org_a, actor=world.org_admin)
    notice_close(notice=notice, today=_day_after(notice))
    notice.refresh_from_db()
    with pytest.raises(ValidationError):
        make_objection(notice=notice, user=world.org_member)


def test_an_anonymous_objection_keeps_its_contact_encrypted(officers):
    world = officers
    notice = make_notice(org=world.org_a, actor=world.org_admin)
    objection = make_objection(notice=notice, user=world.org_member, anonymous=True, contact="13955556666")
    assert objection.shown_name == ""
    assert "13955556666" not in objection.contact_encrypted
    assert decrypt_identifier(objection.contact_encrypted) == "13955556666"
    with pytest.raises(ValidationError) as error:
        make_objection(notice=notice, user=world.org_member, anonymous=True, contact="不告诉你")
    assert "contact" in error.value.message_dict


def test_an_objection_names_an_entry_of_its_own_notice(officers):
    world = officers
    notice = make_notice(org=world.org_a, actor=world.org_admin)
    other = make_notice(org=world.org_a, actor=world.org_admin, title="另一公示")
    with pytest.raises(ValidationError) as error:
        make_objection(notice=notice, user=world.org_member, entry=other.entries.first())
    assert "entry" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        objection_submit(notice=notice, user=world.org_member, text="短")
    assert "text" in error.value.message_dict


# ---- answers ----------------------------------------------------------------------------------------------------


def test_an_upheld_objection_withdraws_the_entry_through_the_owner_callback(officers, test_kind):
    world = officers
    notice = make_notice(
        org=world.org_a,
        actor=world.org_admin,
        kind=test_kind,
        entries=[
            EntryInput(
                name=world.member_a.name,
                unit="甲县第一中学",
                reason="志愿服务100小时",
                subject=world.member_a,
            )
        ],
    )
    entry = notice.entries.get()
    objection = make_objection(notice=notice, user=world.org_member, entry=entry)
    objection_answer(
        objection=objection, outcome=ObjectionOutcome.UPHELD, answer="经核实属实", actor=world.org_admin
    )
    entry.refresh_from_db()
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.UPHELD
    assert objection.answered_by == world.org_admin
    assert entry.status == EntryStatus.WITHDRAWN
    assert ("withdrawn", world.member_a) in CALLS
    # the owner's timeline (the test kind records on the owner org) holds the withdrawal
    assert f"notice_{NoticeAction.ENTRY_WITHDRAW}" in [row.action for row in timeline_for(world.org_a)]
    # the objector reads the answer in the inbox
    assert Notification.objects.filter(recipient=world.org_member, title="您的异议已答复").exists()


def test_a_dismissed_objection_leaves_the_entry_listed(officers):
    world = officers
    notice = make_notice(org=world.org_a, actor=world.org_admin)
    entry = notice.entries.get(position=1)
    objection = make_objection(notice=notice, user=world.org_member, entry=entry)
    objection_answer(
        objection=objection, outcome=ObjectionOutcome.DISMISSED, answer="不属实", actor=world.org_admin
    )
    entry.refresh_from_db()
    assert entry.status == EntryStatus.LISTED
    with pytest.raises(ValidationError):  # answered once
        objection_answer(
            objection=objection, outcome=ObjectionOutcome.UPHELD, answer="改判", actor=world.org_admin
        )


def test_only_a_manager_of_the_owner_answers(officers):
    world = officers
    notice = make_notice(org=world.org_a, actor=world.org_admin)
    objection = make_objection(notice=notice, user=world.org_member)
    for actor in (world.outsider, world.org_member):
        with pytest.raises(PermissionDenied):
            objection_answer(
                objection=objection, outcome=ObjectionOutcome.DISMISSED, answer="不属实", actor=actor
            )
    with pytest.raises(ValidationError) as error:
        objection_answer(
            objection=objection, outcome=ObjectionOutcome.DISMISSED, answer=" ", actor=world.org_admin
        )
    assert "answer" in error.value.message_dict


def test_the_reveal_of_an_anonymous_contact_is_audited(officers):
    world = officers
    notice = make_notice(org=world.org_a, actor=world.org_admin)
    objection = make_objection(notice=notice, user=world.org_member, anonymous=True, contact="13955556666")
    with pytest.raises(ValidationError):
        objection_contact_reveal(objection=objection, actor=world.org_admin, reason="看")
    with pytest.raises(PermissionDenied):
        objection_contact_reveal(objection=objection, actor=world.outsider, reason="需要核实情况")
    contact = objection_contact_reveal(objection=objection, actor=world.org_admin, reason="需要核实情况")
    assert contact == "13955556666"
    log = AuditLog.objects.get(action=AuditAction.REVEAL)
    assert log.actor == world.org_admin
    assert "需要核实情况" in log.summary
    assert "13955556666" not in log.summary + str(log.detail)


# ---- cancel and close -------------------------------------------------------------------------------------------


def test_cancel_needs_a_reason(officers):
    world = officers
    notice = make_notice(org=world.org_a, actor=world.org_admin)
    with pytest.raises(ValidationError):
        notice_cancel(notice=notice, reason=" ", actor=world.org_admin)
    notice = notice_cancel(notice=notice, reason="名单有误，重新公示", actor=world.org_admin)
    assert notice.status == NoticeStatus.CANCELLED
    assert notice.cancel_reason == "名单有误，重新公示"


def test_the_close_job_closes_ended_windows_once_and_records_the_result(officers):
    world = officers
    notice = make_notice(org=world.org_a, actor=world.org_admin)
    objection = make_objection(notice=notice, user=world.org_member, entry=notice.entries.first())
    objection_answer(
        objection=objection, outcome=ObjectionOutcome.UPHELD, answer="属实", actor=world.org_admin
    )
    assert notices_close_due(today=_end(notice)) == "公示期满关闭 0 条"  # the last day is still in the window
    after = _day_after(notice)
    assert notices_close_due(today=after) == "公示期满关闭 1 条"
    assert notices_close_due(today=after) == "公示期满关闭 0 条"  # idempotent
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.CLOSED
    result = [row for row in timeline_for(notice) if row.action == NoticeAction.RESULT]
    assert len(result) == 1
    assert "公示对象2个，撤下1个" in result[0].note
    assert "成立1件" in result[0].note


def test_the_close_calls_the_owner_kind(officers, test_kind):
    world = officers
    notice = make_notice(org=world.org_a, actor=world.org_admin, kind=test_kind)
    notices_close_due(today=_day_after(notice))
    assert ("closed", notice.pk) in CALLS
    assert ("timeline", NoticeAction.RESULT) in CALLS
    assert f"notice_{NoticeAction.RESULT}" in [row.action for row in timeline_for(world.org_a)]

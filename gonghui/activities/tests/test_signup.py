"""Sign-up rules (part signup): the state a sign-up reaches (已报名, 候补中, 待审核, refused when full without a
waiting list, outside the window, outside the audience), the waiting list promoted in queue order when a place
frees (a member's cancel, the organiser's 不通过 or 取消), the member's cancellation cutoff, the reminders sent
once, and who may decide."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import make_member_user
from gonghui.activities.choices import RegistrationAction, RegistrationStatus
from gonghui.activities.models import Registration
from gonghui.activities.services.signup import (
    activity_reminders_job,
    registration_approve,
    registration_cancel,
    registration_cancel_by_organiser,
    registration_reject,
)
from gonghui.core.timeline import timeline_for
from gonghui.notifications.models import Notification

from .factories_signup import make_members, make_signup_activity, sign_up

pytestmark = pytest.mark.django_db


def _status(row: Registration) -> str:
    return Registration.objects.get(pk=row.pk).status


def test_a_free_place_confirms_with_a_receipt_number_and_a_timeline_row(world):
    activity = make_signup_activity(org=world.org_a, actor=world.org_admin, capacity=2)
    row = sign_up(activity, world.member_a, note="素食")
    assert row.status == RegistrationStatus.CONFIRMED
    assert row.number.startswith(f"BM{timezone.localdate().year}")
    assert [e.action for e in timeline_for(row)] == [RegistrationAction.SIGNED_UP]
    with pytest.raises(ValidationError, match="不能重复报名"):
        sign_up(activity, world.member_a)


def test_full_with_a_waiting_list_queues_and_without_one_is_refused(world):
    queued = make_signup_activity(org=world.org_a, actor=world.org_admin, capacity=1)
    closed = make_signup_activity(org=world.org_a, actor=world.org_admin, capacity=1, waitlist=False)
    first, second = make_members(world.org_a, 2)
    sign_up(queued, first)
    sign_up(closed, first)
    waiting = sign_up(queued, second)
    assert waiting.status == RegistrationStatus.WAITLISTED
    assert waiting.queued_at is not None
    with pytest.raises(ValidationError, match="名额已满"):
        sign_up(closed, second)
    assert not Registration.objects.filter(activity=closed, member=second).exists()


def test_approval_puts_sign_ups_to_the_organiser_who_gives_a_place_or_the_waiting_list(world):
    activity = make_signup_activity(
        org=world.org_a, actor=world.org_admin, capacity=1, approval_required=True
    )
    first, second = make_members(world.org_a, 2)
    one, two = sign_up(activity, first), sign_up(activity, second)
    assert one.status == two.status == RegistrationStatus.PENDING
    assert (
        registration_approve(registration=one, actor=world.org_admin).status == RegistrationStatus.CONFIRMED
    )
    approved = registration_approve(registration=two, actor=world.org_admin, note="候补")
    assert approved.status == RegistrationStatus.WAITLISTED
    assert approved.decided_by == world.org_admin
    assert Notification.objects.filter(recipient=second.user, title__contains="审核通过").exists()


@pytest.mark.parametrize(
    ("window", "message"),
    [
        ({"signup_opens_at": dt.timedelta(days=1)}, "报名尚未开始"),
        ({"signup_closes_at": -dt.timedelta(minutes=1)}, "报名已截止"),
    ],
)
def test_outside_the_window_is_refused(world, window, message):
    now = timezone.now()
    activity = make_signup_activity(
        org=world.org_a, actor=world.org_admin, **{k: now + v for k, v in window.items()}
    )
    with pytest.raises(ValidationError, match=message):
        sign_up(activity, world.member_a)


def test_a_member_outside_the_audience_is_refused(world):
    activity = make_signup_activity(org=world.org_a, actor=world.org_admin)
    _user, foreign = make_member_user("13700002222", world.org_b, name="乙会员")
    with pytest.raises(ValidationError, match="参加对象范围"):
        sign_up(activity, foreign)


def test_a_member_cancel_promotes_the_first_of_the_waiting_list_and_the_row_is_reused(world):
    activity = make_signup_activity(org=world.org_a, actor=world.org_admin, capacity=1)
    holder, early, late = make_members(world.org_a, 3)
    held = sign_up(activity, holder)
    first = sign_up(activity, early)
    second = sign_up(activity, late)
    assert first.queued_at is not None
    Registration.objects.filter(pk=second.pk).update(queued_at=first.queued_at + dt.timedelta(seconds=1))
    registration_cancel(registration=held, actor=holder.user)
    assert _status(held) == RegistrationStatus.CANCELLED
    assert _status(first) == RegistrationStatus.CONFIRMED
    assert _status(second) == RegistrationStatus.WAITLISTED
    assert [e.action for e in timeline_for(first)][-1] == RegistrationAction.PROMOTED
    assert Notification.objects.filter(recipient=early.user, title__contains="候补转正").exists()
    again = sign_up(activity, holder)  # the same row, the same receipt number; the place is gone
    assert (again.pk, again.number, again.status) == (held.pk, held.number, RegistrationStatus.WAITLISTED)


@pytest.mark.parametrize("how", ["reject", "cancel"])
def test_the_organisers_reject_or_cancel_of_a_confirmed_place_promotes(world, how):
    activity = make_signup_activity(org=world.org_a, actor=world.org_admin, capacity=1)
    holder, waiting = make_members(world.org_a, 2)
    held, queued = sign_up(activity, holder), sign_up(activity, waiting)
    if how == "reject":
        registration_reject(registration=held, actor=world.org_admin, reason="非本单位在职教职工")
        assert _status(held) == RegistrationStatus.REJECTED
    else:
        registration_cancel_by_organiser(registration=held, actor=world.org_admin, reason="本人电话申请取消")
        assert _status(held) == RegistrationStatus.CANCELLED
    assert _status(queued) == RegistrationStatus.CONFIRMED
    assert Notification.objects.filter(recipient=holder.user, body__contains="原因").exists()
    with pytest.raises(ValidationError, match="请填写"):
        registration_reject(registration=queued, actor=world.org_admin, reason=" ")


def test_a_cancel_after_the_cutoff_is_refused_with_the_reason(world):
    activity = make_signup_activity(org=world.org_a, actor=world.org_admin, contact="王老师 13800001234")
    row = sign_up(activity, world.member_a)
    type(activity).objects.filter(pk=activity.pk).update(
        cancel_cutoff=timezone.now() - dt.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError, match="已过取消报名截止时间.*王老师"):
        registration_cancel(registration=row, actor=world.org_member)
    assert _status(row) == RegistrationStatus.CONFIRMED


def test_the_reminder_job_tells_each_confirmed_registrant_once(world):
    soon = make_signup_activity(
        org=world.org_a, actor=world.org_admin, starts_in=dt.timedelta(hours=10), reminder_hours=24
    )
    later = make_signup_activity(org=world.org_a, actor=world.org_admin, starts_in=dt.timedelta(days=5))
    pending = make_members(world.org_a, 1)[0]
    sign_up(soon, world.member_a)
    sign_up(later, world.member_a)
    Registration.objects.create(
        activity=soon, member=pending, number="BMTEST1", status=RegistrationStatus.PENDING
    )
    assert "1" in activity_reminders_job()
    assert activity_reminders_job() == "活动开始前提醒 0 人"
    told = Notification.objects.filter(title__startswith="活动提醒")
    assert [n.recipient for n in told] == [world.org_member]
    assert Registration.objects.get(activity=soon, member=world.member_a).reminded_at is not None
    assert Registration.objects.get(activity=later, member=world.member_a).reminded_at is None


@pytest.mark.parametrize("who", ["org_member", "outsider"])
def test_only_the_organiser_decides(world, who):
    activity = make_signup_activity(org=world.org_a, actor=world.org_admin, approval_required=True)
    row = sign_up(activity, world.member_a)
    with pytest.raises(PermissionDenied):
        registration_approve(registration=row, actor=getattr(world, who))
    with pytest.raises(PermissionDenied):
        registration_cancel_by_organiser(registration=row, actor=getattr(world, who), reason="x")
    assert _status(row) == RegistrationStatus.PENDING

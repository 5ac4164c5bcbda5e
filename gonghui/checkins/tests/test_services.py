"""Services of 签到: a scanned 会员码 checks a member in once; every refusal names its reason in Chinese; the manual
fallback; the session's time window and 名单; the secret's replacement; the session services."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import make_member_user
from gonghui.checkins.choices import CheckinMethod
from gonghui.checkins.codes import step_of
from gonghui.checkins.models import CheckIn, MemberCodeSecret
from gonghui.checkins.services import (
    checkin_manual,
    checkin_validate,
    member_code_secret_issue,
    session_create,
    session_update,
)
from gonghui.core.models import AuditLog
from gonghui.members.choices import MemberStatus
from gonghui.members.models import TargetList, TargetListEntry

from .factories import code_of, make_session


def _refusal(call) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call()
    assert CheckIn.objects.count() == 0
    return caught.value


def test_a_fresh_code_checks_the_member_in(world, session_a):
    # given
    now = timezone.now()
    payload = code_of(world.member_a, at=now)
    # when
    check_in = checkin_validate(target=session_a, payload=payload, actor=world.org_admin, now=now)
    # then
    assert CheckIn.objects.get() == check_in
    assert (check_in.member, check_in.org, check_in.method, check_in.by, check_in.step) == (
        world.member_a,
        world.org_a,
        CheckinMethod.SCAN,
        world.org_admin,
        step_of(now),
    )
    assert check_in.target == session_a
    assert check_in.target_kind == "checkins.session"


def test_the_code_of_the_previous_step_is_still_accepted(world, session_a):
    now = timezone.now()
    payload = code_of(world.member_a, at=now - dt.timedelta(seconds=30))
    check_in = checkin_validate(target=session_a, payload=payload, actor=world.org_admin, now=now)
    assert check_in.step == step_of(now) - 1


def test_the_same_code_again_is_refused_as_already_checked_in(world, session_a):
    now = timezone.now()
    payload = code_of(world.member_a, at=now)
    checkin_validate(target=session_a, payload=payload, actor=world.org_admin, now=now)
    with pytest.raises(ValidationError) as caught:
        checkin_validate(target=session_a, payload=payload, actor=world.org_admin, now=now)
    assert caught.value.code == "already"
    assert caught.value.messages[0].startswith("已签到（")
    assert CheckIn.objects.count() == 1


def test_a_second_session_takes_the_same_member_again(world, session_a):
    other = make_session(org=world.org_a, actor=world.org_admin, title="第二场")
    now = timezone.now()
    checkin_validate(
        target=session_a, payload=code_of(world.member_a, at=now), actor=world.org_admin, now=now
    )
    checkin_validate(target=other, payload=code_of(world.member_a, at=now), actor=world.org_admin, now=now)
    assert CheckIn.objects.filter(member=world.member_a).count() == 2


@pytest.mark.parametrize(
    ("_case", "payload", "code", "message"),
    [
        ("empty", "", "malformed", "不是有效的会员码，请会员打开“我的会员码”重新出示"),
        (
            "the old static card code",
            "3f2a9c1b7d4e4b0c9a1d2e3f4a5b6c7d:Xy3kZ8bQ1pVw9sT4uR7eN2mL5oK",
            "malformed",
            "不是有效的会员码，请会员打开“我的会员码”重新出示",
        ),
        ("unknown member", "GH1:" + "ab" * 16 + ":12345678", "unknown_member", "会员码对应的会员不存在"),
    ],
)
def test_a_payload_that_is_not_a_live_member_code_is_refused(world, session_a, _case, payload, code, message):
    error = _refusal(lambda: checkin_validate(target=session_a, payload=payload, actor=world.org_admin))
    assert (error.code, error.messages) == (code, [message])


def test_a_member_without_a_secret_is_unknown(world, session_a):
    payload = "GH1:" + world.member_a.public_id.hex + ":12345678"
    error = _refusal(lambda: checkin_validate(target=session_a, payload=payload, actor=world.org_admin))
    assert error.code == "unknown_member"


def test_a_code_older_than_60_seconds_is_expired(world, session_a):
    now = timezone.now()
    payload = code_of(world.member_a, at=now - dt.timedelta(seconds=61 + (int(now.timestamp()) % 30)))
    error = _refusal(
        lambda: checkin_validate(target=session_a, payload=payload, actor=world.org_admin, now=now)
    )
    assert (error.code, error.messages) == ("expired", ["会员码已过期（超过60秒），请会员刷新后重新出示"])


def test_a_wrong_code_is_invalid(world, session_a):
    code_of(world.member_a)  # the secret exists
    payload = "GH1:" + world.member_a.public_id.hex + ":00000000"
    error = _refusal(lambda: checkin_validate(target=session_a, payload=payload, actor=world.org_admin))
    assert error.code in {
        "invalid",
        "expired",
    }  # 00000000 may, once in 10^7, be a real code of the last minutes


def test_a_replaced_secret_voids_the_codes_of_the_old_phone(world, session_a):
    now = timezone.now()
    old = code_of(world.member_a, at=now)
    member_code_secret_issue(member=world.member_a, actor=world.org_member)
    error = _refusal(lambda: checkin_validate(target=session_a, payload=old, actor=world.org_admin, now=now))
    assert error.code == "invalid"
    assert MemberCodeSecret.objects.get(member=world.member_a).rotated_at is not None


def test_a_member_of_another_union_is_refused(world, session_a):
    _user, member_b = make_member_user("13700002222", world.org_b, name="乙会员")
    now = timezone.now()
    payload = code_of(member_b, at=now)
    error = _refusal(
        lambda: checkin_validate(target=session_a, payload=payload, actor=world.org_admin, now=now)
    )
    assert (error.code, error.messages) == ("foreign", ["乙*员 不在本次签到范围"])


def test_a_member_who_left_is_refused(world, session_a):
    now = timezone.now()
    payload = code_of(world.member_a, at=now)
    world.member_a.status = MemberStatus.LEFT
    world.member_a.save(update_fields=["status"])
    error = _refusal(
        lambda: checkin_validate(target=session_a, payload=payload, actor=world.org_admin, now=now)
    )
    assert error.code == "foreign"


def test_a_session_with_a_target_list_admits_only_its_members(world):
    # given: a 名单 of org A holding another member, not member_a
    _user, listed = make_member_user("13700003333", world.org_a, name="名单会员")
    target_list = TargetList.objects.create(
        org=world.org_a, name="培训班学员", reason="培训签到", source="filter", created_by=world.org_admin
    )
    TargetListEntry.objects.create(target_list=target_list, member=listed)
    session = make_session(org=world.org_a, actor=world.org_admin, target_list=target_list)
    now = timezone.now()
    # when / then
    checkin_validate(target=session, payload=code_of(listed, at=now), actor=world.org_admin, now=now)
    error = _refusal_keep(
        lambda: checkin_validate(
            target=session, payload=code_of(world.member_a, at=now), actor=world.org_admin, now=now
        )
    )
    assert error.code == "foreign"


def _refusal_keep(call) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value


def test_outside_the_time_window_is_refused(world):
    now = timezone.now()
    later = make_session(
        org=world.org_a,
        actor=world.org_admin,
        title="明天的签到",
        starts_at=now + dt.timedelta(days=1),
        ends_at=now + dt.timedelta(days=1, hours=2),
    )
    ended = make_session(
        org=world.org_a,
        actor=world.org_admin,
        title="昨天的签到",
        starts_at=now - dt.timedelta(days=1, hours=2),
        ends_at=now - dt.timedelta(days=1),
    )
    payload = code_of(world.member_a, at=now)
    error = _refusal(lambda: checkin_validate(target=later, payload=payload, actor=world.org_admin, now=now))
    assert error.code == "not_started"
    assert error.messages[0].startswith("签到尚未开始（")
    error = _refusal(lambda: checkin_validate(target=ended, payload=payload, actor=world.org_admin, now=now))
    assert (error.code, error.messages) == ("ended", ["签到已结束"])
    error = _refusal(
        lambda: checkin_manual(target=ended, member=world.member_a, actor=world.org_admin, now=now)
    )
    assert error.code == "ended"


@pytest.mark.parametrize(("_case", "actor"), [("plain member", "org_member"), ("admin of org B", "outsider")])
def test_only_a_cadre_managing_the_session_checks_in(world, session_a, _case, actor):
    user = getattr(world, actor)
    with pytest.raises(PermissionDenied):
        checkin_validate(target=session_a, payload=code_of(world.member_a), actor=user)
    with pytest.raises(PermissionDenied):
        checkin_manual(target=session_a, member=world.member_a, actor=user)
    assert CheckIn.objects.count() == 0


def test_the_manual_fallback_checks_in_once(world, session_a):
    check_in = checkin_manual(target=session_a, member=world.member_a, actor=world.org_admin)
    assert (check_in.method, check_in.step) == (CheckinMethod.MANUAL, None)
    with pytest.raises(ValidationError) as caught:
        checkin_manual(target=session_a, member=world.member_a, actor=world.org_admin)
    assert caught.value.code == "already"
    # a scan after the manual check-in is refused the same way
    with pytest.raises(ValidationError) as caught:
        checkin_validate(target=session_a, payload=code_of(world.member_a), actor=world.org_admin)
    assert caught.value.code == "already"
    assert CheckIn.objects.count() == 1


def test_the_manual_fallback_refuses_a_member_of_another_union(world, session_a):
    _user, member_b = make_member_user("13700002222", world.org_b, name="乙会员")
    error = _refusal(lambda: checkin_manual(target=session_a, member=member_b, actor=world.org_admin))
    assert error.code == "foreign"


def test_the_secret_is_stored_encrypted(world):
    member_code_secret_issue(member=world.member_a, actor=world.org_member)
    row = MemberCodeSecret.objects.get(member=world.member_a)
    from gonghui.checkins.selectors import member_code_secret_of

    secret = member_code_secret_of(world.member_a)
    assert secret is not None
    assert len(secret) == 20
    assert secret.hex() not in row.secret_encrypted


def test_a_session_ends_after_it_starts_and_is_audited(world):
    now = timezone.now()
    with pytest.raises(ValidationError) as caught:
        session_create(
            org=world.org_a,
            title="颠倒的签到",
            place="",
            starts_at=now,
            ends_at=now,
            target_list=None,
            actor=world.org_admin,
        )
    assert caught.value.message_dict == {"ends_at": ["签到结束时间须晚于开始时间"]}
    session = make_session(org=world.org_a, actor=world.org_admin)
    session_update(
        session=session,
        title="改名的签到",
        place="礼堂",
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        target_list=None,
        actor=world.org_admin,
    )
    session.refresh_from_db()
    assert (session.title, session.place) == ("改名的签到", "礼堂")
    assert AuditLog.objects.filter(summary="修改签到场次「改名的签到」").count() == 1

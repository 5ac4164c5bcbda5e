"""短信验证码登录 on the portal: a member-only account logs in with phone + code; a cadre account (even one with a
member record) and an unknown phone get the same answers and cannot log in by SMS; limits per phone (5 an hour,
10 a day) and per requesting address (20 an hour); codes expire and are used once; every try is audited."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from conftest import make_member_user
from gonghui.accounts.choices import SmsCodePurpose
from gonghui.accounts.roles import UNION_STAFF
from gonghui.accounts.sms_codes import sms_code_send
from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.accounts.views import SMS_LOGIN_SENT
from gonghui.core.channels import ConsoleSmsBackend
from gonghui.core.models import AuditAction, AuditLog

pytestmark = pytest.mark.django_db(transaction=True)
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
MEMBER_PHONE = "13700001111"  # world.org_member: member-only
CADRE_PHONE = "13700002222"  # a 工会干事 who is also a member of org A
UNKNOWN_PHONE = "13700009999"
WRONG = "验证码不正确"


@pytest.fixture(autouse=True)
def _outbox():
    ConsoleSmsBackend.outbox.clear()
    yield
    ConsoleSmsBackend.outbox.clear()


@pytest.fixture
def cadre_member(world):
    user, _member = make_member_user(CADRE_PHONE, world.org_a, name="干事兼会员")
    RoleGrantFactory.create(user=user, role=UNION_STAFF, org=world.org_a)
    return user


def _ask(client: Client, phone: str, ip: str = "10.0.0.1") -> str:
    response = client.post(
        reverse("accounts:sms_code_send", args=["login"]), {"phone": phone}, REMOTE_ADDR=ip
    )
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode()).strip()


def _code(phone: str) -> str:
    texts = [m.text for m in ConsoleSmsBackend.outbox if m.phone == phone]
    assert texts, f"no SMS to {phone}"
    found = re.search(r"验证码为 (\d{6})", texts[-1])
    assert found is not None
    return found.group(1)


def _log_in(client: Client, phone: str, code: str, **extra: str):
    return client.post(reverse("accounts:sms_login"), {"phone": phone, "code": code, **extra})


def test_a_member_logs_in_with_a_code_and_it_is_audited(client, world):
    with time_machine.travel(START, tick=False):
        assert SMS_LOGIN_SENT in _ask(client, "137 0000 1111")
        code = _code(MEMBER_PHONE)
        assert "用于会员登录" in ConsoleSmsBackend.outbox[-1].text
        response = _log_in(client, MEMBER_PHONE, code)
        # (the session is read while the clock still stands at START: it would have expired by now)
        assert int(client.session[SESSION_KEY]) == world.org_member.pk
    assert response.status_code == 302
    assert response.url == reverse("portal:home")
    entry = AuditLog.objects.get(action=AuditAction.LOGIN)
    assert entry.summary == f"{world.org_member.username} 登录（短信验证码）"
    assert entry.org_id == world.org_a.pk


def test_the_login_page_offers_sms_and_the_join_door(client, world):
    page = client.get(reverse("accounts:sms_login")).content.decode()
    assert "获取验证码" in page
    assert reverse("accounts:sms_code_send", args=["login"]) in page
    assert 'aria-current="page">短信验证码登录' in page
    password_page = client.get(reverse("portal:login")).content.decode()
    assert f'href="{reverse("members:join_start")}"' in password_page
    assert "还不是会员？申请入会" in password_page
    assert 'aria-current="page">密码登录' in password_page


def test_three_actors_get_the_same_answer_and_only_the_member_gets_a_code(client, world, cadre_member):
    # when the member, a cadre who is also a member, and an unknown phone ask for a code
    with time_machine.travel(START, tick=False):
        answers = {phone: _ask(client, phone) for phone in (MEMBER_PHONE, CADRE_PHONE, UNKNOWN_PHONE)}
    # then the answers are identical, and only the member-only account was sent an SMS
    assert len(set(answers.values())) == 1
    assert SMS_LOGIN_SENT in answers[MEMBER_PHONE]
    assert [m.phone for m in ConsoleSmsBackend.outbox] == [MEMBER_PHONE]


def test_a_cadre_cannot_log_in_by_sms_even_with_the_right_code(client, world, cadre_member):
    with time_machine.travel(START, tick=False):
        # given the cadre somehow holds the right code for the phone
        sms_code_send(phone=CADRE_PHONE, purpose=SmsCodePurpose.LOGIN)
        response = _log_in(client, CADRE_PHONE, _code(CADRE_PHONE))
        # an unknown phone with a made-up code, and the member with a wrong code
        _ask(client, UNKNOWN_PHONE)
        unknown = _log_in(client, UNKNOWN_PHONE, "123456")
        _ask(client, MEMBER_PHONE)
        code = _code(MEMBER_PHONE)
        wrong = _log_in(client, MEMBER_PHONE, "000000" if code != "000000" else "111111")
    # then all three are refused with the same message and nobody is logged in
    for refused in (response, unknown, wrong):
        assert refused.status_code == 200
        assert WRONG in refused.content.decode()
    assert SESSION_KEY not in client.session
    failures = AuditLog.objects.filter(action=AuditAction.LOGIN_FAILED).order_by("id")
    assert [f.summary for f in failures] == [
        f"账号 {phone} 登录失败（短信验证码）" for phone in (CADRE_PHONE, UNKNOWN_PHONE, MEMBER_PHONE)
    ]
    assert failures[0].org_id == world.org_a.pk
    # and the cadre's password login still works as before
    assert not AuditLog.objects.filter(action=AuditAction.LOGIN).exists()


def test_a_code_expires_and_is_used_only_once(client, world):
    with time_machine.travel(START, tick=False) as traveller:
        _ask(client, MEMBER_PHONE)
        old = _code(MEMBER_PHONE)
        traveller.shift(dt.timedelta(minutes=5, seconds=1))
        expired = _log_in(client, MEMBER_PHONE, old)
        assert "验证码已过期或不存在，请重新获取" in expired.content.decode()
        assert SESSION_KEY not in client.session

        _ask(client, MEMBER_PHONE)
        code = _code(MEMBER_PHONE)
        assert _log_in(client, MEMBER_PHONE, code).status_code == 302
        other = Client()
        reused = _log_in(other, MEMBER_PHONE, code)
        assert SESSION_KEY not in other.session
    assert "验证码已过期或不存在，请重新获取" in reused.content.decode()


def test_bad_input_names_the_field(client, world):
    response = _log_in(client, "12345", "12")
    page = response.content.decode()
    assert "验证码为6位数字" in page
    assert SESSION_KEY not in client.session
    response = _log_in(client, "", "")
    assert "请填写手机号" in response.content.decode()
    assert "请填写短信验证码" in response.content.decode()


@pytest.mark.parametrize("phone", [MEMBER_PHONE, UNKNOWN_PHONE])
def test_per_phone_limits_five_an_hour_ten_a_day_the_same_for_every_phone(client, world, phone):
    answers = []
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(6):
            answers.append(_ask(client, phone))
            traveller.shift(dt.timedelta(seconds=61))
        traveller.shift(dt.timedelta(hours=1))
        for _ in range(5):
            answers.append(_ask(client, phone))
            traveller.shift(dt.timedelta(seconds=61))
        traveller.shift(dt.timedelta(hours=1))
        answers.append(_ask(client, phone))  # the 11th code of the day
        traveller.shift(dt.timedelta(hours=22))
        answers.append(_ask(client, phone))
    assert all(SMS_LOGIN_SENT in a for a in answers[:5])
    assert "获取验证码过于频繁，请一小时后再试" in answers[5]
    assert all(SMS_LOGIN_SENT in a for a in answers[6:11])
    assert "该手机号今日获取验证码次数已达上限，请明天再试" in answers[11]
    assert SMS_LOGIN_SENT in answers[12]  # a day after the first codes
    delivered = [m for m in ConsoleSmsBackend.outbox if m.phone == phone]
    assert len(delivered) == (11 if phone == MEMBER_PHONE else 0)


def test_per_ip_limit_twenty_an_hour(client, world):
    with time_machine.travel(START, tick=False) as traveller:
        answers = [_ask(client, f"1370000{n:04d}", ip="10.0.0.7") for n in range(2000, 2021)]
        elsewhere = _ask(client, "13700003000", ip="10.0.0.8")
        traveller.shift(dt.timedelta(hours=1, seconds=1))
        later = _ask(client, "13700003001", ip="10.0.0.7")
    assert all(SMS_LOGIN_SENT in a for a in answers[:20])
    assert "当前网络获取验证码过于频繁，请一小时后再试" in answers[20]
    assert SMS_LOGIN_SENT in elsewhere
    assert SMS_LOGIN_SENT in later


def test_a_signed_in_visitor_is_sent_home(client, world):
    client.force_login(world.org_member)
    response = client.get(reverse("accounts:sms_login"))
    assert response.status_code == 302
    assert response.url == reverse("portal:home")

"""记住我 on the portal login: a member-only account stays signed in for 30 days and is never idle-timed-out; a
cadre who ticks it keeps the normal session and the idle timeout; a remembered member who is later granted a
cadre role falls back to the idle clock on the next request."""

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD, make_member_user
from gonghui.accounts.middleware import REMEMBER_ME_DAYS, SESSION_IS_CADRE, SESSION_REMEMBERED
from gonghui.accounts.roles import UNION_STAFF
from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.core.channels import ConsoleSmsBackend

pytestmark = pytest.mark.django_db(transaction=True)
START = dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.UTC)
THIRTY_DAYS = REMEMBER_ME_DAYS * 24 * 3600
MEMBER_PHONE = "13700001111"
CADRE_PHONE = "13700002222"


@pytest.fixture
def cadre_member(world):
    user, _member = make_member_user(CADRE_PHONE, world.org_a, name="干事兼会员")
    RoleGrantFactory.create(user=user, role=UNION_STAFF, org=world.org_a)
    return user


def _password_login(client: Client, username: str, remember: bool):
    data = {"username": username, "password": PASSWORD}
    if remember:
        data["remember"] = "on"
    return client.post(reverse("portal:login"), data)


def _sms_login(client: Client, phone: str, remember: bool):
    ConsoleSmsBackend.outbox.clear()
    client.post(reverse("accounts:sms_code_send", args=["login"]), {"phone": phone})
    found = re.search(r"验证码为 (\d{6})", ConsoleSmsBackend.outbox[-1].text)
    assert found is not None
    data = {"phone": phone, "code": found.group(1)}
    if remember:
        data["remember"] = "on"
    return client.post(reverse("accounts:sms_login"), data)


def _signed_in(client: Client) -> bool:
    return client.get(reverse("portal:home")).status_code == 200


@pytest.mark.parametrize("login", [_password_login, _sms_login], ids=["password", "sms"])
def test_a_remembered_member_stays_signed_in_for_30_days_without_idle_timeout(client, world, login):
    with time_machine.travel(START, tick=False) as traveller:
        response = login(client, MEMBER_PHONE, True)
        assert response.status_code == 302
        assert client.session.get_expiry_age() == THIRTY_DAYS
        assert client.session[SESSION_REMEMBERED] is True
        assert client.session[SESSION_IS_CADRE] is False
        assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == THIRTY_DAYS
        # two idle hours, then 29 idle days: still signed in (the idle timeout is for cadres)
        traveller.shift(dt.timedelta(hours=2))
        assert _signed_in(client)
        traveller.shift(dt.timedelta(days=29))
        assert _signed_in(client)
        # past 30 days after the last visit the session has ended
        traveller.shift(dt.timedelta(days=30, minutes=1))
        assert not _signed_in(client)


def test_without_the_tick_a_member_keeps_the_default_session(client, world):
    with time_machine.travel(START, tick=False):
        _password_login(client, MEMBER_PHONE, False)
        assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
        assert SESSION_REMEMBERED not in client.session


def test_a_cadre_who_ticks_it_keeps_the_idle_timeout(client, world, cadre_member):
    idle = dt.timedelta(minutes=settings.CADRE_IDLE_TIMEOUT_MINUTES, seconds=1)
    with time_machine.travel(START, tick=False) as traveller:
        response = _password_login(client, cadre_member.username, True)
        assert response.status_code == 302
        assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
        assert SESSION_REMEMBERED not in client.session
        assert client.session[SESSION_IS_CADRE] is True
        assert _signed_in(client)  # the first request starts the idle clock
        traveller.shift(idle)
        assert not _signed_in(client)
        assert SESSION_KEY not in client.session


def test_a_remembered_member_granted_a_cadre_role_gets_the_idle_clock(client, world):
    idle = dt.timedelta(minutes=settings.CADRE_IDLE_TIMEOUT_MINUTES, seconds=1)
    with time_machine.travel(START, tick=False) as traveller:
        _password_login(client, MEMBER_PHONE, True)
        assert client.session[SESSION_REMEMBERED] is True
        RoleGrantFactory.create(user=world.org_member, role=UNION_STAFF, org=world.org_a)
        assert _signed_in(client)  # the next request notices the grant
        assert SESSION_REMEMBERED not in client.session
        assert client.session[SESSION_IS_CADRE] is True
        assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
        traveller.shift(idle)
        assert not _signed_in(client)

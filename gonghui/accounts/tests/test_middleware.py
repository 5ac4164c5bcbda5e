"""Session rules: a reset account may only change its password; cadres time out when idle, members don't."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.contrib.messages import get_messages
from django.urls import reverse

from conftest import PASSWORD
from gonghui.accounts.middleware import SESSION_IS_CADRE, SESSION_LAST_SEEN
from gonghui.accounts.models import User
from gonghui.accounts.roles import UNION_ADMIN
from gonghui.accounts.tests.conftest import login_through_view
from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.accounts.workspace import SESSION_CURRENT_ORG
from gonghui.core.models import AuditAction, AuditLog

START = dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.UTC)
NEW_PASSWORD = "Xinmima2026go"


def _must_change(user: User) -> User:
    User.objects.filter(pk=user.pk).update(must_change_password=True)
    return User.objects.get(pk=user.pk)


# --- forced password change ------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/accounts/users/",
        "/accounts/audit/",
        "/orgs/",
        "/members/",
        "/portal/",
        "/accounts/login/",
        "/nowhere/",
    ],
)
def test_reset_cadre_is_sent_to_password_change_from_every_page(client, world, path):
    # given an admin whose password was reset
    client.force_login(_must_change(world.org_admin))
    # when
    response = client.get(path)
    # then
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change")


def test_reset_account_is_redirected_on_post_too_and_nothing_happens(client, world, staff_a):
    # given
    client.force_login(_must_change(world.org_admin))
    # when the admin tries to reset someone else's password before changing their own
    response = client.post(reverse("accounts:user_password_reset", args=["staff_a"]))
    # then
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change")
    assert User.objects.get(pk=staff_a.pk).check_password(PASSWORD) is True
    assert AuditLog.objects.count() == 0


def test_reset_member_is_sent_to_password_change(client, world):
    # given
    client.force_login(_must_change(world.org_member))
    # when
    response = client.get(reverse("portal:home"))
    # then
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change")


def test_password_page_and_logout_stay_reachable(client, world):
    # given
    client.force_login(_must_change(world.org_admin))
    # when
    page = client.get(reverse("accounts:password_change"))
    logout = client.post(reverse("accounts:logout"))
    # then
    assert page.status_code == 200
    assert "您的密码已被管理员重置，请先设置新密码。" in page.content.decode()
    assert logout.status_code == 302
    assert logout.url == reverse("accounts:login")
    assert SESSION_KEY not in client.session


def test_changing_the_password_lifts_the_redirect(client, world):
    # given
    client.force_login(_must_change(world.org_admin))
    # when
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    # then
    assert response.status_code == 302
    assert response.url == reverse("home")
    user = User.objects.get(pk=world.org_admin.pk)
    assert user.must_change_password is False
    assert user.check_password(NEW_PASSWORD) is True
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("accounts:user_list")).status_code == 200
    assert AuditLog.objects.get().action == AuditAction.PASSWORD


def test_member_changing_the_password_lands_on_the_portal(client, world):
    # given
    client.force_login(_must_change(world.org_member))
    # when
    page = client.get(reverse("accounts:password_change"))
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    # then
    assert "portal/password_change.html" in [t.name for t in page.templates]
    assert response.status_code == 302
    assert response.url == reverse("portal:home")
    assert client.get(reverse("portal:home")).status_code == 200


@pytest.mark.parametrize(
    ("_case", "data", "field", "errors"),
    [
        (
            "wrong current password",
            {"old_password": "Wrong2026pass", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
            "old_password",
            ["当前密码不正确"],
        ),
        (
            "new passwords differ",
            {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"},
            "new_password2",
            ["两次输入的新密码不一致"],
        ),
        (
            "too weak",
            {"old_password": PASSWORD, "new_password1": "Zq7Lm2xP", "new_password2": "Zq7Lm2xP"},
            "new_password1",
            ["此密码太短，至少要包含 10 个字符。"],
        ),
        (
            "no digits",
            {"old_password": PASSWORD, "new_password1": "Zqlmxprtwvk", "new_password2": "Zqlmxprtwvk"},
            "new_password1",
            ["密码必须同时包含字母和数字"],
        ),
        (
            "the temporary password kept",
            {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD},
            "new_password1",
            ["新密码不能与当前密码相同，请设置一个新的密码"],
        ),
    ],
)
def test_invalid_password_change_keeps_the_flag(client, world, _case, data, field, errors):
    # given
    client.force_login(_must_change(world.org_admin))
    # when
    response = client.post(reverse("accounts:password_change"), data)
    # then
    assert response.status_code == 200
    assert response.context["form"].errors[field] == errors
    user = User.objects.get(pk=world.org_admin.pk)
    assert user.must_change_password is True
    assert user.check_password(PASSWORD) is True
    assert AuditLog.objects.count() == 0


# --- idle timeout ----------------------------------------------------------------------------


def test_cadre_is_logged_out_after_the_idle_timeout(client, world, settings):
    settings.CADRE_IDLE_TIMEOUT_MINUTES = 30
    with time_machine.travel(START, tick=False) as traveller:
        # given a cadre who logged in through the login page
        login_through_view(client, "admin_a")
        assert client.session[SESSION_IS_CADRE] is True
        assert client.get(reverse("home")).status_code == 200
        # when 31 idle minutes pass
        traveller.shift(dt.timedelta(minutes=31))
        response = client.get(reverse("accounts:user_list"), {"q": "staff"})
        # then
        assert response.status_code == 302
        assert response.url == "/accounts/login/?next=/accounts/users/%3Fq%3Dstaff"
        assert SESSION_KEY not in client.session
        assert [str(m) for m in get_messages(response.wsgi_request)] == [
            "长时间未操作，已自动退出，请重新登录"
        ]
        assert client.get(reverse("home")).status_code == 302
        assert (
            AuditLog.objects.filter(action=AuditAction.LOGOUT).get().summary
            == "admin_a 退出（长时间未操作，自动退出）"
        )


def test_cadre_is_kept_at_exactly_the_timeout(client, world, settings):
    settings.CADRE_IDLE_TIMEOUT_MINUTES = 30
    with time_machine.travel(START, tick=False) as traveller:
        # given
        login_through_view(client, "admin_a")
        client.get(reverse("home"))
        # when exactly 30 minutes pass
        traveller.shift(dt.timedelta(minutes=30))
        response = client.get(reverse("home"))
        # then
        assert response.status_code == 200


def test_activity_keeps_a_cadre_logged_in(client, world, settings):
    settings.CADRE_IDLE_TIMEOUT_MINUTES = 30
    with time_machine.travel(START, tick=False) as traveller:
        # given
        login_through_view(client, "admin_a")
        client.get(reverse("home"))
        # when the cadre clicks every 20 minutes for an hour
        for _ in range(3):
            traveller.shift(dt.timedelta(minutes=20))
            response = client.get(reverse("home"))
            assert response.status_code == 200
        # then the last activity was recorded
        assert client.session[SESSION_LAST_SEEN] == int((START + dt.timedelta(minutes=60)).timestamp())


def test_member_is_not_timed_out(client, world, settings):
    settings.CADRE_IDLE_TIMEOUT_MINUTES = 30
    with time_machine.travel(START, tick=False) as traveller:
        # given a member who logged in with the mobile number
        login_through_view(client, "13700001111")
        assert client.session[SESSION_IS_CADRE] is False
        # when two days pass
        traveller.shift(dt.timedelta(days=2))
        response = client.get(reverse("portal:home"))
        # then
        assert response.status_code == 200
        assert SESSION_LAST_SEEN not in client.session


def test_idle_timeout_follows_the_setting(client, world, settings):
    settings.CADRE_IDLE_TIMEOUT_MINUTES = 5
    with time_machine.travel(START, tick=False) as traveller:
        # given
        login_through_view(client, "admin_a")
        client.get(reverse("home"))
        # when
        traveller.shift(dt.timedelta(minutes=6))
        response = client.get(reverse("home"))
        # then
        assert response.status_code == 302
        assert response.url == "/accounts/login/?next=/"


def test_idle_timeout_still_applies_after_a_password_change(client, world, settings):
    settings.CADRE_IDLE_TIMEOUT_MINUTES = 30
    with time_machine.travel(START, tick=False) as traveller:
        # given a new cadre who logs in and sets their own password, then switches org
        _must_change(world.org_admin)
        login_through_view(client, "admin_a")
        client.post(
            reverse("accounts:password_change"),
            {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
        # then the session still knows the user is a cadre and stays logged in
        assert client.session[SESSION_IS_CADRE] is True
        assert client.get(reverse("home")).status_code == 200
        # when 31 idle minutes pass
        traveller.shift(dt.timedelta(minutes=31))
        response = client.get(reverse("home"))
        # then
        assert response.status_code == 302
        assert response.url == "/accounts/login/?next=/"


def test_password_change_keeps_the_chosen_org(client, world):
    # given an admin working in org B through a second grant
    RoleGrantFactory.create(user=world.org_admin, role=UNION_ADMIN, org=world.org_b)
    login_through_view(client, "admin_a")
    client.post(reverse("accounts:org_switch"), {"org": "ORGB"})
    # when
    client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    # then
    assert client.session[SESSION_CURRENT_ORG] == world.org_b.pk
    assert client.get(reverse("home")).context["org"] == world.org_b


@pytest.mark.parametrize("user", ["org_admin", "org_member"])
def test_self_service_change_to_the_same_password_is_refused(client, world, user):
    # given a user who was not reset (the self-service change from the user menu)
    client.force_login(getattr(world, user))
    # when
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    # then the form is shown again with the error on the new password field, and nothing changed
    assert response.status_code == 200
    assert response.context["form"].errors["new_password1"] == [
        "新密码不能与当前密码相同，请设置一个新的密码"
    ]
    assert "新密码不能与当前密码相同" in response.content.decode()
    assert AuditLog.objects.count() == 0

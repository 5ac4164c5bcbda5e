"""Brute-force lockout, security headers, and `manage.py check --deploy` with production settings."""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.accounts.tests.conftest import login_through_view
from gonghui.core.models import AuditAction, AuditLog

WRONG = "Wrong2026pass"
LOCKED_OUT_TEXT = "登录失败次数过多，账号已暂时锁定"


def _fail(client: Client, username: str, times: int) -> list[int]:
    return [login_through_view(client, username, WRONG).status_code for _ in range(times)]


# --- django-axes -----------------------------------------------------------------------------


def test_lockout_after_the_failure_limit(client, world, settings):
    # given
    assert settings.AXES_FAILURE_LIMIT == 5
    # when five wrong passwords are tried
    statuses = _fail(client, "admin_a", 5)
    # then the fifth answer is the locked-out page
    assert statuses == [200, 200, 200, 200, 429]
    response = login_through_view(client, "admin_a", WRONG)
    assert response.status_code == 429
    assert LOCKED_OUT_TEXT in response.content.decode()
    assert "accounts/locked_out.html" in [t.name for t in response.templates]


def test_locked_out_account_cannot_log_in_even_with_the_right_password(client, world):
    # given
    _fail(client, "admin_a", 5)
    # when
    response = login_through_view(client, "admin_a")
    # then
    assert response.status_code == 429
    assert LOCKED_OUT_TEXT in response.content.decode()
    assert SESSION_KEY not in client.session
    actions = list(AuditLog.objects.values_list("action", flat=True))
    assert actions == [AuditAction.LOGIN_FAILED] * 6
    assert User.objects.get(pk=world.org_admin.pk).last_login is None


def test_four_failures_do_not_lock(client, world):
    # given
    assert _fail(client, "admin_a", 4) == [200, 200, 200, 200]
    # when
    response = login_through_view(client, "admin_a")
    # then
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(world.org_admin.pk)


def test_success_resets_the_failure_count(client, world):
    # given four failures, a success and a logout
    _fail(client, "admin_a", 4)
    login_through_view(client, "admin_a")
    client.post(reverse("accounts:logout"))
    # when four more failures follow
    statuses = _fail(client, "admin_a", 4)
    # then the account is not locked
    assert statuses == [200, 200, 200, 200]
    assert login_through_view(client, "admin_a").status_code == 302


def test_lockout_is_per_account(client, world):
    # given admin_a is locked out
    _fail(client, "admin_a", 5)
    # when another account logs in from the same address
    response = login_through_view(client, "admin_b")
    # then
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(world.outsider.pk)


def test_lockout_is_per_address(world):
    # given admin_a is locked out from one address
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    _fail(attacker, "admin_a", 5)
    # when the real user logs in from the office
    office = Client(REMOTE_ADDR="10.0.0.8")
    response = login_through_view(office, "admin_a")
    # then
    assert response.status_code == 302


def test_lockout_behind_nginx_is_per_real_client(world, settings):
    # given nginx in front: every request comes from 127.0.0.1 with the client in X-Forwarded-For
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert _fail(attacker, "admin_a", 5) == [200, 200, 200, 200, 429]
    # when the real user logs in through the same proxy from the office
    office = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.8")
    response = login_through_view(office, "admin_a")
    # then only the attacker is locked out, and the audit log names the real addresses
    assert response.status_code == 302
    assert login_through_view(attacker, "admin_a").status_code == 429
    ips = list(AuditLog.objects.order_by("id").values_list("action", "ip_address"))
    assert ips[4:7] == [
        (AuditAction.LOGIN_FAILED, "203.0.113.9"),
        (AuditAction.LOGIN, "10.0.0.8"),
        (AuditAction.LOGIN_FAILED, "203.0.113.9"),
    ]


def test_spoofed_forwarded_for_does_not_escape_the_lockout(world, settings):
    # given nginx appends the real address after whatever the client wrote
    settings.TRUSTED_PROXY_COUNT = 1
    for fake in ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"]:
        Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"{fake}, 203.0.113.9").post(
            reverse("accounts:login"), {"username": "admin_a", "password": WRONG}
        )
    # when
    again = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.9")
    response = login_through_view(again, "admin_a")
    # then
    assert response.status_code == 429


def test_member_mobile_login_is_locked_out_too(client, world):
    # when
    statuses = _fail(client, "13700001111", 5)
    # then
    assert statuses == [200, 200, 200, 200, 429]
    assert login_through_view(client, "13700001111").status_code == 429


# --- headers and cookies ---------------------------------------------------------------------


def test_security_headers_on_the_login_page(client, world):
    # when
    response = client.get(reverse("accounts:login"))
    # then
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_session_cookie_is_http_only(client, world):
    # when
    response = login_through_view(client, "admin_a")
    # then
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True


# --- manage.py check --deploy ----------------------------------------------------------------


# Variables a test run (or another test, e.g. Playwright's DJANGO_ALLOW_ASYNC_UNSAFE) may have set that
# must not leak into the production check.
_NOT_INHERITED = ("DJANGO_", "DATABASE_", "REDIS_", "PERSONAL_DATA_", "EMAIL_", "AXES_", "CADRE_", "SESSION_")


def _production_env(**changes: str) -> dict[str, str]:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(_NOT_INHERITED)}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_HTTPS": "true",
        "DJANGO_SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(60)),
        "DJANGO_ALLOWED_HOSTS": "gonghui.example.org",
        # Production sends real mail; the console backend (the default) fails mail.E001.
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        **changes,
    }


def _check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # fixed argv: our own manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(django_settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings():
    # given the production environment
    env = _production_env()
    # when
    result = _check_deploy(env)
    # then
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


@pytest.mark.parametrize(
    ("_case", "changes", "check_ids"),
    [
        (
            "HTTPS off",
            {"DJANGO_HTTPS": "false"},
            ["security.W004", "security.W008", "security.W012", "security.W016"],
        ),
        ("development secret key", {"DJANGO_SECRET_KEY": ""}, ["gonghui.E001", "gonghui.E002"]),
        ("short secret key", {"DJANGO_SECRET_KEY": "short-key"}, ["security.W009"]),
        ("debug on", {"DJANGO_DEBUG": "true"}, ["security.W018"]),
    ],
)
def test_check_deploy_catches_an_unsafe_environment(_case, changes, check_ids):
    # given a production environment with one thing wrong
    env = _production_env(**changes)
    # when
    result = _check_deploy(env)
    # then
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert [check_id for check_id in check_ids if check_id in output] == check_ids

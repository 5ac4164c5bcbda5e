"""The audit log page (审计日志): who may read it, its filters and what it shows."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import make_cadre
from gonghui.accounts.roles import AUDITOR
from gonghui.accounts.tests.conftest import login_through_view
from gonghui.core.audit import audit_log
from gonghui.core.models import AuditAction

from .test_views import _messages


def _summaries(response) -> list[str]:
    return [log.summary for log in response.context["page"]]


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider (union_admin) has no audit.view", "outsider", 403),
        ("member has no console", "org_member", 403),
        ("union_admin has no audit.view", "org_admin", 403),
        ("auditor reads", "auditor_x", 200),
    ],
)
def test_audit_log_access(request, client, world, audit_rows, _case, actor, status):
    # given
    client.force_login(request.getfixturevalue(actor))
    # when
    response = client.get(reverse("accounts:audit_log_list"))
    # then
    assert response.status_code == status
    if status == 200:
        assert _summaries(response) == ["甲县的操作", "甲的操作"]
        assert "乙的操作" not in response.content.decode()


def test_auditor_of_org_b_sees_only_org_b(client, world, audit_rows):
    # given
    client.force_login(make_cadre("auditor_b", world.org_b, role=AUDITOR))
    # when
    response = client.get(reverse("accounts:audit_log_list"))
    # then
    assert _summaries(response) == ["乙的操作"]


def test_auditor_below_sees_less(client, world, audit_rows):
    # given an auditor of org A only
    client.force_login(make_cadre("auditor_a", world.org_a, role=AUDITOR))
    # when
    response = client.get(reverse("accounts:audit_log_list"))
    # then
    assert _summaries(response) == ["甲的操作"]


def test_auditor_sees_failed_logins_of_its_accounts(client, world, auditor_x):
    # given failed logins on an org A account, a member's mobile, an org B account and an unknown name
    for username in ["admin_a", "13700001111", "admin_b", "ghost"]:
        login_through_view(Client(), username, "Wrong2026pass")
    client.force_login(auditor_x)
    # when
    response = client.get(reverse("accounts:audit_log_list"), {"action": AuditAction.LOGIN_FAILED})
    # then
    assert _summaries(response) == ["账号 13700001111 登录失败", "账号 admin_a 登录失败"]


def test_audit_log_filters(client, world, auditor_x, audit_rows):
    # given
    audit_log(action=AuditAction.EXPORT, actor=world.org_admin, org_id=world.org_a.pk, summary="导出会员名册")
    client.force_login(auditor_x)
    # when
    by_action = client.get(reverse("accounts:audit_log_list"), {"action": AuditAction.EXPORT})
    by_query = client.get(reverse("accounts:audit_log_list"), {"q": "甲县"})
    by_actor = client.get(reverse("accounts:audit_log_list"), {"q": "admin_a"})
    # then
    assert _summaries(by_action) == ["导出会员名册"]
    assert _summaries(by_query) == ["甲县的操作"]
    assert _summaries(by_actor) == ["导出会员名册", "甲县的操作", "甲的操作"]


def test_audit_log_date_filter(client, world, auditor_x, audit_rows):
    # given
    client.force_login(auditor_x)
    # when
    future = client.get(reverse("accounts:audit_log_list"), {"from": "2999-01-01"})
    past = client.get(reverse("accounts:audit_log_list"), {"to": "2000-01-01"})
    open_range = client.get(reverse("accounts:audit_log_list"), {"from": "2000-01-01", "to": "2999-01-01"})
    # then
    assert _summaries(future) == []
    assert _summaries(past) == []
    assert _summaries(open_range) == ["甲县的操作", "甲的操作"]


def test_audit_log_bad_date_shows_a_message_and_all_rows(client, world, auditor_x, audit_rows):
    # given
    client.force_login(auditor_x)
    # when
    response = client.get(reverse("accounts:audit_log_list"), {"from": "2026-13-45"})
    # then
    assert response.status_code == 200
    assert _messages(response) == ["日期格式不正确，请使用 年-月-日"]
    assert _summaries(response) == ["甲县的操作", "甲的操作"]

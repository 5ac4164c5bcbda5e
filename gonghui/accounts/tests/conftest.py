"""Fixtures for the accounts tests: a union_staff and an auditor of org A, and logging in through the
real login view (so the session records whether the user is a cadre, as the idle timeout needs); four
audit rows across orgs for the audit-log pages."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD, make_cadre
from gonghui.accounts.roles import AUDITOR, UNION_STAFF
from gonghui.core.audit import audit_log
from gonghui.core.models import AuditAction


@pytest.fixture
def staff_a(world):
    """A 工会干事 of org A: a console user without accounts.manage."""
    return make_cadre("staff_a", world.org_a, role=UNION_STAFF)


@pytest.fixture
def auditor_x(world):
    """A 只读审计 of 甲县教育工会, whose subtree holds org A but not org B."""
    return make_cadre("auditor_x", world.county_x, role=AUDITOR)


@pytest.fixture
def audit_rows(world):
    """One row for each of org A, 甲县, org B and no org."""
    for org, label in [(world.org_a, "甲"), (world.county_x, "甲县"), (world.org_b, "乙"), (None, "无")]:
        audit_log(
            action=AuditAction.ADMIN_EDIT,
            actor=world.org_admin,
            org_id=org.pk if org else None,
            summary=f"{label}的操作",
        )


def login_through_view(client: Client, username: str, password: str = PASSWORD, **extra):
    """POST the login form as a browser would; returns the response."""
    return client.post(reverse("accounts:login"), {"username": username, "password": password, **extra})

"""What an admin sees of accounts that reach beyond their subtree, and what only a 系统管理员 sees."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import make_cadre
from gonghui.accounts.models import RoleGrant
from gonghui.accounts.roles import SYSADMIN, UNION_STAFF
from gonghui.accounts.selectors import audit_list_for_user
from gonghui.accounts.services import login_failed_recorded, role_grant_revoke
from gonghui.core.audit import AuditContext
from gonghui.core.models import AuditLog

pytestmark = pytest.mark.django_db


def test_grants_outside_the_viewers_subtree_are_not_listed(client, world):
    # given: an account with a grant in org A and one in org B
    both = make_cadre("both_sides", world.org_a, role=UNION_STAFF)
    RoleGrant.objects.create(user=both, role=UNION_STAFF, org=world.org_b)
    client.force_login(world.org_admin)
    # when
    listing = client.get(reverse("accounts:user_list"), {"q": "both_sides"}).content.decode()
    detail = client.get(reverse("accounts:user_detail", args=["both_sides"])).content.decode()
    # then: org A's grant shows, org B's does not
    for body in (listing, detail):
        assert world.org_a.name in body
        assert world.org_b.name not in body


def test_an_admin_cannot_revoke_their_own_grant(world):
    grant = world.org_admin.grants.get()
    with pytest.raises(ValidationError) as exc:
        role_grant_revoke(grant=grant, actor=world.org_admin)
    assert exc.value.messages == ["不能撤销自己的授权，请由上级管理员办理"]
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_failed_logins_of_unknown_names_are_seen_only_by_a_sysadmin(rf, world):
    # given
    login_failed_recorded(username="nobody", context=AuditContext.of(rf.post("/accounts/login/")))
    row = AuditLog.objects.get(actor_label="nobody")
    sysadmin = make_cadre("root", world.city, role=SYSADMIN)
    auditor = make_cadre("city_auditor", world.city, role="auditor")
    # then
    assert row.org_id is None
    assert list(audit_list_for_user(actor=sysadmin)) == [row]
    assert list(audit_list_for_user(actor=auditor)) == []

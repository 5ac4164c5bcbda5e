"""The console shell's per-request cost: the session's user arrives with its role grants (read in the same statement,
`accounts.session_user`), the folded paths of each action are worked out once a request — and since nothing is kept
between requests, whatever changes a grant or an org counts from the very next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.accounts import session_user
from gonghui.accounts.models import RoleGrant
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Org

pytestmark = pytest.mark.django_db


def _statements(client, url, **extra):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return response, [q["sql"] for q in ctx.captured_queries]


def test_the_shell_reads_the_grants_with_the_user_one_statement_less(client, world, monkeypatch):
    client.force_login(world.org_admin)
    url = reverse("accounts:password_change")
    client.get(url)  # warm the session
    response, after = _statements(client, url)
    # the session, the user with its grants and object-grant flag, the unread notifications
    assert len(after) == 3, after
    assert not any(sql.lstrip().startswith('SELECT "accounts_rolegrant"') for sql in after)
    page = response.content.decode()
    assert world.org_a.name in page  # the org switcher
    assert reverse("members:member_list") in page  # the menu, from the grants
    # the user read through the ORM as before (the path of a database without a written-out statement): one
    # statement more for the grants
    monkeypatch.setitem(session_user._STATEMENTS, connection.vendor, None)
    _, before = _statements(client, url)
    assert len(before) == 4, before
    assert any(sql.lstrip().startswith('SELECT "accounts_rolegrant"') for sql in before)


def test_the_grants_read_with_the_user_are_those_of_the_orm(world):
    from gonghui.accounts.scoping import forget_grants, user_grants

    user = session_user.session_user_get(world.org_admin.pk)
    assert user is not None
    preloaded = user_grants(user)
    forget_grants(user)
    fresh = user_grants(user)
    assert [(g.pk, g.role, g.org_id, g.org.path, g.org.name, g.org.code) for g in preloaded] == [
        (g.pk, g.role, g.org_id, g.org.path, g.org.name, g.org.code) for g in fresh
    ]
    assert session_user.session_user_get("not a number") is None
    assert session_user.session_user_get(10**9) is None


def test_a_revoked_grant_counts_from_the_very_next_request(client, world):
    client.force_login(world.org_admin)
    url = reverse("members:member_list")
    assert client.get(url).status_code == 200
    # removed without the service (no signal, no cache to bump): still seen at once
    RoleGrant.objects.filter(user=world.org_admin).delete()
    assert client.get(url).status_code == 403


def test_a_deactivated_org_counts_from_the_very_next_request(client, world):
    client.force_login(world.org_admin)
    url = reverse("members:member_list")
    assert client.get(url).status_code == 200
    Org.objects.filter(pk=world.org_a.pk).update(status=OrgStatus.INACTIVE)
    assert client.get(url).status_code == 403


def test_the_menu_follows_a_revoked_role_on_the_very_next_request(client, world):
    from conftest import make_cadre
    from gonghui.accounts.roles import REVIEWER
    from gonghui.accounts.tests.factories import RoleGrantFactory

    user = make_cadre("reviewer_a", world.org_a, role=REVIEWER)
    RoleGrantFactory.create(user=user, role="quiz_organiser", org=world.org_a)
    client.force_login(user)
    url = reverse("accounts:password_change")
    quizzes = reverse("quizzes:bank_list")
    assert quizzes in client.get(url).content.decode()
    RoleGrant.objects.filter(user=user, role="quiz_organiser").delete()
    page = client.get(url).content.decode()
    assert quizzes not in page
    assert reverse("members:member_list") in page  # the reviewer's own entries stay
    # the grant back: the sidebar of the first request again (the same content, the same sidebar)
    RoleGrantFactory.create(user=user, role="quiz_organiser", org=world.org_a)
    assert quizzes in client.get(url).content.decode()


def test_the_unread_badge_is_counted_only_where_it_is_shown(client, world):
    from gonghui.notifications.services import notify

    notify(recipients=[world.org_admin], title="新消息")
    client.force_login(world.org_admin)
    url = reverse("accounts:password_change")
    client.get(url)
    response, full = _statements(client, url)
    assert [sql for sql in full if "notifications_notification" in sql] != []
    assert response.context["unread_notifications"] == 1
    assert 'data-unread="1"' in response.content.decode()
    # a fragment without the header (the member list's HTMX answer) does not count them
    fragment_response, fragment = _statements(
        client, reverse("members:member_list"), headers={"HX-Request": "true"}
    )
    assert "data-unread" not in fragment_response.content.decode()
    assert [sql for sql in fragment if "notifications_notification" in sql] == []

"""Accounts pages: login/logout, the org switcher, console home, accounts and grants, the audit log."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import PASSWORD, make_cadre, make_member_user
from gonghui.accounts.middleware import SESSION_IS_CADRE
from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.roles import AUDITOR, JUDGE, SYSADMIN, UNION_ADMIN, UNION_STAFF
from gonghui.accounts.tests.conftest import login_through_view
from gonghui.accounts.tests.factories import RoleGrantFactory, UserFactory
from gonghui.accounts.workspace import SESSION_CURRENT_ORG
from gonghui.core.models import AuditAction, AuditLog
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.tests.factories import OrgFactory


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _audit_rows() -> list[tuple[str, str, int | None]]:
    return list(AuditLog.objects.order_by("id").values_list("action", "actor_label", "org_id"))


# --- login and logout ------------------------------------------------------------------------


def test_cadre_logs_in_by_username(client, world):
    # when
    response = login_through_view(client, "admin_a")
    # then
    assert response.status_code == 302
    assert response.url == "/"
    assert client.session[SESSION_KEY] == str(world.org_admin.pk)
    assert client.session[SESSION_IS_CADRE] is True
    assert _audit_rows() == [(AuditAction.LOGIN, "admin_a", world.org_a.pk)]
    assert AuditLog.objects.get().actor == world.org_admin


def test_member_logs_in_by_mobile_number(client, world):
    # when
    response = login_through_view(client, "13700001111")
    # then
    assert response.status_code == 302
    assert response.url == "/portal/"
    assert client.session[SESSION_KEY] == str(world.org_member.pk)
    assert client.session[SESSION_IS_CADRE] is False
    assert _audit_rows() == [(AuditAction.LOGIN, "m13700001111", world.org_a.pk)]


def test_member_logs_in_on_the_portal_login_page(client, world):
    # given
    page = client.get(reverse("portal:login"))
    # when
    response = client.post(reverse("portal:login"), {"username": "137 0000 1111", "password": PASSWORD})
    # then
    assert "portal/login.html" in [t.name for t in page.templates]
    assert response.status_code == 302
    assert response.url == "/portal/"


@pytest.mark.parametrize(
    ("_case", "username", "org"),
    [
        ("wrong password for a cadre", "admin_a", "org_a"),
        ("wrong password for a member", "13700001111", "org_a"),
        ("unknown account", "ghost", None),
    ],
)
def test_wrong_password_shows_the_chinese_error_and_is_logged(client, world, _case, username, org):
    # when
    response = login_through_view(client, username, "Wrong2026pass")
    # then
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["用户名（手机号）或密码不正确"]
    assert "用户名（手机号）或密码不正确" in response.content.decode()
    assert SESSION_KEY not in client.session
    expected_org = getattr(world, org).pk if org else None
    assert _audit_rows() == [(AuditAction.LOGIN_FAILED, username, expected_org)]
    log = AuditLog.objects.get()
    assert log.actor is None
    assert log.ip_address == "127.0.0.1"


def test_inactive_account_cannot_log_in(client, world):
    # given
    User.objects.filter(pk=world.org_admin.pk).update(is_active=False)
    # when
    response = login_through_view(client, "admin_a")
    # then
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["用户名（手机号）或密码不正确"]
    assert SESSION_KEY not in client.session
    assert _audit_rows() == [(AuditAction.LOGIN_FAILED, "admin_a", world.org_a.pk)]


def test_logged_in_user_visiting_login_goes_to_the_landing_page(client, world):
    # given
    client.force_login(world.org_member)
    # when
    response = client.get(reverse("accounts:login"), {"next": "/accounts/users/"})
    # then
    assert response.status_code == 302
    assert response.url == "/portal/"


def test_logout_is_recorded(client, world):
    # given
    login_through_view(client, "admin_a")
    # when
    response = client.post(reverse("accounts:logout"))
    # then
    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    assert SESSION_KEY not in client.session
    assert _audit_rows() == [
        (AuditAction.LOGIN, "admin_a", world.org_a.pk),
        (AuditAction.LOGOUT, "admin_a", world.org_a.pk),
    ]
    # and the browser is told to drop what it cached of the site
    assert response["Clear-Site-Data"] == '"cache"'


def test_portal_logout_returns_to_the_portal_login(client, world):
    # given
    login_through_view(client, "13700001111")
    # when
    response = client.post(reverse("accounts:logout"), {"portal": "1"})
    # then
    assert response.url == reverse("portal:login")
    assert [row[0] for row in _audit_rows()] == [AuditAction.LOGIN, AuditAction.LOGOUT]


def test_logout_needs_post(client, world):
    # given
    client.force_login(world.org_admin)
    # when
    response = client.get(reverse("accounts:logout"))
    # then
    assert response.status_code == 405
    assert client.session[SESSION_KEY] == str(world.org_admin.pk)
    assert AuditLog.objects.count() == 0


@pytest.mark.parametrize(
    ("_case", "next_url", "expected"),
    [
        ("local path", "/accounts/users/", "/accounts/users/"),
        ("local path with query", "/accounts/users/?q=staff", "/accounts/users/?q=staff"),
        ("same host absolute", "http://testserver/orgs/", "http://testserver/orgs/"),
        ("other host", "https://evil.example.com/steal", "/"),
        ("scheme-relative other host", "//evil.example.com/steal", "/"),
        ("backslash trick", "/\\evil.example.com", "/"),
        ("javascript", "javascript:alert(1)", "/"),
        ("empty", "", "/"),
    ],
)
def test_next_redirects_only_to_safe_urls(client, world, _case, next_url, expected):
    # when
    response = login_through_view(client, "admin_a", next=next_url)
    # then
    assert response.status_code == 302
    assert response.url == expected


def test_next_from_the_query_string_is_honoured(client, world):
    # when
    response = client.post(
        f"{reverse('accounts:login')}?next=/accounts/audit/",
        {"username": "admin_a", "password": PASSWORD},
    )
    # then
    assert response.url == "/accounts/audit/"


def test_next_may_not_downgrade_to_http_on_https(client, world):
    # when a login over HTTPS asks to continue over plain HTTP
    response = client.post(
        reverse("accounts:login"),
        {"username": "admin_a", "password": PASSWORD, "next": "http://testserver/orgs/"},
        secure=True,
    )
    # then
    assert response.status_code == 302
    assert response.url == "/"


# --- org switcher ----------------------------------------------------------------------------


@pytest.fixture
def two_org_admin(world):
    """admin_a also audits org B, so the switcher offers org A and org B."""
    RoleGrantFactory.create(user=world.org_admin, role=AUDITOR, org=world.org_b)
    return world.org_admin


def test_org_switch_to_an_own_grant_org(client, world, two_org_admin):
    # given
    client.force_login(two_org_admin)
    assert client.get(reverse("home")).context["org"] == world.org_a
    # when
    response = client.post(reverse("accounts:org_switch"), {"org": "ORGB"})
    # then
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session[SESSION_CURRENT_ORG] == world.org_b.pk
    assert _messages(response) == ["当前工作组织：乙县人民医院工会"]
    home = client.get(reverse("home"))
    assert home.context["org"] == world.org_b
    assert [o.code for o in home.context["switcher_orgs"]] == ["ORGA", "ORGB"]


@pytest.mark.parametrize(
    ("_case", "code"),
    [("ancestor of a grant org", "CX"), ("sibling", "CY"), ("unknown", "NOPE"), ("empty", "")],
)
def test_org_switch_refuses_other_orgs(client, world, two_org_admin, _case, code):
    # given
    client.force_login(two_org_admin)
    # when
    response = client.post(reverse("accounts:org_switch"), {"org": code})
    # then
    assert response.status_code == 302
    assert _messages(response) == ["不能切换到该组织"]
    assert SESSION_CURRENT_ORG not in client.session
    assert client.get(reverse("home")).context["org"] == world.org_a


def test_org_switch_ignores_member_grants(client, world):
    # given a cadre of org B who is also a member of org A
    RoleGrantFactory.create(user=world.outsider, role="member", org=world.org_a)
    client.force_login(world.outsider)
    # when
    response = client.post(reverse("accounts:org_switch"), {"org": "ORGA"})
    # then
    assert _messages(response) == ["不能切换到该组织"]
    assert SESSION_CURRENT_ORG not in client.session


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("member has no console", "org_member", 403), ("admin switches", "org_admin", 302)],
)
def test_org_switch_access(request, client, world, _case, actor, status):
    # given
    client.force_login(request.getfixturevalue(actor))
    # when
    response = client.post(reverse("accounts:org_switch"), {"org": "ORGA"})
    # then
    assert response.status_code == status
    assert (client.session.get(SESSION_CURRENT_ORG) == world.org_a.pk) is (status == 302)


def test_org_switch_needs_post(client, world):
    client.force_login(world.org_admin)
    assert client.get(reverse("accounts:org_switch"), {"org": "ORGA"}).status_code == 405


# --- console home ----------------------------------------------------------------------------


def _counters(response) -> dict[str, int]:
    return {c["label"]: c["value"] for c in response.context["counters"]}


def test_home_counts_the_current_org_subtree(client, world):
    # given a second member in org A, one in org B, and a branch under org A
    OrgFactory.create(parent=world.org_a, code="ORGA-F1", name="甲县一中分工会", level="branch")
    MemberFactory.create(org=world.org_a, name="甲会员二")
    MemberFactory.create(org=world.org_b, name="乙会员")
    client.force_login(world.org_admin)
    # when
    response = client.get(reverse("home"))
    # then
    counters = _counters(response)
    assert counters["工会组织"] == 2
    assert counters["在籍会员"] == 2
    assert response.context["org"] == world.org_a


def test_home_counters_follow_the_org_switcher(client, world):
    # given a city admin who also holds a grant on 甲县, and members in both counties
    city_admin = make_cadre("city_admin", world.city)
    RoleGrantFactory.create(user=city_admin, role=UNION_ADMIN, org=world.county_x)
    MemberFactory.create(org=world.org_b, name="乙会员")
    MemberFactory.create(org=world.org_b, name="乙会员二")
    client.force_login(city_admin)
    # when
    at_city = _counters(client.get(reverse("home")))
    client.post(reverse("accounts:org_switch"), {"org": "CX"})
    at_county = _counters(client.get(reverse("home")))
    # then
    assert (at_city["工会组织"], at_city["在籍会员"]) == (5, 3)
    assert (at_county["工会组织"], at_county["在籍会员"]) == (2, 1)


def test_home_shows_only_counters_the_role_allows(client, world):
    # given a judge: console access but no orgs.view / members.view
    judge = make_cadre("judge_a", world.org_a, role=JUDGE)
    client.force_login(judge)
    # when
    response = client.get(reverse("home"))
    # then
    assert response.status_code == 200
    assert "工会组织" not in _counters(response)
    assert "在籍会员" not in _counters(response)


def test_outsider_home_does_not_count_org_a(client, world):
    # given
    client.force_login(world.outsider)
    # when
    counters = _counters(client.get(reverse("home")))
    # then org B has one org and no members
    assert (counters["工会组织"], counters["在籍会员"]) == (1, 0)


@pytest.mark.parametrize(
    ("_case", "actor", "status", "url"),
    [
        ("member goes to the portal", "org_member", 302, "/portal/"),
        ("account without roles is refused", "orphan", 403, None),
        ("admin sees the console", "org_admin", 200, None),
    ],
)
def test_home_access(request, client, world, _case, actor, status, url):
    # given
    user = UserFactory.create(username="orphan") if actor == "orphan" else request.getfixturevalue(actor)
    client.force_login(user)
    # when
    response = client.get(reverse("home"))
    # then
    assert response.status_code == status
    if url:
        assert response.url == url


def test_anonymous_home_goes_to_login(client, world):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/"


# --- user list -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider lists only org B", "outsider", 200),
        ("member has no console", "org_member", 403),
        ("staff lacks accounts.view", "staff_a", 403),
        ("admin lists org A", "org_admin", 200),
    ],
)
def test_user_list_access(request, client, world, staff_a, _case, actor, status):
    # given
    client.force_login(request.getfixturevalue(actor))
    # when
    response = client.get(reverse("accounts:user_list"))
    # then
    assert response.status_code == status
    if actor == "org_admin":
        assert [u.username for u in response.context["page"]] == ["admin_a", "m13700001111", "staff_a"]
        assert response.context["can_create"] is True
    if actor == "outsider":
        assert [u.username for u in response.context["page"]] == ["admin_b"]
        assert "staff_a" not in response.content.decode()


def test_user_list_filters(client, world, staff_a):
    # given
    client.force_login(world.org_admin)
    # when
    by_name = client.get(reverse("accounts:user_list"), {"q": "staff"})
    by_phone = client.get(reverse("accounts:user_list"), {"q": "13700001111"})
    by_role = client.get(reverse("accounts:user_list"), {"role": UNION_STAFF})
    # then
    assert [u.username for u in by_name.context["page"]] == ["staff_a"]
    assert [u.username for u in by_phone.context["page"]] == ["m13700001111"]
    assert [u.username for u in by_role.context["page"]] == ["staff_a"]


def test_auditor_lists_accounts_but_cannot_create(client, world, auditor_x):
    # given
    client.force_login(auditor_x)
    # when
    response = client.get(reverse("accounts:user_list"))
    # then
    assert [u.username for u in response.context["page"]] == ["admin_a", "auditor_x", "m13700001111"]
    assert response.context["can_create"] is False


def test_user_list_has_no_n_plus_one(client, world):
    # given
    client.force_login(world.org_admin)
    client.get(reverse("accounts:user_list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("accounts:user_list"))
    for i in range(6):
        make_cadre(f"extra{i}", world.org_a, role=UNION_STAFF)
    # when
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("accounts:user_list"))
    # then
    assert len(response.context["page"]) == 8
    assert len(many.captured_queries) == len(few.captured_queries)


# --- user detail -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider sees nothing", "outsider", 404),
        ("member has no console", "org_member", 403),
        ("staff lacks accounts.view", "staff_b", 403),
        ("auditor reads", "auditor_x", 200),
        ("admin reads", "org_admin", 200),
    ],
)
def test_user_detail_access(request, client, world, staff_a, _case, actor, status):
    # given
    if actor == "staff_b":
        user = make_cadre("staff_b", world.org_a, role=UNION_STAFF)
    else:
        user = request.getfixturevalue(actor)
    client.force_login(user)
    # when
    response = client.get(reverse("accounts:user_detail", args=["staff_a"]))
    # then
    assert response.status_code == status
    if status == 200:
        assert response.context["target"] == staff_a
        assert [g.role for g in response.context["grants"]] == [UNION_STAFF]
        assert response.context["can_manage"] is (actor == "org_admin")
        assert (response.context["grant_form"] is not None) is (actor == "org_admin")
        assert ("重置密码" in response.content.decode()) is (actor == "org_admin")


def test_user_detail_of_a_member_account(client, world):
    # given
    client.force_login(world.org_admin)
    # when
    response = client.get(reverse("accounts:user_detail", args=["m13700001111"]))
    # then
    assert response.status_code == 200
    assert response.context["can_manage"] is True


def test_user_detail_unknown_username_is_404(client, world):
    client.force_login(world.org_admin)
    assert client.get(reverse("accounts:user_detail", args=["ghost"])).status_code == 404


def test_admin_does_not_manage_own_account(client, world):
    # given
    client.force_login(world.org_admin)
    # when
    response = client.get(reverse("accounts:user_detail", args=["admin_a"]))
    # then
    assert response.status_code == 200
    assert response.context["can_manage"] is False


# --- password reset --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider sees nothing", "outsider", 404),
        ("member has no console", "org_member", 403),
        ("auditor cannot manage", "auditor_x", 403),
        ("admin resets", "org_admin", 200),
    ],
)
def test_password_reset_view_access(request, client, world, staff_a, _case, actor, status):
    # given
    client.force_login(request.getfixturevalue(actor))
    # when
    response = client.post(reverse("accounts:user_password_reset", args=["staff_a"]))
    # then
    assert response.status_code == status
    target = User.objects.get(pk=staff_a.pk)
    assert target.must_change_password is (status == 200)
    assert target.check_password(PASSWORD) is (status != 200)
    assert AuditLog.objects.filter(action=AuditAction.PASSWORD).count() == (1 if status == 200 else 0)


def test_password_reset_view_shows_the_temporary_password_once(client, world, staff_a):
    # given
    client.force_login(world.org_admin)
    # when
    response = client.post(reverse("accounts:user_password_reset", args=["staff_a"]))
    # then
    temporary = response.context["temporary"]
    assert (
        f'<p class="h2 font-monospace" data-temporary-password>{temporary}</p>' in response.content.decode()
    )
    assert User.objects.get(pk=staff_a.pk).check_password(temporary) is True
    log = AuditLog.objects.get()
    assert (log.action, log.actor, log.object_id, log.org_id) == (
        AuditAction.PASSWORD,
        world.org_admin,
        str(staff_a.pk),
        world.org_a.pk,
    )


def test_password_reset_of_an_account_also_serving_org_b_is_refused(client, world, staff_a):
    # given staff_a also holds a role in org B
    RoleGrantFactory.create(user=staff_a, role=UNION_STAFF, org=world.org_b)
    client.force_login(world.org_admin)
    # when
    response = client.post(reverse("accounts:user_password_reset", args=["staff_a"]))
    # then
    assert response.status_code == 403
    assert User.objects.get(pk=staff_a.pk).check_password(PASSWORD) is True


def test_password_reset_needs_post(client, world, staff_a):
    client.force_login(world.org_admin)
    assert client.get(reverse("accounts:user_password_reset", args=["staff_a"])).status_code == 405
    assert User.objects.get(pk=staff_a.pk).must_change_password is False


# --- grants ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider sees nothing", "outsider", 404),
        ("member has no console", "org_member", 403),
        ("auditor cannot manage", "auditor_x", 403),
        ("admin grants", "org_admin", 302),
    ],
)
def test_grant_create_view_access(request, client, world, staff_a, _case, actor, status):
    # given
    client.force_login(request.getfixturevalue(actor))
    # when
    response = client.post(
        reverse("accounts:grant_create", args=["staff_a"]), {"role": AUDITOR, "org": world.org_a.pk}
    )
    # then
    assert response.status_code == status
    assert RoleGrant.objects.filter(user=staff_a, role=AUDITOR).exists() is (status == 302)


def test_grant_create_view_happy_path(client, world, staff_a):
    # given
    client.force_login(world.org_admin)
    # when
    response = client.post(
        reverse("accounts:grant_create", args=["staff_a"]), {"role": AUDITOR, "org": world.org_a.pk}
    )
    # then
    assert response.url == reverse("accounts:user_detail", args=["staff_a"])
    assert _messages(response) == ["已授权"]
    grant = RoleGrant.objects.get(user=staff_a, role=AUDITOR)
    assert (grant.org, grant.granted_by) == (world.org_a, world.org_admin)
    assert AuditLog.objects.get().summary == "授予 staff_a “只读审计”角色 @ 甲县第一中学工会"


@pytest.mark.parametrize(
    ("_case", "data", "message"),
    [
        ("duplicate", {"role": UNION_STAFF, "org": "org_a"}, "该用户已在此组织拥有该角色"),
        ("org outside scope", {"role": AUDITOR, "org": "org_b"}, "不能在所选组织授权"),
        ("org above scope", {"role": AUDITOR, "org": "county_x"}, "不能在所选组织授权"),
        ("系统管理员", {"role": SYSADMIN, "org": "org_a"}, "您不能在该组织授予此角色"),
        (
            "unknown role",
            {"role": "emperor", "org": "org_a"},
            "选择一个有效的选项。 emperor 不在可用的选项中。",
        ),
    ],
)
def test_grant_create_view_refusals(client, world, staff_a, _case, data, message):
    # given
    client.force_login(world.org_admin)
    # when
    response = client.post(
        reverse("accounts:grant_create", args=["staff_a"]),
        {"role": data["role"], "org": getattr(world, data["org"]).pk},
    )
    # then
    assert response.status_code == 302
    assert _messages(response) == [message]
    assert list(RoleGrant.objects.filter(user=staff_a).values_list("role", flat=True)) == [UNION_STAFF]
    assert AuditLog.objects.count() == 0


def test_grant_create_for_oneself_is_refused(client, world):
    # given
    client.force_login(world.org_admin)
    # when
    response = client.post(
        reverse("accounts:grant_create", args=["admin_a"]), {"role": AUDITOR, "org": world.org_a.pk}
    )
    # then
    assert response.status_code == 403
    assert RoleGrant.objects.filter(user=world.org_admin).count() == 1


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider sees nothing", "outsider", 404),
        ("member has no console", "org_member", 403),
        ("auditor cannot manage", "auditor_x", 403),
        ("admin revokes", "org_admin", 302),
    ],
)
def test_grant_revoke_view_access(request, client, world, staff_a, _case, actor, status):
    # given
    grant = staff_a.grants.get()
    client.force_login(request.getfixturevalue(actor))
    # when
    response = client.post(reverse("accounts:grant_revoke", args=[grant.pk]))
    # then
    assert response.status_code == status
    assert RoleGrant.objects.filter(pk=grant.pk).exists() is (status != 302)
    assert AuditLog.objects.count() == (1 if status == 302 else 0)


def test_grant_revoke_view_happy_path(client, world, staff_a):
    # given
    grant = staff_a.grants.get()
    client.force_login(world.org_admin)
    # when
    response = client.post(reverse("accounts:grant_revoke", args=[grant.pk]))
    # then
    assert response.url == reverse("accounts:user_detail", args=["staff_a"])
    assert _messages(response) == ["已撤销授权"]
    assert AuditLog.objects.get().summary == "撤销 staff_a 的“工会干事”角色 @ 甲县第一中学工会"


def test_grant_revoke_of_a_sysadmin_is_forbidden(client, world):
    # given a 系统管理员 grant inside org A
    grant = make_cadre("root_a", world.org_a, role=SYSADMIN).grants.get()
    client.force_login(world.org_admin)
    # when
    response = client.post(reverse("accounts:grant_revoke", args=[grant.pk]))
    # then
    assert response.status_code == 403
    assert RoleGrant.objects.filter(pk=grant.pk).exists() is True


# --- cadre account creation ------------------------------------------------------------------

CREATE_DATA = {"username": "li_si", "name": "李四", "phone": "+86 138 1111 3333", "role": UNION_STAFF}


def test_user_create_happy_path(client, world):
    # given
    client.force_login(world.org_admin)
    # when
    response = client.post(reverse("accounts:user_create"), {**CREATE_DATA, "org": world.org_a.pk})
    # then
    assert response.status_code == 200
    user = User.objects.get(username="li_si")
    assert (user.name, user.phone, user.must_change_password) == ("李四", "13811113333", True)
    assert user.check_password(response.context["temporary"]) is True
    assert RoleGrant.objects.get(user=user).org == world.org_a


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider cannot pick org A", "outsider", 200),
        ("member has no console", "org_member", 403),
        ("auditor cannot manage", "auditor_x", 403),
    ],
)
def test_user_create_refused(request, client, world, _case, actor, status):
    # given
    client.force_login(request.getfixturevalue(actor))
    # when
    response = client.post(reverse("accounts:user_create"), {**CREATE_DATA, "org": world.org_a.pk})
    # then
    assert response.status_code == status
    if status == 200:
        assert response.context["form"].errors == {"org": ["不能在所选组织授权"]}
    assert User.objects.filter(username="li_si").exists() is False


@pytest.mark.parametrize(
    ("_case", "changes", "errors"),
    [
        ("username taken", {"username": "admin_b"}, {"username": ["该用户名已被使用"]}),
        (
            "bad username",
            {"username": "1abc"},
            {"username": ["用户名以字母开头，3–30位字母、数字、下划线、点或短横线"]},
        ),
        ("phone taken", {"phone": "13700001111"}, {"phone": ["该手机号已绑定其他账号"]}),
        ("bad phone", {"phone": "0371-1234"}, {"phone": ["请输入11位中国大陆手机号"]}),
        ("系统管理员", {"role": SYSADMIN}, {"role": ["您不能在该组织授予此角色"]}),
    ],
)
def test_user_create_form_errors(client, world, _case, changes, errors):
    # given
    client.force_login(world.org_admin)
    users_before = User.objects.count()
    # when
    response = client.post(reverse("accounts:user_create"), {**CREATE_DATA, "org": world.org_a.pk, **changes})
    # then
    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert User.objects.count() == users_before


# --- every page renders ---------------------------------------------------------------------


def test_every_accounts_page_renders(client, world, staff_a, audit_rows):
    # given a 系统管理员 of the whole tree
    root = make_cadre("root", world.city, role=SYSADMIN)
    make_member_user("13700009999", world.org_b, name="乙会员")
    client.force_login(root)
    # when / then
    for url in [
        reverse("home"),
        reverse("accounts:user_list"),
        reverse("accounts:user_create"),
        reverse("accounts:user_detail", args=["staff_a"]),
        reverse("accounts:audit_log_list"),
        reverse("accounts:password_change"),
    ]:
        assert client.get(url).status_code == 200, url
    client.logout()
    assert client.get(reverse("accounts:login")).status_code == 200
    assert client.get(reverse("portal:login")).status_code == 200

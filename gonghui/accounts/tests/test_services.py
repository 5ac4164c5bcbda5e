"""Account services and the permission rules behind them: passwords, resets, grants, cadre accounts,
and the audit rows each one writes."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from conftest import PASSWORD, make_cadre, make_member_user
from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.permissions import can_grant_role, can_manage_user
from gonghui.accounts.roles import AUDITOR, MEMBER, SYSADMIN, UNION_ADMIN, UNION_STAFF
from gonghui.accounts.scoping import forget_grants, is_cadre
from gonghui.accounts.selectors import primary_org_id
from gonghui.accounts.services import (
    cadre_account_create,
    login_failed_recorded,
    login_recorded,
    logout_recorded,
    role_grant_create,
    role_grant_revoke,
    user_password_change,
    user_password_reset,
)
from gonghui.accounts.tests.factories import RoleGrantFactory, UserFactory
from gonghui.core.audit import AuditContext
from gonghui.core.models import AuditAction, AuditLog
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Org


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def _context(ip: str = "10.1.2.3") -> AuditContext:
    """Where a login came from, as the view hands it on."""
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR=ip, HTTP_USER_AGENT="pytest-browser")
    return AuditContext.of(request)


# --- password change -------------------------------------------------------------------------


def test_password_change_sets_the_password_and_clears_the_flag(world):
    # given an account whose password was reset
    user = world.org_admin
    User.objects.filter(pk=user.pk).update(must_change_password=True)
    user.refresh_from_db()
    # when
    user_password_change(user=user, new_password="Xinmima2026go")
    # then
    user = _fresh(user)
    assert user.check_password("Xinmima2026go") is True
    assert user.must_change_password is False
    log = AuditLog.objects.get()
    assert log.action == AuditAction.PASSWORD
    assert log.actor == user
    assert log.actor_label == "admin_a"
    assert log.org_id == world.org_a.pk
    assert log.object_id == str(user.pk)
    assert log.content_type == ContentType.objects.get_for_model(User)
    assert log.summary == "admin_a 修改了密码"


@pytest.mark.parametrize(
    ("_case", "password", "messages"),
    [
        ("shorter than 10", "Zq7Lm2xP", ["此密码太短，至少要包含 10 个字符。"]),
        ("letters only", "Zqlmxprtwvk", ["密码必须同时包含字母和数字"]),
        ("digits only", "7302918465", ["密码必须同时包含字母和数字"]),
        ("common password", "password123", ["这个密码太常见了。"]),
    ],
)
def test_password_change_validates(world, _case, password, messages):
    # given
    user = world.org_admin
    # when
    with pytest.raises(ValidationError) as exc_info:
        user_password_change(user=user, new_password=password)
    # then the password is unchanged and nothing is logged
    assert exc_info.value.messages == messages
    assert _fresh(user).check_password(PASSWORD) is True
    assert AuditLog.objects.count() == 0


# --- password reset ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "allowed"),
    [
        ("outsider may not reset", "outsider", False),
        ("plain member may not reset", "org_member", False),
        ("staff without accounts.manage may not reset", "staff_b", False),
        ("org admin resets", "org_admin", True),
    ],
)
def test_password_reset_matrix(request, world, staff_a, _case, actor, allowed):
    # given
    if actor == "staff_b":
        actor_user = make_cadre("staff_b", world.org_a, role=UNION_STAFF)
    else:
        actor_user = request.getfixturevalue(actor)
    # when
    if allowed:
        temporary = user_password_reset(target=staff_a, actor=actor_user, context=_context())
    else:
        with pytest.raises(PermissionDenied):
            user_password_reset(target=staff_a, actor=actor_user, context=AuditContext())
    # then
    target = _fresh(staff_a)
    if allowed:
        assert len(temporary) == 12
        assert temporary.isalnum()
        assert target.check_password(temporary) is True
        assert target.check_password(PASSWORD) is False
        assert target.must_change_password is True
        log = AuditLog.objects.get()
        assert log.action == AuditAction.PASSWORD
        assert log.actor == world.org_admin
        assert log.object_id == str(staff_a.pk)
        assert log.org_id == world.org_a.pk
        assert log.ip_address == "10.1.2.3"
        assert log.user_agent == "pytest-browser"
        assert log.summary == "重置了 staff_a 的密码"
    else:
        assert target.check_password(PASSWORD) is True
        assert target.must_change_password is False
        assert AuditLog.objects.count() == 0


def test_password_reset_of_a_member_account(world):
    # when the admin of org A resets the member's password
    temporary = user_password_reset(target=world.org_member, actor=world.org_admin, context=AuditContext())
    # then
    member = _fresh(world.org_member)
    assert member.check_password(temporary) is True
    assert member.must_change_password is True


def test_admin_cannot_reset_own_password(world):
    # when
    with pytest.raises(PermissionDenied):
        user_password_reset(target=world.org_admin, actor=world.org_admin, context=AuditContext())
    # then
    assert _fresh(world.org_admin).must_change_password is False


def test_county_admin_resets_below_but_not_beside(world):
    # given a union_admin of 甲县 (above org A, beside org B)
    county_admin = make_cadre("county_admin", world.county_x)
    # when / then
    user_password_reset(target=world.org_admin, actor=county_admin, context=AuditContext())
    with pytest.raises(PermissionDenied):
        user_password_reset(target=world.outsider, actor=county_admin, context=AuditContext())
    assert _fresh(world.org_admin).must_change_password is True
    assert _fresh(world.outsider).must_change_password is False


def test_admin_cannot_reset_an_account_with_a_grant_outside_scope(world, staff_a):
    # given staff_a also works for org B
    RoleGrantFactory.create(user=staff_a, role=UNION_STAFF, org=world.org_b)
    # when
    with pytest.raises(PermissionDenied):
        user_password_reset(target=staff_a, actor=world.org_admin, context=AuditContext())
    # then
    assert _fresh(staff_a).check_password(PASSWORD) is True


def test_union_admin_cannot_reset_a_sysadmin_in_scope(world):
    # given a 系统管理员 granted on org A
    sysadmin = make_cadre("root_a", world.org_a, role=SYSADMIN)
    # when
    with pytest.raises(PermissionDenied):
        user_password_reset(target=sysadmin, actor=world.org_admin, context=AuditContext())
    # then
    assert _fresh(sysadmin).must_change_password is False


def test_account_without_grants_or_member_record_is_unmanageable(world):
    # given
    orphan = UserFactory.create(username="orphan")
    # then
    assert can_manage_user(world.org_admin, orphan) is False


def test_member_record_counts_for_manageability(world):
    # given a member user of org A whose MEMBER grant sits on org B by mistake
    user, _member = make_member_user("13700002222", world.org_a, name="乙会员")
    RoleGrant.objects.filter(user=user).update(org=world.org_b)
    forget_grants(user)
    user = _fresh(user)
    # then neither admin manages the account alone
    assert can_manage_user(world.org_admin, user) is False
    assert can_manage_user(world.outsider, user) is False


# --- role grants ---------------------------------------------------------------------------


def test_role_grant_create(world):
    # given
    newcomer = UserFactory.create(username="newcomer")
    # when
    grant = role_grant_create(user=newcomer, role=UNION_STAFF, org=world.org_a, actor=world.org_admin)
    # then
    assert RoleGrant.objects.get(user=newcomer) == grant
    assert (grant.role, grant.org, grant.granted_by) == (UNION_STAFF, world.org_a, world.org_admin)
    log = AuditLog.objects.get()
    assert log.action == AuditAction.ADMIN_EDIT
    assert log.actor == world.org_admin
    assert log.org_id == world.org_a.pk
    assert log.object_id == str(newcomer.pk)
    assert log.summary == "授予 newcomer “工会干事”角色 @ 甲县第一中学工会"


def test_role_grant_create_refreshes_cached_grants(world):
    # given a user whose (empty) grants were already loaded
    newcomer = UserFactory.create(username="newcomer")
    assert is_cadre(newcomer) is False
    # when
    role_grant_create(user=newcomer, role=UNION_STAFF, org=world.org_a, actor=world.org_admin)
    # then
    assert is_cadre(newcomer) is True


def test_duplicate_grant_is_refused_in_chinese(world, staff_a):
    # when
    with pytest.raises(ValidationError) as exc_info:
        role_grant_create(user=staff_a, role=UNION_STAFF, org=world.org_a, actor=world.org_admin)
    # then
    assert exc_info.value.messages == ["该用户已在此组织拥有该角色"]
    assert RoleGrant.objects.filter(user=staff_a).count() == 1
    assert AuditLog.objects.count() == 0


def test_unknown_role_is_refused(world, staff_a):
    # when
    with pytest.raises(ValidationError) as exc_info:
        role_grant_create(user=staff_a, role="emperor", org=world.org_a, actor=world.org_admin)
    # then
    assert exc_info.value.message_dict == {"role": ["未知角色"]}
    assert RoleGrant.objects.filter(user=staff_a).count() == 1


@pytest.mark.parametrize(
    ("_case", "actor", "role", "org", "allowed"),
    [
        ("outsider cannot grant in org A", "outsider", UNION_STAFF, "org_a", False),
        ("member cannot grant", "org_member", UNION_STAFF, "org_a", False),
        ("admin cannot grant above its org", "org_admin", UNION_STAFF, "county_x", False),
        ("admin cannot grant in a sibling", "org_admin", UNION_STAFF, "org_b", False),
        ("admin cannot grant 系统管理员", "org_admin", SYSADMIN, "org_a", False),
        ("admin grants auditor in its org", "org_admin", AUDITOR, "org_a", True),
        ("admin grants union_admin in its org", "org_admin", UNION_ADMIN, "org_a", True),
    ],
)
def test_role_grant_create_matrix(request, world, _case, actor, role, org, allowed):
    # given
    newcomer = UserFactory.create(username="newcomer")
    actor_user = request.getfixturevalue(actor)
    target_org = getattr(world, org)
    # when
    if allowed:
        role_grant_create(user=newcomer, role=role, org=target_org, actor=actor_user)
    else:
        with pytest.raises(PermissionDenied):
            role_grant_create(user=newcomer, role=role, org=target_org, actor=actor_user)
    # then
    assert RoleGrant.objects.filter(user=newcomer).count() == (1 if allowed else 0)
    assert AuditLog.objects.count() == (1 if allowed else 0)


def test_sysadmin_grants_sysadmin(world):
    # given a 系统管理员 of the whole tree
    root = make_cadre("root", world.city, role=SYSADMIN)
    newcomer = UserFactory.create(username="newcomer")
    # when
    role_grant_create(user=newcomer, role=SYSADMIN, org=world.org_b, actor=root)
    # then
    assert RoleGrant.objects.get(user=newcomer).role == SYSADMIN
    assert can_grant_role(root, SYSADMIN, world.org_a) is True
    assert can_grant_role(world.org_admin, SYSADMIN, world.org_a) is False


def test_sysadmin_cannot_grant_outside_its_subtree(world):
    # given a 系统管理员 of 甲县 only
    county_root = make_cadre("county_root", world.county_x, role=SYSADMIN)
    newcomer = UserFactory.create(username="newcomer")
    # when
    with pytest.raises(PermissionDenied):
        role_grant_create(user=newcomer, role=SYSADMIN, org=world.org_b, actor=county_root)
    # then
    assert RoleGrant.objects.filter(user=newcomer).exists() is False


def test_role_grant_revoke(world, staff_a):
    # given
    grant = staff_a.grants.get()
    # when
    role_grant_revoke(grant=grant, actor=world.org_admin)
    # then
    assert RoleGrant.objects.filter(user=staff_a).exists() is False
    log = AuditLog.objects.get()
    assert log.action == AuditAction.ADMIN_EDIT
    assert log.actor == world.org_admin
    assert log.org_id == world.org_a.pk
    assert log.object_id == str(staff_a.pk)
    assert log.summary == "撤销 staff_a 的“工会干事”角色 @ 甲县第一中学工会"


@pytest.mark.parametrize("actor", ["outsider", "org_member"])
def test_role_grant_revoke_refused(request, world, staff_a, actor):
    # given
    grant = staff_a.grants.get()
    # when
    with pytest.raises(PermissionDenied):
        role_grant_revoke(grant=grant, actor=request.getfixturevalue(actor))
    # then
    assert RoleGrant.objects.filter(pk=grant.pk).exists() is True
    assert AuditLog.objects.count() == 0


def test_union_admin_cannot_revoke_a_sysadmin_grant(world):
    # given
    sysadmin = make_cadre("root_a", world.org_a, role=SYSADMIN)
    grant = sysadmin.grants.get()
    # when
    with pytest.raises(PermissionDenied):
        role_grant_revoke(grant=grant, actor=world.org_admin)
    # then
    assert RoleGrant.objects.filter(pk=grant.pk).exists() is True


# --- cadre accounts ------------------------------------------------------------------------


def test_cadre_account_create(world):
    # when
    user, temporary = cadre_account_create(
        username="li_si",
        name="李四",
        phone="13811113333",
        role=UNION_STAFF,
        org=world.org_a,
        actor=world.org_admin,
    )
    # then
    user = User.objects.get(username="li_si")
    assert (user.name, user.phone, user.must_change_password) == ("李四", "13811113333", True)
    assert user.check_password(temporary) is True
    grant = RoleGrant.objects.get(user=user)
    assert (grant.role, grant.org, grant.granted_by) == (UNION_STAFF, world.org_a, world.org_admin)
    assert list(AuditLog.objects.values_list("action", "summary")) == [
        (AuditAction.ADMIN_EDIT, "授予 li_si “工会干事”角色 @ 甲县第一中学工会")
    ]


def test_cadre_account_create_without_phone_stores_null(world):
    # when
    user, _temporary = cadre_account_create(
        username="wang_wu", name="王五", phone="", role=UNION_STAFF, org=world.org_a, actor=world.org_admin
    )
    # then
    assert User.objects.get(username="wang_wu").phone is None


@pytest.mark.parametrize(
    ("_case", "username", "phone", "errors"),
    [
        ("username taken", "admin_a", None, {"username": ["该用户名已被使用"]}),
        ("phone taken", "zhao_liu", "13700001111", {"phone": ["该手机号已绑定其他账号"]}),
        ("phone malformed", "zhao_liu", "12345", {"phone": ["请输入11位中国大陆手机号"]}),
    ],
)
def test_cadre_account_create_refuses_bad_data(world, _case, username, phone, errors):
    # given
    users_before = User.objects.count()
    # when
    with pytest.raises(ValidationError) as exc_info:
        cadre_account_create(
            username=username,
            name="赵六",
            phone=phone,
            role=UNION_STAFF,
            org=world.org_a,
            actor=world.org_admin,
        )
    # then
    assert exc_info.value.message_dict == errors
    assert User.objects.count() == users_before
    assert AuditLog.objects.count() == 0


@pytest.mark.parametrize(
    ("_case", "actor", "role"),
    [
        ("outsider cannot create in org A", "outsider", UNION_STAFF),
        ("member cannot create", "org_member", UNION_STAFF),
        ("admin cannot create a 系统管理员", "org_admin", SYSADMIN),
    ],
)
def test_cadre_account_create_refused(request, world, _case, actor, role):
    # when
    with pytest.raises(PermissionDenied):
        cadre_account_create(
            username="zhao_liu",
            name="赵六",
            phone=None,
            role=role,
            org=world.org_a,
            actor=request.getfixturevalue(actor),
        )
    # then
    assert User.objects.filter(username="zhao_liu").exists() is False
    assert AuditLog.objects.count() == 0


# --- login records -------------------------------------------------------------------------


def test_login_and_logout_recorded_with_the_primary_org(world):
    # when
    login_recorded(user=world.org_member, context=_context())
    logout_recorded(user=world.org_member, context=_context())
    # then
    rows = list(AuditLog.objects.order_by("id").values_list("action", "actor_id", "org_id", "summary"))
    assert rows == [
        (AuditAction.LOGIN, world.org_member.pk, world.org_a.pk, "m13700001111 登录"),
        (AuditAction.LOGOUT, world.org_member.pk, world.org_a.pk, "m13700001111 退出"),
    ]


def test_primary_org_is_the_first_grant_in_tree_order(world):
    # given an admin of org B who is also auditor of 甲县 (earlier in the tree)
    RoleGrantFactory.create(user=world.outsider, role=AUDITOR, org=world.county_x)
    forget_grants(world.outsider)
    # then
    assert primary_org_id(world.outsider) == world.county_x.pk
    assert primary_org_id(UserFactory.create(username="nobody")) is None


@pytest.mark.parametrize(
    ("_case", "typed", "expected_org"),
    [
        ("cadre username", "admin_a", "org_a"),
        ("cadre username with spaces", "  admin_b ", "org_b"),
        ("member mobile number", "13700001111", "org_a"),
        ("member mobile number in full width", "１３７００００１１１１", "org_a"),
        ("unknown username", "nobody_here", None),
        ("unknown mobile number", "13900009999", None),
        ("empty", "", None),
    ],
)
def test_login_failed_recorded_belongs_to_the_accounts_org(world, _case, typed, expected_org):
    # when
    login_failed_recorded(username=typed, context=_context("10.9.8.7"))
    # then
    log = AuditLog.objects.get()
    assert log.action == AuditAction.LOGIN_FAILED
    assert log.actor is None
    assert log.actor_label == typed
    assert log.org_id == (getattr(world, expected_org).pk if expected_org else None)
    assert log.ip_address == "10.9.8.7"
    assert log.summary == f"账号 {typed} 登录失败"


def test_login_failed_for_account_on_inactive_org_has_no_org(world):
    # given org B is deactivated, so its admin's grant no longer counts
    Org.objects.filter(pk=world.org_b.pk).update(status=OrgStatus.INACTIVE)
    # when
    login_failed_recorded(username="admin_b", context=_context())
    # then
    assert AuditLog.objects.get().org_id is None


def test_member_grant_is_the_primary_org_of_a_member(world):
    # given
    user, _member = make_member_user("13700003333", world.org_b, name="乙会员")
    # then
    assert primary_org_id(user) == world.org_b.pk
    assert [g.role for g in user.grants.all()] == [MEMBER]


def test_password_change_to_the_current_password_is_refused(world):
    # given
    user = world.org_admin
    # when
    with pytest.raises(ValidationError) as exc_info:
        user_password_change(user=user, new_password=PASSWORD)
    # then
    assert exc_info.value.message_dict == {"new_password1": ["新密码不能与当前密码相同，请设置一个新的密码"]}
    assert AuditLog.objects.count() == 0

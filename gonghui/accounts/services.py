"""Writes for accounts: logins recorded, passwords, role grants, cadre accounts."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.models import AuditAction
from gonghui.core.registry import roles
from gonghui.orgs.models import Org

from .actors import Actor
from .backends import user_for_login
from .models import RoleGrant, User
from .passwords import temporary_password
from .permissions import can_grant_role, can_manage_user
from .scoping import forget_grants
from .selectors import primary_org_id


def login_recorded(*, user: User, context: AuditContext, method: str = "") -> None:
    """`method` names a way other than the password, e.g. "短信验证码"."""
    audit_log(
        action=AuditAction.LOGIN,
        actor=user,
        context=context,
        org_id=primary_org_id(user),
        summary=f"{user.get_username()} 登录" + (f"（{method}）" if method else ""),
    )


def login_failed_recorded(*, username: str, context: AuditContext, method: str = "") -> None:
    """A failed login belongs to the union of the account it names (so that union's auditor sees
    it); an unknown username belongs to no union."""
    account = user_for_login(username) if username.strip() else None
    audit_log(
        action=AuditAction.LOGIN_FAILED,
        actor_label=username[:150],
        context=context,
        org_id=primary_org_id(account) if account is not None else None,
        summary=f"账号 {username[:60]} 登录失败" + (f"（{method}）" if method else ""),
    )


def logout_recorded(*, user: User, context: AuditContext, reason: str = "") -> None:
    audit_log(
        action=AuditAction.LOGOUT,
        actor=user,
        context=context,
        org_id=primary_org_id(user),
        summary=f"{user.get_username()} 退出" + (f"（{reason}）" if reason else ""),
    )


@transaction.atomic
def user_password_change(*, user: User, new_password: str) -> User:
    """The user's own change, also the forced one after a reset: the new password must differ from the current
    one (a temporary password cannot be kept) and pass the password rules."""
    if user.check_password(new_password):
        raise ValidationError({"new_password1": _("新密码不能与当前密码相同，请设置一个新的密码")})
    validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit_log(
        action=AuditAction.PASSWORD,
        actor=user,
        subject=user,
        org_id=primary_org_id(user),
        summary=f"{user.get_username()} 修改了密码",
    )
    return user


@transaction.atomic
def user_password_reset(*, target: User, actor: Actor, context: AuditContext) -> str:
    """A scoped admin resets a password: a one-time temporary password, changed at next login."""
    if not can_manage_user(actor, target):
        raise PermissionDenied
    temporary = temporary_password()
    target.set_password(temporary)
    target.must_change_password = True
    target.save(update_fields=["password", "must_change_password"])
    audit_log(
        action=AuditAction.PASSWORD,
        actor=actor,
        subject=target,
        context=context,
        org_id=primary_org_id(target),
        summary=f"重置了 {target.get_username()} 的密码",
    )
    return temporary


@transaction.atomic
def role_grant_create(*, user: User, role: str, org: Org, actor: Actor) -> RoleGrant:
    if role not in roles:
        raise ValidationError({"role": _("未知角色")})
    if not can_grant_role(actor, role, org):
        raise PermissionDenied
    try:
        with transaction.atomic():
            grant = RoleGrant.objects.create(user=user, role=role, org=org, granted_by=actor)
    except IntegrityError:
        raise ValidationError(_("该用户已在此组织拥有该角色")) from None
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=user,
        org_id=org.pk,
        summary=f"授予 {user.get_username()} “{roles.get(role).label}”角色 @ {org.name}",
    )
    forget_grants(user)
    return grant


@transaction.atomic
def role_grant_revoke(*, grant: RoleGrant, actor: Actor) -> None:
    if grant.user_id == actor.pk:
        raise ValidationError(_("不能撤销自己的授权，请由上级管理员办理"))
    if not can_grant_role(actor, grant.role, grant.org):
        raise PermissionDenied
    summary = f"撤销 {grant.user.get_username()} 的“{grant.role_label}”角色 @ {grant.org.name}"
    org_id = grant.org_id
    user = grant.user
    grant.delete()
    audit_log(action=AuditAction.ADMIN_EDIT, actor=actor, subject=user, org_id=org_id, summary=summary)
    forget_grants(user)


@transaction.atomic
def cadre_account_create(
    *, username: str, name: str, phone: str | None, role: str, org: Org, actor: Actor
) -> tuple[User, str]:
    """A cadre account with one grant and a temporary password to change at first login."""
    if not can_grant_role(actor, role, org):
        raise PermissionDenied
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("该用户名已被使用")})
    if phone and User.objects.filter(phone=phone).exists():
        raise ValidationError({"phone": _("该手机号已绑定其他账号")})
    temporary = temporary_password()
    user = User(username=username, name=name, phone=phone or None, must_change_password=True)
    user.set_password(temporary)
    user.full_clean(exclude=["password"])
    user.save()
    role_grant_create(user=user, role=role, org=org, actor=actor)
    return user, temporary


def portal_care_mode_set(*, user: User, on: bool) -> bool:
    """Turn the portal's 长辈版 (关怀模式) on or off for the person's own account; returns whether it changed. A
    display setting of one's own account, not a record of the union: no audit row."""
    if user.portal_care_mode == on:
        return False
    user.portal_care_mode = on
    user.save(update_fields=["portal_care_mode"])
    return True

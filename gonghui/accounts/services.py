"""Writes for accounts: logins recorded, passwords, role grants, cadre accounts, outside accounts and their object
grants."""

import datetime as dt

from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.models import AuditAction
from gonghui.core.registry import roles
from gonghui.orgs.models import Org

from .actors import Actor
from .backends import user_for_login
from .models import ObjectGrant, RoleGrant, User
from .object_grants import GrantableKind
from .passwords import temporary_password
from .permissions import can_grant_object, can_grant_role, can_manage_user
from .roles import is_object_only
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
    if is_object_only(role):
        raise ValidationError(
            {"role": _("“%(role)s”只能授予单个对象，不能授予组织") % {"role": roles.get(role).label}}
        )
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
    if is_object_only(role):
        raise ValidationError(
            {"role": _("“%(role)s”只能授予单个对象，不能授予组织") % {"role": roles.get(role).label}}
        )
    if not can_grant_role(actor, role, org):
        raise PermissionDenied
    user, temporary = _account_with_temporary_password(username=username, name=name, phone=phone)
    role_grant_create(user=user, role=role, org=org, actor=actor)
    return user, temporary


def _account_with_temporary_password(*, username: str, name: str, phone: str | None) -> tuple[User, str]:
    """A new account (cadre or outside) with a one-time temporary password it must change at first login; the
    password rules, lockout and login audit are those of every account."""
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("该用户名已被使用")})
    if phone and User.objects.filter(phone=phone).exists():
        raise ValidationError({"phone": _("该手机号已绑定其他账号")})
    temporary = temporary_password()
    user = User(username=username, name=name, phone=phone or None, must_change_password=True)
    user.set_password(temporary)
    user.full_clean(exclude=["password"])
    user.save()
    return user, temporary


def portal_care_mode_set(*, user: User, on: bool) -> bool:
    """Turn the portal's 长辈版 (关怀模式) on or off for the person's own account; returns whether it changed. A
    display setting of one's own account, not a record of the union: no audit row."""
    if user.portal_care_mode == on:
        return False
    user.portal_care_mode = on
    user.save(update_fields=["portal_care_mode"])
    return True


# --- outside accounts and object grants (外部账号授权) -------------------------------------------------------------

MAX_GRANT_DAYS = 365


def _check_expiry(expires_at: dt.datetime) -> None:
    now = timezone.now()
    if expires_at <= now:
        raise ValidationError({"expires_at": _("到期时间必须晚于现在")})
    if timezone.localtime(expires_at).date() > timezone.localdate(now) + dt.timedelta(days=MAX_GRANT_DAYS):
        raise ValidationError({"expires_at": _("到期时间最长为一年以内")})


def _check_latest_expiry(kind: GrantableKind, obj: models.Model, expires_at: dt.datetime) -> None:
    """A kind whose objects close (a 竞赛 on its 结束日期) allows no grant past that moment."""
    latest = kind.latest_expiry(obj) if kind.latest_expiry is not None else None
    if latest is not None and expires_at > latest:
        raise ValidationError(
            {
                "expires_at": _("到期时间不能晚于%(label)s结束日期 %(day)s")
                % {"label": kind.label, "day": f"{timezone.localtime(latest):%Y-%m-%d}"}
            }
        )


def _object_label(kind: GrantableKind, obj: models.Model) -> str:
    return f"{kind.label}“{obj}”"


@transaction.atomic
def outside_account_grant(
    *,
    kind: GrantableKind,
    obj: models.Model,
    name: str,
    phone: str,
    role: str,
    expires_at: dt.datetime,
    actor: Actor,
    context: AuditContext | None = None,
) -> tuple[ObjectGrant, str | None]:
    """The owning union grants a person outside the union tree `role` on one object until `expires_at` (in the
    future, at most a year away). A phone without an account gets a new outside account (username = the phone)
    with a one-time temporary password, returned to be shown once and changed at first login; an existing
    account is granted as it is (reopened if the expiry job closed it) and None is returned."""
    if not can_grant_object(actor, kind, obj):
        raise PermissionDenied
    if role not in kind.roles or role not in roles:
        raise ValidationError({"role": _("该角色不能授予此对象")})
    _check_expiry(expires_at)
    _check_latest_expiry(kind, obj, expires_at)
    org = kind.org_of(obj)
    temporary: str | None = None
    user = User.objects.select_for_update().filter(phone=phone).first()
    if user is None:
        user, temporary = _account_with_temporary_password(username=phone, name=name.strip(), phone=phone)
        audit_log(
            action=AuditAction.ADMIN_EDIT,
            actor=actor,
            subject=user,
            context=context,
            org_id=org.pk,
            summary=f"为{_object_label(kind, obj)}新建外部账号 {user.get_username()}（{user.name}）",
        )
    else:
        if user.pk == actor.pk:
            raise ValidationError({"phone": _("不能给自己授权")})
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
    content_type = ContentType.objects.get_for_model(obj)
    duplicate = ObjectGrant.objects.filter(
        user=user,
        role=role,
        content_type=content_type,
        object_id=obj.pk,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
    if duplicate.exists():
        raise ValidationError({"phone": _("该账号已有此对象的有效授权，请延长其到期时间")})
    grant = ObjectGrant.objects.create(
        user=user,
        role=role,
        content_type=content_type,
        object_id=obj.pk,
        org=org,
        expires_at=expires_at,
        granted_by=actor,
    )
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=user,
        context=context,
        org_id=org.pk,
        summary=(
            f"授予 {user.get_username()} {_object_label(kind, obj)}的“{grant.role_label}”角色，"
            f"至 {timezone.localtime(expires_at):%Y-%m-%d %H:%M}"
        ),
    )
    forget_grants(user)
    return grant, temporary


def _require_grant_manager(grant: ObjectGrant, actor: Actor) -> tuple[GrantableKind, models.Model]:
    from .object_grants import kind_of

    obj = grant.content_object
    kind = kind_of(obj) if obj is not None else None
    if obj is None or kind is None or not can_grant_object(actor, kind, obj):
        raise PermissionDenied
    return kind, obj


@transaction.atomic
def object_grant_extend(*, grant: ObjectGrant, expires_at: dt.datetime, actor: Actor) -> ObjectGrant:
    """A new expiry for a grant not revoked (an expired one may be extended again), at most a year away."""
    kind, obj = _require_grant_manager(grant, actor)
    if grant.revoked_at is not None:
        raise ValidationError({"expires_at": _("该授权已撤销，请重新授权")})
    _check_expiry(expires_at)
    _check_latest_expiry(kind, obj, expires_at)
    grant.expires_at = expires_at
    grant.save(update_fields=["expires_at", "updated_at"])
    if not grant.user.is_active:
        grant.user.is_active = True
        grant.user.save(update_fields=["is_active"])
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=grant.user,
        org_id=grant.org_id,
        summary=(
            f"将 {grant.user.get_username()} {_object_label(kind, obj)}的“{grant.role_label}”授权延长至 "
            f"{timezone.localtime(expires_at):%Y-%m-%d %H:%M}"
        ),
    )
    forget_grants(grant.user)
    return grant


@transaction.atomic
def object_grant_revoke(*, grant: ObjectGrant, actor: Actor) -> ObjectGrant:
    """Revoke now; the row stays (with 撤销时间) so the object's page keeps the history."""
    kind, obj = _require_grant_manager(grant, actor)
    if grant.revoked_at is not None:
        raise ValidationError(_("该授权已撤销"))
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at", "updated_at"])
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=grant.user,
        org_id=grant.org_id,
        summary=f"撤销 {grant.user.get_username()} {_object_label(kind, obj)}的“{grant.role_label}”授权",
    )
    forget_grants(grant.user)
    return grant


@transaction.atomic
def object_grants_end(
    *, obj: models.Model, actor: Actor, at: dt.datetime | None = None, reason: str = ""
) -> int:
    """The owner app closes an object (a 竞赛 finished, its 结束日期 moved earlier): every live grant on it that
    would run past `at` ends there — revoked now when `at` is None or not in the future, else its expiry brought
    forward to `at`. Who may is the owner app's own rule (`kind.can_grant`: finishing a contest is the organiser's
    act, whether or not they manage accounts). Each grant ended is audited; returns how many."""
    from .object_grants import kind_of

    kind = kind_of(obj)
    if kind is None or not kind.can_grant(actor, obj):
        raise PermissionDenied
    now = timezone.now()
    live = ObjectGrant.objects.filter(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        revoked_at__isnull=True,
        expires_at__gt=now if at is None or at <= now else at,
    ).select_related("user")
    ended = 0
    for grant in live.select_for_update():
        if at is None or at <= now:
            grant.revoked_at = now
            grant.save(update_fields=["revoked_at", "updated_at"])
            what = "结束"
        else:
            grant.expires_at = at
            grant.save(update_fields=["expires_at", "updated_at"])
            what = f"提前至 {timezone.localtime(at):%Y-%m-%d %H:%M} 到期"
        audit_log(
            action=AuditAction.ADMIN_EDIT,
            actor=actor,
            subject=grant.user,
            org_id=grant.org_id,
            summary=(
                f"{grant.user.get_username()} {_object_label(kind, obj)}的“{grant.role_label}”授权{what}"
                + (f"（{reason}）" if reason else "")
            ),
        )
        forget_grants(grant.user)
        ended += 1
    return ended


def outside_accounts_deactivate() -> str:
    """The scheduled job: close the outside accounts whose every object grant has expired or been revoked and
    that hold no role grant and no member record, each audited. Idempotent (closed accounts are skipped). Even
    before it runs, an expired grant gives nothing: scoping checks the expiry when it reads."""
    now = timezone.now()
    live = ObjectGrant.objects.filter(revoked_at__isnull=True, expires_at__gt=now).values("user_id")
    candidates = (
        User.objects.filter(
            is_active=True, object_grants__isnull=False, grants__isnull=True, member__isnull=True
        )
        .exclude(pk__in=live)
        .distinct()
    )
    closed = 0
    for user in candidates:
        with transaction.atomic():
            User.objects.filter(pk=user.pk).update(is_active=False)
            audit_log(
                action=AuditAction.ADMIN_EDIT,
                actor_label="系统",
                subject=user,
                org_id=primary_org_id(user),
                summary=f"外部账号 {user.get_username()} 的对象授权均已到期或撤销，账号已停用",
            )
        closed += 1
    return f"停用外部账号 {closed} 个"

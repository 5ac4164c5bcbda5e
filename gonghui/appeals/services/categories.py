"""Categories of 诉求 (with their SLA days) and the designated handlers of restricted categories."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.models import User
from gonghui.accounts.scoping import has_action
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.models import AuditAction
from gonghui.orgs.models import Org

from ..choices import DEFAULT_CATEGORIES
from ..models import AppealCategory, HandlerDesignation
from ..permissions import HANDLE, can_supervise_org, forget_designations


def category_defaults_ensure() -> int:
    """The default categories, for an empty list (a fresh database, a test that flushed the tables)."""
    if AppealCategory.objects.exists():
        return 0
    AppealCategory.objects.bulk_create(
        [
            AppealCategory(code=code, name=name, is_restricted=restricted, order=index * 10)
            for index, (code, name, restricted) in enumerate(DEFAULT_CATEGORIES, start=1)
        ]
    )
    return len(DEFAULT_CATEGORIES)


@transaction.atomic
def category_save(
    *,
    actor: Actor,
    category: AppealCategory | None,
    name: str,
    accept_days: int,
    reply_days: int,
    is_restricted: bool,
    is_active: bool,
    order: int,
    context: AuditContext,
    code: str = "",
) -> AppealCategory:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("请填写类别名称")})
    if accept_days < 1 or reply_days < 1:
        raise ValidationError({"accept_days": _("时限至少为1个工作日")})
    if reply_days < accept_days:
        raise ValidationError({"reply_days": _("答复时限不能短于受理时限")})
    clash = AppealCategory.objects.filter(name=name)
    if category is not None:
        clash = clash.exclude(pk=category.pk)
    if clash.exists():
        raise ValidationError({"name": _("已有同名的诉求类别")})
    created = category is None
    if category is None:
        code = code.strip() or f"c{AppealCategory.objects.count() + 1}"
        while AppealCategory.objects.filter(code=code).exists():
            code = f"{code}x"
        category = AppealCategory(code=code)
    category.name = name
    category.accept_days = accept_days
    category.reply_days = reply_days
    category.is_restricted = is_restricted
    category.is_active = is_active
    category.order = order
    category.save()
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        context=context,
        subject=category,
        summary=f"{'新增' if created else '修改'}诉求类别 {name}（受理{accept_days}、答复{reply_days}个工作日"
        f"{'，限定办理人' if is_restricted else ''}{'' if is_active else '，停用'}）",
    )
    return category


@transaction.atomic
def designation_create(
    *, actor: Actor, user: User, org: Org, category: AppealCategory, context: AuditContext
) -> HandlerDesignation:
    if not can_supervise_org(actor, org):
        raise PermissionDenied
    if not has_action(user, HANDLE, org):
        raise ValidationError(
            {"user": _("账号 %(u)s 在%(o)s没有维权办理权限") % {"u": user.username, "o": org.name}}
        )
    designation, created = HandlerDesignation.objects.get_or_create(
        user=user, org=org, category=category, defaults={"created_by": actor}
    )
    if not created:
        raise ValidationError({"user": _("已指定过该办理人")})
    forget_designations(user)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        context=context,
        subject=designation,
        org_id=org.pk,
        summary=f"指定 {user} 办理{org.name}的{category.name}诉求",
    )
    return designation


@transaction.atomic
def designation_delete(*, actor: Actor, designation: HandlerDesignation, context: AuditContext) -> None:
    if not can_supervise_org(actor, designation.org):
        raise PermissionDenied
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        context=context,
        subject=designation,
        org_id=designation.org_id,
        summary=f"取消 {designation.user} 办理{designation.org.name}的{designation.category.name}诉求",
    )
    designation.delete()

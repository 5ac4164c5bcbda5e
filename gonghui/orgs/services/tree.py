"""Writes for the org tree. Every change checks the actor, validates, writes the timeline and the
audit log in one transaction."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from treebeard.exceptions import InvalidMoveToDescendant

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import forget_grants
from gonghui.core.audit import audit_log
from gonghui.core.locking import lock
from gonghui.core.models import AuditAction
from gonghui.core.registry import org_deactivation_guards
from gonghui.core.workflow import Transition, Workflow

from ..choices import LEVEL_RANK, OrgAction, OrgLevel, OrgStatus
from ..events import org_created_event, org_edited_event, org_moved_event
from ..models import HEADCOUNT_FIELDS, Department, Org
from ..permissions import can_be_parent, can_manage_org, can_move_org
from ..selectors import (
    credit_code_taken_message,
    org_with_credit_code,
    similar_name_message,
    similar_sibling_names,
)
from ..validators import normalize_credit_code
from .covered import joint_headcount_sync

# The create form's checkbox that confirms a union whose name is near an existing sibling's (a warning, not a block).
CONFIRM_SIMILAR = "confirm_similar"

ORG_FIELDS = (
    "name",
    "short_name",
    "unit_name",
    "aliases",
    "code",
    "level",
    "credit_code",
    "unit_category",
    "industry",
    "is_private",
    "is_joint",
    "headcount_established",
    "headcount_contract",
    "headcount_dispatched",
    "founding_status",
    "founded_on",
    "term_started_on",
    "term_ends_on",
    "chair_name",
    "contact_name",
    "contact_phone",
    "address",
)

org_workflow = Workflow(
    state_field="status",
    state_enum=OrgStatus,
    transitions=(
        Transition(
            action=OrgAction.DEACTIVATE,
            sources=frozenset({OrgStatus.ACTIVE}),
            target=OrgStatus.INACTIVE,
            allowed=lambda actor, org: can_move_org(actor, org),
            note_required=True,
        ),
        Transition(
            action=OrgAction.REACTIVATE,
            sources=frozenset({OrgStatus.INACTIVE}),
            target=OrgStatus.ACTIVE,
            allowed=lambda actor, org: can_move_org(actor, org),
        ),
    ),
)


def _check_level(parent: Org, level: str) -> None:
    if level not in LEVEL_RANK:
        raise ValidationError({"level": _("请选择组织层级")})
    if not can_be_parent(parent, level):
        raise ValidationError({"level": _("“%(parent)s”下不能设立该层级的组织") % {"parent": parent.name}})


def _normalized(data: dict[str, Any]) -> dict[str, Any]:
    """The data with the 统一社会信用代码 in its canonical form (no spaces, half-width, upper case),
    so that one code cannot be stored twice under different spellings."""
    if data.get("credit_code"):
        return {**data, "credit_code": normalize_credit_code(data["credit_code"])}
    return data


def _check_joint(level: str, is_joint: bool) -> None:
    if is_joint and level != OrgLevel.GRASSROOTS:
        raise ValidationError({"is_joint": _("只有基层工会可以设为联合基层工会")})


def _check_duplicates(
    *, actor: Actor, parent: Org | None, data: dict[str, Any], exclude_pk: int | None, confirmed: bool
) -> None:
    """The same 统一社会信用代码 anywhere blocks (naming the org that holds it); a near-identical name under the
    same parent is refused until the user confirms (`confirm_similar`) that it is another union."""
    holder = org_with_credit_code(credit_code=data.get("credit_code", ""), exclude_pk=exclude_pk)
    if holder is not None:
        raise ValidationError({"credit_code": credit_code_taken_message(user=actor, org=holder)})
    if parent is None or confirmed or not data.get("name"):
        return
    similar = similar_sibling_names(parent=parent, name=data["name"], exclude_pk=exclude_pk)
    if similar:
        raise ValidationError(
            {
                CONFIRM_SIMILAR: _("%(warning)s；确认不是同一工会的，请勾选“仍然创建”后再保存")
                % {"warning": similar_name_message(user=actor, orgs=similar)}
            }
        )


@transaction.atomic
def org_create(*, parent: Org, actor: Actor, data: dict[str, Any]) -> Org:
    """`data[CONFIRM_SIMILAR]` confirms a name near an existing sibling's (see `_check_duplicates`)."""
    if not can_manage_org(actor, parent):
        raise PermissionDenied
    if not parent.is_active:
        raise ValidationError(_("上级组织已停用，不能新建下级组织"))
    data = _normalized(data)
    _check_level(parent, data.get("level", ""))
    _check_joint(data.get("level", ""), bool(data.get("is_joint")))
    _check_duplicates(
        actor=actor, parent=parent, data=data, exclude_pk=None, confirmed=bool(data.get(CONFIRM_SIMILAR))
    )
    if data.get("is_joint"):  # a joint union's headcount is the sum of its covered units: none yet
        data = {**data, **dict.fromkeys(HEADCOUNT_FIELDS, 0)}
    candidate = Org(**{k: v for k, v in data.items() if k in ORG_FIELDS})
    candidate.full_clean(exclude=["path", "depth", "numchild"])
    org: Org = Org.objects.add_child(parent, instance=candidate)
    org_created_event(org=org, actor=actor)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=org,
        org_id=org.pk,
        summary=f"新建组织 {org.name}（{org.code}）",
    )
    return org


@transaction.atomic
def org_update(*, org: Org, actor: Actor, data: dict[str, Any]) -> Org:
    if not can_manage_org(actor, org):
        raise PermissionDenied
    data = _normalized(data)
    parent = Org.objects.get_parent(org)
    if parent is not None and "level" in data:
        _check_level(parent, data["level"])
    is_joint = bool(data.get("is_joint", org.is_joint))
    _check_joint(data.get("level", org.level), is_joint)
    if not is_joint and org.is_joint and org.covered_units.exists():
        raise ValidationError(
            {
                "is_joint": _("该工会登记了 %(n)d 个所覆盖单位，请先移除后再取消“联合基层工会”")
                % {"n": org.covered_units.count()}
            }
        )
    if is_joint:  # the headcounts of a joint union are its covered units' sum, never typed in
        data = {k: v for k, v in data.items() if k not in HEADCOUNT_FIELDS}
    if data.get("credit_code") and data["credit_code"] != org.credit_code:
        _check_duplicates(actor=actor, parent=None, data=data, exclude_pk=org.pk, confirmed=True)
    changed = []
    for field in ORG_FIELDS:
        if field in data and getattr(org, field) != data[field]:
            setattr(org, field, data[field])
            changed.append(field)
    if not changed:
        return org
    if "level" in changed and any(
        not can_be_parent(org, child.level) for child in Org.objects.get_children(org)
    ):
        raise ValidationError({"level": _("该层级低于现有下级组织，不能修改")})
    org.full_clean(exclude=["path", "depth", "numchild"])
    org.save(update_fields=[*changed, "updated_at"])
    if "is_joint" in changed and org.is_joint:
        joint_headcount_sync(org)
    labels = [str(getattr(Org._meta.get_field(f), "verbose_name", f)) for f in changed]
    org_edited_event(org=org, actor=actor, changed=labels)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=org,
        org_id=org.pk,
        summary=f"修改组织 {org.name}：{'、'.join(labels)}",
    )
    return org


@transaction.atomic
def org_move(*, org: Org, new_parent: Org, actor: Actor) -> Org:
    """Move a subtree under another parent; its descendants move with it in the same transaction."""
    if not can_move_org(actor, org) or not can_manage_org(actor, new_parent):
        raise PermissionDenied
    org = lock(Org, pk=org.pk)
    old_parent = Org.objects.get_parent(org)
    if new_parent.pk == org.pk or new_parent.path.startswith(org.path):
        raise ValidationError({"new_parent": _("不能移动到本组织或其下级组织之下")})
    if old_parent is not None and old_parent.pk == new_parent.pk:
        raise ValidationError({"new_parent": _("已在该上级组织之下")})
    if not new_parent.is_active:
        raise ValidationError({"new_parent": _("目标上级组织已停用")})
    _check_level(new_parent, org.level)
    try:
        Org.objects.move(org, new_parent, pos="sorted-child")
    except InvalidMoveToDescendant as exc:
        raise ValidationError({"new_parent": _("不能移动到本组织或其下级组织之下")}) from exc
    org.refresh_from_db()
    org_moved_event(org=org, actor=actor, old_parent=old_parent, new_parent=new_parent)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=org,
        org_id=org.pk,
        summary=f"移动组织 {org.name} 至 {new_parent.name}",
    )
    forget_grants(actor)
    return org


@transaction.atomic
def org_deactivate(*, org: Org, actor: Actor, reason: str) -> Org:
    # Authority first: a refusal must not tell a stranger about the org's children or members.
    if not can_move_org(actor, org):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("请填写停用原因")})
    if Org.objects.get_children(org).filter(status=OrgStatus.ACTIVE).exists():
        raise ValidationError(_("该组织还有正常状态的下级组织，请先停用或移走下级组织"))
    for guard in org_deactivation_guards:
        refusal = guard.refusal(org)
        if refusal:
            raise ValidationError(refusal)
    org_workflow.apply(org, action=OrgAction.DEACTIVATE, actor=actor, note=reason)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=org,
        org_id=org.pk,
        summary=f"停用组织 {org.name}：{reason}",
    )
    return org


@transaction.atomic
def org_reactivate(*, org: Org, actor: Actor) -> Org:
    if not can_move_org(actor, org):
        raise PermissionDenied
    parent = Org.objects.get_parent(org)
    if parent is not None and not parent.is_active:
        raise ValidationError(_("上级组织已停用，请先恢复上级组织"))
    org_workflow.apply(org, action=OrgAction.REACTIVATE, actor=actor)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=org,
        org_id=org.pk,
        summary=f"恢复组织 {org.name}",
    )
    return org


@transaction.atomic
def department_create(*, org: Org, actor: Actor, name: str) -> Department:
    if not can_manage_org(actor, org):
        raise PermissionDenied
    last = org.departments.order_by("-sort_order").values_list("sort_order", flat=True).first()
    department = Department(org=org, name=name.strip(), sort_order=(last or 0) + 1)
    department.full_clean()
    department.save()
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=org,
        org_id=org.pk,
        summary=f"{org.name} 新增部门 {department.name}",
    )
    return department


@transaction.atomic
def department_delete(*, department: Department, actor: Actor) -> None:
    org = department.org
    if not can_manage_org(actor, org):
        raise PermissionDenied
    name = department.name
    department.delete()
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=org,
        org_id=org.pk,
        summary=f"{org.name} 删除部门 {name}",
    )

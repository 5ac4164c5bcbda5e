"""The 会籍 changes of a member record (退会, 退休保留会籍, 去世, 恢复会籍): the workflow table, the checks of date and reason, the
MembershipChange row and the audit row, in one transaction."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.locking import lock
from gonghui.core.models import AuditAction
from gonghui.core.workflow import Transition, Workflow

from ..choices import (
    MemberAction,
    MembershipChangeKind,
    MemberStatus,
)
from ..counting import counted, counts_member_changed
from ..models import Member, MembershipChange
from ..permissions import can_manage_member
from .registry import _cn_date, _Errors, _today


def _may_manage(actor: Actor | None, member: Member) -> bool:
    return actor is None or can_manage_member(actor, member)


member_workflow = Workflow(
    state_field="status",
    state_enum=MemberStatus,
    transitions=(
        Transition(
            action=MemberAction.LEAVE,
            sources=frozenset({MemberStatus.ACTIVE, MemberStatus.RETIRED_KEPT}),
            target=MemberStatus.LEFT,
            allowed=_may_manage,
        ),
        Transition(
            action=MemberAction.RETIRE_KEEP,
            sources=frozenset({MemberStatus.ACTIVE}),
            target=MemberStatus.RETIRED_KEPT,
            allowed=_may_manage,
        ),
        Transition(
            action=MemberAction.DEATH,
            sources=frozenset({MemberStatus.ACTIVE, MemberStatus.RETIRED_KEPT}),
            target=MemberStatus.DECEASED,
            allowed=_may_manage,
        ),
        Transition(
            action=MemberAction.REINSTATE,
            sources=frozenset({MemberStatus.LEFT, MemberStatus.RETIRED_KEPT}),
            target=MemberStatus.ACTIVE,
            allowed=_may_manage,
        ),
    ),
)

CHANGE_KINDS = {
    MemberAction.LEAVE: MembershipChangeKind.LEAVE,
    MemberAction.RETIRE_KEEP: MembershipChangeKind.RETIRE_KEEP,
    MemberAction.DEATH: MembershipChangeKind.DEATH,
    MemberAction.REINSTATE: MembershipChangeKind.REINSTATE,
}


def member_actions_available(*, member: Member, actor: Actor) -> list[MemberAction]:
    """The 会籍 changes the actor may make to the member now (for the detail page's buttons)."""
    return [MemberAction(t.action) for t in member_workflow.available_actions(member, actor)]


def member_action_permitted(*, member: Member, actor: Actor, action: MemberAction) -> bool:
    """Whether the actor may make this 会籍 change to the member at all (its page is 403 otherwise)."""
    return member_workflow.permits(member, action, actor)


def _status_change(
    *,
    member: Member,
    actor: Actor | None,
    action: MemberAction,
    happened_on: dt.date | None,
    reason: str,
    context: AuditContext | None,
) -> Member:
    if not _may_manage(actor, member):
        raise PermissionDenied
    member = lock(Member, pk=member.pk, related=("org",))
    before = counted(member)
    errors = _Errors()
    reason = " ".join(str(reason or "").split())
    if not reason:
        errors.add("reason", _("请填写%(action)s原因") % {"action": action.label})
    elif len(reason) > 200:
        errors.add("reason", _("原因不能超过 200 个字"))
    if happened_on is None:
        errors.add("happened_on", _("请填写%(action)s日期") % {"action": action.label})
    elif happened_on > _today():
        errors.add("happened_on", _("%(action)s日期不能晚于今天") % {"action": action.label})
    else:
        floor = max(d for d in (member.joined_on, member.status_changed_on, dt.date.min) if d is not None)
        if happened_on < floor:
            errors.add(
                "happened_on",
                _("%(action)s日期不能早于入会或上次会籍变动日期（%(d)s）")
                % {"action": action.label, "d": _cn_date(floor)},
            )
    errors.raise_if_any()
    assert happened_on is not None  # noqa: S101 - checked above
    from_status = member.status
    member.status_changed_on = happened_on
    try:
        with transaction.atomic():
            member_workflow.apply(
                member,
                action=action,
                actor=actor,
                note=f"{_cn_date(happened_on)}：{reason}",
                update_fields=["status_changed_on"],
            )
    except IntegrityError:
        raise ValidationError(
            {"happened_on": _("此人已在其他工会在籍，不能恢复会籍；如需回到本会请办理转会")}
        ) from None
    counts_member_changed(before=before, after=counted(member))
    leaving = action != MemberAction.REINSTATE
    MembershipChange.objects.create(
        member=member,
        kind=CHANGE_KINDS[action],
        from_org=member.org if leaving else None,
        to_org=None if leaving else member.org,
        happened_on=happened_on,
        reason=reason,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if actor is not None:
        audit_log(
            action=AuditAction.ADMIN_EDIT,
            actor=actor,
            context=context,
            subject=member,
            org_id=member.org_id,
            summary=(
                f"会员 {member.name} {action.label}：{MemberStatus(from_status).label} → "
                f"{MemberStatus(member.status).label}"
            ),
        )
    return member


@transaction.atomic
def member_leave(
    *,
    member: Member,
    actor: Actor | None,
    happened_on: dt.date | None,
    reason: str,
    context: AuditContext | None = None,
) -> Member:
    """退会: 在籍 or 保留会籍 → 已退会."""
    return _status_change(
        member=member,
        actor=actor,
        action=MemberAction.LEAVE,
        happened_on=happened_on,
        reason=reason,
        context=context,
    )


@transaction.atomic
def member_retire_keep(
    *,
    member: Member,
    actor: Actor | None,
    happened_on: dt.date | None,
    reason: str,
    context: AuditContext | None = None,
) -> Member:
    """退休保留会籍: 在籍 → 保留会籍(退休) — still a member, without dues or vote."""
    return _status_change(
        member=member,
        actor=actor,
        action=MemberAction.RETIRE_KEEP,
        happened_on=happened_on,
        reason=reason,
        context=context,
    )


@transaction.atomic
def member_death(
    *,
    member: Member,
    actor: Actor | None,
    happened_on: dt.date | None,
    reason: str,
    context: AuditContext | None = None,
) -> Member:
    """登记去世: 在籍 or 保留会籍 → 已故."""
    return _status_change(
        member=member,
        actor=actor,
        action=MemberAction.DEATH,
        happened_on=happened_on,
        reason=reason,
        context=context,
    )


@transaction.atomic
def member_reinstate(
    *,
    member: Member,
    actor: Actor | None,
    happened_on: dt.date | None,
    reason: str,
    context: AuditContext | None = None,
) -> Member:
    """恢复会籍: 已退会 or 保留会籍 → 在籍; refused when the person holds membership elsewhere meanwhile."""
    return _status_change(
        member=member,
        actor=actor,
        action=MemberAction.REINSTATE,
        happened_on=happened_on,
        reason=reason,
        context=context,
    )


STATUS_SERVICES = {
    MemberAction.LEAVE: member_leave,
    MemberAction.RETIRE_KEEP: member_retire_keep,
    MemberAction.DEATH: member_death,
    MemberAction.REINSTATE: member_reinstate,
}

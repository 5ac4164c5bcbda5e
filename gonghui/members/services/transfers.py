"""Writes of transfers (转会): requested by the member (portal) or by the old union (console) → 转出方同意 → 转入方同意. The
member stays 在籍 and in exactly one union throughout: the org changes only at the final approval, in the same
transaction as the MembershipChange rows (transfer_out, transfer_in). A transfer to a union outside the platform
(`to_org_outside`) completes at the old union's approval: the member becomes 已转出 and the union prints a 组织关系介绍信
with a letter number from `core.numbering`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.models import RoleGrant
from gonghui.accounts.roles import MEMBER
from gonghui.core.locking import lock
from gonghui.core.numbering import document_number, number_next
from gonghui.core.pdf import render_pdf
from gonghui.core.timeline import timeline_record
from gonghui.core.workflow import Transition, Workflow
from gonghui.notifications.services import notify
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Org

from ..choices import (
    OPEN_TRANSFER,
    MembershipChangeKind,
    MemberStatus,
    TransferAction,
    TransferStatus,
)
from ..counting import counted, counts_member_changed
from ..models import Member, MembershipChange, Transfer
from ..permissions import (
    can_approve_transfer_in,
    can_approve_transfer_out,
    can_cancel_transfer,
    can_reject_transfer,
    can_request_transfer,
)
from ..selectors.portal import request_reference
from ..selectors.transfers import TARGET_LEVELS

# what the services read from a locked row, joined in the locking statement
_MEMBER_JOINS = ("org", "user")
_TRANSFER_JOINS = ("member", "member__user", "from_org", "to_org")
LETTER_SERIES = "组织关系介绍信"
FORMULA_PREFIXES = ("=", "+", "-", "@")

_REJECT = Transition(
    TransferAction.REJECT,
    frozenset(OPEN_TRANSFER),
    TransferStatus.REJECTED,
    allowed=can_reject_transfer,
    note_required=True,
)

_CANCEL = Transition(
    TransferAction.CANCEL, frozenset(OPEN_TRANSFER), TransferStatus.CANCELLED, allowed=can_cancel_transfer
)

TRANSFER_WORKFLOW = Workflow(
    state_field="status",
    state_enum=TransferStatus,
    transitions=(
        Transition(
            TransferAction.APPROVE_OUT,
            frozenset({TransferStatus.REQUESTED}),
            TransferStatus.OUT_APPROVED,
            allowed=can_approve_transfer_out,
        ),
        Transition(
            TransferAction.APPROVE_IN,
            frozenset({TransferStatus.OUT_APPROVED}),
            TransferStatus.COMPLETED,
            allowed=can_approve_transfer_in,
        ),
        _REJECT,
        _CANCEL,
    ),
)


# To a union outside the platform the old union's approval completes the transfer.
OUTSIDE_TRANSFER_WORKFLOW = Workflow(
    state_field="status",
    state_enum=TransferStatus,
    transitions=(
        Transition(
            TransferAction.APPROVE_OUT,
            frozenset({TransferStatus.REQUESTED}),
            TransferStatus.COMPLETED,
            allowed=can_approve_transfer_out,
        ),
        _REJECT,
        _CANCEL,
    ),
)


def transfer_workflow(transfer: Transfer) -> Workflow:
    return OUTSIDE_TRANSFER_WORKFLOW if transfer.to_org_id is None else TRANSFER_WORKFLOW


def transfer_available_actions(transfer: Transfer, actor: Actor) -> list[str]:
    return [str(t.action) for t in transfer_workflow(transfer).available_actions(transfer, actor)]


def transfer_action_permitted(transfer: Transfer, actor: Actor, action: str) -> bool:
    """Whether the actor may take this step of the transfer at all (its page is 403 otherwise)."""
    return transfer_workflow(transfer).permits(transfer, action, actor)


@transaction.atomic
def transfer_request(
    *, member: Member, actor: Actor, to_org: Org | None = None, to_org_outside: str = "", reason: str = ""
) -> Transfer:
    """A transfer asked for by the member themselves or by a manager of their union."""
    if not can_request_transfer(actor, member):
        raise PermissionDenied
    member = lock(Member, pk=member.pk, related=_MEMBER_JOINS)
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError(
            _("只有在籍会员可以办理转会，该会员当前为“%(s)s”") % {"s": member.get_status_display()}
        )
    outside = " ".join(to_org_outside.split())
    if (to_org is None) == (not outside):
        raise ValidationError({"to_org": _("请选择平台内的转入工会，或填写平台外的转入单位（二者选一）")})
    if to_org is not None:
        if to_org.status != OrgStatus.ACTIVE or to_org.level not in TARGET_LEVELS:
            raise ValidationError({"to_org": _("该工会不能作为转入工会，请重新选择")})
        if to_org.pk == member.org_id:
            raise ValidationError({"to_org": _("转入工会不能是会员当前所在的工会")})
    if outside.startswith(FORMULA_PREFIXES):
        raise ValidationError({"to_org_outside": _("转入单位名称不能以 = + - @ 开头")})
    if len(outside) > 100:
        raise ValidationError({"to_org_outside": _("转入单位名称不能超过100字")})
    reason = reason.strip()
    if len(reason) > 200:
        raise ValidationError({"reason": _("转会原因不能超过200字")})
    if Transfer.objects.filter(member=member, status__in=OPEN_TRANSFER).exists():
        raise ValidationError(_("该会员已有办理中的转会"))
    transfer = Transfer(
        member=member,
        from_org=member.org,
        to_org=to_org,
        to_org_outside=outside,
        reason=reason,
        requested_by=actor,
    )
    try:
        with transaction.atomic():
            transfer.save()
    except IntegrityError:
        raise ValidationError(_("该会员已有办理中的转会")) from None
    destination = to_org.name if to_org is not None else _("平台外单位：%(u)s") % {"u": outside}
    timeline_record(
        subject=transfer,
        actor=actor,
        action=TransferAction.REQUEST,
        action_label=str(TransferAction.REQUEST.label),
        to_state=TransferStatus.REQUESTED,
        note=_("从%(a)s转至%(b)s") % {"a": member.org.name, "b": destination}
        + (f"；{reason}" if reason else ""),
    )
    if member.user_id is not None and member.user_id == actor.pk:
        # the receipt of the member's own request, in 消息 (inbox only)
        notify(
            recipients=[actor],
            title=_("已收到您的转会申请"),
            body=_("编号%(ref)s，转至%(to)s。%(steps)s，结果会通过消息告诉您，进度可在“我的办理”中查看。")
            % {
                "ref": request_reference(transfer),
                "to": destination,
                "steps": _("转出工会和转入工会依次审批")
                if to_org is not None
                else _("转出工会审批同意后开具组织关系介绍信"),
            },
            url=reverse("members:transfer_mine"),
            category="members.transfer",
        )
    return transfer


def _member_still_in(member: Member, org_id: int) -> None:
    if member.status != MemberStatus.ACTIVE or member.org_id != org_id:
        raise ValidationError(
            _("该会员的会籍已发生变动（当前为%(s)s），不能办理此转会") % {"s": member.get_status_display()}
        )


def _letter_number(org: Org, year: int) -> str:
    number = number_next(issuer_id=org.pk, series=LETTER_SERIES, year=year)
    return document_number(f"{org.short_name or org.name}介", year, number)


def _notify_member(member: Member, title: str, body: str) -> None:
    if member.user is not None:
        notify(recipients=[member.user], title=title, body=body, category="members.transfer")


@transaction.atomic
def transfer_approve_out(*, transfer: Transfer, actor: Actor) -> Transfer:
    """转出方同意. Inside the platform the transfer now waits for the receiving union; to a union outside the
    platform it completes: the member becomes 已转出 and the letter number is issued."""
    locked = lock(Transfer, pk=transfer.pk, related=_TRANSFER_JOINS)
    workflow = transfer_workflow(locked)
    if not workflow.can(locked, TransferAction.APPROVE_OUT, actor):
        workflow.apply(locked, action=TransferAction.APPROVE_OUT, actor=actor)  # raises with the reason
    member = lock(Member, pk=locked.member.pk, related=_MEMBER_JOINS)
    _member_still_in(member, locked.from_org_id)
    if locked.to_org_id is not None:
        workflow.apply(locked, action=TransferAction.APPROVE_OUT, actor=actor)
        _notify_member(
            member,
            _("转会：转出方已同意"),
            _("等待%(b)s审批") % {"b": locked.to_org.name if locked.to_org else ""},
        )
        return locked
    today = timezone.localdate()
    locked.letter_number = _letter_number(locked.from_org, today.year)
    locked.completed_on = today
    workflow.apply(
        locked,
        action=TransferAction.APPROVE_OUT,
        actor=actor,
        note=_("转至平台外单位，介绍信 %(n)s") % {"n": locked.letter_number},
        update_fields=["letter_number", "completed_on"],
    )
    before = counted(member)
    member.status = MemberStatus.TRANSFERRED_OUT
    member.status_changed_on = today
    member.save(update_fields=["status", "status_changed_on", "updated_at"])
    counts_member_changed(before=before, after=counted(member))
    MembershipChange.objects.create(
        member=member,
        kind=MembershipChangeKind.TRANSFER_OUT,
        from_org=locked.from_org,
        happened_on=today,
        reason=(_("转至平台外单位：%(u)s") % {"u": locked.to_org_outside})[:200],
        actor=actor,
    )
    timeline_record(
        subject=member,
        actor=actor,
        action=MembershipChangeKind.TRANSFER_OUT,
        action_label=str(MembershipChangeKind.TRANSFER_OUT.label),
        from_state=MemberStatus.ACTIVE,
        to_state=MemberStatus.TRANSFERRED_OUT,
        note=_("转至%(u)s，介绍信 %(n)s") % {"u": locked.to_org_outside, "n": locked.letter_number},
    )
    _notify_member(member, _("转会已完成"), _("您的组织关系已转至%(u)s") % {"u": locked.to_org_outside})
    return locked


@transaction.atomic
def transfer_approve_in(*, transfer: Transfer, actor: Actor) -> Transfer:
    """转入方同意: the member moves to the new union in this transaction (org, member role, two
    MembershipChange rows), staying 在籍 throughout."""
    locked = lock(Transfer, pk=transfer.pk, related=_TRANSFER_JOINS)
    if not TRANSFER_WORKFLOW.can(locked, TransferAction.APPROVE_IN, actor):
        TRANSFER_WORKFLOW.apply(
            locked, action=TransferAction.APPROVE_IN, actor=actor
        )  # raises with the reason
    to_org = locked.to_org
    assert to_org is not None  # noqa: S101 - an inside transfer always has one (APPROVE_IN needs it)
    member = lock(Member, pk=locked.member.pk, related=_MEMBER_JOINS)
    _member_still_in(member, locked.from_org_id)
    today = timezone.localdate()
    locked.completed_on = today
    TRANSFER_WORKFLOW.apply(
        locked, action=TransferAction.APPROVE_IN, actor=actor, update_fields=["completed_on"]
    )
    before = counted(member)
    member.org = to_org
    member.status_changed_on = today
    member.save(update_fields=["org", "status_changed_on", "updated_at"])
    counts_member_changed(before=before, after=counted(member))
    if member.user is not None:
        RoleGrant.objects.filter(user=member.user, role=MEMBER, org=locked.from_org).delete()
        RoleGrant.objects.get_or_create(
            user=member.user, role=MEMBER, org=to_org, defaults={"granted_by": actor}
        )
    for kind in (MembershipChangeKind.TRANSFER_OUT, MembershipChangeKind.TRANSFER_IN):
        MembershipChange.objects.create(
            member=member,
            kind=kind,
            from_org=locked.from_org,
            to_org=to_org,
            happened_on=today,
            reason=locked.reason,
            actor=actor,
        )
    timeline_record(
        subject=member,
        actor=actor,
        action=MembershipChangeKind.TRANSFER_IN,
        action_label=_("转会"),
        note=_("从%(a)s转至%(b)s") % {"a": locked.from_org.name, "b": to_org.name},
    )
    _notify_member(member, _("转会已完成"), _("您的会籍已转至%(b)s") % {"b": to_org.name})
    return locked


@transaction.atomic
def transfer_reject(*, transfer: Transfer, actor: Actor, reason: str) -> Transfer:
    """不同意: by the old union while it waits for it, by the receiving union afterwards."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写不同意的原因")})
    if len(reason) > 200:
        raise ValidationError({"reason": _("原因不能超过200字")})
    locked = lock(Transfer, pk=transfer.pk, related=_TRANSFER_JOINS)
    locked.reject_reason = reason
    transfer_workflow(locked).apply(
        locked, action=TransferAction.REJECT, actor=actor, note=reason, update_fields=["reject_reason"]
    )
    _notify_member(locked.member, _("转会未通过"), reason)
    return locked


@transaction.atomic
def transfer_cancel(*, transfer: Transfer, actor: Actor) -> Transfer:
    """撤销 by the member or by the old union, while the transfer is open."""
    locked = lock(Transfer, pk=transfer.pk, related=_TRANSFER_JOINS)
    transfer_workflow(locked).apply(locked, action=TransferAction.CANCEL, actor=actor)
    return locked


def transfer_letter_pdf(*, transfer: Transfer) -> bytes:
    """组织关系介绍信 of a completed transfer to a union outside the platform."""
    if not transfer.letter_number:
        raise ValidationError(_("该转会没有组织关系介绍信"))
    member = transfer.member
    return render_pdf(
        "members/pdf/transfer_letter.html",
        {
            "title": _("组织关系介绍信"),
            "transfer": transfer,
            "member": member,
            "issuer": transfer.from_org,
            "issued_on": transfer.completed_on,
        },
    )

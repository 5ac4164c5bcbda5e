"""The identity reveal of an anonymous requester, audited with its reason."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.models import AuditAction

from ..choices import AppealAction
from ..events import appeal_event
from ..models import Appeal
from ..permissions import can_reveal_appeal


@dataclass(frozen=True)
class RevealedIdentity:
    name: str
    phone: str
    org_name: str
    member_number: str


@transaction.atomic
def appeal_identity_reveal(
    *, appeal: Appeal, actor: Actor, reason: str, context: AuditContext
) -> RevealedIdentity:
    """A 维权督办 reveals an anonymous requester; audited with the reason (and on the internal timeline)."""
    if not can_reveal_appeal(actor, appeal):
        raise PermissionDenied(_("只有维权督办可以查看匿名诉求人的身份"))
    reason = reason.strip()
    if len(reason) < 4:
        raise ValidationError({"reason": _("请填写查看身份的理由（至少4个字）")})
    audit_log(
        action=AuditAction.REVEAL,
        actor=actor,
        context=context,
        subject=appeal,
        org_id=appeal.org_id,
        summary=f"查看匿名诉求 {appeal.number} 的申请人身份，理由：{reason}",
        detail={"number": appeal.number, "reason": reason},
    )
    appeal_event(appeal=appeal, actor=actor, action=AppealAction.REVEAL, note=reason)
    member = appeal.member
    return RevealedIdentity(
        name=appeal.contact_name,
        phone=appeal.contact_phone,
        org_name=appeal.origin_org.name,
        member_number=(member.member_number or "") if member is not None else "",
    )

"""Roster flags kept by other apps: `is_model_worker` follows the honours 劳模/工匠 registry. The owning app calls
down into this service (a downward write); members never imports the app that keeps the flag."""

from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.core.audit import audit_log
from gonghui.core.choices import AuditAction

from ..models import Member


@transaction.atomic
def member_model_worker_set(*, member: Member, value: bool, actor: Actor) -> bool:
    """Set the member's 劳模/工匠 flag (`Member.is_model_worker`); returns whether it changed. An unchanged flag
    writes nothing; a change is saved with `update_fields` and audited on the member's union."""
    if member.is_model_worker is value:
        return False
    member.is_model_worker = value
    member.save(update_fields=["is_model_worker", "updated_at"])
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=member,
        org_id=member.org_id,
        summary=(_("标记会员 %(name)s 为劳模/工匠") if value else _("取消会员 %(name)s 的劳模/工匠标记"))
        % {"name": member.name},
        detail={"is_model_worker": value},
    )
    return True

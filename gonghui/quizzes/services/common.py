"""What the parts of the quiz services share: the audit row of an admin edit."""

from typing import Any

from gonghui.accounts.actors import Actor
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.models import AuditAction


def admin_edit_audit(
    actor: Actor | None, summary: str, *, subject: Any, org_id: int, context: AuditContext | None = None
) -> None:
    """Admin edits that change what members are asked or what counts are audited (cadres only); `context` is where
    the edit came from (the view's `AuditContext.of(request)`)."""
    if getattr(actor, "is_authenticated", False):
        audit_log(
            action=AuditAction.ADMIN_EDIT,
            summary=summary,
            actor=actor,
            subject=subject,
            org_id=org_id,
            context=context,
        )

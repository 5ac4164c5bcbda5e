"""What the parts of the quiz services share: the option letters and the audit row of an admin edit."""

from typing import Any

from gonghui.core.audit import audit_log
from gonghui.core.models import AuditAction

LETTERS = "ABCDEFGH"
MIN_OPTIONS, MAX_OPTIONS = 2, 8


def admin_edit_audit(actor: Any, summary: str, *, subject: Any, org_id: int) -> None:
    """Admin edits that change what members are asked or what counts are audited (cadres only)."""
    if getattr(actor, "is_authenticated", False):
        audit_log(action=AuditAction.ADMIN_EDIT, summary=summary, actor=actor, subject=subject, org_id=org_id)

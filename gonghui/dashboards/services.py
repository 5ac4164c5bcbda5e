"""Writes of the 数据看板: the statistics export (an xlsx answered at once, with its EXPORT audit row)."""

import io

from django.db import transaction

from gonghui.accounts.actors import Actor
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.excel import write_workbook
from gonghui.core.models import AuditAction

from .selectors import Coverage
from .spreadsheets import dashboard_sheets


@transaction.atomic
def dashboard_export(*, coverage: Coverage, actor: Actor, context: AuditContext) -> bytes:
    """The statistics of the subtree as xlsx; the export is audited against the root org."""
    buffer = io.BytesIO()
    write_workbook(buffer, dashboard_sheets(coverage))
    audit_log(
        action=AuditAction.EXPORT,
        actor=actor,
        context=context,
        subject=coverage.root,
        org_id=coverage.root.pk,
        summary=f"导出{coverage.root.name}会员与覆盖面统计",
        detail={"org": coverage.root.code, "date": coverage.today.isoformat()},
    )
    return buffer.getvalue()

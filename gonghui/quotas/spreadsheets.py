"""名额分配表 as a workbook: one line per allocation of the tree (or of one allocation's subtree), indented by level,
with allocated, handed down, used and remaining; audited as an export (its view answers `no-store`)."""

import io
from collections.abc import Sequence

from django.db import models, transaction

from gonghui.accounts.actors import Actor
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.excel import SheetSpec, write_workbook

from .models import QuotaSet
from .selectors import AllocationRow, SetSummary

HEADERS = ["层级", "工会", "上级工会", "分配名额", "下拨名额", "本级使用", "含下级使用", "剩余名额"]


def allocation_table_rows(rows: Sequence[AllocationRow], *, top_giver: str) -> list[list[object]]:
    """The lines of the table; `top_giver` names the union the first line's places came from."""
    names = {row.allocation.pk: row.org.name for row in rows}
    return [
        [
            row.depth + 1,
            f"{'　' * row.depth}{row.org.name}",
            names.get(row.allocation.parent_id or 0, top_giver),
            row.allocated,
            row.sub_allocated,
            row.used,
            row.used_below,
            row.remaining,
        ]
        for row in rows
    ]


@transaction.atomic
def quota_table_export(
    *,
    quota_set: QuotaSet,
    rows: Sequence[AllocationRow],
    actor: Actor,
    subject: models.Model,
    org_id: int,
    top_giver: str,
    summary: SetSummary | None = None,
    context: AuditContext | None = None,
) -> bytes:
    """The workbook of `rows` (a set's tree, or one allocation's subtree) with the set's header lines."""
    notes = [f"名额：{quota_set.title}", f"持有单位：{quota_set.org.name}", f"名额总数：{quota_set.total}"]
    if quota_set.issuer:
        notes.append(f"下达单位：{quota_set.issuer}")
    if summary is not None:
        notes.append(f"已分配：{summary.allocated}；已使用：{summary.used}；剩余：{summary.remaining}")
    buffer = io.BytesIO()
    write_workbook(
        buffer,
        [
            SheetSpec(
                name="名额分配表",
                headers=HEADERS,
                rows=allocation_table_rows(rows, top_giver=top_giver),
                widths=(6, 30, 24, 10, 10, 10, 12, 10),
                notes=notes,
            )
        ],
    )
    audit_log(
        action=AuditAction.EXPORT,
        actor=actor,
        context=context,
        subject=subject,
        org_id=org_id,
        summary=f"导出名额分配表「{quota_set.title}」{len(rows)} 行",
    )
    return buffer.getvalue()

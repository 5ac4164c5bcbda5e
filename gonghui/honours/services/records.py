"""Writes of 荣誉档案 (part `records`): record an older or outside honour by hand (全国五一劳动奖章, 省级先进集体 …)
for a member of the actor's subtree or for a union; edit an honour's story and facts (a named honour keeps the
title, level and year its campaign gave); add the story's photo (an attachment of the honour, pictures only);
revoke an honour with a reason; the audited xlsx export of the 荣誉档案 list. Every write leaves a timeline row
on the honour and an audit row."""

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from gonghui.attachments.models import Attachment
from gonghui.attachments.policies import IMAGE_POLICY
from gonghui.attachments.services import attachment_save
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.excel import SheetSpec, workbook_bytes
from gonghui.core.locking import lock
from gonghui.core.timeline import timeline_record

from ..choices import HonourLevel
from ..models import Honour
from ..permissions import can_manage_for

EXPORT_HEADERS: tuple[str, ...] = (
    "获得者",
    "类型",
    "工作单位",
    "荣誉称号",
    "荣誉级别",
    "年度",
    "授予单位",
    "授予日期",
    "来源",
    "所属工会",
    "状态",
    "撤销原因",
)
EXPORT_WIDTHS: tuple[int, ...] = (14, 6, 24, 30, 10, 8, 24, 14, 28, 24, 8, 24)
EDITABLE_FACTS = ("holder_unit", "awarded_by", "awarded_on", "story")
NAMED_FACTS = ("title", "level", "year")  # only for a record made by hand: naming decided these
FIELD_LABELS = {
    "holder_unit": "工作单位",
    "awarded_by": "授予单位",
    "awarded_on": "授予日期",
    "story": "先进事迹",
    "title": "荣誉称号",
    "level": "荣誉级别",
    "year": "年度",
}


def _clean_facts(
    *, title: str, level: str, year: int, awarded_by: str, awarded_on: dt.date
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    title = title.strip()
    awarded_by = awarded_by.strip()
    if not title:
        errors["title"] = "请填写荣誉称号"
    if level not in HonourLevel.values:
        errors["level"] = "荣誉级别不正确"
    this_year = timezone.localdate().year
    if not 1949 <= year <= this_year:
        errors["year"] = f"年度应在 1949 至 {this_year} 之间"
    if not awarded_by:
        errors["awarded_by"] = "请填写授予单位"
    if awarded_on > timezone.localdate():
        errors["awarded_on"] = "授予日期不能晚于今天"
    elif awarded_on.year < year:
        errors["awarded_on"] = "授予日期不能早于荣誉年度"
    if errors:
        raise ValidationError(errors)
    return {"title": title, "level": level, "year": year, "awarded_by": awarded_by, "awarded_on": awarded_on}


def _audit(*, honour: Honour, actor: Any, summary: str, context: AuditContext | None, **detail: Any) -> None:
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=summary,
        actor=actor,
        context=context,
        subject=honour,
        org_id=honour.org_id,
        detail=detail,
    )


@transaction.atomic
def honour_record(
    *,
    org: Any,
    actor: Any,
    member: Any = None,
    holder_org: Any = None,
    title: str,
    level: str,
    year: int,
    awarded_by: str,
    awarded_on: dt.date,
    story: str = "",
    holder_unit: str = "",
    context: AuditContext | None = None,
) -> Honour:
    """Record an honour by hand (no campaign): for `member` (a member of `org`, the member's union) or for the union
    `holder_org` (then `org` is that union). The actor must keep `org`'s records (`honours.manage`)."""
    if (member is None) == (holder_org is None):
        raise ValidationError({"member": "请选择获得荣誉的个人或集体（二者选一）"})
    if member is not None and member.org_id != org.pk:
        raise ValidationError({"member": "获得者须是本工会的会员"})
    if holder_org is not None and holder_org.pk != org.pk:
        raise ValidationError({"holder_org": "集体荣誉须记在获得荣誉的工会名下"})
    if not can_manage_for(actor, org):
        raise PermissionDenied
    facts = _clean_facts(title=title, level=level, year=year, awarded_by=awarded_by, awarded_on=awarded_on)
    if member is not None:
        holder_name = member.name
        holder_unit = holder_unit.strip() or org.unit_name or org.name
    else:
        holder_name = holder_org.name
        holder_unit = holder_unit.strip() or holder_org.unit_name or ""
    honour = Honour.objects.create(
        org=org,
        member=member,
        holder_org=holder_org,
        holder_name=holder_name,
        holder_unit=holder_unit[:200],
        story=story.strip(),
        created_by=actor,
        **facts,
    )
    timeline_record(
        subject=honour,
        actor=actor,
        action="record",
        action_label="登记荣誉",
        note=f"{honour.title}（{year}）",
    )
    _audit(
        honour=honour,
        actor=actor,
        summary=f"登记荣誉：{holder_name}·{honour.title}（{year}）",
        context=context,
        title=honour.title,
        year=year,
    )
    return honour


@transaction.atomic
def honour_update(
    *, honour: Honour, actor: Any, data: dict[str, Any], context: AuditContext | None = None
) -> Honour:
    """Edit the story and the facts (`data`: holder_unit, awarded_by, awarded_on, story; and title, level, year for
    a record made by hand — a named honour keeps what its campaign gave). Keys not in `data` stay as they are."""
    locked = lock(Honour, pk=honour.pk, related=("org",))
    if not can_manage_for(actor, locked.org):
        raise PermissionDenied
    if locked.revoked_on is not None:
        raise ValidationError("该荣誉已撤销，不能修改")
    allowed = EDITABLE_FACTS + (NAMED_FACTS if locked.campaign_id is None else ())
    for name in data:
        if name in NAMED_FACTS and name not in allowed and data[name] != getattr(locked, name):
            raise ValidationError({name: f"评选命名的荣誉不能修改{FIELD_LABELS[name]}"})
    values = {name: getattr(locked, name) for name in allowed}
    values.update({name: data[name] for name in allowed if name in data})
    facts = _clean_facts(
        title=values.get("title", locked.title),
        level=values.get("level", locked.level),
        year=values.get("year", locked.year),
        awarded_by=values["awarded_by"],
        awarded_on=values["awarded_on"],
    )
    values.update({name: facts[name] for name in facts if name in allowed})
    values["holder_unit"] = str(values["holder_unit"]).strip()[:200]
    values["story"] = str(values["story"]).strip()
    changed = [name for name in allowed if getattr(locked, name) != values[name]]
    if not changed:
        return locked
    for name in changed:
        setattr(locked, name, values[name])
    locked.save(update_fields=[*changed, "updated_at"])
    labels = "、".join(FIELD_LABELS[name] for name in changed)
    timeline_record(subject=locked, actor=actor, action="edit", action_label="修改", note=f"修改了{labels}")
    _audit(
        honour=locked,
        actor=actor,
        summary=f"修改荣誉：{locked.holder_name}·{locked.title}（{labels}）",
        context=context,
        fields=changed,
    )
    return locked


def honour_photo_add(*, honour: Honour, actor: Any, upload: UploadedFile[bytes]) -> Attachment:
    """The story's photo (jpg or png, at most 10 MB), stored as an attachment of the honour before the timeline
    row's transaction; a refused file stores nothing."""
    if not can_manage_for(actor, honour.org):
        raise PermissionDenied
    if honour.revoked_on is not None:
        raise ValidationError({"photo": "该荣誉已撤销，不能上传照片"})
    try:
        attachment = attachment_save(
            owner=honour, org=honour.org, upload=upload, actor=actor, policy=IMAGE_POLICY
        )
    except ValidationError as exc:
        messages = exc.message_dict.get("file", exc.messages) if hasattr(exc, "error_dict") else exc.messages
        raise ValidationError({"photo": [f"照片：{m}" for m in messages]}) from None
    with transaction.atomic():
        timeline_record(
            subject=honour,
            actor=actor,
            action="photo",
            action_label="上传事迹照片",
            note=attachment.original_name,
        )
        _audit(
            honour=honour,
            actor=actor,
            summary=f"上传事迹照片：{honour.holder_name}·{honour.title}",
            context=None,
            attachment=str(attachment.public_id),
        )
    return attachment


@transaction.atomic
def honour_revoke(
    *,
    honour: Honour,
    actor: Any,
    reason: str,
    revoked_on: dt.date | None = None,
    context: AuditContext | None = None,
) -> Honour:
    """撤销荣誉 (the record stays, marked revoked with the reason and the date)."""
    locked = lock(Honour, pk=honour.pk, related=("org",))
    if not can_manage_for(actor, locked.org):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写撤销原因"})
    if locked.revoked_on is not None:
        raise ValidationError("该荣誉已撤销")
    locked.revoked_on = revoked_on or timezone.localdate()
    locked.revoke_reason = reason[:200]
    locked.save(update_fields=["revoked_on", "revoke_reason", "updated_at"])
    timeline_record(
        subject=locked,
        actor=actor,
        action="revoke",
        action_label="撤销荣誉",
        from_state="valid",
        to_state="revoked",
        note=locked.revoke_reason,
    )
    _audit(
        honour=locked,
        actor=actor,
        summary=f"撤销荣誉：{locked.holder_name}·{locked.title}",
        context=context,
        reason=locked.revoke_reason,
    )
    return locked


def honour_export_row(honour: Honour) -> list[Any]:
    source = honour.campaign.title if honour.campaign_id is not None else "手工登记"  # type: ignore[union-attr]
    return [
        honour.holder_name,
        "个人" if honour.member_id is not None else "集体",
        honour.holder_unit,
        honour.title,
        HonourLevel(honour.level).label,
        honour.year,
        honour.awarded_by,
        honour.awarded_on,
        source,
        honour.org.name,
        "已撤销" if honour.revoked_on is not None else "有效",
        honour.revoke_reason,
    ]


def honours_export(
    *, honours: Iterable[Honour], actor: Any, note: str = "", context: AuditContext | None = None
) -> bytes:
    """荣誉档案 (xlsx, audited): one row per honour of `honours` (the caller's scoped, filtered list from
    `selectors.records.honours_for_user`); no ID number or phone."""
    rows: Sequence[list[Any]] = [honour_export_row(h) for h in honours]
    content = workbook_bytes(
        [
            SheetSpec(
                name="荣誉档案",
                headers=EXPORT_HEADERS,
                rows=rows,
                widths=EXPORT_WIDTHS,
                notes=[note] if note else [],
            )
        ]
    )
    audit_log(
        action=AuditAction.EXPORT,
        summary=f"导出荣誉档案（{len(rows)} 条）",
        actor=actor,
        context=context,
        detail={"rows": len(rows)},
    )
    return content

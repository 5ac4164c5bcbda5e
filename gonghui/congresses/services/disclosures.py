"""Writes of part disclosures (校务公开): a unit's disclosures (draft → 已公开 → 已撤回, republish allowed) with their
attachments, the read receipt a staff member leaves the first time they open one on the portal, and the yearly
checklist of what must be disclosed (add / edit / remove an item, copy last year's, the default list by category).

Every change of a disclosure writes a timeline row on it; checklist edits (the unit's reference data) and the
export of who has not read write an audit row. All writes check `congresses.manage` on the unit first."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.attachments.models import Attachment
from gonghui.attachments.policies import attachment_check
from gonghui.attachments.selectors import attachments_of
from gonghui.attachments.services import attachment_save
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.members.models import Member

from ..choices import DisclosureAction, DisclosureCategory, DisclosureStatus
from ..events import congresses_event
from ..models import Disclosure, DisclosureChecklistItem, DisclosureRead
from ..permissions import can_manage_for

MAX_ATTACHMENTS = 10

# The default yearly checklist (学校教职工代表大会规定 and the usual 校务公开目录): (category, item, month due).
DEFAULT_CHECKLIST: tuple[tuple[str, str, int], ...] = (
    (DisclosureCategory.DECISIONS, "学校年度工作计划和发展规划", 3),
    (DisclosureCategory.DECISIONS, "教代会决议及落实情况", 12),
    (DisclosureCategory.FINANCE, "年度财务预算", 4),
    (DisclosureCategory.FINANCE, "上年度财务决算", 6),
    (DisclosureCategory.PERSONNEL, "教职工招聘方案及结果", 9),
    (DisclosureCategory.PERSONNEL, "职称评聘方案及结果", 11),
    (DisclosureCategory.AWARDS, "评优评先结果", 12),
    (DisclosureCategory.PROCUREMENT, "基建工程和大宗物资采购情况", 12),
    (DisclosureCategory.WELFARE, "教职工福利及社会保险缴纳情况", 6),
    (DisclosureCategory.ENROLMENT, "招生计划和收费项目标准", 8),
)


@dataclass(frozen=True)
class DisclosureInput:
    category: str
    title: str
    content: str
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    checklist_item: DisclosureChecklistItem | None = None


@dataclass(frozen=True)
class ChecklistItemInput:
    category: str
    title: str
    due_on: dt.date | None = None


def _require_manage(actor: Actor, org: Any) -> None:
    if not can_manage_for(actor, org):
        raise PermissionDenied


def _event(disclosure: Disclosure, actor: Actor, action: DisclosureAction, **extra: str) -> None:
    congresses_event(subject=disclosure, actor=actor, action=action, **extra)


def _check_input(org: Any, data: DisclosureInput) -> None:
    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = _("请填写标题")
    if not data.content.strip():
        errors["content"] = _("请填写公开内容")
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        errors["ends_on"] = _("公开截止日期不能早于开始日期")
    item = data.checklist_item
    if item is not None and item.org_id != org.pk:
        errors["checklist_item"] = _("对应清单事项须是本单位清单中的事项")
    if errors:
        raise ValidationError(errors)


def _check_uploads(uploads: Sequence[UploadedFile[bytes]], existing: int = 0) -> None:
    if existing + len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError({"uploads": _("附件最多 %(n)s 个，请删减后再上传") % {"n": MAX_ATTACHMENTS}})
    for index, upload in enumerate(uploads, start=1):
        try:
            attachment_check(upload)
        except ValidationError as exc:
            raise ValidationError(
                {
                    "uploads": _("第 %(i)s 个附件「%(name)s」：%(error)s")
                    % {"i": index, "name": upload.name, "error": "；".join(exc.messages)}
                }
            ) from exc


def disclosure_create(
    *,
    org: Any,
    data: DisclosureInput,
    actor: Actor,
    uploads: Sequence[UploadedFile[bytes]] = (),
) -> Disclosure:
    """A draft disclosure of `org` with its attachments (all checked before anything is written)."""
    _require_manage(actor, org)
    _check_input(org, data)
    _check_uploads(uploads)
    with transaction.atomic():
        disclosure = Disclosure.objects.create(
            org=org,
            category=data.category,
            title=data.title.strip(),
            content=data.content.strip(),
            starts_on=data.starts_on,
            ends_on=data.ends_on,
            checklist_item=data.checklist_item,
            created_by=actor,
        )
        for upload in uploads:
            attachment_save(owner=disclosure, org=org, upload=upload, actor=actor)
        _event(disclosure, actor, DisclosureAction.CREATE, to_state=DisclosureStatus.DRAFT)
    return disclosure


@transaction.atomic
def disclosure_update(*, disclosure: Disclosure, data: DisclosureInput, actor: Actor) -> Disclosure:
    """Correct a disclosure (a published one stays published; its readers keep their receipts)."""
    _require_manage(actor, disclosure.org)
    _check_input(disclosure.org, data)
    disclosure.category = data.category
    disclosure.title = data.title.strip()
    disclosure.content = data.content.strip()
    disclosure.starts_on, disclosure.ends_on = data.starts_on, data.ends_on
    disclosure.checklist_item = data.checklist_item
    disclosure.save(
        update_fields=[
            "category",
            "title",
            "content",
            "starts_on",
            "ends_on",
            "checklist_item",
            "updated_at",
        ]
    )
    _event(disclosure, actor, DisclosureAction.EDIT)
    return disclosure


def disclosure_attach(
    *, disclosure: Disclosure, uploads: Sequence[UploadedFile[bytes]], actor: Actor
) -> list[Attachment]:
    _require_manage(actor, disclosure.org)
    if not uploads:
        raise ValidationError({"uploads": _("请选择要上传的附件")})
    _check_uploads(uploads, existing=attachments_of(disclosure).count())
    with transaction.atomic():
        saved = [
            attachment_save(owner=disclosure, org=disclosure.org, upload=upload, actor=actor)
            for upload in uploads
        ]
        _event(disclosure, actor, DisclosureAction.ATTACH, note="、".join(a.original_name for a in saved))
    return saved


@transaction.atomic
def disclosure_detach(*, disclosure: Disclosure, attachment: Attachment, actor: Actor) -> None:
    _require_manage(actor, disclosure.org)
    if not attachments_of(disclosure).filter(pk=attachment.pk).exists():
        raise ValidationError(_("该附件不属于此公开事项"))
    name = attachment.original_name
    attachment.delete()
    _event(disclosure, actor, DisclosureAction.DETACH, note=name)


@transaction.atomic
def disclosure_publish(*, disclosure: Disclosure, actor: Actor) -> Disclosure:
    """Publish to the unit's staff (a withdrawn one may be published again); the period starts today when unset."""
    _require_manage(actor, disclosure.org)
    locked = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if locked.status == DisclosureStatus.PUBLISHED:
        raise ValidationError(_("该事项已公开"))
    today = timezone.localdate()
    if locked.ends_on and locked.ends_on < today:
        raise ValidationError(_("公开截止日期已过，请先修改公开期限"))
    previous = locked.status
    locked.status = DisclosureStatus.PUBLISHED
    locked.published_at = timezone.now()
    locked.starts_on = locked.starts_on or today
    locked.save(update_fields=["status", "published_at", "starts_on", "updated_at"])
    _event(locked, actor, DisclosureAction.PUBLISH, from_state=previous, to_state=locked.status)
    disclosure.refresh_from_db()
    return disclosure


@transaction.atomic
def disclosure_withdraw(*, disclosure: Disclosure, reason: str, actor: Actor) -> Disclosure:
    _require_manage(actor, disclosure.org)
    locked = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if locked.status != DisclosureStatus.PUBLISHED:
        raise ValidationError(_("只有已公开的事项可以撤回"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写撤回原因")})
    locked.status = DisclosureStatus.WITHDRAWN
    locked.save(update_fields=["status", "updated_at"])
    _event(
        locked,
        actor,
        DisclosureAction.WITHDRAW,
        from_state=DisclosureStatus.PUBLISHED,
        to_state=locked.status,
        note=reason.strip(),
    )
    disclosure.refresh_from_db()
    return disclosure


def disclosure_read(*, disclosure: Disclosure, member: Member) -> bool:
    """The read receipt: the first time a staff member opens a published disclosure. True when this was the
    first time. The caller has checked the member is staff of the unit (`selectors.portal_disclosure_or_404`)."""
    if disclosure.status != DisclosureStatus.PUBLISHED:
        return False
    if DisclosureRead.objects.filter(disclosure=disclosure, member=member).exists():
        return False
    try:
        with transaction.atomic():
            DisclosureRead.objects.create(disclosure=disclosure, member=member, read_at=timezone.now())
    except IntegrityError:  # a second tab opened it in the same instant
        return False
    return True


def disclosure_unread_export_audit(
    *, disclosure: Disclosure, rows: int, actor: Actor, context: AuditContext | None
) -> None:
    """The list of staff who have not read left the platform with their names: an audit row."""
    audit_log(
        action=AuditAction.EXPORT,
        actor=actor,
        context=context,
        subject=disclosure,
        org_id=disclosure.org_id,
        summary=_("导出校务公开「%(title)s」阅读情况 %(rows)s 人")
        % {"title": disclosure.title, "rows": rows},
    )


# --- the yearly checklist -----------------------------------------------------------------------------------------


def _checklist_audit(org: Any, actor: Actor, summary: str, subject: Any = None) -> None:
    audit_log(action=AuditAction.ADMIN_EDIT, actor=actor, subject=subject, org_id=org.pk, summary=summary)


def _check_item(org: Any, year: int, data: ChecklistItemInput, exclude: int | None = None) -> None:
    errors: dict[str, str] = {}
    title = data.title.strip()
    if not title:
        errors["title"] = _("请填写应公开事项")
    elif (
        DisclosureChecklistItem.objects.filter(org=org, year=year, title=title)
        .exclude(pk=exclude or 0)
        .exists()
    ):
        errors["title"] = _("本年度清单中已有事项「%(title)s」") % {"title": title}
    if data.due_on and data.due_on.year != year:
        errors["due_on"] = _("应公开日期须在 %(year)s 年内") % {"year": year}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def checklist_item_add(
    *, org: Any, year: int, data: ChecklistItemInput, actor: Actor
) -> DisclosureChecklistItem:
    _require_manage(actor, org)
    _check_item(org, year, data)
    last = DisclosureChecklistItem.objects.filter(org=org, year=year).aggregate(m=Max("sort_order"))["m"]
    item = DisclosureChecklistItem.objects.create(
        org=org,
        year=year,
        category=data.category,
        title=data.title.strip(),
        due_on=data.due_on,
        sort_order=(last or 0) + 1,
    )
    _checklist_audit(
        org, actor, _("%(year)s 年公开事项清单新增「%(title)s」") % {"year": year, "title": item.title}, item
    )
    return item


@transaction.atomic
def checklist_item_update(
    *, item: DisclosureChecklistItem, data: ChecklistItemInput, actor: Actor
) -> DisclosureChecklistItem:
    _require_manage(actor, item.org)
    _check_item(item.org, item.year, data, exclude=item.pk)
    item.category, item.title, item.due_on = data.category, data.title.strip(), data.due_on
    item.save(update_fields=["category", "title", "due_on", "updated_at"])
    _checklist_audit(
        item.org,
        actor,
        _("%(year)s 年公开事项清单修改「%(title)s」") % {"year": item.year, "title": item.title},
        item,
    )
    return item


@transaction.atomic
def checklist_item_delete(*, item: DisclosureChecklistItem, actor: Actor) -> None:
    """Remove an item; disclosures that answered it stay, no longer linked to the checklist."""
    _require_manage(actor, item.org)
    org, year, title = item.org, item.year, item.title
    item.delete()
    _checklist_audit(
        org, actor, _("%(year)s 年公开事项清单删除「%(title)s」") % {"year": year, "title": title}
    )


def _shift_year(day: dt.date | None, year: int) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


@transaction.atomic
def checklist_copy_last_year(*, org: Any, year: int, actor: Actor) -> int:
    """Copy the items of `year - 1` into `year` (due dates a year later); items already there are kept. Returns how
    many were added."""
    _require_manage(actor, org)
    previous = list(DisclosureChecklistItem.objects.filter(org=org, year=year - 1))
    if not previous:
        raise ValidationError(_("%(year)s 年没有公开事项清单可复制") % {"year": year - 1})
    existing = set(DisclosureChecklistItem.objects.filter(org=org, year=year).values_list("title", flat=True))
    rows = [
        DisclosureChecklistItem(
            org=org,
            year=year,
            category=item.category,
            title=item.title,
            due_on=_shift_year(item.due_on, year),
            sort_order=item.sort_order,
        )
        for item in previous
        if item.title not in existing
    ]
    DisclosureChecklistItem.objects.bulk_create(rows)
    _checklist_audit(
        org,
        actor,
        _("复制 %(from)s 年公开事项清单到 %(year)s 年，新增 %(n)s 项")
        % {"from": year - 1, "year": year, "n": len(rows)},
    )
    return len(rows)


@transaction.atomic
def checklist_default(*, org: Any, year: int, actor: Actor) -> int:
    """Add the default list (one or two items per category, due at the end of the usual month); items already
    there are kept. Returns how many were added."""
    _require_manage(actor, org)
    existing = set(DisclosureChecklistItem.objects.filter(org=org, year=year).values_list("title", flat=True))
    last = DisclosureChecklistItem.objects.filter(org=org, year=year).aggregate(m=Max("sort_order"))["m"] or 0
    rows = []
    for category, title, month in DEFAULT_CHECKLIST:
        if title in existing:
            continue
        last += 1
        end = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
        rows.append(
            DisclosureChecklistItem(
                org=org, year=year, category=category, title=title, due_on=end, sort_order=last
            )
        )
    DisclosureChecklistItem.objects.bulk_create(rows)
    _checklist_audit(
        org, actor, _("%(year)s 年公开事项清单载入默认清单，新增 %(n)s 项") % {"year": year, "n": len(rows)}
    )
    return len(rows)

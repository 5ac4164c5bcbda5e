"""Writes of the 公文 flow: draft → 待核稿 → 待签发 → 已签发 (文号, delivery) → 签收 / 转发; 撤回 before any
签收; 催办; 联合行文 (`co_issuers` on a draft); 由记录生成公文 (`document_draft_from_record`, templates in
`record_templates`); and a union's 发文设置 (代字, 拟稿、核稿、签发须由不同人员 — refused here, not only hidden as a button).
Every service is keyword-only, takes the actor, runs in one transaction and writes the timeline (the settings: an
audit row)."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import has_action
from gonghui.attachments.models import Attachment
from gonghui.attachments.selectors import attachments_of
from gonghui.attachments.services import attachment_save
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.core.numbering import document_number, number_next
from gonghui.notifications.services import notify
from gonghui.orgs.models import Org

from .addressing import targets_from_phrase, targets_orgs, targets_to_dicts
from .choices import (
    Disclosure,
    DocumentAction,
    DocumentStatus,
    ReceiptAction,
    RecipientRole,
    RecordAction,
    Urgency,
)
from .drafting import body_clean, co_issuers_checked, series_checked, text_checked
from .events import document_event
from .models import Document, Forward, IssuerSettings, Receipt
from .permissions import MANAGE, RECEIVE, SIGN, can_remind_board, holds_at
from .record_templates import record_template_for
from .selectors import issuer_settings_of, receivers_of
from .workflows import DOCUMENT_WORKFLOW, duty_conflict

# what the services read from a locked row, joined in the locking statement
_RECEIPT_JOINS = ("document", "document__org", "org")
_DOCUMENT_JOINS = ("org",)


def _fields(
    *,
    issuer: Org,
    series: str,
    title: str,
    body: str,
    main_to: str,
    cc_to: str,
    attachment_note: str,
    urgency: str,
    disclosure: str,
    co_issuers: Sequence[str],
) -> dict[str, Any]:
    """The checked draft fields (every problem names its field)."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    try:
        values["series"] = series_checked(series, label="发文字号（机关代字）")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        values["co_issuers"] = co_issuers_checked(co_issuers, lead=issuer.name)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    checks = (
        ("title", title, "标题", 200, True),
        ("main_to", main_to, "主送", 500, True),
        ("cc_to", cc_to, "抄送", 500, False),
    )
    for field, raw, label, length, required in checks:
        try:
            values[field] = text_checked(raw, field=field, label=label, max_length=length, required=required)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if urgency not in Urgency.values:
        errors["urgency"] = ["请选择紧急程度"]
    if disclosure not in Disclosure.values:
        errors["disclosure"] = ["请选择公开属性"]
    for field in ("main_to", "cc_to"):
        if values.get(field):
            try:
                values[f"{field.split('_')[0]}_targets"] = targets_to_dicts(
                    targets_from_phrase(values[field], issuer=issuer, field=field)
                )
            except ValidationError as exc:
                errors.update(exc.message_dict)
        else:
            values[f"{field.split('_')[0]}_targets"] = []
    if (
        values.get("main_targets")
        and not errors.get("main_to")
        and not targets_orgs(values["main_targets"], issuer=issuer).exists()
    ):
        errors["main_to"] = ["主送范围内没有可送达的组织"]
    body_html = body_clean(body)
    if len(body_html) > 200_000:
        errors["body"] = ["正文过长"]
    note = "\n".join(
        line.strip() for line in attachment_note.replace("\r\n", "\n").split("\n") if line.strip()
    )
    if len(note) > 1000:
        errors["attachment_note"] = ["附件说明不能超过1000字"]
    if errors:
        raise ValidationError(errors)
    values.update(body=body_html, attachment_note=note, urgency=urgency, disclosure=disclosure)
    return values


@transaction.atomic
def document_create(
    *,
    org: Org,
    actor: Actor,
    series: str,
    title: str,
    body: str = "",
    main_to: str,
    cc_to: str = "",
    attachment_note: str = "",
    urgency: str = Urgency.NORMAL,
    disclosure: str = Disclosure.NOT_PUBLIC,
    co_issuers: Sequence[str] = (),
    source_incoming: Any = None,
) -> Document:
    """起草: a draft of `org`'s; with `co_issuers` a 联合行文 led by `org`."""
    if not has_action(actor, MANAGE, org):
        raise PermissionDenied
    values = _fields(
        issuer=org,
        series=series,
        title=title,
        body=body,
        main_to=main_to,
        cc_to=cc_to,
        attachment_note=attachment_note,
        urgency=urgency,
        disclosure=disclosure,
        co_issuers=co_issuers,
    )
    document = Document.objects.create(org=org, drafted_by=actor, source_incoming=source_incoming, **values)
    document_event(subject=document, actor=actor, action=DocumentAction.CREATE, note=document.title)
    return document


@transaction.atomic
def document_update(
    *,
    document: Document,
    actor: Actor,
    series: str,
    title: str,
    body: str = "",
    main_to: str,
    cc_to: str = "",
    attachment_note: str = "",
    urgency: str = Urgency.NORMAL,
    disclosure: str = Disclosure.NOT_PUBLIC,
    co_issuers: Sequence[str] = (),
) -> Document:
    """修改 a draft (also one returned by the reviewer or the signer)."""
    locked = lock(Document, pk=document.pk, related=_DOCUMENT_JOINS)
    if not has_action(actor, MANAGE, locked.org):
        raise PermissionDenied
    if not DOCUMENT_WORKFLOW.can(locked, DocumentAction.EDIT, actor):
        raise ValidationError(f"“{locked.get_status_display()}”的公文不能修改")
    values = _fields(
        issuer=locked.org,
        series=series,
        title=title,
        body=body,
        main_to=main_to,
        cc_to=cc_to,
        attachment_note=attachment_note,
        urgency=urgency,
        disclosure=disclosure,
        co_issuers=co_issuers,
    )
    changed = [
        str(getattr(Document._meta.get_field(k), "verbose_name", k))
        for k, v in values.items()
        if getattr(locked, k) != v
    ]
    for key, value in values.items():
        setattr(locked, key, value)
    locked.save(update_fields=[*values, "updated_at"])
    if changed:
        document_event(
            subject=locked, actor=actor, action=DocumentAction.EDIT, note="修改了：" + "、".join(changed)
        )
    return locked


@transaction.atomic
def document_submit(*, document: Document, actor: Actor) -> Document:
    """送核稿."""
    locked = lock(Document, pk=document.pk, related=_DOCUMENT_JOINS)
    if not locked.body:
        raise ValidationError({"body": "请先填写正文"})
    DOCUMENT_WORKFLOW.apply(locked, action=DocumentAction.SUBMIT, actor=actor)
    return locked


def _refuse_duty_conflict(document: Document, actor: Actor, action: str) -> None:
    """拟稿、核稿、签发须由不同人员, when the issuing union requires it (its 发文设置)."""
    conflict = duty_conflict(document, actor, action)
    if conflict:
        raise ValidationError(conflict)


@transaction.atomic
def document_review(*, document: Document, actor: Actor, note: str = "") -> Document:
    """核稿通过: the office has checked the draft; it now waits for 签发."""
    locked = lock(Document, pk=document.pk, related=_DOCUMENT_JOINS)
    DOCUMENT_WORKFLOW.check(locked, action=DocumentAction.REVIEW, actor=actor)
    _refuse_duty_conflict(locked, actor, DocumentAction.REVIEW)
    locked.reviewed_by = actor
    DOCUMENT_WORKFLOW.apply(
        locked,
        action=DocumentAction.REVIEW,
        actor=actor,
        note=note.strip()[:200],
        update_fields=["reviewed_by"],
    )
    return locked


@transaction.atomic
def document_return(*, document: Document, actor: Actor, reason: str) -> Document:
    """退回修改 by the reviewer or the signer, with a reason."""
    reason = reason.strip()
    if len(reason) > 200:
        raise ValidationError({"reason": "退回原因不能超过200字"})
    locked = lock(Document, pk=document.pk, related=_DOCUMENT_JOINS)
    if not reason:
        raise ValidationError({"reason": "请填写退回原因"})
    DOCUMENT_WORKFLOW.apply(locked, action=DocumentAction.RETURN, actor=actor, note=reason)
    return locked


def _notify_delivery(document: Document, orgs: list[Org], title: str) -> None:
    users = receivers_of(orgs)
    if users:
        notify(
            recipients=users,
            title=title,
            body=f"{document.org.name}：{document.title}",
            url=reverse("documents:document_detail", args=[document.public_id]),
            category="documents.delivery",
        )


@transaction.atomic
def document_issue(*, document: Document, actor: Actor, issued_on: dt.date | None = None) -> Document:
    """签发: the 文号 is taken from the gap-free sequence of (issuer, series, year) in this transaction, and the
    document is delivered to every 主送 and 抄送 org (one Receipt each) with a notification to their cadres."""
    locked = lock(Document, pk=document.pk, related=_DOCUMENT_JOINS)
    DOCUMENT_WORKFLOW.check(locked, action=DocumentAction.ISSUE, actor=actor)
    _refuse_duty_conflict(locked, actor, DocumentAction.ISSUE)
    main = list(targets_orgs(locked.main_targets, issuer=locked.org))
    if not main:
        raise ValidationError({"main_to": "主送范围内没有可送达的组织"})
    main_ids = {o.pk for o in main}
    copies = [o for o in targets_orgs(locked.cc_targets, issuer=locked.org) if o.pk not in main_ids]
    today = issued_on or timezone.localdate()
    locked.year = today.year
    locked.number = number_next(issuer_id=locked.org_id, series=locked.series, year=today.year)
    locked.document_number = document_number(locked.series, today.year, locked.number)
    locked.issued_on = today
    locked.issued_at = timezone.now()
    locked.signed_by = actor
    DOCUMENT_WORKFLOW.apply(
        locked,
        action=DocumentAction.ISSUE,
        actor=actor,
        note=f"文号 {locked.document_number}，送达 {len(main) + len(copies)} 个单位",
        update_fields=["year", "number", "document_number", "issued_on", "issued_at", "signed_by"],
    )
    now = timezone.now()
    Receipt.objects.bulk_create(
        [Receipt(document=locked, org=o, role=RecipientRole.MAIN, delivered_at=now) for o in main]
        + [Receipt(document=locked, org=o, role=RecipientRole.COPY, delivered_at=now) for o in copies]
    )
    _notify_delivery(locked, main + copies, f"新公文：{locked.document_number}")
    return locked


@transaction.atomic
def document_withdraw(*, document: Document, actor: Actor, reason: str) -> Document:
    """撤回, only while no recipient has signed for it; the 文号 stays with the withdrawn document."""
    reason = reason.strip()
    if len(reason) > 200:
        raise ValidationError({"reason": "撤回原因不能超过200字"})
    locked = lock(Document, pk=document.pk, related=_DOCUMENT_JOINS)
    if not reason:
        raise ValidationError({"reason": "请填写撤回原因"})
    if locked.status == DocumentStatus.ISSUED and locked.receipts.filter(signed_at__isnull=False).exists():
        raise ValidationError("已有单位签收，不能撤回")
    locked.withdraw_reason = reason
    DOCUMENT_WORKFLOW.apply(
        locked, action=DocumentAction.WITHDRAW, actor=actor, note=reason, update_fields=["withdraw_reason"]
    )
    orgs = [r.org for r in locked.receipts.select_related("org")]
    if orgs:
        notify(
            recipients=receivers_of(orgs),
            title=f"公文已撤回：{locked.document_number}",
            body=f"{locked.title}（{reason}）",
            url=reverse("documents:document_detail", args=[locked.public_id]),
            category="documents.delivery",
        )
    return locked


@transaction.atomic
def document_attach(*, document: Document, actor: Actor, upload: UploadedFile[bytes]) -> Attachment:
    """附件 of a draft."""
    locked = lock(Document, pk=document.pk, related=_DOCUMENT_JOINS)
    if not has_action(actor, MANAGE, locked.org):
        raise PermissionDenied
    if not DOCUMENT_WORKFLOW.can(locked, DocumentAction.ATTACH, actor):
        raise ValidationError({"file": "只有草稿可以上传附件"})
    attachment = attachment_save(owner=locked, org=locked.org, upload=upload, actor=actor)
    document_event(subject=locked, actor=actor, action=DocumentAction.ATTACH, note=attachment.original_name)
    return attachment


@transaction.atomic
def document_attachment_remove(*, document: Document, actor: Actor, attachment: Attachment) -> None:
    """Remove an 附件 from a draft (the stored file goes with it)."""
    locked = lock(Document, pk=document.pk, related=_DOCUMENT_JOINS)
    if not has_action(actor, MANAGE, locked.org):
        raise PermissionDenied
    if not DOCUMENT_WORKFLOW.can(locked, DocumentAction.DETACH, actor):
        raise ValidationError("只有草稿可以删除附件")
    if attachment.owner != locked:
        raise ValidationError("该附件不属于这份公文")
    name = attachment.original_name
    attachment.file.delete(save=False)
    attachment.delete()
    document_event(subject=locked, actor=actor, action=DocumentAction.DETACH, note=name)


def _attachment_copy(*, document: Document, actor: Actor, source: Attachment) -> Attachment:
    """A copy of another object's 附件 on the draft (its own stored file, so deleting one leaves the other)."""
    with source.file.open("rb") as handle:
        upload = UploadedFile(
            file=handle, name=source.original_name, content_type=source.mime_type, size=source.size
        )
        copy = attachment_save(owner=document, org=document.org, upload=upload, actor=actor)
    document_event(subject=document, actor=actor, action=DocumentAction.ATTACH, note=copy.original_name)
    return copy


@transaction.atomic
def document_draft_from_record(
    *,
    org: Org,
    actor: Actor,
    record: Any,
    template_key: str,
    title: str = "",
    body: str = "",
    main_to: str = "",
    attachments: Sequence[Attachment] = (),
    co_issuers: Sequence[str] | None = None,
) -> Document:
    """由记录生成公文: a draft of `org`'s whose 标题 and 正文 come from the registered template `template_key`
    applied to `record` (or from `title` / `body` / `main_to` when given), with the 发文机关代字 of the union's
    发文设置, the template's 联合发文机关 unless `co_issuers` is given, and copies of `attachments` (files of the
    record or ones the template offers). The record is linked both ways: the draft keeps it (`Document.record`),
    the draft's timeline says 由<记录>生成 and the record's says 已生成公文草稿《标题》.

    Refused (PermissionDenied) unless the actor holds documents.manage on `org` and the template's `can_use`."""
    template = record_template_for(template_key, record)
    if not has_action(actor, MANAGE, org) or not template.can_use(actor, record):
        raise PermissionDenied
    text = template.draft(record)
    allowed = {a.pk for a in attachments_of(record)} | {a.pk for a in template.attachments(record)}
    foreign = [a.original_name for a in attachments if a.pk not in allowed]
    if foreign:
        raise ValidationError(
            {"attachments": f"附件“{foreign[0]}”不属于{record._meta.verbose_name}“{record}”"}
        )
    series = issuer_settings_of(org).series
    if not series:
        raise ValidationError({"series": "本单位尚未设置发文机关代字，请先在“发文设置”中设置"})
    values = _fields(
        issuer=org,
        series=series,
        title=title or text.title,
        body=body or text.body,
        main_to=main_to or text.main_to,
        cc_to="",
        attachment_note="\n".join(a.original_name.rsplit(".", 1)[0] for a in attachments),
        urgency=Urgency.NORMAL,
        disclosure=Disclosure.NOT_PUBLIC,
        co_issuers=text.co_issuers if co_issuers is None else co_issuers,
    )
    document = Document.objects.create(
        org=org,
        drafted_by=actor,
        record_type=ContentType.objects.get_for_model(record),
        record_id=str(record.pk),
        record_template=template.key,
        **values,
    )
    origin = f"{record._meta.verbose_name}“{record}”"
    document_event(subject=document, actor=actor, action=DocumentAction.CREATE, note=f"由{origin}生成")
    document_event(
        subject=record,
        actor=actor,
        action=RecordAction.DOCUMENT_DRAFTED,
        note=f"已生成公文草稿《{document.title}》",
    )
    for source in attachments:
        _attachment_copy(document=document, actor=actor, source=source)
    return document


@transaction.atomic
def document_remind(*, document: Document, actor: Actor, forward: Forward | None = None) -> int:
    """催办: a notification to the cadres of every org of the board (the issuer's deliveries, or one forward's)
    that has not signed; returns how many orgs were reminded."""
    locked = lock(Document, pk=document.pk, related=_DOCUMENT_JOINS)
    if not can_remind_board(actor, locked, forward):
        raise PermissionDenied
    if not DOCUMENT_WORKFLOW.can(locked, DocumentAction.REMIND, actor):
        raise ValidationError("只有已签发的公文可以催办")
    pending = Receipt.objects.filter(document=locked, forward=forward, signed_at__isnull=True).select_related(
        "org"
    )
    orgs = [r.org for r in pending]
    if not orgs:
        raise ValidationError("所有单位均已签收，无需催办")
    now = timezone.now()
    pending.update(reminded_count=F("reminded_count") + 1, last_reminded_at=now)
    users = receivers_of(orgs)
    if users:
        notify(
            recipients=users,
            title=f"催办：请签收公文 {locked.document_number}",
            body=locked.title,
            url=reverse("documents:document_detail", args=[locked.public_id]),
            category="documents.remind",
            sms=locked.urgency != Urgency.NORMAL,
        )
    document_event(
        subject=locked,
        actor=actor,
        action=DocumentAction.REMIND,
        note=f"催办未签收单位 {len(orgs)} 个：" + "、".join(o.name for o in orgs[:20]),
    )
    return len(orgs)


# --- 发文设置 ----------------------------------------------------------------------------------------------


@transaction.atomic
def issuer_settings_save(
    *, org: Org, actor: Actor, series: str, separate_duties: bool, context: AuditContext | None = None
) -> IssuerSettings:
    """Save the union's 发文设置 (its leaders: those who may 签发 for it); audited with what changed."""
    if not has_action(actor, SIGN, org):
        raise PermissionDenied
    series = series_checked(series)
    before = issuer_settings_of(org)
    changed = {
        label: [old, new]
        for label, old, new in (
            ("发文机关代字", before.series, series),
            ("拟稿、核稿、签发须由不同人员", before.separate_duties, separate_duties),
        )
        if old != new or before.pk is None
    }
    saved, _created = IssuerSettings.objects.update_or_create(
        org=org, defaults={"series": series, "separate_duties": separate_duties}
    )
    if changed:
        audit_log(
            action=AuditAction.ADMIN_EDIT,
            summary=f"{org.name} 发文设置：代字“{series}”，拟稿、核稿、签发{'须由不同人员' if separate_duties else '可由同一人员'}",
            actor=actor,
            context=context,
            subject=saved,
            org_id=org.pk,
            detail={"changed": changed},
        )
    return saved


# --- receipts --------------------------------------------------------------------------------------------


def receipt_mark_read(*, receipts: list[Receipt], actor: Actor) -> int:
    """The first opening of a delivered document by a cadre of the recipient union marks it read."""
    unread = [r for r in receipts if r.read_at is None and holds_at(actor, RECEIVE, r.org)]
    if not unread:
        return 0
    now = timezone.now()
    return Receipt.objects.filter(pk__in=[r.pk for r in unread], read_at__isnull=True).update(
        read_at=now, read_by=actor
    )


@transaction.atomic
def receipt_sign(*, receipt: Receipt, actor: Actor) -> Receipt:
    """签收 by a cadre of the recipient union (who and when)."""
    locked = lock(Receipt, pk=receipt.pk, related=_RECEIPT_JOINS)
    if not holds_at(actor, RECEIVE, locked.org):
        raise PermissionDenied
    if locked.document.status != DocumentStatus.ISSUED:
        raise ValidationError("该公文已撤回，不能签收")
    if locked.signed_at is not None:
        raise ValidationError("本单位已签收该公文")
    now = timezone.now()
    locked.signed_at = now
    locked.signed_by = actor
    fields = ["signed_at", "signed_by", "updated_at"]
    if locked.read_at is None:
        locked.read_at, locked.read_by = now, actor
        fields += ["read_at", "read_by"]
    locked.save(update_fields=fields)
    document_event(subject=locked.document, actor=actor, action=ReceiptAction.SIGN, note=locked.org.name)
    return locked


@transaction.atomic
def receipt_forward(*, receipt: Receipt, actor: Actor, targets_text: str, note: str = "") -> Forward:
    """转发 to orgs of the recipient's own subtree, with its own note; signs for it first when not yet signed.
    Orgs that already have the document are skipped."""
    locked = lock(Receipt, pk=receipt.pk, related=_RECEIPT_JOINS)
    if not holds_at(actor, RECEIVE, locked.org):
        raise PermissionDenied
    if locked.document.status != DocumentStatus.ISSUED:
        raise ValidationError("该公文已撤回，不能转发")
    text = text_checked(targets_text, field="targets_text", label="转发至", max_length=500, required=True)
    note = note.strip()
    if len(note) > 1000:
        raise ValidationError({"note": "转发意见不能超过1000字"})
    targets = targets_to_dicts(targets_from_phrase(text, issuer=locked.org, field="targets_text"))
    orgs = list(targets_orgs(targets, issuer=locked.org))
    already = set(Receipt.objects.filter(document=locked.document).values_list("org_id", flat=True))
    new_orgs = [o for o in orgs if o.pk not in already]
    if not new_orgs:
        raise ValidationError({"targets_text": "所选单位都已收到该公文"})
    if locked.signed_at is None:
        receipt_sign(receipt=locked, actor=actor)
        locked.refresh_from_db()
    forward = Forward.objects.create(
        document=locked.document,
        from_org=locked.org,
        note=note,
        targets=targets,
        targets_text=text,
        created_by=actor,
    )
    now = timezone.now()
    Receipt.objects.bulk_create(
        [
            Receipt(
                document=locked.document,
                org=o,
                role=RecipientRole.FORWARDED,
                forward=forward,
                delivered_at=now,
            )
            for o in new_orgs
        ]
    )
    locked.forwarded_at = now
    locked.save(update_fields=["forwarded_at", "updated_at"])
    document_event(
        subject=locked.document,
        actor=actor,
        action=ReceiptAction.FORWARD,
        note=f"{locked.org.name}转发至{len(new_orgs)}个单位" + (f"：{note}" if note else ""),
    )
    _notify_delivery(
        locked.document, new_orgs, f"{locked.org.name}转发公文：{locked.document.document_number}"
    )
    return forward

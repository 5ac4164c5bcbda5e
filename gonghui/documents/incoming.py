"""收文: a document from outside the platform registered by a union (its own 文号, issuer, date, the scan
attached) and routed inside it: 待拟办 → (拟办) 待批办 → (批办, choosing the readers) 传阅中 → (办结) 已办结.
Where it asks for it, the union forwards it down the tree as a 转发 notice (a new `Document` draft that goes
through the normal 核稿/签发 flow, with the scan copied as its attachment).

The writes of 收文 live here; its reads are in `selectors.py` and its workflow table in `workflows.py`."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.accounts.models import User
from gonghui.accounts.scoping import has_action
from gonghui.attachments.policies import attachment_check
from gonghui.attachments.selectors import attachments_of
from gonghui.attachments.services import attachment_save
from gonghui.core.locking import lock
from gonghui.notifications.services import notify
from gonghui.orgs.models import Org

from .choices import IncomingAction, IncomingMedium, Urgency
from .drafting import text_checked
from .events import document_event
from .models import Document, IncomingDocument, IncomingReader
from .permissions import MANAGE
from .selectors import incoming_reader_candidates
from .services import document_attach, document_create
from .workflows import FORWARDABLE, INCOMING_WORKFLOW

# what the services read from a locked row, joined in the locking statement
_INCOMING_JOINS = ("org",)


@transaction.atomic
def incoming_register(
    *,
    org: Org,
    actor: Actor,
    source_issuer: str,
    title: str,
    received_on: dt.date,
    source_number: str = "",
    doc_date: dt.date | None = None,
    medium: str = IncomingMedium.PAPER,
    urgency: str = Urgency.NORMAL,
    summary: str = "",
    scan: UploadedFile[bytes] | None = None,
) -> IncomingDocument:
    """收文登记, with the scan (checked before anything is written)."""
    if not has_action(actor, MANAGE, org):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    values: dict[str, str] = {}
    for field, raw, label, length, required in (
        ("source_issuer", source_issuer, "来文单位", 100, True),
        ("source_number", source_number, "来文文号", 60, False),
        ("title", title, "标题", 200, True),
    ):
        try:
            values[field] = text_checked(raw, field=field, label=label, max_length=length, required=required)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if medium not in IncomingMedium.values:
        errors["medium"] = ["请选择载体"]
    if urgency not in Urgency.values:
        errors["urgency"] = ["请选择紧急程度"]
    if received_on > timezone.localdate():
        errors["received_on"] = ["收文日期不能晚于今天"]
    if doc_date is not None and doc_date > received_on:
        errors["doc_date"] = ["成文日期不能晚于收文日期"]
    if scan is not None:
        try:
            attachment_check(scan)
        except ValidationError as exc:
            errors.update({"scan": exc.messages})
    if errors:
        raise ValidationError(errors)
    incoming = IncomingDocument.objects.create(
        org=org,
        registered_by=actor,
        received_on=received_on,
        doc_date=doc_date,
        medium=medium,
        urgency=urgency,
        summary=summary.strip()[:2000],
        **values,
    )
    if scan is not None:
        attachment_save(owner=incoming, org=org, upload=scan, actor=actor)
    document_event(
        subject=incoming,
        actor=actor,
        action=IncomingAction.REGISTER,
        note="；".join(p for p in (values["source_issuer"], values["source_number"]) if p),
    )
    return incoming


@transaction.atomic
def incoming_propose(*, incoming: IncomingDocument, actor: Actor, proposal: str) -> IncomingDocument:
    """拟办: the office proposes how to handle it."""
    proposal = proposal.strip()
    if len(proposal) > 1000:
        raise ValidationError({"proposal": "拟办意见不能超过1000字"})
    locked = lock(IncomingDocument, pk=incoming.pk, related=_INCOMING_JOINS)
    if not proposal:
        raise ValidationError({"proposal": "请填写拟办意见"})
    locked.proposal, locked.proposed_by = proposal, actor
    INCOMING_WORKFLOW.apply(
        locked,
        action=IncomingAction.PROPOSE,
        actor=actor,
        note=proposal,
        update_fields=["proposal", "proposed_by"],
    )
    return locked


@transaction.atomic
def incoming_instruct(
    *, incoming: IncomingDocument, actor: Actor, instruction: str, readers: list[User]
) -> IncomingDocument:
    """批办: a leader instructs and names the cadres it is circulated to (传阅); they are notified."""
    instruction = instruction.strip()
    if len(instruction) > 1000:
        raise ValidationError({"instruction": "批办意见不能超过1000字"})
    locked = lock(IncomingDocument, pk=incoming.pk, related=_INCOMING_JOINS)
    if not instruction:
        raise ValidationError({"instruction": "请填写批办意见"})
    allowed = set(incoming_reader_candidates(locked).values_list("pk", flat=True))
    if not readers:
        raise ValidationError({"readers": "请选择传阅人"})
    if any(u.pk not in allowed for u in readers):
        raise ValidationError({"readers": "传阅人必须是本单位的干部"})
    locked.instruction, locked.instructed_by = instruction, actor
    INCOMING_WORKFLOW.apply(
        locked,
        action=IncomingAction.INSTRUCT,
        actor=actor,
        note=f"{instruction}；传阅：" + "、".join(u.name or u.username for u in readers),
        update_fields=["instruction", "instructed_by"],
    )
    IncomingReader.objects.bulk_create([IncomingReader(incoming=locked, user=u) for u in readers])
    notify(
        recipients=readers,
        title=f"请传阅：{locked.title}",
        body=instruction,
        url=locked.get_absolute_url(),
        category="documents.circulate",
    )
    return locked


@transaction.atomic
def incoming_mark_read(*, incoming: IncomingDocument, actor: Actor, note: str = "") -> IncomingReader:
    """传阅: a named reader marks the document read, optionally with a remark."""
    reader = IncomingReader.objects.select_for_update().filter(incoming=incoming, user=actor).first()
    if reader is None:
        raise PermissionDenied
    if reader.read_at is not None:
        raise ValidationError("您已阅毕该收文")
    reader.read_at = timezone.now()
    reader.note = note.strip()[:200]
    reader.save(update_fields=["read_at", "note"])
    document_event(
        subject=incoming, actor=actor, action=IncomingAction.CIRCULATE_READ, note=reader.note or "阅毕"
    )
    return reader


@transaction.atomic
def incoming_close(*, incoming: IncomingDocument, actor: Actor) -> IncomingDocument:
    """办结."""
    locked = lock(IncomingDocument, pk=incoming.pk, related=_INCOMING_JOINS)
    INCOMING_WORKFLOW.apply(locked, action=IncomingAction.CLOSE, actor=actor)
    return locked


@transaction.atomic
def incoming_forward(
    *, incoming: IncomingDocument, actor: Actor, series: str, main_to: str, note: str = ""
) -> Document:
    """转发下级: a 转发 notice drafted from the 收文 (title, reference, the scan as attachment); it is then
    reviewed and signed off like any other document."""
    locked = lock(IncomingDocument, pk=incoming.pk, related=_INCOMING_JOINS)
    if not has_action(actor, MANAGE, locked.org):
        raise PermissionDenied
    if locked.status not in FORWARDABLE:
        raise ValidationError(f"“{locked.get_status_display()}”的收文不能再转发下级")
    reference = f"{locked.source_issuer}《{locked.title}》" + (
        f"（{locked.source_number}）" if locked.source_number else ""
    )
    body = "\n".join(
        part for part in (f"现将{reference}转发给你们，请结合实际认真贯彻落实。", note.strip()) if part
    )
    scans = list(attachments_of(locked))
    document = document_create(
        org=locked.org,
        actor=actor,
        series=series,
        title=f"关于转发《{locked.title}》的通知"[:200],
        body=body,
        main_to=main_to,
        attachment_note="\n".join(a.original_name.rsplit(".", 1)[0] for a in scans),
        urgency=locked.urgency,
        source_incoming=locked,
    )
    for scan in scans:
        with scan.file.open("rb") as handle:
            copy = SimpleUploadedFile(scan.original_name, handle.read(), content_type=scan.mime_type)
        document_attach(document=document, actor=actor, upload=copy)
    document_event(subject=locked, actor=actor, action=IncomingAction.FORWARD, note=document.title)
    return document

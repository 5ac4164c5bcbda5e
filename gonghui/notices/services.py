"""Writes of the 公示 block: create and edit a draft, publish (the window counted in working days on the calendar or
in calendar days, per kind; publishing notifies nobody — the notice shows on the portal), objections (raised by a
member of the audience within the window; answered by whoever manages the owner — an upheld one withdraws its entry
through the owner's callback), the reveal of an anonymous contact (audited), cancel with a reason, and the close by
the scheduled job. Keyword-only, typed, the actor passed explicitly; audit and timeline rows in the same
transaction."""

import datetime as dt
import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.identity import decrypt_identifier, encrypt_identifier
from gonghui.calendars.workdays import add_workdays
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.core.numbering import number_next
from gonghui.core.registry import member_union_of
from gonghui.notifications.services import notify
from gonghui.orgs.models import Org

from .choices import (
    EntryKind,
    EntryStatus,
    NoticeAction,
    NoticeStatus,
    ObjectionOutcome,
    ObjectionStatus,
    WindowUnit,
)
from .events import notice_event, owner_event
from .models import Notice, NoticeEntry, Objection
from .owners import owner_kind
from .permissions import can_manage_notice
from .workflows import NOTICE_WORKFLOW

WINDOW_MAX = 60
OBJECTION_SERIES = "公示异议"
# What a 公示 must never publish: an ID number (15 or 18 characters) or a mobile phone number.
ID_NUMBER = re.compile(r"(?<!\d)(\d{17}[\dXx]|\d{15})(?!\d)")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


@dataclass(frozen=True)
class EntryInput:
    """One entry as the publisher gives it: only the facts chosen for publication."""

    name: str
    unit: str = ""
    reason: str = ""
    extra: str = ""
    entry_kind: str = EntryKind.PERSON
    subject: models.Model | None = None


def window_end(*, starts_on: dt.date, length: int, unit: str) -> dt.date:
    """The last day of a window of `length` working days (the start counts when it is one) or calendar days."""
    if unit == WindowUnit.WORKDAYS:
        return add_workdays(starts_on - dt.timedelta(days=1), length)
    return starts_on + dt.timedelta(days=length - 1)


def window_is_open(notice: Notice, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        notice.status == NoticeStatus.PUBLISHED
        and notice.starts_on is not None
        and notice.ends_on is not None
        and notice.starts_on <= today <= notice.ends_on
    )


def _content_type(obj: models.Model) -> ContentType:
    return ContentType.objects.get_for_model(obj, for_concrete_model=True)


def _clean_text(*, title: str, window_length: int) -> str:
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("请填写公示标题")})
    if not 1 <= window_length <= WINDOW_MAX:
        raise ValidationError({"window_length": _("公示期须在1至%(max)s之间") % {"max": WINDOW_MAX}})
    return title


def _check_entries(entries: list[EntryInput]) -> None:
    for number, entry in enumerate(entries, start=1):
        if not entry.name.strip():
            raise ValidationError({"entries": _("第%(n)s个公示对象缺少姓名或名称") % {"n": number}})
        text = " ".join((entry.name, entry.unit, entry.reason, entry.extra))
        if ID_NUMBER.search(text) or MOBILE.search(text):
            raise ValidationError(
                {"entries": _("第%(n)s个公示对象含有身份证号或手机号，公示不得公开这些信息") % {"n": number}}
            )


def _entries_write(*, notice: Notice, entries: list[EntryInput]) -> None:
    NoticeEntry.objects.bulk_create(
        [
            NoticeEntry(
                notice=notice,
                position=position,
                entry_kind=entry.entry_kind,
                name=entry.name.strip()[:100],
                unit=entry.unit.strip()[:200],
                reason=entry.reason.strip()[:300],
                extra=entry.extra.strip()[:300],
                subject_type=_content_type(entry.subject) if entry.subject is not None else None,
                subject_id=entry.subject.pk if entry.subject is not None else None,
            )
            for position, entry in enumerate(entries, start=1)
        ]
    )


@transaction.atomic
def notice_create(
    *,
    kind: str,
    owner: models.Model,
    org: Org,
    title: str,
    body: str = "",
    window_length: int | None = None,
    entries: list[EntryInput],
    actor: Actor,
    context: AuditContext | None = None,
) -> Notice:
    """A draft 公示 of `kind` about `owner`, published by `org`; the window defaults to the kind's."""
    owner_kind_ = owner_kind(kind)
    if not owner_kind_.can_manage(actor, owner):
        raise PermissionDenied(_("您不能为该对象发布公示"))
    length = window_length or owner_kind_.default_window
    title = _clean_text(title=title, window_length=length)
    _check_entries(entries)
    notice = Notice.objects.create(
        org=org,
        audience=owner_kind_.audience_of(owner),
        kind=kind,
        owner_type=_content_type(owner),
        owner_id=owner.pk,
        title=title[:200],
        body=body.strip(),
        window_length=length,
        window_unit=owner_kind_.window_unit,
        created_by=actor,
    )
    _entries_write(notice=notice, entries=entries)
    notice_event(notice=notice, actor=actor, action=NoticeAction.CREATE)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=_("创建公示：%(title)s") % {"title": notice.title},
        actor=actor,
        context=context,
        subject=notice,
        org_id=org.pk,
    )
    return notice


@transaction.atomic
def notice_update(
    *,
    notice: Notice,
    title: str,
    body: str,
    window_length: int,
    entries: list[EntryInput] | None,
    actor: Actor,
    context: AuditContext | None = None,
) -> Notice:
    """Edit a draft; `entries`, when given, replace the list (None keeps it)."""
    notice = lock(Notice, pk=notice.pk)
    NOTICE_WORKFLOW.check(notice, action=NoticeAction.EDIT, actor=actor)
    notice.title = _clean_text(title=title, window_length=window_length)[:200]
    notice.body = body.strip()
    notice.window_length = window_length
    notice.save(update_fields=["title", "body", "window_length", "updated_at"])
    if entries is not None:
        if notice.entries.filter(subject_id__isnull=False).exists():
            raise ValidationError({"entries": _("公示对象由所属业务提供，不能在此修改")})
        _check_entries(entries)
        notice.entries.all().delete()
        _entries_write(notice=notice, entries=entries)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=_("修改公示：%(title)s") % {"title": notice.title},
        actor=actor,
        context=context,
        subject=notice,
        org_id=notice.org_id,
    )
    return notice


@transaction.atomic
def notice_publish(
    *, notice: Notice, actor: Actor, starts_on: dt.date | None = None, context: AuditContext | None = None
) -> Notice:
    """Publish for the window from `starts_on` (today by default; never in the past). Nobody is sent an SMS: the
    notice shows to the audience on the portal."""
    notice = lock(Notice, pk=notice.pk)
    NOTICE_WORKFLOW.check(notice, action=NoticeAction.PUBLISH, actor=actor)
    today = timezone.localdate()
    starts_on = starts_on or today
    if starts_on < today:
        raise ValidationError({"starts_on": _("公示开始日期不能早于今天")})
    if not notice.entries.exists():
        raise ValidationError({"entries": _("公示至少要有一个公示对象")})
    notice.starts_on = starts_on
    notice.ends_on = window_end(starts_on=starts_on, length=notice.window_length, unit=notice.window_unit)
    notice.published_at = timezone.now()
    note = _("公示期 %(start)s 至 %(end)s") % {
        "start": f"{starts_on:%Y-%m-%d}",
        "end": f"{notice.ends_on:%Y-%m-%d}",
    }
    NOTICE_WORKFLOW.apply(
        notice,
        action=NoticeAction.PUBLISH,
        actor=actor,
        note=note,
        update_fields=["starts_on", "ends_on", "published_at"],
    )
    owner_event(notice=notice, actor=actor, action=NoticeAction.PUBLISH, note=f"{notice.title}：{note}")
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=_("发布公示：%(title)s（%(note)s）") % {"title": notice.title, "note": note},
        actor=actor,
        context=context,
        subject=notice,
        org_id=notice.org_id,
    )
    return notice


def notice_addresses(notice: Notice, union: Org | None) -> bool:
    """Is `union` in the notice's audience (the subtree of its audience union)?"""
    return union is not None and union.path.startswith(notice.audience.path)


def _contact_clean(contact: str) -> str:
    contact = contact.strip()
    if not contact:
        return ""
    if re.fullmatch(r"1[3-9]\d{9}", contact):
        return contact
    try:
        validate_email(contact)
    except ValidationError:
        raise ValidationError({"contact": _("联系方式请填写11位手机号或电子邮箱")}) from None
    return contact


@transaction.atomic
def objection_submit(
    *,
    notice: Notice,
    user: Actor,
    text: str,
    entry: NoticeEntry | None = None,
    anonymous: bool = False,
    contact: str = "",
) -> Objection:
    """异议 by a member of the audience, within the window: named (their name is shown to the handler) or
    anonymous (an optional contact, stored encrypted and hidden unless revealed with a reason). Returns the
    objection with its receipt number; the notice's creator hears of it in the inbox."""
    if not notice_addresses(notice, member_union_of(user)):
        raise PermissionDenied(_("该公示不面向您所在的工会"))
    notice = lock(Notice, pk=notice.pk, related=("org",))
    if not window_is_open(notice):
        raise ValidationError({"text": _("不在公示期内，不能提出异议")})
    if entry is not None and (entry.notice_id != notice.pk or not entry.is_listed):
        raise ValidationError({"entry": _("请选择本公示中仍在公示的对象")})
    text = text.strip()
    if len(text) < 5:
        raise ValidationError({"text": _("请填写异议内容（至少5个字）")})
    contact = _contact_clean(contact) if anonymous else ""
    year = timezone.localdate().year
    serial = number_next(issuer_id=notice.org_id, series=OBJECTION_SERIES, year=year)
    objection = Objection.objects.create(
        notice=notice,
        entry=entry,
        number=f"YY{notice.org_id}-{year}-{serial:04d}",
        text=text[:2000],
        anonymous=anonymous,
        submitted_by=user,
        shown_name="" if anonymous else (user.name or user.get_username())[:100],
        contact_encrypted=encrypt_identifier(contact) if contact else "",
    )
    about = entry.name if entry is not None else _("公示整体")
    notice_event(
        notice=notice, actor=None, action=NoticeAction.OBJECTION, note=f"{objection.number}（{about}）"
    )
    notify(
        recipients=[notice.created_by],
        title=_("公示收到异议"),
        body=_("《%(title)s》收到异议 %(number)s，请及时答复")
        % {"title": notice.title, "number": objection.number},
        url=reverse("notices:detail", args=[notice.public_id]),
        category="notices",
    )
    return objection


@transaction.atomic
def entry_withdraw(*, entry: NoticeEntry, actor: Actor, note: str) -> NoticeEntry:
    """Withdraw an entry from its notice and tell the owner (its callback acts on the entry's subject)."""
    entry = lock(NoticeEntry, pk=entry.pk, related=("notice",))
    if not entry.is_listed:
        return entry
    entry.status = EntryStatus.WITHDRAWN
    entry.withdrawn_at = timezone.now()
    entry.save(update_fields=["status", "withdrawn_at", "updated_at"])
    notice = entry.notice
    owner_kind(notice.kind).on_entry_withdrawn(entry, actor)
    notice_event(notice=notice, actor=actor, action=NoticeAction.ENTRY_WITHDRAW, note=f"{entry.name}：{note}")
    owner_event(notice=notice, actor=actor, action=NoticeAction.ENTRY_WITHDRAW, note=f"{entry.name}：{note}")
    return entry


@transaction.atomic
def objection_answer(
    *, objection: Objection, outcome: str, answer: str, actor: Actor, context: AuditContext | None = None
) -> Objection:
    """答复: upheld (成立) withdraws the entry it is about through the owner's callback, in this transaction;
    dismissed (不成立) leaves the entry listed. The objector reads the answer on 我的办理 and in the inbox."""
    objection = lock(Objection, pk=objection.pk, related=("notice", "entry"))
    notice = objection.notice
    if not can_manage_notice(actor, notice):
        raise PermissionDenied(_("您不能答复该公示的异议"))
    if not objection.is_open:
        raise ValidationError({"answer": _("该异议已答复")})
    if notice.status == NoticeStatus.CANCELLED:
        raise ValidationError({"answer": _("公示已撤销，异议不再答复")})
    if outcome not in ObjectionOutcome.values:
        raise ValidationError({"outcome": _("请选择答复结论")})
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("请填写答复内容")})
    upheld = outcome == ObjectionOutcome.UPHELD
    objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
    objection.answer = answer[:2000]
    objection.answered_by = actor
    objection.answered_at = timezone.now()
    objection.save(update_fields=["status", "answer", "answered_by", "answered_at", "updated_at"])
    label = ObjectionStatus(objection.status).label
    notice_event(notice=notice, actor=actor, action=NoticeAction.ANSWER, note=f"{objection.number}：{label}")
    if upheld and objection.entry is not None:
        entry_withdraw(
            entry=objection.entry, actor=actor, note=_("异议 %(n)s 成立") % {"n": objection.number}
        )
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=_("答复公示异议 %(n)s：%(label)s") % {"n": objection.number, "label": label},
        actor=actor,
        context=context,
        subject=objection,
        org_id=notice.org_id,
    )
    notify(
        recipients=[objection.submitted_by],
        title=_("您的异议已答复"),
        body=_("《%(title)s》异议 %(n)s：%(label)s")
        % {"title": notice.title, "n": objection.number, "label": label},
        url=reverse("notices:my_objection", args=[objection.public_id]),
        category="notices",
    )
    return objection


@transaction.atomic
def objection_contact_reveal(
    *, objection: Objection, actor: Actor, reason: str, context: AuditContext | None = None
) -> str:
    """The anonymous objector's contact, for a handler who gives a reason; audited and put on the timeline."""
    notice = objection.notice
    if not can_manage_notice(actor, notice):
        raise PermissionDenied(_("您不能查看该异议的联系方式"))
    if not objection.anonymous or not objection.contact_encrypted:
        raise ValidationError({"reason": _("该异议没有留下需要查看的联系方式")})
    reason = reason.strip()
    if len(reason) < 4:
        raise ValidationError({"reason": _("请填写查看联系方式的理由（至少4个字）")})
    audit_log(
        action=AuditAction.REVEAL,
        summary=_("查看匿名异议 %(n)s 的联系方式，理由：%(reason)s")
        % {"n": objection.number, "reason": reason},
        actor=actor,
        context=context,
        subject=objection,
        org_id=notice.org_id,
        detail={"number": objection.number, "reason": reason},
    )
    notice_event(notice=notice, actor=actor, action=NoticeAction.REVEAL, note=f"{objection.number}：{reason}")
    return decrypt_identifier(objection.contact_encrypted)


@transaction.atomic
def notice_cancel(
    *, notice: Notice, reason: str, actor: Actor, context: AuditContext | None = None
) -> Notice:
    """撤销 a draft or a running notice with a reason; it leaves the portal at once."""
    notice = lock(Notice, pk=notice.pk)
    reason = reason.strip()
    NOTICE_WORKFLOW.check(notice, action=NoticeAction.CANCEL, actor=actor, note=reason)
    notice.cancel_reason = reason[:1000]
    NOTICE_WORKFLOW.apply(
        notice, action=NoticeAction.CANCEL, actor=actor, note=reason, update_fields=["cancel_reason"]
    )
    owner_event(notice=notice, actor=actor, action=NoticeAction.CANCEL, note=reason)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=_("撤销公示：%(title)s（%(reason)s）") % {"title": notice.title, "reason": reason[:200]},
        actor=actor,
        context=context,
        subject=notice,
        org_id=notice.org_id,
    )
    return notice


def notice_result_text(notice: Notice) -> str:
    entries = notice.entries.aggregate(
        total=Count("pk"), withdrawn=Count("pk", filter=Q(status=EntryStatus.WITHDRAWN))
    )
    objections = notice.objections.aggregate(
        total=Count("pk"),
        upheld=Count("pk", filter=Q(status=ObjectionStatus.UPHELD)),
        dismissed=Count("pk", filter=Q(status=ObjectionStatus.DISMISSED)),
        open=Count("pk", filter=Q(status=ObjectionStatus.OPEN)),
    )
    if not objections["total"]:
        heard = _("公示期内未收到异议")
    else:
        heard = (
            _("收到异议%(total)s件（成立%(upheld)s件，不成立%(dismissed)s件，待答复%(open)s件）") % objections
        )
    return _("公示期满。公示对象%(total)s个，撤下%(withdrawn)s个；") % entries + heard


@transaction.atomic
def notice_close(*, notice: Notice, actor: Actor | None = None, today: dt.date | None = None) -> Notice:
    """Close a notice whose window has ended (the scheduled job); anything else is left as it is, so a repeated
    or late run does no harm. The result goes on the owner's timeline through the kind's hook."""
    closed = _close_if_due(pk=notice.pk, actor=actor, today=today or timezone.localdate())
    return closed or Notice.objects.get(pk=notice.pk)


def _close_if_due(*, pk: int, actor: Actor | None, today: dt.date) -> Notice | None:
    """Close the notice if its window ended before `today` (under its row lock); None when there was nothing to do."""
    notice = lock(Notice, pk=pk)
    if notice.status != NoticeStatus.PUBLISHED or notice.ends_on is None or notice.ends_on >= today:
        return None
    notice.closed_at = timezone.now()
    NOTICE_WORKFLOW.apply(notice, action=NoticeAction.CLOSE, actor=actor, update_fields=["closed_at"])
    owner_kind(notice.kind).on_closed(notice, actor)
    result = notice_result_text(notice)
    owner_event(notice=notice, actor=actor, action=NoticeAction.RESULT, note=result)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=_("公示期满：%(title)s") % {"title": notice.title},
        actor=actor,
        actor_label="" if actor is not None else "系统",
        subject=notice,
        org_id=notice.org_id,
        detail={"result": result},
    )
    return notice


def notices_close_due(today: dt.date | None = None) -> str:
    """The scheduled job: close every running notice whose window ended before today, each in its own
    transaction; counts only the notices this run closed."""
    today = today or timezone.localdate()
    due = list(
        Notice.objects.filter(status=NoticeStatus.PUBLISHED, ends_on__lt=today).values_list("pk", flat=True)
    )
    closed = 0
    for pk in due:
        with transaction.atomic():
            closed += _close_if_due(pk=pk, actor=None, today=today) is not None
    return f"公示期满关闭 {closed} 条"

"""Writes of 困难职工帮扶 — part `cycle`: the yearly 复核 of a filed household (dynamic management), 脱困 with its
phone follow-ups at 3 and 12 months, 注销 with a reason, and the purge of a 注销 file's details once the retention
period (`settings.WELFARE_RETENTION_YEARS`) is over; and the scheduled jobs that remind the 帮扶干事 of reviews and
follow-ups due and purge what is due.

Timeline notes name outcomes and reasons only: the officers' free text stays in the review and follow-up rows,
which the purge empties (a timeline row is never rewritten)."""

import datetime as dt
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.attachments.models import Attachment
from gonghui.core.locking import lock
from gonghui.notifications.services import notify

from ..choices import (
    CloseReason,
    FileAction,
    FileStatus,
    FollowUpKind,
    FollowUpOutcome,
    HardshipClass,
    Relation,
    ReviewOutcome,
)
from ..events import file_event
from ..models import FileReview, FollowUp, HardshipFile, HomeSurvey, HouseholdMember
from ..permissions import can_handle_file
from ..selectors.cycle import (
    file_officers,
    follow_ups_to_remind,
    purge_due_files,
    reviews_to_remind,
)

# 脱困 households are called 3 and 12 months after.
FOLLOW_UP_MONTHS = ((FollowUpKind.THREE_MONTHS, 3), (FollowUpKind.TWELVE_MONTHS, 12))
FILED_CLASSES = (HardshipClass.DEEP, HardshipClass.RELATIVE, HardshipClass.ACCIDENT)
_FILE_JOINS = ("org", "applicant", "household")


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; a day the target month lacks becomes its last day (1月31日 → 4月30日)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # unreachable: every month has a 28th


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


def _lock_file(file: HardshipFile) -> HardshipFile:
    return lock(HardshipFile, pk=file.pk, related=_FILE_JOINS)


def _require_handler(actor: Any, file: HardshipFile) -> None:
    if not can_handle_file(actor, file):
        raise PermissionDenied(_("无权办理该困难职工档案"))


# ---- 年度复核 ----------------------------------------------------------------------------------------------------


@transaction.atomic
def annual_review_record(
    *,
    file: HardshipFile,
    actor: Any,
    outcome: str,
    note: str,
    new_class: str = "",
    reason: str = CloseReason.NOT_ELIGIBLE,
) -> FileReview:
    """年度复核 of a filed household: the year's `FileReview` (created by the reminder, or now) is done with
    `outcome`. 继续建档 moves the next review a year on; 调整类别 changes the decided class (`new_class`, with a
    note); 脱困 and 注销 end the file (`file_lift`, `file_close` with `reason`, by default 不再符合条件)."""
    locked = _lock_file(file)
    _require_handler(actor, locked)
    if locked.status != FileStatus.FILED:
        raise ValidationError({"outcome": _("只有已建档的档案可以进行年度复核")})
    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": _("请选择复核结果")})
    note = (note or "").strip()
    today = timezone.localdate()
    if outcome == ReviewOutcome.RECLASS:
        if new_class not in FILED_CLASSES:
            raise ValidationError({"new_class": _("请选择调整后的类别")})
        if new_class == locked.decided_class:
            raise ValidationError({"new_class": _("调整后的类别与现类别相同")})
    if outcome != ReviewOutcome.CONTINUE and not note:
        raise ValidationError({"note": _("请填写复核说明")})
    if outcome == ReviewOutcome.CLOSE and reason not in CloseReason.values:
        raise ValidationError({"reason": _("请选择注销原因")})
    if FileReview.objects.filter(
        file=locked, done_on=today
    ).exists():  # a form sent twice moves nothing twice
        raise ValidationError({"outcome": _("该档案今天已记录年度复核")})
    due = locked.next_review_due or today
    review, _created = FileReview.objects.get_or_create(file=locked, year=due.year, defaults={"due_on": due})
    review.done_on = today
    review.outcome = outcome
    review.note = note
    review.reviewed_by = actor
    review.save(update_fields=["done_on", "outcome", "note", "reviewed_by", "updated_at"])
    label = str(ReviewOutcome(outcome).label)
    if outcome in (ReviewOutcome.CONTINUE, ReviewOutcome.RECLASS):
        following = add_years(due, 1)
        locked.next_review_due = following if following > today else add_years(today, 1)
        fields = ["next_review_due", "updated_at"]
        if outcome == ReviewOutcome.RECLASS:
            label = _("调整类别：%(old)s → %(new)s") % {
                "old": locked.get_decided_class_display() or "—",
                "new": HardshipClass(new_class).label,
            }
            locked.decided_class = new_class
            locked.class_decided_by = actor
            locked.class_decided_at = timezone.now()
            fields += ["decided_class", "class_decided_by", "class_decided_at"]
        locked.save(update_fields=fields)
    file_event(
        file=locked,
        actor=actor,
        action=FileAction.ANNUAL_REVIEW,
        from_state=locked.status,
        note=_("%(year)d年度复核：%(what)s") % {"year": review.year, "what": label},
    )
    if outcome == ReviewOutcome.LIFT:
        file_lift(file=locked, actor=actor, note=note)
    elif outcome == ReviewOutcome.CLOSE:
        file_close(file=locked, actor=actor, reason=reason, note=note)
    return review


# ---- 脱困 · 注销 ----------------------------------------------------------------------------------------------


@transaction.atomic
def file_lift(*, file: HardshipFile, actor: Any, note: str) -> HardshipFile:
    """脱困: a filed household no longer needs help. The file ends (LIFTED) and two phone follow-ups are due, 3 and
    12 months after (of the file's current `cycle`: a household that applies again gets its own)."""
    locked = _lock_file(file)
    _require_handler(actor, locked)
    if locked.status != FileStatus.FILED:
        raise ValidationError({"note": _("只有已建档的档案可以办理脱困")})
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("请填写脱困情况说明")})
    now = timezone.now()
    today = timezone.localdate()
    locked.status = FileStatus.LIFTED
    locked.ended_at = now
    locked.end_note = note
    locked.next_review_due = None
    locked.save(update_fields=["status", "ended_at", "end_note", "next_review_due", "updated_at"])
    for kind, months in FOLLOW_UP_MONTHS:
        FollowUp.objects.get_or_create(
            file=locked, cycle=locked.cycle, kind=kind, defaults={"due_on": add_months(today, months)}
        )
    file_event(
        file=locked,
        actor=actor,
        action=FileAction.LIFT,
        from_state=FileStatus.FILED,
        note=_("将于%(a)s、%(b)s电话回访")
        % {"a": f"{add_months(today, 3):%Y-%m-%d}", "b": f"{add_months(today, 12):%Y-%m-%d}"},
    )
    return locked


@transaction.atomic
def file_close(*, file: HardshipFile, actor: Any, reason: str, note: str) -> HardshipFile:
    """注销 a filed or 脱困 file with a reason (`CloseReason`). The row stays; its details are purged once
    `purge_after` (today + `WELFARE_RETENTION_YEARS` years) has passed."""
    locked = _lock_file(file)
    _require_handler(actor, locked)
    if locked.status not in (FileStatus.FILED, FileStatus.LIFTED):
        raise ValidationError({"reason": _("只有已建档或已脱困的档案可以注销")})
    if reason not in CloseReason.values:
        raise ValidationError({"reason": _("请选择注销原因")})
    note = (note or "").strip()
    if reason == CloseReason.OTHER and not note:
        raise ValidationError({"note": _("注销原因为“其他”时请填写说明")})
    previous = locked.status
    locked.status = FileStatus.CLOSED
    locked.close_reason = reason
    locked.end_note = note
    locked.ended_at = timezone.now()
    locked.next_review_due = None
    locked.purge_after = add_years(timezone.localdate(), settings.WELFARE_RETENTION_YEARS)
    locked.save(
        update_fields=[
            "status",
            "close_reason",
            "end_note",
            "ended_at",
            "next_review_due",
            "purge_after",
            "updated_at",
        ]
    )
    file_event(
        file=locked,
        actor=actor,
        action=FileAction.CLOSE,
        from_state=previous,
        note=_("注销原因：%(reason)s；明细将于%(day)s后清除")
        % {"reason": CloseReason(reason).label, "day": f"{locked.purge_after:%Y-%m-%d}"},
    )
    return locked


# ---- 脱困回访 --------------------------------------------------------------------------------------------------


@transaction.atomic
def follow_up_record(
    *, follow_up: FollowUp, actor: Any, done_on: dt.date, outcome: str, note: str
) -> FollowUp:
    """Record a phone follow-up of a 脱困 household (recording it again corrects it)."""
    locked = lock(FollowUp, pk=follow_up.pk, related=("file", "file__org"))
    file = locked.file
    _require_handler(actor, file)
    if file.status != FileStatus.LIFTED:
        raise ValidationError({"outcome": _("该档案已不是脱困状态，无需回访")})
    if outcome not in FollowUpOutcome.values:
        raise ValidationError({"outcome": _("请选择回访结果")})
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("回访日期不能晚于今天")})
    if file.ended_at is not None and done_on < timezone.localtime(file.ended_at).date():
        raise ValidationError({"done_on": _("回访日期不能早于脱困日期")})
    note = (note or "").strip()
    if outcome != FollowUpOutcome.STABLE and not note:
        raise ValidationError({"note": _("请填写回访记录")})
    locked.done_on = done_on
    locked.outcome = outcome
    locked.note = note
    locked.done_by = actor
    locked.save(update_fields=["done_on", "outcome", "note", "done_by", "updated_at"])
    file_event(
        file=file,
        actor=actor,
        action=FileAction.FOLLOW_UP,
        from_state=file.status,
        note=f"{FollowUpKind(locked.kind).label}：{FollowUpOutcome(outcome).label}",
    )
    return locked


# ---- 到期清除 --------------------------------------------------------------------------------------------------


@transaction.atomic
def file_purge(*, file: HardshipFile, actor: Any = None) -> HardshipFile:
    """Purge a 注销 file's details once `purge_after` has passed: every sealed field of the file, its people and
    surveys; the people's ID numbers, birth dates and consent signers, the names of all but the applicant; the
    address; the free text of the class decision, the end, the reviews and the follow-ups; the accident details;
    the consent upload (row and stored file). The row, its number, the applicant's name, the class, the
    states and the dates stay, for the counts. `actor` None is the scheduled job."""
    locked = _lock_file(file)
    if actor is not None:
        _require_handler(actor, locked)
    today = timezone.localdate()
    if locked.status != FileStatus.CLOSED or locked.purge_after is None or locked.purge_after > today:
        raise ValidationError(_("该档案尚未到明细清除日期"))
    if locked.purged_at is not None:
        raise ValidationError(_("该档案的明细已清除"))
    attachments = _file_attachments(locked)
    locked.sealed = ""
    locked.class_note = ""
    locked.end_note = ""
    locked.accident_kind = ""
    locked.accident_date = None
    locked.consent_attachment = None
    locked.purged_at = timezone.now()
    locked.save(
        update_fields=[
            "sealed",
            "class_note",
            "end_note",
            "accident_kind",
            "accident_date",
            "consent_attachment",
            "purged_at",
            "updated_at",
        ]
    )
    household = locked.household
    household.address = ""
    household.save(update_fields=["address", "updated_at"])
    people = HouseholdMember.objects.filter(household=household)
    people.update(
        sealed="",
        id_number_encrypted="",
        id_number_hash="",
        id_number_masked="",
        birth_date=None,
        consent_signer="",
        updated_at=timezone.now(),
    )
    for relation, label in Relation.choices:
        if relation != Relation.SELF:
            people.filter(relation=relation).update(name=str(label))
    HomeSurvey.objects.filter(file=locked).update(sealed="", updated_at=timezone.now())
    FileReview.objects.filter(file=locked).update(note="", updated_at=timezone.now())
    FollowUp.objects.filter(file=locked).update(note="", updated_at=timezone.now())
    _attachments_delete(attachments)
    file_event(
        file=locked,
        actor=actor,
        action=FileAction.PURGE,
        from_state=locked.status,
        note=_("保存期满，已清除家庭成员的健康、残疾、收入、证件号码、住址、调查结论和授权委托书"),
    )
    return locked


def _file_attachments(file: HardshipFile) -> list[Attachment]:
    """The consent upload and whatever else is stored against the file or its household."""
    found = {
        a.pk: a
        for model, pk in ((HardshipFile, file.pk), (type(file.household), file.household_id))
        for a in Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=str(pk)
        )
    }
    if file.consent_attachment_id is not None and file.consent_attachment_id not in found:
        consent = Attachment.objects.filter(pk=file.consent_attachment_id).first()
        if consent is not None:
            found[consent.pk] = consent
    return list(found.values())


def _attachments_delete(attachments: Iterable[Attachment]) -> None:
    """The attachments block has no delete service: the rows go now, the stored files once the purge commits."""
    attachments = list(attachments)
    for attachment in attachments:
        transaction.on_commit(partial(attachment.file.delete, save=False))
    Attachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()


# ---- scheduled jobs -------------------------------------------------------------------------------------------


def _tell_officers(file: HardshipFile, title: str, body: str) -> None:
    officers = file_officers(file)
    if officers:
        notify(recipients=officers, title=title, body=body, url=file.get_absolute_url(), category="welfare")


@transaction.atomic
def review_remind(*, file: HardshipFile) -> bool:
    """The year's review of a filed household is near (or past): create its `FileReview` if missing and tell the
    union's 帮扶干事 once (`reminded_at`). False when it was already told or is no longer due."""
    locked = _lock_file(file)
    due = locked.next_review_due
    if locked.status != FileStatus.FILED or due is None:
        return False
    review, _created = FileReview.objects.get_or_create(file=locked, year=due.year, defaults={"due_on": due})
    if review.reminded_at is not None or review.done_on is not None:
        return False
    review.reminded_at = timezone.now()
    review.save(update_fields=["reminded_at", "updated_at"])
    _tell_officers(
        locked,
        _("困难职工档案年度复核提醒"),
        _("%(number)s（%(org)s）应于%(day)s前完成%(year)d年度复核")
        % {
            "number": locked.number or locked.pk,
            "org": locked.org.name,
            "day": f"{due:%Y-%m-%d}",
            "year": review.year,
        },
    )
    return True


@transaction.atomic
def follow_up_remind(*, follow_up: FollowUp) -> bool:
    """A follow-up of a 脱困 household is due: tell the union's 帮扶干事 once (`reminded_at`)."""
    locked = lock(FollowUp, pk=follow_up.pk, related=("file", "file__org"))
    if locked.reminded_at is not None or locked.done_on is not None:
        return False
    if locked.file.status != FileStatus.LIFTED:
        return False
    locked.reminded_at = timezone.now()
    locked.save(update_fields=["reminded_at", "updated_at"])
    _tell_officers(
        locked.file,
        _("脱困回访提醒"),
        _("%(number)s（%(org)s）的%(kind)s应于%(day)s进行")
        % {
            "number": locked.file.number or locked.file.pk,
            "org": locked.file.org.name,
            "kind": FollowUpKind(locked.kind).label,
            "day": f"{locked.due_on:%Y-%m-%d}",
        },
    )
    return True


def reviews_remind_job() -> str:
    """Filed files whose review is due within `REVIEW_LEAD_DAYS` days (or overdue), not yet reminded."""
    sent = sum(review_remind(file=file) for file in reviews_to_remind(timezone.localdate()))
    return _("年度复核提醒 %(n)d 户") % {"n": sent}


def follow_ups_remind_job() -> str:
    """Follow-ups due within `FOLLOW_UP_LEAD_DAYS` days (or overdue), not done and not yet reminded."""
    sent = sum(follow_up_remind(follow_up=f) for f in follow_ups_to_remind(timezone.localdate()))
    return _("脱困回访提醒 %(n)d 次") % {"n": sent}


def purge_due_job() -> str:
    """注销 files past `purge_after`, not yet purged."""
    purged = 0
    for file in purge_due_files(timezone.localdate()):
        file_purge(file=file)
        purged += 1
    return _("到期清除档案明细 %(n)d 户") % {"n": purged}

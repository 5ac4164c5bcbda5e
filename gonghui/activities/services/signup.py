"""Writes of part signup (报名). Every writer locks the activity's row first (`lock(Activity)`), then the
registration rows, so two members taking the last place at once never both get it, and a place freed by a cancel
goes to the first of the waiting list inside the same transaction.

- `registration_sign_up`: a published activity inside its sign-up window, a member its audience admits, one live
  registration per member (a cancelled or rejected row is reused). Approval required → 待审核; a place free →
  已报名; full with a waiting list → 候补中 (`queued_at`); full without → 名额已满. A receipt number (BM + year +
  serial, `core.numbering`) the first time.
- `registration_cancel` (the member, until `cancel_cutoff`, default the start), `registration_cancel_by_organiser`,
  `registration_approve` (a place or the waiting list), `registration_reject` (with the reason): each frees what it
  held and promotes the waiting list (`_promote`), notifying who was promoted.
- Reminders: `activity_remind` tells every confirmed registrant not yet reminded (`Registration.reminded_at`) —
  the organiser's 发送提醒 button and the scheduled job `activity_reminders_job` (`reminder_hours` before the
  start; 0 means no automatic reminder)."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gonghui.accounts.scoping import has_action
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.core.numbering import number_next
from gonghui.members.models import Member
from gonghui.notifications.services import notify

from ..audiences import audience_admits
from ..choices import (
    LIVE_REGISTRATION_STATUSES,
    ActivityAction,
    ActivityStatus,
    RegistrationAction,
    RegistrationStatus,
)
from ..events import activity_event
from ..models import Activity, Registration
from ..permissions import MANAGE
from ..selectors.signup import (
    RegistrationFilters,
    cancel_deadline,
    registrations_for,
    signup_refusal,
)
from ..spreadsheets.signup import registration_workbook

NUMBER_SERIES = "activities.registration"
PLATFORM_ISSUER = 0  # receipt numbers are unique across the platform
CATEGORY = "activities"


def _when(value: dt.datetime) -> str:
    return date_format(timezone.localtime(value), "Y年n月j日 H:i")


def _lock_activity(activity: Activity) -> Activity:
    return lock(Activity, related=("org",), pk=activity.pk)


def _lock_registration(registration: Registration) -> Registration:
    return lock(Registration, related=("member", "member__org", "member__user"), pk=registration.pk)


def _receipt_number(now: dt.datetime) -> str:
    year = timezone.localtime(now).year
    return f"BM{year}{number_next(issuer_id=PLATFORM_ISSUER, series=NUMBER_SERIES, year=year):06d}"


def _place_free(activity: Activity) -> bool:
    if activity.capacity is None:
        return True
    taken = Registration.objects.filter(activity=activity, status=RegistrationStatus.CONFIRMED).count()
    return taken < activity.capacity


def _tell_member(registration: Registration, activity: Activity, title: str, body: str) -> None:
    user = registration.member.user
    if user is None:
        return
    notify(
        recipients=[user],
        title=title,
        body=body,
        url=reverse("activities_portal:receipt", args=[activity.public_id]),
        category=CATEGORY,
        sms=True,
    )


def _promote(activity: Activity, actor: Any, now: dt.datetime) -> list[Registration]:
    """Give each free place to the first of the waiting list (the activity's row is locked by the caller)."""
    promoted: list[Registration] = []
    while _place_free(activity):
        first = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("member", "member__user")
            .filter(activity=activity, status=RegistrationStatus.WAITLISTED)
            .order_by("queued_at", "created_at", "pk")
            .first()
        )
        if first is None:
            break
        first.status = RegistrationStatus.CONFIRMED
        first.save(update_fields=["status", "updated_at"])
        activity_event(
            subject=first,
            actor=actor,
            action=RegistrationAction.PROMOTED,
            from_state=RegistrationStatus.WAITLISTED,
            to_state=RegistrationStatus.CONFIRMED,
        )
        _tell_member(
            first,
            activity,
            _("候补转正：%(title)s") % {"title": activity.title},
            _("有名额空出，您已由候补转为已报名。活动时间 %(at)s，地点 %(place)s。")
            % {"at": _when(activity.starts_at), "place": activity.place},
        )
        promoted.append(first)
    return promoted


def registration_sign_up(
    *, activity: Activity, member: Member, actor: Any, note: str = "", now: dt.datetime | None = None
) -> Registration:
    """The member signs up (themself on the portal). Returns the registration with its status and number."""
    now = now or timezone.now()
    if member.user_id is None or actor.pk != member.user_id:
        raise PermissionDenied
    with transaction.atomic():
        locked = _lock_activity(activity)
        refusal = signup_refusal(locked, now)
        if refusal:
            raise ValidationError(refusal, code="closed")
        if not audience_admits(locked, member):
            raise ValidationError(
                _("您不在本活动的参加对象范围内（%(org)s 组织，限定参加对象），不能报名")
                % {"org": locked.org.name},
                code="audience",
            )
        existing = Registration.objects.select_for_update(of=("self",)).filter(activity=locked, member=member)
        row = existing.first()
        if row is not None and row.status in LIVE_REGISTRATION_STATUSES:
            raise ValidationError(
                _("您已报名本活动（回执号 %(number)s，%(status)s），不能重复报名")
                % {"number": row.number, "status": row.get_status_display()},
                code="twice",
            )
        if locked.approval_required:
            status = RegistrationStatus.PENDING
        elif _place_free(locked):
            status = RegistrationStatus.CONFIRMED
        elif locked.waitlist:
            status = RegistrationStatus.WAITLISTED
        else:
            raise ValidationError(
                _("名额已满（共 %(n)s 个名额），本活动不设候补") % {"n": locked.capacity}, code="full"
            )
        from_state = ""
        if row is None:
            row = Registration(activity=locked, member=member, number=_receipt_number(now))
        else:
            from_state = row.status
        row.status = status
        row.note = note.strip()[:200]
        row.queued_at = now if status == RegistrationStatus.WAITLISTED else None
        row.decided_at = None
        row.decided_by = None
        row.decision_note = ""
        row.cancelled_at = None
        row.reminded_at = None
        row.save()
        activity_event(
            subject=row,
            actor=actor,
            action=RegistrationAction.WAITLISTED
            if status == RegistrationStatus.WAITLISTED
            else RegistrationAction.SIGNED_UP,
            from_state=from_state,
            to_state=status,
        )
        return row


def _check_live(row: Registration) -> None:
    if row.status not in LIVE_REGISTRATION_STATUSES:
        raise ValidationError(
            _("报名当前状态为“%(status)s”，不能再操作") % {"status": row.get_status_display()},
            code="state",
        )


def registration_cancel(
    *, registration: Registration, actor: Any, now: dt.datetime | None = None
) -> Registration:
    """The member cancels their own registration, until the cancellation cutoff (default: the start)."""
    now = now or timezone.now()
    with transaction.atomic():
        activity = _lock_activity(registration.activity)
        row = _lock_registration(registration)
        if row.member.user_id is None or row.member.user_id != actor.pk:
            raise PermissionDenied
        _check_live(row)
        deadline = cancel_deadline(activity)
        if now >= deadline:
            contact = (
                f"，如确需取消请联系组织方（{activity.contact}）"
                if activity.contact
                else "，如确需取消请联系组织方"
            )
            raise ValidationError(
                _("已过取消报名截止时间（%(at)s）%(contact)s") % {"at": _when(deadline), "contact": contact},
                code="cutoff",
            )
        return _cancel(activity, row, actor, now, RegistrationAction.CANCELLED, "")


def _cancel(
    activity: Activity, row: Registration, actor: Any, now: dt.datetime, action: Any, note: str
) -> Registration:
    held = row.status == RegistrationStatus.CONFIRMED
    from_state = row.status
    row.status = RegistrationStatus.CANCELLED
    row.cancelled_at = now
    row.queued_at = None
    row.save(update_fields=["status", "cancelled_at", "queued_at", "updated_at"])
    activity_event(
        subject=row, actor=actor, action=action, from_state=from_state, to_state=row.status, note=note
    )
    if held:
        _promote(activity, actor, now)
    return row


def _organiser(actor: Any, activity: Activity) -> None:
    if not has_action(actor, MANAGE, activity.org):
        raise PermissionDenied


def registration_cancel_by_organiser(
    *, registration: Registration, actor: Any, reason: str, now: dt.datetime | None = None
) -> Registration:
    """The organiser cancels a live registration (with the reason, told to the member); a freed place goes to
    the waiting list."""
    now = now or timezone.now()
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写取消原因")})
    with transaction.atomic():
        activity = _lock_activity(registration.activity)
        _organiser(actor, activity)
        row = _lock_registration(registration)
        _check_live(row)
        _cancel(activity, row, actor, now, RegistrationAction.CANCELLED_BY_ORGANISER, reason)
        _tell_member(
            row,
            activity,
            _("报名已取消：%(title)s") % {"title": activity.title},
            _("组织方取消了您的报名，原因：%(reason)s") % {"reason": reason},
        )
        return row


def registration_approve(
    *, registration: Registration, actor: Any, note: str = "", now: dt.datetime | None = None
) -> Registration:
    """The organiser approves a pending registration: a place when one is free, else the waiting list (when the
    activity has one; otherwise refused: 名额已满)."""
    now = now or timezone.now()
    with transaction.atomic():
        activity = _lock_activity(registration.activity)
        _organiser(actor, activity)
        row = _lock_registration(registration)
        if row.status != RegistrationStatus.PENDING:
            raise ValidationError(
                _("报名当前状态为“%(status)s”，只有待审核的报名可以审核通过")
                % {"status": row.get_status_display()},
                code="state",
            )
        if activity.status != ActivityStatus.PUBLISHED:
            raise ValidationError(_("活动%(s)s，不能审核") % {"s": activity.get_status_display()})
        if _place_free(activity):
            row.status = RegistrationStatus.CONFIRMED
        elif activity.waitlist:
            row.status = RegistrationStatus.WAITLISTED
            row.queued_at = now
        else:
            raise ValidationError(
                _("名额已满（共 %(n)s 个名额），本活动不设候补，不能审核通过") % {"n": activity.capacity},
                code="full",
            )
        row.decided_at = now
        row.decided_by = actor
        row.decision_note = note.strip()[:200]
        row.save(
            update_fields=["status", "queued_at", "decided_at", "decided_by", "decision_note", "updated_at"]
        )
        activity_event(
            subject=row,
            actor=actor,
            action=RegistrationAction.APPROVED,
            from_state=RegistrationStatus.PENDING,
            to_state=row.status,
            note=row.decision_note,
        )
        waiting = row.status == RegistrationStatus.WAITLISTED
        _tell_member(
            row,
            activity,
            _("报名审核通过：%(title)s") % {"title": activity.title},
            _("名额已满，您已进入候补名单，有名额空出时按顺序转为已报名")
            if waiting
            else _("您已报名成功。活动时间 %(at)s，地点 %(place)s。")
            % {"at": _when(activity.starts_at), "place": activity.place},
        )
        return row


def registration_reject(
    *, registration: Registration, actor: Any, reason: str, now: dt.datetime | None = None
) -> Registration:
    """The organiser turns down a live registration with the reason (told to the member); a place it held goes to
    the waiting list."""
    now = now or timezone.now()
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写不通过的原因")})
    with transaction.atomic():
        activity = _lock_activity(registration.activity)
        _organiser(actor, activity)
        row = _lock_registration(registration)
        _check_live(row)
        held = row.status == RegistrationStatus.CONFIRMED
        from_state = row.status
        row.status = RegistrationStatus.REJECTED
        row.queued_at = None
        row.decided_at = now
        row.decided_by = actor
        row.decision_note = reason[:200]
        row.save(
            update_fields=["status", "queued_at", "decided_at", "decided_by", "decision_note", "updated_at"]
        )
        activity_event(
            subject=row,
            actor=actor,
            action=RegistrationAction.REJECTED,
            from_state=from_state,
            to_state=row.status,
            note=reason,
        )
        _tell_member(
            row,
            activity,
            _("报名未通过：%(title)s") % {"title": activity.title},
            _("原因：%(reason)s") % {"reason": reason},
        )
        if held:
            _promote(activity, actor, now)
        return row


# --- reminders ----------------------------------------------------------------------------------------------


def activity_remind(*, activity: Activity, actor: Any = None, now: dt.datetime | None = None) -> int:
    """Tell every confirmed registrant not yet reminded that the activity is near (once each). `actor` None is the
    scheduled job; a person must hold `activities.manage` on the union. Returns how many were told."""
    now = now or timezone.now()
    if actor is not None:
        _organiser(actor, activity)
    with transaction.atomic():
        locked = _lock_activity(activity)
        if locked.status != ActivityStatus.PUBLISHED:
            raise ValidationError(_("活动%(s)s，不能发送提醒") % {"s": locked.get_status_display()})
        if locked.starts_at <= now:
            raise ValidationError(_("活动已开始，不再发送提醒"))
        rows = list(
            Registration.objects.select_for_update(of=("self",))
            .select_related("member__user")
            .filter(activity=locked, status=RegistrationStatus.CONFIRMED, reminded_at__isnull=True)
        )
        users = [row.member.user for row in rows if row.member.user is not None]
        if users:
            notify(
                recipients=users,
                title=_("活动提醒：%(title)s") % {"title": locked.title},
                body=_("活动将于 %(at)s 在 %(place)s 开始，请准时参加，现场出示会员码签到。")
                % {"at": _when(locked.starts_at), "place": locked.place},
                url=reverse("activities_portal:receipt", args=[locked.public_id]),
                category=CATEGORY,
                sms=True,
            )
        Registration.objects.filter(pk__in=[row.pk for row in rows]).update(reminded_at=now, updated_at=now)
        locked.reminded_at = now
        locked.save(update_fields=["reminded_at", "updated_at"])
        activity_event(
            subject=locked,
            actor=actor,
            action=ActivityAction.REMINDED,
            note=_("提醒 %(n)d 人") % {"n": len(rows)} + ("" if actor is not None else _("（自动）")),
        )
        return len(rows)


def reminders_due(now: dt.datetime) -> list[Activity]:
    """Published activities not started whose reminder time has come, with someone confirmed not yet told."""
    waiting = Registration.objects.filter(
        activity=OuterRef("pk"), status=RegistrationStatus.CONFIRMED, reminded_at__isnull=True
    )
    candidates = Activity.objects.filter(
        Exists(waiting), status=ActivityStatus.PUBLISHED, starts_at__gt=now, reminder_hours__gt=0
    ).select_related("org")
    return [a for a in candidates if a.starts_at - dt.timedelta(hours=a.reminder_hours) <= now]


def activity_reminders_job() -> str:
    """The scheduled job: reminds the confirmed registrants of each activity `reminder_hours` before its start."""
    now = timezone.now()
    told = 0
    for activity in reminders_due(now):
        try:
            told += activity_remind(activity=activity, now=now)
        except ValidationError:
            continue
    return _("活动开始前提醒 %(n)d 人") % {"n": told}


# --- export -------------------------------------------------------------------------------------------------


def registrations_export(
    *, activity: Activity, actor: Any, filters: RegistrationFilters, context: AuditContext | None = None
) -> tuple[bytes, str]:
    """The filtered registrations as xlsx with the members' names: audited; the view must be no-store."""
    rows = registrations_for(actor, activity, filters)
    content, count = registration_workbook(activity, rows.iterator(chunk_size=500))
    audit_log(
        action=AuditAction.EXPORT,
        summary=_("导出活动报名名单“%(title)s”（%(n)s 条，含会员姓名）")
        % {"title": activity.title, "n": count},
        actor=actor,
        context=context,
        subject=activity,
        org_id=activity.org_id,
        detail={"rows": count, "filters": {k: v for k, v in vars(filters).items() if v}},
    )
    return content, f"报名名单-{activity.title}-{timezone.localdate():%Y%m%d}.xlsx"

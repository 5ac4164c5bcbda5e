"""Services of part attendance: recording attendance from the check-in block (the activity's `on_checkin` calls
`attendance_record` inside the check-in's transaction, whichever page or API recorded it), the scanner's two ways in
(`attendance_scan` for a 会员码, `attendance_typed` for the typed member number — when the activity asks for a
check-out, the member's second scan or typed number records the check-out), the organiser's check-out button,
补登 by hand with a reason (audited, on the activity's timeline), the export of the list, and after the event the
short report (ActivityAction.REPORTED) and its photos (attachments owned by the activity, images only;
ActivityAction.PHOTO_ADDED).

Every writer of an activity's attendance locks the activity row first (the lock order of the app)."""

import datetime as dt
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.accounts.identity import mask_name
from gonghui.attachments.models import Attachment
from gonghui.attachments.policies import IMAGE_POLICY
from gonghui.attachments.services import attachment_save
from gonghui.checkins.choices import CheckinMethod
from gonghui.checkins.models import CheckIn
from gonghui.checkins.services import checkin_manual, checkin_validate, member_of_code
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.members.models import Member

from ..choices import ActivityAction, AttendanceMethod
from ..events import activity_event
from ..models import Activity, Attendance
from ..permissions import can_manage_for
from ..selectors.attendance import activity_photos, activity_window, registration_of

MAX_PHOTOS = 60
REPORT_MAX_CHARS = 2000


def _require_manage(activity: Activity, actor: Any) -> None:
    if not can_manage_for(actor, activity.org):
        raise PermissionDenied


def _lock(activity: Activity) -> Activity:
    return Activity.objects.select_for_update().select_related("org").get(pk=activity.pk)


def _hm(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def is_late(activity: Activity, moment: dt.datetime) -> bool:
    return moment > activity.starts_at + dt.timedelta(minutes=activity.late_after_minutes)


def _already(attendance: Attendance) -> ValidationError:
    name = mask_name(attendance.member.name)
    if attendance.checked_out_at is not None:
        return ValidationError(
            "%(name)s 已签到（%(in)s）并已签退（%(out)s）",
            code="already",
            params={"name": name, "in": _hm(attendance.checked_in_at), "out": _hm(attendance.checked_out_at)},
        )
    return ValidationError(
        "%(name)s 已签到（%(at)s），不能重复签到",
        code="already",
        params={"name": name, "at": _hm(attendance.checked_in_at)},
    )


def _checkout(attendance: Attendance, now: dt.datetime) -> Attendance:
    if attendance.checked_out_at is not None:
        raise _already(attendance)
    if now <= attendance.checked_in_at:
        raise ValidationError("签退时间须晚于签到时间", code="invalid")
    attendance.checked_out_at = now
    attendance.save(update_fields=["checked_out_at", "updated_at"])
    return attendance


def attendance_record(
    *,
    activity: Activity,
    member: Member,
    method: str,
    actor: Any,
    check_in: CheckIn | None = None,
    now: dt.datetime | None = None,
) -> Attendance:
    """The member's attendance at the activity: created (late when after the start plus the grace minutes), or —
    when the member already checked in and the activity asks for a check-out — the check-out. A second check-in
    is refused with the time of the first. Idempotent per member (one row per member and activity)."""
    now = now or timezone.now()
    with transaction.atomic():
        activity = _lock(activity)
        existing = (
            Attendance.objects.select_related("member").filter(activity=activity, member=member).first()
        )
        if existing is not None:
            if activity.checkout_required and existing.checked_out_at is None:
                return _checkout(existing, now)
            raise _already(existing)
        return Attendance.objects.create(
            activity=activity,
            member=member,
            registration=registration_of(activity, member),
            check_in=check_in,
            method=method,
            checked_in_at=now,
            late=is_late(activity, now),
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )


def attendance_on_checkin(activity: Activity, check_in: CheckIn, actor: Any) -> None:
    """The check-in target's `on_checkin`: the check-in block recorded `check_in` (a scanned code, or the typed
    member number) — record the attendance in the same transaction."""
    method = AttendanceMethod.CODE if check_in.method == CheckinMethod.SCAN else AttendanceMethod.TYPED
    attendance_record(
        activity=activity,
        member=check_in.member,
        method=method,
        actor=actor,
        check_in=check_in,
        now=check_in.at,
    )


def _attendance_of(activity: Activity, member: Member) -> Attendance | None:
    return (
        Attendance.objects.select_related("member", "check_in")
        .filter(activity=activity, member=member)
        .first()
    )


def _written(activity: Activity, check_in: CheckIn) -> Attendance:
    """The attendance `on_checkin` wrote in the check-in's transaction."""
    return Attendance.objects.select_related("member__org").get(activity=activity, member=check_in.member)


def attendance_scan(
    *, activity: Activity, payload: str, actor: Any, now: dt.datetime | None = None
) -> Attendance:
    """A scanned 会员码: the check-in (through the check-in block: expired, foreign, reused codes and the window are
    refused there), or, for an activity with check-out, the member's later scan records the check-out — with a
    fresh code, never the one already used to check in."""
    now = now or timezone.now()
    try:
        check_in = checkin_validate(target=activity, payload=payload, actor=actor, now=now)
    except ValidationError as exc:
        if getattr(exc, "code", None) != "already" or not activity.checkout_required:
            raise
        member, step = member_of_code(payload=payload, now=now)
        attendance = _attendance_of(activity, member)
        if attendance is None:
            raise
        if attendance.check_in is not None and attendance.check_in.step == step:
            raise ValidationError("该会员码刚刚用于签到，请会员刷新会员码后再签退", code="reused") from exc
        return attendance_record(
            activity=activity, member=member, method=AttendanceMethod.CODE, actor=actor, now=now
        )
    return _written(activity, check_in)


def attendance_typed(
    *, activity: Activity, member: Member, actor: Any, now: dt.datetime | None = None
) -> Attendance:
    """The typed member number, after the organiser confirmed the masked name: the check-in, or the check-out of
    a member already in (when the activity asks for one)."""
    now = now or timezone.now()
    try:
        check_in = checkin_manual(target=activity, member=member, actor=actor, now=now)
    except ValidationError as exc:
        if getattr(exc, "code", None) != "already" or not activity.checkout_required:
            raise
        return attendance_record(
            activity=activity, member=member, method=AttendanceMethod.TYPED, actor=actor, now=now
        )
    return _written(activity, check_in)


def attendance_checkout(*, attendance: Attendance, actor: Any, now: dt.datetime | None = None) -> Attendance:
    """The organiser's 签退 button on the list (a member who left without scanning)."""
    _require_manage(attendance.activity, actor)
    if not attendance.activity.checkout_required:
        raise ValidationError("本活动不需要签退")
    now = now or timezone.now()
    with transaction.atomic():
        _lock(attendance.activity)
        current = Attendance.objects.select_related("member").select_for_update().get(pk=attendance.pk)
        return _checkout(current, now)


def attendance_manual(
    *,
    activity: Activity,
    member: Member,
    reason: str,
    actor: Any,
    at: dt.datetime | None = None,
    context: AuditContext | None = None,
) -> Attendance:
    """补登: the organiser records a member who attended without checking in (a dead phone, a queue at the door),
    with the reason; audited and on the activity's timeline. Not before check-in opens, never in the future."""
    _require_manage(activity, actor)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写补登原因"})
    now = timezone.now()
    at = at or now
    opens, _ends = activity_window(activity)
    if at > now:
        raise ValidationError({"at": "签到时间不能晚于现在"})
    if at < opens:
        raise ValidationError({"at": "签到时间不能早于活动签到开始时间（开始前1小时）"})
    try:
        return _manual_write(
            activity=activity, member=member, reason=reason, at=at, actor=actor, context=context
        )
    except IntegrityError as exc:  # the member's scan won the race (SQLite: no row lock to wait on)
        existing = _attendance_of(activity, member)
        if existing is None:
            raise
        raise ValidationError({"number": _already(existing).messages[0]}) from exc


def _manual_write(
    *,
    activity: Activity,
    member: Member,
    reason: str,
    at: dt.datetime,
    actor: Any,
    context: AuditContext | None,
) -> Attendance:
    with transaction.atomic():
        activity = _lock(activity)
        existing = (
            Attendance.objects.select_related("member").filter(activity=activity, member=member).first()
        )
        if existing is not None:
            raise ValidationError({"number": _already(existing).messages[0]})
        attendance = Attendance.objects.create(
            activity=activity,
            member=member,
            registration=registration_of(activity, member),
            method=AttendanceMethod.MANUAL,
            checked_in_at=at,
            late=is_late(activity, at),
            recorded_by=actor,
        )
        activity_event(
            subject=activity,
            actor=actor,
            action=AttendanceMethod.MANUAL,
            note=f"{member.name}（{_hm(at)}）：{reason}",
        )
        audit_log(
            action=AuditAction.ADMIN_EDIT,
            actor=actor,
            context=context,
            subject=attendance,
            org_id=activity.org_id,
            summary=f"活动「{activity.title}」补登签到：{member.name}，原因：{reason}",
        )
    return attendance


def attendance_export(
    *, activity: Activity, content: bytes, rows: int, actor: Any, context: AuditContext | None = None
) -> bytes:
    """Audit the export of the attendance list (full names and member numbers) and hand the workbook back."""
    audit_log(
        action=AuditAction.EXPORT,
        actor=actor,
        context=context,
        subject=activity,
        org_id=activity.org_id,
        summary=f"导出活动「{activity.title}」签到名单 {rows} 行",
    )
    return content


def activity_report_save(*, activity: Activity, text: str, actor: Any) -> Activity:
    """The short report after the event (活动总结): only once it has ended; on the activity's timeline."""
    _require_manage(activity, actor)
    text = text.strip()
    if not text:
        raise ValidationError({"report": "请填写活动总结"})
    if len(text) > REPORT_MAX_CHARS:
        raise ValidationError({"report": f"活动总结不能超过{REPORT_MAX_CHARS}字"})
    now = timezone.now()
    if now <= activity.ends_at:
        raise ValidationError({"report": "活动结束后才能提交活动总结"})
    with transaction.atomic():
        activity = _lock(activity)
        first = activity.reported_at is None
        activity.report = text
        activity.reported_at = now
        activity.save(update_fields=["report", "reported_at", "updated_at"])
        activity_event(
            subject=activity,
            actor=actor,
            action=ActivityAction.REPORTED,
            note="" if first else "修改活动总结",
        )
    return activity


def activity_photo_add(*, activity: Activity, upload: UploadedFile[bytes], actor: Any) -> Attachment:
    """One photo of the event (JPG or PNG, at most 10 MB, its bytes checked); kept as an attachment owned by the
    activity and served through the attachments' checked download."""
    _require_manage(activity, actor)
    if activity_photos(activity).count() >= MAX_PHOTOS:
        raise ValidationError({"photo": f"每个活动最多上传{MAX_PHOTOS}张照片"})
    try:
        photo = attachment_save(
            owner=activity, org=activity.org, upload=upload, actor=actor, policy=IMAGE_POLICY
        )
    except ValidationError as exc:
        raise ValidationError({"photo": f"照片“{upload.name}”：{'；'.join(exc.messages)}"}) from exc
    with transaction.atomic():
        activity = _lock(activity)
        activity_event(
            subject=activity, actor=actor, action=ActivityAction.PHOTO_ADDED, note=photo.original_name
        )
    return photo


def activity_photo_remove(*, activity: Activity, public_id: Any, actor: Any) -> str:
    """Remove one of the activity's photos (a wrong upload): the row now, the file once the transaction commits;
    on the activity's timeline. Returns the photo's name."""
    _require_manage(activity, actor)
    with transaction.atomic():
        activity = _lock(activity)
        photo = activity_photos(activity).filter(public_id=public_id).first()
        if photo is None:
            raise ValidationError("照片不存在或已删除")
        name = photo.original_name
        transaction.on_commit(partial(photo.file.delete, save=False))
        photo.delete()
        activity_event(subject=activity, actor=actor, action=ActivityAction.PHOTO_REMOVED, note=name)
    return name

"""Services of part exercise — 工间操: routines with their video, adoption by units, sessions and participation.

A routine is published by a union for its subtree; a unit below it (or the union itself) adopts it with its days,
time and place and may stop it (and adopt it again later: the same row is restarted, one per routine and unit).
A day's session is created on first use — the unit confirming the number who took part, or its scanner checking a
member in — under the adoption's row lock (get-or-create, unique per adoption and day). A session either carries a
confirmed count or participation rows from check-ins, never both."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from gonghui.attachments.models import Attachment
from gonghui.attachments.policies import media_policy
from gonghui.attachments.services import attachment_save
from gonghui.core.timeline import timeline_record
from gonghui.members.choices import MemberStatus
from gonghui.members.models import Member

from ..choices import ParticipationMethod
from ..models import ExerciseAdoption, ExerciseParticipation, ExerciseRoutine, ExerciseSession
from ..permissions import can_manage_for

WEEKDAY_NAMES = {"1": "周一", "2": "周二", "3": "周三", "4": "周四", "5": "周五", "6": "周六", "7": "周日"}


def _event(subject: Any, actor: Any, action: str, label: str, note: str = "") -> None:
    timeline_record(subject=subject, actor=actor, action=action, action_label=label, note=note)


def weekdays_text(weekdays: str) -> str:
    """ "12345" → "周一、周二、周三、周四、周五"."""
    return "、".join(WEEKDAY_NAMES[d] for d in sorted(set(weekdays)) if d in WEEKDAY_NAMES)


def _require_manage(actor: Any, org: Any) -> None:
    if not can_manage_for(actor, org):
        raise PermissionDenied


def routine_save(
    *,
    actor: Any,
    org: Any,
    name: str,
    description: str,
    minutes: int,
    active: bool,
    routine: ExerciseRoutine | None = None,
) -> ExerciseRoutine:
    """Create a routine of `org`, or change one (its union stays)."""
    _require_manage(actor, routine.org if routine else org)
    with transaction.atomic():
        if routine is None:
            routine = ExerciseRoutine.objects.create(
                org=org, name=name, description=description, minutes=minutes, active=active, created_by=actor
            )
            _event(routine, actor, "exercise.routine_create", "发布工间操", name)
            return routine
        routine = ExerciseRoutine.objects.select_for_update().get(pk=routine.pk)
        routine.name, routine.description, routine.minutes, routine.active = (
            name,
            description,
            minutes,
            active,
        )
        routine.save(update_fields=["name", "description", "minutes", "active", "updated_at"])
        _event(routine, actor, "exercise.routine_update", "修改工间操", "推广中" if active else "已停止推广")
        return routine


def routine_video_save(*, routine: ExerciseRoutine, upload: UploadedFile[bytes], actor: Any) -> Attachment:
    """Store the routine's video (checked against the media policy's type and size cap). The check and hash run
    outside any transaction (a large file holds no lock); the timeline row follows."""
    _require_manage(actor, routine.org)
    attachment = attachment_save(
        owner=routine, org=routine.org, upload=upload, actor=actor, policy=media_policy(upload.name or "")
    )
    with transaction.atomic():
        _event(routine, actor, "exercise.video", "上传视频", attachment.original_name)
    return attachment


def _clean_adoption(routine: ExerciseRoutine, org: Any, weekdays: str) -> None:
    if not routine.active:
        raise ValidationError({"routine": "该工间操已停止推广，不能登记"})
    if not org.path.startswith(routine.org.path):
        raise ValidationError({"org": "只能为发布工会本级或其下级工会登记推广"})
    if not weekdays or any(d not in WEEKDAY_NAMES for d in weekdays):
        raise ValidationError({"weekdays": "请至少选择一天"})


def adoption_save(
    *,
    actor: Any,
    routine: ExerciseRoutine,
    org: Any,
    weekdays: str,
    time_of_day: dt.time,
    place: str,
    started_on: dt.date,
) -> ExerciseAdoption:
    """`org` adopts the routine (or changes its days/time/place; a stopped adoption is restarted)."""
    _require_manage(actor, org)
    _clean_adoption(routine, org, weekdays)
    weekdays = "".join(sorted(set(weekdays)))
    with transaction.atomic():
        ExerciseRoutine.objects.select_for_update().get(pk=routine.pk)
        adoption = ExerciseAdoption.objects.select_for_update().filter(routine=routine, org=org).first()
        fields = {"weekdays": weekdays, "time_of_day": time_of_day, "place": place, "started_on": started_on}
        if adoption is None:
            adoption = ExerciseAdoption.objects.create(routine=routine, org=org, adopted_by=actor, **fields)
            label = "登记推广"
        else:
            label = "重新推广" if adoption.stopped_on else "修改推广安排"
            for name, value in fields.items():
                setattr(adoption, name, value)
            adoption.stopped_on = None
            adoption.adopted_by = actor
            adoption.save()
        note = f"{weekdays_text(weekdays)} {time_of_day:%H:%M} {place}，{started_on:%Y-%m-%d} 起"
        _event(adoption, actor, "exercise.adopt", label, note)
        return adoption


def adoption_stop(
    *, actor: Any, adoption: ExerciseAdoption, stopped_on: dt.date | None = None
) -> ExerciseAdoption:
    _require_manage(actor, adoption.org)
    stopped_on = stopped_on or timezone.localdate()
    with transaction.atomic():
        adoption = ExerciseAdoption.objects.select_for_update().get(pk=adoption.pk)
        if adoption.stopped_on is not None:
            raise ValidationError("该单位已停止推广")
        if stopped_on < adoption.started_on:
            stopped_on = adoption.started_on
        adoption.stopped_on = stopped_on
        adoption.save(update_fields=["stopped_on", "updated_at"])
        _event(adoption, actor, "exercise.stop", "停止推广", f"{stopped_on:%Y-%m-%d}")
        return adoption


def adoption_runs_on(adoption: ExerciseAdoption, day: dt.date) -> bool:
    """Is `day` one of the adoption's scheduled days (its weekday, on or after the start, before the stop)?"""
    if day < adoption.started_on or (adoption.stopped_on is not None and day >= adoption.stopped_on):
        return False
    return str(day.isoweekday()) in adoption.weekdays


def _session_get_or_create(adoption: ExerciseAdoption, day: dt.date) -> ExerciseSession:
    """Inside a transaction holding the adoption's row lock."""
    session = ExerciseSession.objects.filter(adoption=adoption, held_on=day).first()
    return session or ExerciseSession.objects.create(adoption=adoption, held_on=day)


def session_for_day(*, actor: Any, adoption: ExerciseAdoption, day: dt.date) -> ExerciseSession:
    """The adoption's session of `day`, created on first use (the adoption row locked, so two scanners opening
    the same day make one session)."""
    _require_manage(actor, adoption.org)
    if not adoption_runs_on(adoption, day):
        raise ValidationError({"day": "这一天不是本单位的工间操日"})
    if day > timezone.localdate():
        raise ValidationError({"day": "不能登记以后的日期"})
    with transaction.atomic():
        ExerciseAdoption.objects.select_for_update().get(pk=adoption.pk)
        return _session_get_or_create(adoption, day)


def adoption_member_count(adoption: ExerciseAdoption) -> int:
    return Member.objects.filter(org__path__startswith=adoption.org.path, status=MemberStatus.ACTIVE).count()


def session_confirm(
    *, actor: Any, adoption: ExerciseAdoption, day: dt.date, count: int, note: str = ""
) -> ExerciseSession:
    """The unit confirms how many took part on `day` (no check-in that day); a second confirmation corrects it."""
    session = session_for_day(actor=actor, adoption=adoption, day=day)
    members = adoption_member_count(adoption)
    with transaction.atomic():
        ExerciseAdoption.objects.select_for_update().get(pk=adoption.pk)
        session = ExerciseSession.objects.get(pk=session.pk)
        if session.participations.exists():
            raise ValidationError({"count": "本场已有会员扫码签到，参与人数按签到统计，不能再确认人数"})
        if count > members:
            raise ValidationError({"count": f"参与人数不能超过本单位会员数（{members} 人）"})
        before = session.confirmed_count
        session.confirmed_count, session.confirmed_by, session.note = count, actor, note
        session.save(update_fields=["confirmed_count", "confirmed_by", "note", "updated_at"])
        label = "确认参与人数" if before is None else "更正参与人数"
        _event(
            session,
            actor,
            "exercise.confirm",
            label,
            f"{count} 人" + (f"（原 {before} 人）" if before else ""),
        )
        return session


def participation_from_checkin(session: ExerciseSession, check_in: Any, actor: Any) -> None:
    """The check-in target's `on_checkin`: inside the check-in's transaction, record the participation. A session
    whose count the unit already confirmed takes no check-ins (the two would be counted twice)."""
    ExerciseAdoption.objects.select_for_update().get(
        pk=session.adoption_id
    )  # the parent first, as every writer
    locked = ExerciseSession.objects.get(pk=session.pk)
    if locked.confirmed_count is not None:
        raise ValidationError("本场已由单位确认参与人数，不再扫码签到", code="confirmed")
    ExerciseParticipation.objects.create(
        session=session, member=check_in.member, method=ParticipationMethod.CHECKIN, check_in=check_in
    )

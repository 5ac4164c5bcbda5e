"""Services of part courses: courses and their lessons (图文, video, PDF document), publication and closing, the
member's study measured by server-side heartbeats, the crediting of a lesson at 90 % watched, and the course's
completion (every lesson credited and the quiz passed) with its hours and certificate.

The heartbeat rule (`study_beat`): the server keeps the previous beat's time and position; a beat at position p,
server time t, adds the interval [previous position, p] to the watched intervals only when the previous beat is at
most `BEAT_GAP` seconds old and p lies between the previous position and previous position + elapsed × `SPEED_SLACK`
+ `POSITION_SLACK` (normal play); anything else (a seek or skip forward, a jump back, a long pause, a hidden tab)
credits nothing and only becomes the new reference. The watched seconds are the total length of the merged
intervals clipped to the lesson's duration, so watching again adds nothing. The record is locked for the beat, so
two concurrent beats credit the lesson once."""

import datetime as dt
import struct
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from gonghui.accounts.scoping import has_action
from gonghui.attachments.models import Attachment
from gonghui.attachments.policies import DEFAULT_POLICY, IMAGE_POLICY, UploadPolicy, media_policy
from gonghui.attachments.services import attachment_save
from gonghui.core.locking import lock
from gonghui.members.models import Member
from gonghui.quizzes.models import QuizActivity

from ..choices import CourseAudience, CourseStatus, LearningAction, LessonKind
from ..events import learning_event
from ..models import CREDIT_SHARE, Course, CourseCompletion, Lesson, StudyRecord
from ..permissions import MANAGE

BEAT_GAP = 30  # seconds: a beat older than this is no reference for the next
SPEED_SLACK = Decimal("1.25")  # playback may run a little faster than the wall clock between beats
POSITION_SLACK = 2  # seconds of jitter between the player's clock and the server's
CERTIFICATE_KIND = "learning.course"
CERTIFICATE_SERIES = "结业证"
DOCUMENT_POLICY = UploadPolicy(max_bytes=DEFAULT_POLICY.max_bytes, extensions=frozenset({"pdf"}))


def _require_manage(actor: Any, org: Any) -> None:
    if not has_action(actor, MANAGE, org):
        raise PermissionDenied


# --- courses ------------------------------------------------------------------------------------------------
def _clean_course(org: Any, *, title: str, hours: Decimal, quiz: QuizActivity | None) -> None:
    if not title.strip():
        raise ValidationError({"title": "请填写课程名称"})
    if hours < 0:
        raise ValidationError({"hours": "课程学时不能为负数"})
    if quiz is not None and not org.path.startswith(quiz.org.path):
        raise ValidationError({"quiz": "结课测验只能选用本级或上级工会的答题活动"})


@transaction.atomic
def course_save(
    *,
    actor: Any,
    org: Any,
    title: str,
    summary: str = "",
    audience: str = CourseAudience.MEMBERS,
    hours: Decimal = Decimal("0"),
    quiz: QuizActivity | None = None,
    certificate: bool = False,
    open_api: bool = False,
    course: Course | None = None,
) -> Course:
    """Create a draft course of `org`, or save `course`'s fields (its union never changes)."""
    if course is not None:
        org = course.org
    _require_manage(actor, org)
    _clean_course(org, title=title, hours=hours, quiz=quiz)
    fields = {
        "title": title.strip(),
        "summary": summary.strip(),
        "audience": audience,
        "hours": hours,
        "quiz": quiz,
        "certificate": certificate,
        "open_api": open_api,
    }
    if course is None:
        course = Course.objects.create(org=org, created_by=actor, **fields)
        learning_event(subject=course, actor=actor, action=LearningAction.CREATED, to_state=course.status)
        return course
    course = lock(Course, pk=course.pk)
    for name, value in fields.items():
        setattr(course, name, value)
    course.save()
    learning_event(subject=course, actor=actor, action=LearningAction.EDITED)
    return course


def course_cover_save(*, course: Course, upload: UploadedFile[bytes], actor: Any) -> Attachment:
    """The course's cover picture (jpg/png, 10 MB); the new one replaces the old."""
    _require_manage(actor, course.org)
    attachment = attachment_save(
        owner=course, org=course.org, upload=upload, actor=actor, policy=IMAGE_POLICY
    )
    with transaction.atomic():
        course = lock(Course, pk=course.pk)
        course.cover = attachment
        course.save(update_fields=["cover", "updated_at"])
        learning_event(subject=course, actor=actor, action=LearningAction.EDITED, note="更换封面图片")
    return attachment


@transaction.atomic
def course_publish(*, course: Course, actor: Any) -> Course:
    """Publish a draft or closed course: it needs at least one lesson, and every video or document lesson its
    file."""
    _require_manage(actor, course.org)
    course = lock(Course, pk=course.pk)
    if course.status == CourseStatus.PUBLISHED:
        raise ValidationError("课程已发布")
    lessons = list(course.lessons.all())
    if not lessons:
        raise ValidationError("课程至少要有一个课时才能发布")
    missing = [
        lesson.title for lesson in lessons if lesson.kind != LessonKind.ARTICLE and lesson.media_id is None
    ]
    if missing:
        raise ValidationError(f"以下课时尚未上传视频或文档：{'、'.join(missing)}")
    before = course.status
    course.status = CourseStatus.PUBLISHED
    course.published_at = timezone.now()
    course.save(update_fields=["status", "published_at", "updated_at"])
    learning_event(
        subject=course,
        actor=actor,
        action=LearningAction.PUBLISHED,
        from_state=before,
        to_state=course.status,
    )
    return course


@transaction.atomic
def course_close(*, course: Course, actor: Any, reason: str) -> Course:
    """Take a published course off the portal (members' records and completions stay)."""
    _require_manage(actor, course.org)
    course = lock(Course, pk=course.pk)
    if course.status != CourseStatus.PUBLISHED:
        raise ValidationError("只有已发布的课程可以下线")
    if not reason.strip():
        raise ValidationError({"reason": "请填写下线原因"})
    course.status = CourseStatus.CLOSED
    course.save(update_fields=["status", "updated_at"])
    learning_event(
        subject=course,
        actor=actor,
        action=LearningAction.CLOSED,
        from_state=CourseStatus.PUBLISHED,
        to_state=course.status,
        note=reason.strip(),
    )
    return course


# --- lessons ------------------------------------------------------------------------------------------------
def _lesson_started(lesson: Lesson) -> bool:
    return lesson.pk is not None and StudyRecord.objects.filter(lesson=lesson).exists()


@transaction.atomic
def lesson_save(
    *,
    actor: Any,
    course: Course,
    title: str,
    kind: str,
    duration_seconds: int,
    hours: Decimal,
    body: str = "",
    lesson: Lesson | None = None,
) -> Lesson:
    """Add a lesson at the end of `course`, or save `lesson`. Once members have studied a lesson its kind and
    duration stay (their watched seconds are measured against them)."""
    _require_manage(actor, course.org)
    course = lock(Course, pk=course.pk)
    if not title.strip():
        raise ValidationError({"title": "请填写课时名称"})
    if kind == LessonKind.ARTICLE and not body.strip():
        raise ValidationError({"body": "图文课时请填写内容"})
    if duration_seconds < 1:
        raise ValidationError({"minutes": "时长至少 1 分钟"})
    if hours < 0:
        raise ValidationError({"hours": "学时不能为负数"})
    changed = lesson is not None and (lesson.kind != kind or lesson.duration_seconds != duration_seconds)
    if changed and _lesson_started(lesson):  # type: ignore[arg-type]
        raise ValidationError({"kind": "已有会员学习该课时，不能再改变形式或时长"})
    if lesson is None:
        last = course.lessons.aggregate(last=Max("order"))["last"] or 0
        lesson = Lesson(course=course, order=last + 1)
        action = LearningAction.CREATED
    else:
        action = LearningAction.EDITED
    lesson.title = title.strip()
    lesson.kind = kind
    lesson.body = body.strip() if kind == LessonKind.ARTICLE else ""
    lesson.duration_seconds = duration_seconds
    lesson.hours = hours
    lesson.save()
    verb = "添加" if action == LearningAction.CREATED else "修改"
    learning_event(subject=course, actor=actor, action=action, note=f"{verb}课时“{lesson.title}”")
    return lesson


def mp4_duration(stream: IO[bytes]) -> int | None:
    """Seconds of an MP4 read from its 'moov' → 'mvhd' box (timescale and duration), or None when the file does
    not say (the caller then asks for the duration)."""
    end = stream.seek(0, 2)
    position, limit = 0, end
    while position + 8 <= limit:
        stream.seek(position)
        size, box = struct.unpack(">I4s", stream.read(8))
        header = 8
        if size == 1:
            size, header = struct.unpack(">Q", stream.read(8))[0], 16
        elif size == 0:
            size = limit - position
        if size < header:
            return None
        if box == b"moov":
            position, limit = position + header, position + size
            continue
        if box == b"mvhd":
            version = stream.read(1)
            stream.read(3)
            layout = ">16xIQ" if version == b"\x01" else ">8xII"
            raw = stream.read(struct.calcsize(layout))
            if len(raw) != struct.calcsize(layout):
                return None
            timescale, duration = struct.unpack(layout, raw)
            return round(duration / timescale) if timescale and duration else None
        position += size
    return None


def lesson_media_save(
    *, lesson: Lesson, upload: UploadedFile[bytes], actor: Any, duration_seconds: int | None = None
) -> Attachment:
    """The lesson's video (MP4, the media policy's cap) or document (PDF). A video's duration is read from the
    file; `duration_seconds` is needed only when the file does not give it. The file check and hash run outside
    any transaction (a large file holds no lock)."""
    course = lesson.course
    _require_manage(actor, course.org)
    if lesson.kind == LessonKind.ARTICLE:
        raise ValidationError({"file": "图文课时不需要上传文件"})
    if _lesson_started(lesson):
        raise ValidationError({"file": "已有会员学习该课时，不能更换文件；请新增课时"})
    if lesson.kind == LessonKind.VIDEO:
        policy = media_policy(upload.name or "")
        duration = (mp4_duration(upload.file) if upload.file is not None else None) or duration_seconds
        upload.seek(0)
        if not duration:
            raise ValidationError({"minutes": "无法从视频文件读出时长，请填写视频时长"})
    else:
        policy, duration = DOCUMENT_POLICY, lesson.duration_seconds
    attachment = attachment_save(owner=lesson, org=course.org, upload=upload, actor=actor, policy=policy)
    with transaction.atomic():
        lesson = lock(Lesson, pk=lesson.pk)
        lesson.media = attachment
        lesson.duration_seconds = duration
        lesson.save(update_fields=["media", "duration_seconds", "updated_at"])
        learning_event(
            subject=course,
            actor=actor,
            action=LearningAction.EDITED,
            note=f"课时“{lesson.title}”上传文件“{attachment.original_name}”",
        )
    return attachment


@transaction.atomic
def lesson_move(*, lesson: Lesson, up: bool, actor: Any) -> Lesson:
    """Swap the lesson with its neighbour above (`up`) or below; the order is renumbered 1…n."""
    _require_manage(actor, lesson.course.org)
    course = lock(Course, pk=lesson.course_id)
    lessons = list(course.lessons.order_by("order", "pk"))
    index = next(i for i, item in enumerate(lessons) if item.pk == lesson.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(lessons):
        lessons[index], lessons[other] = lessons[other], lessons[index]
    for number, item in enumerate(lessons, start=1):
        if item.order != number:
            item.order = number
            item.save(update_fields=["order", "updated_at"])
    return next(item for item in lessons if item.pk == lesson.pk)


@transaction.atomic
def lesson_delete(*, lesson: Lesson, actor: Any) -> None:
    """Delete a lesson no member has studied; the others are renumbered."""
    course = lesson.course
    _require_manage(actor, course.org)
    course = lock(Course, pk=course.pk)
    if _lesson_started(lesson):
        raise ValidationError("已有会员学习该课时，不能删除；可下线课程")
    if course.status == CourseStatus.PUBLISHED and course.lessons.count() == 1:
        raise ValidationError("已发布的课程至少要保留一个课时")
    title = lesson.title
    lesson.delete()
    for number, item in enumerate(course.lessons.order_by("order", "pk"), start=1):
        if item.order != number:
            item.order = number
            item.save(update_fields=["order", "updated_at"])
    learning_event(subject=course, actor=actor, action=LearningAction.EDITED, note=f"删除课时“{title}”")


# --- study ----------------------------------------------------------------------------------------------------
def merge_intervals(intervals: list[list[int]]) -> list[list[int]]:
    """Sorted, non-overlapping intervals covering the same seconds (touching ones joined)."""
    merged: list[list[int]] = []
    for start, end in sorted((int(s), int(e)) for s, e in intervals if e > s):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def watched_total(intervals: list[list[int]], duration: int) -> int:
    return sum(max(0, min(end, duration) - max(start, 0)) for start, end in intervals)


def lesson_credit_due(watched_seconds: int, duration: int) -> bool:
    return watched_seconds >= CREDIT_SHARE * duration


@dataclass(frozen=True)
class Beat:
    """What a heartbeat did: the record after it, the seconds it credited, and whether it credited the lesson's
    hours (true for exactly one beat per member and lesson)."""

    record: StudyRecord
    added: int
    credited_now: bool
    completion: CourseCompletion | None = None


def _record_locked(member: Member, lesson: Lesson) -> StudyRecord:
    try:
        return lock(StudyRecord, member=member, lesson=lesson)
    except StudyRecord.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            StudyRecord.objects.create(member=member, lesson=lesson, org_id=member.org_id)
    except IntegrityError:  # a concurrent first beat created it
        pass
    return lock(StudyRecord, member=member, lesson=lesson)


@transaction.atomic
def study_beat(*, member: Member, lesson: Lesson, position: float, playing: bool = True) -> Beat:
    """One heartbeat of `member` on `lesson` at `position` seconds, measured against the server clock (see the
    module's docstring). `playing` is the player's word and credits nothing by itself: a paused player's beats
    keep the reference fresh, so play resumed within 30 s continues to count. The caller has checked the member
    may study the lesson's course."""
    now = timezone.now()
    record = _record_locked(member, lesson)
    duration = lesson.duration_seconds
    p = max(0, min(int(position), duration))
    added = 0
    if record.last_beat_at is not None and record.last_beat_position is not None:
        elapsed = Decimal((now - record.last_beat_at).total_seconds())
        start = record.last_beat_position
        if (
            dt.timedelta(0) <= now - record.last_beat_at <= dt.timedelta(seconds=BEAT_GAP)
            and start <= p <= start + elapsed * SPEED_SLACK + POSITION_SLACK
            and p > start
        ):
            watched = merge_intervals([*record.watched, [start, p]])
            total = watched_total(watched, duration)
            added = total - record.watched_seconds
            record.watched, record.watched_seconds = watched, total
    record.position = p if p < duration else 0  # finished: the next visit starts from the beginning
    record.last_beat_at, record.last_beat_position = now, p
    credited_now = record.credited_at is None and lesson_credit_due(record.watched_seconds, duration)
    if credited_now:
        record.credited_at = now
        record.hours = lesson.hours
    record.save()
    completion = course_completion_check(member=member, course=lesson.course) if credited_now else None
    return Beat(record=record, added=added, credited_now=credited_now, completion=completion)


# --- completion -----------------------------------------------------------------------------------------------
def _quiz_passed(course: Course, member: Member) -> bool:
    from gonghui.quizzes.selectors import member_result

    if course.quiz_id is None:
        return True
    result = member_result(course.quiz, member)  # type: ignore[arg-type]
    return result is not None and bool(result.passed)


def _all_lessons_credited(course: Course, member: Member) -> bool:
    lessons = course.lessons.count()
    credited = StudyRecord.objects.filter(
        member=member, lesson__course=course, credited_at__isnull=False
    ).count()
    return lessons > 0 and credited == lessons


@transaction.atomic
def course_completion_check(*, member: Member, course: Course) -> CourseCompletion | None:
    """The member's completion of `course` when every lesson is credited and the quiz (if any) passed: created
    once (the member's row is locked), with the course's hours and, when the course gives one, its certificate.
    None while something is missing. Called after each credited lesson and when the member returns from the
    quiz."""
    from gonghui.certificates.services import certificate_issue

    member = lock(Member, pk=member.pk, related=("org",))
    existing = CourseCompletion.objects.filter(member=member, course=course).first()
    if existing is not None:
        return existing
    if not (_all_lessons_credited(course, member) and _quiz_passed(course, member)):
        return None
    now = timezone.now()
    completion = CourseCompletion.objects.create(
        member=member, org_id=member.org_id, course=course, completed_at=now, hours=course.hours
    )
    if course.certificate:
        completion.certificate = certificate_issue(
            kind=CERTIFICATE_KIND,
            issuer=course.org,
            owner=course,
            holder=member,
            holder_name=member.name,
            holder_org=member.org,
            title=course.title,
            awarded_on=timezone.localdate(now),
            data={"hours": str(course_total_hours(course))},
            actor=None,
        )
        completion.save(update_fields=["certificate", "updated_at"])
    return completion


COMPLETE_BATCH = 200  # completions per run of the job; the next run takes the rest


def complete_passed_job() -> str:
    """Scheduled (`learning.complete_passed`): complete the courses of members who passed the quiz and have every
    lesson credited but never confirmed 结课 — completion never waits for the member's tap. Idempotent (the check
    returns an existing completion) and bounded to `COMPLETE_BATCH` a run."""
    from ..selectors.courses import passed_not_completed

    completed = 0
    for member, course in passed_not_completed(COMPLETE_BATCH):
        if course_completion_check(member=member, course=course) is not None:
            completed += 1
    return f"测验已通过而未结课的学员结课 {completed} 人次"


def course_total_hours(course: Course) -> Decimal:
    """The lessons' hours plus the completion credit: what a member earns by finishing the course."""
    lessons = sum((lesson.hours for lesson in course.lessons.all()), Decimal("0"))
    return lessons + course.hours

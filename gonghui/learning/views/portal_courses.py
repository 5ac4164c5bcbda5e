"""Portal (member) views of part courses (375 px first): 学习 (the courses for me and my progress), a course (its
lessons with ✓ and progress, the quiz step, completion and certificate), a lesson (the player or the text, with
the progress bar of the server's watched seconds; static/learning/player.js resumes and beats), the heartbeat
(POST, JSON) and 我的学习 (this year's hours)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.decorators import AuthedRequest
from gonghui.core.forms import button_perform
from gonghui.members.decorators import portal_view

from ..choices import LessonKind
from ..forms.courses import BeatForm
from ..models import Lesson, StudyRecord
from ..selectors import courses as sel
from ..services import courses as svc


def _percent(record: StudyRecord | None, lesson: Lesson) -> int:
    if record is None:
        return 0
    return min(100, round(record.watched_seconds * 100 / lesson.duration_seconds))


@portal_view
def home(request: AuthedRequest) -> HttpResponse:
    member = request.member  # type: ignore[attr-defined]
    courses = list(sel.courses_for_member(member))
    progress = sel.progress_by_course(member, courses)
    items = [(c, progress[c.pk]) for c in courses]
    hours = sel.member_year_hours(member, timezone.localdate().year)
    return render(request, "learning/courses/portal_home.html", {"items": items, "hours": hours})


@portal_view
def course_detail(request: AuthedRequest, public_id: Any) -> HttpResponse:
    member = request.member  # type: ignore[attr-defined]
    course = sel.course_for_member(member, public_id)
    records = sel.records_of(member, course)
    lessons = [
        (lesson, records.get(lesson.pk), _percent(records.get(lesson.pk), lesson))
        for lesson in sel.lessons_of(course)
    ]
    all_credited = bool(lessons) and all(r is not None and r.credited_at for _, r, _ in lessons)
    quiz_passed = sel.quiz_result_passed(course, member)
    completion = sel.completion_of(member, course)
    context = {
        "course": course,
        "lessons": lessons,
        "all_credited": all_credited,
        "quiz_passed": quiz_passed,
        "ready": completion is None and all_credited and bool(quiz_passed),
        "completion": completion,
        "total_hours": svc.course_total_hours(course),
    }
    return render(request, "learning/courses/portal_course.html", context)


@portal_view
def course_complete(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """已完成测验: check the completion again (the member returns from the quiz). A GET goes to the course."""
    member = request.member  # type: ignore[attr-defined]
    course = sel.course_for_member(member, public_id)
    back = reverse("learning_portal:course_detail", args=[course.public_id])
    if request.method != "POST":
        return redirect(back)

    def check() -> Any:
        completion = svc.course_completion_check(member=member, course=course)
        if completion is None:
            raise ValidationError("还未满足结课条件：请学完全部课时并通过结课测验")
        return completion

    return button_perform(request, check, success="恭喜，您已完成本课程", back=back)


@portal_view
def lesson_detail(request: AuthedRequest, public_id: Any) -> HttpResponse:
    member = request.member  # type: ignore[attr-defined]
    lesson = sel.lesson_for_member(member, public_id)
    record = sel.record_of(member, lesson)
    lessons = list(sel.lessons_of(lesson.course))
    index = next(i for i, item in enumerate(lessons) if item.pk == lesson.pk)
    context = {
        "lesson": lesson,
        "course": lesson.course,
        "record": record,
        "percent": _percent(record, lesson),
        "resume": record.position if record else 0,
        "next_lesson": lessons[index + 1] if index + 1 < len(lessons) else None,
        "is_video": lesson.kind == LessonKind.VIDEO,
    }
    return render(request, "learning/courses/portal_lesson.html", context)


@portal_view
def lesson_beat(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """One heartbeat (POST): {position, playing} → the server's watched seconds, percent, whether credited and the
    hours (credited, else the lesson's to be credited). A GET goes to the lesson."""
    member = request.member  # type: ignore[attr-defined]
    lesson = sel.lesson_for_member(member, public_id)
    if request.method != "POST":
        return redirect("learning_portal:lesson_detail", public_id=lesson.public_id)
    form = BeatForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": "心跳数据无效"}, status=400)
    beat = svc.study_beat(
        member=member,
        lesson=lesson,
        position=form.cleaned_data["position"],
        playing=form.cleaned_data["playing"],
    )
    record = beat.record
    return JsonResponse(
        {
            "watched_seconds": record.watched_seconds,
            "percent": _percent(record, lesson),
            "credited": record.credited_at is not None,
            "hours": str(record.hours if record.credited_at is not None else lesson.hours),
            "credited_now": beat.credited_now,
            "completed": beat.completion is not None,
        }
    )


@portal_view
def mine(request: AuthedRequest) -> HttpResponse:
    member = request.member  # type: ignore[attr-defined]
    year = timezone.localdate().year
    context = {
        "year": year,
        "hours": sel.member_year_hours(member, year),
        "records": sel.credited_lessons(member, year),
        "completions": sel.completions_of(member, year),
    }
    return render(request, "learning/courses/portal_mine.html", context)

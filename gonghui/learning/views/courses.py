"""Console views of part courses: the course list (search, status and audience filters), the course form, the
course page (lessons, learners, completions per union, timeline), publish and close, the cover, lessons (add,
edit, file upload at …/media-upload/, move, delete with a confirmation page). `learning.view` reads, and
`learning.manage` on the course's union writes."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.attachments.policies import MB, VIDEO_POLICY
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for

from ..choices import CourseStatus, LessonKind
from ..forms.courses import (
    CloseForm,
    CourseFilterForm,
    CourseForm,
    CoverForm,
    LessonForm,
    MediaForm,
    MoveForm,
)
from ..models import Course, Lesson
from ..permissions import VIEW
from ..selectors import courses as sel
from ..services import courses as svc

COURSE_FIELDS = ("title", "summary", "audience", "hours", "quiz", "certificate", "open_api")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _course_url(course: Course) -> str:
    return reverse("learning:course_detail", args=[course.public_id])


@console_view(VIEW)
def course_list(request: AuthedRequest) -> HttpResponse:
    form = CourseFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    courses = sel.courses_for_user(
        request.user, q=data.get("q", ""), status=data.get("status", ""), audience=data.get("audience", "")
    )
    context = {
        "form": form,
        "page": paginate(request, courses),
        "querystring": query_without_page(request),
        "filtered": any(data.get(k) for k in ("q", "status", "audience")),
        "may_create": sel.course_orgs(request.user).exists(),
    }
    return render(request, "learning/courses/course_list.html", context)


@console_view(VIEW)
def course_create(request: AuthedRequest) -> HttpResponse:
    orgs = sel.course_orgs(request.user)
    _require(orgs.exists())
    form = CourseForm(
        posted_data(request), orgs=orgs, quizzes=sel.quiz_choices(request.user), initial={"org": orgs.first()}
    )
    done = form_perform(
        request,
        form,
        lambda data: svc.course_save(
            actor=request.user, org=data["org"], **{k: data[k] for k in COURSE_FIELDS}
        ),
        success=lambda c: f"已创建课程“{c.title}”，请添加课时",
        then=_course_url,
    )
    return done or render(request, "learning/courses/course_form.html", {"form": form, "course": None})


@console_view(VIEW)
def course_edit(request: AuthedRequest, public_id: Any) -> HttpResponse:
    course = sel.course_for_user(request.user, public_id)
    _require(sel.may_manage(request.user, course))
    initial = {k: getattr(course, k) for k in COURSE_FIELDS}
    form = CourseForm(posted_data(request), quizzes=sel.quiz_choices(request.user), initial=initial)
    cover_form = CoverForm()
    if request.method == "POST" and "cover" in request.FILES:
        cover_form = CoverForm(request.POST, request.FILES)
        done = form_perform(
            request,
            cover_form,
            lambda data: svc.course_cover_save(course=course, upload=data["cover"], actor=request.user),
            success="已更换封面图片",
            then=_course_url(course),
        )
    else:
        done = form_perform(
            request,
            form,
            lambda data: svc.course_save(
                actor=request.user, org=course.org, course=course, **{k: data[k] for k in COURSE_FIELDS}
            ),
            success="已保存",
            then=_course_url(course),
        )
    context = {"form": form, "cover_form": cover_form, "course": course}
    return done or render(request, "learning/courses/course_form.html", context)


@console_view(VIEW)
def course_detail(request: AuthedRequest, public_id: Any) -> HttpResponse:
    user = request.user
    course = sel.course_for_user(user, public_id)
    context = {
        "course": course,
        "lessons": sel.lessons_of(course),
        "may_manage": sel.may_manage(user, course),
        "figures": sel.course_figures(course),
        "unions": sel.completions_by_union(user, course),
        "total_hours": svc.course_total_hours(course),
        "timeline": timeline_for(course),
        "close_form": CloseForm(),
    }
    return render(request, "learning/courses/course_detail.html", context)


@require_POST
@console_view(VIEW)
def course_publish(request: AuthedRequest, public_id: Any) -> HttpResponse:
    course = sel.course_for_user(request.user, public_id)
    _require(sel.may_manage(request.user, course))
    return button_perform(
        request,
        lambda: svc.course_publish(course=course, actor=request.user),
        success="课程已发布，会员可在会员端“学习”中学习",
        back=_course_url(course),
    )


@console_view(VIEW)
def course_close(request: AuthedRequest, public_id: Any) -> HttpResponse:
    course = sel.course_for_user(request.user, public_id)
    _require(sel.may_manage(request.user, course) and course.status == CourseStatus.PUBLISHED)
    form = CloseForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: svc.course_close(course=course, actor=request.user, reason=data["reason"]),
        success="课程已下线",
        then=_course_url(course),
    )
    return done or render(request, "learning/courses/course_close.html", {"form": form, "course": course})


def _lesson_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": data["title"],
        "kind": data["kind"],
        "body": data.get("body") or "",
        "duration_seconds": data["minutes"] * 60,
        "hours": data["hours"],
    }


def _after_lesson(lesson: Lesson) -> str:
    if lesson.kind != LessonKind.ARTICLE and lesson.media_id is None:
        return reverse("learning:lesson_media", args=[lesson.public_id])
    return _course_url(lesson.course)


@console_view(VIEW)
def lesson_create(request: AuthedRequest, public_id: Any) -> HttpResponse:
    course = sel.course_for_user(request.user, public_id)
    _require(sel.may_manage(request.user, course))
    form = LessonForm(posted_data(request), initial={"minutes": 10, "hours": "0.5"})
    done = form_perform(
        request,
        form,
        lambda data: svc.lesson_save(actor=request.user, course=course, **_lesson_fields(data)),
        success=lambda lesson: f"已添加课时“{lesson.title}”",
        then=_after_lesson,
    )
    context = {"form": form, "course": course, "lesson": None}
    return done or render(request, "learning/courses/lesson_form.html", context)


@console_view(VIEW)
def lesson_edit(request: AuthedRequest, public_id: Any) -> HttpResponse:
    lesson = sel.lesson_for_user(request.user, public_id)
    course = lesson.course
    _require(sel.may_manage(request.user, course))
    initial = {
        "title": lesson.title,
        "kind": lesson.kind,
        "body": lesson.body,
        "minutes": max(1, round(lesson.duration_seconds / 60)),
        "hours": lesson.hours,
    }
    form = LessonForm(posted_data(request), initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: svc.lesson_save(
            actor=request.user, course=course, lesson=lesson, **_lesson_fields(data)
        ),
        success="已保存",
        then=_after_lesson,
    )
    context = {"form": form, "course": course, "lesson": lesson}
    return done or render(request, "learning/courses/lesson_form.html", context)


@console_view(VIEW)
def lesson_media(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """The video or PDF upload (…/media-upload/: the only URL nginx lets large bodies through)."""
    lesson = sel.lesson_for_user(request.user, public_id)
    course = lesson.course
    _require(sel.may_manage(request.user, course) and lesson.kind != LessonKind.ARTICLE)
    video = lesson.kind == LessonKind.VIDEO
    form = MediaForm(posted_data(request), request.FILES if request.method == "POST" else None, video=video)
    done = form_perform(
        request,
        form,
        lambda data: svc.lesson_media_save(
            lesson=lesson,
            upload=data["file"],
            actor=request.user,
            duration_seconds=(data.get("minutes") or 0) * 60 or None,
        ),
        success=lambda a: f"已上传“{a.original_name}”",
        then=_course_url(course),
    )
    context = {
        "lesson": lesson,
        "course": course,
        "form": form,
        "video": video,
        "cap_mb": VIDEO_POLICY.size_cap() // MB,
    }
    return done or render(
        request, "learning/courses/lesson_media.html", context, status=422 if form.errors else 200
    )


@require_POST
@console_view(VIEW)
def lesson_move(request: AuthedRequest, public_id: Any) -> HttpResponse:
    lesson = sel.lesson_for_user(request.user, public_id)
    _require(sel.may_manage(request.user, lesson.course))
    form = MoveForm(request.POST)
    return button_perform(
        request,
        lambda: svc.lesson_move(lesson=lesson, up=form.cleaned_data["direction"] == "up", actor=request.user),
        success="已调整顺序",
        back=_course_url(lesson.course),
        form=form,
    )


@console_view(VIEW)
def lesson_delete(request: AuthedRequest, public_id: Any) -> HttpResponse:
    lesson = sel.lesson_for_user(request.user, public_id)
    course = lesson.course
    _require(sel.may_manage(request.user, course))
    if request.method == "POST":
        return button_perform(
            request,
            lambda: svc.lesson_delete(lesson=lesson, actor=request.user),
            success=f"已删除课时“{lesson.title}”",
            back=_course_url(course),
        )
    return render(request, "learning/courses/lesson_delete.html", {"lesson": lesson, "course": course})

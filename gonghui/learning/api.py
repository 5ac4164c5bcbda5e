"""JSON API of part courses (read-only): the open courses.

`GET /api/v1/learning/courses` lists the published courses marked 在开放接口中公开, newest first, each with its
lessons' titles, forms and durations; `GET /api/v1/learning/courses/{public_id}` one of them (404 for any other
course). A bearer token needs the scope `learning:read` (a signed-in session, a console role). No member data: no learners, no records."""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.http import Http404
from ninja import Field, Router, Schema

from gonghui.accounts.api_tokens import require_scope
from gonghui.accounts.decorators import AuthedRequest, api_console_check

from .models import Course
from .selectors.courses import open_course, open_courses

router = Router(tags=["学习培训"])
READ_SCOPE = "learning:read"


class LessonOut(Schema):
    order: int = Field(description="顺序")
    title: str = Field(description="课时名称")
    kind: str = Field(description="形式代码：article 图文 / video 视频 / document 文档")
    kind_label: str = Field(description="形式名称")
    duration_seconds: int = Field(description="时长（秒）：视频时长或图文、文档的阅读时间")
    hours: Decimal = Field(description="课时学时")


class CourseOut(Schema):
    public_id: str = Field(description="课程编号（UUID）")
    title: str = Field(description="课程名称")
    summary: str = Field(description="课程简介")
    org: str = Field(description="开课工会")
    audience: str = Field(description="学习对象代码：members 会员 / cadres 工会干部")
    hours: Decimal = Field(description="结课学时（各课时学时之外另计）")
    has_quiz: bool = Field(description="是否设结课测验")
    certificate: bool = Field(description="结课是否颁发结业证书")
    published_at: dt.datetime | None = Field(description="发布时间")
    lessons: list[LessonOut] = Field(description="课时，按顺序")


def _course_out(course: Course) -> dict[str, Any]:
    return {
        "public_id": str(course.public_id),
        "title": course.title,
        "summary": course.summary,
        "org": course.org.name,
        "audience": course.audience,
        "hours": course.hours,
        "has_quiz": course.quiz_id is not None,
        "certificate": course.certificate,
        "published_at": course.published_at,
        "lessons": [
            {
                "order": lesson.order,
                "title": lesson.title,
                "kind": lesson.kind,
                "kind_label": lesson.get_kind_display(),
                "duration_seconds": lesson.duration_seconds,
                "hours": lesson.hours,
            }
            for lesson in course.lessons.all()
        ],
    }


@router.get(
    "/courses",
    response=list[CourseOut],
    operation_id="learning_open_courses",
    url_name="learning_open_courses",
    summary="开放的课程",
)
def learning_open_courses(request: AuthedRequest) -> Any:
    api_console_check(request)
    require_scope(request, READ_SCOPE)
    return [_course_out(c) for c in open_courses()]


@router.get(
    "/courses/{public_id}",
    response=CourseOut,
    operation_id="learning_open_course",
    url_name="learning_open_course",
    summary="开放的课程详情",
)
def learning_open_course(request: AuthedRequest, public_id: uuid.UUID) -> Any:
    api_console_check(request)
    require_scope(request, READ_SCOPE)
    course = open_course(public_id)
    if course is None:
        raise Http404
    return _course_out(course)

"""Parameterised routes of part courses for tests/test_permission_crawler.py. Org A's admin has a published
course of org A with one video lesson (not in the open API): the console pages name that course and lesson (org
B's admin: 404); the portal pages name the same course, which the member of org A studies."""

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.learning.tests.factories import make_course, make_lesson


@build_world("learning_courses")
def _courses_world(world):
    course = make_course(org=world.org_a, actor=world.org_admin, title="甲校师德课程")
    world.extra["learning_course_a"] = course
    world.extra["learning_lesson_a"] = make_lesson(course=course, title="甲校师德第一讲")
    world.extra.setdefault("markers", []).append("甲校师德课程")


def _course(world):
    return {"public_id": world.extra["learning_course_a"].public_id}


def _lesson(world):
    return {"public_id": world.extra["learning_lesson_a"].public_id}


for name in (
    "learning:course_detail",
    "learning:course_edit",
    "learning:course_publish",
    "learning:course_close",
    "learning:lesson_create",
):
    declare(CrawlRoute(name, params=_course))
for name in (
    "learning:lesson_edit",
    "learning:lesson_media",
    "learning:lesson_move",
    "learning:lesson_delete",
):
    declare(CrawlRoute(name, params=_lesson))
for name in ("learning_portal:course_detail", "learning_portal:course_complete"):
    declare(CrawlRoute(name, kind="portal", params=_course))
for name in ("learning_portal:lesson_detail", "learning_portal:lesson_beat"):
    declare(CrawlRoute(name, kind="portal", params=_lesson))
declare(CrawlRoute("learning_portal:home", kind="portal"))
declare(CrawlRoute("learning_portal:mine", kind="portal"))
declare(
    CrawlRoute(
        "api:learning_open_course",
        kind="unfillable",
        reason="开放课程接口：凡持 learning:read 的令牌均可读取任一开放课程（公开设计，不按工会划分）；"
        "401/403/404 由 learning/tests/test_courses_views.py 检查",
    )
)

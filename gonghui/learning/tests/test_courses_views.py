"""Courses pages: the console's three actors (org A's admin, its member, org B's admin), writing a course and its
lessons (publish needs a lesson, delete asks first and refuses a studied lesson), the member's portal pages and
heartbeat, the open-courses API and who may open a lesson's file."""

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.api_tokens import api_token_create
from gonghui.learning.choices import CourseStatus
from gonghui.learning.models import Course, Lesson, StudyRecord
from gonghui.learning.registrations.courses import _lesson_file
from gonghui.learning.tests.factories import make_course, make_lesson

pytestmark = pytest.mark.django_db


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_console_pages_for_three_actors(world):
    course = make_course(org=world.org_a, actor=world.org_admin, title="甲校师德课程")
    lesson = make_lesson(course=course)
    detail = reverse("learning:course_detail", args=[course.public_id])
    edit = reverse("learning:lesson_edit", args=[lesson.public_id])
    admin, member, outsider = _client(world.org_admin), _client(world.org_member), _client(world.outsider)
    listing = admin.get(reverse("learning:course_list"), {"q": "师德", "status": "published"})
    assert "甲校师德课程" in listing.content.decode()
    assert admin.get(detail).status_code == 200
    assert admin.get(edit).status_code == 200
    assert member.get(detail).status_code == 403
    assert outsider.get(detail).status_code == 404
    assert outsider.get(edit).status_code == 404
    assert "甲校师德课程" not in outsider.get(reverse("learning:course_list")).content.decode()


def test_admin_writes_a_course_publish_needs_a_lesson(world):
    admin = _client(world.org_admin)
    response = admin.post(
        reverse("learning:course_create"),
        {"org": world.org_a.pk, "title": "工会法学习", "audience": "members", "hours": "1.0"},
    )
    course = Course.objects.get(title="工会法学习")
    assert response.status_code == 302
    publish = reverse("learning:course_publish", args=[course.public_id])
    admin.post(publish)
    course.refresh_from_db()
    assert course.status == CourseStatus.DRAFT  # no lesson yet
    admin.post(
        reverse("learning:lesson_create", args=[course.public_id]),
        {"title": "第一讲", "kind": "article", "body": "工会法全文学习", "minutes": "5", "hours": "0.5"},
    )
    lesson = Lesson.objects.get(course=course)
    assert lesson.duration_seconds == 300
    admin.post(publish)
    course.refresh_from_db()
    assert course.status == CourseStatus.PUBLISHED
    assert _client(world.outsider).post(publish).status_code == 404


def test_lesson_delete_asks_first_and_refuses_a_studied_lesson(world):
    course = make_course(org=world.org_a, actor=world.org_admin, status=CourseStatus.DRAFT)
    first, second = make_lesson(course=course, order=1), make_lesson(course=course, order=2)
    admin = _client(world.org_admin)
    url = reverse("learning:lesson_delete", args=[first.public_id])
    assert "确认删除" in admin.get(url).content.decode()
    assert Lesson.objects.filter(pk=first.pk).exists()  # the GET changed nothing
    StudyRecord.objects.create(member=world.member_a, org=world.org_a, lesson=second)
    admin.post(reverse("learning:lesson_delete", args=[second.public_id]))
    assert Lesson.objects.filter(pk=second.pk).exists()
    admin.post(url)
    assert list(course.lessons.values_list("pk", "order")) == [(second.pk, 1)]


def test_member_studies_on_the_portal(world):
    course = make_course(org=world.city, actor=world.org_admin, title="工会法学习")
    lesson = make_lesson(course=course, title="第一讲 总则")
    member = _client(world.org_member)
    assert "工会法学习" in member.get(reverse("learning_portal:home")).content.decode()
    assert (
        "第一讲 总则"
        in member.get(reverse("learning_portal:course_detail", args=[course.public_id])).content.decode()
    )
    page = member.get(reverse("learning_portal:lesson_detail", args=[lesson.public_id])).content.decode()
    assert "learning/player.js" in page
    beat_url = reverse("learning_portal:lesson_beat", args=[lesson.public_id])
    assert member.get(beat_url).status_code == 302  # a GET writes nothing
    answer = member.post(beat_url, {"position": "0", "playing": "on"}).json()
    assert answer == {
        "watched_seconds": 0,
        "percent": 0,
        "credited": False,
        "hours": "0.5",  # the lesson's, credited at 90 %
        "credited_now": False,
        "completed": False,
    }
    assert StudyRecord.objects.get(lesson=lesson).last_beat_position == 0
    assert member.post(beat_url, {"position": "abc"}).status_code == 400
    assert (
        _client(world.org_admin).get(reverse("learning_portal:home")).status_code == 403
    )  # no member record
    assert member.get(reverse("learning_portal:mine")).status_code == 200


def test_open_courses_api(world):
    shown = make_course(org=world.city, actor=world.org_admin, title="公开课程", open_api=True)
    make_lesson(course=shown, title="公开第一讲", duration_seconds=754)
    internal = make_course(org=world.city, actor=world.org_admin, title="内部课程")
    _token, secret = api_token_create(user=world.org_admin, name="豫工惠", scopes=["learning:read"])
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    listing = client.get("/api/v1/learning/courses").json()
    assert [c["title"] for c in listing] == ["公开课程"]
    assert listing[0]["lessons"][0]["title"] == "公开第一讲"
    assert listing[0]["lessons"][0]["duration_seconds"] == 754
    assert client.get(f"/api/v1/learning/courses/{shown.public_id}").status_code == 200
    assert client.get(f"/api/v1/learning/courses/{internal.public_id}").status_code == 404
    _token, narrow = api_token_create(user=world.org_admin, name="其他", scopes=["me:read"])
    assert (
        Client(headers={"Authorization": f"Bearer {narrow}"}).get("/api/v1/learning/courses").status_code
        == 403
    )
    assert Client().get("/api/v1/learning/courses").status_code == 401


def test_lesson_file_access(world):
    lesson = make_lesson(course=make_course(org=world.org_a, actor=world.org_admin))
    assert _lesson_file(world.org_admin, lesson)
    assert _lesson_file(world.org_member, lesson)
    assert not _lesson_file(world.outsider, lesson)

"""Courses: the heartbeat rule (the server's clock measures; seeks, skips, jumps back, long pauses and re-watching
add nothing; 90 % credits once), completion with and without a quiz, the job that completes a passed course never
confirmed, the audience, the MP4 duration."""

import datetime as dt
import io
import struct
from decimal import Decimal

import pytest
import time_machine

from conftest import make_member_user
from gonghui.accounts.roles import UNION_STAFF
from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.attachments.tests.media_files import mp4
from gonghui.certificates.models import Certificate
from gonghui.core.registry import scheduled_jobs
from gonghui.learning.choices import CourseAudience, CourseStatus, LessonKind
from gonghui.learning.models import CourseCompletion, StudyRecord
from gonghui.learning.selectors.courses import (
    CourseProgress,
    courses_for_member,
    member_year_hours,
    my_hours_figure,
    progress_by_course,
)
from gonghui.learning.services.courses import (
    complete_passed_job,
    course_completion_check,
    mp4_duration,
    study_beat,
)
from gonghui.learning.tests.factories import make_course, make_lesson
from gonghui.quizzes.tests.factories import make_activity, make_bank

from .factories_courses import make_course_with_lessons, quiz_result

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)


class Player:
    """Beats of one member on one lesson, with the server clock moved between them."""

    def __init__(self, member, lesson, traveller):
        self.member, self.lesson, self.traveller = member, lesson, traveller

    def beat(self, position, *, after=10, playing=True):
        self.traveller.shift(dt.timedelta(seconds=after))
        return study_beat(member=self.member, lesson=self.lesson, position=position, playing=playing)

    def play(self, start, end, *, step=10):
        """Normal play from `start` to `end`, a beat every `step` seconds of wall time."""
        beats = [self.beat(start, after=0)]
        position = start
        while position < end:
            position = min(end, position + step)
            beats.append(self.beat(position, after=step))
        return beats

    @property
    def record(self):
        return StudyRecord.objects.get(member=self.member, lesson=self.lesson)


@pytest.fixture
def player(world):
    _course, (lesson,) = make_course_with_lessons(
        org=world.org_a, actor=world.org_admin, duration_seconds=100
    )
    with time_machine.travel(START, tick=False) as traveller:
        yield Player(world.member_a, lesson, traveller)


def test_normal_play_credits_the_lesson_once_at_the_end(player):
    beats = player.play(0, 100)
    record = player.record
    assert record.watched == [[0, 100]]
    assert record.watched_seconds == 100
    assert record.credited_at == START + dt.timedelta(seconds=90)  # the beat that reached 90 %
    assert record.hours == Decimal("0.5")
    assert [b.credited_now for b in beats].count(True) == 1


def test_seek_forward_credits_nothing_and_becomes_the_reference(player):
    player.beat(0, after=0)
    assert player.beat(60, after=10).added == 0  # 60 s of video in 10 s of wall time: a seek
    assert player.record.watched_seconds == 0
    assert player.beat(70, after=10).added == 10  # play continues from the new reference
    assert player.record.watched == [[60, 70]]


def test_skipping_to_the_end_and_waiting_credits_nothing(player):
    player.beat(0, after=0)
    player.beat(100, after=2)  # dragged to the end
    for _ in range(12):  # two minutes on the last frame
        player.beat(100, after=10)
    record = player.record
    assert record.watched_seconds == 0
    assert record.credited_at is None


def test_rewatching_and_jumping_back_add_nothing(player):
    player.play(0, 50)
    assert player.beat(0, after=10).added == 0  # jump back: only a new reference
    player.play(0, 50)
    record = player.record
    assert record.watched == [[0, 50]]
    assert record.watched_seconds == 50


def test_a_pause_longer_than_thirty_seconds_or_faster_play_credits_nothing(player):
    player.beat(10, after=0)
    assert player.beat(40, after=31).added == 0  # the tab slept: no reference any more
    assert player.beat(55, after=10).added == 0  # 15 s in 10 s: past 10 × 1.25 + 2
    assert player.beat(69, after=10).added == 14  # 14 s in 10 s: within the slack
    assert player.record.watched == [[55, 69]]


def test_eighty_nine_percent_does_not_credit_ninety_does(player):
    player.play(0, 80)
    player.beat(89, after=9)
    assert player.record.watched_seconds == 89
    assert player.record.credited_at is None
    beat = player.beat(90, after=1)
    assert beat.credited_now
    assert player.record.credited_at is not None
    assert player.record.hours == Decimal("0.5")


def test_credit_happens_once_however_often_the_lesson_is_watched(player):
    player.play(0, 100)
    first = player.record.credited_at
    later = [*player.play(0, 100), *player.play(0, 100)]
    assert not any(b.credited_now for b in later)
    assert player.record.credited_at == first
    assert StudyRecord.objects.filter(lesson=player.lesson).count() == 1


def test_a_hidden_reading_page_does_not_accrue(world):
    course = make_course(org=world.org_a, actor=world.org_admin)
    lesson = make_lesson(course=course, kind=LessonKind.ARTICLE, duration_seconds=60)
    with time_machine.travel(START, tick=False) as traveller:
        reader = Player(world.member_a, lesson, traveller)
        reader.play(0, 20)
        # the page is hidden for five minutes: no beats; the counter did not run, the next beat comes late
        assert reader.beat(30, after=300).added == 0
        reader.beat(40, after=10)
    assert reader.record.watched == [[0, 20], [30, 40]]
    assert reader.record.credited_at is None


def test_completion_without_quiz_gives_hours_and_certificate(world):
    course, lessons = make_course_with_lessons(
        org=world.org_a, actor=world.org_admin, lessons=2, hours=Decimal("1.0"), certificate=True
    )
    with time_machine.travel(START, tick=False) as traveller:
        Player(world.member_a, lessons[0], traveller).play(0, 100)
        assert not CourseCompletion.objects.exists()
        beats = Player(world.member_a, lessons[1], traveller).play(0, 100)
    completion = CourseCompletion.objects.get(member=world.member_a, course=course)
    assert any(b.completion == completion for b in beats)
    assert completion.hours == Decimal("1.0")
    assert completion.certificate is not None
    certificate = completion.certificate
    assert certificate.kind == "learning.course"
    assert certificate.data == {"hours": "2.0"}  # two lessons of 0.5 and the completion's 1.0
    assert course_completion_check(member=world.member_a, course=course) == completion  # idempotent
    assert Certificate.objects.filter(kind="learning.course").count() == 1
    hours = member_year_hours(world.member_a, 2026)
    assert (hours.lessons, hours.courses, hours.total) == (Decimal("1.0"), Decimal("1.0"), Decimal("2.0"))
    assert my_hours_figure(world.org_member) == "本年已计入 2.0 学时"


def test_completion_with_quiz_needs_the_members_passed_result(world):
    quiz = make_activity(world.city, make_bank(world.city, shared=True))
    course, (lesson,) = make_course_with_lessons(org=world.org_a, actor=world.org_admin, quiz=quiz)
    with time_machine.travel(START, tick=False) as traveller:
        beats = Player(world.member_a, lesson, traveller).play(0, 100)
    assert any(b.credited_now for b in beats)
    assert course_completion_check(member=world.member_a, course=course) is None  # no attempt yet
    result = quiz_result(activity=quiz, member=world.member_a, passed=False)
    assert course_completion_check(member=world.member_a, course=course) is None
    result.passed = True
    result.save()
    completion = course_completion_check(member=world.member_a, course=course)
    assert completion is not None
    assert completion.certificate is None  # the course gives none


def test_the_job_completes_a_passed_course_the_member_never_confirmed(world):
    quiz = make_activity(world.city, make_bank(world.city, shared=True))
    course, lessons = make_course_with_lessons(org=world.org_a, actor=world.org_admin, lessons=2, quiz=quiz)
    _user, other = make_member_user("13900000077", world.org_a, name="李四")
    with time_machine.travel(START, tick=False) as traveller:
        for lesson in lessons:
            Player(world.member_a, lesson, traveller).play(0, 100)
        Player(other, lessons[0], traveller).play(0, 100)  # one lesson of two
    quiz_result(activity=quiz, member=other, passed=True)
    result = quiz_result(activity=quiz, member=world.member_a, passed=False)
    assert complete_passed_job() == "测验已通过而未结课的学员结课 0 人次"
    result.passed = True
    result.save()

    def progress(member):
        courses = list(courses_for_member(member))
        return progress_by_course(member, courses)[course.pk]

    assert progress(world.member_a) == CourseProgress(credited=2, completed=False, ready=True)  # 请确认结课
    assert progress(other) == CourseProgress(credited=1, completed=False, ready=False)
    assert complete_passed_job() == "测验已通过而未结课的学员结课 1 人次"
    assert complete_passed_job() == "测验已通过而未结课的学员结课 0 人次"  # idempotent
    assert CourseCompletion.objects.get(course=course).member == world.member_a
    assert progress(world.member_a) == CourseProgress(credited=2, completed=True, ready=False)
    assert "learning.complete_passed" in scheduled_jobs


def test_cadre_courses_are_hidden_from_plain_members(world):
    members_course = make_course(org=world.city, actor=world.org_admin, title="工会法学习")
    cadre_course = make_course(
        org=world.county_x, actor=world.org_admin, title="基层工会主席必修", audience=CourseAudience.CADRES
    )
    make_course(org=world.org_b, actor=world.outsider, title="乙院课程")  # not on member A's path
    make_course(org=world.org_a, actor=world.org_admin, title="草稿课程", status=CourseStatus.DRAFT)
    assert list(courses_for_member(world.member_a)) == [members_course]
    user, cadre_member = make_member_user("13700003333", world.org_a, name="甲干部")
    RoleGrantFactory.create(user=user, role=UNION_STAFF, org=world.org_a)
    assert set(courses_for_member(cadre_member)) == {members_course, cadre_course}


def _mvhd_mp4(seconds: int, *, version: int = 0) -> bytes:
    if version == 0:
        body = b"\x00\x00\x00\x00" + struct.pack(">III", 0, 0, 600) + struct.pack(">I", seconds * 600)
    else:
        body = b"\x01\x00\x00\x00" + struct.pack(">QQI", 0, 0, 1000) + struct.pack(">Q", seconds * 1000)
    mvhd = struct.pack(">I", 8 + len(body) + 80) + b"mvhd" + body + b"\x00" * 80
    moov = struct.pack(">I", 8 + len(mvhd)) + b"moov" + mvhd
    return mp4() + moov  # moov after mdat, as a camera writes it


def test_mp4_duration_is_read_from_the_movie_header():
    assert mp4_duration(io.BytesIO(_mvhd_mp4(754))) == 754
    assert mp4_duration(io.BytesIO(_mvhd_mp4(3600, version=1))) == 3600
    assert mp4_duration(io.BytesIO(mp4())) is None  # no moov: the form asks for the duration
    assert mp4_duration(io.BytesIO(b"\x00\x00\x00\x04junk")) is None

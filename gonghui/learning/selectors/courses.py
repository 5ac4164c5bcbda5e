"""Selectors of part courses: the console's courses (through `visible_to`), the member's courses (published
courses of the unions on the member's path; cadre courses only for a member who holds a console role), study
records, completions and the hours a member earned in a year (课时学时 + 结课学时; the classes part adds its own)."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from gonghui.accounts.scoping import action_paths, has_action, is_cadre
from gonghui.core.statistics import shown_count
from gonghui.members.models import Member
from gonghui.members.selectors.registry import member_for_user
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Org
from gonghui.quizzes.models import VIEW as QUIZ_VIEW
from gonghui.quizzes.models import ActivityResult, QuizActivity

from ..choices import CourseAudience, CourseStatus
from ..models import Course, CourseCompletion, Lesson, StudyRecord
from ..permissions import MANAGE, VIEW


# --- console ------------------------------------------------------------------------------------------------
def courses_for_user(user: Any, *, q: str = "", status: str = "", audience: str = "") -> QuerySet[Course]:
    courses = (
        Course.objects.visible_to(user, VIEW)
        .select_related("org")
        .annotate(lesson_count=Count("lessons"))
        .order_by("-published_at", "-created_at", "-pk")
    )
    if q:
        courses = courses.filter(Q(title__icontains=q) | Q(summary__icontains=q))
    if status:
        courses = courses.filter(status=status)
    if audience:
        courses = courses.filter(audience=audience)
    return courses


def course_for_user(user: Any, public_id: Any) -> Course:
    return Course.objects.select_related("org", "quiz", "cover").get_visible_or_404(
        user, VIEW, public_id=public_id
    )


def lesson_for_user(user: Any, public_id: Any) -> Lesson:
    return Lesson.objects.select_related("course", "course__org", "media").get_visible_or_404(
        user, VIEW, public_id=public_id
    )


def course_orgs(user: Any) -> QuerySet[Org]:
    """Unions the user may create a course for."""
    return Org.objects.visible_to(user, MANAGE).filter(status=OrgStatus.ACTIVE)


def quiz_choices(user: Any) -> QuerySet[QuizActivity]:
    """答题活动 the user may see, for a course's final quiz (the service keeps those of the course's union or
    above)."""
    return QuizActivity.objects.visible_to(user, QUIZ_VIEW).select_related("org").order_by("-pk")


def may_manage(user: Any, course: Course) -> bool:
    return has_action(user, MANAGE, course.org)


def lessons_of(course: Course) -> QuerySet[Lesson]:
    return course.lessons.select_related("media").order_by("order", "pk")


@dataclass(frozen=True)
class UnionRow:
    org: Org
    learners: str
    completions: str


def course_figures(course: Course) -> dict[str, str]:
    """Learners (members with a study record) and completions, as counts about people ("<10")."""
    learners = StudyRecord.objects.filter(lesson__course=course).values("member").distinct().count()
    return {"learners": shown_count(learners), "completions": shown_count(course.completions.count())}


def completions_by_union(user: Any, course: Course) -> list[UnionRow]:
    """Learners and completions per union of the learners (the unions the user may see), counts through
    `shown_count`."""
    paths = action_paths(user, VIEW)
    scope = Q()
    for path in paths:
        scope |= Q(org__path__startswith=path)
    if not paths:
        return []
    learners = dict(
        StudyRecord.objects.filter(scope, lesson__course=course)
        .values("org")
        .annotate(n=Count("member", distinct=True))
        .values_list("org", "n")
    )
    done = dict(
        CourseCompletion.objects.filter(scope, course=course)
        .values("org")
        .annotate(n=Count("pk"))
        .values_list("org", "n")
    )
    orgs = Org.objects.filter(pk__in=set(learners) | set(done)).order_by("path")
    return [
        UnionRow(
            org=o, learners=shown_count(learners.get(o.pk, 0)), completions=shown_count(done.get(o.pk, 0))
        )
        for o in orgs
    ]


# --- open API -------------------------------------------------------------------------------------------------
OPEN_API_LIMIT = 200


def open_courses() -> list[Course]:
    """Published courses marked for the open API, newest first, with their lessons (the API's list)."""
    courses = (
        Course.objects.filter(status=CourseStatus.PUBLISHED, open_api=True)
        .select_related("org")
        .prefetch_related(Prefetch("lessons", queryset=Lesson.objects.order_by("order", "pk")))
    )
    return list(courses[:OPEN_API_LIMIT])


def open_course(public_id: Any) -> Course | None:
    return (
        Course.objects.filter(status=CourseStatus.PUBLISHED, open_api=True, public_id=public_id)
        .select_related("org")
        .prefetch_related(Prefetch("lessons", queryset=Lesson.objects.order_by("order", "pk")))
        .first()
    )


# --- portal ---------------------------------------------------------------------------------------------------
def courses_for_member(member: Member) -> QuerySet[Course]:
    """Published courses of the member's union and the unions above it; 工会干部 courses only when the member's
    account holds a console role."""
    courses = Course.objects.filter(
        status=CourseStatus.PUBLISHED, org__path__in=member.org.ancestor_paths()
    ).select_related("org", "cover")
    if member.user is None or not is_cadre(member.user):
        courses = courses.filter(audience=CourseAudience.MEMBERS)
    return courses.annotate(lesson_count=Count("lessons")).order_by("-published_at", "-pk")


def course_for_member(member: Member, public_id: Any) -> Course:
    course = courses_for_member(member).filter(public_id=public_id).first()
    if course is None:
        raise Http404
    return course


def lesson_for_member(member: Member, public_id: Any) -> Lesson:
    lesson = (
        Lesson.objects.filter(public_id=public_id, course__in=courses_for_member(member).values("pk"))
        .select_related("course", "course__org", "media")
        .first()
    )
    if lesson is None:
        raise Http404
    return lesson


def user_may_study(user: Any, course: Course) -> bool:
    member = member_for_user(user)
    return member is not None and courses_for_member(member).filter(pk=course.pk).exists()


def records_of(member: Member, course: Course) -> dict[int, StudyRecord]:
    """The member's records of the course's lessons, by lesson id."""
    return {r.lesson_id: r for r in StudyRecord.objects.filter(member=member, lesson__course=course)}


def record_of(member: Member, lesson: Lesson) -> StudyRecord | None:
    return StudyRecord.objects.filter(member=member, lesson=lesson).first()


def completion_of(member: Member, course: Course) -> CourseCompletion | None:
    return CourseCompletion.objects.filter(member=member, course=course).select_related("certificate").first()


@dataclass(frozen=True)
class CourseProgress:
    """The member's progress in a course on the 学习 home: lessons credited, completed, and `ready` — every lesson
    credited and the quiz passed, only 结课 to confirm (the job `learning.complete_passed` does it too)."""

    credited: int
    completed: bool
    ready: bool


def progress_by_course(member: Member, courses: list[Course]) -> dict[int, CourseProgress]:
    """The member's CourseProgress per course id (three queries, whatever the number of courses)."""
    credited = dict(
        StudyRecord.objects.filter(member=member, lesson__course__in=courses, credited_at__isnull=False)
        .values("lesson__course")
        .annotate(n=Count("pk"))
        .values_list("lesson__course", "n")
    )
    done = set(
        CourseCompletion.objects.filter(member=member, course__in=courses).values_list("course_id", flat=True)
    )
    quizzes = {c.quiz_id for c in courses if c.quiz_id is not None}
    passed = set(
        ActivityResult.objects.filter(member=member, activity_id__in=quizzes, passed=True).values_list(
            "activity_id", flat=True
        )
        if quizzes
        else []
    )
    progress = {}
    for c in courses:
        n = credited.get(c.pk, 0)
        lessons: int = getattr(c, "lesson_count", 0) or 0  # courses_for_member annotates it
        all_credited = lessons > 0 and n >= lessons
        ready = c.pk not in done and all_credited and c.quiz_id in passed
        progress[c.pk] = CourseProgress(credited=n, completed=c.pk in done, ready=ready)
    return progress


def passed_not_completed(limit: int) -> list[tuple[Member, Course]]:
    """For the job `learning.complete_passed`: (member, course) pairs, at most `limit`, of a member holding a passed
    result of the course's quiz, every lesson of the course credited, and no completion yet."""
    pairs: list[tuple[Member, Course]] = []
    courses = (
        Course.objects.filter(quiz__isnull=False)
        .exclude(status=CourseStatus.DRAFT)
        .annotate(lesson_total=Count("lessons"))
        .filter(lesson_total__gt=0)
        .order_by("pk")
    )
    for course in courses:
        done = CourseCompletion.objects.filter(course=course).values("member_id")
        passed = ActivityResult.objects.filter(activity_id=course.quiz_id, passed=True).exclude(
            member_id__in=done
        )
        member_ids = list(
            StudyRecord.objects.filter(
                lesson__course=course,
                credited_at__isnull=False,
                member_id__in=passed.values("member_id"),
            )
            .values("member_id")
            .annotate(n=Count("pk"))
            .filter(n__gte=course.lesson_total)  # type: ignore[attr-defined]
            .order_by("member_id")
            .values_list("member_id", flat=True)[: limit - len(pairs)]
        )
        pairs += [(member, course) for member in Member.objects.filter(pk__in=member_ids).order_by("pk")]
        if len(pairs) >= limit:
            break
    return pairs


def quiz_result_passed(course: Course, member: Member) -> bool | None:
    """None when the course has no quiz; else whether the member's best attempt passed."""
    from gonghui.quizzes.selectors import member_result

    if course.quiz is None:
        return None
    result = member_result(course.quiz, member)
    return result is not None and result.passed


# --- hours ----------------------------------------------------------------------------------------------------
def _one_place(value: Decimal | None) -> Decimal:
    """Hours as stored (one decimal place); SQLite's SUM loses the scale."""
    return Decimal(value or 0).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class YearHours:
    year: int
    lessons: Decimal
    courses: Decimal

    @property
    def total(self) -> Decimal:
        return self.lessons + self.courses


def member_year_hours(member: Member, year: int) -> YearHours:
    """课时学时 (lessons credited in `year`) and 结课学时 (courses completed in `year`)."""
    lessons = StudyRecord.objects.filter(
        member=member, credited_at__year=year, credited_at__isnull=False
    ).aggregate(h=Sum("hours"))["h"]
    courses = CourseCompletion.objects.filter(member=member, completed_at__year=year).aggregate(
        h=Sum("hours")
    )["h"]
    return YearHours(year=year, lessons=_one_place(lessons), courses=_one_place(courses))


def credited_lessons(member: Member, year: int) -> QuerySet[StudyRecord]:
    return (
        StudyRecord.objects.filter(member=member, credited_at__year=year)
        .select_related("lesson", "lesson__course")
        .order_by("-credited_at")
    )


def completions_of(member: Member, year: int) -> QuerySet[CourseCompletion]:
    return (
        CourseCompletion.objects.filter(member=member, completed_at__year=year)
        .select_related("course", "certificate")
        .order_by("-completed_at")
    )


def study_hours_by_member(
    *, year: int, members: QuerySet[Member] | None = None
) -> dict[int, tuple[Decimal, Decimal]]:
    """(课时学时, 结课学时) per member id for `year`, for the hours report of the classes part."""
    records = StudyRecord.objects.filter(credited_at__year=year)
    completions = CourseCompletion.objects.filter(completed_at__year=year)
    if members is not None:
        records = records.filter(member__in=members)
        completions = completions.filter(member__in=members)
    lesson_hours = dict(records.values("member").annotate(h=Sum("hours")).values_list("member", "h"))
    course_hours = dict(completions.values("member").annotate(h=Sum("hours")).values_list("member", "h"))
    return {
        m: (_one_place(lesson_hours.get(m)), _one_place(course_hours.get(m)))
        for m in set(lesson_hours) | set(course_hours)
    }


def my_hours_figure(user: Any) -> str | None:
    """The 我的 page's line 学习学时: this year's lesson and course hours, hidden when nothing was credited."""
    member = member_for_user(user)
    if member is None:
        return None
    hours = member_year_hours(member, timezone.localdate().year)
    if not hours.total:
        return None
    return f"本年已计入 {hours.total} 学时"

"""Demo 学习培训 of the city union (焦作市教科文卫体工会), made through the services as the demo cadres and members;
rows of a past day are written under `demo_clock` (texts in demo_texts.py):

- The course 学习2021年修订的《工会法》 (`shi_admin`): three 图文 lessons and a PDF 文档 lesson (no video: the demo
  has no video encoder at hand), 0.5 学时 each, a 结课测验 (a quizzes activity drawing five of six questions) worth
  1.0 学时 more, and a 结业证书. Three members of the tree studied every lesson (server heartbeats, a beat every
  15 s of the moved clock), passed the quiz and hold the certificate; the README member 13900000001 is part-way:
  the first lesson credited, the second half read.
- The cadre course 基层工会干部履职必修 (three 图文 lessons, for cadres).
- 2020年全市教科文卫体系统基层工会干部培训班: 24 seats split two per county union through the quotas block,
  six cadres nominated by 解放区, 山阳区 and 博爱县 and admitted, three sessions with check-ins (one trainee missed
  one), hours from the check-ins, assessments (two 优秀), certificates, 已结业.
- Next year's 基层工会主席履职能力培训班, open for nomination (two seats per county: `jfq_admin` can nominate; 山阳区
  has nominated one).
- Ten 业务指导 questions of grassroots cadres (`jfq01_admin`, `ss01_admin` …) to their county union or the city
  union on 会费, 经费, 换届, 职代会 and 会员管理: eight answered, seven shared to the 业务知识库 without the asker,
  one closed by its asker, two still open.

Idempotent block by block: a course, class or question of the same title is not made again."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gonghui.accounts.demo import demo_clock
from gonghui.accounts.models import User
from gonghui.checkins.services import checkin_manual
from gonghui.members.choices import HOLDING_STATUSES
from gonghui.members.models import Member
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.targeting import OrgTarget, TargetKind
from gonghui.quizzes.choices import SubmitReason
from gonghui.quizzes.models import Question, QuestionBank, QuizActivity
from gonghui.quizzes.services import (
    ActivitySpec,
    activity_create,
    activity_publish,
    attempt_answer_save,
    attempt_start,
    attempt_submit,
    bank_create,
    question_create,
)
from gonghui.quotas.selectors import allocation_of
from gonghui.quotas.services import quota_allocate

from .choices import AssessmentResult, CourseAudience, LessonKind
from .demo_texts import (
    CADRE_COURSE_SUMMARY,
    CADRE_COURSE_TITLE,
    CADRE_LESSONS,
    CLASS_2020_AUDIENCE,
    CLASS_2020_PROGRAMME,
    CLASS_2020_SESSIONS,
    CLASS_2020_TITLE,
    CLASS_NEXT_PROGRAMME,
    CLASS_NEXT_TITLE,
    CLASS_PLACE,
    LAW_BANK_NAME,
    LAW_COURSE_HOURS,
    LAW_COURSE_SUMMARY,
    LAW_COURSE_TITLE,
    LAW_LESSONS,
    LAW_QUESTIONS,
    LAW_QUIZ_CATEGORY,
    LAW_QUIZ_DRAW,
    LAW_QUIZ_TITLE,
    POSTS,
    QUESTIONS,
)
from .models import Course, GuidanceQuestion, Lesson, Trainee, TrainingClass
from .services.classes import (
    class_close,
    class_create,
    class_finish,
    class_publish,
    session_create,
    trainee_admit,
    trainee_assess,
    trainee_nominate,
)
from .services.courses import (
    course_completion_check,
    course_publish,
    course_save,
    lesson_media_save,
    lesson_save,
    study_beat,
)
from .services.guidance import question_answer, question_ask, question_close, question_share

ROOT_CODE = "JZJKWT"
ADMIN = "shi_admin"
QUIZ_ORGANISER = "admin"  # the quizzes demo's organiser (the built-in union roles do not carry quizzes.*)
DEMO_MEMBER_PHONE = "13900000001"
DATA = Path(__file__).resolve().parent / "demo_data"
BEAT = 15  # seconds between two heartbeats of the demo's readers
GRADUATES = 3  # members who finished the 工会法 course
CLASS_COUNTIES = ("JFQ", "SYQ", "BAX")  # the counties whose cadres sat the 2020 class
PER_COUNTY = 2
ABSENT = (5, 2)  # (trainee index, session index): the one missed session of the 2020 class
EXCELLENT = (0, 3)  # the trainees assessed 优秀
NEXT_NOMINATOR = "SYQ"


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _admin_of(code: str) -> User | None:
    return User.objects.filter(username=f"{code.lower()}_admin").first()


# ---- courses -----------------------------------------------------------------------------------------------------


def _lessons(course: Course, actor: User, rows: tuple[tuple[str, str, int, str, str], ...]) -> list[Lesson]:
    lessons: list[Lesson] = []
    for title, kind, minutes, hours, text in rows:
        document = kind == LessonKind.DOCUMENT
        lesson = lesson_save(
            actor=actor,
            course=course,
            title=title,
            kind=kind,
            duration_seconds=minutes * 60,
            hours=Decimal(hours),
            body="" if document else text,
        )
        if document:
            upload = SimpleUploadedFile(text, (DATA / text).read_bytes(), content_type="application/pdf")
            lesson_media_save(lesson=lesson, upload=upload, actor=actor)
            lesson.refresh_from_db()
        lessons.append(lesson)
    return lessons


def _quiz(root: Org, organiser: User, opens: dt.datetime) -> QuizActivity:
    """The course's 结课测验: a bank of its own and an activity open for a year to the whole tree, published
    quietly (like the quizzes demo: the demo does not fill 3,000 inboxes with the opening notice)."""
    bank = QuestionBank.objects.filter(org=root, name=LAW_BANK_NAME).first() or bank_create(
        org=root,
        name=LAW_BANK_NAME,
        actor=organiser,
        shared_with_subtree=True,
        description="2021年修订工会法学习课程的结课测验题",
    )
    for qtype, stem, options, answer, explanation in LAW_QUESTIONS:
        if not Question.objects.filter(bank=bank, stem=stem).exists():
            question_create(
                bank=bank,
                actor=organiser,
                type=qtype,
                stem=stem,
                options=options,
                answer=answer,
                explanation=explanation,
                category=LAW_QUIZ_CATEGORY,
                source="演示原创",
            )
    spec = ActivitySpec(
        title=LAW_QUIZ_TITLE,
        description="学完“学习2021年修订的《中华人民共和国工会法》”各课时后参加，60 分及格。",
        starts_at=opens,
        ends_at=opens + dt.timedelta(days=365),
        banks=[bank],
        draw_rules=[{"category": LAW_QUIZ_CATEGORY, "count": LAW_QUIZ_DRAW}],
        targets=[OrgTarget(kind=TargetKind.SUBTREE, org_id=root.pk)],
        points_per_question=20,
        pass_mark=60,
        excellent_mark=100,
        attempts_per_day=3,
    )
    activity = activity_create(org=root, spec=spec, actor=organiser)
    QuizActivity.objects.filter(pk=activity.pk).update(opened_notified_at=F("starts_at"))
    activity_publish(activity=activity, actor=organiser)
    activity.refresh_from_db()
    return activity


def _read(member: Member, lesson: Lesson, start: dt.datetime, until: int) -> dt.datetime:
    """Heartbeats of `member` reading `lesson` from the beginning to `until` seconds, one every `BEAT` seconds of
    the moved clock; returns the time after the last beat."""
    moment = start
    position = 0
    while True:
        with demo_clock(moment):
            study_beat(member=member, lesson=lesson, position=position)
        if position >= until:
            return moment
        position = min(position + BEAT, until)
        moment += dt.timedelta(seconds=BEAT)


def _quiz_pass(activity: QuizActivity, member: Member, moment: dt.datetime) -> None:
    with demo_clock(moment):
        now = timezone.now()
        attempt = attempt_start(activity=activity, member=member, now=now)
        questions = {q.pk: q for q in Question.objects.filter(id__in=attempt.question_ids)}
        for qid in attempt.question_ids:
            question = questions[qid]
            chosen = [question.answer] if question.type in ("judge", "single") else list(question.answer)
            attempt_answer_save(attempt=attempt, question_id=qid, chosen=chosen, now=now)
    with demo_clock(moment + dt.timedelta(minutes=4)):
        attempt_submit(attempt=attempt, reason=SubmitReason.MANUAL, now=timezone.now())


def _learners(root: Org, count: int) -> list[Member]:
    """Members with a login from different unions of the tree (the README's other personas left alone)."""
    unions = Org.objects.filter(path__startswith=root.path, level=OrgLevel.GRASSROOTS).order_by("path")
    picked: list[Member] = []
    for union in unions[1::9]:
        member = (
            Member.objects.filter(org=union, user__isnull=False, status__in=HOLDING_STATUSES)
            .exclude(phone__in=(DEMO_MEMBER_PHONE, "13700000017"))
            .order_by("pk")
            .first()
        )
        if member is not None:
            picked.append(member)
        if len(picked) == count:
            break
    return picked


def _law_course(root: Org, admin: User, organiser: User, today: dt.date) -> Course:
    made = _at(today - dt.timedelta(days=30), 9)
    quiz = _quiz(root, organiser, made)
    with demo_clock(made):
        course = course_save(
            actor=admin,
            org=root,
            title=LAW_COURSE_TITLE,
            summary=LAW_COURSE_SUMMARY,
            audience=CourseAudience.MEMBERS,
            hours=Decimal(LAW_COURSE_HOURS),
            quiz=quiz,
            certificate=True,
            open_api=True,
        )
        lessons = _lessons(course, admin, LAW_LESSONS)
    with demo_clock(made + dt.timedelta(hours=2)):
        course = course_publish(course=course, actor=admin)
    for n, member in enumerate(_learners(root, GRADUATES)):
        moment = _at(today - dt.timedelta(days=20 - 4 * n), 20)
        for lesson in lessons:
            moment = _read(member, lesson, moment, lesson.duration_seconds) + dt.timedelta(minutes=3)
        _quiz_pass(quiz, member, moment)
        with demo_clock(moment + dt.timedelta(minutes=5)):
            course_completion_check(member=member, course=course)
    readme = Member.objects.filter(phone=DEMO_MEMBER_PHONE, status__in=HOLDING_STATUSES).first()
    if readme is not None:
        first, second = lessons[0], lessons[1]
        _read(readme, first, _at(today - dt.timedelta(days=3), 21), first.duration_seconds)
        _read(readme, second, _at(today - dt.timedelta(days=1), 21, 30), second.duration_seconds // 2)
    return course


def _cadre_course(root: Org, admin: User, today: dt.date) -> Course:
    with demo_clock(_at(today - dt.timedelta(days=25), 10)):
        course = course_save(
            actor=admin,
            org=root,
            title=CADRE_COURSE_TITLE,
            summary=CADRE_COURSE_SUMMARY,
            audience=CourseAudience.CADRES,
            open_api=True,
        )
        _lessons(course, admin, CADRE_LESSONS)
        return course_publish(course=course, actor=admin)


# ---- training classes ----------------------------------------------------------------------------------------


def _counties(root: Org) -> list[Org]:
    return list(Org.objects.filter(path__startswith=root.path, level=OrgLevel.COUNTY).order_by("path"))


def _open_class(
    root: Org,
    admin: User,
    moment: dt.datetime,
    data: dict[str, object],
    sessions: tuple[tuple[str, str, int, str], ...],
) -> TrainingClass:
    """A class with two seats per county union, its sessions, published for nomination."""
    counties = _counties(root)
    with demo_clock(moment):
        training_class = class_create(org=root, actor=admin, **data)
        assert training_class.quota_set is not None  # noqa: S101 - class_create makes it
        quota_allocate(
            quota_set=training_class.quota_set, shares={c.pk: PER_COUNTY for c in counties}, actor=admin
        )
        starts = training_class.starts_on
        for topic, teacher, offset, hours in sessions:
            day = starts + dt.timedelta(days=offset)
            session_create(
                training_class=training_class,
                actor=admin,
                topic=topic,
                teacher=teacher,
                starts_at=_at(day, 8, 30),
                ends_at=_at(day, 11, 30),
                hours=Decimal(hours),
            )
        return class_publish(training_class=training_class, actor=admin)


def _cadres(county: Org, count: int) -> list[Member]:
    """Members of the county's grassroots unions, one per union, to be nominated as their union's cadres."""
    picked: list[Member] = []
    for union in Org.objects.filter(path__startswith=county.path, level=OrgLevel.GRASSROOTS).order_by("path"):
        member = (
            Member.objects.filter(org=union, status__in=HOLDING_STATUSES)
            .exclude(phone=DEMO_MEMBER_PHONE)
            .order_by("birth_date", "pk")
            .first()
        )
        if member is not None:
            picked.append(member)
        if len(picked) == count:
            break
    return picked


def _nominate(training_class: TrainingClass, code: str, count: int, moment: dt.datetime) -> list[Trainee]:
    county = Org.objects.filter(code=code).first()
    nominator = _admin_of(code)
    if county is None or nominator is None or training_class.quota_set is None:
        return []
    allocation = allocation_of(training_class.quota_set, county)
    if allocation is None:
        return []
    trainees: list[Trainee] = []
    with demo_clock(moment):
        for n, member in enumerate(_cadres(county, count)):
            trainees.append(
                trainee_nominate(
                    training_class=training_class,
                    allocation=allocation,
                    member=member,
                    post=POSTS[n % len(POSTS)],
                    actor=nominator,
                )
            )
    return trainees


def _class_2020(root: Org, admin: User) -> TrainingClass:
    data: dict[str, object] = {
        "title": CLASS_2020_TITLE,
        "year": 2020,
        "starts_on": dt.date(2020, 10, 13),
        "ends_on": dt.date(2020, 10, 15),
        "place": CLASS_PLACE,
        "programme": CLASS_2020_PROGRAMME,
        "audience_note": CLASS_2020_AUDIENCE,
        "seats": 24,
        "nominate_until": dt.date(2020, 9, 30),
        "certificate": True,
    }
    training_class = _open_class(root, admin, _at(dt.date(2020, 9, 7), 10), data, CLASS_2020_SESSIONS)
    trainees: list[Trainee] = []
    for n, code in enumerate(CLASS_COUNTIES):
        trainees += _nominate(training_class, code, PER_COUNTY, _at(dt.date(2020, 9, 18 + 3 * n), 15))
    with demo_clock(_at(dt.date(2020, 9, 29), 10)):
        trainees = [trainee_admit(trainee=t, actor=admin) for t in trainees]
    with demo_clock(_at(dt.date(2020, 10, 1), 9)):
        training_class = class_close(training_class=training_class, actor=admin, note="推荐截止，名单已确定")
    for s, session in enumerate(training_class.sessions.order_by("starts_at")):
        for n, trainee in enumerate(trainees):
            if (n, s) == ABSENT:
                continue
            moment = session.starts_at - dt.timedelta(minutes=20 - 2 * n)
            with demo_clock(moment):
                checkin_manual(target=session, member=trainee.member, actor=admin, now=timezone.now())
    with demo_clock(_at(dt.date(2020, 10, 15), 14)):
        for n, trainee in enumerate(trainees):
            result = AssessmentResult.EXCELLENT if n in EXCELLENT else AssessmentResult.PASSED
            note = "缺席一次课，已补交学习心得" if n == ABSENT[0] else "结业考核通过"
            trainee_assess(trainee=trainee, result=result, note=note, actor=admin)
    with demo_clock(_at(dt.date(2020, 10, 15), 16, 30)):
        return class_finish(training_class=training_class, actor=admin)


def _class_next(root: Org, admin: User, today: dt.date) -> TrainingClass:
    starts = today + dt.timedelta(days=75)
    data: dict[str, object] = {
        "title": f"{starts.year}年{CLASS_NEXT_TITLE}",
        "year": starts.year,
        "starts_on": starts,
        "ends_on": starts + dt.timedelta(days=2),
        "place": CLASS_PLACE,
        "programme": CLASS_NEXT_PROGRAMME,
        "audience_note": "各县区教科文卫体（教育）工会推荐的基层工会主席",
        "seats": 30,
        "nominate_until": today + dt.timedelta(days=40),
        "certificate": True,
    }
    sessions = tuple((topic, teacher, offset, hours) for topic, teacher, offset, hours in CLASS_2020_SESSIONS)
    training_class = _open_class(root, admin, _at(today - dt.timedelta(days=5), 10), data, sessions)
    _nominate(training_class, NEXT_NOMINATOR, 1, _at(today - dt.timedelta(days=2), 16))
    return training_class


# ---- 业务指导 ---------------------------------------------------------------------------------------------------


def _questions(root: Org, admin: User, today: dt.date) -> int:
    made = 0
    for n, (code, to, topic, title, body, answer, shared, closed) in enumerate(QUESTIONS):
        asker_org = Org.objects.filter(code=code).first()
        asker = _admin_of(code)
        if asker_org is None or asker is None:
            continue
        if GuidanceQuestion.objects.filter(asker_org=asker_org, title=title).exists():
            continue
        org = root if to == "city" else Org.objects.filter(path=asker_org.path[: 2 * Org.steplen]).first()
        answerer = admin if to == "city" else (_admin_of(org.code) if org is not None else None)
        if org is None or answerer is None:
            continue
        day = today - dt.timedelta(days=60 - 6 * n)
        with demo_clock(_at(day, 10, 20)):
            question = question_ask(
                asker_org=asker_org, org=org, actor=asker, topic=topic, title=title, body=body
            )
        made += 1
        if not answer:
            continue
        with demo_clock(_at(day + dt.timedelta(days=1), 15)):
            question = question_answer(question=question, actor=answerer, answer=answer)
        if shared:
            with demo_clock(_at(day + dt.timedelta(days=2), 9, 30)):
                question_share(question=question, actor=answerer, shared_title=shared, shared_body=body)
        if closed:
            with demo_clock(_at(day + dt.timedelta(days=2), 17)):
                question_close(question=question, actor=asker)
    return made


# ---- the seeder ------------------------------------------------------------------------------------------------


@transaction.atomic
def seed_learning() -> str:
    root = Org.objects.filter(code=ROOT_CODE).first()
    admin = User.objects.filter(username=ADMIN).first()
    organiser = User.objects.filter(username=QUIZ_ORGANISER).first()
    if root is None or admin is None or organiser is None:
        return "没有市级工会或演示干部账号，跳过学习培训"
    today = timezone.localdate()
    made: list[str] = []
    if not Course.objects.filter(org=root, title=LAW_COURSE_TITLE).exists():
        _law_course(root, admin, organiser, today)
        made.append("工会法课程（含结课测验）")
    if not Course.objects.filter(org=root, title=CADRE_COURSE_TITLE).exists():
        _cadre_course(root, admin, today)
        made.append("干部课程")
    if not TrainingClass.objects.filter(org=root, title=CLASS_2020_TITLE).exists():
        _class_2020(root, admin)
        made.append("2020年干部培训班")
    if not TrainingClass.objects.filter(org=root, title__endswith=CLASS_NEXT_TITLE, year__gt=2020).exists():
        _class_next(root, admin, today)
        made.append("推荐报名中的培训班")
    asked = _questions(root, admin, today)
    if asked:
        made.append(f"业务指导问题 {asked} 个")
    courses = Course.objects.filter(org=root).count()
    classes = TrainingClass.objects.filter(org=root).count()
    questions = GuidanceQuestion.objects.filter(org__path__startswith=root.path)
    shared = questions.filter(shared=True).count()
    return (
        f"学习培训：课程 {courses} 门、培训班 {classes} 个、业务指导问题 {questions.count()} 个（收入知识库 {shared} 个）；"
        + (f"本次新建：{'、'.join(made)}" if made else "本次无新增")
    )

"""Demo data of 问卷调查与课题研究, seeded through the parts' services, each step of a past day under `demo_clock` (so
every timeline reads as it happened); running it again adds nothing, and an interrupted run resumes where it stopped.

- The city union's 2020年全市教科文卫体系统职工思想状况调查: anonymous, twelve questions of every kind with skip logic,
  asked of a random sample of ten members per grassroots union (the seed recorded on the survey), keeping 所在单位
  (county level) and 年龄段 for cross-tabs; answered in November 2020 by most of the sample (`random.Random(2020)`)
  and closed, so its results page shows charts and cross-tabs.
- 焦作市教科文卫体工会2020年职工诉求与思想状况分析: drafted in January 2021 from that survey and the 诉求 of 2020,
  edited by the city's admin and issued; and a draft for the current year (the 诉求 the appeals demo seeds).
- A named 食堂满意度调查 of the README member's grassroots union, open, answered by some, two saved as 填写中; the
  README member (13900000001) is asked and has not answered, so it shows under 待填写 on their portal home.
- The 2020年度工会理论调研课题申报 call: the city union's own 课题 (applied by shi_ganshi) reviewed by shi_pingwei,
  立项 2020-KT-01, 中期检查 通过, 结项 优秀 with the 2020 survey attached; 解放区's 课题 立项 2020-KT-02, 在研 with its
  中期报告 still to come.

Uses the demo accounts (shi_admin, shi_ganshi, shi_pingwei, jfq_admin, the union's `<code>_admin`); creates no
account and no grant."""

import datetime as dt
import random
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gonghui.accounts.demo import demo_clock
from gonghui.accounts.models import User
from gonghui.members.demo import demo_member
from gonghui.members.models import Member
from gonghui.orgs.choices import Industry, OrgLevel
from gonghui.orgs.models import Org
from gonghui.responses.models import Participation
from gonghui.responses.selectors import participant_ids
from gonghui.reviews.models import Criterion, ReviewEntry, ScoreSheetTemplate
from gonghui.reviews.services import (
    CriterionInput,
    ScoreInput,
    judge_add,
    round_close,
    round_open,
    sheet_save,
    sheet_submit,
    template_create,
)

from . import demo_texts as t
from .choices import (
    AnalysisStatus,
    CallStatus,
    MidtermResult,
    ProjectRating,
    ProjectStatus,
    ResponseStatus,
    SurveyMode,
    SurveyStatus,
    TargetKind,
)
from .models import ResearchCall, ResearchProject, Survey, SurveyQuestion, SurveyResponse, ThoughtAnalysis
from .population import survey_population
from .selectors.answering import questions_of
from .services.analysis import TO_COMPLETE, analysis_draft, analysis_edit, analysis_issue
from .services.answering import answer_save, answer_submit
from .services.calls import (
    ApplicationInput,
    CallInput,
    TeamMember,
    application_accept,
    application_create,
    application_submit,
    call_close,
    call_create,
    call_open,
    call_review_start,
    project_approve,
)
from .services.design import (
    QuestionFields,
    SurveySettings,
    question_save,
    survey_close,
    survey_publish,
    survey_save,
)
from .services.projects import (
    CONCLUDE,
    project_conclude,
    project_final_submit,
    project_midterm_check,
    project_midterm_submit,
)

ROOT_CODE = "JZJKWT"
SAMPLE_PER_UNION = 10
ANSWER_SHARE = 0.86  # of the sample answer the 2020 survey
CANTEEN_SHARE = 0.6  # of the union answer the canteen survey
ANALYSIS_EDIT = (
    "下一步，市教科文卫体工会将把本次调查和诉求分析结果报送市总工会和有关主管部门，推动解决职工反映集中的"
    "收入待遇和工作压力问题，把职工心理关爱服务列入2021年工作要点，并在各县（市、区）工会推广“职工之家”"
    "谈心谈话做法。"
)
# the draft's sentence for a period without 诉求 on the platform, and what the editor made of it
NO_APPEALS = "本期未收到职工诉求。"
NO_APPEALS_EDITED = (
    "2020年职工诉求由各级工会线下受理，未在平台登记，本期平台统计为零；线下受理的诉求以收入待遇、"
    "职称评聘和疫情期间加班补休为主，与问卷调查反映的情况基本一致。"
)
Answers = dict[str, Any]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def _aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(_at(day, hour, minute))


def _counts() -> tuple[int, ...]:
    return (
        Survey.objects.count(),
        SurveyQuestion.objects.count(),
        SurveyResponse.objects.count(),
        Participation.objects.filter(kind="survey").count(),
        ThoughtAnalysis.objects.count(),
        ResearchCall.objects.count(),
        ResearchProject.objects.count(),
    )


# --- questions ----------------------------------------------------------------------------------------------------
def _add_questions(survey: Survey, actor: User, questions: list[dict[str, Any]]) -> None:
    """Add the questions not yet added (a resumed run adds the rest), `show_if` by order turned into the key."""
    have = survey.questions.count()
    for order, spec in enumerate(questions, start=1):
        if order <= have:
            continue
        show_if: dict[str, Any] = {}
        if "show_if" in spec:
            target, options = spec["show_if"]
            show_if = {"question": survey.questions.get(order=target).key, "options": list(options)}
        question_save(
            actor=actor,
            survey=survey,
            fields=QuestionFields(
                kind=spec["kind"],
                text=spec["text"],
                help_text=spec.get("help_text", ""),
                options=tuple(spec.get("options", ())),
                rows=tuple(spec.get("rows", ())),
                scale_labels=tuple(spec.get("scale_labels", ())),
                required=spec.get("required", True),
                show_if=show_if,
            ),
        )


def _keys(survey: Survey) -> list[str]:
    return [q.key for q in questions_of(survey)]


def _weighted(rng: random.Random, options: Iterable[str], weights: Iterable[float]) -> str:
    return rng.choices(list(options), weights=list(weights))[0]


def _some(rng: random.Random, options: tuple[str, ...], most: int, first: str | None = None) -> list[str]:
    count = rng.randint(1, most)
    chosen = set(rng.sample(options, count))
    if first:
        chosen.add(first)
    return [option for option in options if option in chosen][: max(most, 1)]


# --- the 2020 思想状况 survey --------------------------------------------------------------------------------------
def _unit_type(org: Org) -> str:
    if org.industry == Industry.EDUCATION:
        return t.UNIT_TYPES[1] if ("学院" in org.name or "职业" in org.name) else t.UNIT_TYPES[0]
    if org.industry == Industry.HEALTH:
        return t.UNIT_TYPES[2]
    if org.industry in (Industry.CULTURE_SPORTS, Industry.RESEARCH):
        return t.UNIT_TYPES[3]
    return t.UNIT_TYPES[4]


def _thought_answers(rng: random.Random, member: Member, keys: list[str]) -> Answers:
    """A plausible answer for the member: doctors and nurses feel more pressure, the young hold lower titles, those
    under pressure rate pride and choosing again lower."""
    q = dict(enumerate(keys, start=1))
    health = member.org.industry == Industry.HEALTH
    age = 2020 - member.birth_date.year if member.birth_date else 40
    title_weights = (0.02, 0.1, 0.38, 0.35, 0.15) if age < 35 else (0.08, 0.32, 0.4, 0.15, 0.05)
    income = _weighted(rng, t.INCOME, (0.07, 0.3, 0.35, 0.2, 0.08))
    pressure = int(
        _weighted(rng, "12345", (0.02, 0.06, 0.24, 0.4, 0.28) if health else (0.03, 0.1, 0.32, 0.36, 0.19))
    )
    answers: Answers = {
        q[1]: _unit_type(member.org),
        q[2]: _weighted(rng, t.TITLES, title_weights),
        q[3]: income,
        q[5]: _weighted(rng, t.TITLE_VIEWS, (0.2, 0.38, 0.25, 0.1, 0.07)),
        q[6]: str(pressure),
        q[8]: _weighted(rng, t.PRIDE, (0.3, 0.45, 0.2, 0.05) if pressure < 5 else (0.15, 0.4, 0.32, 0.13)),
        q[9]: _weighted(rng, t.AGAIN, (0.62, 0.28, 0.1) if pressure < 5 else (0.42, 0.38, 0.2)),
        q[11]: _some(rng, t.CONCERNS, 3, first="收入待遇" if income in t.INCOME[3:] else None)[:3],
    }
    if income in t.INCOME[3:]:
        answers[q[4]] = _some(rng, t.INCOME_PROBLEMS, 3)
    if pressure >= 4:
        sources = tuple(
            s for s in t.PRESSURE_SOURCES if health or s != "疫情防控任务重" or rng.random() < 0.3
        )
        answers[q[7]] = _some(rng, sources, 3, first=t.PRESSURE_SOURCES[0] if health else None)
    for number, row in enumerate(t.UNION_WORK_ROWS, start=1):
        weights = (0.55, 0.33, 0.06, 0.06) if row == "疫情期间关心关爱职工" else (0.4, 0.38, 0.1, 0.12)
        answers[f"{q[10]}.{number}"] = _weighted(rng, t.UNION_WORK_COLUMNS, weights)
    if rng.random() < 0.3:
        pool: tuple[str, ...] = t.SUGGESTIONS_HEALTH if health else t.SUGGESTIONS_TEACHER
        if member.org.industry not in (Industry.HEALTH, Industry.EDUCATION):
            pool = t.SUGGESTIONS_OTHER
        answers[q[12]] = rng.choice(pool + t.SUGGESTIONS_OTHER)
    return answers


def _answer_days(rng: random.Random, first: dt.date, days: int) -> tuple[dt.date, int, int]:
    """A day of the window (most answer in the first week, after the notice) and a time of day."""
    offset = min(int(rng.expovariate(1 / 5)), days - 1)
    return first + dt.timedelta(days=offset), rng.choice((8, 10, 12, 15, 17, 20, 21)), rng.randrange(60)


def _answer_all(
    survey: Survey,
    rng: random.Random,
    share: float,
    when: Callable[[random.Random], tuple[dt.date, int, int]],
    answers_for: Callable[[random.Random, Member, list[str]], Answers],
    skip: frozenset[int] = frozenset(),
) -> list[Member]:
    """Submit the answers of `share` of the population (the same members and answers on every run; those who
    already answered are passed over); returns the members who did not answer."""
    keys = _keys(survey)
    done = (
        set(participant_ids(survey))
        if survey.is_anonymous
        else set(survey.responses.filter(status=ResponseStatus.SUBMITTED).values_list("member_id", flat=True))
    )
    plan: list[tuple[tuple[dt.date, int, int], Member, Answers]] = []
    idle: list[Member] = []
    for member in survey_population(survey).select_related("org").order_by("pk"):
        if member.pk in skip or rng.random() >= share:
            idle.append(member)
            continue
        moment, answers = when(rng), answers_for(rng, member, keys)
        if member.pk not in done:
            plan.append((moment, member, answers))
    for (day, hour, minute), member, answers in sorted(plan, key=lambda row: (row[0], row[1].pk)):
        with demo_clock(_at(day, hour, minute)):
            answer_submit(survey=survey, member=member, answers=answers)
    return idle


def _thought_survey(root: Org, actor: User) -> Survey:
    survey = Survey.objects.filter(org=root, title=t.THOUGHT_TITLE).first()
    if survey is None:
        with demo_clock(_at(dt.date(2020, 10, 26), 9, 30)):
            survey = survey_save(
                actor=actor,
                org=root,
                settings=SurveySettings(
                    title=t.THOUGHT_TITLE,
                    intro=t.THOUGHT_INTRO,
                    topic=t.THOUGHT_TOPIC,
                    mode=SurveyMode.ANONYMOUS,
                    opens_at=_aware(dt.date(2020, 11, 2), 8),
                    closes_at=_aware(dt.date(2020, 11, 30), 18),
                    target_kind=TargetKind.SAMPLE,
                    sample_per_union=SAMPLE_PER_UNION,
                    attributes=("unit", "age_band"),
                    unit_depth=2,
                ),
            )
    if survey.status == SurveyStatus.DRAFT:
        with demo_clock(_at(dt.date(2020, 10, 26), 9, 40)):
            _add_questions(survey, actor, t.thought_questions())
        with demo_clock(_at(dt.date(2020, 10, 30), 10)):
            survey = survey_publish(actor=actor, survey=survey)
    if survey.status == SurveyStatus.OPEN:
        _answer_all(
            survey,
            random.Random(2020),
            ANSWER_SHARE,
            lambda rng: _answer_days(rng, dt.date(2020, 11, 2), 26),
            _thought_answers,
        )
        with demo_clock(_at(dt.date(2020, 11, 30), 18, 5)):
            survey = survey_close(actor=actor, survey=survey)
    return survey


# --- the named canteen survey of the README member's union ---------------------------------------------------------
def _grassroots_of(org: Org) -> Org | None:
    unions = Org.objects.filter(level=OrgLevel.GRASSROOTS).order_by("-depth")
    return next((u for u in unions if org.path.startswith(u.path)), None)


def _canteen_answers(rng: random.Random, member: Member, keys: list[str]) -> Answers:
    q = dict(enumerate(keys, start=1))
    frequency = _weighted(rng, t.FREQUENCY, (0.45, 0.25, 0.2, 0.1))
    answers: Answers = {q[1]: frequency, q[5]: _some(rng, t.CANTEEN_WISHES, 3)}
    if frequency == "从不":
        answers[q[4]] = _weighted(rng, t.NOT_EATING, (0.3, 0.15, 0.2, 0.3, 0.05))
    else:
        answers[q[2]] = _weighted(rng, "12345", (0.05, 0.12, 0.33, 0.35, 0.15))
        for number, _row in enumerate(t.CANTEEN_ROWS, start=1):
            answers[f"{q[3]}.{number}"] = _weighted(rng, t.CANTEEN_COLUMNS, (0.5, 0.38, 0.12))
    if rng.random() < 0.35:
        answers[q[6]] = rng.choice(t.CANTEEN_SUGGESTIONS)
    return answers


def _canteen_survey() -> Survey | None:
    member = demo_member()
    union = _grassroots_of(member.org) if member is not None else None
    actor = User.objects.filter(username=f"{union.code.lower()}_admin").first() if union is not None else None
    if member is None or union is None or actor is None:
        return None
    title = "教职工食堂满意度调查" if union.industry == Industry.EDUCATION else "职工食堂满意度调查"
    today = timezone.localdate()
    start = today - dt.timedelta(days=4)
    survey = Survey.objects.filter(org=union, title=title).first()
    if survey is None:
        with demo_clock(_at(start, 9)):
            survey = survey_save(
                actor=actor,
                org=union,
                settings=SurveySettings(
                    title=title,
                    intro=t.CANTEEN_INTRO,
                    topic=t.CANTEEN_TOPIC,
                    mode=SurveyMode.NAMED,
                    opens_at=_aware(start, 9, 30),
                    closes_at=_aware(today + dt.timedelta(days=21), 18),
                    target_kind=TargetKind.FILTER,
                ),
            )
    if survey.status == SurveyStatus.DRAFT:
        with demo_clock(_at(start, 9, 10)):
            _add_questions(survey, actor, t.canteen_questions())
            survey = survey_publish(actor=actor, survey=survey)
    if survey.status == SurveyStatus.OPEN:
        rng = random.Random(7)
        idle = _answer_all(
            survey,
            rng,
            CANTEEN_SHARE,
            lambda r: (
                start + dt.timedelta(days=r.randint(1, 3)),
                r.choice((11, 12, 18, 21)),
                r.randrange(60),
            ),
            _canteen_answers,
            skip=frozenset({member.pk}),
        )
        keys = _keys(survey)
        for other in [m for m in idle if m.pk != member.pk][:2]:  # two began and saved, to finish later
            if not survey.responses.filter(member=other).exists():
                with demo_clock(_at(today - dt.timedelta(days=1), 12, 20)):
                    answer_save(survey=survey, member=other, answers={keys[0]: t.FREQUENCY[0]})
    return survey


# --- the 2020 课题 call and its projects --------------------------------------------------------------------------
def _application_input(spec: dict[str, Any]) -> ApplicationInput:
    return ApplicationInput(
        title=spec["title"],
        topic=spec["topic"],
        leader_name=spec["leader_name"],
        leader_title=spec["leader_title"],
        leader_phone=spec["leader_phone"],
        team=[TeamMember(name=n, unit=u, role=r) for n, u, r in spec["team"]],
        plan=spec["plan"],
        expected_outputs=spec["expected_outputs"],
        budget=Decimal(spec["budget"]),
        budget_note=spec["budget_note"],
    )


def _call(root: Org, actor: User) -> ResearchCall:
    call = ResearchCall.objects.filter(org=root, title=t.CALL_TITLE).first()
    if call is None:
        with demo_clock(_at(dt.date(2020, 3, 16), 9)):
            call = call_create(
                org=root,
                data=CallInput(
                    year=2020,
                    title=t.CALL_TITLE,
                    guide=t.CALL_GUIDE,
                    topics=t.CALL_TOPICS,
                    opens_on=dt.date(2020, 3, 16),
                    closes_on=dt.date(2020, 4, 30),
                    budget_cap=Decimal(30000),
                ),
                actor=actor,
            )
    if call.status == CallStatus.DRAFT:
        with demo_clock(_at(dt.date(2020, 3, 16), 9, 20)):
            call = call_open(call=call, actor=actor)
    return call


def _apply(
    call: ResearchCall, org: Org, actor: User, spec: dict[str, Any], day: dt.date
) -> ResearchProject | None:
    project = ResearchProject.objects.filter(call=call, org=org, title=spec["title"]).first()
    if project is None and call.status == CallStatus.OPEN:
        with demo_clock(_at(day, 10)):
            project = application_create(call=call, org=org, data=_application_input(spec), actor=actor)
    if project is not None and project.status == ProjectStatus.DRAFT:
        with demo_clock(_at(day + dt.timedelta(days=2), 16)):
            project = application_submit(project=project, actor=actor)
    return project


def _review(call: ResearchCall, actor: User, judge_user: User, projects: list[ResearchProject]) -> None:
    """Accept the applications, score them (shi_pingwei) in the call's review round and close it."""
    if call.review_round is None:
        with demo_clock(_at(dt.date(2020, 5, 8), 9)):
            for project in projects:
                if project.status == ProjectStatus.SUBMITTED:
                    application_accept(project=project, actor=actor)
            template = ScoreSheetTemplate.objects.filter(org=call.org, name=t.REVIEW_TEMPLATE).first()
            if template is None:
                inputs = [CriterionInput(name=n, max_points=Decimal(p)) for n, p in t.REVIEW_CRITERIA]
                template = template_create(org=call.org, name=t.REVIEW_TEMPLATE, criteria=inputs, actor=actor)
            review_round = call_review_start(call=call, template=template, actor=actor)
            judge = judge_add(review_round=review_round, user=judge_user, actor=actor)
            round_open(review_round=review_round, actor=actor)
        criteria = list(Criterion.objects.filter(template=template).order_by("order"))
        entries = {e.owner_id: e for e in ReviewEntry.objects.filter(round=review_round)}
        with demo_clock(_at(dt.date(2020, 5, 15), 14)):
            for share, project in zip((Decimal("0.92"), Decimal("0.85")), projects, strict=False):
                scores = {
                    c.pk: ScoreInput(points=(c.max_points * share).quantize(Decimal(1))) for c in criteria
                }
                sheet = sheet_save(judge=judge, entry=entries[project.pk], scores=scores, actor=judge_user)
                sheet_submit(sheet=sheet, actor=judge_user)
        with demo_clock(_at(dt.date(2020, 5, 20), 10)):
            round_close(review_round=review_round, actor=actor)


def _research(root: Org, survey: Survey) -> None:
    users = {
        u.username: u
        for u in User.objects.filter(username__in=("shi_admin", "shi_ganshi", "shi_pingwei", "jfq_admin"))
    }
    county = Org.objects.filter(code="JFQ").first()
    if len(users) < 4 or county is None:
        return
    call = _call(root, users["shi_admin"])
    own = _apply(call, root, users["shi_ganshi"], t.PROJECT_CONCLUDED, dt.date(2020, 4, 10))
    other = _apply(call, county, users["jfq_admin"], t.PROJECT_ONGOING, dt.date(2020, 4, 20))
    if own is None or other is None:
        return
    if call.status == CallStatus.OPEN:
        with demo_clock(_at(dt.date(2020, 5, 6), 9)):
            call = call_close(call=call, actor=users["shi_admin"])
    _review(call, users["shi_admin"], users["shi_pingwei"], [own, other])
    with demo_clock(_at(dt.date(2020, 6, 1), 10)):
        for project, spec in ((own, t.PROJECT_CONCLUDED), (other, t.PROJECT_ONGOING)):
            project.refresh_from_db()
            if project.status == ProjectStatus.REVIEWING:
                project_approve(
                    project=project,
                    approved_budget=Decimal(spec["approved_budget"]),
                    note="经专家评审，同意立项。请按研究方案按期开展研究，注重调查数据的科学性。",
                    actor=users["shi_admin"],
                )
    _conclude(own, users["shi_ganshi"], users["shi_admin"], survey)


def _conclude(project: ResearchProject, applicant: User, checker: User, survey: Survey) -> None:
    """The city's own 课题 through 中期检查 (通过) to 结项 (优秀) with the 2020 survey attached."""
    project.refresh_from_db()
    if project.status == ProjectStatus.APPROVED and not project.midterm_result:
        with demo_clock(_at(dt.date(2020, 9, 15), 10)):
            project = project_midterm_submit(
                project=project, report=t.PROJECT_CONCLUDED["midterm"], actor=applicant
            )
    if project.status == ProjectStatus.MIDTERM:
        with demo_clock(_at(dt.date(2020, 9, 25), 15)):
            project = project_midterm_check(
                project=project,
                result=MidtermResult.PASSED,
                opinion="研究进展符合计划，调查方案科学，同意通过中期检查。",
                actor=checker,
            )
    if (
        project.status == ProjectStatus.APPROVED
        and project.midterm_result == MidtermResult.PASSED
        and survey.status == SurveyStatus.CLOSED
    ):
        with demo_clock(_at(dt.date(2020, 12, 10), 11)):
            project = project_final_submit(
                project=project,
                report=t.PROJECT_CONCLUDED["final_report"],
                outputs=t.PROJECT_CONCLUDED["outputs"],
                surveys=[survey],
                actor=applicant,
            )
    if project.status == ProjectStatus.CONCLUDING:
        with demo_clock(_at(dt.date(2020, 12, 28), 16)):
            project_conclude(
                project=project,
                decision=CONCLUDE,
                rating=ProjectRating.EXCELLENT,
                opinion="课题调查扎实、数据翔实，对策建议针对性强并已被采纳，同意结项，等级评定为优秀。",
                actor=checker,
            )


# --- the analyses -------------------------------------------------------------------------------------------------
def _analyses(root: Org, actor: User, survey: Survey) -> None:
    start, end = dt.date(2020, 1, 1), dt.date(2020, 12, 31)
    analysis = ThoughtAnalysis.objects.filter(org=root, period_start=start, period_end=end).first()
    if analysis is None and survey.status == SurveyStatus.CLOSED:
        with demo_clock(_at(dt.date(2021, 1, 8), 10)):
            analysis = analysis_draft(
                org=root, actor=actor, period_start=start, period_end=end, surveys=[survey]
            )
    if analysis is not None and analysis.status == AnalysisStatus.DRAFT:
        if ANALYSIS_EDIT not in analysis.body:
            with demo_clock(_at(dt.date(2021, 1, 12), 15)):
                # the editor answers the draft's prompt with the union's next steps, in its place
                body = analysis.body.replace(NO_APPEALS, NO_APPEALS_EDITED).replace(
                    TO_COMPLETE, ANALYSIS_EDIT
                )
                analysis = analysis_edit(analysis=analysis, actor=actor, title=analysis.title, body=body)
        with demo_clock(_at(dt.date(2021, 1, 15), 9, 30)):
            analysis_issue(analysis=analysis, actor=actor)
    # this year's, drafted from the 诉求 so far and waiting for a person to edit it
    today = timezone.localdate()
    year_start = dt.date(today.year, 1, 1)
    if not ThoughtAnalysis.objects.filter(org=root, period_start=year_start).exists():
        analysis_draft(org=root, actor=actor, period_start=year_start, period_end=today)


def seed_surveys() -> str:
    root = Org.objects.filter(code=ROOT_CODE).first()
    actor = User.objects.filter(username="shi_admin").first()
    if root is None or actor is None or demo_member() is None:
        return "问卷调查与课题研究：缺少组织、管理员账号或会员，跳过演示数据"
    before = _counts()
    survey = _thought_survey(root, actor)
    canteen = _canteen_survey()
    _research(root, survey)
    _analyses(root, actor, survey)
    after = _counts()
    made = sum(after) - sum(before)
    answered = Participation.objects.filter(kind="survey").count()
    named = SurveyResponse.objects.filter(status=ResponseStatus.SUBMITTED).count()
    summary = (
        f"问卷调查与课题研究：思想状况调查抽样 {survey.sample.count()} 人、匿名答卷 {answered} 份"
        f"{'，' + canteen.title + f'实名答卷 {named} 份' if canteen is not None else ''}，"
        f"诉求与思想状况分析 {ThoughtAnalysis.objects.count()} 份，课题 {ResearchProject.objects.count()} 项"
    )
    return f"{summary}（本次新建 {made} 条）" if made else f"{summary}；本次无新增"

"""The demo 问卷调查与课题研究 on the demo tree, accounts, members and 诉求 (seeded once for this module, rolled back
after): the 2020 思想状况 survey answered by its sample and closed, its 2020 analysis issued, a named canteen survey
open with the README member still to answer, two 课题 of the 2020 call (one 结项); a second run adds nothing."""

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.demo import seed_accounts
from gonghui.accounts.models import RoleGrant, User
from gonghui.appeals.demo import seed_appeals
from gonghui.members.demo import demo_member, seed_members
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.demo import seed_orgs
from gonghui.responses.models import AnonymousAnswer, Participation
from gonghui.surveys.choices import (
    AnalysisStatus,
    CallStatus,
    MidtermResult,
    ProjectRating,
    ProjectStatus,
    ResponseStatus,
    SurveyMode,
    SurveyQuestionKind,
    SurveyStatus,
    TargetKind,
)
from gonghui.surveys.demo import seed_surveys
from gonghui.surveys.demo_texts import CALL_TITLE, PROJECT_CONCLUDED, PROJECT_ONGOING, THOUGHT_TITLE
from gonghui.surveys.models import ResearchCall, ResearchProject, Survey, SurveyResponse, ThoughtAnalysis
from gonghui.surveys.population import survey_population
from gonghui.surveys.selectors.answering import member_surveys
from gonghui.surveys.selectors.results import survey_crosstabs, survey_results
from gonghui.surveys.services.analysis import still_to_complete
from tests.demo_seeding import Seeded, seeded_twice

pytestmark = pytest.mark.django_db

# The first members of the demo's 3,000 (the README member 13900000001 first): enough for a sample in every union
# and a canteen survey of a few people, without seeding all 3,000.
DEMO_MEMBERS = 400


def _counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "grants": RoleGrant.objects.count(),
        "surveys": Survey.objects.count(),
        "participations": Participation.objects.count(),
        "answers": AnonymousAnswer.objects.count(),
        "named": SurveyResponse.objects.count(),
        "analyses": ThoughtAnalysis.objects.count(),
        "calls": ResearchCall.objects.count(),
        "projects": ResearchProject.objects.count(),
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with (
        django_db_blocker.unblock(),
        seeded_twice(
            seed_surveys,
            before=(seed_orgs, seed_accounts, seed_members, seed_appeals),
            counts=_counts,
            members=DEMO_MEMBERS,
        ) as seeded,
    ):
        yield seeded


def _thought() -> Survey:
    return Survey.objects.get(title=THOUGHT_TITLE)


def test_a_second_run_adds_nothing_and_no_account(seeded: Seeded) -> None:
    assert "本次新建" in seeded.first
    assert seeded.second.endswith("本次无新增")
    assert seeded.after_second == seeded.after_first
    assert seeded.after_first["users"] == seeded.before["users"]
    assert seeded.after_first["grants"] == seeded.before["grants"]


def test_the_2020_survey_asks_a_recorded_sample_twelve_questions_of_every_kind(seeded: Seeded) -> None:
    survey = _thought()
    assert (survey.org.level, survey.mode, survey.status, survey.target_kind) == (
        OrgLevel.CITY,
        SurveyMode.ANONYMOUS,
        SurveyStatus.CLOSED,
        TargetKind.SAMPLE,
    )
    assert (survey.attributes, survey.unit_depth, survey.sample_per_union) == (["age_band", "unit"], 2, 10)
    assert survey.sample_seed
    assert survey.sampled_at is not None
    assert timezone.localtime(survey.published_at).year == 2020
    assert timezone.localtime(survey.closed_at).date() == dt.date(2020, 11, 30)
    questions = list(survey.questions.order_by("order"))
    assert len(questions) == 12
    assert {q.kind for q in questions} == set(SurveyQuestionKind.values)
    assert sum(1 for q in questions if q.show_if) == 2
    per_union = Counter(survey.sample.values_list("union_id", flat=True))
    assert per_union
    assert max(per_union.values()) <= 10
    assert set(survey.sample.values_list("union__level", flat=True)) == {OrgLevel.GRASSROOTS}


def test_most_of_the_sample_answered_in_november_2020_with_varied_answers(seeded: Seeded) -> None:
    survey = _thought()
    asked = survey.sample.count()
    taken = Participation.objects.filter(kind="survey", object_id=str(survey.pk))
    assert 0.75 * asked <= taken.count() < asked
    days = set(taken.values_list("taken_on", flat=True))
    assert min(days) >= dt.date(2020, 11, 2)
    assert max(days) <= dt.date(2020, 11, 30)
    results = survey_results(survey)
    assert results.shown
    assert results.answered == taken.count()
    pressure = next(q for q in results.questions if q.kind == SurveyQuestionKind.SCALE)
    assert pressure.mean is not None
    assert 3 < pressure.mean < 4.5
    income = results.questions[2]
    assert sum(1 for option in income.options if option.count) >= 4
    assert any(q.texts for q in results.questions if q.kind == SurveyQuestionKind.TEXT)


def test_the_results_page_shows_cross_tabs_by_unit_and_age(seeded: Seeded) -> None:
    survey = _thought()
    tabs = survey_crosstabs(survey)
    assert {tab.attribute for tab in tabs} == {"unit", "age_band"}
    assert all(group.answers >= 10 for tab in tabs for group in tab.groups)
    client = Client()
    client.force_login(User.objects.get(username="shi_admin"))
    response = client.get(reverse("surveys:survey_results", args=[survey.public_id]))
    assert response.status_code == 200
    assert "年龄段" in response.content.decode()


def test_the_2020_analysis_cites_the_survey_and_was_edited_then_issued(seeded: Seeded) -> None:
    analysis = ThoughtAnalysis.objects.get(period_start=dt.date(2020, 1, 1), period_end=dt.date(2020, 12, 31))
    assert analysis.status == AnalysisStatus.ISSUED
    assert analysis.issued_by is not None
    assert analysis.issued_by.username == "shi_admin"
    assert timezone.localtime(analysis.issued_at).date() == dt.date(2021, 1, 15)
    assert list(analysis.surveys.all()) == [_thought()]
    assert "三、思想状况调查结果" in analysis.body
    assert "心理关爱" in analysis.body
    assert not still_to_complete(analysis.body)  # the editor replaced the draft's prompt with the next steps
    assert "线下受理" in analysis.body  # the editor explained why 2020 has no 诉求 on the platform
    assert analysis.figures["surveys"][0]["answered"] >= 10
    current = ThoughtAnalysis.objects.get(period_start=dt.date(timezone.localdate().year, 1, 1))
    assert current.status == AnalysisStatus.DRAFT
    assert current.figures["appeals"]["total"] > 0  # the appeals demo's 诉求 of this year


def test_the_named_canteen_survey_waits_for_the_readme_member(seeded: Seeded) -> None:
    member = demo_member()
    assert member is not None
    survey = Survey.objects.get(title__endswith="食堂满意度调查")
    assert (survey.mode, survey.status, survey.org.level) == (
        SurveyMode.NAMED,
        SurveyStatus.OPEN,
        OrgLevel.GRASSROOTS,
    )
    assert survey_population(survey).filter(pk=member.pk).exists()
    assert not SurveyResponse.objects.filter(survey=survey, member=member).exists()
    assert survey.responses.filter(status=ResponseStatus.SUBMITTED).count() >= 1
    assert [row.survey for row in member_surveys(member).todo if row.survey == survey] == [survey]
    client = Client()
    assert member.user is not None
    client.force_login(member.user)
    home = client.get(reverse("surveys_portal:home")).content.decode()
    assert survey.title in home
    assert client.get(reverse("surveys_portal:answer", args=[survey.public_id])).status_code == 200


def test_two_projects_of_the_2020_call_one_concluded_with_the_survey(seeded: Seeded) -> None:
    call = ResearchCall.objects.get(title=CALL_TITLE)
    assert (call.year, call.status) == (2020, CallStatus.FINISHED)
    assert call.review_round is not None
    done = ResearchProject.objects.get(title=PROJECT_CONCLUDED["title"])
    assert (done.status, done.midterm_result, done.rating, done.number) == (
        ProjectStatus.CONCLUDED,
        MidtermResult.PASSED,
        ProjectRating.EXCELLENT,
        "2020-KT-01",
    )
    assert list(done.surveys.all()) == [_thought()]
    assert timezone.localtime(done.concluded_at).year == 2020
    ongoing = ResearchProject.objects.get(title=PROJECT_ONGOING["title"])
    assert (ongoing.status, ongoing.number, ongoing.midterm_result, ongoing.org.code) == (
        ProjectStatus.APPROVED,
        "2020-KT-02",
        "",
        "JFQ",
    )
    client = Client()
    client.force_login(User.objects.get(username="shi_admin"))
    assert client.get(reverse("surveys:project_detail", args=[done.public_id])).status_code == 200

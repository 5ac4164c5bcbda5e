"""Results of a survey: per-question results, participation, cross-tabs with a minimum cell of ten (selectors)."""

import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gonghui.core.choices import AuditAction
from gonghui.core.http import is_sensitive
from gonghui.core.models import AuditLog
from gonghui.surveys.selectors.results import survey_results
from gonghui.surveys.tests.factories_results import answer, answered_survey, make_members

pytestmark = pytest.mark.django_db


def test_anonymous_results_after_the_close_only(world):
    # given 12 members of org A answered an anonymous survey, 10 of them 不满意 with a text
    members = make_members(world.org_a, 11)
    answers = [answer(n, q1="不满意") for n in range(10)] + [answer(10), answer(11)]
    survey = answered_survey(
        org=world.org_a,
        actor=world.org_admin,
        members=[world.member_a, *members],
        answers=answers,
        close=False,
    )
    # when still collecting, then counts only
    open_results = survey_results(survey)
    assert (open_results.asked, open_results.answered, open_results.shown) == (12, 12, False)
    assert open_results.questions == []
    # when closed
    from gonghui.responses.services import responses_close

    responses_close(owner=survey, actor=None)
    results = survey_results(survey)
    assert results.shown is True
    q1, q2, q3, q4, q5 = results.questions
    assert [(o.option, o.count, o.percent) for o in q1.options] == [
        ("满意", 2, 17),
        ("基本满意", 0, 0),
        ("不满意", 10, 83),
    ]
    assert q2.answered == 12
    assert q3.mean == pytest.approx(round(sum(int(answer(n)["q3"]) for n in range(12)) / 12, 2))
    assert q4.answered == 10
    assert q4.texts == [f"意见{n:02d}" for n in range(10)]
    assert [row.label for row in q5.rows] == ["薪酬待遇", "工作环境", "职业发展"]
    assert q5.rows[0].options[0].count == 12


# --- pages ------------------------------------------------------------------------------------------------------
@pytest.fixture
def closed_survey(world):
    """An anonymous survey of org A answered by 12 members of org A and closed."""
    members = make_members(world.org_a, 12)
    return answered_survey(
        org=world.org_a, actor=world.org_admin, members=members, answers=[answer(n) for n in range(12)]
    )


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("org admin sees the results", "org_admin", 200),
        ("plain member may not", "org_member", 403),
        ("admin of another org sees nothing", "outsider", 404),
    ],
)
@pytest.mark.parametrize("route", ["surveys:survey_results", "surveys:survey_results_pdf"])
def test_results_pages_three_actors(request, client, closed_survey, _case, actor, status, route):
    client.force_login(request.getfixturevalue(actor))
    response = client.get(reverse(route, args=[closed_survey.public_id]))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("org admin exports", "org_admin", 200),
        ("plain member may not", "org_member", 403),
        ("admin of another org sees nothing", "outsider", 404),
    ],
)
def test_export_three_actors_and_audit(request, client, closed_survey, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    response = client.post(reverse("surveys:survey_results_export", args=[closed_survey.public_id]))
    assert response.status_code == status
    audited = AuditLog.objects.filter(action=AuditAction.EXPORT, object_id=str(closed_survey.pk))
    assert audited.count() == (1 if status == 200 else 0)
    if status == 200:
        assert is_sensitive(response)
        sheets = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).sheet_names
        assert sheets == ["参与情况", "各题结果", "交叉分析", "填空内容"]

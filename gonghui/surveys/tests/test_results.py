"""Results of a survey: per-question results, participation, cross-tabs with a minimum cell of ten (selectors)."""

import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from conftest import make_cadre
from gonghui.accounts.roles import AUDITOR
from gonghui.core.choices import AuditAction
from gonghui.core.http import is_sensitive
from gonghui.core.models import AuditLog
from gonghui.responses.coarsening import OTHER
from gonghui.surveys.choices import SurveyMode
from gonghui.surveys.selectors.results import participation_by_union, survey_crosstabs, survey_results
from gonghui.surveys.tests.factories import make_survey
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


def _cells(content: bytes) -> dict[str, list[list[Any]]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


@pytest.mark.parametrize(
    ("mode", "pooled"),
    [
        # the store pooled 乙县 into 其他 when the answers were given (乙县 10 + the city's 3 < 10 alone)
        (SurveyMode.ANONYMOUS, 10),
        # read from the members: 乙县 10, the city's own 3 → the pool under ten takes 乙县 in
        (SurveyMode.NAMED, 13),
    ],
)
def test_crosstab_never_shows_a_group_under_ten_on_the_page_or_in_the_export(world, client, mode, pooled):
    # given a survey of the city: 12 answers from 甲县 (org A), 10 from 乙县 (org B), and for the named survey 3
    # from members of the city union itself
    members_a = [world.member_a, *make_members(world.org_a, 11)]
    members_b = make_members(world.org_b, 10)
    members_city = make_members(world.city, 3)
    answering = members_a + members_b + (members_city if mode == SurveyMode.NAMED else [])
    survey = answered_survey(
        org=world.city,
        actor=world.org_admin,
        members=answering,
        answers=[answer(n) for n in range(len(answering))],
        mode=mode,
        attributes=["unit"],
        unit_depth=2,
    )
    # when
    tabs = survey_crosstabs(survey, "unit")
    # then every question's groups are 甲县 (12) and 其他 (the rest), never 乙县 or the city alone
    assert {tuple((g.value, g.answers) for g in tab.groups) for tab in tabs} == {
        (("甲县教育工会", 12), (OTHER, pooled))
    }
    city_admin = make_cadre("admin_city", world.city)
    client.force_login(city_admin)
    page = client.get(reverse("surveys:survey_results", args=[survey.public_id]), {"by": "unit"})
    crosstabs = page.content.decode().split('id="results-crosstabs"')[1]
    assert "甲县教育工会" in crosstabs
    assert "乙县教育工会" not in crosstabs
    export = client.post(reverse("surveys:survey_results_export", args=[survey.public_id]))
    crosstab = _cells(export.content)["交叉分析"]
    groups = {(row[0], row[1], row[2]) for row in crosstab[1:] if row[0] == "所在单位"}
    assert groups == {("所在单位", "甲县教育工会", 12), ("所在单位", OTHER, pooled)}


def test_named_results_live_and_the_named_sheet_only_for_manage(world, client):
    # given an open named survey answered by 10 members of org A
    members = [world.member_a, *make_members(world.org_a, 9)]
    survey = answered_survey(
        org=world.org_a,
        actor=world.org_admin,
        members=members,
        answers=[answer(n) for n in range(10)],
        mode=SurveyMode.NAMED,
        close=False,
    )
    results = survey_results(survey)
    # then results show while collecting (named)
    assert results.shown is True
    assert results.questions[0].options[0].count == 10
    # the admin's export holds the named answers, audited as such
    client.force_login(world.org_admin)
    cells = _cells(client.post(reverse("surveys:survey_results_export", args=[survey.public_id])).content)
    named = cells["实名答卷"]
    assert sorted(row[1] for row in named[1:] if isinstance(row[0], float | int) and row[1]) == sorted(
        m.name for m in members
    )
    assert (
        AuditLog.objects.get(action=AuditAction.EXPORT).summary
        == f"导出问卷结果「{survey.title}」，含实名答卷 10 份"
    )
    # an auditor (surveys.view only) sees the results and exports aggregates without names
    auditor = make_cadre("auditor_a", world.org_a, role=AUDITOR)
    client.force_login(auditor)
    assert client.get(reverse("surveys:survey_results", args=[survey.public_id])).status_code == 200
    cells = _cells(client.post(reverse("surveys:survey_results_export", args=[survey.public_id])).content)
    assert "实名答卷" not in cells
    assert not any(
        m.name in str(value) for rows in cells.values() for row in rows for value in row for m in members
    )


def test_fewer_than_ten_answers_show_counts_only(world, client):
    # given 9 of 12 members answered an anonymous survey, then it closed
    members = [world.member_a, *make_members(world.org_a, 11)]
    survey = answered_survey(
        org=world.org_a,
        actor=world.org_admin,
        members=members,
        answers=[answer(n, q1="不满意", text=f"秘密意见{n}") for n in range(9)],
    )
    results = survey_results(survey)
    assert (results.asked, results.answered, results.shown, results.questions) == (12, 9, False, [])
    assert survey_crosstabs(survey) == []
    client.force_login(world.org_admin)
    html = client.get(reverse("surveys:survey_results", args=[survey.public_id])).content.decode()
    assert "答卷不足10份" in html
    assert "&lt;10" in html
    assert "秘密意见" not in html
    cells = _cells(client.post(reverse("surveys:survey_results_export", args=[survey.public_id])).content)
    assert ["答卷不足10份，为保护填写人，不显示结果"] in [row[:1] for row in cells["各题结果"]]
    assert cells["各题结果"][-1][0] == "题号"  # no question rows
    assert cells["参与情况"][-1][1:3] == ["12", "<10"]
    assert not any("秘密意见" in str(value) for rows in cells.values() for row in rows for value in row)


def test_a_question_answered_by_fewer_than_ten_hides_its_texts(world, client):
    # given 12 answers, 3 of them 不满意 with a text (q4 shown only to them)
    members = [world.member_a, *make_members(world.org_a, 11)]
    answers = [answer(n, q1="不满意", text=f"秘密意见{n}") for n in range(3)] + [
        answer(n) for n in range(3, 12)
    ]
    survey = answered_survey(org=world.org_a, actor=world.org_admin, members=members, answers=answers)
    q4 = survey_results(survey).questions[3]
    assert (q4.answered, q4.shown, q4.texts) == (3, False, [])
    client.force_login(world.org_admin)
    html = client.get(reverse("surveys:survey_results", args=[survey.public_id])).content.decode()
    assert "作答不足10人，不显示分布" in html
    assert "秘密意见" not in html
    pdf = client.get(reverse("surveys:survey_results_pdf", args=[survey.public_id]))
    assert pdf["Content-Type"] == "application/pdf"
    cells = _cells(client.post(reverse("surveys:survey_results_export", args=[survey.public_id])).content)
    assert not any("秘密意见" in str(value) for rows in cells.values() for row in rows for value in row)
    # and the anonymous results name nobody
    names = [m.name for m in members]
    assert not any(name in html for name in names)
    assert not any(
        name in str(value) for rows in cells.values() for row in rows for value in row for name in names
    )


def test_export_is_a_post(world, client, closed_survey):
    client.force_login(world.org_admin)
    response = client.get(reverse("surveys:survey_results_export", args=[closed_survey.public_id]))
    assert response.status_code == 405
    assert not AuditLog.objects.filter(action=AuditAction.EXPORT).exists()


def test_participation_by_union_counts_people_with_the_minimum_cell(world):
    # given a survey of the city: 12 members of org A answered, 4 of org B were asked and 2 answered
    members_a = [world.member_a, *make_members(world.org_a, 11)]
    members_b = make_members(world.org_b, 4)
    survey = answered_survey(
        org=world.city,
        actor=world.org_admin,
        members=[*members_a, *members_b[:2]],
        answers=[answer(n) for n in range(14)],
    )
    rows = {
        row.name: (row.asked_shown, row.answered_shown, row.rate_shown)
        for row in participation_by_union(survey)
    }
    assert rows == {"甲县教育工会": ("12", "12", "100%"), "乙县教育工会": ("<10", "<10", "—")}


def test_age_bands_in_age_order_and_scale_end_labels(world):
    # given a named survey answered by 10 members aged 55+ and 12 aged 35—44 (member A and 11 more)
    old = make_members(world.org_a, 10, birth_date=dt.date(1960, 3, 1))
    middle = [world.member_a, *make_members(world.org_a, 11)]
    survey = answered_survey(
        org=world.org_a,
        actor=world.org_admin,
        members=[*old, *middle],
        answers=[answer(n) for n in range(22)],
        mode=SurveyMode.NAMED,
    )
    (tab,) = [t for t in survey_crosstabs(survey, "age_band") if t.question.key == "q1"]
    assert [(g.value, g.answers) for g in tab.groups] == [("35—44岁", 12), ("55岁及以上", 10)]
    scale = survey_results(survey).questions[2]
    assert [(o.option, o.note) for o in scale.options] == [
        ("1", "很小"),
        ("2", ""),
        ("3", ""),
        ("4", ""),
        ("5", "很大"),
    ]


@pytest.mark.parametrize(
    ("status", "message"),
    [("draft", "问卷尚未发布，还没有答卷"), ("open", "匿名问卷在收集结束后才显示结果")],
)
def test_before_results_may_be_shown_the_page_says_why(world, client, status, message):
    members = [world.member_a, *make_members(world.org_a, 11)]
    if status == "draft":
        survey = make_survey(org=world.org_a, actor=world.org_admin)
    else:
        survey = answered_survey(
            org=world.org_a,
            actor=world.org_admin,
            members=members,
            answers=[answer(n) for n in range(12)],
            close=False,
        )
    client.force_login(world.org_admin)
    html = client.get(reverse("surveys:survey_results", args=[survey.public_id])).content.decode()
    assert message in html
    assert 'id="result-q1"' not in html

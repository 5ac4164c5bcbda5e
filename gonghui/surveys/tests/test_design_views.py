"""Design's console pages: the three actors (org A's admin, its member, org B's admin) and the read-only auditor,
the list's search and filters, writing a survey through its form (with the member filter and the attribute
preview), building its questions and publishing it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.accounts.roles import AUDITOR
from gonghui.accounts.tests.factories import RoleGrantFactory, UserFactory
from gonghui.core.models import AuditLog
from gonghui.surveys.choices import SurveyMode, SurveyStatus, TargetKind
from gonghui.surveys.models import Survey, SurveyQuestion
from gonghui.surveys.services import design as svc
from gonghui.surveys.tests.factories import make_questions, make_survey
from gonghui.surveys.tests.factories_design import design_members

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def auditor(world):
    user = UserFactory.create(username="auditor_city", name="审计员")
    RoleGrantFactory.create(user=user, role=AUDITOR, org=world.city)
    return user


@pytest.fixture
def draft(world):
    survey = make_survey(org=world.org_a, actor=world.org_admin, title="甲校教职工思想状况调查")
    make_questions(survey)
    return survey


def _pages(survey):
    return {
        "detail": reverse("surveys:survey_detail", args=[survey.public_id]),
        "edit": reverse("surveys:survey_edit", args=[survey.public_id]),
        "preview": reverse("surveys:survey_preview", args=[survey.public_id]),
        "question_create": reverse("surveys:question_create", args=[survey.public_id]),
        "question_edit": reverse("surveys:question_edit", args=[survey.public_id, "q1"]),
        "question_delete": reverse("surveys:question_delete", args=[survey.public_id, "q5"]),
    }


@pytest.mark.parametrize(
    ("_case", "actor", "detail", "action"),
    [
        ("org admin builds", "org_admin", 200, 200),
        ("plain member is refused", "org_member", 403, 403),
        ("other union sees nothing", "outsider", 404, 404),
        ("read-only auditor reads but may not act", "auditor", 200, 403),
    ],
)
def test_pages_for_each_actor(request, draft, _case, actor, detail, action):
    client = _client(request.getfixturevalue(actor))
    pages = _pages(draft)
    assert client.get(pages["detail"]).status_code == detail
    assert client.get(pages["preview"]).status_code == detail
    for name in ("edit", "question_create", "question_edit", "question_delete"):
        assert client.get(pages[name]).status_code == action, name
    # a refused delete leaves the question
    client.post(pages["question_delete"])
    assert SurveyQuestion.objects.filter(survey=draft, key="q5").exists() is (action != 200)


def test_list_searches_and_filters_within_scope(world, draft, auditor):
    make_survey(org=world.org_a, actor=world.org_admin, title="食堂满意度调查", mode=SurveyMode.NAMED)
    make_survey(org=world.org_b, actor=world.outsider, title="乙院职工满意度调查")
    url = reverse("surveys:survey_list")
    admin = _client(world.org_admin)
    found = admin.get(url, {"q": "满意度"}).content.decode()
    assert "食堂满意度调查" in found
    assert "甲校教职工思想状况调查" not in found
    assert "乙院职工满意度调查" not in found
    named = admin.get(url, {"mode": "named", "status": "draft"}).content.decode()
    assert "食堂满意度调查" in named
    assert "甲校教职工思想状况调查" not in named
    assert "没有符合条件的问卷" in admin.get(url, {"status": "closed"}).content.decode()
    assert "甲校教职工思想状况调查" not in _client(world.outsider).get(url).content.decode()
    listing = _client(auditor).get(url).content.decode()
    assert "甲校教职工思想状况调查" in listing
    assert reverse("surveys:survey_create") not in listing
    assert _client(world.org_member).get(url).status_code == 403


def test_admin_writes_builds_and_publishes_a_survey(world):
    design_members(world.org_a, 11)
    admin = _client(world.org_admin)
    # the form with its attribute preview: 12 members of one cell (the world's member is one of them)
    form_page = admin.get(reverse("surveys:survey_create"))
    assert form_page.status_code == 200
    preview = admin.get(
        reverse("surveys:survey_attribute_preview"),
        {"org": world.org_a.pk, "target_kind": "filter", "attributes": ["gender"], "unit_depth": "2"},
    )
    assert "12 人中 12 人的属性可保留" in preview.content.decode()
    # an invalid form names the field
    refused = admin.post(reverse("surveys:survey_create"), {"org": world.org_a.pk, "title": ""})
    assert refused.status_code == 422
    assert "请填写问卷标题" in refused.content.decode()
    response = admin.post(
        reverse("surveys:survey_create"),
        {
            "org": world.org_a.pk,
            "title": "2020年教职工思想状况调查",
            "mode": "anonymous",
            "closes_at": "2099-12-31T17:00",
            "target_kind": "filter",
            "attributes": ["gender", "age_band"],
            "unit_depth": "2",
            "gender": "M",
        },
    )
    survey = Survey.objects.get(title="2020年教职工思想状况调查")
    assert response.status_code == 302
    assert (survey.target_kind, survey.member_filter, survey.attributes) == (
        TargetKind.FILTER,
        {"gender": "M"},
        ["gender", "age_band"],
    )
    add = reverse("surveys:question_create", args=[survey.public_id])
    admin.post(
        add,
        {
            "kind": "single",
            "text": "您对工会工作是否满意？",
            "options": "满意\n不满意",
            "required": "on",
            "scale_min": 1,
            "scale_max": 5,
        },
    )
    bad = admin.post(
        add, {"kind": "single", "text": "只有一个选项", "options": "满意", "scale_min": 1, "scale_max": 5}
    )
    assert "请至少填写两个选项" in bad.content.decode()
    admin.post(
        add,
        {"kind": "text", "text": "不满意的原因", "show_if": ["q1::不满意"], "scale_min": 1, "scale_max": 5},
    )
    assert list(survey.questions.values_list("key", "show_if")) == [
        ("q1", {}),
        ("q2", {"question": "q1", "options": ["不满意"]}),
    ]
    # q1 cannot be deleted while q2's skip logic names it: the page says so instead of offering 确认删除
    delete_q1 = admin.get(reverse("surveys:question_delete", args=[survey.public_id, "q1"])).content.decode()
    assert 'id="question-dependants"' in delete_q1
    assert "确认删除" not in delete_q1
    preview = admin.get(reverse("surveys:survey_preview", args=[survey.public_id])).content.decode()
    assert "您对工会工作是否满意？" in preview
    assert 'data-survey-question="q2"' in preview
    # publish
    admin.post(reverse("surveys:survey_publish", args=[survey.public_id]))
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN
    assert AuditLog.objects.filter(object_id=str(survey.pk), summary__startswith="发布问卷").count() == 1
    detail = admin.get(reverse("surveys:survey_detail", args=[survey.public_id])).content.decode()
    assert "题目不能再修改" in detail
    assert "survey-timeline" in detail
    assert admin.get(reverse("surveys:question_create", args=[survey.public_id])).status_code == 403


def test_open_survey_keeps_what_answers_were_given_under(world):
    # given an open sampled survey
    design_members(world.org_a, 4)
    survey = make_survey(
        org=world.org_a, actor=world.org_admin, target_kind=TargetKind.SAMPLE, sample_per_union=3
    )
    make_questions(survey)
    admin = _client(world.org_admin)
    admin.post(reverse("surveys:survey_publish", args=[survey.public_id]))
    survey.refresh_from_db()
    assert (survey.status, survey.sample.count()) == (SurveyStatus.OPEN, 3)
    edit = reverse("surveys:survey_edit", args=[survey.public_id])
    page = admin.get(edit)
    assert "只能修改标题、说明、主题和截止时间" in page.content.decode()
    data = {
        "title": "改名后的调查",
        "mode": "named",
        "closes_at": "2099-06-30T12:00",
        "target_kind": "sample",
        "sample_per_union": "3",
        "unit_depth": "2",
    }
    # when the page is posted with another mode, then only the title and the closing time change
    assert admin.post(edit, data).status_code == 302
    survey.refresh_from_db()
    assert (survey.title, survey.mode, survey.closes_at) == (
        "改名后的调查",
        SurveyMode.ANONYMOUS,
        dt.datetime(2099, 6, 30, 4, 0, tzinfo=dt.UTC),
    )
    detail = admin.get(reverse("surveys:survey_detail", args=[survey.public_id])).content.decode()
    assert survey.sample_seed in detail
    # the service refuses the change, naming the field
    settings = svc.SurveySettings(
        title=survey.title,
        mode=SurveyMode.NAMED,
        closes_at=survey.closes_at,
        target_kind=TargetKind.SAMPLE,
        sample_per_union=3,
    )
    with pytest.raises(ValidationError, match="问卷已发布，不能再修改：填写方式"):
        svc.survey_save(actor=world.org_admin, org=world.org_a, survey=survey, settings=settings)


def test_list_queries_do_not_grow_with_its_rows(world, django_assert_max_num_queries):
    admin = _client(world.org_admin)
    url = reverse("surveys:survey_list")
    make_questions(make_survey(org=world.org_a, actor=world.org_admin))
    admin.get(url)
    with CaptureQueriesContext(connection) as one:
        admin.get(url)
    for n in range(6):
        make_questions(make_survey(org=world.org_a, actor=world.org_admin, title=f"问卷{n}"))
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert "问卷5" in admin.get(url).content.decode()

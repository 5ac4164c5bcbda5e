"""Design's services and selectors: reproducible sampling, publishing (its checks, the sample, the store's
collection), frozen questions, keys never reused, skip logic kept consistent, closing (by hand and by the job),
copying, reminders and the attribute preview."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.accounts.roles import UNION_ADMIN
from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.core.models import TimelineEntry
from gonghui.notifications.models import Notification
from gonghui.responses.choices import CollectionStatus
from gonghui.responses.models import Collection
from gonghui.responses.services import response_submit
from gonghui.surveys.choices import (
    ResponseStatus,
    SurveyMode,
    SurveyQuestionKind,
    SurveyStatus,
    TargetKind,
)
from gonghui.surveys.models import Survey, SurveyQuestion, SurveyResponse, SurveySample
from gonghui.surveys.selectors.design import attribute_preview, reminder_recipients, sample_plan
from gonghui.surveys.services import design as svc
from gonghui.surveys.tests.factories import make_question, make_questions, make_survey
from gonghui.surveys.tests.factories_design import design_members, grassroots

pytestmark = pytest.mark.django_db


def _fields(**extra):
    return svc.QuestionFields(
        kind=extra.pop("kind", SurveyQuestionKind.SINGLE),
        text=extra.pop("text", "您是否满意？"),
        options=extra.pop("options", ("满意", "不满意")),
        **extra,
    )


def _sampled_survey(world, size=3):
    school = grassroots(world.county_x, "DSGN1", "甲县第二中学工会")
    design_members(world.org_a, 5)
    design_members(school, 2)
    survey = make_survey(
        org=world.county_x, actor=world.org_admin, target_kind=TargetKind.SAMPLE, sample_per_union=size
    )
    return survey, school


def test_sample_plan_is_reproducible_from_the_seed(world):
    # given two grassroots unions: org A (6 members with 甲会员) and a school of 2
    survey, school = _sampled_survey(world)
    # when the same seed draws twice, and another seed once
    first = sample_plan(survey, "abc123")
    again = sample_plan(survey, "abc123")
    # then the same members; 3 of org A, all of the small school
    assert first == again
    assert {org.code: len(ids) for org, ids in first.items()} == {"ORGA": 3, "DSGN1": 2}
    others = [sample_plan(survey, f"seed{n}")[world.org_a] for n in range(6)]
    assert any(ids != first[world.org_a] for ids in others)


def test_publish_draws_the_sample_with_a_recorded_seed(world):
    survey, _school = _sampled_survey(world)
    make_questions(survey)
    county_admin = world.org_admin
    RoleGrantFactory.create(user=county_admin, role=UNION_ADMIN, org=world.county_x)
    # when
    svc.survey_publish(actor=county_admin, survey=survey)
    # then the sample matches the plan of the recorded seed, and the store's collection is open
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN
    assert len(survey.sample_seed) == 16
    plan = sample_plan(survey, survey.sample_seed)
    drawn = set(SurveySample.objects.filter(survey=survey).values_list("member_id", flat=True))
    assert drawn == {pk for ids in plan.values() for pk in ids}
    assert len(drawn) == 5
    assert Collection.objects.get().status == CollectionStatus.OPEN
    actions = list(TimelineEntry.objects.filter(object_id=str(survey.pk)).values_list("action", flat=True))
    assert actions == ["sampled", "published"]


@pytest.mark.parametrize(
    ("_case", "questions", "closes_in_days", "members", "message"),
    [
        ("no question", False, 7, True, "请至少添加一道题"),
        ("window ended", True, -1, True, "截止时间已过"),
        ("nobody asked", True, 7, False, "调查对象中没有会员"),
    ],
)
def test_publish_refuses(world, _case, questions, closes_in_days, members, message):
    # given a survey of org B (an empty union unless members are added)
    survey = make_survey(
        org=world.org_b, actor=world.outsider, closes_at=timezone.now() + dt.timedelta(days=closes_in_days)
    )
    if questions:
        make_questions(survey)
    if members:
        design_members(world.org_b, 1)
    # when / then
    with pytest.raises(ValidationError, match=message):
        svc.survey_publish(actor=world.outsider, survey=survey)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.DRAFT
    assert not Collection.objects.exists()


def test_questions_are_frozen_once_published(world):
    survey = make_survey(org=world.org_a, actor=world.org_admin)
    question = make_question(survey=survey, order=1)
    svc.survey_publish(actor=world.org_admin, survey=survey)
    with pytest.raises(ValidationError, match="题目不能再修改"):
        svc.question_save(actor=world.org_admin, survey=survey, fields=_fields(), question=question)
    with pytest.raises(ValidationError, match="题目不能再修改"):
        svc.question_delete(actor=world.org_admin, question=question)
    assert SurveyQuestion.objects.get(survey=survey).text == "第1题"


def test_keys_are_never_reused_and_orders_close_up(world):
    survey = make_survey(org=world.org_a, actor=world.org_admin)
    for n in range(3):
        svc.question_save(actor=world.org_admin, survey=survey, fields=_fields(text=f"题{n}"))
    second = SurveyQuestion.objects.get(survey=survey, key="q2")
    svc.question_delete(actor=world.org_admin, question=second)
    added = svc.question_save(actor=world.org_admin, survey=survey, fields=_fields(text="新题"))
    rows = list(SurveyQuestion.objects.filter(survey=survey).order_by("order").values_list("key", "order"))
    assert added.key == "q4"
    assert rows == [("q1", 1), ("q3", 2), ("q4", 3)]
    # the last one deleted: its key is not given again either
    svc.question_delete(actor=world.org_admin, question=added)
    assert svc.question_save(actor=world.org_admin, survey=survey, fields=_fields()).key == "q5"


def test_skip_logic_must_point_back_and_stays_consistent(world):
    survey = make_survey(org=world.org_a, actor=world.org_admin)
    first = svc.question_save(actor=world.org_admin, survey=survey, fields=_fields())
    text = svc.question_save(actor=world.org_admin, survey=survey, fields=_fields(kind="text", options=()))
    # a condition on a text question, or on options it does not have, is refused
    with pytest.raises(ValidationError) as refused:
        svc.question_save(
            actor=world.org_admin,
            survey=survey,
            fields=_fields(show_if={"question": text.key, "options": ["x"]}),
        )
    assert refused.value.message_dict == {"show_if": ["显示条件只能引用单选、多选或量表题"]}
    with pytest.raises(ValidationError, match="不在第1题的选项中"):
        svc.question_save(
            actor=world.org_admin,
            survey=survey,
            fields=_fields(show_if={"question": "q1", "options": ["一般"]}),
        )
    third = svc.question_save(
        actor=world.org_admin,
        survey=survey,
        fields=_fields(text="原因", show_if={"question": "q1", "options": ["不满意"]}),
    )
    assert third.show_if == {"question": "q1", "options": ["不满意"]}
    # the condition's target keeps its option, cannot go after the question nor be deleted
    with pytest.raises(ValidationError, match="第3题的显示条件用到了本题的选项"):
        svc.question_save(
            actor=world.org_admin, survey=survey, question=first, fields=_fields(options=("满意", "一般"))
        )
    svc.question_move(actor=world.org_admin, question=third, up=True)
    with pytest.raises(ValidationError, match="不能排到它前面"):
        svc.question_move(actor=world.org_admin, question=SurveyQuestion.objects.get(key="q3"), up=True)
    with pytest.raises(ValidationError, match="第2题的显示条件引用了本题"):
        svc.question_delete(actor=world.org_admin, question=first)
    keys = list(SurveyQuestion.objects.filter(survey=survey).order_by("order").values_list("key", flat=True))
    assert keys == ["q1", "q3", "q2"]


def test_close_by_hand_and_by_the_job(world):
    due = make_survey(org=world.org_a, actor=world.org_admin, title="到期问卷")
    later = make_survey(org=world.org_a, actor=world.org_admin, title="未到期问卷")
    for survey in (due, later):
        make_question(survey=survey, order=1)
        svc.survey_publish(actor=world.org_admin, survey=survey)
    Survey.objects.filter(pk=due.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    # when the job runs
    assert svc.close_due_job() == "问卷：自动结束 1 份"
    # then only the due survey and its collection are closed
    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.status, later.status) == (SurveyStatus.CLOSED, SurveyStatus.OPEN)
    assert Collection.objects.get(object_id=str(due.pk)).status == CollectionStatus.CLOSED
    svc.survey_close(actor=world.org_admin, survey=later)
    later.refresh_from_db()
    assert later.status == SurveyStatus.CLOSED
    with pytest.raises(ValidationError, match="只有收集中的问卷"):
        svc.survey_close(actor=world.org_admin, survey=later)


def test_copy_makes_a_draft_with_the_same_questions(world):
    survey = make_survey(org=world.org_a, actor=world.org_admin, status=SurveyStatus.CLOSED)
    make_questions(survey)
    copy = svc.survey_copy(actor=world.org_admin, survey=survey)
    assert (copy.status, copy.title, copy.closes_at) == (SurveyStatus.DRAFT, f"{survey.title}（副本）", None)
    original = list(survey.questions.order_by("order").values_list("key", "kind", "text", "show_if"))
    assert list(copy.questions.order_by("order").values_list("key", "kind", "text", "show_if")) == original


def test_remind_the_unanswered_once_a_day_named(world):
    survey = make_survey(org=world.org_b, actor=world.outsider, mode=SurveyMode.NAMED)
    make_question(survey=survey, order=1)
    answered, waiting, _no_account = (
        design_members(world.org_b, 1, accounts=True)[0],
        design_members(world.org_b, 1, accounts=True)[0],
        design_members(world.org_b, 1)[0],
    )
    svc.survey_publish(actor=world.outsider, survey=survey)
    SurveyResponse.objects.create(
        survey=survey, member=answered, status=ResponseStatus.SUBMITTED, answers={"q1": "满意"}
    )
    # when
    assert svc.survey_remind(actor=world.outsider, survey=survey) == 1
    # then only the member with an account who has not answered is notified, once a day
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [waiting.user_id]
    with pytest.raises(ValidationError, match="每天最多提醒一次"):
        svc.survey_remind(actor=world.outsider, survey=survey)
    assert TimelineEntry.objects.filter(object_id=str(survey.pk), action="reminded").get().note == (
        "提醒未填写的 1 人"
    )


def test_anonymous_reminders_skip_participants(world):
    survey = make_survey(org=world.org_b, actor=world.outsider)
    make_question(survey=survey, order=1)
    first, second = design_members(world.org_b, 2, accounts=True)
    svc.survey_publish(actor=world.outsider, survey=survey)
    response_submit(owner=survey, member=first, answers={"q1": "满意"})
    assert list(reminder_recipients(survey)) == [second.user]


def test_attribute_preview_pools_small_cells(world):
    # given 25 women and 12 men aged 35—44 and 4 men over 55 in org B, the survey keeping 性别 and 年龄段
    design_members(world.org_b, 25, gender="F")
    design_members(world.org_b, 12, gender="M")
    design_members(world.org_b, 4, gender="M", birth_date=dt.date(1960, 1, 1))
    survey = make_survey(org=world.org_b, actor=world.outsider, attributes=["gender", "age_band"])
    # when
    preview = attribute_preview(survey)
    # then the 4 are pooled, and the 12 join them (a pool under ten is topped up by the smallest cell)
    assert (preview.population, preview.kept, preview.attributes) == (41, 25, ("性别", "年龄段"))

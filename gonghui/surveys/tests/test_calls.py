"""课题申报: a call is published to the unions below (told), applied to inside its window within the budget cap,
returned or accepted, reviewed in a reviews round owned by the call, and decided — 立项 with the number
YYYY-KT-NN from the call's union's series, or 不予立项; the call is then 立项完成. Timeline and audit rows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import make_cadre
from gonghui.core.models import AuditLog, TimelineEntry
from gonghui.notifications.models import Notification
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.reviews.models import ReviewEntry
from gonghui.surveys.choices import CallStatus, ProjectAction, ProjectStatus
from gonghui.surveys.selectors.calls import CallFilters, calls_issued, calls_to_apply, review_scores
from gonghui.surveys.services.calls import (
    application_accept,
    application_return,
    application_submit,
    application_update,
    call_close,
    call_create,
    project_approve,
    project_reject,
)

from .factories_calls import application, application_input, call_input, published_call, reviewed

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_admin(world):
    return make_cadre("calls_county_admin", world.county_x)


@pytest.fixture
def call(world, county_admin):
    return published_call(org=world.county_x, actor=county_admin)


def _actions(obj):
    return list(
        TimelineEntry.objects.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name)
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_publish_tells_the_union_admins_below_and_only_them(world, county_admin, call):
    assert call.status == CallStatus.OPEN
    assert _actions(call) == [ProjectAction.CALL_CREATED, ProjectAction.CALL_OPENED]
    note = Notification.objects.get(recipient=world.org_admin)
    assert call.title in note.title
    assert not Notification.objects.filter(recipient=world.outsider).exists()
    assert not Notification.objects.filter(recipient=county_admin).exists()
    assert list(calls_to_apply(world.org_admin)) == [call]
    assert list(calls_to_apply(world.outsider)) == []
    assert list(calls_issued(world.org_admin, CallFilters())) == []


def test_publish_needs_topics_and_a_window_not_past(world, county_admin):
    draft = call_create(org=world.county_x, data=call_input(topics=[]), actor=county_admin)
    from gonghui.surveys.services.calls import call_open

    with pytest.raises(ValidationError) as refused:
        call_open(call=draft, actor=county_admin)
    assert refused.value.message_dict == {"topics": ["请至少填写一个选题方向"]}
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    past = call_create(
        org=world.county_x,
        data=call_input(opens_on=yesterday - dt.timedelta(days=5), closes_on=yesterday),
        actor=county_admin,
    )
    with pytest.raises(ValidationError) as refused:
        call_open(call=past, actor=county_admin)
    assert "closes_on" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        call_create(org=world.county_x, data=call_input(), actor=world.org_admin)  # a union below may not


def test_application_budget_topic_and_applicant_rules(world, county_admin, call):
    with pytest.raises(ValidationError) as refused:
        application(call=call, org=world.org_a, actor=world.org_admin, budget=Decimal("20000.01"))
    assert refused.value.message_dict == {"budget": ["申请经费不能超过单项经费上限 20,000.00 元"]}
    with pytest.raises(ValidationError) as refused:
        application(call=call, org=world.org_a, actor=world.org_admin, topic="别的方向")
    assert refused.value.message_dict == {"topic": ["请选择通知中的选题方向"]}
    with pytest.raises(PermissionDenied):  # org B's admin may not apply for org A
        application(call=call, org=world.org_a, actor=world.outsider)
    with pytest.raises(ValidationError) as refused:  # org B is not below the call's county
        application(call=call, org=world.org_b, actor=world.outsider)
    assert "org" in refused.value.message_dict
    draft = application(call=call, org=world.org_a, actor=world.org_admin, submit=False, plan="")
    with pytest.raises(ValidationError) as refused:
        application_submit(project=draft, actor=world.org_admin)
    assert refused.value.message_dict == {"plan": ["请填写研究方案"]}
    draft.refresh_from_db()
    assert draft.status == ProjectStatus.DRAFT
    assert draft.team == [{"name": "李明", "unit": "甲县第一中学", "role": "问卷设计"}]


def test_submit_only_inside_the_window(world, county_admin, call):
    draft = application(call=call, org=world.org_a, actor=world.org_admin, submit=False)
    call_close(call=call, actor=county_admin)
    with pytest.raises(ValidationError) as refused:
        application_submit(project=draft, actor=world.org_admin)
    assert refused.value.messages == ["申报已截止，不能再提交"]
    later = published_call(
        org=world.county_x,
        actor=county_admin,
        opens_on=timezone.localdate() + dt.timedelta(days=3),
        title="下一期申报",
    )
    early = application(call=later, org=world.org_a, actor=world.org_admin, submit=False)
    with pytest.raises(ValidationError) as refused:
        application_submit(project=early, actor=world.org_admin)
    assert "届时才能提交" in refused.value.messages[0]


def test_return_then_edit_and_submit_again(world, county_admin, call):
    project = application(call=call, org=world.org_a, actor=world.org_admin)
    with pytest.raises(ValidationError) as refused:
        application_return(project=project, note=" ", actor=county_admin)
    assert refused.value.message_dict == {"note": ["请填写退回意见"]}
    with pytest.raises(PermissionDenied):  # the applicant does not return its own application
        application_return(project=project, note="补充预算", actor=world.org_admin)
    application_return(project=project, note="请补充经费预算说明", actor=county_admin)
    project.refresh_from_db()
    assert project.status == ProjectStatus.RETURNED
    assert (
        Notification.objects.filter(recipient=world.org_admin, body__contains="请补充经费预算说明").count()
        == 1
    )
    application_update(
        project=project, data=application_input(budget_note="调研差旅 3000 元"), actor=world.org_admin
    )
    application_submit(project=project, actor=world.org_admin)
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED
    assert project.budget_note == "调研差旅 3000 元"
    assert _actions(project) == [
        ProjectAction.CREATED,
        ProjectAction.SUBMITTED,
        ProjectAction.RETURNED,
        ProjectAction.SUBMITTED,
    ]


def test_review_then_approve_numbers_in_the_call_unions_series(world, county_admin, call):
    # given two applications reviewed, and a third union's application rejected
    branch = OrgFactory.create(
        parent=world.county_x, code="X-CALLS-S2", name="甲县第一中学附属小学工会", level=OrgLevel.GRASSROOTS
    )
    branch_admin = make_cadre("calls_school2_admin", branch)
    first = application(call=call, org=world.org_a, actor=world.org_admin)
    second = application(call=call, org=branch, actor=branch_admin, title="青年教师成长研究")
    third = application(call=call, org=branch, actor=branch_admin, title="第三项")
    application_accept(project=first, actor=county_admin)
    with pytest.raises(ValidationError) as refused:  # no review yet
        project_approve(project=first, approved_budget=Decimal(6000), note="", actor=county_admin)
    assert refused.value.messages == ["请先完成评审（结束评审）后再立项"]
    first.refresh_from_db()
    reviewed(call=call, actor=county_admin, projects=[second])  # first was accepted above
    assert ReviewEntry.objects.filter(round=call.__class__.objects.get(pk=call.pk).review_round).count() == 2
    call.refresh_from_db()
    scores = review_scores(call)
    assert scores[second.pk].score == Decimal(90)
    # when
    approved = project_approve(
        project=first, approved_budget=Decimal(6000), note="同意立项", actor=county_admin
    )
    other = project_approve(project=second, approved_budget=Decimal(5000), note="", actor=county_admin)
    project_reject(project=third, note="选题与通知方向不符", actor=county_admin)
    # then
    year = call.year
    assert (approved.number, other.number) == (f"{year}-KT-01", f"{year}-KT-02")
    assert approved.status == ProjectStatus.APPROVED
    assert approved.approved_budget == Decimal(6000)
    assert Notification.objects.filter(recipient=world.org_admin, title__contains="课题已立项").count() == 1
    assert AuditLog.objects.filter(summary__contains=approved.number).count() == 1
    with pytest.raises(ValidationError):
        project_approve(project=first, approved_budget=Decimal(1), note="", actor=county_admin)
    call_close(call=call, actor=county_admin)
    call.refresh_from_db()
    assert call.status == CallStatus.FINISHED

"""An activity's states follow the workflow table (`quizzes.workflows.ACTIVITY_WORKFLOW`): 草稿 → 已发布 (publish), 草稿 /
已发布 → 已撤销 (cancel, with a reason), 修改 only while a draft. The detail page's buttons come from the same table.

Listed behaviour change (issue 12): the state errors are the workflow's wording, "当前状态“…”下不能执行“…”", where
the services used to say "当前状态“已发布”下不能发布", "只有草稿状态的活动可以修改" and "活动已撤销"."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from gonghui.core.models import AuditAction, AuditLog
from gonghui.core.timeline import timeline_for
from gonghui.orgs.targeting import OrgTarget, TargetKind
from gonghui.quizzes.choices import ActivityStatus
from gonghui.quizzes.services import (
    ActivitySpec,
    activity_cancel,
    activity_publish,
    activity_update,
)
from gonghui.quizzes.workflows import activity_available_actions

from .factories import make_activity, make_bank

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _spec_of(activity):
    return ActivitySpec(
        title="改过的标题",
        starts_at=activity.starts_at,
        ends_at=activity.ends_at,
        banks=list(activity.banks.all()),
        draw_rules=activity.draw_rules,
        targets=[OrgTarget(kind=TargetKind.SUBTREE, org_id=activity.org_id)],
    )


@pytest.mark.parametrize(
    ("_case", "published", "run", "message"),
    [
        (
            "publishing twice",
            True,
            lambda a, actor: activity_publish(activity=a, actor=actor),
            "当前状态“已发布”下不能执行“发布”",
        ),
        (
            "editing a published activity",
            True,
            lambda a, actor: activity_update(activity=a, spec=_spec_of(a), actor=actor),
            "当前状态“已发布”下不能执行“修改”",
        ),
    ],
)
def test_a_refused_transition_says_the_state_and_the_action(organisers, _case, published, run, message):
    # given a published activity of org A
    activity = make_activity(organisers.org_a, make_bank(organisers.org_a), publish=published)
    # when / then
    with pytest.raises(ValidationError) as refused:
        run(activity, organisers.org_admin)
    assert refused.value.messages == [message]


def test_cancelling_twice_is_refused_with_the_state(organisers):
    # given an activity the organiser cancelled
    activity = make_activity(organisers.org_a, make_bank(organisers.org_a))
    activity_cancel(activity=activity, actor=organisers.org_admin, reason="时间冲突")
    # when / then
    with pytest.raises(ValidationError) as refused:
        activity_cancel(activity=activity, actor=organisers.org_admin, reason="再撤一次")
    assert refused.value.messages == ["当前状态“已撤销”下不能执行“撤销”"]


def test_publish_and_cancel_write_one_timeline_row_each(organisers):
    # given a draft
    activity = make_activity(organisers.org_a, make_bank(organisers.org_a), publish=False)
    # when it is published, then cancelled
    activity_publish(activity=activity, actor=organisers.org_admin)
    activity_cancel(activity=activity, actor=organisers.org_admin, reason="时间冲突")
    # then the timeline has the creation and one row per transition, with the states and the notes (the open
    # activity's start notice is a row of its own)
    rows = list(timeline_for(activity).exclude(action="notify").order_by("created_at", "id"))
    assert [(r.action, r.from_state, r.to_state) for r in rows] == [
        ("create", "", "draft"),
        ("publish", "draft", "published"),
        ("cancel", "published", "cancelled"),
    ]
    assert rows[1].note == "参与单位 1 个，应参与会员 1 人"
    assert rows[2].note == "时间冲突"


def test_someone_without_manage_on_the_activity_union_may_not_publish(organisers):
    # given a draft of org A; org B's organiser holds quizzes.manage only on org B
    activity = make_activity(organisers.org_a, make_bank(organisers.org_a), publish=False)
    # when / then
    assert activity_available_actions(activity, organisers.outsider) == []
    with pytest.raises(PermissionDenied):
        activity_publish(activity=activity, actor=organisers.outsider)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DRAFT


@pytest.mark.parametrize(
    ("_case", "publish", "cancel", "actions"),
    [
        ("a draft", False, False, ["edit", "publish", "cancel"]),
        ("a published activity", True, False, ["cancel"]),
        ("a cancelled activity", True, True, []),
    ],
)
def test_the_detail_page_shows_the_buttons_the_workflow_allows(organisers, _case, publish, cancel, actions):
    # given
    activity = make_activity(organisers.org_a, make_bank(organisers.org_a), publish=publish)
    if cancel:
        activity_cancel(activity=activity, actor=organisers.org_admin, reason="时间冲突")
    # when
    response = _client(organisers.org_admin).get(
        reverse("quizzes:activity_detail", args=[activity.public_id])
    )
    # then
    assert sorted(response.context["actions"]) == sorted(actions)
    body = response.content.decode()
    for name, url_name in (
        ("edit", "activity_edit"),
        ("publish", "activity_publish"),
        ("cancel", "activity_cancel"),
    ):
        shown = reverse(f"quizzes:{url_name}", args=[activity.public_id]) in body
        assert shown is (name in actions), name


def test_the_edit_page_of_a_published_activity_sends_the_organiser_back(organisers):
    activity = make_activity(organisers.org_a, make_bank(organisers.org_a))
    response = _client(organisers.org_admin).get(reverse("quizzes:activity_edit", args=[activity.public_id]))
    assert response.status_code == 302
    assert response["Location"] == activity.get_absolute_url()


def test_publishing_and_cancelling_from_the_pages_audit_with_the_visitors_address(organisers):
    # given a draft of org A
    activity = make_activity(organisers.org_a, make_bank(organisers.org_a), publish=False)
    organiser = _client(organisers.org_admin)
    # when the organiser publishes and then cancels it from the pages
    organiser.post(
        reverse("quizzes:activity_publish", args=[activity.public_id]), HTTP_USER_AGENT="测试浏览器"
    )
    organiser.post(reverse("quizzes:activity_cancel", args=[activity.public_id]), {"reason": "时间冲突"})
    # then both admin-edit audit rows carry the address and browser the view passed as its AuditContext
    rows = AuditLog.objects.filter(action=AuditAction.ADMIN_EDIT).order_by("id")
    assert [(r.summary, r.ip_address) for r in rows] == [
        ("发布答题活动“工会法知识答题”", "127.0.0.1"),
        ("撤销答题活动“工会法知识答题”：时间冲突", "127.0.0.1"),
    ]
    assert rows[0].user_agent == "测试浏览器"

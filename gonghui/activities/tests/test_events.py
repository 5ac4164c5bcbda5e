"""Activities (part events, services and statistics): a draft published then cancelled with its live
registrations cancelled by the organiser and the members told; the field rules each named on its field; the
capacity kept at or above the confirmed places; spending refused beyond the budget left; the statistics rolled up
per child union with cells under 10 people shown as "<10"."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.activities.choices import (
    ActivityAction,
    ActivityKind,
    ActivityStatus,
    RegistrationAction,
    RegistrationStatus,
)
from gonghui.activities.models import ActivitySpending, Registration
from gonghui.activities.selectors.events import activity_stats
from gonghui.activities.services.events import (
    activity_cancel,
    activity_publish,
    activity_update,
    spending_add,
    spending_remove,
)
from gonghui.activities.tests.factories_events import attend, create_activity, crowd, details, register
from gonghui.core.timeline import timeline_for
from gonghui.ledger.tests.factories import make_line
from gonghui.members.tests.factories import MemberFactory
from gonghui.notifications.models import Notification


def test_create_publish_cancel_cancels_live_registrations_and_tells_the_members(world):
    # given: a published activity with 甲会员 confirmed, one waitlisted and one who had cancelled
    activity = create_activity(org=world.org_a, actor=world.org_admin, capacity=1)
    assert activity.status == ActivityStatus.DRAFT
    activity_publish(activity=activity, actor=world.org_admin)
    confirmed = register(activity, world.member_a)
    waiting = register(activity, MemberFactory.create(org=world.org_a), RegistrationStatus.WAITLISTED)
    gone = register(activity, MemberFactory.create(org=world.org_a), RegistrationStatus.CANCELLED)
    # when
    result = activity_cancel(activity=activity, reason="场馆临时检修", actor=world.org_admin)
    # then
    activity.refresh_from_db()
    assert (activity.status, activity.cancelled_reason) == (ActivityStatus.CANCELLED, "场馆临时检修")
    assert result.registrations == 2
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses == {
        confirmed.pk: RegistrationStatus.CANCELLED,
        waiting.pk: RegistrationStatus.CANCELLED,
        gone.pk: RegistrationStatus.CANCELLED,
    }
    assert timeline_for(confirmed).get().action == RegistrationAction.CANCELLED_BY_ORGANISER
    assert not timeline_for(gone).exists()
    assert [e.action for e in timeline_for(activity)] == [
        ActivityAction.CREATED,
        ActivityAction.PUBLISHED,
        ActivityAction.CANCELLED,
    ]
    note = Notification.objects.get(recipient=world.org_member)
    assert "场馆临时检修" in note.body
    assert note.url == f"/portal/activities/{activity.public_id}/"


def test_cancel_needs_a_reason_and_happens_once(world):
    activity = create_activity(org=world.org_a, actor=world.org_admin)
    with pytest.raises(ValidationError) as error:
        activity_cancel(activity=activity, reason="  ", actor=world.org_admin)
    assert error.value.message_dict["reason"] == ["请填写取消原因"]
    activity_cancel(activity=activity, reason="天气原因", actor=world.org_admin)
    with pytest.raises(ValidationError, match="活动已取消"):
        activity_cancel(activity=activity, reason="再次", actor=world.org_admin)


@pytest.mark.parametrize(
    ("_case", "over", "field", "message"),
    [
        ("end before start", {"ends_at": timezone.now()}, "ends_at", "结束时间必须晚于开始时间"),
        (
            "sign-up closing after the end",
            {"signup_closes_at": timezone.now() + dt.timedelta(days=30)},
            "signup_closes_at",
            "报名截止不能晚于活动结束时间",
        ),
        (
            "cancel cutoff after the start",
            {"cancel_cutoff": timezone.now() + dt.timedelta(days=8)},
            "cancel_cutoff",
            "取消报名截止不能晚于活动开始时间",
        ),
        ("capacity 0", {"capacity": 0}, "capacity", "名额至少为 1；不限名额请留空"),
        ("negative budget", {"budget": Decimal("-1")}, "budget", "活动预算不能为负数"),
    ],
)
def test_field_rules_name_their_field(world, _case, over, field, message):
    with pytest.raises(ValidationError) as error:
        create_activity(org=world.org_a, actor=world.org_admin, **over)
    assert error.value.message_dict[field] == [message]


def test_budget_line_must_be_of_the_organisers_union(world):
    other_line = make_line(world.org_b)
    with pytest.raises(ValidationError) as error:
        create_activity(org=world.org_a, actor=world.org_admin, budget_line=other_line)
    assert "不属于“甲县第一中学工会”的经费" in error.value.message_dict["budget_line"][0]
    own = create_activity(org=world.org_a, actor=world.org_admin, budget_line=make_line(world.org_a))
    assert own.budget_line is not None


def test_edit_after_publish_keeps_capacity_at_confirmed_places(world):
    # given: two confirmed places
    activity = create_activity(org=world.org_a, actor=world.org_admin, capacity=5)
    activity_publish(activity=activity, actor=world.org_admin)
    register(activity, world.member_a)
    register(activity, MemberFactory.create(org=world.org_a))
    base = {"starts_at": activity.starts_at, "ends_at": activity.ends_at}
    # when / then
    with pytest.raises(ValidationError) as error:
        activity_update(activity=activity, details=details(capacity=1, **base), actor=world.org_admin)
    assert "已有 2 人报名成功，名额不能少于 2" in error.value.message_dict["capacity"][0]
    activity_update(
        activity=activity, details=details(capacity=2, place="新体育馆", **base), actor=world.org_admin
    )
    activity.refresh_from_db()
    assert (activity.capacity, activity.place, activity.status) == (2, "新体育馆", ActivityStatus.PUBLISHED)
    assert timeline_for(activity).values_list("note", flat=True).last() == "修改了地点、名额"


def test_spending_never_beyond_the_budget_left(world):
    activity = create_activity(org=world.org_a, actor=world.org_admin, budget=Decimal("500.00"))
    today = timezone.localdate()
    first = spending_add(
        activity=activity, amount="300", purpose="场地费", spent_on=today, actor=world.org_admin
    )
    with pytest.raises(ValidationError) as error:
        spending_add(
            activity=activity, amount="200.01", purpose="奖品", spent_on=today, actor=world.org_admin
        )
    assert "尚余 200.00 元" in error.value.message_dict["amount"][0]
    spending_add(activity=activity, amount="200", purpose="奖品", spent_on=today, actor=world.org_admin)
    spending_remove(spending=first, actor=world.org_admin)
    assert list(ActivitySpending.objects.values_list("purpose", flat=True)) == ["奖品"]
    actions = [e.action for e in timeline_for(activity)]
    assert actions[-3:] == [ActivityAction.SPENT, ActivityAction.SPENT, ActivityAction.SPENDING_REMOVED]
    unbudgeted = create_activity(org=world.org_a, actor=world.org_admin, title="无预算活动")
    with pytest.raises(ValidationError, match="活动未设预算"):
        spending_add(activity=unbudgeted, amount="1", purpose="水", spent_on=today, actor=world.org_admin)


def test_stats_roll_up_child_unions_and_hide_small_cells(world):
    # given: org A (under 甲县) 12 registered, 9 attended; org B (under 乙县) 3 registered; a cancelled one
    year = timezone.localdate().year
    start = dt.datetime(year, 6, 10, 9, 0, tzinfo=timezone.get_current_timezone())
    big = create_activity(org=world.org_a, actor=world.org_admin, starts_at=start)
    small = create_activity(org=world.org_b, actor=world.outsider, starts_at=start, kind=ActivityKind.LECTURE)
    dropped = create_activity(org=world.org_a, actor=world.org_admin, starts_at=start, title="取消的活动")
    for activity, status in ((big, "published"), (small, "published"), (dropped, "cancelled")):
        activity.status = status
        activity.save(update_fields=["status"])
    crowd(big, registered=12, attended=9)
    crowd(small, registered=3, attended=0)
    attend(dropped, world.member_a)
    # when
    stats = activity_stats(world.city, year)
    # then
    rows = {row.label: row for row in stats.by_union}
    assert list(rows) == ["测试市教科文卫体工会（本级）", "甲县教育工会", "乙县教育工会"]
    x, y = rows["甲县教育工会"], rows["乙县教育工会"]
    assert (x.activities, x.registrations_shown, x.attendances_shown) == (1, "12", "<10")
    assert x.rate_shown == "—"
    assert (y.registrations_shown, y.attendances_shown, y.rate_shown) == ("<10", "0", "—")
    assert (stats.total.activities, stats.total.registrations, stats.total.attendances) == (2, 15, 9)
    assert stats.total.rate_shown == "—"
    assert stats.by_month[5].activities == 2
    crowd(big, registered=0, attended=0)
    for member in MemberFactory.create_batch(2, org=world.org_a):
        attend(big, member, register(big, member))
    assert activity_stats(world.city, year).by_union[1].rate_shown == f"{11 * 100 / 14:.1f}%"

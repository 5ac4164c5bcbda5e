"""Activity pages (part events): the three-actor matrix on the list, the page, 修改 and 取消活动 (org A's admin,
org A's plain member 403, org B's admin 404 and an empty list); the list's filters and counts; 新建 storing the
audience's member criteria and showing a rule's message on its field; 取消活动 through its confirmation page;
删除支出 through its; the exports read back as workbooks."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.activities.choices import ActivityKind, ActivityStatus
from gonghui.activities.models import Activity, ActivitySpending
from gonghui.activities.services.events import activity_publish
from gonghui.activities.tests.factories_events import attend, create_activity, crowd, register
from gonghui.core.excel import read_rows, sheet_names


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _when(delta: dt.timedelta) -> str:
    return timezone.localtime(timezone.now() + delta).strftime("%Y-%m-%dT%H:%M")


def _form(**over):
    return {
        "org": "ORGA",
        "title": "教职工趣味运动会",
        "kind": ActivityKind.SPORTS,
        "place": "学校操场",
        "starts_at": _when(dt.timedelta(days=10)),
        "ends_at": _when(dt.timedelta(days=10, hours=3)),
        "audience_key": "org",
        "signup_required": "on",
        "capacity": "50",
        "waitlist": "on",
        "reminder_hours": "24",
        "late_after_minutes": "15",
        **over,
    }


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("org A's admin manages it", "org_admin", 200),
        ("plain member of org A may not", "org_member", 403),
        ("org B's admin does not see it", "outsider", 404),
    ],
)
def test_list_detail_edit_cancel_three_actors(world, _case, actor, status):
    activity = create_activity(org=world.org_a, actor=world.org_admin, title="甲校羽毛球赛")
    client = _client(getattr(world, actor))
    for name in ("activities:detail", "activities:edit", "activities:cancel"):
        assert client.get(reverse(name, args=[activity.pk])).status_code == status, name
    listing = client.get(reverse("activities:list"))
    assert listing.status_code == (403 if actor == "org_member" else 200)
    assert ("甲校羽毛球赛" in listing.content.decode()) is (actor == "org_admin")
    posted = client.post(reverse("activities:cancel", args=[activity.pk]), {"reason": "测试"})
    assert posted.status_code == (302 if actor == "org_admin" else status)
    activity.refresh_from_db()
    assert (activity.status == ActivityStatus.CANCELLED) is (actor == "org_admin")


def test_list_filters_and_counts(world):
    # given: a published sports activity next week with 2 of 3 places taken and 1 attended, a lecture last month
    sports = create_activity(
        org=world.org_a, actor=world.org_admin, title="羽毛球赛", capacity=3, place="体育馆"
    )
    activity_publish(activity=sports, actor=world.org_admin)
    crowd(sports, registered=2, attended=1)
    past = timezone.now() - dt.timedelta(days=40)
    create_activity(
        org=world.org_a,
        actor=world.org_admin,
        title="心理健康讲座",
        kind="lecture",
        starts_at=past,
        place="报告厅",
    )
    client = _client(world.org_admin)
    url = reverse("activities:list")

    def titles(query: str) -> list[str]:
        page = client.get(url + query).context["page"]
        return [a.title for a in page.object_list]

    assert titles("") == ["羽毛球赛", "心理健康讲座"]
    assert titles("?q=体育馆") == ["羽毛球赛"]
    assert titles("?kind=lecture") == ["心理健康讲座"]
    assert titles("?status=published") == ["羽毛球赛"]
    assert titles("?when=past") == ["心理健康讲座"]
    assert titles("?when=upcoming&org=ORGA") == ["羽毛球赛"]
    assert titles("?org=ORGB") == []
    assert titles(f"?month={timezone.localtime(past):%Y-%m}") == ["心理健康讲座"]
    row = client.get(url + "?q=羽毛球").content.decode()
    assert "2/3" in row
    assert "没有符合条件的活动" in client.get(url + "?q=不存在").content.decode()


def test_create_stores_the_member_criteria_and_names_a_rule_on_its_field(world):
    client = _client(world.org_admin)
    url = reverse("activities:create")
    page = client.get(url)
    assert page.status_code == 200
    assert "符合条件" in page.content.decode()
    wrong = client.post(url, _form(ends_at=_when(dt.timedelta(days=9))))
    assert wrong.status_code == 200
    assert "结束时间必须晚于开始时间" in wrong.content.decode()
    done = client.post(url, _form(gender="F"))
    activity = Activity.objects.get()
    assert done["Location"] == reverse("activities:detail", args=[activity.pk])
    assert (activity.org, activity.status, activity.member_filter) == (world.org_a, "draft", {"gender": "F"})
    detail = client.get(done["Location"]).content.decode()
    assert "按会员条件筛选" in detail
    assert "发布" in detail
    client.post(reverse("activities:publish", args=[activity.pk]))
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PUBLISHED


def test_org_b_admin_cannot_create_for_org_a(world):
    response = _client(world.outsider).post(reverse("activities:create"), _form())
    assert response.status_code == 200
    assert "所选主办工会不可用" in response.content.decode()
    assert not Activity.objects.exists()


def test_cancel_page_warns_and_tells_the_registrants(world):
    activity = create_activity(org=world.org_a, actor=world.org_admin)
    activity_publish(activity=activity, actor=world.org_admin)
    register(activity, world.member_a)
    client = _client(world.org_admin)
    url = reverse("activities:cancel", args=[activity.pk])
    assert "目前有 <strong>1</strong> 人报名" in client.get(url).content.decode()
    empty = client.post(url, {"reason": ""})
    assert "请填写取消原因" in empty.content.decode()
    done = client.post(url, {"reason": "场馆检修"}, follow=True)
    assert "1 人的报名随之取消，已通知 1 人" in done.content.decode()
    assert "活动已取消。原因：场馆检修" in done.content.decode()


def test_spending_page_and_delete_confirmation(world):
    activity = create_activity(org=world.org_a, actor=world.org_admin, budget=Decimal("300"))
    client = _client(world.org_admin)
    url = reverse("activities:spendings", args=[activity.pk])
    today = timezone.localdate().isoformat()
    over = client.post(url, {"amount": "301", "purpose": "场地费", "spent_on": today})
    assert "超出预算" in over.content.decode()
    client.post(url, {"amount": "120", "purpose": "场地费", "spent_on": today})
    spending = ActivitySpending.objects.get()
    assert "尚余" in client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    delete_url = reverse("activities:spending_delete", args=[spending.pk])
    assert _client(world.outsider).get(delete_url).status_code == 404
    assert _client(world.org_member).get(url).status_code == 403
    assert "确认删除" in client.get(delete_url).content.decode()
    client.post(delete_url)
    assert not ActivitySpending.objects.exists()


def test_exports_read_back(world):
    activity = create_activity(org=world.org_a, actor=world.org_admin, title="导出的活动")
    activity_publish(activity=activity, actor=world.org_admin)
    attend(activity, world.member_a, register(activity, world.member_a))
    client = _client(world.org_admin)
    assert client.get(reverse("activities:export")).status_code == 405
    listing = client.post(reverse("activities:export") + "?kind=sports")
    rows = read_rows(listing.content)
    assert rows[0][0] == "活动名称"
    assert rows[1][0] == "导出的活动"
    year = timezone.localtime(activity.starts_at).year
    stats = client.post(reverse("activities:stats_export") + f"?org=ORGA&year={year}")
    assert sheet_names(stats.content) == ["按工会", "按类型", "按月份"]
    union_rows = read_rows(stats.content, sheet="按工会")
    assert union_rows[2][:3] == ["甲县第一中学工会（本级）", 1, "<10"]
    page = client.get(reverse("activities:stats") + f"?org=ORGA&year={year}")
    assert "&lt;10" in page.content.decode()

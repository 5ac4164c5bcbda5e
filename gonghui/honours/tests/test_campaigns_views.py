"""The runner's pages: the list (search, filters, 新建评选 for managers only, empty state, the campaigns above open
to nominate to), create and edit (reward lines and their errors, a running campaign's short form), the hub
(facts, stage progress, blockers and 进入下一阶段, counts, quota, links that exist), start, advance and cancel.
Actors: org A's admin (the runner), org A's plain member (403), org B's admin (404), a county admin above a city
campaign (sees it once it runs, never runs it)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_cadre
from gonghui.honours.choices import CampaignCategory, CampaignStatus, NominationStatus, Stage
from gonghui.honours.models import HonourCampaign
from gonghui.honours.services.campaigns import campaign_create
from gonghui.ledger.tests.factories import make_line

from .factories import make_campaign, make_nomination

TITLE = "甲校2026年度优秀教师评选"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _later(days: int = 30) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


@pytest.fixture
def draft(world):
    return campaign_create(
        org=world.org_a,
        title=TITLE,
        year=2026,
        category=CampaignCategory.MODEL_EMPLOYEE,
        nominee_kind="person",
        nomination_deadline=_later(),
        criteria="师德高尚",
        quota_total=6,
        reward_levels=[{"level": "优秀教师", "amount": "2000"}],
        actor=world.org_admin,
    )


def _form(world, **extra):
    data = {
        "org": world.org_a.pk,
        "title": "2026年度最美教师评选",
        "year": "2026",
        "category": CampaignCategory.MOST_BEAUTIFUL,
        "nominee_kind": "person",
        "criteria": "爱岗敬业",
        "materials": "推荐审批表\n事迹材料\n",
        "stages": ["county_review", "notice"],
        "nomination_deadline": timezone.localtime(_later()).strftime("%Y-%m-%dT%H:%M"),
        "wants_stories": "",
        "reward_levels": "最美教师=3000\n提名奖＝500元",
        "budget_line": "",
        "quota_total": "10",
        "quota_issuer": "",
        "quota_reference": "",
    }
    data.update(extra)
    return data


# ---- the list ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status", "sees", "can_create"),
    [
        ("org admin sees its campaign and may create", "org_admin", 200, True, True),
        ("plain member is refused", "org_member", 403, False, False),
        ("org B admin sees nothing of org A", "outsider", 200, False, True),
    ],
)
def test_list_access(world, draft, _case, actor, status, sees, can_create):
    response = _client(getattr(world, actor)).get(reverse("honours:list"))
    assert response.status_code == status
    body = response.content.decode()
    assert (TITLE in body) is sees
    assert ("新建评选" in body) is can_create


def test_list_searches_and_filters(world, draft):
    make_campaign(
        org=world.org_a,
        actor=world.org_admin,
        title="往年最美护士评选",
        year=2025,
        category=CampaignCategory.MOST_BEAUTIFUL,
    )
    client = _client(world.org_admin)

    def titles(**query):
        body = client.get(reverse("honours:list"), query).content.decode()
        return [t for t in (TITLE, "往年最美护士评选") if t in body]

    assert titles() == [TITLE, "往年最美护士评选"]
    assert titles(year="2025") == ["往年最美护士评选"]
    assert titles(status=CampaignStatus.DRAFT) == [TITLE]
    assert titles(category=CampaignCategory.MOST_BEAUTIFUL) == ["往年最美护士评选"]
    assert titles(q="护士") == ["往年最美护士评选"]
    assert "没有符合条件的评选" in client.get(reverse("honours:list"), {"q": "无此评选"}).content.decode()


def test_list_empty_state(world):
    body = _client(world.org_admin).get(reverse("honours:list")).content.decode()
    assert "还没有评选" in body
    assert "点击“新建评选”" in body


def test_a_county_admin_sees_a_running_city_campaign_but_not_a_draft_and_runs_neither(world):
    city_admin = make_cadre("city_admin", world.city)
    county_admin = make_cadre("county_x_admin", world.county_x)
    running = make_campaign(org=world.city, actor=city_admin, title="全市焦作标兵评选")
    draft = make_campaign(
        org=world.city, actor=city_admin, title="全市筹备中评选", status=CampaignStatus.DRAFT
    )
    client = _client(county_admin)
    listed = client.get(reverse("honours:list")).content.decode()
    assert "全市焦作标兵评选" in listed
    assert "全市筹备中评选" not in listed
    assert "上级工会正在征集推荐" in listed
    assert "去推荐" in listed
    page = client.get(reverse("honours:detail", args=[running.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "进入下一阶段" not in body
    nominate = reverse("honours:nomination_create", args=[running.pk])
    assert nominate in body
    runner_page = _client(city_admin).get(reverse("honours:detail", args=[running.pk])).content.decode()
    assert nominate not in runner_page
    assert reverse("honours:edit", args=[running.pk]) not in body
    assert client.get(reverse("honours:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("honours:edit", args=[running.pk])).status_code == 403
    assert (
        client.post(reverse("honours:advance", args=[running.pk]), {"close_early": "on"}).status_code == 403
    )
    assert client.post(reverse("honours:cancel", args=[running.pk]), {"reason": "x"}).status_code == 403
    assert HonourCampaign.objects.get(pk=running.pk).status == CampaignStatus.RUNNING
    assert set(HonourCampaign.objects.visible_to(county_admin, "honours.view")) == {running}
    assert set(HonourCampaign.objects.visible_to(county_admin, "honours.manage")) == set()


# ---- create and edit ---------------------------------------------------------------------------------------------


def test_create_page_makes_a_campaign_with_lines_stages_and_quota(world):
    line = make_line(world.org_a, purpose="评先奖励")
    response = _client(world.org_admin).post(
        reverse("honours:create"), _form(world, budget_line=str(line.pk))
    )
    campaign = HonourCampaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("honours:detail", args=[campaign.pk])
    assert campaign.stages == [Stage.NOMINATE, Stage.COUNTY_REVIEW, Stage.NOTICE, Stage.NAME]
    assert campaign.materials == ["推荐审批表", "事迹材料"]
    assert campaign.reward_levels == [
        {"level": "最美教师", "amount": "3000"},
        {"level": "提名奖", "amount": "500"},
    ]
    assert campaign.wants_stories is True
    assert campaign.budget_line == line
    assert campaign.quota_set is not None
    assert campaign.quota_set.total == 10


@pytest.mark.parametrize(
    ("_case", "extra", "message"),
    [
        ("reward line without =", {"reward_levels": "最美教师 3000"}, "第 1 行：格式应为“称号或等次=金额”"),
        ("reward amount not a number", {"reward_levels": "甲=1\n乙=很多"}, "第 2 行：奖励金额“很多”不是数字"),
        ("issuer without", {"quota_total": "0"}, "推荐名额至少为 1"),
        ("no title", {"title": ""}, "请填写评选名称"),
    ],
)
def test_create_page_shows_chinese_errors(world, _case, extra, message):
    response = _client(world.org_admin).post(reverse("honours:create"), _form(world, **extra))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not HonourCampaign.objects.exists()


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("plain member", "org_member", 403), ("org B admin: org A is no choice", "outsider", 422)],
)
def test_create_refused(world, _case, actor, status):
    response = _client(getattr(world, actor)).post(reverse("honours:create"), _form(world))
    assert response.status_code == status
    assert not HonourCampaign.objects.exists()


def test_budget_lines_offered_are_the_managed_unions_only(world):
    make_line(world.org_a, purpose="甲校评先奖励")
    make_line(world.org_b, purpose="乙院评先奖励")
    body = _client(world.org_admin).get(reverse("honours:create")).content.decode()
    assert "甲校评先奖励" in body
    assert "乙院评先奖励" not in body


def test_edit_a_draft_and_then_a_running_campaign(world, draft):
    client = _client(world.org_admin)
    url = reverse("honours:edit", args=[draft.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(world, title="改过的评选", quota_total="8"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "改过的评选"
    assert draft.quota_set is not None
    assert draft.quota_set.total == 8
    HonourCampaign.objects.filter(pk=draft.pk).update(status=CampaignStatus.RUNNING)
    page = client.get(url).content.decode()
    assert "只能修改评选名称和评选条件" in page
    assert 'name="stages"' not in page
    response = client.post(url, {"title": "进行中改名", "criteria": "新条件"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.criteria, draft.quota_set.total) == ("进行中改名", "新条件", 8)
    assert draft.stages == [Stage.NOMINATE, Stage.COUNTY_REVIEW, Stage.NOTICE, Stage.NAME]


@pytest.mark.parametrize(
    ("_case", "actor", "status"), [("member", "org_member", 403), ("org B", "outsider", 404)]
)
def test_edit_refused(world, draft, _case, actor, status):
    client = _client(getattr(world, actor))
    assert client.get(reverse("honours:edit", args=[draft.pk])).status_code == status
    assert (
        client.post(reverse("honours:edit", args=[draft.pk]), _form(world, title="篡改")).status_code
        == status
    )
    draft.refresh_from_db()
    assert draft.title == TITLE


# ---- the hub -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("org admin", "org_admin", 200), ("plain member", "org_member", 403), ("org B admin", "outsider", 404)],
)
def test_detail_access(world, draft, _case, actor, status):
    response = _client(getattr(world, actor)).get(reverse("honours:detail", args=[draft.pk]))
    assert response.status_code == status
    if status == 200:
        body = response.content.decode()
        assert "开始推荐" in body
        assert "名额分配" in body
        assert "优秀教师：2000 元" in body


def test_hub_shows_progress_blockers_counts_and_part_links(world):
    campaign = make_campaign(org=world.org_a, actor=world.org_admin)
    make_nomination(
        campaign=campaign,
        nominating_org=world.org_a,
        actor=world.org_admin,
        nominee_name="李老师",
        status=NominationStatus.DRAFT,
    )
    body = _client(world.org_admin).get(reverse("honours:detail", args=[campaign.pk])).content.decode()
    assert 'aria-current="step">1 基层推荐' in body
    assert "进入“县区审核”前还需" in body
    assert "甲县第一中学工会·李老师（草稿）" in body
    assert "提前结束推荐" in body
    assert "进入下一阶段：县区审核" in body
    assert "data-confirm" in body
    assert "草稿</dt>" in body
    assert reverse("honours:nominations", args=[campaign.pk]) in body
    # a stage not reached yet has no link
    assert reverse("honours:naming", args=[campaign.pk]) not in body


def test_start_advance_and_cancel_pages(world, draft):
    client = _client(world.org_admin)
    detail = reverse("honours:detail", args=[draft.pk])
    response = client.post(reverse("honours:start", args=[draft.pk]))
    assert response.status_code == 302
    assert response["Location"] == detail
    draft.refresh_from_db()
    assert (draft.status, draft.stage) == (CampaignStatus.RUNNING, Stage.NOMINATE)
    # refused with the blockers flashed
    response = client.post(reverse("honours:advance", args=[draft.pk]), follow=True)
    assert "不能进入下一阶段：" in response.content.decode()
    make_nomination(campaign=draft, nominating_org=world.org_a, actor=world.org_admin)
    response = client.post(reverse("honours:advance", args=[draft.pk]), {"close_early": "on"}, follow=True)
    assert "评选已进入“命名”阶段" in response.content.decode()
    draft.refresh_from_db()
    assert draft.stage == Stage.NAME
    # cancel asks for a reason
    response = client.post(reverse("honours:cancel", args=[draft.pk]), {"reason": ""}, follow=True)
    assert "请填写撤销原因" in response.content.decode()
    response = client.post(reverse("honours:cancel", args=[draft.pk]), {"reason": "暂停评选"}, follow=True)
    assert "评选已撤销" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == CampaignStatus.CANCELLED
    assert reverse("honours:edit", args=[draft.pk]) not in client.get(detail).content.decode()


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("plain member", "org_member", 403), ("org B admin", "outsider", 404)],
)
def test_actions_refused(world, draft, _case, actor, status):
    client = _client(getattr(world, actor))
    for name in ("start", "advance", "cancel"):
        assert client.post(reverse(f"honours:{name}", args=[draft.pk]), {"reason": "x"}).status_code == status
    draft.refresh_from_db()
    assert draft.status == CampaignStatus.DRAFT

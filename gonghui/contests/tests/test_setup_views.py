"""The organiser's pages: the list (search, filters, 新建竞赛 for managers only, empty state), create and edit, the
contest's page as its hub, groups, rounds (award rules typed as lines, errors naming the row), start and finish.
Actors: org A's admin (organiser), org A's plain member (403), org B's admin (404), a county admin above a city
contest (sees it once it runs, never edits it)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_cadre
from gonghui.contests.choices import ContestStatus, EntryKind
from gonghui.contests.models import Contest, ContestGroup, ContestRound
from gonghui.contests.services.contests import contest_create, group_add, round_add
from gonghui.members.selectors.filters import MemberFilter
from gonghui.quotas.models import QuotaSet

from .factories import make_contest, make_contest_round, make_group


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _later(days: int = 30) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


@pytest.fixture
def contest(world):
    contest = contest_create(
        org=world.org_a,
        title="甲校教学技能竞赛",
        year=2026,
        closes_on=timezone.localdate() + dt.timedelta(days=90),
        co_organisers=["测试市教育局"],
        eligibility=MemberFilter(age_bands=("lt35",)),
        actor=world.org_admin,
    )
    group_add(
        contest=contest,
        name="小学语文",
        entry_kind=EntryKind.INDIVIDUAL,
        team_size_max=1,
        actor=world.org_admin,
    )
    round_add(
        contest=contest,
        name="基层初赛",
        entry_deadline=_later(),
        quota_total=40,
        promote_count=3,
        award_rules=[{"level": "一等奖", "basis": "share", "value": "0.1"}],
        actor=world.org_admin,
    )
    return contest


# ---- the list ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status", "sees", "can_create"),
    [
        ("org admin sees its contest and may create", "org_admin", 200, True, True),
        ("plain member is refused", "org_member", 403, False, False),
        ("org B admin sees nothing of org A", "outsider", 200, False, True),
    ],
)
def test_list_access(world, contest, _case, actor, status, sees, can_create):
    response = _client(getattr(world, actor)).get(reverse("contests:list"))
    assert response.status_code == status
    body = response.content.decode()
    assert ("甲校教学技能竞赛" in body) is sees
    assert ("新建竞赛" in body) is can_create


def test_list_searches_and_filters_by_year_and_status(world, contest):
    # given
    make_contest(org=world.org_a, actor=world.org_admin, title="往年护理技能竞赛", year=2025)
    client = _client(world.org_admin)

    # when / then
    def titles(**query):
        body = client.get(reverse("contests:list"), query).content.decode()
        return [t for t in ("甲校教学技能竞赛", "往年护理技能竞赛") if t in body]

    assert titles() == ["甲校教学技能竞赛", "往年护理技能竞赛"]
    assert titles(year="2025") == ["往年护理技能竞赛"]
    assert titles(status=ContestStatus.DRAFT) == ["甲校教学技能竞赛"]
    assert titles(q="护理") == ["往年护理技能竞赛"]
    assert "没有符合条件的竞赛" in client.get(reverse("contests:list"), {"q": "无此竞赛"}).content.decode()


def test_list_empty_state_for_a_union_without_contests(world):
    body = _client(world.org_admin).get(reverse("contests:list")).content.decode()
    assert "还没有竞赛" in body


def test_list_does_not_grow_queries_with_contests(world, django_assert_max_num_queries):
    for n in range(12):
        make_contest(org=world.org_a, actor=world.org_admin, title=f"竞赛{n}")
    client = _client(world.org_admin)
    client.get(reverse("contests:list"))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("contests:list")).status_code == 200


# ---- create and edit ---------------------------------------------------------------------------------------------


def test_create_page_makes_a_contest_with_co_organisers_and_eligibility(world):
    # when
    response = _client(world.org_admin).post(
        reverse("contests:create"),
        {
            "org": world.org_a.pk,
            "title": "2026年甲校护理技能竞赛",
            "year": "2026",
            "closes_on": (timezone.localdate() + dt.timedelta(days=60)).isoformat(),
            "co_organisers": "测试市卫健委\n\n 测试市卫健委 \n测试市教育局",
            "description": "",
            "age_bands": ["lt35", "35-45"],
        },
    )
    # then
    contest = Contest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("contests:detail", args=[contest.pk])
    assert contest.co_organisers == ["测试市卫健委", "测试市教育局"]
    assert contest.eligibility == {"age_bands": ["lt35", "35-45"]}


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("plain member", "org_member", 403), ("org B admin: org A is no choice", "outsider", 422)],
)
def test_create_page_refuses_others(world, _case, actor, status):
    response = _client(getattr(world, actor)).post(
        reverse("contests:create"),
        {"org": world.org_a.pk, "title": "x", "year": "2026", "closes_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == status
    assert not Contest.objects.exists()


def test_create_page_shows_the_service_errors_on_their_fields(world):
    response = _client(world.org_admin).post(
        reverse("contests:create"),
        {"org": world.org_a.pk, "title": "竞赛", "year": "2026", "closes_on": "2000-01-01"},
    )
    assert response.status_code == 422
    assert "结束日期不能早于今天" in response.content.decode()


def test_edit_page_for_the_organiser_only(world, contest):
    url = reverse("contests:edit", args=[contest.pk])
    assert _client(world.org_member).get(url).status_code == 403
    assert _client(world.outsider).get(url).status_code == 404
    response = _client(world.org_admin).post(
        url,
        {
            "title": "改名竞赛",
            "year": "2026",
            "closes_on": contest.closes_on.isoformat(),
            "co_organisers": "测试市教育局",
            "employment": [],
        },
    )
    assert response.status_code == 302
    contest.refresh_from_db()
    assert (contest.title, contest.eligibility) == ("改名竞赛", {})


# ---- the contest's page ------------------------------------------------------------------------------------------


def test_detail_is_the_hub_for_the_organiser(world, contest):
    # when
    response = _client(world.org_admin).get(reverse("contests:detail", args=[contest.pk]))
    # then
    assert response.status_code == 200
    body = response.content.decode()
    contest_round = ContestRound.objects.select_related("quota_set").get(contest=contest)
    assert contest_round.quota_set is not None
    for text in (
        "测试市教育局",
        "年龄：35岁以下",
        "小学语文",
        "基层初赛",
        "共 40 · 已分配 0 · 已用 0",
        "每组前 3 名晋级",
        "一等奖：每组前 10%",
        reverse("quotas:set_detail", args=[contest_round.quota_set.public_id]),
        reverse("contests:round_entries", args=[contest_round.pk]),
        reverse("contests:round_judging", args=[contest_round.pk]),
        reverse("contests:round_results", args=[contest_round.pk]),
        reverse("contests:round_edit", args=[contest_round.pk]),
        reverse("contests:publication", args=[contest.pk]),
        reverse("contests:library_list"),
        reverse("accounts:object_grants", args=["contests.contest", contest.pk]),
        "开始竞赛",
        'id="contest-timeline"',
    ):
        assert text in body, text
    assert "结束竞赛" not in body


@pytest.mark.parametrize(
    ("_case", "actor", "status"), [("plain member", "org_member", 403), ("org B admin", "outsider", 404)]
)
def test_detail_refused(world, contest, _case, actor, status):
    assert (
        _client(getattr(world, actor)).get(reverse("contests:detail", args=[contest.pk])).status_code
        == status
    )


def test_a_county_admin_sees_a_running_city_contest_but_not_a_draft_and_edits_neither(world):
    # given
    city_admin = make_cadre("city_admin", world.city)
    county_admin = make_cadre("county_x_admin", world.county_x)
    running = make_contest(org=world.city, actor=city_admin, title="全市进行中竞赛")
    draft = make_contest(org=world.city, actor=city_admin, title="全市筹备中竞赛", status=ContestStatus.DRAFT)
    client = _client(county_admin)
    # when / then: the list and the pages
    listed = client.get(reverse("contests:list")).content.decode()
    assert "全市进行中竞赛" in listed
    assert "全市筹备中竞赛" not in listed
    page = client.get(reverse("contests:detail", args=[running.pk]))
    assert page.status_code == 200
    assert "开始竞赛" not in page.content.decode()
    assert reverse("contests:edit", args=[running.pk]) not in page.content.decode()
    assert client.get(reverse("contests:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("contests:edit", args=[running.pk])).status_code == 403
    assert client.post(reverse("contests:finish", args=[running.pk])).status_code == 403
    assert Contest.objects.get(pk=running.pk).status == ContestStatus.RUNNING
    # the visibility rule itself
    assert set(Contest.objects.visible_to(county_admin, "contests.view")) == {running}
    assert set(Contest.objects.visible_to(county_admin, "contests.manage")) == set()


# ---- groups and rounds -------------------------------------------------------------------------------------------


def test_group_add_and_remove_pages(world, contest):
    client = _client(world.org_admin)
    # add a team group
    response = client.post(
        reverse("contests:group_add", args=[contest.pk]),
        {"name": "护理团体", "entry_kind": "team", "team_size_max": "3"},
    )
    assert response.status_code == 302
    group = ContestGroup.objects.get(contest=contest, name="护理团体")
    assert group.team_size_max == 3
    # a duplicate name is shown on the form page
    again = client.post(
        reverse("contests:group_add", args=[contest.pk]), {"name": "护理团体", "entry_kind": "individual"}
    )
    assert again.status_code == 422
    assert "本竞赛已有组别「护理团体」" in again.content.decode()
    # the remove button asks first, then removes
    assert (
        'data-confirm="确定删除组别「护理团体」吗？"'
        in client.get(reverse("contests:detail", args=[contest.pk])).content.decode()
    )
    remove = reverse("contests:group_remove", args=[contest.pk, group.pk])
    assert _client(world.outsider).post(remove).status_code == 404
    assert _client(world.org_member).post(remove).status_code == 403
    assert client.get(remove).status_code == 405
    assert client.post(remove).status_code == 302
    assert not ContestGroup.objects.filter(pk=group.pk).exists()


def test_round_add_page_reads_award_lines_and_names_the_bad_row(world, contest):
    client = _client(world.org_admin)
    url = reverse("contests:round_add", args=[contest.pk])
    deadline = timezone.localtime(_later(20)).strftime("%Y-%m-%dT%H:%M")
    # a malformed second line
    bad = client.post(
        url, {"name": "市级决赛", "entry_deadline": deadline, "award_rules": "一等奖 按名次 1\n二等奖 前十"}
    )
    assert bad.status_code == 422
    assert "第 2 行：格式应为" in bad.content.decode()
    # a rule the service refuses, still naming its row
    refused = client.post(
        url,
        {
            "name": "市级决赛",
            "entry_deadline": deadline,
            "award_rules": "一等奖 按名次 1\n二等奖 按比例 150%",
        },
    )
    assert "第 2 行：按比例评定时，比例须大于 0 且不超过 1" in refused.content.decode()
    # good lines
    ok = client.post(
        url,
        {
            "name": "市级决赛",
            "entry_deadline": deadline,
            "quota_total": "12",
            "award_rules": "一等奖 按名次 1\n二等奖：按比例 10%\n优秀奖 比例 0.5",
        },
    )
    assert ok.status_code == 302
    final = ContestRound.objects.get(contest=contest, level=2)
    assert final.award_rules == [
        {"level": "一等奖", "basis": "count", "value": "1"},
        {"level": "二等奖", "basis": "share", "value": "0.1"},
        {"level": "优秀奖", "basis": "share", "value": "0.5"},
    ]
    assert QuotaSet.objects.filter(pk=final.quota_set_id or 0).values_list("total", flat=True).get() == 12
    # the edit page shows the rules back as lines
    edit = client.get(reverse("contests:round_edit", args=[final.pk])).content.decode()
    assert "二等奖 按比例 0.1" in edit


def test_round_edit_page_for_the_organiser_only(world, contest):
    contest_round = ContestRound.objects.get(contest=contest)
    url = reverse("contests:round_edit", args=[contest_round.pk])
    assert _client(world.org_member).get(url).status_code == 403
    assert _client(world.outsider).get(url).status_code == 404
    response = _client(world.org_admin).post(
        url,
        {
            "name": "基层初赛",
            "entry_deadline": timezone.localtime(contest_round.entry_deadline).strftime("%Y-%m-%dT%H:%M"),
            "quota_total": "50",
            "promote_share": "0.3",
        },
    )
    assert response.status_code == 302
    contest_round.refresh_from_db()
    assert contest_round.quota_set is not None
    assert (contest_round.quota_set.total, contest_round.promote_count, str(contest_round.promote_share)) == (
        50,
        None,
        "0.300",
    )


def test_start_and_finish_buttons(world, contest):
    client = _client(world.org_admin)
    detail = reverse("contests:detail", args=[contest.pk])
    assert _client(world.org_member).post(reverse("contests:start", args=[contest.pk])).status_code == 403
    assert _client(world.outsider).post(reverse("contests:start", args=[contest.pk])).status_code == 404
    assert client.post(reverse("contests:start", args=[contest.pk])).status_code == 302
    assert Contest.objects.get(pk=contest.pk).status == ContestStatus.RUNNING
    body = client.get(detail).content.decode()
    assert 'data-confirm="结束后竞赛不能再修改' in body
    assert client.post(reverse("contests:finish", args=[contest.pk])).status_code == 302
    assert Contest.objects.get(pk=contest.pk).status == ContestStatus.FINISHED
    finished = client.get(detail).content.decode()
    assert "结束竞赛" not in finished
    assert reverse("contests:edit", args=[contest.pk]) not in finished
    assert "竞赛记录" in finished


def test_start_refused_without_groups_shows_why(world):
    contest = make_contest(org=world.org_a, actor=world.org_admin, status=ContestStatus.DRAFT)
    make_contest_round(contest=contest)
    client = _client(world.org_admin)
    response = client.post(reverse("contests:start", args=[contest.pk]), follow=True)
    assert "不能开始：请先添加至少一个组别" in response.content.decode()
    assert Contest.objects.get(pk=contest.pk).status == ContestStatus.DRAFT
    make_group(contest=contest)
    client.post(reverse("contests:start", args=[contest.pk]))
    assert Contest.objects.get(pk=contest.pk).status == ContestStatus.RUNNING

"""Pages of part teams: the three actors on the list, the team page, 修改 and the export (org A's admin; org A's
plain member 403; org B's admin 404); 新建 and the roster from the page; the export reads back (core.excel), has no ID
numbers, is audited and no-store; the city union's 批准 / 退回 (a county admin is refused); the member's 我的参赛;
the city's 待审核 count; the portal tile and card."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import make_cadre, make_member_user
from gonghui.activities.choices import DelegationStatus
from gonghui.activities.models import Delegation, DelegationMember
from gonghui.activities.registrations.teams import COUNTER, PORTAL_CARD, PORTAL_TILE
from gonghui.activities.services.teams import delegation_approve, delegation_submit
from gonghui.core.choices import AuditAction
from gonghui.core.excel import read_rows
from gonghui.core.models import AuditLog
from gonghui.core.registry import home_counters, portal_cards, portal_tiles

from .factories_teams import city_admin, make_delegation, members_of, ready_roster

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("org B's admin sees nothing", "outsider", 404),
        ("the plain member may not use the console", "org_member", 403),
        ("org A's admin opens, edits and exports", "org_admin", 200),
    ],
)
def test_team_pages_by_actor(request, world, _case, actor, status):
    # given a team of org A
    delegation = make_delegation(world, name="甲中教工羽毛球队")
    ready_roster(world, delegation)
    client = _client(request.getfixturevalue(actor))
    # when
    pages = [
        client.get(reverse(name, args=[delegation.pk]))
        for name in ("activities:delegation_detail", "activities:delegation_edit")
    ]
    edited = client.post(
        reverse("activities:delegation_edit", args=[delegation.pk]),
        {
            "name": "改名",
            "event_name": delegation.event_name,
            "event_starts_on": delegation.event_starts_on.isoformat(),
            "event_ends_on": delegation.event_ends_on.isoformat(),
        },
    )
    exported = client.post(reverse("activities:delegation_export", args=[delegation.pk]))
    listed = client.get(reverse("activities:delegation_list"))
    # then
    assert [p.status_code for p in pages] == [status] * 2
    assert edited.status_code == (302 if status == 200 else status)
    assert exported.status_code == status
    delegation.refresh_from_db()
    assert delegation.name == ("改名" if status == 200 else "甲中教工羽毛球队")
    assert AuditLog.objects.filter(action=AuditAction.EXPORT).count() == (1 if status == 200 else 0)
    assert listed.status_code == (403 if status == 403 else 200)
    assert ("改名" in listed.content.decode()) is (status == 200)


def test_create_a_team_and_build_its_roster_from_the_pages(world):
    client = _client(world.org_admin)
    player = members_of(world.org_a, 1)[0]
    # when org A's admin creates a team
    response = client.post(
        reverse("activities:delegation_create"),
        {
            "org": world.org_a.pk,
            "name": "甲中教工排球队",
            "event_name": "全省教科文卫体系统气排球比赛",
            "event_organiser": "",
            "event_starts_on": "2027-05-10",
            "event_ends_on": "2027-05-08",
        },
    )
    # then an end before the start is named on its field
    assert "结束日期不能早于开始日期" in response.content.decode()
    response = client.post(
        reverse("activities:delegation_create"),
        {
            "org": world.org_a.pk,
            "name": "甲中教工排球队",
            "event_name": "全省教科文卫体系统气排球比赛",
            "event_organiser": "",
            "event_starts_on": "2027-05-10",
            "event_ends_on": "2027-05-12",
            "max_size": "12",
        },
    )
    delegation = Delegation.objects.get(name="甲中教工排球队")
    assert response["Location"] == reverse("activities:delegation_detail", args=[delegation.pk])
    assert delegation.event_organiser == "河南省教科文卫体工会"
    # and adds a player by number, then removes them
    add_url = reverse("activities:delegation_member_add", args=[delegation.pk])
    client.post(add_url, {"who": player.member_number, "role": "player", "item": "二传"})
    entry = DelegationMember.objects.get(delegation=delegation)
    assert (entry.member, entry.item) == (player, "二传")
    page = client.get(reverse("activities:delegation_detail", args=[delegation.pk])).content.decode()
    assert player.name in page
    assert "data-confirm" in page
    client.post(reverse("activities:delegation_member_remove", args=[entry.pk]))
    assert not DelegationMember.objects.filter(delegation=delegation).exists()


def test_roster_export_for_the_organiser(world):
    # given a team with its leader, two players and a coach who is not a member
    delegation = make_delegation(world, coach_name="王教练")
    ready_roster(world, delegation)
    # when org A's admin exports it
    response = _client(world.org_admin).post(reverse("activities:delegation_export", args=[delegation.pk]))
    # then the workbook has the organiser's columns, the phones, no ID numbers; audited; never cached
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    rows = read_rows(response.content)
    assert rows[2] == ["序号", "姓名", "性别", "单位", "角色", "项目", "联系电话", "个人成绩"]
    assert rows[3][1:7] == ["甲会员", "男", "甲县第一中学", "领队", "男子篮球", "13700001111"]
    assert rows[-1][1:5] == ["王教练", "", "甲县第一中学", "教练"]
    assert len(rows) == 3 + 4
    text = str(rows)
    assert world.member_a.id_number_masked not in text
    log = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert (log.actor, log.object_id, log.detail["rows"]) == (world.org_admin, str(delegation.pk), 3)


def test_the_city_union_decides(world):
    # given a submitted team of org A, a county admin above it and a city admin
    delegation = make_delegation(world)
    ready_roster(world, delegation)
    delegation_submit(delegation=delegation, actor=world.org_admin)
    county = _client(make_cadre("county_x_admin", world.county_x))
    city = _client(city_admin(world))
    approve_url = reverse("activities:delegation_approve", args=[delegation.pk])
    return_url = reverse("activities:delegation_return", args=[delegation.pk])
    # then the county admin sees no 批准 and is refused; org A's admin too
    assert (
        approve_url
        not in county.get(reverse("activities:delegation_detail", args=[delegation.pk])).content.decode()
    )
    assert county.post(approve_url).status_code == 403
    assert 'id="delegation-return-form"' not in county.get(return_url).content.decode()
    assert county.post(return_url, {"reason": "县里退回"}).status_code == 403
    assert _client(world.org_admin).post(approve_url).status_code == 403
    # the city sees the count, 批准 and 退回, and returns with a reason
    listed = city.get(reverse("activities:delegation_list")).content.decode()
    assert 'id="delegation-pending"' in listed
    detail = city.get(reverse("activities:delegation_detail", args=[delegation.pk])).content.decode()
    assert approve_url in detail
    assert return_url in detail
    assert city.post(return_url, {"reason": ""}).status_code == 200
    assert city.post(return_url, {"reason": "请补充队长"}).status_code == 302
    delegation.refresh_from_db()
    assert (delegation.status, delegation.decision_note) == (DelegationStatus.RETURNED, "请补充队长")


def test_home_counter_counts_for_the_city_only(world):
    delegation = make_delegation(world)
    ready_roster(world, delegation)
    delegation_submit(delegation=delegation, actor=world.org_admin)
    counter = home_counters.get(COUNTER)
    assert counter.count(city_admin(world), None) == 1
    assert counter.count(make_cadre("county_x_admin", world.county_x), None) == 0
    assert counter.count(world.org_admin, None) == 0


def test_my_teams_shows_the_members_own_places(world):
    # given a submitted team with org A's member as leader, and another member of org A not on it
    delegation = make_delegation(world, name="甲中教工足球队", event_place="郑州奥体中心")
    ready_roster(world, delegation)
    delegation_submit(delegation=delegation, actor=world.org_admin)
    other_user, _other = make_member_user("13700002222", world.org_a, name="乙会员")
    # when
    mine = _client(world.org_member).get(reverse("activities_portal:my_teams"))
    theirs = _client(other_user).get(reverse("activities_portal:my_teams"))
    # then
    page = mine.content.decode()
    assert "甲中教工足球队 · 领队 · 男子篮球" in page
    assert "待市总审核" in page
    assert "甲中教工足球队" not in theirs.content.decode()
    assert 'id="my-teams-empty"' in theirs.content.decode()


def test_portal_tile_and_card_follow_the_members_teams(world):
    # given org A's member on a draft team: no tile, no card
    tile, card = portal_tiles.get(PORTAL_TILE), portal_cards.get(PORTAL_CARD)
    assert tile.shown is not None
    delegation = make_delegation(world)
    ready_roster(world, delegation)
    assert tile.shown(world.org_member) is False
    # when the team is submitted and approved
    delegation_submit(delegation=delegation, actor=world.org_admin)
    delegation_approve(delegation=delegation, actor=city_admin(world))
    # then the tile shows and the card names the coming event and the member's role
    assert tile.shown(world.org_member) is True
    [item] = card.items(world.org_member)
    assert item.title == "参赛：河南省教科文卫体系统职工篮球赛"
    assert item.detail.endswith(" · 领队")
    assert card.items(world.outsider) == []

"""疗休养 pages: the three-actor matrix (the programme's union, a nominating union below it, its plain member, another
county's admin), a nomination through the candidates page, the member's confirmation on the portal (their own place
only; another member's is a 404) with its receipt, 我的办理 and the portal tile, the scanner turning a confirmed place
into 已报到, the roster (full phones: POST, audited, no-store) and the report up to 市总."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_member_user
from gonghui.core.choices import AuditAction
from gonghui.core.excel import read_rows, sheet_names
from gonghui.core.models import AuditLog
from gonghui.core.registry import member_requests, portal_tiles
from gonghui.welfare.choices import PlaceStatus, ProgrammeStatus
from gonghui.welfare.models import RecuperationPlace, RecuperationProgramme
from gonghui.welfare.services.recuperation import place_confirm, place_nominate
from gonghui.welfare.tests.factories_recuperation import make_programme, org_a_member


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def rcp(world):
    return make_programme(world)


def _nominate(rcp, member, actor):
    return place_nominate(
        programme=rcp.programme, allocation=rcp.allocation_a, member=member, batch=rcp.first, actor=actor
    )


@pytest.mark.parametrize(
    ("_case", "actor", "route", "status"),
    [
        ("another county's admin sees nothing", "outsider", "programme_detail", 404),
        ("another county's admin cannot nominate", "outsider", "place_nominate", 404),
        ("the plain member has no console", "org_member", "programme_detail", 403),
        ("org A nominates within its places", "org_admin", "place_nominate", 200),
        ("org A reads the programme it nominates for", "org_admin", "programme_detail", 200),
        ("org A may not edit the city's programme", "org_admin", "programme_edit", 403),
        ("org A may not split the city's places", "org_admin", "programme_allocate", 403),
        ("the city edits its programme", "city_admin", "programme_edit", 200),
    ],
)
def test_programme_pages_access(world, rcp, _case, actor, route, status):
    user = rcp.city_admin if actor == "city_admin" else getattr(world, actor)
    response = _client(user).get(reverse(f"welfare:{route}", args=[rcp.programme.pk]))
    assert response.status_code == status


def test_nominating_through_the_candidates_page(world, rcp):
    nurse = org_a_member(world, "张护士", tagged=True)
    org_a_member(world, "安会员")
    url = reverse("welfare:place_nominate", args=[rcp.programme.pk])
    client = _client(world.org_admin)
    page = client.get(url).content.decode()
    assert page.index("张护士") < page.index("安会员")  # the front line first
    assert "一线优先" in page
    # an org B member's id posted is refused like an unknown one, and nothing is written
    foreign = make_member_user("13700009999", world.org_b, name="乙会员")[1]
    refused = client.post(url, {"member": str(foreign.public_id), "batch": rcp.first.pk})
    assert "请从本会候选人中选择会员" in refused.content.decode()
    response = client.post(url, {"member": str(nurse.public_id), "batch": rcp.first.pk, "reason": "一线护士"})
    assert response.status_code == 302
    place = RecuperationPlace.objects.get(member=nurse)
    assert (place.status, place.front_line, place.org) == (PlaceStatus.NOMINATED, True, world.org_a)
    detail = _client(world.org_admin).get(reverse("welfare:programme_detail", args=[rcp.programme.pk]))
    assert "张护士" in detail.content.decode()
    # the 办理记录 names who nominated (a cadre's timeline, not the member-facing summary)
    timeline = detail.content.decode().split('id="programme-timeline"')[1]
    assert f"{world.org_admin} · 待本人确认" in " ".join(timeline.split())
    # 乙县's admin would see the programme only through an allocation: none, so 404
    assert _client(world.outsider).get(reverse("welfare:place_cancel", args=[place.pk])).status_code == 404


def test_the_member_confirms_their_own_place_on_the_portal(world, rcp):
    place = _nominate(rcp, world.member_a, world.org_admin)
    other_user, other = make_member_user("13700002222", world.org_a, name="乙会员")
    other_place = _nominate(rcp, other, world.org_admin)
    client = _client(world.org_member)
    # the tile, 我的办理 and the list show the place
    shown = portal_tiles.get("welfare.recuperation").shown
    assert shown is not None
    assert shown(world.org_member) is True
    assert shown(world.outsider) is False
    [request] = member_requests.get("welfare.recuperation").requests(world.org_member)
    assert (request.status, request.next_step) == ("待本人确认", "请确认是否参加")
    mine = client.get(reverse("welfare_portal:place_mine")).content.decode()
    assert "云台山职工疗休养基地" in mine
    assert "无传染性疾病" in mine
    # another member's place is a 404, and GET never confirms
    other_url = reverse("welfare_portal:place_confirm", args=[other_place.public_id])
    assert client.get(other_url).status_code == 404
    assert client.post(other_url, {"health_confirmed": "on"}).status_code == 404
    url = reverse("welfare_portal:place_confirm", args=[place.public_id])
    assert client.get(url).status_code == 200
    place.refresh_from_db()
    assert place.status == PlaceStatus.NOMINATED
    # without the health tick it is refused, with it confirmed and the receipt shown
    assert "请阅读健康要求" in client.post(url, {}).content.decode()
    response = client.post(url, {"health_confirmed": "on"}, follow=True)
    assert "确认参加回执" in response.content.decode()
    place.refresh_from_db()
    other_place.refresh_from_db()
    assert (place.status, place.health_confirmed) == (PlaceStatus.CONFIRMED, True)
    assert other_place.status == PlaceStatus.NOMINATED
    assert other_user is not None


def test_the_scanner_checks_in_a_confirmed_member_and_the_place_is_attended(world, rcp):
    nurse = org_a_member(world, "张护士", tagged=True)
    nurse.member_number = "RCP0001"
    nurse.save(update_fields=["member_number"])
    place = _nominate(rcp, nurse, world.org_admin)
    place_confirm(place=place, member=nurse, actor=world.org_admin, health_confirmed=True)
    RecuperationProgramme.objects.filter(pk=rcp.programme.pk).update(status=ProgrammeStatus.RUNNING)
    today = timezone.localdate()
    type(rcp.first).objects.filter(pk=rcp.first.pk).update(
        starts_on=today, ends_on=today + dt.timedelta(days=3)
    )
    url = reverse("welfare:batch_scan", args=[rcp.first.pk])
    assert _client(world.org_admin).get(url).status_code == 403  # org A nominates, the city checks in
    client = _client(rcp.city_admin)
    found = client.post(url, {"step": "find", "number": "RCP0001"})
    assert "张*士" in found.content.decode()
    done = client.post(url, {"step": "confirm", "member": str(nurse.public_id)})
    assert "报到成功" in done.content.decode()
    place.refresh_from_db()
    assert place.status == PlaceStatus.ATTENDED
    detail = client.get(reverse("welfare:batch_detail", args=[rcp.first.pk])).content.decode()
    assert reverse("welfare:batch_scan", args=[rcp.first.pk]) in detail


def test_roster_is_audited_with_full_phones_and_the_report_counts_per_union(world, rcp):
    place = _nominate(rcp, world.member_a, world.org_admin)
    place_confirm(place=place, member=world.member_a, actor=world.org_admin, health_confirmed=True)
    client = _client(rcp.city_admin)
    url = reverse("welfare:batch_roster", args=[rcp.first.pk])
    assert client.get(url).status_code == 405
    assert _client(world.org_admin).post(url).status_code == 403
    response = client.post(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    rows = read_rows(response.content)
    assert rows[-1][1] == "甲会员"
    assert "13700001111" in [str(v) for v in rows[-1]]
    audit = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert "含完整姓名和手机号" in audit.summary
    report = client.get(reverse("welfare:programme_report", args=[rcp.programme.pk]))
    assert sheet_names(report.content) == ["各工会名额使用", "各批次"]
    unions = {str(r[0]).strip("　"): r[1:] for r in read_rows(report.content) if r and r[0]}
    assert [int(v) for v in unions["甲县第一中学工会"]] == [3, 0, 1, 1, 0]


def test_the_city_sets_up_a_programme_and_org_a_cancels_and_substitutes_through_the_pages(world):
    # given the city's cadre (the programme's union) and org A's admin below it
    rcp = make_programme(
        world, nominating=False
    )  # for its cadres; a second programme is made through the pages
    city = _client(rcp.city_admin)
    response = city.post(
        reverse("welfare:programme_create"),
        {
            "org": world.city.pk,
            "name": "2026年劳模疗休养",
            "year": 2026,
            "issuer": "焦作市总工会",
            "places_received": 4,
            "priority_tag": "",
            "no_repeat_years": 3,
        },
    )
    programme = RecuperationProgramme.objects.get(name="2026年劳模疗休养")
    assert response["Location"] == reverse("welfare:programme_detail", args=[programme.pk])
    today = timezone.localdate()
    batch_url = reverse("welfare:batch_create", args=[programme.pk])
    batch = {"name": "第一批", "resort": "云台山", "starts_on": today + dt.timedelta(days=9)}
    batch |= {"ends_on": today + dt.timedelta(days=12), "capacity": 5}
    assert "超过收到的名额 4 个" in city.post(batch_url, batch).content.decode()
    assert city.post(batch_url, batch | {"capacity": 4}).status_code == 302
    over = city.post(
        reverse("welfare:programme_allocate", args=[programme.pk]), {f"org_{world.county_x.pk}": 5}
    )
    assert "超过可分配的 4 个" in over.content.decode()
    city.post(reverse("welfare:programme_allocate", args=[programme.pk]), {f"org_{world.county_x.pk}": 2})
    city.post(reverse("welfare:programme_advance", args=[programme.pk]))
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.NOMINATING
    # when 甲县's own allocation nominates a member of org A, who is then cancelled and substituted
    county = _client(rcp.county_admin)
    nominate = reverse("welfare:place_nominate", args=[programme.pk])
    first, second = org_a_member(world, "赵老师"), org_a_member(world, "钱老师")
    batch_pk = programme.batches.get().pk
    assert county.post(nominate, {"member": str(first.public_id), "batch": batch_pk}).status_code == 302
    place = RecuperationPlace.objects.get(member=first)
    cancel = reverse("welfare:place_cancel", args=[place.pk])
    assert "请勾选确认" in county.post(cancel, {"reason": "未通过体检"}).content.decode()
    assert county.post(cancel, {"reason": "未通过体检", "confirm": "on"}).status_code == 302
    substitute = reverse("welfare:place_substitute", args=[place.pk])
    assert "钱老师" in county.get(substitute).content.decode()
    assert county.post(substitute, {"member": str(second.public_id), "batch": batch_pk}).status_code == 302
    # then the old place is replaced and the new one names it
    place.refresh_from_db()
    assert place.status == PlaceStatus.SUBSTITUTED
    assert RecuperationPlace.objects.get(member=second).substitute_for == place
    detail = city.get(reverse("welfare:programme_detail", args=[programme.pk])).content.decode()
    assert "替补赵老师" in detail
    assert "取消名额" in detail  # the timeline

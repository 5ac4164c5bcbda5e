"""Fixes from the Chromium walk of the 报名 pages: 查找 on the entry form keeps what the cadre chose and says when the
list is cut; a withdrawn entry still names its people (已退赛) and a replaced person stays on the entry's page
(已换下); the 队长 badge only in team groups; the reasons' errors name the field; the 换人 / 退赛 breadcrumbs run
through the contest."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.contests.models import Entry, EntryMember
from gonghui.contests.services.entries import entry_create, entry_replace, entry_withdraw

from .test_entries_factories import contest_setup, teacher


@pytest.fixture
def setup(world):
    return contest_setup(world)


def _checked(body: str, name: str, pk: int) -> bool:
    tag = re.search(rf'<input[^>]*name="{name}" value="{pk}"[^>]*>', body)
    assert tag is not None, f"{name} {pk} not listed"
    return " checked" in tag.group(0)


# ---- 1. 查找 keeps the form ----------------------------------------------------------------------------------


def test_search_keeps_every_value_and_the_ticked_people(client, world, setup):
    zhang1, zhang2 = teacher(world.org_a, "张一"), teacher(world.org_a, "张二")
    li = teacher(world.org_a, "李三")
    client.force_login(world.org_admin)
    url = reverse("contests:entry_add", args=[setup.round1.pk])
    data = {
        "entrant_org": world.org_a.pk,
        "group": setup.team.pk,
        "title": "护理课题",
        "members": [zhang1.pk, zhang2.pk],
        "leader": zhang2.pk,
        "q": "李",
        "search": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert Entry.objects.count() == 0  # a search creates nothing
    body = response.content.decode()
    assert _checked(body, "members", zhang1.pk)
    assert _checked(body, "members", zhang2.pk)
    assert not _checked(body, "members", li.pk)  # found by the search, not ticked
    assert _checked(body, "leader", zhang2.pk)
    assert 'value="护理课题"' in body
    assert re.search(rf'<option value="{setup.team.pk}"[^>]*selected', body)
    assert 'value="李"' in body
    assert "这个字段是必填项" not in body
    assert "请指定队长" not in body
    # then submitting the same form enters the team, the leader first
    del data["search"]
    assert client.post(url, data).status_code == 302
    entry = Entry.objects.get()
    assert entry.title == "护理课题"
    assert list(EntryMember.objects.filter(entry=entry, is_leader=True).values_list("member", flat=True)) == [
        zhang2.pk
    ]


def test_search_of_an_empty_form_shows_no_errors_and_ticks_nobody(client, world, setup):
    teacher(world.org_a, "王五")
    client.force_login(world.org_admin)
    url = reverse("contests:entry_add", args=[setup.round1.pk])
    body = client.post(url, {"q": "王", "search": "1"}).content.decode()
    assert "王五" in body
    assert "请选择参赛人员" not in body
    assert Entry.objects.count() == 0


def test_the_cut_list_says_so(client, world, setup, monkeypatch):
    monkeypatch.setattr("gonghui.contests.views.entries.CANDIDATES_SHOWN", 2)
    for name in ("甲一", "甲二", "甲三"):
        teacher(world.org_a, name)
    client.force_login(world.org_admin)
    url = reverse("contests:entry_add", args=[setup.round1.pk])
    assert "仅显示前 2 人，请输入姓名缩小范围" in client.get(url).content.decode()
    assert "仅显示前" not in client.get(url, {"q": "甲一"}).content.decode()


def test_the_search_is_a_button_of_the_entry_form(client, world, setup):
    client.force_login(world.org_admin)
    body = client.get(reverse("contests:entry_add", args=[setup.round1.pk])).content.decode()
    form = body[body.index('id="entry-form"') : body.index("</form>", body.index('id="entry-form"'))]
    assert 'name="q"' in form
    assert 'name="search"' in form
    assert 'id="entry-search"' in form
    assert (
        '<form method="get" class="row g-2" role="search">' not in body
    )  # the old search form that lost it all


# ---- 2. a withdrawn entry keeps its people; a replaced person stays visible --------------------------------


def _team_entry(world, setup):
    a, b, c = teacher(world.org_a, "队长甲"), teacher(world.org_a, "队员乙"), teacher(world.org_a, "替补丙")
    entry = entry_create(
        contest_round=setup.round1,
        group=setup.team,
        entrant_org=world.org_a,
        members=[a, b],
        actor=world.org_admin,
    )
    return entry, a, b, c


def test_a_withdrawn_entry_lists_its_people_and_the_replaced_one_on_its_page(client, world, setup):
    entry, _a, b, c = _team_entry(world, setup)
    entry_replace(entry=entry, old_member=b, new_member=c, reason="另有任务", actor=world.org_admin)
    entry_withdraw(entry=entry, reason="工作冲突", actor=world.org_admin)
    client.force_login(world.org_admin)

    listing = client.get(reverse("contests:round_entries", args=[setup.round1.pk])).content.decode()
    row = listing[listing.index(f'data-entry="{entry.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "队长甲" in row
    assert "替补丙" in row
    assert "已退赛" in row
    assert "队员乙" not in row  # replaced before the withdrawal: not one of those who withdrew

    page = client.get(reverse("contests:entry_detail", args=[entry.pk])).content.decode()
    table = page[page.index('id="entry-people"') :]
    table = table[: table.index("</table>")]
    rows = {name: r for r in table.split("<tr") for name in ("队长甲", "队员乙", "替补丙") if name in r}
    assert "已退赛" in rows["队长甲"]
    assert "队长" in rows["队长甲"]
    assert "已退赛" in rows["替补丙"]
    assert "已换下" in rows["队员乙"]
    assert "已退赛" not in rows["队员乙"]


def test_a_live_entry_shows_a_replaced_person_as_such(client, world, setup):
    entry, _a, b, c = _team_entry(world, setup)
    entry_replace(entry=entry, old_member=b, new_member=c, reason="另有任务", actor=world.org_admin)
    client.force_login(world.org_admin)
    page = client.get(reverse("contests:entry_detail", args=[entry.pk])).content.decode()
    assert "已换下" in page
    assert "已退赛" not in page
    listing = client.get(reverse("contests:round_entries", args=[setup.round1.pk])).content.decode()
    row = listing[listing.index(f'data-entry="{entry.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "替补丙" in row
    assert "队员乙" not in row
    assert "已退赛" not in row


def test_the_list_of_withdrawn_entries_costs_no_more_queries(client, world, setup):
    entry, *_ = _team_entry(world, setup)
    client.force_login(setup.organiser)
    url = reverse("contests:round_entries", args=[setup.round1.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    entry_withdraw(entry=entry, reason="工作冲突", actor=world.org_admin)
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


# ---- 3. 队长 only in team groups ------------------------------------------------------------------------------


def test_no_leader_badge_on_an_individual_entry(client, world, setup):
    solo = entry_create(
        contest_round=setup.round1,
        group=setup.solo,
        entrant_org=world.org_a,
        members=[teacher(world.org_a, "独行者")],
        actor=world.org_admin,
    )
    team, *_ = _team_entry(world, setup)
    client.force_login(world.org_admin)
    solo_page = client.get(reverse("contests:entry_detail", args=[solo.pk])).content.decode()
    assert ">队长</span>" not in solo_page
    team_page = client.get(reverse("contests:entry_detail", args=[team.pk])).content.decode()
    assert ">队长</span>" in team_page


# ---- 4. the reasons' errors name the field ------------------------------------------------------------------


def test_empty_reasons_name_the_field(client, world, setup):
    entry, a, _b, c = _team_entry(world, setup)
    client.force_login(world.org_admin)
    withdraw = client.post(
        reverse("contests:entry_withdraw", args=[entry.pk]), {"reason": ""}
    ).content.decode()
    assert "请填写退赛原因" in withdraw
    assert "这个字段是必填项" not in withdraw
    replace = client.post(
        reverse("contests:entry_replace", args=[entry.pk]),
        {"old_member": a.pk, "new_member": c.pk, "reason": ""},
    ).content.decode()
    assert "请填写换人原因" in replace
    assert "这个字段是必填项" not in replace
    nobody = client.post(reverse("contests:entry_replace", args=[entry.pk]), {"reason": "x"}).content.decode()
    assert "请选择换上人员" in nobody
    assert "这个字段是必填项" not in nobody
    entry.refresh_from_db()
    assert entry.status != "withdrawn"


# ---- 5. breadcrumbs ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["entry_withdraw", "entry_replace"])
def test_change_pages_breadcrumbs_run_through_the_contest(client, world, setup, page):
    entry, *_ = _team_entry(world, setup)
    client.force_login(world.org_admin)
    body = client.get(reverse(f"contests:{page}", args=[entry.pk])).content.decode()
    crumbs = body[body.index("breadcrumb-item") :]
    order = [
        reverse("contests:list"),
        reverse("contests:detail", args=[setup.contest.pk]),
        reverse("contests:round_entries", args=[setup.round1.pk]),
        reverse("contests:entry_detail", args=[entry.pk]),
    ]
    positions = [crumbs.index(f'href="{url}"') for url in order]
    assert positions == sorted(positions)
    assert setup.contest.title in crumbs[: positions[-1]]

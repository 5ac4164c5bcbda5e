"""The member's side of 报名: 我的竞赛 (my entries, 确认参赛, the running contests my union enters me in), my entry's
page (another member gets 404), 确认参赛 with its receipt in 消息, 我的办理 and the home's 待办."""

import pytest
from django.urls import reverse

from conftest import make_member_user
from gonghui.contests.choices import EntryStatus
from gonghui.contests.models import EntryMember
from gonghui.contests.selectors.entries import entry_todo_items, receipt_number
from gonghui.contests.services.entries import entry_create, entry_withdraw
from gonghui.members.choices import JobCategory
from gonghui.members.models import Member
from gonghui.notifications.models import Notification

from .test_entries_factories import contest_setup, teacher_user

TEACHERS_ONLY = {"job_categories": [JobCategory.TEACHER.value]}


@pytest.fixture
def setup(world):
    return contest_setup(world, eligibility=TEACHERS_ONLY)


@pytest.fixture
def mine(world, setup):
    """org A's plain member (a teacher) entered in the first round."""
    Member.objects.filter(pk=world.member_a.pk).update(job_category=JobCategory.TEACHER)
    world.member_a.refresh_from_db()
    return entry_create(
        contest_round=setup.round1,
        group=setup.solo,
        entrant_org=world.org_a,
        members=[world.member_a],
        actor=world.org_admin,
        title="《秋天》教学设计",
    )


def test_my_contests_lists_my_entry_waiting_and_the_contests_of_my_unions(client, world, setup, mine):
    client.force_login(world.org_member)
    response = client.get(reverse("contests_portal:my_contests"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "2026年全市教育系统教学技能竞赛" in body
    assert "待确认" in body
    assert reverse("contests_portal:my_entry_confirm", args=[mine.public_id]) in body
    assert "由所在工会统一报名" in body
    assert response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]


def test_a_contest_i_am_not_eligible_for_is_not_offered(client, world, setup):
    # the member_a is not a teacher
    client.force_login(world.org_member)
    body = client.get(reverse("contests_portal:my_contests")).content.decode()
    assert "目前没有您可参加、正在报名的竞赛" in body
    assert "您还没有竞赛报名" in body


def test_my_entry_is_mine_only(client, world, setup, mine):
    client.force_login(world.org_member)
    response = client.get(reverse("contests_portal:my_entry", args=[mine.public_id]))
    assert response.status_code == 200
    assert "确认参赛" in response.content.decode()
    # another member of the same union
    other, _member = make_member_user("13700009999", world.org_a, name="乙会员")
    client.force_login(other)
    assert client.get(reverse("contests_portal:my_entry", args=[mine.public_id])).status_code == 404
    assert client.post(reverse("contests_portal:my_entry_confirm", args=[mine.public_id])).status_code == 404
    assert EntryMember.objects.get(entry=mine).confirmed_at is None
    # a cadre without a member record
    client.force_login(world.org_admin)
    assert client.get(reverse("contests_portal:my_entry", args=[mine.public_id])).status_code == 403


def test_confirm_gives_a_receipt_and_the_page_shows_it(client, world, setup, mine):
    client.force_login(world.org_member)
    url = reverse("contests_portal:my_entry_confirm", args=[mine.public_id])
    assert client.get(url).status_code == 302  # a GET changes nothing
    assert EntryMember.objects.get(entry=mine).confirmed_at is None
    response = client.post(url)
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == EntryStatus.CONFIRMED
    person = EntryMember.objects.get(entry=mine)
    number = receipt_number(person)
    receipt = Notification.objects.get(recipient=world.org_member, title="已确认参赛")
    assert (
        receipt.body == f"已确认参加《2026年全市教育系统教学技能竞赛》基层初赛·小学语文（回执编号 {number}）"
    )
    page = client.get(reverse("contests_portal:my_entry", args=[mine.public_id])).content.decode()
    assert number in page
    assert "已确认" in page


def test_my_requests_and_the_home_todo(client, world, setup, mine):
    client.force_login(world.org_member)
    body = client.get(reverse("portal:requests")).content.decode()
    assert "竞赛报名" in body
    assert "请确认参赛" in body
    items = entry_todo_items(world.org_member)
    assert [i.url for i in items] == [reverse("contests_portal:my_entry", args=[mine.public_id])]
    assert items[0].title == "请确认参赛：2026年全市教育系统教学技能竞赛"
    home = client.get(reverse("portal:home")).content.decode()
    assert "请确认参赛：2026年全市教育系统教学技能竞赛" in home
    # once confirmed, nothing waits any more
    client.post(reverse("contests_portal:my_entry_confirm", args=[mine.public_id]))
    assert entry_todo_items(world.org_member) == []
    body = client.get(reverse("portal:requests")).content.decode()
    assert "已确认" in body


def test_a_withdrawn_entry_reads_withdrawn_and_offers_no_confirmation(client, world, setup, mine):
    entry_withdraw(entry=mine, actor=world.org_admin, reason="名额调整")
    client.force_login(world.org_member)
    body = client.get(reverse("contests_portal:my_entry", args=[mine.public_id])).content.decode()
    assert "该报名已退赛" in body
    assert reverse("contests_portal:my_entry_confirm", args=[mine.public_id]) not in body
    assert entry_todo_items(world.org_member) == []


def test_the_portal_tile_is_registered():
    from gonghui.core.registry import portal_tiles

    tile = portal_tiles.get("contests.entries")
    assert (tile.label, tile.icon, tile.url_name) == ("技能竞赛", "trophy", "contests_portal:my_contests")


def test_my_contests_fits_a_teammate(client, world, setup):
    user, lead = teacher_user("13700001212", world.org_a, "队长甲")
    Member.objects.filter(pk=world.member_a.pk).update(job_category=JobCategory.TEACHER)
    world.member_a.refresh_from_db()
    team = entry_create(
        contest_round=setup.round1,
        group=setup.team,
        entrant_org=world.org_a,
        members=[lead, world.member_a],
        actor=world.org_admin,
    )
    client.force_login(world.org_member)
    body = client.get(reverse("contests_portal:my_entry", args=[team.public_id])).content.decode()
    assert "队长甲（队长）" in body
    assert "13700001212" not in body

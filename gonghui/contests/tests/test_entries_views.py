"""The console pages of 报名: the round's entries as the organiser, a union, a sibling union, a plain member and a
合作单位联系人 granted on the contest see them; the entry form within quota; 换人 and 退赛 pages; the audited,
no-store export."""

import datetime as dt
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from gonghui.accounts.models import ObjectGrant
from gonghui.accounts.roles import PARTNER
from gonghui.accounts.tests.factories import UserFactory
from gonghui.contests.choices import EntryStatus
from gonghui.contests.models import Contest, Entry, EntryMember
from gonghui.contests.services.entries import entry_create
from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog
from gonghui.quotas.selectors import allocation_of
from gonghui.quotas.services import quota_allocate

from .test_entries_factories import contest_setup, teacher


@pytest.fixture
def setup(world):
    return contest_setup(world)


@pytest.fixture
def entry(setup, world):
    member = teacher(world.org_a, "甲老师", phone="13712345678")
    return entry_create(
        contest_round=setup.round1,
        group=setup.solo,
        entrant_org=world.org_a,
        members=[member],
        actor=world.org_admin,
        title="甲参赛项目",
    )


@pytest.fixture
def entry_b(setup, world):
    """An entry of org B (乙县 passes its one place on to it), entered by the organiser on its behalf."""
    quota_set = setup.round1.quota_set
    quota_allocate(
        quota_set=quota_set,
        shares={world.org_b.pk: 1},
        parent=allocation_of(quota_set, world.county_y),
        actor=setup.organiser,
    )
    return entry_create(
        contest_round=setup.round1,
        group=setup.solo,
        entrant_org=world.org_b,
        members=[teacher(world.org_b, "乙老师")],
        actor=setup.organiser,
        title="乙参赛项目",
    )


@pytest.fixture
def partner(setup, world):
    user = UserFactory.create(username="jyj_contact", name="教育局联系人")
    ObjectGrant.objects.create(
        user=user,
        role=PARTNER,
        content_type=ContentType.objects.get_for_model(Contest),
        object_id=setup.contest.pk,
        org=world.city,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    return user


def _actor(request, world, setup, name):
    if name == "organiser":
        return setup.organiser
    if name == "partner":
        return request.getfixturevalue("partner")
    return getattr(world, name)


@pytest.mark.parametrize(
    ("_case", "actor", "status", "sees_a", "sees_b", "can_enter"),
    [
        ("the organiser sees every entry", "organiser", 200, True, True, True),
        ("org A's union sees its own and enters", "org_admin", 200, True, False, True),
        ("the sibling union sees only its own", "outsider", 200, False, True, True),
        ("a plain member is refused", "org_member", 403, False, False, False),
        ("the partner sees every entry, read-only", "partner", 200, True, True, False),
    ],
)
def test_round_entries_matrix(
    request, client, world, setup, entry, entry_b, _case, actor, status, sees_a, sees_b, can_enter
):
    client.force_login(_actor(request, world, setup, actor))
    response = client.get(reverse("contests:round_entries", args=[setup.round1.pk]))
    assert response.status_code == status
    body = response.content.decode()
    assert ("甲参赛项目" in body, "乙参赛项目" in body) == (sees_a, sees_b)
    assert (reverse("contests:entry_add", args=[setup.round1.pk]) in body) is can_enter


def test_a_union_sees_its_quota_and_the_organiser_every_line(client, world, setup, entry):
    client.force_login(world.org_admin)
    body = client.get(reverse("contests:round_entries", args=[setup.round1.pk])).content.decode()
    # 甲县 (3, 2 handed down) and org A (2, 1 used) — not 乙县
    assert 'data-quota-org="甲县第一中学工会"' in body
    assert 'data-quota-org="甲县教育工会"' not in body  # org A's admin holds no grant on the county
    assert 'data-quota-org="乙县教育工会"' not in body
    client.force_login(setup.organiser)
    body = client.get(reverse("contests:round_entries", args=[setup.round1.pk])).content.decode()
    assert 'data-quota-org="乙县教育工会"' in body


def test_round_entries_filters_search_and_empty_state(client, world, setup, entry, entry_b):
    client.force_login(setup.organiser)
    url = reverse("contests:round_entries", args=[setup.round1.pk])
    assert "乙参赛项目" not in client.get(url, {"q": "甲老师"}).content.decode()
    assert "甲参赛项目" in client.get(url, {"q": "甲老师"}).content.decode()
    by_org = client.get(url, {"org": world.org_b.pk}).content.decode()
    assert ("甲参赛项目" in by_org, "乙参赛项目" in by_org) == (False, True)
    assert "没有符合条件的报名" in client.get(url, {"status": EntryStatus.WITHDRAWN}).content.decode()
    partial = client.get(url, {"group": setup.team.pk}, HTTP_HX_REQUEST="true")
    assert "没有符合条件的报名" in partial.content.decode()
    assert "<html" not in partial.content.decode()


def test_round_entries_queries_do_not_grow_with_entries(client, world, setup, entry):
    client.force_login(setup.organiser)
    url = reverse("contests:round_entries", args=[setup.round1.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for name, union in (("丙", world.county_x), ("丁", world.org_a)):
        entry_create(
            contest_round=setup.round1,
            group=setup.team,
            entrant_org=union,
            members=[teacher(world.org_a, f"{name}一"), teacher(world.org_a, f"{name}二")],
            actor=setup.organiser,
        )
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    assert len(three) == len(one)


# ---- the entry form ------------------------------------------------------------------------------------------


def test_entry_add_within_quota_then_the_quota_error(client, world, setup):
    a1, a2, a3 = (teacher(world.org_a, name) for name in ("甲一", "甲二", "甲三"))
    client.force_login(world.org_admin)
    url = reverse("contests:entry_add", args=[setup.round1.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "甲一" in page.content.decode()
    for member in (a1, a2):
        response = client.post(
            url, {"entrant_org": world.org_a.pk, "group": setup.solo.pk, "members": [member.pk]}
        )
        assert response.status_code == 302
    response = client.post(url, {"entrant_org": world.org_a.pk, "group": setup.solo.pk, "members": [a3.pk]})
    assert response.status_code == 200
    assert "甲县第一中学工会：名额已用完" in response.content.decode()
    assert Entry.objects.count() == 2


def test_entry_add_puts_the_chosen_leader_first(client, world, setup):
    a1, a2 = teacher(world.org_a, "队员一"), teacher(world.org_a, "队长二")
    client.force_login(world.org_admin)
    url = reverse("contests:entry_add", args=[setup.round1.pk])
    data = {"entrant_org": world.org_a.pk, "group": setup.team.pk, "members": [a1.pk, a2.pk]}
    assert "请指定队长" in client.post(url, data).content.decode()
    assert client.post(url, {**data, "leader": a2.pk}).status_code == 302
    assert EntryMember.objects.get(is_leader=True).member == a2


def test_entry_add_refuses_an_out_of_scope_person_like_a_missing_one(client, world, setup):
    other = teacher(world.org_b, "乙会员")
    client.force_login(world.org_admin)
    url = reverse("contests:entry_add", args=[setup.round1.pk])
    for value in (other.pk, 999999):
        body = client.post(url, {"entrant_org": world.org_a.pk, "group": setup.solo.pk, "members": [value]})
        assert "所选人员不可报名" in body.content.decode()
        assert "乙会员" not in body.content.decode()


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("org A's union", "org_admin", 200),
        ("a union without a share", "outsider", 403),
        ("a plain member", "org_member", 403),
        ("the partner", "partner", 403),
    ],
)
def test_entry_add_matrix(request, client, world, setup, _case, actor, status):
    client.force_login(_actor(request, world, setup, actor))
    assert client.get(reverse("contests:entry_add", args=[setup.round1.pk])).status_code == status


# ---- the entry's page, 换人, 退赛 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status", "may_change"),
    [
        ("org A's union", "org_admin", 200, True),
        ("the organiser", "organiser", 200, True),
        ("the sibling union", "outsider", 404, False),
        ("a plain member", "org_member", 403, False),
        ("the partner, read-only", "partner", 200, False),
    ],
)
def test_entry_detail_matrix(request, client, world, setup, entry, _case, actor, status, may_change):
    client.force_login(_actor(request, world, setup, actor))
    response = client.get(reverse("contests:entry_detail", args=[entry.pk]))
    assert response.status_code == status
    body = response.content.decode()
    assert (reverse("contests:entry_withdraw", args=[entry.pk]) in body) is may_change
    if status == 200:
        assert "137****5678" in body
        assert "13712345678" not in body
        assert 'id="entry-timeline"' in body


def test_replace_and_withdraw_pages(client, world, setup, entry):
    newcomer = teacher(world.org_a, "新老师")
    client.force_login(world.outsider)
    assert (
        client.post(reverse("contests:entry_withdraw", args=[entry.pk]), {"reason": "x"}).status_code == 404
    )
    client.force_login(world.org_admin)
    page = client.get(reverse("contests:entry_replace", args=[entry.pk]))
    assert 'data-confirm="确定换人吗' in page.content.decode()
    old = EntryMember.objects.get(entry=entry).member
    response = client.post(
        reverse("contests:entry_replace", args=[entry.pk]),
        {"old_member": old.pk, "new_member": newcomer.pk, "reason": "另有任务"},
    )
    assert response.status_code == 302
    assert EntryMember.objects.get(entry=entry, active=True).member == newcomer
    page = client.get(reverse("contests:entry_withdraw", args=[entry.pk]))
    assert 'data-confirm="确定退赛吗' in page.content.decode()
    assert client.post(reverse("contests:entry_withdraw", args=[entry.pk]), {"reason": ""}).status_code == 200
    response = client.post(reverse("contests:entry_withdraw", args=[entry.pk]), {"reason": "工作冲突"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == EntryStatus.WITHDRAWN
    # a withdrawn entry offers no change any more
    assert client.get(reverse("contests:entry_withdraw", args=[entry.pk])).status_code == 302


# ---- export -------------------------------------------------------------------------------------------------


def test_export_is_audited_no_store_and_carries_no_id_number(client, world, setup, entry, entry_b):
    member = EntryMember.objects.get(entry=entry).member
    client.force_login(world.org_admin)
    url = reverse("contests:entries_export", args=[setup.round1.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    cells = [str(c) for row in rows for c in row]
    assert "甲老师" in cells
    assert "137****5678" in cells
    assert "乙老师" not in cells  # the union exports what it sees
    assert not any(member.id_number_masked in c or "13712345678" in c for c in cells)
    log = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert (log.actor, log.org_id) == (world.org_admin, world.city.pk)
    assert "导出报名名单" in log.summary

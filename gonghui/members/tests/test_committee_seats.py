"""三委委员 (members.CommitteeSeat): the rules of seating a member (a holding member of that union, one 主任 / 主席,
women only on the 女职工委员会, the current committee only), role changes and removals with the union's timeline and
its 工会主席, and the 委员名单 page for org A's admin, a plain member of org A, org B's admin and a viewing cadre."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import make_cadre
from gonghui.accounts.roles import UNION_STAFF
from gonghui.core.models import AuditLog, TimelineEntry
from gonghui.members.choices import CommitteeRole, MemberStatus
from gonghui.members.models import CommitteeSeat
from gonghui.members.selectors.committee_seats import committee_seat_candidates, seat_role_label
from gonghui.members.services.committee_seats import (
    committee_seat_add,
    committee_seat_change_role,
    committee_seat_remove,
)
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.choices import CommitteeKind
from gonghui.orgs.models import Org
from gonghui.orgs.services.committees import committee_create, committee_new_term

DATA = {
    "term_started_on": dt.date(2023, 9, 1),
    "term_ends_on": dt.date(2028, 8, 31),
    "elected_on": dt.date(2023, 8, 25),
    "approved_on": None,
    "approval_reference": "",
}


@pytest.fixture
def union_committee(world, org_admin):
    return committee_create(org=world.org_a, kind=CommitteeKind.UNION, actor=org_admin, data=DATA)


@pytest.fixture
def women_committee(world, org_admin):
    return committee_create(org=world.org_a, kind=CommitteeKind.WOMEN, actor=org_admin, data=DATA)


@pytest.fixture
def wang(world):
    return MemberFactory.create(org=world.org_a, name="王红梅", gender="F")


@pytest.fixture
def li(world):
    return MemberFactory.create(org=world.org_a, name="李建国", gender="M")


@pytest.fixture
def staff_a(world):
    return make_cadre("staff_a", world.org_a, role=UNION_STAFF)


def _org_timeline(org):
    return list(
        TimelineEntry.objects.filter(content_type__model="org", object_id=str(org.pk))
        .order_by("id")
        .values_list("action", "note")
    )


# ---- services ------------------------------------------------------------------------------------------------


def test_seating_the_chair_of_the_union_committee_names_the_unions_chair(
    world, org_admin, union_committee, wang
):
    # when
    seat = committee_seat_add(
        committee=union_committee, member=wang, role=CommitteeRole.CHAIR, actor=org_admin
    )
    # then
    assert (seat.committee_id, seat.member_id, seat.role) == (
        union_committee.pk,
        wang.pk,
        CommitteeRole.CHAIR,
    )
    assert Org.objects.get(pk=world.org_a.pk).chair_name == "王红梅"
    assert _org_timeline(world.org_a)[-1] == ("seat_add", "工会委员会：王红梅（主席）")
    assert AuditLog.objects.filter(object_id=str(union_committee.pk), summary__contains="王红梅").count() == 1


def test_one_chair_per_committee(world, org_admin, union_committee, wang, li):
    # given
    committee_seat_add(committee=union_committee, member=wang, role=CommitteeRole.CHAIR, actor=org_admin)
    # when
    with pytest.raises(ValidationError) as exc:
        committee_seat_add(committee=union_committee, member=li, role=CommitteeRole.CHAIR, actor=org_admin)
    # then
    assert exc.value.message_dict == {"role": ["本委员会已有主席：王红梅，请先调整其职务"]}
    assert CommitteeSeat.objects.count() == 1


def test_the_womens_committee_seats_women_only(world, org_admin, women_committee, wang, li):
    # when
    with pytest.raises(ValidationError) as exc:
        committee_seat_add(committee=women_committee, member=li, role=CommitteeRole.MEMBER, actor=org_admin)
    committee_seat_add(committee=women_committee, member=wang, role=CommitteeRole.CHAIR, actor=org_admin)
    # then
    assert exc.value.message_dict == {"member": ["李建国 不是女职工，不能担任女职工委员会委员"]}
    assert list(CommitteeSeat.objects.values_list("member__name", flat=True)) == ["王红梅"]
    # the 女职工委员会's 主任 is not the union's chair
    assert Org.objects.get(pk=world.org_a.pk).chair_name == ""


def test_a_member_of_another_union_or_one_who_left_is_refused(world, org_admin, union_committee):
    other = MemberFactory.create(org=world.org_b, name="乙会员")
    left = MemberFactory.create(org=world.org_a, name="丙会员", status=MemberStatus.LEFT)
    errors = []
    for member in (other, left):
        with pytest.raises(ValidationError) as exc:
            committee_seat_add(
                committee=union_committee, member=member, role=CommitteeRole.MEMBER, actor=org_admin
            )
        errors.append(exc.value.message_dict)
    assert errors == [
        {"member": ["乙会员 不是本工会的会员，不能担任委员"]},
        {"member": ["丙会员 不是本工会的会员，不能担任委员"]},
    ]
    assert not CommitteeSeat.objects.exists()


def test_a_member_sits_once_per_committee(world, org_admin, union_committee, wang):
    committee_seat_add(committee=union_committee, member=wang, role=CommitteeRole.MEMBER, actor=org_admin)
    with pytest.raises(ValidationError) as exc:
        committee_seat_add(
            committee=union_committee, member=wang, role=CommitteeRole.VICE_CHAIR, actor=org_admin
        )
    assert exc.value.message_dict == {"member": ["王红梅 已在本委员会任职"]}


@pytest.mark.parametrize("actor", ["outsider", "org_member", "staff_a"])
def test_only_the_unions_managers_seat_members(request, union_committee, wang, actor):
    with pytest.raises(PermissionDenied):
        committee_seat_add(
            committee=union_committee,
            member=wang,
            role=CommitteeRole.MEMBER,
            actor=request.getfixturevalue(actor),
        )
    assert not CommitteeSeat.objects.exists()


def test_role_change_and_removal_keep_the_unions_chair(world, org_admin, union_committee, wang, li):
    # given
    chair = committee_seat_add(
        committee=union_committee, member=wang, role=CommitteeRole.CHAIR, actor=org_admin
    )
    vice = committee_seat_add(
        committee=union_committee, member=li, role=CommitteeRole.VICE_CHAIR, actor=org_admin
    )
    # when the chair steps down to 委员 and the vice chair takes over
    committee_seat_change_role(seat=chair, role=CommitteeRole.MEMBER, actor=org_admin)
    cleared = Org.objects.get(pk=world.org_a.pk).chair_name
    committee_seat_change_role(seat=vice, role=CommitteeRole.CHAIR, actor=org_admin)
    named = Org.objects.get(pk=world.org_a.pk).chair_name
    committee_seat_remove(seat=vice, actor=org_admin)
    # then
    assert (cleared, named) == ("", "李建国")
    assert Org.objects.get(pk=world.org_a.pk).chair_name == ""
    assert list(CommitteeSeat.objects.values_list("member__name", "role")) == [
        ("王红梅", CommitteeRole.MEMBER)
    ]
    assert [row for row in _org_timeline(world.org_a) if row[0] != "committee_create"] == [
        ("seat_add", "工会委员会：王红梅（主席）"),
        ("seat_add", "工会委员会：李建国（副主席）"),
        ("seat_role", "工会委员会：王红梅 由主席改为委员"),
        ("seat_role", "工会委员会：李建国 由副主席改为主席"),
        ("seat_remove", "工会委员会：李建国（主席）"),
    ]


def test_a_role_change_to_a_taken_chair_is_refused(org_admin, women_committee, wang):
    other = MemberFactory.create(org=women_committee.org, name="赵敏", gender="F")
    committee_seat_add(committee=women_committee, member=wang, role=CommitteeRole.CHAIR, actor=org_admin)
    seat = committee_seat_add(
        committee=women_committee, member=other, role=CommitteeRole.MEMBER, actor=org_admin
    )
    with pytest.raises(ValidationError) as exc:
        committee_seat_change_role(seat=seat, role=CommitteeRole.CHAIR, actor=org_admin)
    assert exc.value.message_dict == {"role": ["本委员会已有主任：王红梅，请先调整其职务"]}


def test_seats_of_an_earlier_term_are_history(org_admin, union_committee, wang, li):
    # given
    seat = committee_seat_add(
        committee=union_committee, member=wang, role=CommitteeRole.MEMBER, actor=org_admin
    )
    committee_new_term(
        committee=union_committee,
        actor=org_admin,
        data=DATA | {"term_started_on": dt.date(2025, 9, 1), "term_ends_on": dt.date(2030, 8, 31)},
    )
    union_committee.refresh_from_db()
    # when
    with pytest.raises(ValidationError) as add:
        committee_seat_add(committee=union_committee, member=li, role=CommitteeRole.MEMBER, actor=org_admin)
    with pytest.raises(ValidationError) as remove:
        committee_seat_remove(seat=seat, actor=org_admin)
    # then
    assert add.value.messages == remove.value.messages == ["往届委员会的委员名单不能修改"]
    assert CommitteeSeat.objects.filter(pk=seat.pk).exists()


def test_candidates_are_holding_members_of_the_union_not_yet_seated(world, org_admin, women_committee, wang):
    MemberFactory.create(org=world.org_a, name="王建军", gender="M")
    MemberFactory.create(org=world.org_b, name="王丽", gender="F")
    MemberFactory.create(org=world.org_a, name="王静", gender="F", status=MemberStatus.LEFT)
    MemberFactory.create(org=world.org_a, name="王芳", gender="F")
    committee_seat_add(committee=women_committee, member=wang, role=CommitteeRole.MEMBER, actor=org_admin)
    # when
    found = committee_seat_candidates(committee=women_committee, query="王")
    # then: women only, of org A, holding, not seated already
    assert [m.name for m in found] == ["王芳"]
    assert committee_seat_candidates(committee=women_committee, query=" ") == []


def test_role_labels_follow_the_committee():
    assert seat_role_label(CommitteeKind.UNION, CommitteeRole.CHAIR) == "主席"
    assert seat_role_label(CommitteeKind.UNION, CommitteeRole.VICE_CHAIR) == "副主席"
    assert seat_role_label(CommitteeKind.AUDIT, CommitteeRole.CHAIR) == "主任"
    assert seat_role_label(CommitteeKind.WOMEN, CommitteeRole.MEMBER) == "委员"


# ---- pages ---------------------------------------------------------------------------------------------------


def _seats(html):
    return re.findall(r'data-seat="([^"]+)"', html)


def test_the_admin_searches_seats_changes_and_removes(client, world, org_admin, union_committee, wang, li):
    # given
    client.force_login(org_admin)
    page_url = reverse("members:committees", args=[world.org_a.code])
    # when
    search = client.get(page_url, {"committee": union_committee.pk, "q": "王红"})
    added = client.post(
        reverse("members:committee_seat_add", args=[world.org_a.code, union_committee.pk]),
        {"member": str(wang.public_id), "role": CommitteeRole.CHAIR},
    )
    seat = CommitteeSeat.objects.get(member=wang)
    changed = client.post(
        reverse("members:committee_seat_role", args=[world.org_a.code, seat.pk]),
        {"role": CommitteeRole.MEMBER},
    )
    listed = client.get(page_url)
    removed = client.post(reverse("members:committee_seat_remove", args=[world.org_a.code, seat.pk]))
    # then
    assert search.status_code == 200
    assert [m.name for m in search.context["rows"][0]["candidates"]] == ["王红梅"]
    assert (added.status_code, changed.status_code, removed.status_code) == (302, 302, 302)
    assert added["Location"] == f"{page_url}#committee-{union_committee.pk}"
    assert _seats(listed.content.decode()) == ["王红梅"]
    assert "调整" in listed.content.decode()
    assert not CommitteeSeat.objects.exists()


def test_a_rule_error_is_flashed_on_the_page(client, world, org_admin, women_committee, li):
    client.force_login(org_admin)
    r = client.post(
        reverse("members:committee_seat_add", args=[world.org_a.code, women_committee.pk]),
        {"member": str(li.public_id), "role": CommitteeRole.MEMBER},
        follow=True,
    )
    assert "李建国 不是女职工，不能担任女职工委员会委员" in r.content.decode()
    assert not CommitteeSeat.objects.exists()


def test_a_member_of_another_union_cannot_be_picked(client, world, org_admin, union_committee):
    other = MemberFactory.create(org=world.org_b, name="乙会员")
    client.force_login(org_admin)
    r = client.post(
        reverse("members:committee_seat_add", args=[world.org_a.code, union_committee.pk]),
        {"member": str(other.public_id), "role": CommitteeRole.MEMBER},
        follow=True,
    )
    assert r.status_code == 200
    assert "本工会未找到该会员，请重新查找" in r.content.decode()
    assert "乙会员" not in r.content.decode()
    assert not CommitteeSeat.objects.exists()


@pytest.mark.parametrize(("actor", "status"), [("org_admin", 200), ("org_member", 403), ("outsider", 404)])
def test_the_seat_pages_for_three_actors(
    request, client, world, org_admin, union_committee, wang, actor, status
):
    # given
    seat = committee_seat_add(
        committee=union_committee, member=wang, role=CommitteeRole.MEMBER, actor=org_admin
    )
    client.force_login(request.getfixturevalue(actor))
    code = world.org_a.code
    # when
    page = client.get(reverse("members:committees", args=[code]))
    role = client.post(reverse("members:committee_seat_role", args=[code, seat.pk]), {"role": "vice_chair"})
    # then
    assert page.status_code == status
    if status == 200:
        assert _seats(page.content.decode()) == ["王红梅"]
    assert role.status_code == {200: 302}.get(status, status)
    seat.refresh_from_db()
    assert seat.role == (CommitteeRole.VICE_CHAIR if status == 200 else CommitteeRole.MEMBER)


def test_a_viewing_cadre_reads_the_seats_without_buttons(
    client, world, org_admin, union_committee, wang, staff_a
):
    seat = committee_seat_add(
        committee=union_committee, member=wang, role=CommitteeRole.MEMBER, actor=org_admin
    )
    client.force_login(staff_a)
    page = client.get(reverse("members:committees", args=[world.org_a.code]))
    removed = client.post(reverse("members:committee_seat_remove", args=[world.org_a.code, seat.pk]))
    html = page.content.decode()
    assert _seats(html) == ["王红梅"]
    assert reverse("members:committee_seat_remove", args=[world.org_a.code, seat.pk]) not in html
    assert 'name="q"' not in html
    assert removed.status_code == 403
    assert CommitteeSeat.objects.filter(pk=seat.pk).exists()


def test_a_seat_of_a_member_who_left_is_marked(client, world, org_admin, union_committee, wang):
    committee_seat_add(committee=union_committee, member=wang, role=CommitteeRole.MEMBER, actor=org_admin)
    type(wang).objects.filter(pk=wang.pk).update(status=MemberStatus.TRANSFERRED_OUT)
    client.force_login(org_admin)
    html = client.get(reverse("members:committees", args=[world.org_a.code])).content.decode()
    assert re.search(r"王红梅 <span class=\"badge bg-yellow-lt\">已转出</span>", html)


def test_the_seat_page_reads_in_a_fixed_number_of_queries(client, world, org_admin, union_committee, wang):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(org_admin)
    url = reverse("members:committees", args=[world.org_a.code])
    committee_seat_add(committee=union_committee, member=wang, role=CommitteeRole.MEMBER, actor=org_admin)
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(5):
        member = MemberFactory.create(org=world.org_a, name=f"委员{i}")
        committee_seat_add(
            committee=union_committee, member=member, role=CommitteeRole.MEMBER, actor=org_admin
        )
    with CaptureQueriesContext(connection) as six:
        client.get(url)
    assert len(six) == len(one)


def test_the_org_page_card_shows_committees_with_their_seats(
    client, world, org_admin, union_committee, wang, staff_a
):
    # given
    committee_seat_add(committee=union_committee, member=wang, role=CommitteeRole.CHAIR, actor=org_admin)
    url = reverse("members:committees", args=[world.org_a.code])
    # when
    client.force_login(org_admin)
    for_admin = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    client.force_login(staff_a)
    for_staff = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    # then
    assert re.findall(r'data-committee="(\w+)"', for_admin) == ["union"]
    assert re.findall(r'data-missing="(\w+)"', for_admin) == ["audit", "women"]
    assert '王红梅<span class="text-secondary small">（主席）</span>' in for_admin
    assert "2023年9月1日 至 2028年8月31日" in for_admin
    assert reverse("orgs:committee_edit", args=[world.org_a.code, union_committee.pk]) in for_admin
    assert "<html" not in for_admin
    assert _seats(for_staff) == ["王红梅"]
    assert reverse("orgs:committee_edit", args=[world.org_a.code, union_committee.pk]) not in for_staff

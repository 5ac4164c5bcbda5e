"""Member reads: scoped search by name, full mobile number or the last four ID characters."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from gonghui.accounts.identity import mask_identifier
from gonghui.members.choices import MemberStatus
from gonghui.members.selectors import (
    member_count_holding,
    member_for_user,
    member_get_for_user,
    member_list_for_user,
)
from gonghui.members.tests.factories import MemberFactory, valid_id_number
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory

# The GB 11643 worked example, whose check character is X, and a plain one.
ID_X = "11010519491231002X"
ID_PLAIN = valid_id_number(11, birth=dt.date(1975, 3, 9))


@pytest.fixture
def roster(world):
    """Three more members of org A and one of org B, with known phones and ID numbers."""
    MemberFactory.create(
        org=world.org_a,
        name="王秀英",
        phone="13912340001",
        id_number=ID_X,
        id_number_masked=mask_identifier(ID_X),
    )
    MemberFactory.create(
        org=world.org_a,
        name="王强",
        phone="13912340002",
        id_number=ID_PLAIN,
        id_number_masked=mask_identifier(ID_PLAIN),
        status=MemberStatus.RETIRED_KEPT,
    )
    MemberFactory.create(org=world.org_a, name="李娜", phone="13912340003", status=MemberStatus.LEFT)
    MemberFactory.create(org=world.org_b, name="王伟", phone="13912340004")
    return world


def _names(qs) -> list[str]:
    return [m.name for m in qs]


@pytest.mark.parametrize(
    ("_case", "query", "names"),
    [
        ("everyone", "", ["李娜", "王强", "王秀英", "甲会员"]),
        ("part of a name", "王", ["王强", "王秀英"]),
        ("full mobile number", "13912340003", ["李娜"]),
        ("partial mobile number finds nothing", "1391234", []),
        ("last four of the ID, X check character", "002X", ["王秀英"]),
        ("last four of the ID, lower-case x", "002x", ["王秀英"]),
        ("last four of a plain ID", ID_PLAIN[-4:], ["王强"]),
        ("another org's member is not found", "13912340004", []),
    ],
)
def test_member_search(roster, _case, query, names):
    # when
    members = member_list_for_user(user=roster.org_admin, query=query)
    # then, ordered by org then name
    assert _names(members) == names


@pytest.mark.parametrize(
    ("status", "names"),
    [
        (MemberStatus.ACTIVE, ["王秀英", "甲会员"]),
        (MemberStatus.RETIRED_KEPT, ["王强"]),
        (MemberStatus.LEFT, ["李娜"]),
        (MemberStatus.DECEASED, []),
    ],
)
def test_member_status_filter(roster, status, names):
    assert _names(member_list_for_user(user=roster.org_admin, status=status)) == names


def test_member_list_is_scoped(roster, county_admin_y):
    # then
    assert _names(member_list_for_user(user=roster.outsider)) == ["王伟"]
    assert _names(member_list_for_user(user=county_admin_y, query="王")) == ["王伟"]
    assert _names(member_list_for_user(user=roster.org_member)) == []
    assert _names(member_list_for_user(user=AnonymousUser())) == []


def test_member_list_within_a_subtree(roster, city_admin):
    # then
    assert _names(member_list_for_user(user=city_admin, query="王")) == ["王强", "王秀英", "王伟"]
    assert _names(member_list_for_user(user=city_admin, query="王", within=roster.county_y)) == ["王伟"]


@pytest.mark.parametrize(
    ("_case", "actor", "action", "outcome"),
    [
        ("org admin", "org_admin", "members.view", "ok"),
        ("org admin may reveal", "org_admin", "members.reveal", "ok"),
        ("staff may view", "staff_a", "members.view", "ok"),
        ("staff may not reveal", "staff_a", "members.reveal", PermissionDenied),
        ("outsider", "outsider", "members.view", Http404),
        ("the member themself has no console scope", "org_member", "members.view", Http404),
    ],
)
def test_member_get_for_user(request, world, _case, actor, action, outcome):
    # given
    user = request.getfixturevalue(actor)
    # when / then
    if outcome == "ok":
        assert (
            member_get_for_user(user=user, public_id=world.member_a.public_id, action=action)
            == world.member_a
        )
    else:
        with pytest.raises(outcome):
            member_get_for_user(user=user, public_id=world.member_a.public_id, action=action)


def test_member_count_holding_counts_the_subtree(roster):
    # given a branch of org A with one active and one former member
    branch = OrgFactory.create(parent=roster.org_a, code="ORGA-F1", name="分工会", level=OrgLevel.BRANCH)
    MemberFactory.create(org=branch)
    MemberFactory.create(org=branch, status=MemberStatus.TRANSFERRED_OUT)
    # then 甲会员 + 王秀英 + 王强 (retired, kept) + the branch's active member
    assert member_count_holding(org=roster.org_a) == 4
    assert member_count_holding(org=branch) == 1
    assert member_count_holding(org=roster.county_x) == 4
    assert member_count_holding(org=roster.city) == 5


def test_member_for_user(world):
    # then
    assert member_for_user(world.org_member) == world.member_a
    assert member_for_user(world.org_admin) is None
    assert member_for_user(AnonymousUser()) is None

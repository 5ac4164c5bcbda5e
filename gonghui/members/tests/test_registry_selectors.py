"""Reads of the member registry: search (name, pinyin, initials, phone, ID suffix), the list's filters and age
bands, scope (the viewer's subtrees, narrower for reveal), one member, code names, holding counts, the portal's
member."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from conftest import make_cadre
from gonghui.accounts.identity import mask_identifier
from gonghui.members.choices import Employment, MemberStatus
from gonghui.members.models import MemberTag
from gonghui.members.selectors import (
    age_band_q,
    code_tables,
    member_code_names,
    member_count_holding,
    member_for_user,
    member_get_for_user,
    member_list_for_user,
    member_list_from_params,
)
from gonghui.members.services import name_search_fields
from gonghui.members.tests.factories import MemberFactory, valid_id_number
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory

TODAY = dt.date(2026, 3, 1)


def _person(org, name, **fields):
    return MemberFactory.create(org=org, name=name, **name_search_fields(name), **fields)


def _names(qs) -> list[str]:
    return [m.name for m in qs]


@pytest.fixture
def people(world):
    branch = OrgFactory.create(
        parent=world.org_a, code="ORGA-F1", name="甲县一中语文组", level=OrgLevel.BRANCH
    )
    return {
        "zhang": _person(world.org_a, "张三", phone="13900000001", birth_date=dt.date(1999, 3, 2)),
        "zhangsi": _person(branch, "章思", phone="13900000002", birth_date=dt.date(1996, 3, 1)),
        "wang": _person(
            world.org_a,
            "王秀英",
            gender="F",
            phone="13900000003",
            employment=Employment.CONTRACT,
            birth_date=dt.date(1986, 3, 1),
        ),
        "li": _person(
            branch,
            "李强",
            phone="13900000004",
            status=MemberStatus.LEFT,
            employment=Employment.DISPATCHED,
            birth_date=dt.date(1976, 3, 2),
        ),
        "other": _person(world.org_b, "张三丰", phone="13900000005"),
        "branch": branch,
    }


@pytest.mark.parametrize(
    ("_case", "query", "names"),
    [
        ("chinese name part", "张", ["张三"]),
        ("initials", "zs", ["张三", "章思"]),
        ("initials upper case", "ZS", ["张三", "章思"]),
        ("full pinyin", "zhangsan", ["张三"]),
        ("pinyin prefix", "zhang", ["张三", "章思"]),
        ("pinyin with a space", "wang xiu", ["王秀英"]),
        ("full phone", "13900000003", ["王秀英"]),
        ("part of a phone finds nothing", "1390000000", []),
        ("nothing", "zzz", []),
    ],
)
def test_search(world, people, _case, query, names):
    # when
    found = member_list_for_user(user=world.org_admin, query=query)
    # then
    assert sorted(_names(found)) == sorted(names)


@pytest.mark.parametrize(
    ("_case", "params", "names"),
    [
        (
            "org subtree: the union with its branch",
            {"org": "ORGA"},
            ["张三", "王秀英", "甲会员", "章思", "李强"],
        ),
        ("org subtree: the branch", {"org": "orga-f1"}, ["章思", "李强"]),
        ("org out of scope", {"org": "ORGB"}, []),
        ("unknown org", {"org": "NOPE"}, []),
        ("status", {"status": "left"}, ["李强"]),
        ("employment", {"employment": "contract"}, ["王秀英"]),
        ("gender", {"gender": "F"}, ["王秀英"]),
        ("age under 30", {"age": "lt30"}, ["张三"]),
        ("age 30-39 (30 today)", {"age": "30-39"}, ["章思", "甲会员"]),
        ("age 40-49 (40 today, 49 until tomorrow)", {"age": "40-49"}, ["王秀英", "李强"]),
        ("age 50 and over", {"age": "50plus"}, []),
        ("unknown age band", {"age": "x"}, ["张三", "王秀英", "甲会员", "章思", "李强"]),
        ("combined", {"org": "ORGA-F1", "status": "active"}, ["章思"]),
    ],
)
def test_filters(world, people, _case, params, names):
    # given member_a (甲会员) was born 1988-05-17: 37 today
    # when
    found = member_list_for_user(
        user=world.org_admin,
        org_code=params.get("org", ""),
        status=params.get("status", ""),
        employment=params.get("employment", ""),
        gender=params.get("gender", ""),
        age_band=params.get("age", ""),
        today=TODAY,
    )
    # then
    assert sorted(_names(found)) == sorted(names)


def test_age_bands_cut_on_the_birthday(world):
    # given one turns 30 today and one tomorrow
    thirty = MemberFactory.create(org=world.org_a, name="三十", birth_date=dt.date(1996, 3, 1))
    almost = MemberFactory.create(org=world.org_a, name="二十九", birth_date=dt.date(1996, 3, 2))
    # when
    under = member_list_for_user(user=world.org_admin, age_band="lt30", today=TODAY)
    thirties = member_list_for_user(user=world.org_admin, age_band="30-39", today=TODAY)
    # then
    assert list(under) == [almost]
    assert thirty in thirties
    assert almost not in thirties


def test_age_band_on_29_february():
    # when the band is computed on a leap day
    condition = age_band_q("50plus", today=dt.date(2028, 2, 29))
    # then fifty years earlier has no 29 February: the 28th counts
    assert condition == Q(birth_date__lte=dt.date(1978, 2, 28))


def test_tag_filter_by_id_or_name(world, people):
    # given
    tag = MemberTag.objects.create(name="青年教师")
    people["zhang"].tags.add(tag)
    people["other"].tags.add(tag)
    # when
    by_id = member_list_for_user(user=world.org_admin, tag=str(tag.pk))
    by_name = member_list_for_user(user=world.org_admin, tag="青年教师")
    # then only org A's tagged member
    assert _names(by_id) == ["张三"]
    assert _names(by_name) == ["张三"]


def test_list_from_params_reads_the_page_filters(world, people):
    # when
    found = member_list_from_params(user=world.org_admin, params={"q": "zs", "org": "ORGA-F1", "page": "2"})
    # then
    assert _names(found) == ["章思"]


def test_the_reveal_scope_is_narrower_for_staff(world, people):
    # given a 工会干事 of org A has members.view but not members.reveal
    from gonghui.accounts.roles import UNION_STAFF

    staff = make_cadre("staff_x", world.org_a, role=UNION_STAFF)
    # when
    viewable = member_list_for_user(user=staff)
    revealable = member_list_for_user(user=staff, action="members.reveal")
    # then
    assert viewable.count() == 5
    assert revealable.count() == 0


def test_code_names_of_a_member(world):
    # given
    member = MemberFactory.create(org=world.org_a, ethnicity="03", education="21", political_status="99")
    # when
    names = member_code_names(member)
    # then an unknown code shows as is and a blank stays blank
    assert names == {"ethnicity": "回族", "education": "大学本科毕业", "political_status": "99"}
    assert member_code_names(world.member_a) == {"ethnicity": "", "education": "", "political_status": ""}


def test_code_tables(db):
    # when
    tables = code_tables("ethnicity", "political_status")
    # then
    assert (tables["ethnicity"]["01"], tables["political_status"]["13"]) == ("汉族", "群众")
    assert len(tables["ethnicity"]) == 58


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

"""Org tree reads: every one is scoped to the user's subtrees."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from conftest import make_cadre
from gonghui.accounts.models import User
from gonghui.accounts.roles import AUDITOR, SYSADMIN
from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.orgs.choices import OrgLevel, OrgStatus
from gonghui.orgs.models import Department, Org
from gonghui.orgs.permissions import MANAGE, can_be_parent, can_manage_org, can_move_org
from gonghui.orgs.selectors import (
    department_get_for_user,
    org_ancestors,
    org_breadcrumbs,
    org_children_for_user,
    org_get_for_user,
    org_list_for_user,
    org_move_targets,
    org_roots_for_user,
    org_statistics_root_for_user,
)
from gonghui.orgs.tests.factories import OrgFactory


def _codes(qs) -> list[str]:
    return [o.code for o in qs]


@pytest.mark.parametrize(
    ("actor", "codes"),
    [
        ("org_admin", ["ORGA"]),
        ("outsider", ["ORGB"]),
        ("county_x_admin", ["CX", "ORGA"]),
        ("city_admin", ["CITY", "CX", "ORGA", "CY", "ORGB"]),
        ("org_member", []),
    ],
)
def test_org_list_is_scoped_to_the_users_subtrees(request, world, actor, codes):
    # when
    orgs = org_list_for_user(user=request.getfixturevalue(actor))
    # then, in tree order
    assert _codes(orgs) == codes


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("甲县", ["CX", "ORGA"]),
        ("医院", ["ORGB"]),
        ("教育局", ["CX", "CY"]),
        ("orgb", ["ORGB"]),
        ("ORG", []),
        ("第一中学", ["ORGA"]),
        ("没有这个", []),
    ],
)
def test_org_list_searches_name_unit_and_exact_code(world, city_admin, query, codes):
    # when
    orgs = org_list_for_user(user=city_admin, query=query)
    # then
    assert _codes(orgs) == codes


def test_org_list_searches_the_short_name(world, city_admin):
    # given
    Org.objects.filter(pk=world.org_b.pk).update(short_name="乙医")
    # then
    assert _codes(org_list_for_user(user=city_admin, query="乙医")) == ["ORGB"]


def test_org_list_filters_level_status_and_subtree(world, city_admin):
    # given
    Org.objects.filter(pk=world.org_b.pk).update(status=OrgStatus.INACTIVE)
    # then
    assert _codes(org_list_for_user(user=city_admin, level=OrgLevel.GRASSROOTS)) == ["ORGA", "ORGB"]
    assert _codes(org_list_for_user(user=city_admin, status=OrgStatus.INACTIVE)) == ["ORGB"]
    assert _codes(org_list_for_user(user=city_admin, status=OrgStatus.ACTIVE)) == ["CITY", "CX", "ORGA", "CY"]
    assert _codes(org_list_for_user(user=city_admin, within=world.county_y)) == ["CY", "ORGB"]
    assert _codes(org_list_for_user(user=world.org_admin, within=world.county_y)) == []


def test_org_list_for_the_manage_action_leaves_out_view_only_subtrees(world):
    # given an auditor of the city who also administers org B
    user = make_cadre("mixed", world.city, role=AUDITOR)
    RoleGrantFactory.create(user=user, role="union_admin", org=world.org_b)
    # then
    assert _codes(org_list_for_user(user=user)) == ["CITY", "CX", "ORGA", "CY", "ORGB"]
    assert _codes(org_list_for_user(user=user, action=MANAGE)) == ["ORGB"]


def test_org_roots_fold_nested_grants_into_the_top_one(world):
    # given a user with grants on the city and on org A
    user = make_cadre("two_grants", world.city)
    RoleGrantFactory.create(user=user, role=SYSADMIN, org=world.org_a)
    # then
    assert _codes(org_roots_for_user(user=user)) == ["CITY"]
    assert _codes(org_roots_for_user(user=world.org_admin)) == ["ORGA"]
    assert _codes(org_roots_for_user(user=world.org_member)) == []


def test_org_children_lists_direct_children_in_scope(world, branch_a, city_admin):
    # given a 小组 below the branch (a grandchild of org A)
    OrgFactory.create(parent=branch_a, code="ORGA-F1-G1", name="高一年级组", level=OrgLevel.BRANCH)
    # then
    assert _codes(org_children_for_user(user=city_admin, org=world.city)) == ["CX", "CY"]
    assert _codes(org_children_for_user(user=city_admin, org=world.org_a)) == ["ORGA-F1"]
    assert _codes(org_children_for_user(user=world.org_admin, org=world.org_a)) == ["ORGA-F1"]
    assert _codes(org_children_for_user(user=world.outsider, org=world.org_a)) == []


@pytest.mark.parametrize(
    ("_case", "actor", "action", "outcome"),
    [
        ("in scope", "org_admin", "orgs.view", "ok"),
        ("in scope, may manage", "org_admin", MANAGE, "ok"),
        ("outside scope", "outsider", "orgs.view", Http404),
        ("no console role", "org_member", "orgs.view", Http404),
        ("in scope without the action", "staff_a", MANAGE, PermissionDenied),
    ],
)
def test_org_get_for_user(request, world, _case, actor, action, outcome):
    # given
    user = request.getfixturevalue(actor)
    # when / then
    if outcome == "ok":
        assert org_get_for_user(user=user, code="ORGA", action=action) == world.org_a
    else:
        with pytest.raises(outcome):
            org_get_for_user(user=user, code="ORGA", action=action)


def test_org_get_for_an_unknown_code_is_404(world, city_admin):
    with pytest.raises(Http404):
        org_get_for_user(user=city_admin, code="NOPE")


def test_org_ancestors_root_first_in_one_query(world, branch_a, django_assert_num_queries):
    # when
    with django_assert_num_queries(1):
        ancestors = org_ancestors(branch_a)
    # then
    assert _codes(ancestors) == ["CITY", "CX", "ORGA"]
    assert org_ancestors(world.city) == []


def test_org_breadcrumbs_link_only_the_orgs_the_user_may_open(
    world, branch_a, county_x_admin, django_assert_num_queries
):
    # when the county admin (its grants already read) looks at org A's branch
    org_breadcrumbs(user=county_x_admin, org=branch_a)
    with django_assert_num_queries(1):
        crumbs = org_breadcrumbs(user=county_x_admin, org=branch_a, include_self=True)
    # then the city above the county is named but not linked
    assert [(o.code, o.linkable) for o in crumbs] == [
        ("CITY", False),
        ("CX", True),
        ("ORGA", True),
        ("ORGA-F1", True),
    ]
    assert [(o.code, o.linkable) for o in org_breadcrumbs(user=world.org_admin, org=branch_a)] == [
        ("CITY", False),
        ("CX", False),
        ("ORGA", True),
    ]


def test_org_move_targets_are_active_higher_managed_orgs_outside_the_subtree(world, city_admin):
    # given an inactive county and a second grassroots union
    OrgFactory.create(
        parent=world.city, code="CZ", name="丙县教育工会", level=OrgLevel.COUNTY, status=OrgStatus.INACTIVE
    )
    OrgFactory.create(parent=world.county_y, code="ORGB2", name="乙县第二中学工会")
    # when
    targets = org_move_targets(user=city_admin, org=world.org_a)
    # then: not 甲县 (the current parent), not 丙县 (inactive), no grassroots unions
    assert _codes(targets) == ["CITY", "CY"]


def test_org_move_targets_for_a_branch(world, branch_a, county_x_admin):
    # given a second grassroots union in 甲县
    OrgFactory.create(parent=world.county_x, code="ORGA2", name="甲县实验小学工会")
    # then
    assert _codes(org_move_targets(user=county_x_admin, org=branch_a)) == ["CX", "ORGA2"]
    assert _codes(org_move_targets(user=world.org_admin, org=branch_a)) == []


def test_permission_helpers(world, branch_a, county_x_admin):
    # then
    assert can_manage_org(world.org_admin, world.org_a) is True
    assert can_manage_org(world.org_admin, world.county_x) is False
    assert can_move_org(world.org_admin, world.org_a) is False
    assert can_move_org(world.org_admin, branch_a) is True
    assert can_move_org(county_x_admin, world.org_a) is True
    assert can_move_org(county_x_admin, world.county_x) is False
    assert can_move_org(make_cadre("root", world.city, role=SYSADMIN), world.city) is False
    assert can_be_parent(world.city, OrgLevel.COUNTY) is True
    assert can_be_parent(world.org_a, OrgLevel.COUNTY) is False
    assert can_be_parent(world.org_a, OrgLevel.BRANCH) is True


def test_department_get_for_user(world):
    # given
    department = Department.objects.create(org=world.org_a, name="女职工部")
    other = Department.objects.create(org=world.org_b, name="女职工部")
    # then
    assert department_get_for_user(user=world.org_admin, org=world.org_a, pk=department.pk) == department
    with pytest.raises(Http404):
        department_get_for_user(user=world.outsider, org=world.org_a, pk=department.pk)
    with pytest.raises(Http404):
        department_get_for_user(user=world.org_admin, org=world.org_a, pk=other.pk)


def test_grants_on_two_unions_show_both(world):
    # given a second grant of org A's admin on org B
    RoleGrantFactory.create(user=world.org_admin, role="union_admin", org=world.org_b)
    # when
    admin = User.objects.get(pk=world.org_admin.pk)
    # then
    assert list(org_list_for_user(user=admin).values_list("code", flat=True)) == ["ORGA", "ORGB"]


def test_the_statistics_root_is_the_drill_down_the_workspace_or_the_top_union(world):
    admin = world.org_admin  # union admin of org A
    # no drill-down, no workspace: the user's own top union
    assert org_statistics_root_for_user(user=admin, action="orgs.view") == world.org_a
    # the workspace union counts when the user holds the action there, not otherwise
    assert org_statistics_root_for_user(user=admin, action="orgs.view", current=world.org_a) == world.org_a
    assert org_statistics_root_for_user(user=admin, action="orgs.view", current=world.org_b) == world.org_a
    # the drill-down reaches only unions in scope
    assert org_statistics_root_for_user(user=admin, action="orgs.view", code=world.org_a.code) == world.org_a
    with pytest.raises(Http404):
        org_statistics_root_for_user(user=admin, action="orgs.view", code=world.org_b.code)
    with pytest.raises(Http404):
        org_statistics_root_for_user(user=admin, action="orgs.view", code=world.county_x.code)
    # a plain member holds the action nowhere
    with pytest.raises(PermissionDenied):
        org_statistics_root_for_user(user=world.org_member, action="orgs.view")

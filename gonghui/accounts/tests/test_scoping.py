"""The one scoping API: grants reach down the tree, never sideways or up, and only for their role's actions."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from conftest import make_cadre
from gonghui.accounts.roles import AUDITOR, JUDGE, MEMBER, REVIEWER, SYSADMIN, UNION_ADMIN, UNION_STAFF
from gonghui.accounts.scoping import (
    action_paths,
    forget_grants,
    grants_visible_to,
    has_action,
    has_action_anywhere,
    is_cadre,
    is_member_user,
    require_action,
    scope_q,
    user_grants,
    users_visible_to,
)
from gonghui.accounts.selectors import grant_get_for_user
from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.orgs.choices import OrgLevel, OrgStatus
from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import OrgFactory


def _visible_codes(user, action="orgs.view") -> list[str]:
    return list(
        Org.objects.filter(Org.visible_q(user, action)).order_by("path").values_list("code", flat=True)
    )


def test_grant_propagates_down_the_tree(world):
    # given a union_admin of 甲县教育工会 and a branch under org A
    OrgFactory.create(parent=world.org_a, code="ORGA-F1", name="甲县一中分工会", level=OrgLevel.BRANCH)
    county_admin = make_cadre("county_admin", world.county_x)
    # when
    codes = _visible_codes(county_admin)
    # then the county, org A and the branch, nothing else
    assert codes == ["CX", "ORGA", "ORGA-F1"]


def test_grant_does_not_leak_to_siblings_or_ancestors(world):
    # when
    codes = _visible_codes(world.org_admin)
    # then
    assert codes == ["ORGA"]
    assert has_action(world.org_admin, "orgs.view", world.org_b) is False
    assert has_action(world.org_admin, "orgs.view", world.county_x) is False
    assert has_action(world.org_admin, "orgs.view", world.city) is False


def test_outsider_sees_only_its_own_org(world):
    assert _visible_codes(world.outsider) == ["ORGB"]
    assert has_action(world.outsider, "orgs.view", world.org_a) is False


def test_city_grant_sees_the_whole_tree(world):
    # given
    city_admin = make_cadre("city_admin", world.city)
    # then
    assert _visible_codes(city_admin) == ["CITY", "CX", "ORGA", "CY", "ORGB"]
    assert has_action(city_admin, "orgs.manage", world.org_b) is True


def test_sibling_with_shared_path_prefix_text_is_not_in_scope(world):
    # given two siblings under org A; treebeard paths have a fixed step so a prefix is an ancestor
    first = OrgFactory.create(parent=world.org_a, code="A1", level=OrgLevel.BRANCH)
    second = OrgFactory.create(parent=world.org_a, code="A2", level=OrgLevel.BRANCH)
    branch_admin = make_cadre("branch_admin", first)
    # then
    assert has_action(branch_admin, "orgs.view", first) is True
    assert has_action(branch_admin, "orgs.view", second) is False
    assert has_action(branch_admin, "orgs.view", world.org_a) is False


@pytest.mark.parametrize(
    ("_case", "role", "action", "allowed"),
    [
        ("union_admin manages accounts", UNION_ADMIN, "accounts.manage", True),
        ("union_admin has no audit log", UNION_ADMIN, "audit.view", False),
        ("union_staff lacks accounts.manage", UNION_STAFF, "accounts.manage", False),
        ("union_staff lacks accounts.view", UNION_STAFF, "accounts.view", False),
        ("union_staff manages members", UNION_STAFF, "members.manage", True),
        ("union_staff may not reveal ID numbers", UNION_STAFF, "members.reveal", False),
        ("auditor views the audit log", AUDITOR, "audit.view", True),
        ("auditor views accounts", AUDITOR, "accounts.view", True),
        ("auditor cannot manage accounts", AUDITOR, "accounts.manage", False),
        ("auditor cannot manage members", AUDITOR, "members.manage", False),
        ("reviewer reviews", REVIEWER, "members.review", True),
        ("judge only judges", JUDGE, "orgs.view", False),
        ("sysadmin may do anything", SYSADMIN, "anything.at_all", True),
        ("member has no console", MEMBER, "console.access", False),
        ("member uses the portal", MEMBER, "portal.use", True),
    ],
)
def test_actions_follow_the_role(world, _case, role, action, allowed):
    # given
    user = make_cadre(f"u_{role}", world.org_a, role=role)
    # then
    assert has_action(user, action, world.org_a) is allowed
    assert has_action_anywhere(user, action) is allowed
    expected_count = 1 if allowed else 0
    assert Org.objects.filter(scope_q(user, action, path_field="path")).count() == expected_count


def test_unknown_role_allows_nothing(world):
    # given a grant whose role is no longer registered
    user = make_cadre("legacy", world.org_a, role="retired_role")
    # then
    assert action_paths(user, "orgs.view") == []
    assert is_cadre(user) is False


def test_grant_on_inactive_org_is_ignored(world):
    # given org A is deactivated
    Org.objects.filter(pk=world.org_a.pk).update(status=OrgStatus.INACTIVE)
    admin = type(world.org_admin).objects.get(pk=world.org_admin.pk)
    # then
    assert user_grants(admin) == []
    assert is_cadre(admin) is False
    assert _visible_codes(admin) == []
    assert has_action(admin, "orgs.view", world.org_a) is False


def test_nested_grants_fold_into_the_outer_path(world):
    # given grants on both the county and org A below it
    user = make_cadre("two_levels", world.county_x)
    RoleGrantFactory.create(user=user, role=UNION_ADMIN, org=world.org_a)
    forget_grants(user)
    # when
    paths = action_paths(user, "orgs.view")
    # then
    assert paths == [world.county_x.path]


def test_grants_on_two_subtrees_are_ored(world):
    # given an admin of org A who is also auditor of org B
    RoleGrantFactory.create(user=world.org_admin, role=AUDITOR, org=world.org_b)
    forget_grants(world.org_admin)
    # then
    assert _visible_codes(world.org_admin) == ["ORGA", "ORGB"]
    assert _visible_codes(world.org_admin, "orgs.manage") == ["ORGA"]
    assert _visible_codes(world.org_admin, "audit.view") == ["ORGB"]


def test_anonymous_user_sees_nothing(world):
    # given
    anonymous = AnonymousUser()
    # then
    assert user_grants(anonymous) == []
    assert Org.objects.filter(scope_q(anonymous, "orgs.view", path_field="path")).count() == 0
    assert is_cadre(anonymous) is False
    assert is_member_user(anonymous) is False


def test_cadre_and_member_user(world):
    assert is_cadre(world.org_admin) is True
    assert is_member_user(world.org_admin) is False
    assert is_cadre(world.org_member) is False
    assert is_member_user(world.org_member) is True


def test_grants_are_cached_per_user_object(world, django_assert_num_queries):
    # given a first load
    user_grants(world.org_admin)
    # when asked again
    with django_assert_num_queries(0):
        grants = user_grants(world.org_admin)
    # then
    assert [(g.role, g.org_id) for g in grants] == [(UNION_ADMIN, world.org_a.pk)]


def test_forget_grants_reloads(world):
    # given a cached empty-handed view of a new grant
    user_grants(world.org_admin)
    RoleGrantFactory.create(user=world.org_admin, role=AUDITOR, org=world.org_a)
    assert has_action(world.org_admin, "audit.view", world.org_a) is False
    # when
    forget_grants(world.org_admin)
    # then
    assert has_action(world.org_admin, "audit.view", world.org_a) is True


def test_require_action(world):
    require_action(world.org_admin, "orgs.manage", world.org_a)
    with pytest.raises(PermissionDenied):
        require_action(world.org_admin, "orgs.manage", world.org_b)


# --- grants_visible_to / users_visible_to / grant_get_for_user --------------------------------------


def test_grants_visible_to_keeps_the_grants_in_the_users_subtrees(world, staff_a):
    # given grants on org A (its admin, staff_a, the member) and on org B (outsider)
    county_admin = make_cadre("county_admin", world.county_x)
    # when
    seen = set(grants_visible_to(world.org_admin, "accounts.view").values_list("user__username", flat=True))
    seen_from_county = set(
        grants_visible_to(county_admin, "accounts.view").values_list("org__code", flat=True)
    )
    # then
    assert seen == {"admin_a", "staff_a", "m13700001111"}
    assert seen_from_county == {"CX", "ORGA"}
    assert grants_visible_to(AnonymousUser(), "accounts.view").count() == 0


def test_users_visible_to_counts_grants_and_member_records_once(world, staff_a):
    # given org A's admin and staff, and a member of org A (a member grant and a member record)
    # when
    usernames = list(users_visible_to(world.org_admin, "accounts.view").values_list("username", flat=True))
    # then
    assert sorted(usernames) == ["admin_a", "m13700001111", "staff_a"]
    assert users_visible_to(AnonymousUser(), "accounts.view").count() == 0


@pytest.mark.parametrize(
    ("_case", "actor", "outcome"),
    [
        ("outsider gets 404", "outsider", Http404),
        ("auditor in scope without accounts.manage gets 403", "auditor_a", PermissionDenied),
        ("admin gets the grant", "org_admin", None),
    ],
)
def test_grant_get_for_user_is_404_outside_and_403_without_manage(
    request, world, staff_a, _case, actor, outcome
):
    # given a grant on org A, checked through its `org`
    grant = staff_a.grants.get()
    user = (
        make_cadre("auditor_a", world.org_a, role=AUDITOR)
        if actor == "auditor_a"
        else request.getfixturevalue(actor)
    )
    # when / then
    if outcome is None:
        assert grant_get_for_user(actor=user, pk=grant.pk) == grant
    else:
        with pytest.raises(outcome):
            grant_get_for_user(actor=user, pk=grant.pk)


def test_grant_get_for_user_missing_grant_is_404(world):
    with pytest.raises(Http404):
        grant_get_for_user(actor=world.org_admin, pk=0)

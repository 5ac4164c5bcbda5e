"""Org tree writes: level rules, uniqueness, moving subtrees, (de)activation and departments.
Every successful write leaves one timeline row and one audit row; every refusal leaves nothing."""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import make_cadre
from gonghui.accounts.models import User
from gonghui.accounts.scoping import has_action, is_cadre
from gonghui.core.models import AuditLog, TimelineEntry
from gonghui.core.registry import OrgDeactivationGuard, org_deactivation_guards
from gonghui.members.choices import MemberStatus
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.choices import OrgLevel, OrgStatus
from gonghui.orgs.models import Department, Org
from gonghui.orgs.selectors import org_list_for_user
from gonghui.orgs.services.tree import (
    department_create,
    department_delete,
    org_create,
    org_deactivate,
    org_move,
    org_reactivate,
    org_update,
)
from gonghui.orgs.tests.factories import OrgFactory

from .side_effects import audit_rows, timeline_rows

CREDIT_CODE = "91350100M000100Y43"
OTHER_CREDIT_CODE = "91110000600037341L"


def _new_org_data(**overrides):
    data = {
        "name": "甲县第一中学初中部分工会",
        "unit_name": "甲县第一中学",
        "code": "ORGA-F2",
        "level": OrgLevel.BRANCH,
    }
    data.update(overrides)
    return data


def _fresh(org: Org) -> Org:
    return Org.objects.get(pk=org.pk)


def _nothing_written() -> bool:
    return not TimelineEntry.objects.exists() and not AuditLog.objects.exists()


# --- org_create -------------------------------------------------------------------------------------


def test_org_create_adds_a_child_with_timeline_and_audit(world):
    # when
    org = org_create(parent=world.org_a, actor=world.org_admin, data=_new_org_data())
    # then
    created = Org.objects.get(code="ORGA-F2")
    assert created.pk == org.pk
    assert Org.objects.get_parent(created) == world.org_a
    assert created.depth == 4
    assert created.path.startswith(world.org_a.path)
    assert created.status == OrgStatus.ACTIVE
    assert _fresh(world.org_a).numchild == 1
    assert timeline_rows(created) == [("create", "", "active", "上级组织：甲县第一中学工会")]
    assert audit_rows(created) == [("admin_edit", "新建组织 甲县第一中学初中部分工会（ORGA-F2）")]


@pytest.mark.parametrize(
    ("_case", "parent_attr", "level", "allowed"),
    [
        ("county under a grassroots union", "org_a", OrgLevel.COUNTY, False),
        ("grassroots under a grassroots union", "org_a", OrgLevel.GRASSROOTS, False),
        ("city under a grassroots union", "org_a", OrgLevel.CITY, False),
        ("county under a county", "county_x", OrgLevel.COUNTY, False),
        ("city under the city", "city", OrgLevel.CITY, False),
        ("branch under a grassroots union", "org_a", OrgLevel.BRANCH, True),
        ("grassroots under a county", "county_x", OrgLevel.GRASSROOTS, True),
        ("county under the city", "city", OrgLevel.COUNTY, True),
        ("grassroots directly under the city", "city", OrgLevel.GRASSROOTS, True),
    ],
)
def test_org_create_level_rules(world, city_admin, _case, parent_attr, level, allowed):
    # given
    parent = getattr(world, parent_attr)
    data = _new_org_data(level=level, code="NEW1", name="新工会")
    # when
    if allowed:
        org_create(parent=parent, actor=city_admin, data=data)
    else:
        with pytest.raises(ValidationError) as excinfo:
            org_create(parent=parent, actor=city_admin, data=data)
        # then the error names the level field, in Chinese
        assert excinfo.value.message_dict == {"level": [f"“{parent.name}”下不能设立该层级的组织"]}
    # then
    assert Org.objects.filter(code="NEW1").exists() is allowed


def test_org_create_under_a_branch_is_refused(world, branch_a):
    # when
    with pytest.raises(ValidationError) as excinfo:
        org_create(parent=branch_a, actor=world.org_admin, data=_new_org_data())
    # then
    assert excinfo.value.message_dict == {"level": ["“甲县第一中学高中部分工会”下不能设立该层级的组织"]}
    assert not Org.objects.filter(code="ORGA-F2").exists()


def test_org_create_without_a_level_names_the_level_field(world):
    # when
    with pytest.raises(ValidationError) as excinfo:
        org_create(parent=world.org_a, actor=world.org_admin, data=_new_org_data(level=""))
    # then
    assert excinfo.value.message_dict == {"level": ["请选择组织层级"]}
    assert not Org.objects.filter(code="ORGA-F2").exists()


@pytest.mark.parametrize(
    ("_case", "overrides", "errors"),
    [
        ("duplicate name", {"name": "乙县人民医院工会"}, {"name": ["已有同名的工会组织"]}),
        ("duplicate code", {"code": "ORGB"}, {"code": ["组织编码已被使用"]}),
        (
            "bad code format",
            {"code": "orga-f2"},
            {"code": ["组织编码须以大写字母开头，由2–20位大写字母、数字或短横线组成"]},
        ),
        (
            "bad credit code",
            {"credit_code": "91350100M000100Y44"},
            {"credit_code": ["统一社会信用代码校验位不正确，请核对"]},
        ),
        ("bad contact phone", {"contact_phone": "12345"}, {"contact_phone": ["请输入11位中国大陆手机号"]}),
    ],
)
def test_org_create_rejects_invalid_data_on_the_field(world, _case, overrides, errors):
    # when
    with pytest.raises(ValidationError) as excinfo:
        org_create(parent=world.org_a, actor=world.org_admin, data=_new_org_data(**overrides))
    # then
    assert excinfo.value.message_dict == errors
    assert Org.objects.count() == 5
    assert _nothing_written()


def test_org_create_allows_many_orgs_without_a_credit_code(world):
    # given org A and org B have no credit code
    assert world.org_a.credit_code == world.org_b.credit_code == ""
    # when
    org_create(parent=world.org_a, actor=world.org_admin, data=_new_org_data(credit_code=""))
    # then
    assert Org.objects.filter(credit_code="").count() == 6


@pytest.mark.parametrize(
    ("_case", "second_code"),
    [
        ("same spelling", CREDIT_CODE),
        ("lower case", CREDIT_CODE.lower()),
        ("with spaces", " 9135 0100 M000 100Y43 "),
    ],
)
def test_org_create_rejects_a_credit_code_already_in_use(world, _case, second_code):
    # given
    org_create(
        parent=world.org_a,
        actor=world.org_admin,
        data=_new_org_data(code="ORGA-F3", name="第一个", credit_code=CREDIT_CODE),
    )
    # when
    with pytest.raises(ValidationError) as excinfo:
        org_create(parent=world.org_a, actor=world.org_admin, data=_new_org_data(credit_code=second_code))
    # then
    assert excinfo.value.message_dict == {
        "credit_code": ["已有同一统一社会信用代码的工会：第一个（ORGA-F3）"]
    }
    assert list(Org.objects.exclude(credit_code="").values_list("code", "credit_code")) == [
        ("ORGA-F3", CREDIT_CODE)
    ]


def test_org_create_stores_the_normalised_credit_code(world):
    # when
    org = org_create(
        parent=world.org_a,
        actor=world.org_admin,
        data=_new_org_data(credit_code=" ９１３５０１００m000100y43 "),
    )
    # then
    assert _fresh(org).credit_code == CREDIT_CODE


def test_org_create_under_an_inactive_parent_is_refused(world, branch_a, city_admin):
    # given
    Org.objects.filter(pk=world.org_a.pk).update(status=OrgStatus.INACTIVE)
    # when
    with pytest.raises(ValidationError) as excinfo:
        org_create(parent=_fresh(world.org_a), actor=city_admin, data=_new_org_data())
    # then
    assert excinfo.value.messages == ["上级组织已停用，不能新建下级组织"]
    assert not Org.objects.filter(code="ORGA-F2").exists()


@pytest.mark.parametrize(
    ("_case", "actor"),
    [
        ("outsider", "outsider"),
        ("plain member", "org_member"),
        ("staff without orgs.manage", "staff_a"),
    ],
)
def test_org_create_needs_manage_on_the_parent(request, world, _case, actor):
    # given
    user = request.getfixturevalue(actor)
    # when
    with pytest.raises(PermissionDenied):
        org_create(parent=world.org_a, actor=user, data=_new_org_data())
    # then
    assert not Org.objects.filter(code="ORGA-F2").exists()
    assert _nothing_written()


# --- org_update -------------------------------------------------------------------------------------


def test_org_update_records_the_changed_fields(world):
    # when
    org_update(
        org=world.org_a,
        actor=world.org_admin,
        data={"name": "甲县一中工会", "chair_name": "王主席", "unit_name": world.org_a.unit_name},
    )
    # then
    org = _fresh(world.org_a)
    assert (org.name, org.chair_name, org.unit_name) == ("甲县一中工会", "王主席", "甲县第一中学")
    assert timeline_rows(org) == [("edit", "", "", "修改了：工会名称、工会主席")]
    assert audit_rows(org) == [("admin_edit", "修改组织 甲县一中工会：工会名称、工会主席")]


def test_org_update_without_changes_writes_nothing(world):
    # when
    org_update(org=world.org_a, actor=world.org_admin, data={"name": world.org_a.name, "chair_name": ""})
    # then
    assert _nothing_written()


def test_org_update_normalises_the_credit_code(world):
    # when
    org_update(org=world.org_a, actor=world.org_admin, data={"credit_code": CREDIT_CODE.lower()})
    # then
    assert _fresh(world.org_a).credit_code == CREDIT_CODE
    assert timeline_rows(world.org_a) == [("edit", "", "", "修改了：统一社会信用代码")]


def test_org_update_rejects_a_credit_code_of_another_org(world):
    # given
    Org.objects.filter(pk=world.org_b.pk).update(credit_code=CREDIT_CODE)
    # when
    with pytest.raises(ValidationError) as excinfo:
        org_update(org=world.org_a, actor=world.org_admin, data={"credit_code": CREDIT_CODE})
    # then
    # the message names the holder, by name only: org B is out of org A's admin's sight
    assert excinfo.value.message_dict == {"credit_code": ["已有同一统一社会信用代码的工会：乙县人民医院工会"]}
    assert _fresh(world.org_a).credit_code == ""
    assert _nothing_written()


def test_org_update_keeps_its_own_credit_code(world):
    # given
    Org.objects.filter(pk=world.org_a.pk).update(credit_code=CREDIT_CODE)
    # when
    org_update(
        org=_fresh(world.org_a),
        actor=world.org_admin,
        data={"credit_code": CREDIT_CODE, "address": "人民路1号"},
    )
    # then
    assert timeline_rows(world.org_a) == [("edit", "", "", "修改了：地址")]


def test_org_update_rejects_a_duplicate_name(world):
    # when
    with pytest.raises(ValidationError) as excinfo:
        org_update(org=world.org_a, actor=world.org_admin, data={"name": world.org_b.name})
    # then
    assert excinfo.value.message_dict == {"name": ["已有同名的工会组织"]}
    assert _fresh(world.org_a).name == "甲县第一中学工会"
    assert _nothing_written()


def test_org_update_rejects_a_level_its_parent_cannot_hold(world, county_x_admin):
    # when
    with pytest.raises(ValidationError) as excinfo:
        org_update(org=world.org_a, actor=county_x_admin, data={"level": OrgLevel.COUNTY})
    # then
    assert excinfo.value.message_dict == {"level": ["“甲县教育工会”下不能设立该层级的组织"]}
    assert _fresh(world.org_a).level == OrgLevel.GRASSROOTS


def test_org_update_rejects_a_level_below_its_children(world, branch_a):
    # when
    with pytest.raises(ValidationError) as excinfo:
        org_update(org=world.org_a, actor=world.org_admin, data={"level": OrgLevel.BRANCH})
    # then
    assert excinfo.value.message_dict == {"level": ["该层级低于现有下级组织，不能修改"]}
    assert _fresh(world.org_a).level == OrgLevel.GRASSROOTS
    assert _nothing_written()


def test_org_update_of_a_root_skips_the_parent_rule(world, city_admin):
    # when
    org_update(org=world.city, actor=city_admin, data={"level": OrgLevel.CITY, "short_name": "市工会"})
    # then
    assert _fresh(world.city).short_name == "市工会"


@pytest.mark.parametrize(
    ("_case", "actor"),
    [("outsider", "outsider"), ("plain member", "org_member"), ("staff", "staff_a")],
)
def test_org_update_needs_manage(request, world, _case, actor):
    # given
    user = request.getfixturevalue(actor)
    # when
    with pytest.raises(PermissionDenied):
        org_update(org=world.org_a, actor=user, data={"name": "改名"})
    # then
    assert _fresh(world.org_a).name == "甲县第一中学工会"
    assert _nothing_written()


# --- org_move ---------------------------------------------------------------------------------------


def test_org_move_carries_the_whole_subtree(world, branch_a, city_admin):
    # given a 小组 below the branch, so the subtree is three levels deep
    group = OrgFactory.create(parent=branch_a, code="ORGA-F1-G1", name="高一年级组", level=OrgLevel.BRANCH)
    old_paths = dict(Org.objects.values_list("code", "path"))
    # when
    moved = org_move(org=world.org_a, new_parent=world.county_y, actor=city_admin)
    # then every org of the subtree lives under 乙县 now, at the same depth
    paths = dict(Org.objects.values_list("code", "path"))
    county_y = _fresh(world.county_y)
    assert moved.path == paths["ORGA"]
    for code in ("ORGA", "ORGA-F1", "ORGA-F1-G1"):
        assert paths[code].startswith(county_y.path)
        assert paths[code] != old_paths[code]
    assert paths["ORGA-F1"].startswith(paths["ORGA"])
    assert paths["ORGA-F1-G1"].startswith(paths["ORGA-F1"])
    assert [Org.objects.get(code=c).depth for c in ("ORGA", "ORGA-F1", "ORGA-F1-G1")] == [3, 4, 5]
    assert Org.objects.get_parent(_fresh(group)) == branch_a
    # and the rest of the tree stayed where it was (乙县's own union is re-sorted after ORGA by code)
    for code in ("CITY", "CX", "CY"):
        assert paths[code] == old_paths[code]
    assert Org.objects.get_parent(_fresh(world.org_b)) == world.county_y
    assert (_fresh(world.county_x).numchild, county_y.numchild) == (0, 2)
    assert [o.code for o in Org.objects.get_children(county_y)] == ["ORGA", "ORGB"]
    assert timeline_rows(world.org_a) == [("move", "", "", "从“甲县教育工会”移至“乙县教育工会”")]
    assert audit_rows(world.org_a) == [("admin_edit", "移动组织 甲县第一中学工会 至 乙县教育工会")]


def test_org_move_keeps_grants_and_members_with_the_org(world, city_admin):
    # when
    org_move(org=world.org_a, new_parent=world.county_y, actor=city_admin)
    # then org A's admin still manages org A, now reached through 乙县
    admin = User.objects.get(pk=world.org_admin.pk)
    assert has_action(admin, "orgs.manage", _fresh(world.org_a)) is True
    assert list(org_list_for_user(user=admin).values_list("code", flat=True)) == ["ORGA"]
    # and 乙县's admin now sees it and its member
    county_y_admin = make_cadre("county_y_admin", world.county_y)
    assert list(org_list_for_user(user=county_y_admin).values_list("code", flat=True)) == [
        "CY",
        "ORGA",
        "ORGB",
    ]
    assert world.member_a.org.pk == world.org_a.pk


def test_org_move_is_one_transaction(world, branch_a, city_admin):
    # given the audit write fails after the tree was rewritten
    old_paths = dict(Org.objects.values_list("code", "path"))
    # when
    with (
        mock.patch("gonghui.orgs.services.tree.audit_log", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        org_move(org=world.org_a, new_parent=world.county_y, actor=city_admin)
    # then nothing moved and no timeline row survived
    assert dict(Org.objects.values_list("code", "path")) == old_paths
    assert (_fresh(world.county_x).numchild, _fresh(world.county_y).numchild) == (1, 1)
    assert _nothing_written()


@pytest.mark.parametrize(("_case", "into_child"), [("itself", False), ("its own child", True)])
def test_org_move_into_its_own_subtree_is_refused(world, branch_a, city_admin, _case, into_child):
    # given
    new_parent = branch_a if into_child else world.org_a
    old_paths = dict(Org.objects.values_list("code", "path"))
    # when
    with pytest.raises(ValidationError) as excinfo:
        org_move(org=world.org_a, new_parent=new_parent, actor=city_admin)
    # then
    assert excinfo.value.message_dict == {"new_parent": ["不能移动到本组织或其下级组织之下"]}
    assert dict(Org.objects.values_list("code", "path")) == old_paths
    assert _nothing_written()


def test_org_move_of_a_county_into_its_own_grassroots_union_is_refused(world, city_admin):
    # when
    with pytest.raises(ValidationError) as excinfo:
        org_move(org=world.county_x, new_parent=world.org_a, actor=city_admin)
    # then
    assert excinfo.value.message_dict == {"new_parent": ["不能移动到本组织或其下级组织之下"]}
    assert Org.objects.get_parent(_fresh(world.org_a)) == world.county_x


def test_org_move_to_an_inactive_parent_is_refused(world, city_admin):
    # given an inactive county
    county_z = OrgFactory.create(
        parent=world.city, code="CZ", name="丙县教育工会", level=OrgLevel.COUNTY, status=OrgStatus.INACTIVE
    )
    # when
    with pytest.raises(ValidationError) as excinfo:
        org_move(org=world.org_a, new_parent=county_z, actor=city_admin)
    # then
    assert excinfo.value.message_dict == {"new_parent": ["目标上级组织已停用"]}
    assert Org.objects.get_parent(_fresh(world.org_a)) == world.county_x
    assert _nothing_written()


def test_org_move_to_its_current_parent_is_refused(world, city_admin):
    # when
    with pytest.raises(ValidationError) as excinfo:
        org_move(org=world.org_a, new_parent=world.county_x, actor=city_admin)
    # then
    assert excinfo.value.message_dict == {"new_parent": ["已在该上级组织之下"]}
    assert _nothing_written()


def test_org_move_under_a_parent_of_the_same_level_is_refused(world, city_admin):
    # when
    with pytest.raises(ValidationError) as excinfo:
        org_move(org=world.org_a, new_parent=world.org_b, actor=city_admin)
    # then
    assert excinfo.value.message_dict == {"level": ["“乙县人民医院工会”下不能设立该层级的组织"]}
    assert Org.objects.get_parent(_fresh(world.org_a)) == world.county_x
    assert _nothing_written()


@pytest.mark.parametrize(
    ("_case", "actor", "target"),
    [
        ("a grassroots admin cannot carry their own union away", "org_admin", "county_y"),
        ("a grassroots admin cannot even re-file it in their county", "org_admin", "city"),
        ("the county admin does not manage the target", "county_x_admin", "county_y"),
        ("the target's admin does not manage the current parent", "outsider_county", "county_y"),
        ("a plain member", "org_member", "county_y"),
        ("a stranger", "outsider", "county_y"),
    ],
)
def test_org_move_needs_manage_on_current_parent_and_target(request, world, _case, actor, target):
    # given
    if actor == "outsider_county":
        user = make_cadre("county_y_admin", world.county_y)
    else:
        user = request.getfixturevalue(actor)
    old_paths = dict(Org.objects.values_list("code", "path"))
    # when
    with pytest.raises(PermissionDenied):
        org_move(org=world.org_a, new_parent=getattr(world, target), actor=user)
    # then
    assert dict(Org.objects.values_list("code", "path")) == old_paths
    assert _nothing_written()


def test_org_move_by_a_county_admin_within_the_county(world, branch_a, county_x_admin):
    # given a second grassroots union in 甲县
    org_a2 = OrgFactory.create(parent=world.county_x, code="ORGA2", name="甲县实验小学工会")
    # when
    org_move(org=branch_a, new_parent=org_a2, actor=county_x_admin)
    # then
    assert Org.objects.get_parent(_fresh(branch_a)) == org_a2
    assert timeline_rows(branch_a) == [("move", "", "", "从“甲县第一中学工会”移至“甲县实验小学工会”")]


# --- org_deactivate / org_reactivate ---------------------------------------------------------------


def test_org_deactivate_records_the_reason(world, branch_a):
    # when
    org_deactivate(org=branch_a, actor=world.org_admin, reason="学校合并，分工会撤销")
    # then
    assert _fresh(branch_a).status == OrgStatus.INACTIVE
    assert timeline_rows(branch_a) == [("deactivate", "active", "inactive", "学校合并，分工会撤销")]
    assert audit_rows(branch_a) == [("admin_edit", "停用组织 甲县第一中学高中部分工会：学校合并，分工会撤销")]


@pytest.mark.parametrize("reason", ["", "   "])
def test_org_deactivate_requires_a_reason(world, branch_a, reason):
    # when
    with pytest.raises(ValidationError) as excinfo:
        org_deactivate(org=branch_a, actor=world.org_admin, reason=reason)
    # then
    assert excinfo.value.message_dict == {"reason": ["请填写停用原因"]}
    assert _fresh(branch_a).status == OrgStatus.ACTIVE
    assert _nothing_written()


def test_org_deactivate_is_refused_while_it_has_active_children(world, city_admin):
    # when
    with pytest.raises(ValidationError) as excinfo:
        org_deactivate(org=world.county_x, actor=city_admin, reason="撤并")
    # then
    assert excinfo.value.messages == ["该组织还有正常状态的下级组织，请先停用或移走下级组织"]
    assert _fresh(world.county_x).status == OrgStatus.ACTIVE
    assert _nothing_written()


@pytest.mark.parametrize(
    ("status", "refused"),
    [
        (MemberStatus.ACTIVE, True),
        (MemberStatus.RETIRED_KEPT, True),
        (MemberStatus.LEFT, False),
        (MemberStatus.TRANSFERRED_OUT, False),
        (MemberStatus.DECEASED, False),
    ],
)
def test_org_deactivate_is_refused_while_members_hold_membership(world, branch_a, status, refused):
    # given two members of the branch in the given status
    MemberFactory.create_batch(2, org=branch_a, status=status)
    # when
    if refused:
        with pytest.raises(ValidationError) as excinfo:
            org_deactivate(org=branch_a, actor=world.org_admin, reason="撤销")
        assert excinfo.value.messages == ["该组织还有 2 名在籍会员，请先办理会员转出后再停用"]
    else:
        org_deactivate(org=branch_a, actor=world.org_admin, reason="撤销")
    # then
    expected = OrgStatus.ACTIVE if refused else OrgStatus.INACTIVE
    assert _fresh(branch_a).status == expected
    assert len(audit_rows(branch_a)) == (0 if refused else 1)


def test_org_deactivate_asks_every_registered_guard(world, branch_a, monkeypatch):
    # given a guard registered by an app above orgs (as members registers 在籍会员), holding only org A's branch
    def refusal(org):
        return "该组织还有 1 件未办结的诉求" if org.pk == branch_a.pk else ""

    guard = OrgDeactivationGuard(key="test", refusal=refusal)
    monkeypatch.setitem(org_deactivation_guards._items, "test", guard)
    # when / then: its refusal stops the deactivation, and nothing is written
    with pytest.raises(ValidationError) as excinfo:
        org_deactivate(org=branch_a, actor=world.org_admin, reason="撤销")
    assert excinfo.value.messages == ["该组织还有 1 件未办结的诉求"]
    assert _fresh(branch_a).status == OrgStatus.ACTIVE
    assert _nothing_written()


def test_org_deactivate_of_an_org_with_inactive_children_only(world, branch_a, county_x_admin):
    # given org A's member left and its branch was deactivated
    world.member_a.status = MemberStatus.LEFT
    world.member_a.save()
    org_deactivate(org=branch_a, actor=world.org_admin, reason="撤销")
    # when
    org_deactivate(org=world.org_a, actor=county_x_admin, reason="学校撤并")
    # then
    assert _fresh(world.org_a).status == OrgStatus.INACTIVE


def test_org_deactivate_of_an_inactive_org_is_refused(world, branch_a):
    # given
    org_deactivate(org=branch_a, actor=world.org_admin, reason="撤销")
    # when
    with pytest.raises(ValidationError) as excinfo:
        org_deactivate(org=_fresh(branch_a), actor=world.org_admin, reason="再次")
    # then
    assert excinfo.value.messages == ["当前状态“已停用”下不能执行“停用”"]
    assert len(timeline_rows(branch_a)) == 1


@pytest.mark.parametrize(
    ("_case", "actor"),
    [
        ("a grassroots admin cannot deactivate their own union", "org_admin"),
        ("a plain member", "org_member"),
        ("a stranger", "outsider"),
        ("staff without orgs.manage", "staff_a"),
    ],
)
def test_org_deactivate_needs_manage_on_the_parent(request, world, _case, actor):
    # given org A has no members left, so only the permission stands in the way
    world.member_a.status = MemberStatus.LEFT
    world.member_a.save()
    user = request.getfixturevalue(actor)
    # when
    with pytest.raises(PermissionDenied):
        org_deactivate(org=world.org_a, actor=user, reason="撤并")
    # then
    assert _fresh(world.org_a).status == OrgStatus.ACTIVE
    assert _nothing_written()


def test_org_deactivate_checks_permission_before_revealing_member_counts(world):
    # when the outsider tries to deactivate org A (which has a member)
    with pytest.raises(PermissionDenied):
        org_deactivate(org=world.org_a, actor=world.outsider, reason="撤并")
    # then the refusal says nothing about org A's members
    assert _fresh(world.org_a).status == OrgStatus.ACTIVE


def test_grants_on_a_deactivated_org_stop_working(world, county_x_admin):
    # given org A emptied and deactivated by its county
    world.member_a.status = MemberStatus.LEFT
    world.member_a.save()
    org_deactivate(org=world.org_a, actor=county_x_admin, reason="学校撤并")
    # when org A's admin comes back with a fresh request
    admin = User.objects.get(pk=world.org_admin.pk)
    # then the grant on org A gives nothing any more
    assert is_cadre(admin) is False
    assert list(org_list_for_user(user=admin)) == []
    assert has_action(admin, "orgs.manage", _fresh(world.org_a)) is False
    # while the county's grant still reaches the inactive org
    county_admin = User.objects.get(pk=county_x_admin.pk)
    assert list(org_list_for_user(user=county_admin).values_list("code", "status")) == [
        ("CX", "active"),
        ("ORGA", "inactive"),
    ]


def test_grant_on_an_inactive_org_does_not_reach_its_children(world, branch_a):
    # given a staff grant on the branch, and org A's admin-grant on an org that is then deactivated
    branch_staff = make_cadre("branch_staff", branch_a)
    Org.objects.filter(pk=branch_a.pk).update(status=OrgStatus.INACTIVE)
    # when
    staff = User.objects.get(pk=branch_staff.pk)
    # then
    assert list(org_list_for_user(user=staff)) == []


def test_org_reactivate_restores_the_org(world, branch_a):
    # given
    org_deactivate(org=branch_a, actor=world.org_admin, reason="暂停")
    # when
    org_reactivate(org=_fresh(branch_a), actor=world.org_admin)
    # then
    assert _fresh(branch_a).status == OrgStatus.ACTIVE
    assert timeline_rows(branch_a) == [
        ("deactivate", "active", "inactive", "暂停"),
        ("reactivate", "inactive", "active", ""),
    ]
    assert [summary for _action, summary in audit_rows(branch_a)] == [
        "停用组织 甲县第一中学高中部分工会：暂停",
        "恢复组织 甲县第一中学高中部分工会",
    ]


def test_org_reactivate_restores_the_grants(world, county_x_admin):
    # given org A deactivated
    world.member_a.status = MemberStatus.LEFT
    world.member_a.save()
    org_deactivate(org=world.org_a, actor=county_x_admin, reason="暂停")
    # when
    org_reactivate(org=_fresh(world.org_a), actor=county_x_admin)
    # then
    assert is_cadre(User.objects.get(pk=world.org_admin.pk)) is True


def test_org_reactivate_under_an_inactive_parent_is_refused(world, branch_a, county_x_admin):
    # given the branch and then org A deactivated
    world.member_a.status = MemberStatus.LEFT
    world.member_a.save()
    org_deactivate(org=branch_a, actor=county_x_admin, reason="撤销")
    org_deactivate(org=_fresh(world.org_a), actor=county_x_admin, reason="撤并")
    # when
    with pytest.raises(ValidationError) as excinfo:
        org_reactivate(org=_fresh(branch_a), actor=county_x_admin)
    # then
    assert excinfo.value.messages == ["上级组织已停用，请先恢复上级组织"]
    assert _fresh(branch_a).status == OrgStatus.INACTIVE
    assert len(timeline_rows(branch_a)) == 1


def test_org_reactivate_of_an_active_org_is_refused(world, branch_a):
    # when
    with pytest.raises(ValidationError) as excinfo:
        org_reactivate(org=branch_a, actor=world.org_admin)
    # then
    assert excinfo.value.messages == ["当前状态“正常”下不能执行“恢复”"]
    assert _nothing_written()


@pytest.mark.parametrize(
    ("_case", "actor"),
    [("a plain member", "org_member"), ("a stranger", "outsider"), ("staff", "staff_a")],
)
def test_org_reactivate_needs_manage_on_the_parent(request, world, branch_a, _case, actor):
    # given
    Org.objects.filter(pk=branch_a.pk).update(status=OrgStatus.INACTIVE)
    user = request.getfixturevalue(actor)
    # when
    with pytest.raises(PermissionDenied):
        org_reactivate(org=_fresh(branch_a), actor=user)
    # then
    assert _fresh(branch_a).status == OrgStatus.INACTIVE
    assert _nothing_written()


# --- departments ------------------------------------------------------------------------------------


def test_department_create_appends_in_order(world):
    # when
    first = department_create(org=world.org_a, actor=world.org_admin, name=" 女职工部 ")
    second = department_create(org=world.org_a, actor=world.org_admin, name="宣教部")
    # then
    assert list(world.org_a.departments.values_list("name", "sort_order")) == [("女职工部", 1), ("宣教部", 2)]
    assert (first.org, second.org) == (world.org_a, world.org_a)
    assert [summary for _action, summary in audit_rows(world.org_a)] == [
        "甲县第一中学工会 新增部门 女职工部",
        "甲县第一中学工会 新增部门 宣教部",
    ]


def test_department_names_are_unique_per_org(world):
    # given
    department_create(org=world.org_a, actor=world.org_admin, name="女职工部")
    # when
    with pytest.raises(ValidationError) as excinfo:
        department_create(org=world.org_a, actor=world.org_admin, name="女职工部")
    # then
    assert excinfo.value.messages == ["本工会已有同名部门"]
    assert world.org_a.departments.count() == 1
    assert len(audit_rows(world.org_a)) == 1


def test_the_same_department_name_is_fine_in_another_org(world):
    # given
    department_create(org=world.org_a, actor=world.org_admin, name="女职工部")
    # when
    department_create(org=world.org_b, actor=world.outsider, name="女职工部")
    # then
    assert Department.objects.filter(name="女职工部").count() == 2


def test_department_create_requires_a_name(world):
    # when
    with pytest.raises(ValidationError) as excinfo:
        department_create(org=world.org_a, actor=world.org_admin, name="  ")
    # then
    assert excinfo.value.message_dict == {"name": ["此字段不能为空。"]}
    assert not Department.objects.exists()


@pytest.mark.parametrize(
    ("_case", "actor"),
    [("a plain member", "org_member"), ("a stranger", "outsider"), ("staff", "staff_a")],
)
def test_department_create_needs_manage(request, world, _case, actor):
    # when
    with pytest.raises(PermissionDenied):
        department_create(org=world.org_a, actor=request.getfixturevalue(actor), name="女职工部")
    # then
    assert not Department.objects.exists()
    assert _nothing_written()


def test_department_delete_removes_it_and_audits(world):
    # given
    department = Department.objects.create(org=world.org_a, name="女职工部", sort_order=1)
    # when
    department_delete(department=department, actor=world.org_admin)
    # then
    assert not Department.objects.exists()
    assert audit_rows(world.org_a) == [("admin_edit", "甲县第一中学工会 删除部门 女职工部")]


@pytest.mark.parametrize(
    ("_case", "actor"),
    [("a plain member", "org_member"), ("a stranger", "outsider"), ("staff", "staff_a")],
)
def test_department_delete_needs_manage(request, world, _case, actor):
    # given
    department = Department.objects.create(org=world.org_a, name="女职工部", sort_order=1)
    # when
    with pytest.raises(PermissionDenied):
        department_delete(department=department, actor=request.getfixturevalue(actor))
    # then
    assert Department.objects.get().pk == department.pk
    assert _nothing_written()

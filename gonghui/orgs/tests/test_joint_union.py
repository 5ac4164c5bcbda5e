"""联合基层工会 (issue 13 item 20): a grassroots union that covers several small units records them with their
headcounts; its own headcount is their sum, kept by the services; the units are added, changed and removed on
the union's page (orgs.manage), each change on the union's timeline and in the audit log."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gonghui.orgs.choices import OrgAction, OrgLevel
from gonghui.orgs.models import CoveredUnit, Org
from gonghui.orgs.services.covered import covered_unit_add, covered_unit_remove, covered_unit_update
from gonghui.orgs.services.tree import org_create, org_update

from .side_effects import audit_rows, timeline_rows

UNIT = {
    "name": "甲县阳光幼儿园",
    "credit_code": "",
    "headcount_established": "0",
    "headcount_contract": "14",
    "headcount_dispatched": "2",
}


@pytest.fixture
def joint_a(world) -> Org:
    """Org A as a 联合基层工会 covering two units (10+5+0 and 3+4+1 staff)."""
    Org.objects.filter(pk=world.org_a.pk).update(is_joint=True)
    org = Org.objects.get(pk=world.org_a.pk)
    covered_unit_add(
        org=org,
        actor=world.org_admin,
        data={"name": "甲县红星小学", "headcount_established": 10, "headcount_contract": 5},
    )
    covered_unit_add(
        org=org,
        actor=world.org_admin,
        data={
            "name": "甲县希望小学",
            "headcount_established": 3,
            "headcount_contract": 4,
            "headcount_dispatched": 1,
        },
    )
    return Org.objects.get(pk=org.pk)


def _headcounts(org: Org) -> tuple[int, int, int]:
    org = Org.objects.get(pk=org.pk)
    return (org.headcount_established, org.headcount_contract, org.headcount_dispatched)


def test_the_unions_headcount_is_the_sum_of_its_units_through_add_change_and_remove(world, joint_a):
    admin = world.org_admin
    assert _headcounts(joint_a) == (13, 9, 1)
    # when a third unit is added
    unit = covered_unit_add(org=joint_a, actor=admin, data=UNIT)
    # then
    assert _headcounts(joint_a) == (13, 23, 3)
    # when it is changed
    covered_unit_update(unit=unit, actor=admin, data={**UNIT, "headcount_contract": "20"})
    assert _headcounts(joint_a) == (13, 29, 3)
    # when it is removed
    covered_unit_remove(unit=CoveredUnit.objects.get(pk=unit.pk), actor=admin)
    assert _headcounts(joint_a) == (13, 9, 1)
    assert not CoveredUnit.objects.filter(pk=unit.pk).exists()
    # and each change is on the union's timeline and in the audit log
    actions = [row[0] for row in timeline_rows(joint_a)]
    assert actions == [OrgAction.COVER_ADD] * 3 + [OrgAction.COVER_EDIT, OrgAction.COVER_REMOVE]
    assert timeline_rows(joint_a)[3][3] == (
        "甲县阳光幼儿园，职工 22 人（在编 0，非在编 20，劳务派遣 2）；修改了：非在编职工数"
    )
    assert [summary for _a, summary in audit_rows(joint_a)][-1] == (
        "甲县第一中学工会 移除所覆盖单位：甲县阳光幼儿园，职工 22 人（在编 0，非在编 20，劳务派遣 2）"
    )


def test_only_a_joint_union_records_covered_units(world):
    with pytest.raises(ValidationError) as exc:
        covered_unit_add(org=world.org_a, actor=world.org_admin, data=UNIT)
    assert "只有联合基层工会才能登记所覆盖单位" in exc.value.messages[0]
    assert not CoveredUnit.objects.exists()


def test_a_unit_name_is_unique_within_the_union_and_headcounts_are_not_negative(world, joint_a):
    with pytest.raises(ValidationError) as exc:
        covered_unit_add(org=joint_a, actor=world.org_admin, data={**UNIT, "name": "甲县红星小学"})
    assert exc.value.messages == ["本工会已登记同名的所覆盖单位"]
    with pytest.raises(ValidationError) as exc:
        covered_unit_add(org=joint_a, actor=world.org_admin, data={**UNIT, "headcount_contract": -1})
    assert "headcount_contract" in exc.value.message_dict
    assert _headcounts(joint_a) == (13, 9, 1)


@pytest.mark.parametrize("actor", ["org_member", "outsider"])
def test_the_services_refuse_who_does_not_manage_the_union(request, world, joint_a, actor):
    user = request.getfixturevalue(actor)
    unit = joint_a.covered_units.first()
    for attempt in (
        lambda: covered_unit_add(org=joint_a, actor=user, data=UNIT),
        lambda: covered_unit_update(unit=unit, actor=user, data={**UNIT, "name": "改名"}),
        lambda: covered_unit_remove(unit=unit, actor=user),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    assert joint_a.covered_units.count() == 2
    assert _headcounts(joint_a) == (13, 9, 1)


def test_joint_is_for_grassroots_unions_and_is_kept_while_units_remain(world, joint_a, city_admin):
    # a branch cannot be joint
    with pytest.raises(ValidationError) as exc:
        org_create(
            parent=joint_a,
            actor=world.org_admin,
            data={
                "name": "某分工会",
                "unit_name": "某单位",
                "code": "ORGA-J1",
                "level": OrgLevel.BRANCH,
                "is_joint": True,
            },
        )
    assert exc.value.message_dict == {"is_joint": ["只有基层工会可以设为联合基层工会"]}
    # the flag cannot go while units are recorded
    with pytest.raises(ValidationError) as exc:
        org_update(org=joint_a, actor=city_admin, data={"is_joint": False})
    assert exc.value.message_dict == {
        "is_joint": ["该工会登记了 2 个所覆盖单位，请先移除后再取消“联合基层工会”"]
    }
    # and typed headcounts of a joint union are ignored: the sum stands
    org_update(org=joint_a, actor=city_admin, data={"headcount_established": 999})
    assert _headcounts(joint_a) == (13, 9, 1)


def test_a_new_joint_union_starts_with_no_headcount(world, county_x_admin):
    org = org_create(
        parent=world.county_x,
        actor=county_x_admin,
        data={
            "name": "甲县城关联合工会",
            "unit_name": "甲县城关镇小微学校",
            "code": "CX-LH",
            "level": OrgLevel.GRASSROOTS,
            "is_joint": True,
            "headcount_established": 40,
        },
    )
    assert org.is_joint
    assert _headcounts(org) == (0, 0, 0)


# ---- pages: three actors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("actor", "status"), [("org_admin", 200), ("org_member", 403), ("outsider", 404)])
def test_the_add_page_and_its_post(request, client, world, joint_a, actor, status):
    client.force_login(request.getfixturevalue(actor))
    url = reverse("orgs:covered_unit_create", args=["ORGA"])
    assert client.get(url).status_code == status
    r = client.post(url, UNIT)
    if status == 200:
        assert r.status_code == 302
        assert r["Location"] == reverse("orgs:org_detail", args=["ORGA"])
        assert _headcounts(joint_a) == (13, 23, 3)
    else:
        assert r.status_code == status
        assert not CoveredUnit.objects.filter(name=UNIT["name"]).exists()


@pytest.mark.parametrize(("actor", "status"), [("org_admin", 302), ("org_member", 403), ("outsider", 404)])
def test_edit_and_remove(request, client, world, joint_a, actor, status):
    client.force_login(request.getfixturevalue(actor))
    unit = joint_a.covered_units.get(name="甲县红星小学")
    edit = client.post(
        reverse("orgs:covered_unit_edit", args=["ORGA", unit.pk]),
        {
            **UNIT,
            "name": "甲县红星小学",
            "headcount_established": "12",
            "headcount_contract": "5",
            "headcount_dispatched": "0",
        },
    )
    assert edit.status_code == status
    assert _headcounts(joint_a) == ((15, 9, 1) if status == 302 else (13, 9, 1))
    remove = client.post(reverse("orgs:covered_unit_remove", args=["ORGA", unit.pk]))
    assert remove.status_code == status
    assert CoveredUnit.objects.filter(pk=unit.pk).exists() is (status != 302)


def test_a_bad_unit_is_answered_on_the_form_naming_the_field(client, world, joint_a):
    client.force_login(world.org_admin)
    r = client.post(
        reverse("orgs:covered_unit_create", args=["ORGA"]), {**UNIT, "name": "", "headcount_contract": "x"}
    )
    assert r.status_code == 200
    assert set(r.context["form"].errors) == {"name", "headcount_contract"}
    assert not CoveredUnit.objects.filter(headcount_contract=14).exists()


def test_the_union_page_lists_the_units_with_confirmed_removal(client, world, joint_a):
    client.force_login(world.org_admin)
    html = client.get(reverse("orgs:org_detail", args=["ORGA"])).content.decode()
    assert "所覆盖单位（2）" in html
    assert "为所覆盖 2 个单位之和" in html
    assert "甲县红星小学" in html
    assert 'data-confirm="确定移除所覆盖单位“甲县希望小学”吗？' in html
    assert reverse("orgs:covered_unit_create", args=["ORGA"]) in html


def test_the_edit_form_of_a_joint_union_does_not_take_typed_headcounts(
    client, world, joint_a, county_x_admin
):
    client.force_login(county_x_admin)
    form = client.get(reverse("orgs:org_edit", args=["ORGA"])).context["form"]
    assert form.fields["headcount_established"].disabled
    assert "所覆盖单位" in str(form.fields["headcount_established"].help_text)

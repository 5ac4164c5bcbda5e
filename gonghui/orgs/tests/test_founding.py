"""建会 services and selectors: registering units, the founding flow through Workflow (with its timeline),
the new 基层工会 created at 已建会, and the scoped register."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from conftest import make_cadre
from gonghui.accounts.roles import UNION_STAFF
from gonghui.core.models import AuditLog, TimelineEntry
from gonghui.orgs.choices import CommitteeKind, FoundingAction, FoundingStatus, OrgLevel, UnitCategory
from gonghui.orgs.models import Org, UnionFounding
from gonghui.orgs.selectors import (
    founding_get_for_user,
    founding_list_for_user,
    founding_status_counts,
    founding_supervisors_for_user,
)
from gonghui.orgs.services.committees import committee_create
from gonghui.orgs.services.founding import (
    founding_complete,
    founding_found,
    founding_register,
    founding_transition,
    founding_update,
    founding_workflow,
)
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.orgs.validators import uscc_check_char


def credit_code(serial: int) -> str:
    """A checksum-valid 统一社会信用代码 of a 民办非企业单位 in 解放区."""
    first17 = f"52410802MJ{serial:07d}"
    return first17 + uscc_check_char(first17)


def unit_data(**overrides):
    data = {
        "unit_name": "甲县育才双语学校",
        "credit_code": credit_code(1),
        "unit_category": UnitCategory.PRIVATE_NON_ENTERPRISE,
        "industry": "P",
        "is_private": True,
        "headcount_established": 0,
        "headcount_contract": 86,
        "headcount_dispatched": 4,
        "contact_name": "李老师",
        "contact_phone": "13912345678",
        "note": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def county_x_admin(world):
    return make_cadre("county_x_admin", world.county_x)


@pytest.fixture
def county_x_staff(world):
    """工会干事 of 甲县教育工会: sees the register, may not change it."""
    return make_cadre("county_x_staff", world.county_x, role=UNION_STAFF)


@pytest.fixture
def city_admin(world):
    return make_cadre("city_admin", world.city)


@pytest.fixture
def founding(world, county_x_admin) -> UnionFounding:
    return founding_register(org=world.county_x, actor=county_x_admin, data=unit_data())


def _timeline(founding):
    return list(
        TimelineEntry.objects.filter(object_id=str(founding.pk), content_type__model="unionfounding")
        .order_by("id")
        .values_list("action", "from_state", "to_state")
    )


def _advance(founding, actor, *actions):
    for action in actions:
        founding = founding_transition(founding=founding, action=action, actor=actor, note="")
    return founding


def committee_data(**overrides):
    data = {
        "term_started_on": dt.date(2026, 3, 1),
        "term_ends_on": dt.date(2031, 2, 28),
        "elected_on": dt.date(2026, 3, 1),
        "approved_on": None,
        "approval_reference": "",
    }
    data.update(overrides)
    return data


def form_committees(founding, actor, kinds=tuple(CommitteeKind)):
    """三委同步组建: record the new union's committees of `kinds`, then the step itself."""
    union = Org.objects.get(pk=founding.founded_org_id)
    for kind in kinds:
        committee_create(org=union, kind=kind, actor=actor, data=committee_data())
    return founding_transition(founding=founding, action=FoundingAction.FORM_COMMITTEES, actor=actor)


TO_CONGRESS = (
    FoundingAction.APPLY,
    FoundingAction.APPROVE,
    FoundingAction.DEVELOP,
    FoundingAction.FORM_GROUPS,
    FoundingAction.PREPARE_CONGRESS,
)


# ---- register and edit --------------------------------------------------------------------------------


def test_register_puts_the_unit_on_the_register_as_not_founded(world, county_x_admin):
    # when
    founding = founding_register(
        org=world.county_x, actor=county_x_admin, data=unit_data(credit_code=" " + credit_code(1).lower())
    )
    # then
    founding = UnionFounding.objects.get(pk=founding.pk)
    assert founding.status == FoundingStatus.NOT_FOUNDED
    assert founding.org == world.county_x
    assert founding.credit_code == credit_code(1)
    assert founding.headcount_total == 90
    assert _timeline(founding) == [(FoundingAction.REGISTER, "", FoundingStatus.NOT_FOUNDED)]
    audit = AuditLog.objects.get(object_id=str(founding.pk))
    assert audit.summary == "登记建会单位 甲县育才双语学校（甲县教育工会）"
    assert audit.org_id == world.county_x.pk


@pytest.mark.parametrize(
    ("_case", "actor"),
    [
        ("grassroots admin below the county", "org_admin"),
        ("admin of another county's union", "outsider"),
        ("staff of the county", "county_x_staff"),
        ("plain member", "org_member"),
    ],
)
def test_register_needs_orgs_manage_on_the_supervising_union(request, world, _case, actor):
    # when / then
    with pytest.raises(PermissionDenied):
        founding_register(org=world.county_x, actor=request.getfixturevalue(actor), data=unit_data())
    assert UnionFounding.objects.count() == 0


def test_register_under_a_grassroots_union_is_refused(world, org_admin):
    # when
    with pytest.raises(ValidationError) as exc:
        founding_register(org=world.org_a, actor=org_admin, data=unit_data())
    # then
    assert exc.value.message_dict == {"org": ["主管工会须为市级产业工会或县区工会"]}
    assert UnionFounding.objects.count() == 0


@pytest.mark.parametrize(
    ("_case", "overrides", "field", "message"),
    [
        (
            "wrong check character",
            {"credit_code": credit_code(1)[:17] + "0"},
            "credit_code",
            "统一社会信用代码校验位不正确，请核对",
        ),
        ("too short", {"credit_code": "52410802"}, "credit_code", "统一社会信用代码应为18位，当前为8位"),
        ("missing name", {"unit_name": "  "}, "unit_name", "请填写单位名称"),
        ("bad phone", {"contact_phone": "1234"}, "contact_phone", None),
        ("unknown category", {"unit_category": "999"}, "unit_category", None),
    ],
)
def test_register_validates_each_field(world, county_x_admin, _case, overrides, field, message):
    # when
    with pytest.raises(ValidationError) as exc:
        founding_register(org=world.county_x, actor=county_x_admin, data=unit_data(**overrides))
    # then
    assert list(exc.value.message_dict) == [field]
    if message is not None:
        assert exc.value.message_dict[field] == [message]
    assert UnionFounding.objects.count() == 0


def test_register_refuses_the_same_unit_twice_under_one_union(world, county_x_admin, founding):
    # when
    with pytest.raises(ValidationError) as exc:
        founding_register(
            org=world.county_x, actor=county_x_admin, data=unit_data(credit_code=credit_code(2))
        )
    # then
    assert exc.value.message_dict == {"unit_name": ["该主管工会下已登记同名单位"]}


def test_register_refuses_a_credit_code_registered_elsewhere(world, city_admin, founding):
    # when
    with pytest.raises(ValidationError) as exc:
        founding_register(org=world.county_y, actor=city_admin, data=unit_data(unit_name="另一名称"))
    # then
    assert exc.value.message_dict == {"credit_code": ["该统一社会信用代码已登记（甲县育才双语学校）"]}


def test_a_credit_code_on_a_sibling_countys_register_is_refused_without_naming_the_unit(world, founding):
    # given 乙县's admin, who may not read 甲县's register
    county_y_admin = make_cadre("county_y_admin", world.county_y)
    # when
    with pytest.raises(ValidationError) as exc:
        founding_register(org=world.county_y, actor=county_y_admin, data=unit_data(unit_name="另一名称"))
    # then
    assert exc.value.message_dict == {"credit_code": ["该统一社会信用代码已由其他主管工会登记"]}


def test_register_refuses_a_unit_that_already_has_a_union(world, county_x_admin):
    # given
    Org.objects.filter(pk=world.org_b.pk).update(credit_code=credit_code(5))
    # when
    with pytest.raises(ValidationError) as exc:
        founding_register(
            org=world.county_x, actor=county_x_admin, data=unit_data(credit_code=credit_code(5))
        )
    # then
    assert exc.value.message_dict == {"credit_code": ["该单位已建立工会：乙县人民医院工会（ORGB）"]}


def test_update_saves_the_changed_fields_with_a_timeline_row(county_x_admin, founding):
    # when
    founding_update(
        founding=founding,
        actor=county_x_admin,
        data=unit_data(headcount_contract=90, contact_name="王老师"),
    )
    # then
    founding.refresh_from_db()
    assert (founding.headcount_contract, founding.contact_name) == (90, "王老师")
    entry = TimelineEntry.objects.filter(object_id=str(founding.pk)).order_by("id").last()
    assert entry is not None
    assert (entry.action_label, entry.note) == ("修改登记信息", "修改了：非在编职工数、联系人")


def test_update_without_changes_writes_nothing(county_x_admin, founding):
    # when
    founding_update(founding=founding, actor=county_x_admin, data=unit_data())
    # then
    assert len(_timeline(founding)) == 1
    assert AuditLog.objects.filter(object_id=str(founding.pk)).count() == 1


def test_update_by_staff_is_refused(county_x_staff, founding):
    # when
    with pytest.raises(PermissionDenied):
        founding_update(founding=founding, actor=county_x_staff, data=unit_data(headcount_contract=1))
    # then
    founding.refresh_from_db()
    assert founding.headcount_contract == 86


# ---- the flow ---------------------------------------------------------------------------------------------


def test_the_whole_flow_creates_and_completes_the_new_union(world, county_x_admin, founding):
    # when
    founding = _advance(founding, county_x_admin, *TO_CONGRESS)
    founding = founding_found(
        founding=founding,
        actor=county_x_admin,
        code="cx-m01",
        name="甲县育才双语学校工会",
        short_name="育才双语",
        founded_on=dt.date(2026, 3, 1),
        chair_name="王红梅",
    )
    founding = form_committees(founding, county_x_admin)
    founding = founding_complete(
        founding=founding,
        actor=county_x_admin,
        chair_name="王红梅",
        term_started_on=dt.date(2026, 3, 1),
        term_ends_on=dt.date(2031, 2, 28),
        address="甲县人民路1号",
    )
    # then
    founding = UnionFounding.objects.get(pk=founding.pk)
    union = Org.objects.get(code="CX-M01")
    assert founding.status == FoundingStatus.COMPLETE
    assert founding.founded_org == union
    assert Org.objects.get_parent(union) == world.county_x
    assert (union.level, union.name, union.short_name, union.unit_name) == (
        OrgLevel.GRASSROOTS,
        "甲县育才双语学校工会",
        "育才双语",
        "甲县育才双语学校",
    )
    assert (union.credit_code, union.unit_category, union.is_private) == (
        credit_code(1),
        UnitCategory.PRIVATE_NON_ENTERPRISE,
        True,
    )
    assert (union.headcount_established, union.headcount_contract, union.headcount_dispatched) == (0, 86, 4)
    assert (union.founding_status, union.founded_on) == (FoundingStatus.COMPLETE, dt.date(2026, 3, 1))
    assert (union.chair_name, union.term_started_on, union.term_ends_on, union.address) == (
        "王红梅",
        dt.date(2026, 3, 1),
        dt.date(2031, 2, 28),
        "甲县人民路1号",
    )
    assert _timeline(founding) == [
        ("register", "", "not_founded"),
        ("apply", "not_founded", "applied"),
        ("approve", "applied", "approved"),
        ("develop", "approved", "developing"),
        ("form_groups", "developing", "groups_formed"),
        ("prepare_congress", "groups_formed", "preparing_congress"),
        ("found", "preparing_congress", "founded"),
        ("form_committees", "founded", "committees_formed"),
        ("complete", "committees_formed", "complete"),
    ]
    found_note = TimelineEntry.objects.get(object_id=str(founding.pk), action="found").note
    assert found_note == "新建工会：甲县育才双语学校工会（CX-M01），建会日期 2026-03-01"


def test_reject_needs_a_reason_and_the_unit_may_apply_again(county_x_admin, founding):
    # given
    founding = _advance(founding, county_x_admin, FoundingAction.APPLY)
    # when a reason is missing
    with pytest.raises(ValidationError) as exc:
        founding_transition(founding=founding, action=FoundingAction.REJECT, actor=county_x_admin, note=" ")
    # then
    assert exc.value.message_dict == {"note": ["请填写不同意的理由"]}
    founding.refresh_from_db()
    assert founding.status == FoundingStatus.APPLIED
    # when
    founding = founding_transition(
        founding=founding, action=FoundingAction.REJECT, actor=county_x_admin, note="材料不全"
    )
    founding = founding_transition(founding=founding, action=FoundingAction.APPLY, actor=county_x_admin)
    # then
    assert founding.status == FoundingStatus.APPLIED
    assert _timeline(founding)[-2:] == [("reject", "applied", "rejected"), ("apply", "rejected", "applied")]


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (FoundingAction.APPROVE, "当前状态“未建会”下不能执行“批复同意”"),
        (FoundingAction.DEVELOP, "当前状态“未建会”下不能执行“发展会员”"),
        (FoundingAction.REJECT, "当前状态“未建会”下不能执行“不同意”"),
    ],
)
def test_a_step_out_of_order_is_refused(county_x_admin, founding, action, message):
    # when
    with pytest.raises(ValidationError) as exc:
        founding_transition(founding=founding, action=action, actor=county_x_admin, note="x")
    # then
    assert exc.value.messages == [message]
    founding.refresh_from_db()
    assert founding.status == FoundingStatus.NOT_FOUNDED
    assert len(_timeline(founding)) == 1


def test_found_and_complete_have_their_own_services(county_x_admin, founding):
    # when / then
    for action, label in ((FoundingAction.FOUND, "宣布建会"), (FoundingAction.COMPLETE, "完善信息")):
        with pytest.raises(ValidationError) as exc:
            founding_transition(founding=founding, action=action, actor=county_x_admin)
        assert exc.value.messages == [f"“{label}”请通过专门的表单办理"]


def test_an_unknown_action_is_refused(county_x_admin, founding):
    with pytest.raises(ValidationError) as exc:
        founding_transition(founding=founding, action="jump", actor=county_x_admin)
    assert exc.value.messages == ["未知操作：jump"]


@pytest.mark.parametrize(
    ("_case", "actor", "error"),
    [
        ("staff of the county", "county_x_staff", PermissionDenied),
        ("admin of the other county's union", "outsider", PermissionDenied),
        ("grassroots admin below", "org_admin", PermissionDenied),
    ],
)
def test_steps_need_orgs_manage_on_the_supervising_union(request, founding, _case, actor, error):
    # when
    with pytest.raises(error):
        founding_transition(
            founding=founding, action=FoundingAction.APPLY, actor=request.getfixturevalue(actor)
        )
    # then
    founding.refresh_from_db()
    assert founding.status == FoundingStatus.NOT_FOUNDED
    assert len(_timeline(founding)) == 1


def test_city_admin_may_record_steps_of_a_county_registration(city_admin, founding):
    # when
    founding = founding_transition(founding=founding, action=FoundingAction.APPLY, actor=city_admin)
    # then
    assert founding.status == FoundingStatus.APPLIED


def test_found_before_the_congress_is_refused_and_creates_no_union(county_x_admin, founding):
    # when
    with pytest.raises(ValidationError) as exc:
        founding_found(
            founding=founding,
            actor=county_x_admin,
            code="CXM01",
            name="新工会",
            founded_on=dt.date(2026, 1, 1),
        )
    # then
    assert exc.value.messages == ["当前状态“未建会”下不能执行“宣布建会”"]
    assert not Org.objects.filter(code="CXM01").exists()


def test_found_with_a_taken_code_reports_it_on_the_code_and_changes_nothing(world, county_x_admin, founding):
    # given
    founding = _advance(founding, county_x_admin, *TO_CONGRESS)
    # when
    with pytest.raises(ValidationError) as exc:
        founding_found(
            founding=founding,
            actor=county_x_admin,
            code="ORGA",
            name="新工会",
            founded_on=dt.date(2026, 1, 1),
        )
    # then
    assert exc.value.message_dict == {"code": ["组织编码已被使用"]}
    founding.refresh_from_db()
    assert (founding.status, founding.founded_org) == (FoundingStatus.PREPARING_CONGRESS, None)
    assert not Org.objects.filter(name="新工会").exists()


def test_found_in_the_future_is_refused(county_x_admin, founding):
    # given
    founding = _advance(founding, county_x_admin, *TO_CONGRESS)
    # when
    with pytest.raises(ValidationError) as exc:
        founding_found(
            founding=founding,
            actor=county_x_admin,
            code="CXM01",
            name="新工会",
            founded_on=timezone.localdate() + dt.timedelta(days=1),
        )
    # then
    assert exc.value.message_dict == {"founded_on": ["建会日期不能晚于今天"]}


def test_complete_refuses_a_term_ending_before_it_starts(county_x_admin, founding):
    # given
    founding = _advance(founding, county_x_admin, *TO_CONGRESS)
    founding = founding_found(
        founding=founding, actor=county_x_admin, code="CXM01", name="新工会", founded_on=dt.date(2026, 1, 1)
    )
    founding = form_committees(founding, county_x_admin)
    # when
    with pytest.raises(ValidationError) as exc:
        founding_complete(
            founding=founding,
            actor=county_x_admin,
            chair_name="王红梅",
            term_started_on=dt.date(2026, 1, 1),
            term_ends_on=dt.date(2025, 1, 1),
        )
    # then
    assert exc.value.message_dict == {"term_ends_on": ["任期届满日期不能早于任期开始日期"]}
    founding.refresh_from_db()
    assert founding.status == FoundingStatus.COMMITTEES_FORMED


def test_form_committees_names_the_committees_still_missing(county_x_admin, founding):
    # given the new union has only its 工会委员会
    founding = _advance(founding, county_x_admin, *TO_CONGRESS)
    founding = founding_found(
        founding=founding, actor=county_x_admin, code="CXM01", name="新工会", founded_on=dt.date(2026, 1, 1)
    )
    # when
    with pytest.raises(ValidationError) as exc:
        form_committees(founding, county_x_admin, kinds=(CommitteeKind.UNION,))
    # then
    assert exc.value.messages == [
        "新工会尚未登记：经费审查委员会、女职工委员会。请先在“三委同步组建”中逐一登记后再办理"
    ]
    founding.refresh_from_db()
    assert founding.status == FoundingStatus.FOUNDED


def test_complete_before_the_committees_is_refused(county_x_admin, founding):
    # given
    founding = _advance(founding, county_x_admin, *TO_CONGRESS)
    founding = founding_found(
        founding=founding, actor=county_x_admin, code="CXM01", name="新工会", founded_on=dt.date(2026, 1, 1)
    )
    # when
    with pytest.raises(ValidationError) as exc:
        founding_complete(
            founding=founding,
            actor=county_x_admin,
            chair_name="王红梅",
            term_started_on=dt.date(2026, 1, 1),
            term_ends_on=dt.date(2030, 12, 31),
        )
    # then
    assert exc.value.messages == ["当前状态“已建会”下不能执行“完善信息”"]


def test_editing_a_founded_unit_keeps_its_own_credit_code(county_x_admin, founding):
    # given the new union carries the unit's credit code
    founding = _advance(founding, county_x_admin, *TO_CONGRESS)
    founding = founding_found(
        founding=founding, actor=county_x_admin, code="CXM01", name="新工会", founded_on=dt.date(2026, 1, 1)
    )
    # when
    founding_update(founding=founding, actor=county_x_admin, data=unit_data(note="已挂牌"))
    # then
    founding.refresh_from_db()
    assert founding.note == "已挂牌"


def test_available_actions_follow_the_state_and_the_actor(county_x_admin, county_x_staff, founding):
    # when
    for_admin = [t.action for t in founding_workflow.available_actions(founding, county_x_admin)]
    for_staff = founding_workflow.available_actions(founding, county_x_staff)
    applied = _advance(founding, county_x_admin, FoundingAction.APPLY)
    after_apply = [t.action for t in founding_workflow.available_actions(applied, county_x_admin)]
    # then
    assert for_admin == [FoundingAction.APPLY]
    assert for_staff == []
    assert after_apply == [FoundingAction.REJECT, FoundingAction.APPROVE]


# ---- selectors --------------------------------------------------------------------------------------------


@pytest.fixture
def register(world, county_x_admin, city_admin):
    """Three units under 甲县, one under 乙县."""
    rows = [
        (world.county_x, unit_data(unit_name="甲县育才双语学校", credit_code=credit_code(1))),
        (
            world.county_x,
            unit_data(
                unit_name="甲县康宁医院",
                credit_code=credit_code(2),
                unit_category=UnitCategory.PRIVATE,
                industry="Q",
            ),
        ),
        (
            world.county_x,
            unit_data(
                unit_name="甲县图书馆",
                credit_code="",
                is_private=False,
                unit_category=UnitCategory.PUBLIC_INSTITUTION,
                contact_name="赵馆长",
            ),
        ),
        (world.county_y, unit_data(unit_name="乙县仁和医院", credit_code=credit_code(3))),
    ]
    made = [founding_register(org=org, actor=city_admin, data=data) for org, data in rows]
    founding_transition(founding=made[1], action=FoundingAction.APPLY, actor=city_admin)
    return made


def _names(qs):
    return [f.unit_name for f in qs]


@pytest.mark.parametrize(
    ("_case", "actor", "names"),
    [
        (
            "county admin sees its county",
            "county_x_admin",
            ["甲县图书馆", "甲县康宁医院", "甲县育才双语学校"],
        ),
        ("county staff sees it too", "county_x_staff", ["甲县图书馆", "甲县康宁医院", "甲县育才双语学校"]),
        ("other county's grassroots admin sees nothing", "outsider", []),
        ("grassroots admin below sees nothing", "org_admin", []),
        ("plain member sees nothing", "org_member", []),
    ],
)
def test_register_list_is_scoped(request, register, _case, actor, names):
    # when
    found = founding_list_for_user(user=request.getfixturevalue(actor))
    # then
    assert sorted(_names(found)) == sorted(names)


def test_city_admin_sees_every_county_in_tree_order(city_admin, register):
    assert _names(founding_list_for_user(user=city_admin)) == [
        "甲县图书馆",
        "甲县康宁医院",
        "甲县育才双语学校",
        "乙县仁和医院",
    ]


@pytest.mark.parametrize(
    ("filters", "names"),
    [
        ({"status": "applied"}, ["甲县康宁医院"]),
        ({"status": "not_founded"}, ["甲县图书馆", "甲县育才双语学校", "乙县仁和医院"]),
        ({"is_private": True}, ["甲县康宁医院", "甲县育才双语学校", "乙县仁和医院"]),
        ({"is_private": False}, ["甲县图书馆"]),
        ({"unit_category": UnitCategory.PRIVATE}, ["甲县康宁医院"]),
        ({"query": "医院"}, ["甲县康宁医院", "乙县仁和医院"]),
        ({"query": credit_code(3).lower()}, ["乙县仁和医院"]),
        ({"query": "赵馆长"}, ["甲县图书馆"]),
        (
            {"unit_category": UnitCategory.PRIVATE_NON_ENTERPRISE, "is_private": True},
            ["甲县育才双语学校", "乙县仁和医院"],
        ),
    ],
)
def test_register_list_filters(city_admin, register, filters, names):
    assert _names(founding_list_for_user(user=city_admin, **filters)) == names


def test_register_list_within_a_subtree(world, city_admin, register):
    assert _names(founding_list_for_user(user=city_admin, within=world.county_y)) == ["乙县仁和医院"]


def test_status_counts_cover_every_state(city_admin, register):
    # when
    counts = founding_status_counts(founding_list_for_user(user=city_admin))
    # then
    assert counts == {
        "not_founded": 3,
        "applied": 1,
        "rejected": 0,
        "approved": 0,
        "developing": 0,
        "groups_formed": 0,
        "preparing_congress": 0,
        "founded": 0,
        "committees_formed": 0,
        "complete": 0,
    }


def test_get_for_user_is_404_outside_and_403_without_the_action(outsider, county_x_staff, register):
    # given
    founding = register[0]
    # when / then
    with pytest.raises(Http404):
        founding_get_for_user(user=outsider, public_id=founding.public_id)
    with pytest.raises(PermissionDenied):
        founding_get_for_user(user=county_x_staff, public_id=founding.public_id, action="orgs.manage")
    assert founding_get_for_user(user=county_x_staff, public_id=founding.public_id) == founding


@pytest.mark.parametrize(
    ("_case", "actor", "codes"),
    [
        ("city admin: the city and both counties", "city_admin", ["CITY", "CX", "CY"]),
        ("county admin: its county", "county_x_admin", ["CX"]),
        ("county staff: none (no orgs.manage)", "county_x_staff", []),
        ("grassroots admin: none", "org_admin", []),
    ],
)
def test_supervisors_are_the_managed_city_and_county_unions(request, world, _case, actor, codes):
    assert [o.code for o in founding_supervisors_for_user(user=request.getfixturevalue(actor))] == codes


def test_supervisors_leave_out_inactive_unions(world, city_admin):
    # given
    Org.objects.filter(pk=world.county_y.pk).update(status="inactive")
    OrgFactory.create(parent=world.city, code="CZ", name="丙县教育工会", level=OrgLevel.COUNTY)
    # then
    assert [o.code for o in founding_supervisors_for_user(user=city_admin)] == ["CITY", "CX", "CZ"]

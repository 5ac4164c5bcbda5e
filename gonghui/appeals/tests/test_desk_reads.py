"""Reads of the case desk for three actors (org A's handler, a plain member, org B's handler) plus the city's
维权督办: the list and its filters, one case, the member's own list, what the member sees of the timeline and
messages, the counters, the overdue board, categories, designations, and the list's query count."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from conftest import make_cadre
from gonghui.appeals.choices import AppealStatus
from gonghui.appeals.models import HandlerDesignation
from gonghui.appeals.selectors import (
    appeal_desk_counts,
    appeal_get_for_member,
    appeal_get_for_user,
    appeal_list_for_member,
    appeal_list_for_user,
    appeal_messages,
    appeal_timeline,
    category_list,
    designation_list_for_user,
    designee_get_for_user,
    handling_orgs,
    overdue_board,
    supervised_orgs,
)
from gonghui.appeals.services import (
    appeal_accept,
    appeal_assign,
    appeal_note,
    appeal_reply,
    appeal_request_materials,
    category_save,
    designation_create,
    designation_delete,
)
from gonghui.appeals.tests.factories import at, category, make_appeal
from gonghui.core.audit import AuditContext
from gonghui.core.models import AuditAction, AuditLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(world, member_b, handler_a):
    """Three cases of org A (one accepted and assigned, one waiting, one restricted) and one of org B."""
    with at(2026, 3, 2, 9):
        wages = make_appeal(world.member_a, title="拖欠课时费")
        contract = make_appeal(
            world.member_a,
            code="labour_contract",
            title="合同未续签",
            description="合同到期学校不续签也不说明理由。",
        )
        women = make_appeal(
            world.member_a, code="women", title="孕期调岗", description="怀孕后被调到偏远校区上课。"
        )
        other = make_appeal(member_b, title="夜班补贴", description="夜班补贴三个月没有发放了。")
        appeal_accept(appeal=contract, actor=handler_a)
        appeal_assign(appeal=contract, handler=handler_a, actor=handler_a)
    return {"wages": wages, "contract": contract, "women": women, "other": other}


def _titles(qs):
    return sorted(a.title for a in qs)


def test_the_desk_list_for_three_actors_and_the_supervisor(world, handler_a, handler_b, supervisor, cases):
    assert _titles(appeal_list_for_user(user=handler_a)) == [
        "合同未续签",
        "拖欠课时费",
    ]  # 女职工 is restricted
    assert _titles(appeal_list_for_user(user=handler_b)) == ["夜班补贴"]
    assert _titles(appeal_list_for_user(user=world.org_member)) == []
    assert _titles(appeal_list_for_user(user=supervisor)) == [
        "合同未续签",
        "夜班补贴",
        "孕期调岗",
        "拖欠课时费",
    ]


def test_a_designated_handler_sees_the_restricted_case(world, women_handler_a, cases):
    assert _titles(appeal_list_for_user(user=women_handler_a)) == ["合同未续签", "孕期调岗", "拖欠课时费"]
    assert appeal_get_for_user(user=women_handler_a, public_id=cases["women"].public_id) == cases["women"]


@pytest.mark.parametrize(
    ("filters", "titles"),
    [
        ({"status": AppealStatus.ACCEPTED}, ["合同未续签"]),
        ({"status": "open"}, ["合同未续签", "夜班补贴", "孕期调岗", "拖欠课时费"]),
        ({"status": "nonsense"}, ["合同未续签", "夜班补贴", "孕期调岗", "拖欠课时费"]),
        ({"category": "women"}, ["孕期调岗"]),
        ({"query": "课时"}, ["拖欠课时费"]),
        ({"query": "WQ-2026-00004"}, ["夜班补贴"]),
    ],
)
def test_the_desk_filters(supervisor, cases, filters, titles):
    assert _titles(appeal_list_for_user(user=supervisor, **filters)) == titles


def test_mine_within_and_sla_filters(world, handler_a, supervisor, cases):
    assert _titles(appeal_list_for_user(user=handler_a, mine=True)) == ["合同未续签"]
    assert _titles(appeal_list_for_user(user=supervisor, within=world.county_y)) == ["夜班补贴"]
    # accept_due 2026-03-04: on the 5th the three unaccepted cases are overdue, on the 3rd they are due soon
    overdue = appeal_list_for_user(user=supervisor, sla="overdue", today=dt.date(2026, 3, 5))
    assert _titles(overdue) == ["夜班补贴", "孕期调岗", "拖欠课时费"]
    assert _titles(appeal_list_for_user(user=supervisor, sla="due_soon", today=dt.date(2026, 3, 3))) == [
        "夜班补贴",
        "孕期调岗",
        "拖欠课时费",
    ]
    appeal_request_materials(appeal=cases["contract"], actor=handler_a, note="请提供合同")
    assert _titles(appeal_list_for_user(user=supervisor, sla="paused")) == ["合同未续签"]


def test_one_case_is_404_outside_the_scope(world, handler_a, handler_b, cases):
    assert appeal_get_for_user(user=handler_a, public_id=cases["wages"].public_id) == cases["wages"]
    for user, key in (
        (handler_b, "wages"),
        (handler_a, "other"),
        (handler_a, "women"),
        (world.org_member, "wages"),
    ):
        with pytest.raises(Http404):
            appeal_get_for_user(user=user, public_id=cases[key].public_id)


def test_a_member_sees_only_their_own_cases(world, member_b, cases):
    assert _titles(appeal_list_for_member(member=world.member_a)) == ["合同未续签", "孕期调岗", "拖欠课时费"]
    assert _titles(appeal_list_for_member(member=member_b)) == ["夜班补贴"]
    with pytest.raises(Http404):
        appeal_get_for_member(member=member_b, public_id=cases["wages"].public_id)


def test_the_member_does_not_see_assignments_or_internal_notes(world, handler_a, cases):
    case = cases["contract"]
    appeal_note(appeal=case, actor=handler_a, body="学校人事科已联系")
    appeal_reply(appeal=case, actor=handler_a, body="已协调学校续签合同。")
    assert [e.action for e in appeal_timeline(case)] == ["submit", "accept", "assign", "note", "reply"]
    assert [e.action for e in appeal_timeline(case, for_member=True)] == ["submit", "accept", "reply"]
    assert [m.body for m in appeal_messages(case)] == ["学校人事科已联系", "已协调学校续签合同。"]
    assert [m.body for m in appeal_messages(case, for_member=True)] == ["已协调学校续签合同。"]


def test_the_desk_counters(world, handler_a, supervisor, cases):
    assert appeal_desk_counts(user=handler_a, today=dt.date(2026, 3, 5)) == {
        "submitted": 1,
        "open": 2,
        "overdue": 1,
        "due_soon": 0,
    }
    assert appeal_desk_counts(user=supervisor, org=world.county_x, today=dt.date(2026, 3, 3)) == {
        "submitted": 2,
        "open": 3,
        "overdue": 0,
        "due_soon": 2,
    }
    assert appeal_desk_counts(user=world.org_member) == {
        "submitted": 0,
        "open": 0,
        "overdue": 0,
        "due_soon": 0,
    }


def test_the_overdue_board_groups_by_union_most_overdue_first(world, supervisor, handler_b, cases):
    rows = overdue_board(user=supervisor, today=dt.date(2026, 3, 5))
    assert [(r.org.code, r.overdue, r.open) for r in rows] == [("ORGA", 2, 3), ("ORGB", 1, 1)]
    assert sorted(a.title for a in rows[0].appeals) == ["孕期调岗", "拖欠课时费"]
    assert [(r.org.code, r.overdue) for r in overdue_board(user=handler_b, today=dt.date(2026, 3, 5))] == [
        ("ORGB", 1)
    ]
    assert overdue_board(user=supervisor, today=dt.date(2026, 3, 3)) == []
    limited = overdue_board(user=supervisor, today=dt.date(2026, 3, 5), limit_per_org=1)
    assert [(r.overdue, len(r.appeals)) for r in limited] == [(2, 1), (1, 1)]


def test_the_desk_list_reads_in_one_query(supervisor, cases, django_assert_num_queries):
    list(appeal_list_for_user(user=supervisor))  # grants and designations are read once per user
    with django_assert_num_queries(1):
        rows = list(appeal_list_for_user(user=supervisor))
        assert sorted((a.org.code, a.category.name) for a in rows)[0] == ("ORGA", "劳动合同")


# ---- categories --------------------------------------------------------------------------------------------


def test_category_list_orders_and_hides_inactive(supervisor):
    category()
    names = [c.name for c in category_list()]
    assert names[:3] == ["劳动合同", "工资待遇", "社会保险"]
    assert len(names) == 13  # the nine of 0002 and the four of 事业单位 staff of 0003
    category_save(
        context=AuditContext(),
        actor=supervisor,
        category=category("other"),
        name="其他",
        accept_days=2,
        reply_days=15,
        is_restricted=False,
        is_active=False,
        order=90,
    )
    assert "其他" not in [c.name for c in category_list(active_only=True)]
    assert "其他" in [c.name for c in category_list()]


@pytest.mark.parametrize(
    ("values", "errors"),
    [
        ({"name": " "}, {"name": ["请填写类别名称"]}),
        ({"accept_days": 0}, {"accept_days": ["时限至少为1个工作日"]}),
        ({"accept_days": 5, "reply_days": 3}, {"reply_days": ["答复时限不能短于受理时限"]}),
        ({"name": "工资待遇"}, {"name": ["已有同名的诉求类别"]}),
    ],
)
def test_a_category_names_its_bad_field(supervisor, values, errors):
    category()
    data = {
        "name": "教师职称",
        "accept_days": 2,
        "reply_days": 15,
        "is_restricted": False,
        "is_active": True,
        "order": 95,
    }
    with pytest.raises(ValidationError) as exc:
        category_save(context=AuditContext(), actor=supervisor, category=None, **{**data, **values})
    assert exc.value.message_dict == errors


def test_a_new_category_gets_a_free_code_and_is_audited(supervisor):
    category()
    created = category_save(
        context=AuditContext(),
        actor=supervisor,
        category=None,
        name="教师职称",
        accept_days=3,
        reply_days=20,
        is_restricted=True,
        is_active=False,
        order=95,
    )
    assert created.code == "c14"
    audit = AuditLog.objects.get(action=AuditAction.ADMIN_EDIT)
    assert audit.summary == "新增诉求类别 教师职称（受理3、答复20个工作日，限定办理人，停用）"
    again = category_save(context=AuditContext(),
        actor=supervisor, category=None, name="教师培训", accept_days=2, reply_days=15,
        is_restricted=False, is_active=True, order=96, code="c14",
    )  # fmt: skip
    assert again.code == "c14x"


# ---- designations ----------------------------------------------------------------------------------------


def test_designations_are_listed_within_the_supervisors_subtrees(world, supervisor, handler_a, handler_b):
    women = category("women")
    designation_create(
        context=AuditContext(), actor=supervisor, user=handler_a, org=world.org_a, category=women
    )
    designation_create(
        context=AuditContext(), actor=supervisor, user=handler_b, org=world.org_b, category=women
    )
    county_supervisor = make_cadre("cx_supervisor", world.county_x, role="appeals_supervisor")
    assert [d.user.username for d in designation_list_for_user(user=supervisor)] == ["handler_a", "handler_b"]
    assert [d.user.username for d in designation_list_for_user(user=county_supervisor)] == ["handler_a"]
    assert list(designation_list_for_user(user=handler_a)) == []


def test_a_designation_is_made_once_and_removed_with_an_audit(world, supervisor, handler_a):
    women = category("women")
    county_supervisor = make_cadre("cy_supervisor", world.county_y, role="appeals_supervisor")
    with pytest.raises(PermissionDenied):
        designation_create(
            context=AuditContext(), actor=county_supervisor, user=handler_a, org=world.org_a, category=women
        )
    designation = designation_create(
        context=AuditContext(), actor=supervisor, user=handler_a, org=world.org_a, category=women
    )
    with pytest.raises(ValidationError) as exc:
        designation_create(
            context=AuditContext(), actor=supervisor, user=handler_a, org=world.org_a, category=women
        )
    assert exc.value.message_dict == {"user": ["已指定过该办理人"]}
    designation_delete(context=AuditContext(), actor=supervisor, designation=designation)
    assert not HandlerDesignation.objects.exists()
    assert list(AuditLog.objects.order_by("id").values_list("summary", flat=True)) == [
        "指定 handler_a 办理甲县第一中学工会的女职工权益诉求",
        "取消 handler_a 办理甲县第一中学工会的女职工权益诉求",
    ]


def test_the_designee_lookup_stays_inside_the_supervisors_subtrees(world, handler_a, handler_b):
    county_supervisor = make_cadre("cx_supervisor", world.county_x, role="appeals_supervisor")
    assert designee_get_for_user(user=county_supervisor, username=" handler_a ") == handler_a
    assert designee_get_for_user(user=county_supervisor, username="handler_b") is None
    assert designee_get_for_user(user=county_supervisor, username="nobody") is None
    assert designee_get_for_user(user=county_supervisor, username=world.org_member.username) is None


def test_supervised_and_handling_orgs(world, supervisor, handler_a):
    assert [o.code for o in supervised_orgs(user=supervisor)] == ["CITY", "CX", "ORGA", "CY", "ORGB"]
    assert list(supervised_orgs(user=handler_a)) == []
    assert [o.code for o in handling_orgs(user=handler_a)] == ["ORGA"]
    assert list(handling_orgs(user=world.org_member)) == []

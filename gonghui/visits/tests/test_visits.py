"""The 走访慰问 block: the owner kind decides who records a visit and which union makes it (a refusing kind is
enforced), the three actors on the honours 劳模 kind, the scoped selectors, the audit row, and the delete rule
(only the recorder, on the day)."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog
from gonghui.honours.tests.factories import make_worker
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.models import Org
from gonghui.visits.choices import VisitOccasion
from gonghui.visits.forms import VisitForm
from gonghui.visits.models import Visit
from gonghui.visits.owners import VisitOwnerKind, kind_of, visit_owner_kinds
from gonghui.visits.permissions import can_record_visit
from gonghui.visits.selectors import visits_for_user, visits_of, visits_of_member
from gonghui.visits.services import visit_delete, visit_record

TODAY = dt.date(2026, 1, 20)


@pytest.fixture
def worker(world):
    return make_worker(org=world.org_a, actor=world.org_admin, member=world.member_a)


@pytest.fixture
def refusing_kind():
    """A kind that refuses everyone (an owner app whose rule says no), on orgs as owners."""
    key = "orgs.org"
    visit_owner_kinds.register(
        key,
        VisitOwnerKind(
            key=key,
            label="工会",
            view_action="orgs.view",
            can_manage=lambda user, owner: False,
            can_view=lambda user, owner: True,
            org_of=lambda owner: owner,
        ),
    )
    yield visit_owner_kinds.get(key)
    del visit_owner_kinds._items[key]


def _record(owner, actor, **extra):
    fields: dict[str, Any] = {
        "visited_on": TODAY,
        "occasion": VisitOccasion.FESTIVAL,
        "visitors": "王主席、李干事",
        "content": "身体健康，家庭和睦",
        "gifts": "米、油",
    }
    fields.update(extra)
    return visit_record(owner=owner, actor=actor, **fields)


@pytest.mark.parametrize(
    ("_case", "actor", "allowed"),
    [
        ("org admin records", "org_admin", True),
        ("plain member may not", "org_member", False),
        ("admin of another union may not", "outsider", False),
    ],
)
def test_visit_record_three_actors(request, worker, _case, actor, allowed):
    # given
    user = request.getfixturevalue(actor)
    # when / then
    if allowed:
        visit = _record(worker, user, member=worker.member)
        assert visit.org_id == worker.org_id
        assert visit.owner == worker
        assert visit.visited_name == "甲会员"
    else:
        with pytest.raises(PermissionDenied):
            _record(worker, user, member=worker.member)
        assert not Visit.objects.exists()
    assert can_record_visit(user, worker) is allowed


def test_refusing_owner_kind_is_enforced_for_the_unions_own_admin(world, refusing_kind):
    # given a kind whose rule refuses everyone, and the union's own admin
    # when / then
    with pytest.raises(PermissionDenied):
        _record(world.org_a, world.org_admin, visited_name="甲校退休教师")
    assert not Visit.objects.exists()
    assert kind_of(world.org_a) is refusing_kind


def test_unregistered_owner_is_a_programming_error(world):
    with pytest.raises(ValueError, match="unknown visit owner kind"):
        _record(world.member_a, world.org_admin)


def test_visit_record_is_audited_with_the_owner_kind(worker, org_admin):
    visit = _record(worker, org_admin, member=worker.member)
    log = AuditLog.objects.get(object_id=str(visit.pk), content_type__model="visit")
    assert log.action == AuditAction.ADMIN_EDIT
    assert log.org_id == worker.org_id
    assert log.summary == "登记走访慰问：劳模工匠 甲会员（2026-01-20，节日慰问）"


@pytest.mark.parametrize(
    ("_case", "extra", "field"),
    [
        ("future date", {"visited_on": dt.date(2999, 1, 1)}, "visited_on"),
        ("no visitors", {"visitors": "  "}, "visitors"),
        ("unknown occasion", {"occasion": "party"}, "occasion"),
        ("nobody visited", {"visited_name": ""}, "visited_name"),
    ],
)
def test_visit_record_refuses_bad_input_naming_the_field(worker, org_admin, _case, extra, field):
    with pytest.raises(ValidationError) as exc:
        _record(worker, org_admin, **extra)
    assert field in exc.value.message_dict
    assert not Visit.objects.exists()


def test_selectors_scope_visits_to_the_kind_action(world, worker):
    # given a visit of org A's worker and one of org B's
    other = make_worker(org=world.org_b, actor=world.outsider, name="乙劳模")
    mine = _record(worker, world.org_admin, member=worker.member)
    theirs = _record(other, world.outsider, visited_name="乙劳模")
    # then each union's admin sees its own; the city's admin would see both; a member sees none
    assert list(visits_for_user(world.org_admin)) == [mine]
    assert list(visits_for_user(world.outsider)) == [theirs]
    assert list(visits_for_user(world.org_member)) == []
    assert list(visits_of(worker)) == [mine]
    assert list(visits_of_member(world.member_a)) == [mine]
    assert list(visits_for_user(world.org_admin, {"q": "王主席", "year": 2026})) == [mine]
    assert list(visits_for_user(world.org_admin, {"occasion": VisitOccasion.ILLNESS})) == []
    assert list(visits_for_user(world.org_admin, {"kind": "orgs.org"})) == []


def test_visit_delete_only_by_the_recorder_on_the_day(world, worker):
    # given a visit recorded by org A's admin, and a second admin of org A
    from conftest import make_cadre

    colleague = make_cadre("admin_a2", world.org_a)
    visit = _record(worker, world.org_admin, member=worker.member)
    # when another admin tries, then refused
    with pytest.raises(PermissionDenied):
        visit_delete(visit=visit, actor=colleague)
    # when the recorder deletes it the next day, refused
    Visit.objects.filter(pk=visit.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    visit.refresh_from_db()
    with pytest.raises(PermissionDenied):
        visit_delete(visit=visit, actor=world.org_admin)
    # when the recorder deletes on the day, it goes, audited
    Visit.objects.filter(pk=visit.pk).update(created_at=timezone.now())
    visit.refresh_from_db()
    visit_delete(visit=visit, actor=world.org_admin)
    assert not Visit.objects.filter(pk=visit.pk).exists()
    assert AuditLog.objects.filter(summary__startswith="删除走访慰问：甲会员").count() == 1


def test_visit_form_checks_shape_only():
    form = VisitForm({"visited_on": "2026-01-20", "occasion": "festival", "visitors": ""})
    assert not form.is_valid()
    assert form.errors["visitors"] == ["请填写走访人员"]
    assert VisitForm().initial["visited_on"] == timezone.localdate()


def test_member_visited_by_name_only(worker, org_admin):
    stranger = MemberFactory.create(org=Org.objects.get(pk=worker.org_id), name="甲退休教师")
    visit = _record(worker, org_admin, member=stranger, visited_name=None)
    assert visit.visited_name == "甲退休教师"

"""The 劳模/工匠 registry's services: registration (a roster member's facts copied, a duplicate title refused, the
union's scope), status changes with a note, the `is_model_worker` flag kept in step with the registry over many
members, 慰问金 paid once through the ledger, visits through the visits block, 六大行动 and 先进集体 actions."""

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import make_cadre
from gonghui.core.models import AuditLog, TimelineEntry
from gonghui.honours.choices import CareKind, PovertyActionKind, WorkerKind, WorkerLevel, WorkerStatus
from gonghui.honours.models import ModelWorker, PovertyAction, WorkerCare
from gonghui.honours.selectors.workers import (
    action_counts,
    action_list_for_user,
    active_workers_for,
    flag_mismatches,
    payable_lines,
    register_candidates,
    worker_list_for_user,
)
from gonghui.honours.services.workers import (
    care_record,
    poverty_action_record,
    worker_create,
    worker_flag_sync,
    worker_update,
    worker_visit_record,
)
from gonghui.ledger.models import LedgerEntry
from gonghui.ledger.tests.factories import make_line
from gonghui.members.models import Member
from gonghui.members.tests.factories import MemberFactory
from gonghui.visits.choices import VisitOccasion
from gonghui.visits.models import Visit


def _create(world, member=None, actor=None, **extra):
    fields: dict[str, Any] = {
        "kind": WorkerKind.MODEL_WORKER,
        "level": WorkerLevel.PROVINCIAL,
        "title": "河南省劳动模范",
        "year": 2015,
    }
    fields.update(extra)
    return worker_create(org=world.org_a, member=member, actor=actor or world.org_admin, **fields)


def _facts(worker, **extra):
    fields = {
        "kind": worker.kind,
        "level": worker.level,
        "title": worker.title,
        "year": worker.year,
        "unit_name": worker.unit_name,
        "position": worker.position,
        "status": worker.status,
        "note": worker.note,
    }
    fields.update(extra)
    return fields


def test_create_copies_the_member_and_sets_the_flag(world):
    # when org A's admin registers org A's member
    worker = _create(world, member=world.member_a)
    # then the name and unit come from the roster, the union is the member's, and the flag is set
    assert (worker.name, worker.unit_name, worker.org_id) == ("甲会员", "甲县第一中学", world.org_a.pk)
    world.member_a.refresh_from_db()
    assert world.member_a.is_model_worker is True
    assert TimelineEntry.objects.filter(object_id=str(worker.pk), action="register").count() == 1
    assert AuditLog.objects.filter(summary="标记会员 甲会员 为劳模/工匠").count() == 1
    assert AuditLog.objects.filter(summary="登记劳模工匠：甲会员（2015年 河南省劳动模范）").count() == 1


def test_duplicate_title_and_year_refused_in_chinese(world):
    _create(world, member=world.member_a)
    with pytest.raises(ValidationError) as exc:
        _create(world, member=world.member_a)
    assert exc.value.message_dict["title"] == ["甲会员 已登记 2015 年“河南省劳动模范”，请勿重复登记"]
    # another year of the same title is a second record
    _create(world, member=world.member_a, year=2020)
    assert ModelWorker.objects.filter(member=world.member_a).count() == 2


@pytest.mark.parametrize(
    ("_case", "actor"),
    [("plain member", "org_member"), ("admin of another union", "outsider")],
)
def test_create_refused_outside_the_users_unions(request, world, _case, actor):
    user = request.getfixturevalue(actor)
    with pytest.raises((PermissionDenied, ValidationError)):
        _create(world, member=world.member_a, actor=user)
    assert not ModelWorker.objects.exists()
    world.member_a.refresh_from_db()
    assert world.member_a.is_model_worker is False


def test_member_outside_the_given_union_refused(world):
    with pytest.raises(ValidationError) as exc:
        worker_create(
            org=world.org_b,
            member=world.member_a,
            actor=world.outsider,
            kind=WorkerKind.CRAFTSMAN,
            level=WorkerLevel.CITY,
            title="焦作工匠",
            year=2020,
        )
    assert exc.value.message_dict == {"member": ["所选会员不在本工会范围内"]}


def test_person_not_on_the_roster_needs_a_name(world):
    with pytest.raises(ValidationError) as exc:
        _create(world, name=" ")
    assert "name" in exc.value.message_dict
    worker = _create(world, name="李老劳模", unit_name="甲县化肥厂（已关闭）")
    assert (worker.member_id, worker.org_id, worker.name) == (None, world.org_a.pk, "李老劳模")


@pytest.mark.parametrize(
    ("_case", "extra", "field"),
    [
        ("future year", {"year": 2999}, "year"),
        ("no title", {"title": "  "}, "title"),
        ("bad level", {"level": "galaxy"}, "level"),
        ("bad kind", {"kind": "hero"}, "kind"),
    ],
)
def test_create_validates_facts(world, _case, extra, field):
    with pytest.raises(ValidationError) as exc:
        _create(world, member=world.member_a, **extra)
    assert field in exc.value.message_dict


def test_status_change_needs_a_note_and_revoking_drops_the_flag(world):
    worker = _create(world, member=world.member_a)
    with pytest.raises(ValidationError) as exc:
        worker_update(
            worker=worker, actor=world.org_admin, **_facts(worker, status=WorkerStatus.REVOKED, note="")
        )
    assert exc.value.message_dict["note"] == ["变更状态为“撤销称号”请在备注中写明原因和日期"]
    # retired keeps the flag (the title is for life)
    worker_update(
        worker=worker,
        actor=world.org_admin,
        **_facts(worker, status=WorkerStatus.RETIRED, note="2025年7月退休"),
    )
    world.member_a.refresh_from_db()
    assert world.member_a.is_model_worker is True
    # revoked drops it
    worker.refresh_from_db()
    worker_update(
        worker=worker,
        actor=world.org_admin,
        **_facts(worker, status=WorkerStatus.REVOKED, note="2026年1月依规撤销"),
    )
    world.member_a.refresh_from_db()
    assert world.member_a.is_model_worker is False
    step = TimelineEntry.objects.filter(object_id=str(worker.pk), action="status").last()
    assert (step.from_state, step.to_state, step.note) == ("retired", "revoked", "2026年1月依规撤销")
    assert list(active_workers_for(world.org_admin)) == []


def test_update_refused_to_plain_member_and_outsider(world):
    worker = _create(world, member=world.member_a)
    for user in (world.org_member, world.outsider):
        with pytest.raises(PermissionDenied):
            worker_update(worker=worker, actor=user, **_facts(worker, title="改过的称号"))
    worker.refresh_from_db()
    assert worker.title == "河南省劳动模范"


def test_flag_follows_the_registry_over_many_members(world):
    """Registers, revokes, re-registers and retires titles at random over 30 members, then checks every member's
    flag against the registry (any title not 撤销称号) and that 待登记 lists exactly the hand-flagged ones."""
    rng = random.Random(18)
    members = [MemberFactory.create(org=world.org_a, name=f"职工{i:02d}") for i in range(30)]
    titles = ["焦作市劳动模范", "河南省五一劳动奖章", "焦作工匠"]
    for step in range(120):
        member = rng.choice(members)
        held = list(ModelWorker.objects.filter(member=member))
        if held and rng.random() < 0.5:
            worker = rng.choice(held)
            status = rng.choice(
                [WorkerStatus.REVOKED, WorkerStatus.RETIRED, WorkerStatus.DECEASED, WorkerStatus.ACTIVE]
            )
            if status != worker.status:
                worker_update(
                    worker=worker, actor=world.org_admin, **_facts(worker, status=status, note=f"第{step}步")
                )
        else:
            title, year = rng.choice(titles), rng.randint(2000, 2025)
            if not ModelWorker.objects.filter(member=member, title=title, year=year).exists():
                _create(world, member=member, title=title, year=year)
    # a member flagged by hand on the roster (an import), with no registry title
    hand = MemberFactory.create(org=world.org_a, name="名册标记劳模", is_model_worker=True)
    for member in Member.objects.filter(pk__in=[m.pk for m in members]):
        live = ModelWorker.objects.filter(member=member).exclude(status=WorkerStatus.REVOKED).exists()
        assert member.is_model_worker is live, member.name
    assert ModelWorker.objects.filter(status=WorkerStatus.REVOKED).exists()
    assert list(flag_mismatches(world.org_admin)) == [hand]
    assert list(flag_mismatches(world.outsider)) == []
    # syncing the hand-flagged member from the registry clears the flag
    assert worker_flag_sync(member=hand, actor=world.org_admin) is True
    assert list(flag_mismatches(world.org_admin)) == []


def test_condolence_is_paid_once_through_the_ledger(world):
    worker = _create(world, member=world.member_a)
    line = make_line(world.org_a, amount="3000.00", purpose="劳模慰问")
    care = care_record(
        worker=worker,
        kind=CareKind.CONDOLENCE,
        happened_on=dt.date(2026, 1, 15),
        content="春节慰问",
        amount=Decimal("1000.00"),
        budget_line=line,
        actor=world.org_admin,
    )
    entry = LedgerEntry.objects.get()
    assert entry.idempotency_key == f"honours.care:{care.pk}"
    assert (entry.amount, entry.payee_member_id, entry.owner_id) == (
        Decimal("1000.00"),
        world.member_a.pk,
        str(care.pk),
    )
    # an overspend refuses the whole record: no care row, no payment
    with pytest.raises(ValidationError) as exc:
        care_record(
            worker=worker,
            kind=CareKind.CONDOLENCE,
            happened_on=dt.date(2026, 1, 16),
            content="再次慰问",
            amount=Decimal("2500.00"),
            budget_line=line,
            actor=world.org_admin,
        )
    assert "amount" in exc.value.message_dict
    assert WorkerCare.objects.count() == 1
    assert LedgerEntry.objects.count() == 1


@pytest.mark.parametrize(
    ("_case", "kind", "amount", "with_line", "field"),
    [
        ("condolence without amount", CareKind.CONDOLENCE, None, True, "amount"),
        ("condolence without a line", CareKind.CONDOLENCE, Decimal("100"), False, "budget_line"),
        ("health check with money", CareKind.HEALTH_CHECK, Decimal("100"), False, "amount"),
    ],
)
def test_care_money_rules(world, _case, kind, amount, with_line, field):
    worker = _create(world, member=world.member_a)
    line = make_line(world.org_a) if with_line else None
    with pytest.raises(ValidationError) as exc:
        care_record(
            worker=worker,
            kind=kind,
            happened_on=dt.date(2026, 1, 15),
            content="体检",
            amount=amount,
            budget_line=line,
            actor=world.org_admin,
        )
    assert field in exc.value.message_dict
    assert not WorkerCare.objects.exists()


def test_health_check_and_three_actors_for_care(world):
    worker = _create(world, member=world.member_a)
    care = care_record(
        worker=worker,
        kind=CareKind.HEALTH_CHECK,
        happened_on=dt.date(2026, 3, 1),
        content="年度健康体检",
        actor=world.org_admin,
    )
    assert care.amount is None
    for user in (world.org_member, world.outsider):
        with pytest.raises(PermissionDenied):
            care_record(
                worker=worker,
                kind=CareKind.HEALTH_CHECK,
                happened_on=dt.date(2026, 3, 1),
                content="x",
                actor=user,
            )
    assert WorkerCare.objects.count() == 1
    assert not LedgerEntry.objects.exists()


def test_payable_lines_are_the_unions_and_its_ancestors(world):
    own = make_line(world.org_a, purpose="劳模慰问")
    make_line(world.org_b, purpose="乙县慰问")
    city_admin = make_cadre("admin_city", world.city)
    county = make_line(world.county_x, purpose="县劳模慰问")
    assert list(payable_lines(world.org_admin, world.org_a)) == [own]
    assert set(payable_lines(city_admin, world.org_a)) == {own, county}


def test_visit_goes_through_the_visits_block(world):
    worker = _create(world, member=world.member_a)
    visit = worker_visit_record(
        worker=worker,
        actor=world.org_admin,
        visited_on=dt.date(2026, 1, 20),
        occasion=VisitOccasion.FESTIVAL,
        visitors="王主席",
    )
    assert (visit.owner, visit.member_id, visit.org_id) == (worker, world.member_a.pk, world.org_a.pk)
    assert TimelineEntry.objects.filter(object_id=str(worker.pk), action="visit").count() == 1
    with pytest.raises(PermissionDenied):
        worker_visit_record(
            worker=worker,
            actor=world.outsider,
            visited_on=dt.date(2026, 1, 20),
            occasion=VisitOccasion.FESTIVAL,
            visitors="乙主席",
        )
    assert Visit.objects.count() == 1


def test_worker_actions_use_the_six_kinds_and_collectives_their_own(world):
    worker = _create(world, member=world.member_a)
    action = poverty_action_record(
        org=world.org_b,  # ignored: a worker's action is recorded by the worker's union
        worker=worker,
        kind=PovertyActionKind.INDUSTRY,
        title="发展食用菌产业",
        place="甲村",
        started_on=dt.date(2019, 5, 1),
        ended_on=dt.date(2020, 5, 1),
        partners="甲村合作社",
        results="带动 30 户脱贫",
        beneficiaries=30,
        actor=world.org_admin,
    )
    assert action.org_id == world.org_a.pk
    with pytest.raises(ValidationError) as exc:
        poverty_action_record(
            org=world.org_a,
            worker=worker,
            kind=PovertyActionKind.COLLECTIVE,
            title="x",
            place="y",
            started_on=dt.date(2019, 5, 1),
            actor=world.org_admin,
        )
    assert exc.value.message_dict == {"kind": ["劳模的行动请选择六大行动之一"]}
    with pytest.raises(ValidationError) as exc:
        poverty_action_record(
            org=world.org_a,
            kind=PovertyActionKind.COLLECTIVE,
            title="送教下乡",
            place="乙村",
            started_on=dt.date(2019, 5, 1),
            actor=world.org_admin,
        )
    assert exc.value.message_dict == {"collective_name": ["请填写先进集体名称"]}
    collective = poverty_action_record(
        org=world.org_a,
        collective_name="甲校教研组",
        kind=PovertyActionKind.COLLECTIVE,
        title="送教下乡",
        place="乙村",
        started_on=dt.date(2020, 5, 1),
        actor=world.org_admin,
    )
    with pytest.raises(ValidationError) as exc:
        poverty_action_record(
            org=world.org_a,
            worker=worker,
            kind=PovertyActionKind.PAIRING,
            title="结对",
            place="丙村",
            started_on=dt.date(2020, 5, 1),
            ended_on=dt.date(2020, 4, 1),
            actor=world.org_admin,
        )
    assert "ended_on" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        poverty_action_record(
            org=world.org_a,
            collective_name="乙集体",
            kind=PovertyActionKind.COLLECTIVE,
            title="x",
            place="y",
            started_on=dt.date(2020, 5, 1),
            actor=world.outsider,
        )
    # the list, its filters and the counts per kind
    mine = action_list_for_user(world.org_admin)
    assert list(mine) == [collective, action]
    assert list(action_list_for_user(world.org_admin, {"who": "worker"})) == [action]
    assert list(action_list_for_user(world.org_admin, {"q": "食用菌", "year": 2019})) == [action]
    assert list(action_list_for_user(world.outsider)) == []
    counts = {kind: n for kind, _label, n in action_counts(mine)}
    assert counts == {k: (1 if k in ("industry", "collective") else 0) for k in PovertyActionKind.values}
    assert PovertyAction.objects.count() == 2


def test_registry_list_filters_and_candidates(world):
    a = _create(world, member=world.member_a)
    b = _create(world, name="李老劳模", level=WorkerLevel.NATIONAL, title="全国劳动模范", year=2005)
    assert list(worker_list_for_user(world.org_admin)) == [b, a]
    assert list(worker_list_for_user(world.org_admin, {"level": WorkerLevel.NATIONAL})) == [b]
    assert list(worker_list_for_user(world.org_admin, {"q": "河南", "year": 2015})) == [a]
    assert list(worker_list_for_user(world.outsider)) == []
    assert list(worker_list_for_user(world.org_member)) == []
    assert list(register_candidates(world.org_admin, "甲会员")) == [world.member_a]
    assert list(register_candidates(world.org_admin, world.member_a.phone)) == [world.member_a]
    assert list(register_candidates(world.outsider, "甲会员")) == []

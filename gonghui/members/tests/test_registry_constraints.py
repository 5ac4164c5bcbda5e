"""The database itself keeps one person from holding membership in two unions at once."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gonghui.accounts.choices import IdType
from gonghui.accounts.identity import identifier_hash
from gonghui.members.choices import MemberStatus
from gonghui.members.models import Member
from gonghui.members.tests.factories import MemberFactory, valid_id_number

NUMBER = valid_id_number(
    7, area="410803"
)  # outside MemberFactory's numbers (area 410802), whatever its sequence


def _rows_of(number: str) -> list[tuple[str, str]]:
    return list(
        Member.objects.filter(id_number_hash=identifier_hash(IdType.RESIDENT, number))
        .order_by("id")
        .values_list("org__code", "status")
    )


def test_a_second_holding_row_in_another_union_is_refused_by_the_database(world):
    # given
    MemberFactory.create(org=world.org_a, id_number=NUMBER)
    # when
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory.create(org=world.org_b, id_number=NUMBER)
    # then
    assert _rows_of(NUMBER) == [("ORGA", "active")]


@pytest.mark.parametrize(
    ("first", "second", "allowed"),
    [
        (MemberStatus.ACTIVE, MemberStatus.ACTIVE, False),
        (MemberStatus.ACTIVE, MemberStatus.RETIRED_KEPT, False),
        (MemberStatus.RETIRED_KEPT, MemberStatus.ACTIVE, False),
        (MemberStatus.RETIRED_KEPT, MemberStatus.RETIRED_KEPT, False),
        (MemberStatus.LEFT, MemberStatus.ACTIVE, True),
        (MemberStatus.TRANSFERRED_OUT, MemberStatus.ACTIVE, True),
        (MemberStatus.DECEASED, MemberStatus.ACTIVE, True),
        (MemberStatus.LEFT, MemberStatus.LEFT, True),
        (MemberStatus.ACTIVE, MemberStatus.TRANSFERRED_OUT, True),
    ],
)
def test_only_holding_statuses_are_exclusive(world, first, second, allowed):
    # given
    MemberFactory.create(org=world.org_a, id_number=NUMBER, status=first)
    # when
    if allowed:
        MemberFactory.create(org=world.org_b, id_number=NUMBER, status=second)
    else:
        with pytest.raises(IntegrityError), transaction.atomic():
            MemberFactory.create(org=world.org_b, id_number=NUMBER, status=second)
    # then
    expected = [("ORGA", first), ("ORGB", second)] if allowed else [("ORGA", first)]
    assert _rows_of(NUMBER) == expected


def test_two_holding_rows_in_the_same_union_are_refused_too(world):
    # given
    MemberFactory.create(org=world.org_a, id_number=NUMBER)
    # when / then
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory.create(org=world.org_a, id_number=NUMBER)
    assert len(_rows_of(NUMBER)) == 1


def test_reinstating_an_old_row_while_another_holds_is_refused(world):
    # given the person left org A and joined org B
    old = MemberFactory.create(org=world.org_a, id_number=NUMBER, status=MemberStatus.LEFT)
    MemberFactory.create(org=world.org_b, id_number=NUMBER)
    # when org A's row is switched back to active
    old.status = MemberStatus.ACTIVE
    with pytest.raises(IntegrityError), transaction.atomic():
        old.save()
    # then
    assert _rows_of(NUMBER) == [("ORGA", "left"), ("ORGB", "active")]


def test_the_same_number_under_another_id_type_is_another_person(world):
    # given
    MemberFactory.create(org=world.org_a, id_number=NUMBER)
    # when a passport that happens to carry the same characters is registered
    MemberFactory.create(
        org=world.org_b,
        id_number=NUMBER,
        id_type=IdType.PASSPORT,
        id_number_hash=identifier_hash(IdType.PASSPORT, NUMBER),
    )
    # then
    assert Member.objects.filter(status=MemberStatus.ACTIVE).count() == 3


def test_model_validation_reports_the_constraint_in_chinese(world):
    # given
    MemberFactory.create(org=world.org_a, id_number=NUMBER)
    candidate = MemberFactory.build(org=world.org_b, id_number=NUMBER)
    # when
    with pytest.raises(ValidationError) as excinfo:
        candidate.validate_constraints()
    # then
    assert excinfo.value.messages == ["此人已是在籍会员，不能重复入会"]

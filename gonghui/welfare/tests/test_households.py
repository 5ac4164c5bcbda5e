"""The people of a household (part `households`): the 本人 from the member record, ID numbers encrypted with a keyed
hash and a masked copy, health/disability/income sealed (no plain text in the stored row), a spouse who is a member
linked and a member of another household refused (一户一档), guardian consent for a child under 14, the 本人 kept,
an ended file frozen, and the audited reveal."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from gonghui.accounts.identity import decrypt_identifier, identifier_hash, resident_id_check_char
from gonghui.core.models import AuditAction, AuditLog, TimelineEntry
from gonghui.members.tests.factories import MemberFactory
from gonghui.welfare.choices import (
    DisabilityGrade,
    DisabilityKind,
    Employment,
    FileAction,
    FileStatus,
    HealthStatus,
    Relation,
)
from gonghui.welfare.models import HomeSurvey, Household, HouseholdMember
from gonghui.welfare.sealing import seal
from gonghui.welfare.selectors.households import age_on, household_of_member, people_facts, people_masked
from gonghui.welfare.services.households import (
    PersonInput,
    file_reveal,
    household_create,
    person_add,
    person_remove,
    person_update,
)
from gonghui.welfare.tests.factories import grant_officer, make_file


def resident_id(birth: dt.date, n: int = 1) -> str:
    first17 = f"410802{birth:%Y%m%d}{n:03d}"
    return first17 + resident_id_check_char(first17)


def person(**overrides: Any) -> PersonInput:
    values: dict[str, Any] = {
        "relation": Relation.SPOUSE,
        "name": "李配偶",
        "employment": Employment.UNEMPLOYED,
        "health": HealthStatus.HEALTHY,
        "annual_income": Decimal("0"),
        "consent_signer": "李配偶",
    }
    values.update(overrides)
    return PersonInput(**values)


def people_events(file: Any) -> list[str]:
    return list(
        TimelineEntry.objects.filter(object_id=str(file.pk), action=FileAction.PEOPLE)
        .order_by("pk")
        .values_list("note", flat=True)
    )


@pytest.fixture
def officer(world):
    return grant_officer(world.org_admin, world.county_x)


@pytest.fixture
def file(world, officer):
    return make_file(member=world.member_a, actor=officer, status=FileStatus.FILED, number="甲帮扶2026001")


def test_household_create_takes_the_self_from_the_member_record_and_refuses_a_second(world, officer):
    # when the member's household is created
    household = household_create(applicant=world.member_a, actor=officer, address="甲县人民路1号")
    # then the 本人 carries the member's ID (encrypted, hash, masked) and is linked
    me = household.people.get()
    assert (me.relation, me.name, me.member, me.birth_date) == (
        Relation.SELF,
        "甲会员",
        world.member_a,
        world.member_a.birth_date,
    )
    assert me.id_number_hash == world.member_a.id_number_hash
    assert decrypt_identifier(me.id_number_encrypted) == decrypt_identifier(
        world.member_a.id_number_encrypted
    )
    assert household_of_member(world.member_a) == household
    # and a second household of the same member is refused (一户一档)
    with pytest.raises(ValidationError, match="一户一档，不能重复建档"):
        household_create(applicant=world.member_a, actor=officer)
    assert Household.objects.count() == 1


def test_stored_rows_hold_no_plain_text(file, officer):
    # given a spouse with an ID number, a health note, a disability and an income
    number = resident_id(dt.date(1986, 3, 9), 12)
    spouse = person_add(
        household=file.household,
        actor=officer,
        data=person(
            id_number=number,
            health=HealthStatus.DISABLED,
            health_note="二型糖尿病并发症",
            disability_kind=DisabilityKind.PHYSICAL,
            disability_grade=DisabilityGrade.TWO,
            annual_income=Decimal("12345.67"),
            income_note="零工收入",
        ),
    )
    # then the raw row holds none of it in plain text
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM welfare_householdmember WHERE id = %s", [spouse.pk])
        raw = " ".join(str(value) for value in cursor.fetchone())
    for secret in (number, "12345.67", "二型糖尿病并发症", "零工收入", "physical", "disabled"):
        assert secret not in raw
    assert spouse.id_number_masked in raw
    assert spouse.birth_date == dt.date(1986, 3, 9)  # from the ID
    # and the timeline names the person and relation, never a sealed value
    assert people_events(file) == ["添加家庭成员：李配偶（配偶）"]
    # while the computation reads the values and the page only marks them
    facts = people_facts(file.household)
    assert [(f.relation, f.annual_income, f.health_note) for f in facts][1] == (
        Relation.SPOUSE,
        Decimal("12345.67"),
        "二型糖尿病并发症",
    )
    row = people_masked(file.household)[1]
    assert (row.id_masked, row.health, row.income, row.age) == (
        spouse.id_number_masked,
        "已登记（已加密）",
        "已登记（已加密）",
        age_on(dt.date(1986, 3, 9), timezone.localdate()),
    )


def test_a_spouse_who_is_a_member_is_linked_and_cannot_open_a_second_household(world, file, officer):
    # given a member of another union, entered as the spouse by ID number only
    spouse_member = MemberFactory.create(
        org=world.org_b, name="乙会员", id_number=resident_id(dt.date(1987, 1, 2))
    )
    spouse = person_add(
        household=file.household,
        actor=officer,
        data=person(name="乙会员", id_number=resident_id(dt.date(1987, 1, 2)), consent_signer="乙会员"),
    )
    # then the person is linked to the member and the member's household is this one
    assert spouse.member == spouse_member
    assert household_of_member(spouse_member) == file.household
    assert people_events(file) == ["添加家庭成员：乙会员（配偶），已关联会员档案"]
    # and the spouse may not open a second household
    with pytest.raises(ValidationError, match="困难职工档案 甲帮扶2026001 的家庭中，一户一档"):
        household_create(applicant=spouse_member, actor=grant_officer(world.outsider, world.county_y))


def test_a_member_of_another_household_is_refused_and_an_id_entered_first_is_found(world, file, officer):
    # given another member with a household of their own
    other = MemberFactory.create(org=world.org_a, name="丙会员", id_number=resident_id(dt.date(1980, 6, 1)))
    household_create(applicant=other, actor=officer)
    # when entered into member_a's household by ID
    with pytest.raises(ValidationError) as refused:
        person_add(
            household=file.household,
            actor=officer,
            data=person(name="丙会员", id_number=resident_id(dt.date(1980, 6, 1)), consent_signer="丙会员"),
        )
    # then it is refused naming the other household
    assert "一户一档" in refused.value.message_dict["id_number"][0]
    assert file.household.people.count() == 1
    # and a person entered by ID before becoming a member is found by the member's hash
    number = resident_id(dt.date(1990, 2, 2))
    person_add(household=file.household, actor=officer, data=person(name="丁配偶", id_number=number))
    later = MemberFactory.create(org=world.org_a, name="丁配偶", id_number=number)
    assert later.id_number_hash == identifier_hash("resident", number)
    assert household_of_member(later) == file.household


def test_a_child_under_14_needs_a_guardians_consent(file, officer):
    today = timezone.localdate()
    child_birth = today.replace(year=today.year - 10)
    child = person(
        relation=Relation.CHILD,
        name="李小孩",
        id_number=resident_id(child_birth, 22),
        employment=Employment.STUDENT,
        consent_signer="李小孩",
    )
    with pytest.raises(ValidationError) as refused:
        person_add(household=file.household, actor=officer, data=child)
    assert refused.value.message_dict == {"consent_by_guardian": ["该家庭成员未满14周岁，须由监护人授权"]}
    with pytest.raises(ValidationError) as signed_by_child:
        person_add(
            household=file.household,
            actor=officer,
            data=person(**{**child.__dict__, "consent_by_guardian": True}),
        )
    assert "签字人不能是其本人" in signed_by_child.value.message_dict["consent_signer"][0]
    with pytest.raises(ValidationError) as no_birth:
        person_add(
            household=file.household,
            actor=officer,
            data=person(
                relation=Relation.CHILD, name="李二孩", consent_signer="甲会员", consent_by_guardian=True
            ),
        )
    assert "出生日期" in no_birth.value.message_dict["birth_date"][0]
    # a guardian's signature passes
    added = person_add(
        household=file.household,
        actor=officer,
        data=person(**{**child.__dict__, "consent_by_guardian": True, "consent_signer": "甲会员"}),
    )
    assert (added.consent_by_guardian, added.consent_signer, added.consent_at is not None) == (
        True,
        "甲会员",
        True,
    )


def test_rule_errors_name_the_field_in_chinese(file, officer):
    with pytest.raises(ValidationError) as refused:
        person_add(
            household=file.household,
            actor=officer,
            data=person(
                name=" ",
                id_number="410802198603091235",
                annual_income=Decimal("-1"),
                consent_signer="",
                disability_kind=DisabilityKind.VISUAL,
            ),
        )
    errors = refused.value.message_dict
    assert errors["name"] == ["请填写姓名"]
    assert errors["id_number"] == ["身份证号校验位不正确，请核对"]
    assert errors["annual_income"] == ["年收入不能为负数"]
    assert errors["disability_grade"] == ["请选择残疾等级"]
    assert "请填写授权签字人" in errors["consent_signer"][0]
    assert HouseholdMember.objects.count() == 1


def test_update_keeps_the_self_identity_and_remove_keeps_the_self(file, officer):
    me = file.household.people.get(relation=Relation.SELF)
    hash_before = me.id_number_hash
    person_update(
        person=me,
        actor=officer,
        data=person(
            relation=Relation.SELF, name="别名", annual_income=Decimal("30000"), consent_signer="甲会员"
        ),
    )
    me.refresh_from_db()
    assert (me.name, me.id_number_hash, me.consent_signer) == ("甲会员", hash_before, "甲会员")
    assert people_facts(file.household)[0].annual_income == Decimal("30000.00")
    with pytest.raises(ValidationError, match="本人是申请人，不能从家庭中移除"):
        person_remove(person=me, actor=officer)
    spouse = person_add(household=file.household, actor=officer, data=person())
    person_remove(person=spouse, actor=officer)
    assert list(file.household.people.all()) == [me]
    assert people_events(file)[-1] == "移除家庭成员：李配偶（配偶）"


def test_an_ended_file_and_an_outsider_change_nothing(world, file, officer):
    # a union admin who is not a 帮扶干事, and the applicant on a filed file, are refused
    for actor in (world.outsider, world.org_member):
        with pytest.raises(PermissionDenied):
            person_add(household=file.household, actor=actor, data=person())
    # the applicant may add people to their own application until it is checked
    file.status = FileStatus.APPLIED
    file.save(update_fields=["status"])
    person_add(household=file.household, actor=world.org_member, data=person())
    # an ended file is frozen
    file.status = FileStatus.CLOSED
    file.save(update_fields=["status"])
    with pytest.raises(ValidationError, match="档案已注销，家庭成员不能再修改"):
        person_add(
            household=file.household, actor=officer, data=person(name="王兄弟", relation=Relation.SIBLING)
        )
    assert file.household.people.count() == 2


def test_file_reveal_returns_every_sealed_value_with_an_audit_row(world, file, officer):
    number = resident_id(dt.date(1986, 3, 9), 12)
    person_add(
        household=file.household,
        actor=officer,
        data=person(id_number=number, health_note="二型糖尿病", annual_income=Decimal("12345.67")),
    )
    file.sealed = seal(
        {"expenses": {"medical": "8000.00"}, "accident_note": "车祸", "explanation": ["人均 500 元"]}
    )
    file.save(update_fields=["sealed"])
    HomeSurvey.objects.create(
        file=file,
        surveyed_on=dt.date(2026, 3, 1),
        visitors="王干事",
        sealed=seal({"findings": "住房漏雨"}),
        recorded_by=officer,
    )
    # a 工会管理员 without the 帮扶干事 role may not reveal
    with pytest.raises(PermissionDenied):
        file_reveal(file=file, actor=world.outsider)
    assert not AuditLog.objects.filter(action=AuditAction.REVEAL).exists()
    # the officer reveals everything
    revealed = file_reveal(file=file, actor=officer)
    spouse = revealed["people"][1]
    assert (spouse["id_number"], spouse["health_note"], spouse["annual_income"]) == (
        number,
        "二型糖尿病",
        Decimal("12345.67"),
    )
    assert revealed["expenses"] == [{"kind": "医疗费用（自付部分）", "amount": Decimal("8000.00")}]
    assert (revealed["accident_note"], revealed["explanation"]) == ("车祸", ["人均 500 元"])
    assert revealed["surveys"][0]["findings"] == "住房漏雨"
    log = AuditLog.objects.get(action=AuditAction.REVEAL)
    assert (log.actor, log.object_id, log.org_id) == (officer, str(file.pk), file.org_id)
    event = TimelineEntry.objects.get(object_id=str(file.pk), action=FileAction.REVEAL)
    assert event.note == "经审计查看完整信息"

"""Creating member records (identity validated, stored encrypted, one holding membership per person)
and revealing the full identity, which is always audited."""

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.accounts.choices import IdType
from gonghui.accounts.identity import decrypt_identifier, identifier_hash
from gonghui.core.audit import AuditContext
from gonghui.core.models import AuditAction, AuditLog
from gonghui.members.choices import MemberStatus
from gonghui.members.models import Member
from gonghui.members.services import member_create, member_reveal
from gonghui.members.tests.factories import MemberFactory, valid_id_number

# A woman born 1990-02-03 in 解放区.
NUMBER = valid_id_number(3, birth=dt.date(1990, 2, 3), male=False)


def _with_wrong_check_char(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


def test_member_create_derives_and_protects_the_identity(world):
    # when
    member = member_create(
        org=world.org_a, actor=world.org_admin, name=" 李芳 ", id_number=NUMBER, phone="+8613912345678"
    )
    # then
    stored = Member.objects.get(pk=member.pk)
    assert (stored.org, stored.name, stored.status) == (world.org_a, "李芳", MemberStatus.ACTIVE)
    assert (stored.gender, stored.birth_date) == ("F", dt.date(1990, 2, 3))
    assert stored.phone == "13912345678"
    assert stored.id_type == IdType.RESIDENT
    assert stored.id_number_masked == NUMBER[:4] + "*" * 10 + NUMBER[-4:]
    assert stored.id_number_hash == identifier_hash(IdType.RESIDENT, NUMBER)
    assert NUMBER not in stored.id_number_encrypted
    assert decrypt_identifier(stored.id_number_encrypted) == NUMBER


def test_member_create_normalises_the_id_number(world):
    # given the number typed with a lower-case check character and spaces, or full-width
    number = "11010519491231002X"
    # when
    member = member_create(
        org=world.org_a, actor=world.org_admin, name="王秀英", id_number=" 110105 19491231 002x "
    )
    # then
    assert decrypt_identifier(member.id_number_encrypted) == number
    assert member.id_number_hash == identifier_hash(IdType.RESIDENT, number)


@pytest.mark.parametrize(
    ("_case", "raw", "message"),
    [
        ("wrong check character", _with_wrong_check_char(NUMBER), "身份证号校验位不正确，请核对"),
        ("seventeen characters", NUMBER[:17], "身份证号应为18位，当前为17位"),
        ("old fifteen-digit number", "410802900203123", "不支持15位旧身份证号，请填写18位身份证号"),
        ("impossible birth date", "410802" + "19900230" + "1234", "身份证号中的出生日期 19900230 不存在"),
        ("letters in the body", "4108021990020A1234", "身份证号前17位应为数字，最后一位为数字或X"),
        ("empty", "", "请填写身份证号"),
    ],
)
def test_member_create_rejects_a_bad_id_on_the_id_number_field(world, _case, raw, message):
    # when
    with pytest.raises(ValidationError) as excinfo:
        member_create(org=world.org_a, actor=world.org_admin, name="李芳", id_number=raw)
    # then
    assert excinfo.value.message_dict == {"id_number": [message]}
    assert Member.objects.count() == 1


def test_member_create_rejects_a_gender_that_contradicts_the_id(world):
    # when
    with pytest.raises(ValidationError) as excinfo:
        member_create(org=world.org_a, actor=world.org_admin, name="李芳", id_number=NUMBER, gender="M")
    # then
    assert excinfo.value.message_dict == {"id_number": ["身份证号第17位表示性别为女，与所填性别不一致"]}


def test_member_create_rejects_a_bad_phone(world):
    # when
    with pytest.raises(ValidationError) as excinfo:
        member_create(org=world.org_a, actor=world.org_admin, name="李芳", id_number=NUMBER, phone="12345")
    # then
    assert excinfo.value.messages == ["请输入11位中国大陆手机号"]
    assert Member.objects.count() == 1


@pytest.mark.parametrize("holding", [MemberStatus.ACTIVE, MemberStatus.RETIRED_KEPT])
def test_member_create_refuses_a_person_holding_membership_elsewhere(world, holding):
    # given the person holds membership of org B
    MemberFactory.create(org=world.org_b, id_number=NUMBER, status=holding)
    # when org A enrols them
    with pytest.raises(ValidationError) as excinfo:
        member_create(org=world.org_a, actor=world.org_admin, name="李芳", id_number=NUMBER.lower())
    # then
    assert excinfo.value.message_dict == {"id_number": ["此人已是在籍会员，不能重复入会"]}
    assert list(Member.objects.filter(name="李芳")) == []
    assert Member.objects.filter(org=world.org_a).count() == 1


@pytest.mark.parametrize("former", [MemberStatus.LEFT, MemberStatus.TRANSFERRED_OUT])
def test_member_create_accepts_a_person_who_left_another_union(world, former):
    # given
    MemberFactory.create(org=world.org_b, id_number=NUMBER, status=former)
    # when
    member = member_create(org=world.org_a, actor=world.org_admin, name="李芳", id_number=NUMBER)
    # then
    assert list(
        Member.objects.filter(id_number_hash=member.id_number_hash)
        .order_by("id")
        .values_list("org__code", "status")
    ) == [("ORGB", former), ("ORGA", "active")]


def test_member_create_turns_a_lost_race_into_the_same_message(world):
    # given another request inserted the same person after our check (simulated: the check sees nothing)
    MemberFactory.create(org=world.org_b, id_number=NUMBER)
    # when
    with (
        mock.patch("gonghui.members.services.registry.HOLDING_STATUSES", ()),
        pytest.raises(ValidationError) as excinfo,
    ):
        member_create(org=world.org_a, actor=world.org_admin, name="李芳", id_number=NUMBER)
    # then the database constraint caught it and the message is the same
    assert excinfo.value.message_dict == {"id_number": ["此人已是在籍会员，不能重复入会"]}
    assert Member.objects.filter(org=world.org_a).count() == 1


def test_member_create_with_another_id_type_takes_gender_and_birth_date(world):
    # when
    member = member_create(
        org=world.org_a,
        actor=world.org_admin,
        name="陈嘉怡",
        id_number="h12345678",
        id_type=IdType.HK_MACAO,
        gender="F",
        birth_date=dt.date(1992, 6, 1),
    )
    # then
    stored = Member.objects.get(pk=member.pk)
    assert (stored.id_type, stored.gender, stored.birth_date) == (IdType.HK_MACAO, "F", dt.date(1992, 6, 1))
    assert stored.id_number_masked == "H1*****78"
    assert decrypt_identifier(stored.id_number_encrypted) == "H12345678"


def test_member_create_by_the_system_needs_no_actor(world):
    # when an import without a user runs
    member = member_create(org=world.org_b, actor=None, name="李芳", id_number=NUMBER)
    # then
    assert member.org == world.org_b


@pytest.mark.parametrize(
    ("_case", "actor", "allowed"),
    [
        ("outsider", "outsider", False),
        ("plain member", "org_member", False),
        ("staff may enrol", "staff_a", True),
        ("org admin may enrol", "org_admin", True),
    ],
)
def test_member_create_needs_members_manage(request, world, _case, actor, allowed):
    # given
    user = request.getfixturevalue(actor)
    # when
    if allowed:
        member_create(org=world.org_a, actor=user, name="李芳", id_number=NUMBER)
    else:
        with pytest.raises(PermissionDenied):
            member_create(org=world.org_a, actor=user, name="李芳", id_number=NUMBER)
    # then
    assert Member.objects.filter(name="李芳").exists() is allowed


def test_member_reveal_returns_the_full_identity_and_audits(world):
    # given
    member = member_create(
        org=world.org_a, actor=world.org_admin, name="李芳", id_number=NUMBER, phone="13912345678"
    )
    context = AuditContext(ip="10.1.2.3", user_agent="pytest")
    # when
    revealed = member_reveal(member=member, actor=world.org_admin, context=context)
    # then
    assert revealed == {"id_number": NUMBER, "phone": "13912345678"}
    log = AuditLog.objects.get(action=AuditAction.REVEAL)
    assert (log.action, log.actor, log.org_id, log.object_id) == (
        AuditAction.REVEAL,
        world.org_admin,
        world.org_a.pk,
        str(member.pk),
    )
    assert log.summary == "查看会员 李芳 的完整证件号码和手机号"
    assert (log.ip_address, log.user_agent) == ("10.1.2.3", "pytest")


@pytest.mark.parametrize(
    ("_case", "actor"),
    [("staff without members.reveal", "staff_a"), ("outsider", "outsider"), ("plain member", "org_member")],
)
def test_member_reveal_is_refused_without_members_reveal(request, world, _case, actor):
    # when
    with pytest.raises(PermissionDenied):
        member_reveal(member=world.member_a, actor=request.getfixturevalue(actor))
    # then
    assert not AuditLog.objects.exists()

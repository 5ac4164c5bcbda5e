"""member_create and member_update on every 实名制 field: normalisation, validation with the field named,
pinyin kept in step, member numbers, 入会 rows, timeline and audit; the identity stored encrypted, one holding
membership per person (also when a race loses), and the full identity revealed only with an audit row."""

import datetime as dt
import zoneinfo
from unittest import mock

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.accounts.choices import IdType
from gonghui.accounts.identity import decrypt_identifier, identifier_hash
from gonghui.core.audit import AuditContext
from gonghui.core.models import AuditAction, AuditLog, NumberSequence
from gonghui.core.timeline import timeline_for
from gonghui.members.choices import Employment, MembershipChangeKind, MemberStatus
from gonghui.members.models import Member, MembershipChange, MemberTag
from gonghui.members.services import member_create, member_reveal, member_update
from gonghui.members.tests.factories import MemberFactory, valid_id_number
from gonghui.orgs.choices import OrgStatus

TODAY = dt.date(2026, 3, 1)


# A woman born 1990-02-03.
NUMBER = valid_id_number(3, birth=dt.date(1990, 2, 3), male=False)


# A man born 1985-07-09.
NUMBER_M = valid_id_number(5, birth=dt.date(1985, 7, 9), male=True)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(
        dt.datetime(2026, 3, 1, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai")), tick=False
    ):
        yield


def _create(world, **overrides):
    values = {"org": world.org_a, "actor": world.org_admin, "name": "李芳", "id_number": NUMBER}
    values.update(overrides)
    return member_create(**values)


def _errors(excinfo):
    return excinfo.value.message_dict


def test_member_create_stores_every_field_resolved_and_normalised(world):
    # when every 实名制 field is given in the forms people type
    member = _create(
        world,
        phone="+86 139 1234 5678",
        ethnicity="回",
        education="本科",
        political_status="中共党员",
        employment="劳务派遣",
        position_title=" 主管  护师 ",
        skill_level="技师",
        household_type="农村",
        joined_on=dt.date(2015, 9, 1),
        card_number=" 6222 0000 1111 ",
        is_model_worker=True,
        is_migrant_worker=True,
        tags="援鄂医疗队、志愿者",
    )
    # then the codes and choices are stored
    stored = Member.objects.get(pk=member.pk)
    assert (stored.name, stored.gender, stored.birth_date) == ("李芳", "F", dt.date(1990, 2, 3))
    assert (stored.ethnicity, stored.education, stored.political_status) == ("03", "21", "01")
    assert (stored.employment, stored.skill_level, stored.household_type) == ("dispatched", "2", "rural")
    assert (stored.position_title, stored.phone, stored.card_number) == (
        "主管 护师",
        "13912345678",
        "622200001111",
    )
    assert (stored.is_model_worker, stored.is_migrant_worker) == (True, True)
    assert (stored.joined_on, stored.status_changed_on, stored.status) == (
        dt.date(2015, 9, 1),
        dt.date(2015, 9, 1),
        MemberStatus.ACTIVE,
    )
    assert (stored.name_pinyin, stored.name_initials) == ("lifang", "lf")
    assert sorted(stored.tags.values_list("name", flat=True)) == ["志愿者", "援鄂医疗队"]
    assert stored.member_number == "ORGA-2015-00001"


def test_member_create_defaults_the_join_date_to_today_and_numbers_in_sequence(world):
    # when two members join today
    first = _create(world)
    second = _create(world, name="王强", id_number=NUMBER_M)
    # then
    assert (first.joined_on, first.member_number) == (TODAY, "ORGA-2026-00001")
    assert second.member_number == "ORGA-2026-00002"
    assert NumberSequence.objects.get(issuer_id=world.org_a.pk, series="会员编号", year=2026).last_number == 2


def test_member_create_keeps_a_given_member_number(world):
    # when
    member = _create(world, member_number="ORGA-2019-00077")
    # then no number was taken from the sequence
    assert member.member_number == "ORGA-2019-00077"
    assert not NumberSequence.objects.filter(series="会员编号").exists()


def test_member_create_writes_the_join_row_the_timeline_and_the_audit(world):
    # when
    member = _create(world, joined_on=dt.date(2020, 5, 4), note="干部代录")
    # then
    change = MembershipChange.objects.get(member=member)
    assert (change.kind, change.to_org, change.from_org, change.happened_on, change.reason, change.actor) == (
        MembershipChangeKind.JOIN,
        world.org_a,
        None,
        dt.date(2020, 5, 4),
        "干部代录",
        world.org_admin,
    )
    entry = timeline_for(member).get()
    assert (entry.action, entry.action_label, entry.to_state, entry.actor) == (
        "create",
        "登记入会",
        "active",
        world.org_admin,
    )
    assert entry.note == "所属工会：甲县第一中学工会；干部代录"
    log = AuditLog.objects.get()
    assert (log.action, log.actor, log.org_id, log.object_id) == (
        AuditAction.ADMIN_EDIT,
        world.org_admin,
        world.org_a.pk,
        str(member.pk),
    )
    assert log.summary == "登记会员 李芳（ORGA-2020-00001）"
    assert NUMBER not in log.summary


def test_member_create_by_the_system_writes_no_audit_row(world):
    # when
    member = _create(world, actor=None)
    # then
    assert not AuditLog.objects.exists()
    assert MembershipChange.objects.get(member=member).actor is None


@pytest.mark.parametrize(
    ("_case", "overrides", "errors"),
    [
        ("empty name", {"name": "  "}, {"name": ["请填写姓名"]}),
        ("formula in the name", {"name": "=HYPERLINK()"}, {"name": ["姓名不能以 = + - @ 开头"]}),
        ("name too long", {"name": "李" * 51}, {"name": ["姓名不能超过 50 个字"]}),
        (
            "birth date contradicts the ID",
            {"birth_date": dt.date(1990, 2, 4)},
            {"birth_date": ["出生日期与身份证号中的出生日期（1990年2月3日）不一致"]},
        ),
        (
            "gender contradicts the ID",
            {"gender": "M"},
            {"id_number": ["身份证号第17位表示性别为女，与所填性别不一致"]},
        ),
        ("bad phone", {"phone": "1391234"}, {"phone": ["请输入11位中国大陆手机号"]}),
        (
            "unknown ethnicity",
            {"ethnicity": "火星族"},
            {"ethnicity": ["“火星族”不在民族（GB 3304）代码表中"]},
        ),
        (
            "unknown education",
            {"education": "幼儿园"},
            {"education": ["“幼儿园”不在学历（GB/T 4658）代码表中"]},
        ),
        (
            "unknown political status",
            {"political_status": "无"},
            {"political_status": ["“无”不在政治面貌（GB/T 4762）代码表中"]},
        ),
        (
            "unknown employment",
            {"employment": "临时工种"},
            {"employment": ["用工性质：“临时工种”不是可选的值"]},
        ),
        ("blank employment", {"employment": ""}, {"employment": ["请选择用工性质"]}),
        ("unknown skill level", {"skill_level": "大师"}, {"skill_level": ["技能等级：“大师”不是可选的值"]}),
        (
            "unknown household",
            {"household_type": "海外"},
            {"household_type": ["户籍类型：“海外”不是可选的值"]},
        ),
        (
            "join date in the future",
            {"joined_on": dt.date(2026, 3, 2)},
            {"joined_on": ["入会日期不能晚于今天"]},
        ),
        (
            "too young at joining",
            {"joined_on": dt.date(2006, 2, 2)},
            {"joined_on": ["入会时年龄应在 16–100 岁之间，按出生日期和入会日期计算为 15 岁"]},
        ),
        ("title too long", {"position_title": "职" * 51}, {"position_title": ["岗位/职称不能超过 50 个字"]}),
        ("tag too long", {"tags": ["标" * 31]}, {"tags": [f"标签“{'标' * 30}”超过 30 个字"]}),
    ],
)
def test_member_create_rejects_bad_values_on_their_field(world, _case, overrides, errors):
    # when
    with pytest.raises(ValidationError) as excinfo:
        _create(world, **overrides)
    # then nothing was written
    assert _errors(excinfo) == errors
    assert Member.objects.count() == 1
    assert not MembershipChange.objects.exists()
    assert not AuditLog.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"), [("在编", "established"), ("人事代理", "contract"), ("派遣", "dispatched")]
)
def test_member_create_accepts_employment_as_people_write_it(world, typed, stored):
    # when
    member = _create(world, employment=typed)
    # then
    assert member.employment == stored


def test_member_create_accepts_the_youngest_and_oldest_ages(world):
    # given a man born 1925-03-01
    old_number = valid_id_number(9, birth=dt.date(1925, 3, 1), male=True)
    # when one joins on their 16th birthday and the other the day before turning 101
    young = _create(world, joined_on=dt.date(2006, 2, 3))
    old = _create(world, name="张老", id_number=old_number, joined_on=dt.date(2026, 2, 28))
    # then
    assert (young.joined_on, old.joined_on) == (dt.date(2006, 2, 3), dt.date(2026, 2, 28))


def test_member_create_refuses_an_age_over_100_at_joining(world):
    # given a man born 1925-02-28, 101 on 2026-02-28
    old_number = valid_id_number(9, birth=dt.date(1925, 2, 28), male=True)
    # when
    with pytest.raises(ValidationError) as excinfo:
        _create(world, name="张老", id_number=old_number, joined_on=dt.date(2026, 2, 28))
    # then
    assert _errors(excinfo) == {
        "joined_on": ["入会时年龄应在 16–100 岁之间，按出生日期和入会日期计算为 101 岁"]
    }


def test_member_create_reports_every_bad_field_at_once(world):
    # when
    with pytest.raises(ValidationError) as excinfo:
        _create(world, name="", phone="123", ethnicity="火星族")
    # then
    assert sorted(_errors(excinfo)) == ["ethnicity", "name", "phone"]


def test_member_create_refuses_a_phone_bound_to_another_member(world):
    # given member_a of org A holds 13700001111
    # when another person registers with it
    with pytest.raises(ValidationError) as excinfo:
        _create(world, phone="13700001111")
    # then
    assert _errors(excinfo) == {"phone": ["该手机号已绑定其他会员"]}


def test_member_create_accepts_the_phone_of_a_former_member_or_of_the_same_person(world):
    # given a former member with the phone, and the same person's old record in org B
    MemberFactory.create(org=world.org_b, phone="13911110000", status=MemberStatus.LEFT)
    MemberFactory.create(org=world.org_b, id_number=NUMBER, phone="13922220000", status=MemberStatus.LEFT)
    # when
    first = _create(world, phone="13911110000")
    # then
    assert first.phone == "13911110000"


def test_member_create_refuses_a_duplicate_card_number(world):
    # given
    MemberFactory.create(org=world.org_b, card_number="6222000011112222")
    # when
    with pytest.raises(ValidationError) as excinfo:
        _create(world, card_number="6222000011112222")
    # then
    assert _errors(excinfo) == {"card_number": ["该会员卡号已被其他会员使用"]}


@pytest.mark.parametrize(
    ("_case", "overrides", "errors"),
    [
        ("no gender", {"gender": ""}, {"gender": ["请选择性别"]}),
        ("no birth date", {"birth_date": None}, {"birth_date": ["请填写出生日期"]}),
        (
            "birth date in the future",
            {"birth_date": dt.date(2026, 3, 2)},
            {"birth_date": ["出生日期不能晚于今天"]},
        ),
        ("bad format", {"id_number": "X1234"}, {"id_number": ["港澳居民来往内地通行证号码格式不正确"]}),
    ],
)
def test_member_create_with_a_pass_needs_gender_and_birth_date(world, _case, overrides, errors):
    # given
    values = {
        "id_type": IdType.HK_MACAO,
        "id_number": "H12345678",
        "gender": "F",
        "birth_date": dt.date(1992, 6, 1),
        "joined_on": dt.date(2020, 1, 1),
    }
    values.update(overrides)
    # when
    with pytest.raises(ValidationError) as excinfo:
        _create(world, **values)
    # then
    assert _errors(excinfo) == errors


def test_member_create_in_an_inactive_union_is_refused(world):
    # given
    world.org_a.status = OrgStatus.INACTIVE
    world.org_a.save(update_fields=["status"])
    # when
    with pytest.raises(ValidationError) as excinfo:
        _create(world, actor=None)
    # then
    assert excinfo.value.messages == ["该工会组织已停用，不能登记会员"]


@pytest.fixture
def li(world):
    return _create(world, actor=None, phone="13912345678", joined_on=dt.date(2015, 9, 1), ethnicity="汉族")


def test_member_update_changes_the_given_fields_and_keeps_pinyin_in_step(world, li):
    # when
    updated = member_update(
        member=li,
        actor=world.org_admin,
        data={
            "name": "李芳芳",
            "ethnicity": "03",
            "education": "硕士",
            "employment": Employment.CONTRACT,
            "position_title": "主治医师",
            "tags": ["青年医生"],
        },
    )
    # then
    stored = Member.objects.get(pk=li.pk)
    assert (stored.name, stored.name_pinyin, stored.name_initials) == ("李芳芳", "lifangfang", "lff")
    assert (stored.ethnicity, stored.education, stored.employment, stored.position_title) == (
        "03",
        "14",
        "contract",
        "主治医师",
    )
    assert stored.phone == "13912345678"
    assert list(stored.tags.values_list("name", flat=True)) == ["青年医生"]
    assert updated.pk == li.pk
    entry = timeline_for(li).filter(action="edit").get()
    assert entry.note == "修改了：姓名、民族、学历、用工性质、岗位/职称、标签"
    log = AuditLog.objects.get()
    assert (log.action, log.actor, log.org_id) == (AuditAction.ADMIN_EDIT, world.org_admin, world.org_a.pk)
    assert log.summary == "修改会员 李芳芳 的信息：姓名、民族、学历、用工性质、岗位/职称、标签"


def test_member_update_without_changes_writes_nothing(world, li):
    # when the same values are saved again
    member_update(member=li, actor=world.org_admin, data={"name": "李芳", "ethnicity": "汉", "id_number": ""})
    # then
    assert not timeline_for(li).filter(action="edit").exists()
    assert not AuditLog.objects.exists()


def test_member_update_corrects_the_id_number(world, li):
    # given the right number is a woman born 1990-02-13
    right = valid_id_number(8, birth=dt.date(1990, 2, 13), male=False)
    # when
    member_update(
        member=li, actor=world.org_admin, data={"id_number": right, "birth_date": dt.date(1990, 2, 13)}
    )
    # then
    stored = Member.objects.get(pk=li.pk)
    assert decrypt_identifier(stored.id_number_encrypted) == right
    assert stored.id_number_hash == identifier_hash(IdType.RESIDENT, right)
    assert stored.birth_date == dt.date(1990, 2, 13)
    assert AuditLog.objects.get().summary == "修改会员 李芳 的信息：证件号码、出生日期"
    assert right not in AuditLog.objects.get().summary


def test_member_update_refuses_an_id_number_holding_membership_elsewhere(world, li):
    # given
    MemberFactory.create(org=world.org_b, id_number=NUMBER_M)
    # when
    with pytest.raises(ValidationError) as excinfo:
        member_update(
            member=li,
            actor=world.org_admin,
            data={"id_number": NUMBER_M, "gender": "M", "birth_date": dt.date(1985, 7, 9)},
        )
    # then
    assert _errors(excinfo) == {"id_number": ["此人已是在籍会员，不能重复入会"]}
    assert Member.objects.get(pk=li.pk).id_number_hash == identifier_hash(IdType.RESIDENT, NUMBER)


@pytest.mark.parametrize(
    ("_case", "data", "errors"),
    [
        ("gender against the ID", {"gender": "M"}, {"gender": ["性别与身份证号第17位不一致"]}),
        (
            "birth date against the ID",
            {"birth_date": dt.date(1991, 1, 1)},
            {"birth_date": ["出生日期与身份证号中的出生日期（1990年2月3日）不一致"]},
        ),
        (
            "id type without a number",
            {"id_type": IdType.PASSPORT},
            {"id_number": ["修改证件类型时请同时填写新的证件号码"]},
        ),
        ("phone of another member", {"phone": "13700001111"}, {"phone": ["该手机号已绑定其他会员"]}),
        ("empty join date", {"joined_on": None}, {"joined_on": ["请填写入会日期"]}),
        (
            "join date in the future",
            {"joined_on": dt.date(2027, 1, 1)},
            {"joined_on": ["入会日期不能晚于今天"]},
        ),
        ("empty name", {"name": ""}, {"name": ["请填写姓名"]}),
        ("unknown education", {"education": "X"}, {"education": ["“X”不在学历（GB/T 4658）代码表中"]}),
    ],
)
def test_member_update_rejects_bad_values_on_their_field(world, li, _case, data, errors):
    # when
    with pytest.raises(ValidationError) as excinfo:
        member_update(member=li, actor=world.org_admin, data=data)
    # then nothing changed
    assert _errors(excinfo) == errors
    assert not AuditLog.objects.exists()
    assert Member.objects.get(pk=li.pk).updated_at == li.updated_at


def test_member_update_moves_the_login_phone_with_the_member(world):
    # given member_a has a portal account on 13700001111
    # when
    member_update(member=world.member_a, actor=world.org_admin, data={"phone": "13766667777"})
    # then
    world.org_member.refresh_from_db()
    assert Member.objects.get(pk=world.member_a.pk).phone == "13766667777"
    assert world.org_member.phone == "13766667777"


def test_member_update_refuses_a_phone_of_another_account(world):
    # given a cadre account uses the phone
    world.org_admin.phone = "13788889999"
    world.org_admin.save(update_fields=["phone"])
    # when
    with pytest.raises(ValidationError) as excinfo:
        member_update(member=world.member_a, actor=world.org_admin, data={"phone": "13788889999"})
    # then
    assert _errors(excinfo) == {"phone": ["该手机号已绑定其他账号"]}


def test_member_update_keeps_the_phone_of_a_member_with_an_account(world):
    # when
    with pytest.raises(ValidationError) as excinfo:
        member_update(member=world.member_a, actor=world.org_admin, data={"phone": ""})
    # then
    assert _errors(excinfo) == {"phone": ["该会员已开通会员端账号，手机号不能为空"]}


def test_member_update_refuses_a_card_number_of_another_member(world, li):
    # given
    MemberFactory.create(org=world.org_b, card_number="C001")
    # when
    with pytest.raises(ValidationError) as excinfo:
        member_update(member=li, actor=world.org_admin, data={"card_number": "c001"})
    # then
    assert _errors(excinfo) == {"card_number": ["该会员卡号已被其他会员使用"]}


def test_member_update_of_a_pass_holder_changes_gender_and_birth_date(world):
    # given
    member = _create(
        world,
        actor=None,
        id_type=IdType.PASSPORT,
        id_number="E12345678",
        gender="F",
        birth_date=dt.date(1992, 6, 1),
        joined_on=dt.date(2020, 1, 1),
    )
    # when
    member_update(
        member=member, actor=world.org_admin, data={"gender": "M", "birth_date": dt.date(1992, 6, 2)}
    )
    # then
    stored = Member.objects.get(pk=member.pk)
    assert (stored.gender, stored.birth_date) == ("M", dt.date(1992, 6, 2))


def test_member_update_checks_the_age_against_a_changed_join_date(world, li):
    # when
    with pytest.raises(ValidationError) as excinfo:
        member_update(member=li, actor=world.org_admin, data={"joined_on": dt.date(2004, 1, 1)})
    # then
    assert _errors(excinfo) == {
        "joined_on": ["入会时年龄应在 16–100 岁之间，按出生日期和入会日期计算为 13 岁"]
    }


def test_member_update_reuses_existing_tags(world, li):
    # given
    tag = MemberTag.objects.create(name="志愿者")
    # when
    member_update(member=li, actor=world.org_admin, data={"tags": "志愿者，文艺骨干"})
    # then
    assert MemberTag.objects.count() == 2
    assert set(li.tags.all()) == {tag, MemberTag.objects.get(name="文艺骨干")}


@pytest.mark.parametrize(
    ("_case", "actor", "allowed"),
    [
        ("outsider", "outsider", False),
        ("plain member", "org_member", False),
        ("staff may edit", "staff_a", True),
        ("org admin may edit", "org_admin", True),
    ],
)
def test_member_update_needs_members_manage(request, world, _case, actor, allowed):
    # given
    user = request.getfixturevalue(actor)
    # when
    if allowed:
        member_update(member=world.member_a, actor=user, data={"position_title": "教师"})
    else:
        with pytest.raises(PermissionDenied):
            member_update(member=world.member_a, actor=user, data={"position_title": "教师"})
    # then
    assert (Member.objects.get(pk=world.member_a.pk).position_title == "教师") is allowed
    assert AuditLog.objects.exists() is allowed


# A woman born 1990-02-03 in 解放区.


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

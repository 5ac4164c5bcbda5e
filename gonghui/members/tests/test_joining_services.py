"""Online joining services: finding the union, the applicant's checks, the SMS phone check, approval."""

import dataclasses
import datetime as dt
import re

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from conftest import make_cadre, make_member_user
from gonghui.accounts.choices import Gender, IdType
from gonghui.accounts.identity import decrypt_identifier
from gonghui.accounts.models import RoleGrant, SmsCode, User
from gonghui.accounts.roles import MEMBER, REVIEWER, UNION_STAFF
from gonghui.accounts.sms_codes import sms_code_request, sms_password_set
from gonghui.core.channels import ConsoleSmsBackend
from gonghui.core.models import TimelineEntry
from gonghui.core.timeline import timeline_for
from gonghui.members.choices import (
    Employment,
    JoinChannel,
    JoinStatus,
    MembershipChangeKind,
    MemberStatus,
)
from gonghui.members.models import JoinApplication, Member, MembershipChange
from gonghui.members.selectors import (
    join_org_for_code,
    join_org_search,
    join_pool_orgs,
    join_reference,
)
from gonghui.members.services import (
    JoinApplicant,
    join_application_approve,
    join_application_submit,
    join_sms_code_request,
    joining,
)
from gonghui.members.tests.factories import MemberFactory
from gonghui.members.tests.test_joining_factories import applicant_id_number, make_join_application
from gonghui.notifications.models import Notification
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.tests.factories import OrgFactory

PHONE = "13655556666"
ID_NUMBER = applicant_id_number(1)  # 410803 19920409 → male, born 1992-04-09
BIRTH = dt.date(1992, 4, 9)
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _outbox():
    ConsoleSmsBackend.outbox.clear()
    yield
    ConsoleSmsBackend.outbox.clear()


def _applicant(**changes) -> JoinApplicant:
    base = JoinApplicant(
        name="王小明",
        gender=Gender.MALE,
        birth_date=BIRTH,
        id_type=IdType.RESIDENT,
        id_number=ID_NUMBER,
        phone=PHONE,
        ethnicity="01",
        education="21",
        political_status="13",
        employment=Employment.CONTRACT,
        position_title="化学教师",
        unit_name="甲县第一中学",
    )
    return dataclasses.replace(base, **changes)


def _sms_texts(phone: str) -> list[str]:
    return [m.text for m in ConsoleSmsBackend.outbox if m.phone == phone]


def _code(capture, phone: str = PHONE, *, backdate: bool = True) -> str:
    if backdate:  # earlier codes of the test's setup do not hold up the next request
        SmsCode.objects.filter(phone=phone.replace(" ", "")).update(
            created_at=F("created_at") - dt.timedelta(minutes=2)
        )
    with capture(execute=True):
        join_sms_code_request(phone=phone)
    found = re.search(r"验证码为 (\d{6})", _sms_texts(phone.replace(" ", ""))[-1])
    assert found is not None
    return found.group(1)


def _submit(world, capture, org=None, **changes) -> JoinApplication:
    applicant = _applicant(**changes)
    return join_application_submit(
        org=org or world.org_a,
        applicant=applicant,
        sms_code=_code(capture, applicant.phone),
        privacy_accepted_at=timezone.now(),
    )


def _errors(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        call()
    return exc.value.message_dict


# --- finding the union ------------------------------------------------------------------------------------


def test_search_matches_unit_name_name_and_short_name_of_joinable_unions_only(world):
    # given an inactive union and short names
    OrgFactory.create(
        parent=world.county_x,
        code="OLD",
        name="甲县旧中学工会",
        unit_name="甲县旧中学",
        status=OrgStatus.INACTIVE,
    )
    world.org_b.short_name = "县医院"
    world.org_b.save(update_fields=["short_name"])
    # when / then
    assert [o.code for o in join_org_search(query="第一中学")] == ["ORGA"]
    assert [o.code for o in join_org_search(query="人民医院工会")] == ["ORGB"]
    assert [o.code for o in join_org_search(query="县医院")] == ["ORGB"]
    assert [o.code for o in join_org_search(query="中学")] == ["ORGA"]
    assert [o.code for o in join_org_search(query="教育")] == []  # county unions are not units
    assert join_org_search(query="  ") == []


def test_pool_orgs_are_the_active_county_unions(world):
    assert [o.code for o in join_pool_orgs()] == ["CX", "CY"]
    assert join_org_for_code("CX") == world.county_x
    assert join_org_for_code("ORGA") == world.org_a
    assert join_org_for_code("CITY") is None
    assert join_org_for_code("nope") is None


# --- submitting -------------------------------------------------------------------------------------------


def test_submit_stores_the_application_with_encrypted_identity_and_a_timeline_row(
    world, django_capture_on_commit_callbacks
):
    # when
    application = _submit(world, django_capture_on_commit_callbacks)
    # then
    application.refresh_from_db()
    assert application.status == JoinStatus.SUBMITTED
    assert application.channel == JoinChannel.ONLINE
    assert application.org == world.org_a
    assert (application.name, application.gender, application.birth_date) == ("王小明", "M", BIRTH)
    assert decrypt_identifier(application.id_number_encrypted) == ID_NUMBER
    assert application.id_number_masked == "4108**********" + ID_NUMBER[-4:]
    assert (application.education, application.political_status, application.ethnicity) == ("21", "13", "01")
    assert application.employment == Employment.CONTRACT
    assert application.privacy_accepted_at is not None
    entry = TimelineEntry.objects.get(object_id=str(application.pk))
    assert (entry.action, entry.to_state, entry.actor) == ("submit", "submitted", None)
    assert entry.note == "网上入会申请，申请加入甲县第一中学工会"
    assert SmsCode.objects.get(phone=PHONE).used_at is not None
    assert len(join_reference(application)) == 8


def test_code_list_values_are_accepted_in_full_form(world, django_capture_on_commit_callbacks):
    application = _submit(
        world, django_capture_on_commit_callbacks, education="大学本科", political_status="群众"
    )
    assert (application.education, application.political_status) == ("21", "13")


def test_a_county_union_takes_applications_for_its_pool(world, django_capture_on_commit_callbacks):
    application = _submit(world, django_capture_on_commit_callbacks, org=world.county_x)
    assert application.org == world.county_x


@pytest.mark.parametrize(
    ("_case", "changes", "errors"),
    [
        (
            "ID checksum",
            {"id_number": ID_NUMBER[:-1] + ("0" if ID_NUMBER[-1] != "0" else "1")},
            {"id_number": ["身份证号校验位不正确，请核对"]},
        ),
        ("ID too short", {"id_number": "41080319920409"}, {"id_number": ["身份证号应为18位，当前为14位"]}),
        (
            "ID birth date does not exist",
            {"id_number": "41080319920230001X"},
            {"id_number": ["身份证号中的出生日期 19920230 不存在"]},
        ),
        (
            "gender digit",
            {"gender": Gender.FEMALE},
            {"gender": ["身份证号第17位表示性别为男，与所填性别不一致"]},
        ),
        (
            "birth date",
            {"birth_date": dt.date(1992, 4, 10)},
            {"birth_date": ["出生日期与身份证号中的出生日期（1992年04月09日）不一致"]},
        ),
        ("phone", {"phone": "1365555666"}, {"phone": ["请输入11位中国大陆手机号"]}),
        ("name blank", {"name": "  "}, {"name": ["请填写姓名"]}),
        ("name formula", {"name": "=cmd"}, {"name": ["姓名不能以 = + - @ 开头"]}),
        ("education code", {"education": "博士后"}, {"education": ["“博士后”不在学历（GB/T 4658）代码表中"]}),
        ("employment", {"employment": "volunteer"}, {"employment": ["请选择用工性质"]}),
        (
            "passport without gender and birth date",
            {"id_type": IdType.PASSPORT, "id_number": "E12345678", "gender": "", "birth_date": None},
            {"gender": ["请选择性别"], "birth_date": ["请填写出生日期"]},
        ),
    ],
)
def test_submit_rejects_bad_input_before_using_the_sms_code(world, _case, changes, errors):
    # given a code that was never requested: the rules without other rows come first
    # when
    found = _errors(
        lambda: join_application_submit(
            org=world.org_a,
            applicant=_applicant(**changes),
            sms_code="000000",
            privacy_accepted_at=timezone.now(),
        )
    )
    # then
    assert found == errors
    assert JoinApplication.objects.count() == 0


@pytest.mark.parametrize(
    ("_case", "birth", "age"),
    [("too young", dt.date(2011, 1, 1), 15), ("too old", dt.date(1925, 1, 1), 101)],
)
def test_submit_rejects_an_age_outside_16_to_100(world, _case, birth, age):
    number = applicant_id_number(3, birth=birth)
    with time_machine.travel(NOW, tick=False):
        found = _errors(
            lambda: join_application_submit(
                org=world.org_a,
                applicant=_applicant(id_number=number, birth_date=birth),
                sms_code="000000",
                privacy_accepted_at=timezone.now(),
            )
        )
    assert found == {"birth_date": [f"入会年龄应在16至100周岁之间，按出生日期计算为{age}周岁"]}


def test_submit_requires_the_privacy_notice_to_be_accepted(world):
    found = _errors(
        lambda: join_application_submit(
            org=world.org_a, applicant=_applicant(), sms_code="1", privacy_accepted_at=None
        )
    )
    assert found == {"privacy": ["请先阅读并同意个人信息保护说明"]}


@pytest.mark.parametrize("target", ["city", "inactive"])
def test_submit_refuses_unions_that_take_no_online_applications(world, target):
    org = (
        world.city
        if target == "city"
        else OrgFactory.create(parent=world.county_x, code="OFF", status=OrgStatus.INACTIVE)
    )
    found = _errors(
        lambda: join_application_submit(
            org=org, applicant=_applicant(), sms_code="1", privacy_accepted_at=timezone.now()
        )
    )
    assert found == {"org": ["该工会不受理网上入会申请，请重新选择"]}


def test_submit_refuses_an_active_member(world, django_capture_on_commit_callbacks):
    # given the person is already a member of org B
    MemberFactory.create(org=world.org_b, id_number=ID_NUMBER)
    # when
    found = _errors(lambda: _submit(world, django_capture_on_commit_callbacks))
    # then
    assert found == {"id_number": ["该证件号码已是在籍会员，不能重复申请入会"]}
    assert JoinApplication.objects.count() == 0


def test_a_person_who_left_may_apply_again(world, django_capture_on_commit_callbacks):
    MemberFactory.create(org=world.org_b, id_number=ID_NUMBER, status=MemberStatus.LEFT, phone="")
    assert _submit(world, django_capture_on_commit_callbacks).status == JoinStatus.SUBMITTED


def test_submit_refuses_a_phone_bound_to_another_member(world, django_capture_on_commit_callbacks):
    # member_a's phone
    found = _errors(lambda: _submit(world, django_capture_on_commit_callbacks, phone="13700001111"))
    assert found == {"phone": ["该手机号已被其他会员绑定，请更换手机号"]}


def test_submit_refuses_a_phone_of_another_account(world, django_capture_on_commit_callbacks):
    make_cadre("cadre_with_phone", world.org_b).__class__.objects.filter(username="cadre_with_phone").update(
        phone=PHONE
    )
    found = _errors(lambda: _submit(world, django_capture_on_commit_callbacks))
    assert found == {"phone": ["该手机号已被其他会员绑定，请更换手机号"]}


def test_submit_refuses_a_second_open_application(world, django_capture_on_commit_callbacks):
    # given
    _submit(world, django_capture_on_commit_callbacks)
    # when the same person applies to org B
    found = _errors(
        lambda: _submit(world, django_capture_on_commit_callbacks, org=world.org_b, phone="13655557777")
    )
    # then
    assert found == {"id_number": ["该证件号码已有待审批的入会申请，请等待审批结果"]}
    assert JoinApplication.objects.count() == 1


def test_the_database_refuses_a_second_open_application(world):
    make_join_application(world.org_a, n=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_join_application(world.org_b, n=5, phone="13600000002")


def test_a_lost_race_for_the_open_application_is_reported_in_chinese(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    # given another request inserted the same person's application after our checks ran
    make_join_application(world.org_b, n=1, phone="13600000002")
    monkeypatch.setattr(joining, "_database_checks", lambda fields, exclude_pk=None: None)
    # when
    found = _errors(lambda: _submit(world, django_capture_on_commit_callbacks))
    # then
    assert found == {"id_number": ["该证件号码已有待审批的入会申请，请等待审批结果"]}


# --- the SMS phone check ----------------------------------------------------------------------------------


def test_the_code_is_sent_to_the_phone_and_only_a_hash_is_stored(world, django_capture_on_commit_callbacks):
    code = _code(django_capture_on_commit_callbacks, "136 5555 6666")
    sms = SmsCode.objects.get()
    assert (sms.phone, sms.purpose) == (PHONE, "join")
    assert code not in sms.code_hash
    assert _sms_texts(PHONE) == [
        f"【智慧工会】您的验证码为 {code}，5分钟内有效，用于网上入会手机号验证。如非本人操作请忽略。"
    ]


def test_a_code_request_with_a_bad_phone_names_the_field(world):
    assert _errors(lambda: join_sms_code_request(phone="12345")) == {"phone": ["请输入11位中国大陆手机号"]}


def test_codes_are_rate_limited(world, django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=False) as traveller:
        _code(django_capture_on_commit_callbacks, backdate=False)
        traveller.shift(20)
        assert _errors(lambda: join_sms_code_request(phone=PHONE)) == {"phone": ["请 40 秒后再获取验证码"]}
        for _ in range(4):
            traveller.shift(61)
            _code(django_capture_on_commit_callbacks, backdate=False)
        traveller.shift(61)
        assert _errors(lambda: join_sms_code_request(phone=PHONE)) == {
            "phone": ["获取验证码过于频繁，请一小时后再试"]
        }
        traveller.shift(3600)
        _code(django_capture_on_commit_callbacks, backdate=False)


def test_a_wrong_code_is_counted_and_the_application_is_not_stored(world, django_capture_on_commit_callbacks):
    code = _code(django_capture_on_commit_callbacks)
    wrong = "000000" if code != "000000" else "111111"
    found = _errors(
        lambda: join_application_submit(
            org=world.org_a, applicant=_applicant(), sms_code=wrong, privacy_accepted_at=timezone.now()
        )
    )
    assert found == {"sms_code": ["验证码不正确"]}
    assert SmsCode.objects.get().attempts == 1
    assert JoinApplication.objects.count() == 0


def test_too_many_wrong_codes_use_the_code_up(world, django_capture_on_commit_callbacks):
    code = _code(django_capture_on_commit_callbacks)
    wrong = "000000" if code != "000000" else "111111"
    SmsCode.objects.update(attempts=5)
    for attempt in (wrong, code):
        found = _errors(
            lambda attempt=attempt: join_application_submit(
                org=world.org_a, applicant=_applicant(), sms_code=attempt, privacy_accepted_at=timezone.now()
            )
        )
        assert found == {"sms_code": ["验证码错误次数过多，请重新获取"]}


def test_an_expired_or_missing_code_is_refused(world, django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=False) as traveller:
        code = _code(django_capture_on_commit_callbacks)
        traveller.shift(301)
        found = _errors(
            lambda: join_application_submit(
                org=world.org_a, applicant=_applicant(), sms_code=code, privacy_accepted_at=timezone.now()
            )
        )
    assert found == {"sms_code": ["验证码已过期或不存在，请重新获取"]}


def test_a_code_is_used_once(world, django_capture_on_commit_callbacks):
    code = _code(django_capture_on_commit_callbacks)
    join_application_submit(
        org=world.org_a, applicant=_applicant(), sms_code=code, privacy_accepted_at=timezone.now()
    )
    found = _errors(
        lambda: join_application_submit(
            org=world.org_b,
            applicant=_applicant(id_number=applicant_id_number(2)),
            sms_code=code,
            privacy_accepted_at=timezone.now(),
        )
    )
    assert found == {"sms_code": ["验证码已过期或不存在，请重新获取"]}


# --- approving --------------------------------------------------------------------------------------------


def test_approve_creates_the_member_account_grant_change_and_sends_an_sms(
    world, django_capture_on_commit_callbacks
):
    # given
    with time_machine.travel(NOW - dt.timedelta(days=1)):
        application = _submit(world, django_capture_on_commit_callbacks)
    ConsoleSmsBackend.outbox.clear()
    # when
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        member = join_application_approve(application=application, actor=world.org_admin)
    # then the member record
    member.refresh_from_db()
    assert member.org == world.org_a
    assert member.status == MemberStatus.ACTIVE
    assert (member.name, member.gender, member.birth_date, member.phone) == ("王小明", "M", BIRTH, PHONE)
    assert decrypt_identifier(member.id_number_encrypted) == ID_NUMBER
    assert (member.education, member.political_status, member.ethnicity, member.employment) == (
        "21",
        "13",
        "01",
        "contract",
    )
    assert member.position_title == "化学教师"
    assert member.member_number == "ORGA-2026-00001"
    assert member.joined_on == dt.date(2026, 3, 2)
    assert (member.name_pinyin, member.name_initials) == ("wangxiaoming", "wxm")
    # the account: no usable password, the member role on the org
    user = member.user
    assert user is not None
    assert (user.username, user.phone, user.name) == (f"m{PHONE}", PHONE, "王小明")
    assert user.has_usable_password() is False
    assert list(RoleGrant.objects.filter(user=user).values_list("role", "org__code")) == [(MEMBER, "ORGA")]
    # the change, the application, the timelines
    change = MembershipChange.objects.get(member=member)
    assert (change.kind, change.to_org, change.happened_on, change.actor) == (
        MembershipChangeKind.JOIN,
        world.org_a,
        dt.date(2026, 3, 2),
        world.org_admin,
    )
    application.refresh_from_db()
    assert (application.status, application.member, application.reviewed_by) == (
        JoinStatus.APPROVED,
        member,
        world.org_admin,
    )
    assert [(e.action, e.from_state, e.to_state) for e in timeline_for(application)] == [
        ("submit", "", "submitted"),
        ("approve", "submitted", "approved"),
    ]
    last = timeline_for(application).last()
    assert last is not None
    assert last.note == "会员编号 ORGA-2026-00001"
    assert [e.action for e in timeline_for(member)] == ["join"]
    # notified in the inbox and by SMS
    notification = Notification.objects.get(recipient=user)
    assert (notification.title, notification.url) == ("入会申请已通过", "/accounts/activate/")
    assert _sms_texts(PHONE) == [
        f"【智慧工会】入会申请已通过：您已加入甲县第一中学工会，会员编号ORGA-2026-00001。请用手机号{PHONE}获取短信验证码激活账号后登录会员服务"
    ]


def test_the_new_member_activates_the_account_by_sms_code(world, django_capture_on_commit_callbacks):
    # given an approved application
    member = join_application_approve(
        application=_submit(world, django_capture_on_commit_callbacks), actor=world.org_admin
    )
    ConsoleSmsBackend.outbox.clear()
    # when the member asks for an activation code and sets a password
    with django_capture_on_commit_callbacks(execute=True):
        sms_code_request(phone=PHONE, purpose="activate")
    found = re.search(r"验证码为 (\d{6})", _sms_texts(PHONE)[-1])
    assert found is not None
    code = found.group(1)
    user = sms_password_set(phone=PHONE, purpose="activate", code=code, new_password="Xinmima2026")
    # then
    assert user == member.user
    user.refresh_from_db()
    assert user.check_password("Xinmima2026") is True


def test_member_numbers_run_per_union_and_year(world, django_capture_on_commit_callbacks):
    first = join_application_approve(
        application=_submit(world, django_capture_on_commit_callbacks), actor=world.org_admin
    )
    second = join_application_approve(
        application=_submit(
            world, django_capture_on_commit_callbacks, id_number=applicant_id_number(2), phone="13655557777"
        ),
        actor=world.org_admin,
    )
    year = timezone.localdate().year
    assert [first.member_number, second.member_number] == [f"ORGA-{year}-00001", f"ORGA-{year}-00002"]


def test_staff_with_manage_may_approve_and_a_pool_application_joins_the_county_union(
    world, django_capture_on_commit_callbacks
):
    staff = make_cadre("county_staff", world.county_x, role=UNION_STAFF)
    application = _submit(world, django_capture_on_commit_callbacks, org=world.county_x)
    member = join_application_approve(application=application, actor=staff)
    assert member.org == world.county_x
    assert (member.member_number or "").startswith("CX-")


@pytest.mark.parametrize(
    ("_case", "actor"),
    [
        ("outsider", "outsider"),
        ("plain member", "org_member"),
        ("reviewer without manage", "reviewer"),
    ],
)
def test_approve_is_refused_without_manage_on_the_union(
    world, django_capture_on_commit_callbacks, _case, actor
):
    # given
    application = _submit(world, django_capture_on_commit_callbacks)
    user = make_cadre("rev_a", world.org_a, role=REVIEWER) if actor == "reviewer" else getattr(world, actor)
    # when / then
    with pytest.raises(PermissionDenied):
        join_application_approve(application=application, actor=user)
    application.refresh_from_db()
    assert application.status == JoinStatus.SUBMITTED
    assert not Member.objects.filter(name="王小明").exists()
    assert not User.objects.filter(phone=PHONE).exists()


def test_approve_twice_is_refused(world, django_capture_on_commit_callbacks):
    application = _submit(world, django_capture_on_commit_callbacks)
    join_application_approve(application=application, actor=world.org_admin)
    with pytest.raises(ValidationError) as exc:
        join_application_approve(application=application, actor=world.org_admin)
    assert exc.value.messages == ["当前状态“已批准”下不能执行“批准”"]
    assert Member.objects.filter(name="王小明").count() == 1


def test_approve_is_refused_when_the_person_joined_elsewhere_meanwhile(
    world, django_capture_on_commit_callbacks
):
    # given
    application = _submit(world, django_capture_on_commit_callbacks)
    MemberFactory.create(org=world.org_b, id_number=ID_NUMBER, phone="13900009999")
    # when
    with pytest.raises(ValidationError) as exc:
        join_application_approve(application=application, actor=world.org_admin)
    # then nothing was created and the number is given back
    assert exc.value.messages == ["此人已是在籍会员，不能重复入会"]
    assert not User.objects.filter(phone=PHONE).exists()
    application.refresh_from_db()
    assert application.status == JoinStatus.SUBMITTED


def test_the_database_guards_the_approval_against_a_concurrent_join(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    # given the Python check misses a member created by a concurrent transaction
    application = _submit(world, django_capture_on_commit_callbacks)
    MemberFactory.create(org=world.org_b, id_number=ID_NUMBER, phone="13900009999")
    monkeypatch.setattr(joining, "HOLDING_STATUSES", ())
    # when
    with pytest.raises(ValidationError) as exc:
        join_application_approve(application=application, actor=world.org_admin)
    # then the unique index decides
    assert exc.value.messages == ["此人已是在籍会员，不能重复入会"]
    assert Member.objects.filter(id_number_hash=application.id_number_hash).count() == 1


def test_approve_is_refused_when_the_phone_was_taken_by_an_account_meanwhile(
    world, django_capture_on_commit_callbacks
):
    application = _submit(world, django_capture_on_commit_callbacks)
    User.objects.filter(username="admin_b").update(phone=PHONE)
    with pytest.raises(ValidationError) as exc:
        join_application_approve(application=application, actor=world.org_admin)
    assert exc.value.messages == ["申请人的手机号已绑定其他账号，请驳回并请申请人更换手机号"]
    assert not Member.objects.filter(name="王小明").exists()


def test_a_returning_member_gets_the_old_account_back(world, django_capture_on_commit_callbacks):
    # given a former member (left) whose account has the same phone
    user, old = make_member_user(PHONE, world.org_b, name="王小明")
    Member.objects.filter(pk=old.pk).update(
        status=MemberStatus.LEFT, id_number_hash=_submit_hash(), id_number_masked="x"
    )
    application = _submit(world, django_capture_on_commit_callbacks)
    # when
    member = join_application_approve(application=application, actor=world.org_admin)
    # then
    assert member.user == user
    old.refresh_from_db()
    assert old.user is None
    assert set(RoleGrant.objects.filter(user=user).values_list("org__code", flat=True)) == {"ORGB", "ORGA"}


def _submit_hash() -> str:
    from gonghui.accounts.identity import identifier_hash

    return identifier_hash(IdType.RESIDENT, ID_NUMBER)

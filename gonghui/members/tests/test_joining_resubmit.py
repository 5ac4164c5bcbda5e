"""Online joining after a refusal: rejection with a signed link, the applicant's unlock and resubmission, withdrawal;
and the demo seed."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.accounts.choices import Gender
from gonghui.accounts.identity import decrypt_identifier
from gonghui.core.channels import ConsoleSmsBackend
from gonghui.core.timeline import timeline_for
from gonghui.members import demo
from gonghui.members.choices import (
    JoinStatus,
)
from gonghui.members.models import JoinApplication
from gonghui.members.selectors import (
    join_application_for_token,
    join_application_list_for_user,
    join_pending_count,
    join_resubmit_token,
)
from gonghui.members.services import (
    join_application_approve,
    join_application_reject,
    join_application_resubmit,
    join_resubmit_unlock,
    joining,
)
from gonghui.members.tests.test_joining_factories import make_join_application
from gonghui.members.tests.test_joining_services import (
    ID_NUMBER,
    NOW,
    PHONE,
    _applicant,
    _code,
    _errors,
    _sms_texts,
    _submit,
    _submit_hash,
)
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory


@pytest.fixture(autouse=True)
def _outbox():
    ConsoleSmsBackend.outbox.clear()
    yield
    ConsoleSmsBackend.outbox.clear()


# --- rejecting and resubmitting ---------------------------------------------------------------------------


def test_reject_requires_a_reason(world, django_capture_on_commit_callbacks):
    application = _submit(world, django_capture_on_commit_callbacks)
    found = _errors(
        lambda: join_application_reject(application=application, actor=world.org_admin, reason="  ")
    )
    assert found == {"reason": ["请填写驳回原因"]}
    found = _errors(
        lambda: join_application_reject(application=application, actor=world.org_admin, reason="长" * 201)
    )
    assert found == {"reason": ["驳回原因不能超过200字"]}


def test_reject_records_the_reason_and_texts_a_signed_link(world, django_capture_on_commit_callbacks):
    # given
    application = _submit(world, django_capture_on_commit_callbacks)
    ConsoleSmsBackend.outbox.clear()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        join_application_reject(
            application=application,
            actor=world.org_admin,
            reason="工作单位填写有误",
            link_base="https://gh.example/",
        )
    # then
    application.refresh_from_db()
    assert (application.status, application.reject_reason, application.reviewed_by) == (
        JoinStatus.REJECTED,
        "工作单位填写有误",
        world.org_admin,
    )
    entry = timeline_for(application).last()
    assert entry is not None
    assert (entry.action, entry.note, entry.actor) == ("reject", "工作单位填写有误", world.org_admin)
    [text] = _sms_texts(PHONE)
    link = re.search(r"https://gh\.example(/members/join/resubmit/([^/]+)/)", text)
    assert text.startswith(
        "【智慧工会】您申请加入甲县第一中学工会的入会申请未通过，原因：工作单位填写有误。请修改后重新提交："
    )
    assert link is not None
    assert join_application_for_token(link.group(2)) == application


def test_reject_is_refused_to_the_outsider(world, django_capture_on_commit_callbacks):
    application = _submit(world, django_capture_on_commit_callbacks)
    with pytest.raises(PermissionDenied):
        join_application_reject(application=application, actor=world.outsider, reason="不符合条件")
    application.refresh_from_db()
    assert application.status == JoinStatus.SUBMITTED


def test_resubmit_tokens_are_signed_and_expire(world):
    application = make_join_application(world.org_a, status=JoinStatus.REJECTED)
    with time_machine.travel(NOW, tick=False) as traveller:
        token = join_resubmit_token(application)
        assert join_application_for_token(token) == application
        assert join_application_for_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
        assert join_application_for_token(signing.dumps(application.public_id.hex)) is None
        traveller.shift(dt.timedelta(days=31))
        assert join_application_for_token(token) is None


def _rejected(world, capture) -> JoinApplication:
    application = _submit(world, capture)
    return join_application_reject(application=application, actor=world.org_admin, reason="岗位填写有误")


def test_the_applicant_unlocks_with_the_phone_on_file_and_resubmits(
    world, django_capture_on_commit_callbacks
):
    # given
    application = _rejected(world, django_capture_on_commit_callbacks)
    join_resubmit_unlock(application=application, sms_code=_code(django_capture_on_commit_callbacks))
    # when the ID number is left blank (kept) and the phone is unchanged (proven by the unlock)
    resubmitted = join_application_resubmit(
        application=application,
        applicant=_applicant(id_number="", position_title="物理教师"),
        phone_proven=True,
    )
    # then
    resubmitted.refresh_from_db()
    assert (resubmitted.status, resubmitted.position_title, resubmitted.reject_reason) == (
        JoinStatus.SUBMITTED,
        "物理教师",
        "",
    )
    assert decrypt_identifier(resubmitted.id_number_encrypted) == ID_NUMBER
    assert [(e.action, e.from_state, e.to_state) for e in timeline_for(resubmitted)] == [
        ("submit", "", "submitted"),
        ("reject", "submitted", "rejected"),
        ("resubmit", "rejected", "submitted"),
    ]


def test_unlock_needs_the_right_code(world, django_capture_on_commit_callbacks):
    application = _rejected(world, django_capture_on_commit_callbacks)
    code = _code(django_capture_on_commit_callbacks)
    wrong = "000000" if code != "000000" else "111111"
    assert _errors(lambda: join_resubmit_unlock(application=application, sms_code=wrong)) == {
        "sms_code": ["验证码不正确"]
    }


def test_a_new_phone_on_resubmission_needs_its_own_code(world, django_capture_on_commit_callbacks):
    application = _rejected(world, django_capture_on_commit_callbacks)
    found = _errors(
        lambda: join_application_resubmit(
            application=application, applicant=_applicant(phone="13655558888"), phone_proven=True
        )
    )
    assert found == {"sms_code": ["验证码已过期或不存在，请重新获取"]}
    resubmitted = join_application_resubmit(
        application=application,
        applicant=_applicant(phone="13655558888"),
        sms_code=_code(django_capture_on_commit_callbacks, "13655558888"),
        phone_proven=True,
    )
    assert resubmitted.phone == "13655558888"


def test_resubmission_is_checked_like_a_new_application(world, django_capture_on_commit_callbacks):
    application = _rejected(world, django_capture_on_commit_callbacks)
    found = _errors(
        lambda: join_application_resubmit(
            application=application, applicant=_applicant(gender=Gender.FEMALE), phone_proven=True
        )
    )
    assert found == {"gender": ["身份证号第17位表示性别为男，与所填性别不一致"]}


def test_only_a_rejected_application_can_be_resubmitted(world, django_capture_on_commit_callbacks):
    application = _submit(world, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as exc:
        join_application_resubmit(application=application, applicant=_applicant(), phone_proven=True)
    assert exc.value.messages == ["当前状态“待审批”下不能执行“修改后重新提交”"]


def test_resubmission_is_refused_when_another_application_is_open(world, django_capture_on_commit_callbacks):
    # given the person applied again elsewhere after the rejection
    application = _rejected(world, django_capture_on_commit_callbacks)
    make_join_application(world.org_b, n=1, phone="13600000002")
    # when
    found = _errors(
        lambda: join_application_resubmit(application=application, applicant=_applicant(), phone_proven=True)
    )
    # then
    assert found == {"id_number": ["该证件号码已有待审批的入会申请，请等待审批结果"]}


# --- demo data --------------------------------------------------------------------------------------------


def test_the_demo_seeder_is_idempotent(world):
    for n in range(4):
        OrgFactory.create(parent=world.county_y, code=f"D{n}", level=OrgLevel.GRASSROOTS)
    first = demo.seed_join_applications()
    count = JoinApplication.objects.count()
    second = demo.seed_join_applications()
    assert first == f"待审批的网上入会申请 {count} 份"
    assert count == 6
    assert second == "网上入会申请已存在，跳过"
    assert JoinApplication.objects.count() == count
    assert set(JoinApplication.objects.values_list("status", flat=True)) == {JoinStatus.SUBMITTED}


# --- withdrawing ------------------------------------------------------------------------------------------


def test_the_applicant_withdraws_a_pending_application_with_the_code_of_the_phone_on_file(
    world, django_capture_on_commit_callbacks
):
    # given
    application = _submit(world, django_capture_on_commit_callbacks)
    assert join_pending_count(user=world.org_admin, org=None) == 1
    # when
    withdrawn = joining.join_application_withdraw(
        application=application, sms_code=_code(django_capture_on_commit_callbacks), reason=" 已换工作 "
    )
    # then
    application.refresh_from_db()
    assert withdrawn.status == application.status == JoinStatus.WITHDRAWN
    entry = timeline_for(application).last()
    assert entry is not None
    assert (entry.action, entry.from_state, entry.to_state, entry.actor, entry.note) == (
        "withdraw",
        "submitted",
        "withdrawn",
        None,
        "已换工作",
    )
    assert join_pending_count(user=world.org_admin, org=None) == 0
    assert join_application_list_for_user(user=world.org_admin, status=JoinStatus.SUBMITTED).count() == 0


def test_a_rejected_application_may_be_withdrawn_without_a_reason(world, django_capture_on_commit_callbacks):
    application = _rejected(world, django_capture_on_commit_callbacks)
    joining.join_application_withdraw(
        application=application, sms_code=_code(django_capture_on_commit_callbacks)
    )
    application.refresh_from_db()
    assert application.status == JoinStatus.WITHDRAWN
    entry = timeline_for(application).last()
    assert entry is not None
    assert (entry.from_state, entry.note) == ("rejected", "申请人撤回入会申请")


def test_an_unlocked_rejected_application_is_withdrawn_without_a_second_code(
    world, django_capture_on_commit_callbacks
):
    application = _rejected(world, django_capture_on_commit_callbacks)
    join_resubmit_unlock(application=application, sms_code=_code(django_capture_on_commit_callbacks))
    joining.join_application_withdraw(application=application, phone_proven=True)
    application.refresh_from_db()
    assert application.status == JoinStatus.WITHDRAWN


@pytest.mark.parametrize("status", [JoinStatus.APPROVED, JoinStatus.WITHDRAWN])
def test_only_pending_or_rejected_applications_can_be_withdrawn(world, status):
    application = make_join_application(world.org_a, status=status)
    with pytest.raises(ValidationError) as exc:
        joining.join_application_withdraw(application=application, phone_proven=True)
    assert exc.value.messages == [f"当前状态“{JoinStatus(status).label}”下不能执行“撤回”"]
    application.refresh_from_db()
    assert application.status == status


def test_withdrawing_needs_the_right_code_of_the_phone_on_file(world, django_capture_on_commit_callbacks):
    # given an application and a code sent to another phone
    application = _submit(world, django_capture_on_commit_callbacks)
    other = _code(django_capture_on_commit_callbacks, "13655558888")
    # then neither a missing code, nor another phone's code, nor a wrong one withdraws it
    assert _errors(lambda: joining.join_application_withdraw(application=application)) == {
        "sms_code": ["验证码已过期或不存在，请重新获取"]
    }
    assert _errors(lambda: joining.join_application_withdraw(application=application, sms_code=other)) == {
        "sms_code": ["验证码已过期或不存在，请重新获取"]
    }
    code = _code(django_capture_on_commit_callbacks)
    wrong = "000000" if code != "000000" else "111111"
    assert _errors(lambda: joining.join_application_withdraw(application=application, sms_code=wrong)) == {
        "sms_code": ["验证码不正确"]
    }
    application.refresh_from_db()
    assert application.status == JoinStatus.SUBMITTED


def test_a_too_long_withdraw_reason_is_refused_before_the_code_is_used(
    world, django_capture_on_commit_callbacks
):
    application = _submit(world, django_capture_on_commit_callbacks)
    code = _code(django_capture_on_commit_callbacks)
    found = _errors(
        lambda: joining.join_application_withdraw(application=application, sms_code=code, reason="长" * 201)
    )
    assert found == {"reason": ["撤回原因不能超过200字"]}
    joining.join_application_withdraw(application=application, sms_code=code)  # the code is still good
    application.refresh_from_db()
    assert application.status == JoinStatus.WITHDRAWN


def test_a_withdrawn_application_frees_the_id_number_for_a_new_one(world, django_capture_on_commit_callbacks):
    # given a pending application: a second one is refused, by the service and by the database
    application = _submit(world, django_capture_on_commit_callbacks)
    assert _errors(lambda: _submit(world, django_capture_on_commit_callbacks, org=world.org_b)) == {
        "id_number": ["该证件号码已有待审批的入会申请，请等待审批结果"]
    }
    # when it is withdrawn
    joining.join_application_withdraw(application=application, phone_proven=True)
    # then the same person applies again, and the database holds both rows
    again = _submit(world, django_capture_on_commit_callbacks, org=world.org_b)
    assert again.status == JoinStatus.SUBMITTED
    assert sorted(
        JoinApplication.objects.filter(id_number_hash=_submit_hash()).values_list("status", flat=True)
    ) == [JoinStatus.SUBMITTED, JoinStatus.WITHDRAWN]
    # and the withdrawn one may not come back by resubmission or approval
    with pytest.raises(ValidationError):
        join_application_resubmit(application=application, applicant=_applicant(), phone_proven=True)
    with pytest.raises(ValidationError):
        join_application_approve(application=application, actor=world.org_admin)

"""Services of 法律服务: consultations, legal-aid applications with their working-day review period, the
律师库, notifications and the timeline."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_cadre
from gonghui.accounts.models import RoleGrant, User
from gonghui.attachments.models import Attachment
from gonghui.core.audit import AuditContext
from gonghui.core.models import AuditLog, NumberSequence
from gonghui.core.timeline import timeline_for
from gonghui.legal.choices import AidOutcome, AidStatus, ConsultationStatus, DisputeType, LegalCategory
from gonghui.legal.models import Consultation, Lawyer, LegalAidApplication
from gonghui.legal.selectors import member_target_orgs, review_due_date
from gonghui.legal.services import (
    AidRequest,
    Question,
    aid_approve,
    aid_close,
    aid_reassign,
    aid_record,
    aid_reject,
    aid_submit,
    consultation_answer,
    consultation_assign,
    consultation_publish,
    consultation_record,
    consultation_submit,
    consultation_unpublish,
    lawyer_create,
    lawyer_set_active,
    lawyer_update,
)
from gonghui.notifications.models import Notification

from .factories import make_application, make_consultation, make_lawyer

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
QUESTION = Question(LegalCategory.WAGES, "拖欠工资", "学校食堂拖欠我两个月工资怎么办", True)
AID = AidRequest(DisputeType.WAGES, Decimal("12000.50"), "某餐饮公司", "拖欠工资两个月", "工资条\n考勤记录")


def _actions(obj):
    return [e.action for e in timeline_for(obj)]


# --- 法律咨询 ---------------------------------------------------------------------------------------------


def test_member_asks_their_own_union_by_default_and_gets_a_number(world):
    # when
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=TZ), tick=False):
        consultation = consultation_submit(
            member=world.member_a, org=world.org_a, question=QUESTION, actor=world.org_member
        )
    # then
    assert consultation.number == "ZX-2026-00001"
    assert (consultation.org, consultation.member, consultation.asker_name) == (
        world.org_a,
        world.member_a,
        "甲会员",
    )
    assert consultation.status == ConsultationStatus.PENDING
    assert _actions(consultation) == ["submit"]


def test_member_may_address_the_union_above_but_not_another_union(world):
    # then: own union first, then 甲县 and the city
    assert [o.code for o in member_target_orgs(world.member_a)] == ["ORGA", "CX", "CITY"]
    consultation = consultation_submit(
        member=world.member_a, org=world.county_x, question=QUESTION, actor=world.org_member
    )
    assert consultation.org == world.county_x
    with pytest.raises(ValidationError) as exc:
        consultation_submit(member=world.member_a, org=world.org_b, question=QUESTION, actor=world.org_member)
    assert exc.value.message_dict == {"org": ["只能向本人所在工会或其上级工会提出"]}
    assert Consultation.objects.count() == 1


def test_a_handler_records_a_phone_consultation_only_for_their_unions(world, handler_a, handler_b):
    # when
    consultation = consultation_record(
        org=world.org_a,
        asker_name="来电职工",
        asker_phone="13912345678",
        channel="phone",
        question=QUESTION,
        actor=handler_a,
    )
    # then
    assert (consultation.channel, consultation.member, consultation.created_by) == ("phone", None, handler_a)
    with pytest.raises(PermissionDenied):
        consultation_record(
            org=world.org_a,
            asker_name="x",
            asker_phone="",
            channel="phone",
            question=QUESTION,
            actor=handler_b,
        )
    with pytest.raises(ValidationError) as exc:
        consultation_record(
            org=world.org_a,
            asker_name="",
            asker_phone="",
            channel="phone",
            question=QUESTION,
            actor=handler_a,
        )
    assert exc.value.message_dict == {"asker_name": ["请填写咨询人"]}
    assert Consultation.objects.count() == 1


def test_a_recorded_case_is_linked_to_the_member_with_that_phone(world, handler_a):
    # when the cadre records a call from member A's phone, and one from an unknown number
    linked = consultation_record(
        org=world.org_a,
        asker_name="甲会员",
        asker_phone=world.member_a.phone,
        channel="phone",
        question=QUESTION,
        actor=handler_a,
    )
    unknown = aid_record(
        org=world.org_a,
        applicant_name="来访职工",
        applicant_phone="13911112222",
        channel="visit",
        request=AID,
        files=[],
        actor=handler_a,
    )
    # then
    assert (linked.member, unknown.member) == (world.member_a, None)


def test_empty_question_names_the_field(world):
    with pytest.raises(ValidationError) as exc:
        consultation_submit(
            member=world.member_a,
            org=world.org_a,
            question=Question("wages", "标题", "  "),
            actor=world.org_member,
        )
    assert exc.value.message_dict == {"question": ["请填写问题"]}


def test_assign_a_lawyer_from_above_notifies_the_lawyer(world, handler_a, lawyer_city):
    # given
    consultation = make_consultation(world.org_a, member=world.member_a)
    # when
    consultation_assign(consultation=consultation, lawyer=lawyer_city, actor=handler_a)
    # then
    consultation.refresh_from_db()
    assert consultation.assigned_lawyer == lawyer_city
    assert _actions(consultation) == ["assign"]
    note = Notification.objects.get(recipient=lawyer_city.user)
    assert note.title == "新的法律咨询待解答"
    assert note.url == f"/legal/assigned/consultations/{consultation.public_id}/"


@pytest.mark.parametrize(
    ("_case", "lawyer_kind", "error"),
    [
        ("lawyer of another subtree", "org_b", "该律师不在本工会可用的律师库中或已停用"),
        ("deactivated lawyer", "inactive", "该律师不在本工会可用的律师库中或已停用"),
        ("lawyer without a login", "no_user", "该律师尚未开通登录账号，无法查看指派的案件"),
    ],
)
def test_assign_refuses_lawyers_the_union_cannot_use(world, handler_a, _case, lawyer_kind, error):
    # given
    lawyer = {
        "org_b": lambda: make_lawyer(world.org_b),
        "inactive": lambda: make_lawyer(world.org_a, active=False),
        "no_user": lambda: make_lawyer(world.org_a, with_user=False),
    }[lawyer_kind]()
    consultation = make_consultation(world.org_a)
    # when
    with pytest.raises(ValidationError) as exc:
        consultation_assign(consultation=consultation, lawyer=lawyer, actor=handler_a)
    # then
    assert exc.value.message_dict == {"lawyer": [error]}
    consultation.refresh_from_db()
    assert consultation.assigned_lawyer is None


def test_the_handler_answers_and_the_member_is_told(world, handler_a):
    # given
    consultation = make_consultation(world.org_a, member=world.member_a)
    # when
    consultation_answer(consultation=consultation, answer="可申请劳动仲裁", actor=handler_a)
    # then
    consultation.refresh_from_db()
    assert (consultation.status, consultation.answer, consultation.answered_by) == (
        ConsultationStatus.ANSWERED,
        "可申请劳动仲裁",
        handler_a,
    )
    assert _actions(consultation) == ["answer"]
    assert Notification.objects.get(recipient=world.org_member).title == "您的法律咨询已解答"


def test_only_the_assigned_lawyer_answers(world, lawyer_a, lawyer_city):
    # given
    consultation = make_consultation(world.org_a, lawyer=lawyer_a)
    # when another lawyer tries
    with pytest.raises(PermissionDenied):
        consultation_answer(consultation=consultation, answer="答复", actor=lawyer_city.user)
    # then the assigned one may
    consultation_answer(consultation=consultation, answer="答复", actor=lawyer_a.user)
    consultation.refresh_from_db()
    assert (consultation.status, consultation.answered_by) == (ConsultationStatus.ANSWERED, lawyer_a.user)


def test_outsider_cannot_answer(world, handler_b):
    consultation = make_consultation(world.org_a)
    with pytest.raises(PermissionDenied):
        consultation_answer(consultation=consultation, answer="答复", actor=handler_b)
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.PENDING


def test_publish_needs_consent(world, handler_a):
    consultation = make_consultation(world.org_a, status=ConsultationStatus.ANSWERED, consent=False)
    with pytest.raises(ValidationError) as exc:
        consultation_publish(consultation=consultation, title="t", question="q", actor=handler_a)
    assert exc.value.messages == ["咨询人未同意匿名公开，不能公开"]


@pytest.mark.parametrize(
    ("_case", "text", "found"),
    [
        ("asker's name", "甲会员问：拖欠工资怎么办", "甲会员"),
        ("the union's name", "甲县第一中学工会的职工被拖欠工资", "甲县第一中学工会"),
        ("the unit", "我在甲县第一中学工作，被拖欠工资", "甲县第一中学"),
    ],
)
def test_publish_refuses_identifying_text(world, handler_a, _case, text, found):
    # given
    consultation = make_consultation(world.org_a, member=world.member_a, status=ConsultationStatus.ANSWERED)
    # when
    with pytest.raises(ValidationError) as exc:
        consultation_publish(consultation=consultation, title="拖欠工资", question=text, actor=handler_a)
    # then
    assert found in exc.value.message_dict["published_question"][0]
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.ANSWERED


def test_an_identifying_answer_must_be_edited_before_publishing(world, handler_a):
    # given: the answer names the member's union
    consultation = make_consultation(
        world.org_a,
        member=world.member_a,
        status=ConsultationStatus.ANSWERED,
        answer="请到甲县第一中学工会登记",
    )
    # when the handler keeps the answer as it is
    with pytest.raises(ValidationError) as exc:
        consultation_publish(
            consultation=consultation, title="拖欠工资", question="某职工被拖欠工资", actor=handler_a
        )
    assert exc.value.message_dict == {
        "published_answer": ["含有可识别身份的信息：甲县第一中学、甲县第一中学工会，请删改后再公开"]
    }
    # then an edited answer is published, the original stays for the asker
    consultation_publish(
        consultation=consultation,
        title="拖欠工资",
        question="某职工被拖欠工资",
        answer="请到本单位工会登记",
        actor=handler_a,
    )
    consultation.refresh_from_db()
    assert (consultation.published_answer, consultation.answer) == (
        "请到本单位工会登记",
        "请到甲县第一中学工会登记",
    )


def test_publish_and_withdraw(world, handler_a):
    # given
    consultation = make_consultation(world.org_a, member=world.member_a, status=ConsultationStatus.ANSWERED)
    # when
    consultation_publish(
        consultation=consultation, title="拖欠工资怎么办", question="某职工被拖欠工资", actor=handler_a
    )
    # then
    consultation.refresh_from_db()
    assert (consultation.status, consultation.published_question) == (
        ConsultationStatus.PUBLISHED,
        "某职工被拖欠工资",
    )
    with pytest.raises(ValidationError):
        consultation_unpublish(consultation=consultation, reason=" ", actor=handler_a)
    consultation_unpublish(consultation=consultation, reason="内容过时", actor=handler_a)
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.ANSWERED
    assert _actions(consultation) == ["publish", "unpublish"]


# --- 法律援助申请 -----------------------------------------------------------------------------------------


def test_review_is_due_ten_working_days_later_across_national_day():
    # 2026: 10/1–10/7 holiday, Saturday 10/10 a make-up working day
    assert review_due_date(dt.date(2026, 9, 29)) == dt.date(2026, 10, 19)
    # an ordinary fortnight
    assert review_due_date(dt.date(2026, 3, 2)) == dt.date(2026, 3, 16)


def test_member_applies_with_income_proofs(world):
    # given
    proof = SimpleUploadedFile("收入证明.pdf", PDF, content_type="application/pdf")
    # when
    with time_machine.travel(dt.datetime(2026, 9, 29, 10, tzinfo=TZ), tick=False):
        application = aid_submit(
            member=world.member_a, org=world.org_a, request=AID, files=[proof], actor=world.org_member
        )
    # then
    assert application.number == "FY-2026-00001"
    assert (application.submitted_on, application.review_due_on) == (
        dt.date(2026, 9, 29),
        dt.date(2026, 10, 19),
    )
    assert (application.applicant_name, application.amount_involved) == ("甲会员", Decimal("12000.50"))
    assert Attachment.objects.get().original_name == "收入证明.pdf"
    assert _actions(application) == ["submit"]


def test_a_bad_proof_file_is_named_and_nothing_is_written(world):
    # given
    good = SimpleUploadedFile("a.pdf", PDF)
    bad = SimpleUploadedFile("b.pdf", b"not a pdf at all")
    # when
    with pytest.raises(ValidationError) as exc:
        aid_submit(
            member=world.member_a, org=world.org_a, request=AID, files=[good, bad], actor=world.org_member
        )
    # then
    assert exc.value.message_dict == {
        "income_proofs": ["第2个文件“b.pdf”：文件内容与扩展名 .pdf 不符，请检查文件"]
    }
    assert LegalAidApplication.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert NumberSequence.objects.count() == 0


def test_a_handler_records_an_application(world, handler_a):
    application = aid_record(
        org=world.org_a,
        applicant_name="来访职工",
        applicant_phone="13900001111",
        channel="visit",
        request=AID,
        files=[],
        actor=handler_a,
    )
    assert (application.channel, application.member, application.status) == (
        "visit",
        None,
        AidStatus.SUBMITTED,
    )
    with pytest.raises(ValidationError) as exc:
        aid_record(
            org=world.org_a,
            applicant_name="x",
            applicant_phone="1",
            channel="visit",
            request=AidRequest("nope", None, "某公司", "事实"),
            files=[],
            actor=handler_a,
        )
    assert exc.value.message_dict == {"dispute_type": ["请选择争议类型"]}


def test_approve_assigns_a_lawyer_counts_review_days_and_notifies(world, handler_a, lawyer_a):
    # given: applied on Tuesday 29 September 2026
    application = make_application(world.org_a, member=world.member_a, submitted_on=dt.date(2026, 9, 29))
    # when: approved on Friday 9 October (working days 9/30, 10/8, 10/9)
    with time_machine.travel(dt.datetime(2026, 10, 9, 15, tzinfo=TZ), tick=False):
        aid_approve(application=application, lawyer=lawyer_a, actor=handler_a)
    # then
    application.refresh_from_db()
    assert (application.status, application.assigned_lawyer, application.review_workdays) == (
        AidStatus.APPROVED,
        lawyer_a,
        3,
    )
    assert set(Notification.objects.values_list("recipient__username", "title")) == {
        (world.org_member.username, "法律援助申请已批准"),
        (lawyer_a.user.username, "新的法律援助案件"),
    }
    assert _actions(application) == ["approve"]


def test_approve_without_a_lawyer_or_by_an_outsider_changes_nothing(world, handler_a, handler_b, lawyer_a):
    application = make_application(world.org_a)
    with pytest.raises(ValidationError) as exc:
        aid_approve(application=application, lawyer=None, actor=handler_a)
    assert exc.value.message_dict == {"lawyer": ["请选择承办律师"]}
    with pytest.raises(PermissionDenied):
        aid_approve(application=application, lawyer=lawyer_a, actor=handler_b)
    application.refresh_from_db()
    assert (application.status, application.assigned_lawyer) == (AidStatus.SUBMITTED, None)


def test_reject_needs_a_reason(world, handler_a):
    application = make_application(world.org_a, member=world.member_a)
    with pytest.raises(ValidationError) as exc:
        aid_reject(application=application, reason="", actor=handler_a)
    assert exc.value.message_dict == {"reason": ["请填写不予援助的理由"]}
    aid_reject(application=application, reason="收入高于援助标准", actor=handler_a)
    application.refresh_from_db()
    assert (application.status, application.reject_reason) == (AidStatus.REJECTED, "收入高于援助标准")
    assert Notification.objects.get(recipient=world.org_member).title == "法律援助申请未获批准"


def test_the_assigned_lawyer_records_the_outcome(world, lawyer_a, lawyer_city):
    # given
    application = make_application(
        world.org_a, member=world.member_a, status=AidStatus.APPROVED, lawyer=lawyer_a
    )
    # when another lawyer tries, then the assigned one
    with pytest.raises(PermissionDenied):
        aid_close(
            application=application,
            outcome="mediated",
            amount_recovered=None,
            note="",
            actor=lawyer_city.user,
        )
    aid_close(
        application=application,
        outcome=AidOutcome.MEDIATED,
        amount_recovered=Decimal("8000"),
        note="双方调解",
        actor=lawyer_a.user,
    )
    # then
    application.refresh_from_db()
    assert (application.status, application.outcome, application.amount_recovered) == (
        AidStatus.CLOSED,
        AidOutcome.MEDIATED,
        Decimal("8000.00"),
    )
    entry = timeline_for(application).get()
    assert entry.note == "调解成功，挽回金额 8000 元；双方调解"
    assert Notification.objects.get(recipient=world.org_member).title == "法律援助案件已结案"


def test_outcome_needs_a_valid_choice(world, handler_a, lawyer_a):
    application = make_application(world.org_a, status=AidStatus.APPROVED, lawyer=lawyer_a)
    with pytest.raises(ValidationError) as exc:
        aid_close(application=application, outcome="", amount_recovered=None, note="", actor=handler_a)
    assert exc.value.message_dict == {"outcome": ["请选择办理结果"]}


def test_reassign_changes_the_lawyer(world, handler_a, lawyer_a, lawyer_city):
    application = make_application(world.org_a, status=AidStatus.APPROVED, lawyer=lawyer_a)
    aid_reassign(application=application, lawyer=lawyer_city, actor=handler_a, note="律师出差")
    application.refresh_from_db()
    assert application.assigned_lawyer == lawyer_city
    assert (
        timeline_for(application).get().note
        == "甲律师（测试律师事务所） → 市律师（测试律师事务所）；律师出差"
    )


# --- 律师库 -----------------------------------------------------------------------------------------------


def test_a_handler_registers_a_lawyer_without_an_account(world, handler_a):
    data = {
        "name": "王律师",
        "firm": "某所",
        "licence_number": "14108201810012345",
        "phone": "0391",
        "specialties": "",
    }
    lawyer, temporary = lawyer_create(context=AuditContext(), org=world.org_a, data=data, actor=handler_a)
    assert (lawyer.org, lawyer.user, temporary) == (world.org_a, None, "")
    with pytest.raises(ValidationError) as exc:
        lawyer_create(context=AuditContext(), org=world.org_a, data=data, actor=handler_a)
    assert exc.value.message_dict == {"licence_number": ["该执业证号已在律师库中登记"]}
    with pytest.raises(ValidationError) as exc:
        lawyer_create(
            context=AuditContext(),
            org=world.org_a,
            data={**data, "licence_number": "14108201810099999"},
            actor=handler_a,
            username="lvshi",
        )
    assert exc.value.message_dict == {"username": ["开通登录账号需要账号管理权限，请联系工会管理员"]}
    assert AuditLog.objects.filter(summary__startswith="律师库登记").count() == 1
    assert not User.objects.filter(username="lvshi").exists()


def test_an_admin_opens_the_lawyer_account_with_the_lawyer_role(world):
    # given: org A's admin who also holds the legal role
    RoleGrant.objects.create(user=world.org_admin, role="legal_handler", org=world.org_a)
    data = {
        "name": "王律师",
        "firm": "某所",
        "licence_number": "14108201810012345",
        "phone": "0391",
        "specialties": "",
    }
    # when
    lawyer, temporary = lawyer_create(
        context=AuditContext(), org=world.org_a, data=data, actor=world.org_admin, username="lvshi_wang"
    )
    # then
    user = User.objects.get(username="lvshi_wang")
    assert lawyer.user == user
    assert list(user.grants.values_list("role", "org__code")) == [("lawyer", "ORGA")]
    assert user.check_password(temporary)


def test_lawyer_of_another_union_cannot_be_managed(world, handler_b, lawyer_a):
    with pytest.raises(PermissionDenied):
        lawyer_update(context=AuditContext(), lawyer=lawyer_a, data={"name": "x"}, actor=handler_b)
    with pytest.raises(PermissionDenied):
        lawyer_set_active(context=AuditContext(), lawyer=lawyer_a, active=False, reason="x", actor=handler_b)


def test_deactivated_lawyer_keeps_their_cases_but_gets_no_new_ones(world, handler_a, lawyer_a):
    # given
    assigned = make_consultation(world.org_a, lawyer=lawyer_a)
    # when
    with pytest.raises(ValidationError):
        lawyer_set_active(context=AuditContext(), lawyer=lawyer_a, active=False, reason="", actor=handler_a)
    lawyer_set_active(
        context=AuditContext(), lawyer=lawyer_a, active=False, reason="合作到期", actor=handler_a
    )
    # then
    lawyer_a.refresh_from_db()
    assert lawyer_a.active is False
    with pytest.raises(ValidationError):
        consultation_assign(consultation=make_consultation(world.org_a), lawyer=lawyer_a, actor=handler_a)
    consultation_answer(consultation=assigned, answer="仍可解答", actor=lawyer_a.user)
    assert Lawyer.objects.filter(pk=lawyer_a.pk).exists()


def test_lawyer_update_records_what_changed(world, handler_a, lawyer_a):
    data = {
        "name": "甲律师",
        "firm": "新律师事务所",
        "licence_number": lawyer_a.licence_number,
        "phone": "0391",
        "specialties": "劳动争议",
    }
    lawyer_update(context=AuditContext(), lawyer=lawyer_a, data=data, actor=handler_a)
    lawyer_a.refresh_from_db()
    assert (lawyer_a.firm, lawyer_a.phone) == ("新律师事务所", "0391")
    assert timeline_for(lawyer_a).get().note == "修改了：执业机构、联系电话"


def test_lawyers_are_shared_down_the_tree(world, handler_b, lawyer_a, lawyer_city):
    # then org B's handler sees the city's lawyer, not org A's
    visible = set(Lawyer.objects.filter(Lawyer.visible_q(handler_b, "legal.view")))
    assert visible == {lawyer_city}


def test_second_numbers_follow_on(world):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=TZ), tick=False):
        first = aid_submit(
            member=world.member_a, org=world.org_a, request=AID, files=[], actor=world.org_member
        )
        second = aid_submit(
            member=world.member_a, org=world.org_a, request=AID, files=[], actor=world.org_member
        )
    assert (first.number, second.number) == ("FY-2026-00001", "FY-2026-00002")


def test_handler_fixture_is_a_console_user(world):
    handler = make_cadre("legal_x", world.org_a, role="legal_handler")
    assert handler.grants.get().role == "legal_handler"

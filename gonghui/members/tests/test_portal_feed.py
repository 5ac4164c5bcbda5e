"""Members in the member portal's shared pages: the receipts in 消息 when a member submits (入会, 会员卡, 转会,
信息更正), the 我的办理 sources (one query each) and the home's 待办 card (a returned application, a refused
correction, a card to collect) — each shown to the member it concerns only."""

import datetime as dt
import re

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from conftest import make_member_user
from gonghui.accounts.choices import Gender, IdType, SmsCodePurpose
from gonghui.accounts.identity import identifier_hash
from gonghui.accounts.models import SmsCode
from gonghui.core.channels import ConsoleSmsBackend
from gonghui.core.registry import member_requests, portal_cards
from gonghui.members.choices import CardStatus, CorrectionStatus, Employment, JoinStatus, MemberStatus
from gonghui.members.models import CardApplication, CorrectionRequest, JoinApplication, Member
from gonghui.members.selectors import (
    card_requests_for_user,
    correction_requests_for_user,
    join_requests_for_user,
    member_todo_items,
    request_reference,
    transfer_requests_for_user,
)
from gonghui.members.services import (
    JoinApplicant,
    card_apply,
    correction_request_reject,
    correction_request_submit,
    join_application_reject,
    join_application_submit,
    join_sms_code_request,
    transfer_request,
)
from gonghui.members.tests.test_joining_factories import applicant_id_number, make_join_application
from gonghui.notifications.models import Notification

PHONE = "13655556666"


@pytest.fixture(autouse=True)
def _outbox():
    ConsoleSmsBackend.outbox.clear()
    yield
    ConsoleSmsBackend.outbox.clear()


def _inbox(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user).order_by("id"))


def _join_code(capture, phone: str) -> str:
    SmsCode.objects.filter(phone=phone, purpose=SmsCodePurpose.JOIN).update(
        created_at=F("created_at") - dt.timedelta(minutes=2)
    )
    with capture(execute=True):
        join_sms_code_request(phone=phone)
    texts = [m.text for m in ConsoleSmsBackend.outbox if m.phone == phone]
    found = re.search(r"验证码为 (\d{6})", texts[-1])
    assert found is not None
    return found.group(1)


def _applicant(n: int = 1, phone: str = PHONE) -> JoinApplicant:
    return JoinApplicant(
        name="王小明",
        gender=Gender.MALE,
        birth_date=dt.date(1992, 4, 9),
        id_type=IdType.RESIDENT,
        id_number=applicant_id_number(n),
        phone=phone,
        employment=Employment.CONTRACT,
    )


# --- receipts ---------------------------------------------------------------------------------------------


def test_a_correction_request_puts_a_receipt_in_the_members_inbox(world):
    # when
    correction = correction_request_submit(
        member=world.member_a, actor=world.org_member, changes={"position_title": "高级教师"}
    )
    # then
    [receipt] = _inbox(world.org_member)
    assert receipt.title == "已收到您的信息更正申请"
    assert f"编号{request_reference(correction)}" in receipt.body
    assert "更正岗位/职称" in receipt.body
    assert receipt.url == reverse("members:correction_mine")
    assert receipt.category == "members.correction"
    assert ConsoleSmsBackend.outbox == []  # inbox only


def test_a_transfer_request_puts_a_receipt_in_the_members_inbox(world, django_capture_on_commit_callbacks):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        transfer = transfer_request(member=world.member_a, actor=world.org_member, to_org=world.org_b)
    # then
    receipts = [n for n in _inbox(world.org_member) if n.title == "已收到您的转会申请"]
    assert len(receipts) == 1
    assert f"编号{request_reference(transfer)}，转至乙县人民医院工会" in receipts[0].body
    assert "转出工会和转入工会依次审批" in receipts[0].body
    assert receipts[0].url == reverse("members:transfer_mine")
    assert ConsoleSmsBackend.outbox == []


def test_a_transfer_the_union_requests_puts_no_receipt_in_anyones_inbox(world):
    # when the union asks on the member's behalf
    transfer_request(member=world.member_a, actor=world.org_admin, to_org_outside="外省某中学")
    # then
    assert not Notification.objects.filter(title="已收到您的转会申请").exists()


def test_a_card_application_puts_a_receipt_in_the_members_inbox(world):
    # when
    application = card_apply(member=world.member_a, actor=world.org_member, mailing_address="学校工会办公室")
    # then
    [receipt] = _inbox(world.org_member)
    assert receipt.title == "已收到您的会员卡新办申请"
    assert f"编号{request_reference(application)}" in receipt.body
    assert receipt.url == reverse("members:card_mine")
    assert receipt.category == "members.card"


def test_a_card_the_union_applies_for_puts_no_receipt(world):
    card_apply(member=world.member_a, actor=world.org_admin)
    assert not Notification.objects.exists()


def test_a_join_application_of_a_former_member_puts_a_receipt_in_their_inbox(
    world, django_capture_on_commit_callbacks
):
    # given a former member whose account has the applicant's phone
    user, old = make_member_user(PHONE, world.org_b, name="王小明")
    Member.objects.filter(pk=old.pk).update(
        status=MemberStatus.LEFT, id_number_hash=identifier_hash(IdType.RESIDENT, applicant_id_number(1))
    )
    # when
    application = join_application_submit(
        org=world.org_a,
        applicant=_applicant(),
        sms_code=_join_code(django_capture_on_commit_callbacks, PHONE),
        privacy_accepted_at=timezone.now(),
    )
    # then
    [receipt] = _inbox(user)
    assert receipt.title == "已收到您的入会申请"
    assert f"编号{application.public_id.hex[:8].upper()}，申请加入甲县第一中学工会" in receipt.body
    assert receipt.url.startswith("/members/join/resubmit/")
    # and the link opens the applicant's own page of it (the same signed value; the signature's timestamp may be a
    # second later)
    assert join_requests_for_user(user)[0].url.split(":")[0] == receipt.url.split(":")[0]


def test_a_join_application_without_an_account_has_no_inbox_to_go_to(
    world, django_capture_on_commit_callbacks
):
    join_application_submit(
        org=world.org_a,
        applicant=_applicant(),
        sms_code=_join_code(django_capture_on_commit_callbacks, PHONE),
        privacy_accepted_at=timezone.now(),
    )
    assert not Notification.objects.exists()


# --- 我的办理 ---------------------------------------------------------------------------------------------


def test_members_register_one_request_source_per_kind():
    assert {s.key: s.label for s in member_requests if s.key.startswith("members.")} == {
        "members.join": "入会",
        "members.card": "会员卡",
        "members.transfer": "转会",
        "members.correction": "信息更正",
    }


def test_the_request_lists_hold_the_users_own_rows_with_chinese_states(world):
    # given one of each for member A and for another member
    other_user, other = make_member_user("13700009999", world.org_a, name="乙")
    card_apply(member=world.member_a, actor=world.org_member)
    card_apply(member=other, actor=other_user)
    transfer_request(member=world.member_a, actor=world.org_member, to_org=world.org_b)
    correction = correction_request_submit(
        member=world.member_a, actor=world.org_member, changes={"position_title": "高级教师"}
    )
    correction_request_reject(correction=correction, actor=world.org_admin, reason="请附职称证书")
    # when
    cards = card_requests_for_user(world.org_member)
    transfers = transfer_requests_for_user(world.org_member)
    corrections = correction_requests_for_user(world.org_member)
    # then
    assert [(r.kind, r.title, r.status, r.next_step) for r in cards] == [
        ("会员卡", "新办会员卡", "已申请", "")
    ]
    assert [(r.title, r.status) for r in transfers] == [("转至乙县人民医院工会", "待转出方审批")]
    assert [(r.title, r.status, r.next_step) for r in corrections] == [
        ("更正岗位/职称", "未通过", "请修改后重新提交")
    ]
    assert corrections[0].url == reverse("members:correction_mine")
    # and nothing of member A for the other member or for a cadre
    assert len(card_requests_for_user(other_user)) == 1
    assert transfer_requests_for_user(other_user) == []
    for user in (world.org_admin, world.outsider):
        assert card_requests_for_user(user) == transfer_requests_for_user(user) == []
        assert correction_requests_for_user(user) == join_requests_for_user(user) == []


def test_join_applications_are_found_through_the_member_record_and_before_it_through_the_phone(world):
    # given the application that made member A, and a pending one with another account's phone
    made = make_join_application(world.org_a, n=3, phone=world.member_a.phone, status=JoinStatus.APPROVED)
    JoinApplication.objects.filter(pk=made.pk).update(member=world.member_a)
    rejoiner, old = make_member_user(PHONE, world.org_b, name="王小明")
    Member.objects.filter(pk=old.pk).update(status=MemberStatus.LEFT)
    make_join_application(world.org_a, n=4, phone=PHONE, status=JoinStatus.REJECTED, reject_reason="x")
    # when
    mine = join_requests_for_user(world.org_member)
    theirs = join_requests_for_user(rejoiner)
    # then
    assert [(r.title, r.status, r.next_step) for r in mine] == [("申请加入甲县第一中学工会", "已批准", "")]
    assert [(r.status, r.next_step) for r in theirs] == [("未通过", "请修改后重新提交")]
    assert join_requests_for_user(world.org_admin) == []


def test_each_members_source_reads_in_one_query(world, django_assert_num_queries):
    # given a few rows of every kind
    card_apply(member=world.member_a, actor=world.org_member)
    transfer_request(member=world.member_a, actor=world.org_member, to_org=world.org_b)
    for title in ("高级教师", "一级教师"):
        CorrectionRequest.objects.create(
            member=world.member_a, changes={"position_title": ["", title]}, status=CorrectionStatus.REJECTED
        )
    # when / then
    for source in (card_requests_for_user, transfer_requests_for_user, correction_requests_for_user):
        with django_assert_num_queries(1):
            assert source(world.org_member)
    with django_assert_num_queries(1):
        join_requests_for_user(world.org_member)


# --- the home's 待办 ------------------------------------------------------------------------------------------


def test_the_members_todo_card_is_registered():
    card = portal_cards.get("members.todo")
    assert (card.kind, card.items) == ("todo", member_todo_items)


def test_a_returned_join_application_is_a_todo_of_its_applicant_only(
    world, django_capture_on_commit_callbacks
):
    # given a former member's account and their application, rejected
    user, old = make_member_user(PHONE, world.org_b, name="王小明")
    Member.objects.filter(pk=old.pk).update(status=MemberStatus.LEFT)
    application = make_join_application(world.org_a, n=5, phone=PHONE)
    with django_capture_on_commit_callbacks(execute=True):
        join_application_reject(application=application, actor=world.org_admin, reason="单位填写有误")
    # when
    [item] = member_todo_items(user)
    # then
    assert item.title == "入会申请未通过：申请加入甲县第一中学工会"
    assert item.detail == "请修改后重新提交"
    assert item.url.startswith("/members/join/resubmit/")
    assert member_todo_items(world.org_member) == []
    assert member_todo_items(world.org_admin) == []


def test_a_refused_correction_is_a_todo_until_a_new_request_or_thirty_days(world):
    # given a refused correction of member A
    correction = correction_request_submit(
        member=world.member_a, actor=world.org_member, changes={"position_title": "高级教师"}
    )
    correction_request_reject(correction=correction, actor=world.org_admin, reason="请附职称证书")
    # when / then
    [item] = member_todo_items(world.org_member)
    assert (item.title, item.detail) == ("信息更正未通过：更正岗位/职称", "原因：请附职称证书")
    assert item.url == reverse("members:correction_mine")
    other_user, _other = make_member_user("13700009999", world.org_a, name="乙")
    assert member_todo_items(other_user) == []
    assert member_todo_items(world.org_admin) == []
    # thirty days on it is gone
    later = timezone.now() + dt.timedelta(days=31)
    assert member_todo_items(world.org_member, now=later) == []
    # and a new request takes its place
    correction_request_submit(
        member=world.member_a, actor=world.org_member, changes={"position_title": "一级"}
    )
    assert member_todo_items(world.org_member) == []


def test_a_made_card_is_a_todo_of_its_member(world):
    # given
    application = card_apply(member=world.member_a, actor=world.org_admin)
    CardApplication.objects.filter(pk=application.pk).update(status=CardStatus.MADE)
    # when
    [item] = member_todo_items(world.org_member)
    # then
    assert (item.title, item.detail, item.url) == (
        "会员卡已制好",
        "请到工会领取会员卡",
        reverse("members:card_mine"),
    )
    assert member_todo_items(world.org_admin) == []
    assert card_requests_for_user(world.org_member)[0].next_step == "请到工会领取会员卡"


def test_a_member_with_nothing_waiting_has_no_todo(world):
    assert member_todo_items(world.org_member) == []

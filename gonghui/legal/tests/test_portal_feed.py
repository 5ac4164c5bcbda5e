"""法律服务 in the member portal's shared pages: the receipts in 消息 when a member asks (法律咨询) or applies (法律援助),
and the two 我的办理 sources — each listing the member's own cases only, in one query."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from conftest import make_member_user
from gonghui.core.channels import ConsoleSmsBackend
from gonghui.core.registry import member_requests, portal_cards
from gonghui.legal.choices import AidStatus, ConsultationStatus, DisputeType, LegalCategory
from gonghui.legal.selectors import aid_requests_for_user, consultation_requests_for_user
from gonghui.legal.services import AidRequest, Question, aid_submit, consultation_submit
from gonghui.notifications.models import Notification

from .factories import make_application, make_consultation

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def test_asking_a_question_puts_a_receipt_in_the_members_inbox(world):
    # given
    ConsoleSmsBackend.outbox.clear()
    # when
    consultation = consultation_submit(
        member=world.member_a,
        org=world.org_a,
        question=Question(LegalCategory.WAGES, "拖欠工资", "学校食堂拖欠我两个月工资怎么办"),
        actor=world.org_member,
    )
    # then
    [receipt] = Notification.objects.filter(recipient=world.org_member)
    assert receipt.title == "已收到您的法律咨询"
    assert receipt.body.startswith(f"编号{consultation.number}「拖欠工资」，由甲县第一中学工会解答")
    assert receipt.url == reverse("legal:my_consultation", args=[consultation.public_id])
    assert ConsoleSmsBackend.outbox == []  # inbox only


def test_applying_for_legal_aid_puts_a_receipt_with_the_review_deadline_in_the_members_inbox(world):
    # when: applied on Tuesday 29 September 2026 (the review is due on 19 October, after the National Day week)
    with time_machine.travel(dt.datetime(2026, 9, 29, 10, tzinfo=TZ), tick=False):
        application = aid_submit(
            member=world.member_a,
            org=world.org_a,
            request=AidRequest(DisputeType.WAGES, Decimal("12000"), "某餐饮公司", "拖欠工资两个月"),
            files=[],
            actor=world.org_member,
        )
    # then
    [receipt] = Notification.objects.filter(recipient=world.org_member)
    assert receipt.title == "已收到您的法律援助申请"
    assert receipt.body.startswith(f"编号{application.number}，甲县第一中学工会将在2026年10月19日前完成审查")
    assert receipt.url == reverse("legal:my_application", args=[application.public_id])


def test_the_sources_list_the_members_own_cases_newest_first(world, handler_a):
    # given cases of member A, one of another member and one recorded for nobody
    _other_user, other = make_member_user("13700009999", world.org_a, name="乙")
    first = make_consultation(
        world.org_a, member=world.member_a, title="加班费", status=ConsultationStatus.ANSWERED
    )
    second = make_consultation(world.org_a, member=world.member_a, title="年休假")
    make_consultation(world.org_a, member=other, title="别人的咨询")
    make_consultation(world.org_a, title="来电咨询")
    aid = make_application(world.org_a, member=world.member_a, status=AidStatus.REJECTED)
    make_application(world.org_a, member=other)
    # when
    consultations = consultation_requests_for_user(world.org_member)
    aids = aid_requests_for_user(world.org_member)
    # then
    assert [(r.kind, r.title, r.status) for r in consultations] == [
        ("法律咨询", "年休假", "待解答"),
        ("法律咨询", "加班费", "已解答"),
    ]
    assert consultations[1].url == reverse("legal:my_consultation", args=[first.public_id])
    assert consultations[0].submitted_at == second.created_at
    assert [(r.kind, r.title, r.status, r.url) for r in aids] == [
        (
            "法律援助",
            "追索劳动报酬（对方：某公司）",
            "不予援助",
            reverse("legal:my_application", args=[aid.public_id]),
        )
    ]
    # and nothing for a cadre
    for cadre in (handler_a, world.org_admin, world.outsider):
        assert consultation_requests_for_user(cadre) == aid_requests_for_user(cadre) == []


def test_each_source_reads_in_one_query(world, django_assert_num_queries):
    make_consultation(world.org_a, member=world.member_a)
    make_consultation(world.org_a, member=world.member_a)
    make_application(world.org_a, member=world.member_a)
    for source in (consultation_requests_for_user, aid_requests_for_user):
        with django_assert_num_queries(1):
            assert source(world.org_member)


def test_legal_registers_two_kinds_and_no_home_card():
    assert {s.key: s.label for s in member_requests if s.key.startswith("legal.")} == {
        "legal.consultation": "法律咨询",
        "legal.aid": "法律援助",
    }
    # a consultation has no "answered, not yet read" state: the answer's message in 消息 carries the unread mark
    assert [c.key for c in portal_cards if c.key.startswith("legal.")] == []

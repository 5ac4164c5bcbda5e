"""送温暖 and 慰问金 campaigns (part `relief`), the services: one person is paid once per campaign (a second 发放,
a reversal then payment under attempt 2, a re-imported bank file), the approver is never the submitter, an
overspend is refused naming the figures, an import names every bad row, people outside the union's subtree are
refused."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gonghui.ledger.models import LedgerEntry, PaymentResult
from gonghui.ledger.selectors import line_remaining
from gonghui.ledger.services import ledger_pay
from gonghui.members.models import MemberTag
from gonghui.members.tests.factories import MemberFactory
from gonghui.notifications.models import Notification
from gonghui.welfare.choices import AmountMode, CampaignStatus, RecipientStatus
from gonghui.welfare.models import ReliefRecipient
from gonghui.welfare.services.relief import (
    relief_approve,
    relief_close,
    relief_pay_all,
    relief_recipient_exclude,
    relief_recipients_add_by_tag,
    relief_recipients_import,
    relief_results_import,
    relief_return,
    relief_reverse,
    relief_submit,
)

from .factories_relief import TAG, approved_campaign, make_campaign, second_admin, tagged_members, xlsx

pytestmark = pytest.mark.django_db


def _live_entries(campaign):
    return LedgerEntry.objects.filter(
        idempotency_key__startswith=f"welfare-relief:{campaign.public_id}:", reverses__isnull=True
    ).exclude(reversal__isnull=False)


def _key(person):
    entry = person.ledger_entry
    assert entry is not None
    return entry.idempotency_key


def _results_file(rows):
    return xlsx(["业务编号", "结果", "失败原因"], rows)


def test_paying_twice_pays_each_person_once(world):
    # given an approved campaign of three people at 500 yuan, 甲会员 (with a portal account) among them
    world.member_a.tags.add(MemberTag.objects.create(name=TAG))
    campaign = approved_campaign(world, people=2)
    # when 发放 is run twice (a double click, a re-run)
    first = relief_pay_all(campaign=campaign, actor=world.org_admin)
    second = relief_pay_all(campaign=campaign, actor=second_admin(world))
    # then each person has exactly one entry and one message
    assert (first.paid, first.amount, second.paid) == (3, Decimal("1500.00"), 0)
    assert _live_entries(campaign).count() == 3
    assert set(campaign.recipients.values_list("status", flat=True)) == {RecipientStatus.PAID}
    assert line_remaining(campaign.budget_line) == Decimal("8500.00")
    assert Notification.objects.get(title="慰问金已发放").recipient == world.org_member


def test_a_reversed_person_is_paid_again_under_attempt_2(world):
    campaign = approved_campaign(world, people=2)
    relief_pay_all(campaign=campaign, actor=world.org_admin)
    person = campaign.recipients.select_related("member").order_by("pk")[0]
    first_key = _key(person)
    # when the payment is reversed and 发放 runs again
    reversed_person = relief_reverse(recipient=person, actor=world.org_admin, reason="账号错误")
    assert (reversed_person.status, reversed_person.attempt) == (RecipientStatus.PENDING, 2)
    report = relief_pay_all(campaign=campaign, actor=world.org_admin)
    # then the person is paid once more under the key of attempt 2, and has one live entry
    person.refresh_from_db()
    assert report.paid == 1
    assert first_key.endswith(":1")
    assert _key(person) == f"welfare-relief:{campaign.public_id}:{person.member.public_id}:2"
    assert _live_entries(campaign).filter(payee_member=person.member).count() == 1
    assert line_remaining(campaign.budget_line) == Decimal("9000.00")
    # and a person without a live payment has nothing to reverse
    second = campaign.recipients.exclude(pk=person.pk).get()
    relief_reverse(recipient=second, actor=world.org_admin, reason="重复")
    with pytest.raises(ValidationError, match="没有可冲销的发放"):
        relief_reverse(recipient=second, actor=world.org_admin, reason="再次")


def test_a_reimported_results_file_changes_nothing_and_pays_nobody(world):
    campaign = approved_campaign(world, people=2)
    relief_pay_all(campaign=campaign, actor=world.org_admin)
    paid, failed = campaign.recipients.select_related("ledger_entry").order_by("pk")
    content = _results_file(
        [
            [_key(paid), "成功", ""],
            [_key(failed), "失败", "户名不符"],
        ]
    )
    # when the bank's file is imported twice
    first = relief_results_import(campaign=campaign, actor=world.org_admin, content=content)
    entries, results = LedgerEntry.objects.count(), PaymentResult.objects.count()
    again = relief_results_import(campaign=campaign, actor=world.org_admin, content=content)
    # then the second import records nothing and pays nobody
    assert (first.confirmed, first.failed, first.unchanged) == (1, 1, 0)
    assert (again.confirmed, again.failed, again.unchanged) == (0, 0, 2)
    assert (LedgerEntry.objects.count(), PaymentResult.objects.count()) == (entries, results)
    statuses = dict(campaign.recipients.values_list("pk", "status"))
    assert statuses == {paid.pk: RecipientStatus.CONFIRMED, failed.pk: RecipientStatus.FAILED}
    # and after the failed one is reversed and paid again, the old file still changes nothing
    relief_reverse(recipient=failed, actor=world.org_admin, reason="户名不符")
    relief_pay_all(campaign=campaign, actor=world.org_admin)
    third = relief_results_import(campaign=campaign, actor=world.org_admin, content=content)
    assert (third.confirmed, third.failed, third.unchanged) == (0, 0, 2)
    assert ReliefRecipient.objects.get(pk=failed.pk).status == RecipientStatus.PAID
    assert _live_entries(campaign).count() == 2


def test_a_results_file_naming_another_campaign_is_refused_by_row(world):
    campaign = approved_campaign(world, people=1)
    relief_pay_all(campaign=campaign, actor=world.org_admin)
    key = _key(campaign.recipients.get())
    content = _results_file([[key, "成功", ""], ["welfare-aid:other", "成功", ""], [key, "也许", ""]])
    with pytest.raises(ValidationError) as caught:
        relief_results_import(campaign=campaign, actor=world.org_admin, content=content)
    assert caught.value.messages == [
        "第3行：业务编号“welfare-aid:other”不是本活动的发放",
        "第4行：结果应为“成功”或“失败”",
    ]
    assert PaymentResult.objects.count() == 0


def test_the_submitter_may_not_approve_nor_return(world):
    campaign = make_campaign(world)
    tagged_members(world.org_a, 2)
    relief_recipients_add_by_tag(campaign=campaign, actor=world.org_admin, tag=TAG)
    relief_submit(campaign=campaign, actor=world.org_admin)
    for act in (
        lambda: relief_approve(campaign=campaign, actor=world.org_admin),
        lambda: relief_return(campaign=campaign, actor=world.org_admin, reason="再核对"),
    ):
        with pytest.raises(ValidationError, match="提交人不能"):
            act()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SUBMITTED
    approved = relief_approve(campaign=campaign, actor=second_admin(world))
    assert (approved.status, approved.approved_by) == (CampaignStatus.APPROVED, second_admin(world))


def test_approval_refuses_a_total_over_the_budget_line(world):
    campaign = make_campaign(world, amount="600", budget="1000")
    tagged_members(world.org_a, 2)
    relief_recipients_add_by_tag(campaign=campaign, actor=world.org_admin, tag=TAG)
    relief_submit(campaign=campaign, actor=world.org_admin)
    with pytest.raises(ValidationError) as caught:
        relief_approve(campaign=campaign, actor=second_admin(world))
    assert caught.value.messages == [
        "待发放合计 1200.00 元超出预算科目“慰问金”的余额 1000.00 元，不能审批通过"
    ]
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SUBMITTED


def test_an_overspend_at_payment_stops_and_keeps_those_paid(world):
    # given an approved campaign of three at 500 from a line of 1500, and another payment of 600 from the same line
    campaign = approved_campaign(world, people=3, budget="1500")
    ledger_pay(
        budget_line=campaign.budget_line,
        amount=Decimal("600"),
        payee_name="他人",
        idempotency_key="other:1",
        actor=world.org_admin,
    )
    # when 发放 runs
    report = relief_pay_all(campaign=campaign, actor=world.org_admin)
    # then the first person is paid, the second is refused naming what is left, nothing written for them
    assert report.paid == 1
    assert report.error == "医护2（500.00 元）未能发放：超出预算：“慰问金”尚余 400.00 元，本次支付 500.00 元"
    statuses = list(campaign.recipients.order_by("pk").values_list("status", "ledger_entry"))
    assert [s for s, _ in statuses] == [
        RecipientStatus.PAID,
        RecipientStatus.PENDING,
        RecipientStatus.PENDING,
    ]
    assert [e is None for _, e in statuses] == [False, True, True]
    assert _live_entries(campaign).count() == 1


def test_an_import_names_every_bad_row_and_adds_nobody(world):
    campaign = make_campaign(
        world, mode=AmountMode.CATEGORY, categories={"一线医护": "2000", "后勤保障": "1000"}
    )
    MemberFactory.create(org=world.org_a, name="李护士", phone="13900001234", member_number="A001")
    MemberFactory.create(org=world.org_a, name="王医生", phone="13900005678")
    MemberFactory.create(org=world.org_b, name="乙医院护士", phone="13900009999")
    headers = ["姓名", "手机号", "会员编号", "类别"]
    bad = xlsx(
        headers,
        [
            ["李护士", "", "A001", "一线医护"],
            ["王医生", "13900005678", "", "行政"],
            ["乙医院护士", "13900009999", "", "一线医护"],
            ["张三", "13900005678", "", "一线医护"],
            ["赵六", "", "", "后勤保障"],
        ],
    )
    with pytest.raises(ValidationError) as caught:
        relief_recipients_import(campaign=campaign, actor=world.org_admin, content=bad)
    assert caught.value.messages == [
        "第3行：类别“行政”不是本活动的类别（一线医护、后勤保障）",
        "第4行：本会及下级工会在籍会员中没有手机号为 13900009999 的会员",
        "第5行：姓名“张三”与会员名册（王医生）不一致",
        "第6行：手机号和会员编号都为空",
    ]
    assert campaign.recipients.count() == 0
    good = xlsx(headers, [["李护士", "", "A001", "一线医护"], ["王医生", "13900005678", "", "后勤保障"]])
    assert relief_recipients_import(campaign=campaign, actor=world.org_admin, content=good).added == 2
    again = relief_recipients_import(campaign=campaign, actor=world.org_admin, content=good)
    assert (again.added, again.duplicates) == (0, 2)
    assert sorted(campaign.recipients.values_list("member__name", "amount")) == [
        ("李护士", Decimal("2000.00")),
        ("王医生", Decimal("1000.00")),
    ]


def test_tagged_members_outside_the_subtree_are_left_out_and_categories_follow_tags(world):
    campaign = make_campaign(
        world, mode=AmountMode.CATEGORY, categories={"一线医护": "2000", "其他人员": "800"}
    )
    tagged_members(world.org_a, 2)
    tagged_members(world.org_b, 2, prefix="乙县")
    tagged_members(world.org_a, 1, tag="后勤", prefix="后勤")
    report = relief_recipients_add_by_tag(
        campaign=campaign,
        actor=world.org_admin,
        tag=TAG,
        category="其他人员",
        tag_categories={TAG: "一线医护"},
    )
    assert (report.added, report.duplicates) == (2, 0)
    assert set(campaign.recipients.values_list("member__name", "category", "amount")) == {
        ("医护1", "一线医护", Decimal("2000.00")),
        ("医护2", "一线医护", Decimal("2000.00")),
    }
    assert relief_recipients_add_by_tag(campaign=campaign, actor=world.org_admin, tag=TAG).duplicates == 2


def test_an_excluded_person_is_never_paid_and_close_waits_for_the_pending(world):
    campaign = approved_campaign(world, people=2)
    first, second = campaign.recipients.order_by("pk")
    relief_recipient_exclude(recipient=first, actor=world.org_admin, reason="已调离")
    with pytest.raises(ValidationError, match="还有 1 人待发放"):
        relief_close(campaign=campaign, actor=world.org_admin)
    assert relief_pay_all(campaign=campaign, actor=world.org_admin).paid == 1
    with pytest.raises(ValidationError, match="只有待发放的人员可以剔除"):
        relief_recipient_exclude(recipient=second, actor=world.org_admin, reason="误加")
    closed = relief_close(campaign=campaign, actor=world.org_admin)
    assert closed.status == CampaignStatus.CLOSED
    assert ReliefRecipient.objects.get(pk=first.pk).ledger_entry is None

"""诉求 in the member portal's shared pages: the receipt in 消息 when a member submits, the 我的办理 source and
the home's 待办 card (rate a reply, supply materials) — for the member it concerns only."""

from django.urls import reverse

from gonghui.appeals.selectors import appeal_requests_for_user, appeal_todo_items
from gonghui.appeals.services import appeal_accept, appeal_reply, appeal_request_materials
from gonghui.appeals.tests.factories import at, make_appeal
from gonghui.core.channels import ConsoleSmsBackend
from gonghui.core.registry import member_requests, portal_cards
from gonghui.notifications.models import Notification


def test_submitting_a_case_puts_a_receipt_with_its_deadlines_in_the_members_inbox(world, handler_a):
    # given a Monday without holidays around
    ConsoleSmsBackend.outbox.clear()
    with at(2026, 3, 2):
        # when
        appeal = make_appeal(world.member_a)
    # then
    [receipt] = Notification.objects.filter(recipient=world.org_member)
    assert receipt.title == "已收到您的诉求"
    assert receipt.body.startswith(f"编号{appeal.number}「拖欠课时费」，由甲县第一中学工会办理：")
    assert (
        f"{appeal.accept_due.year}年{appeal.accept_due.month}月{appeal.accept_due.day}日前受理"
        in receipt.body
    )
    assert f"{appeal.reply_due.month}月{appeal.reply_due.day}日前答复" in receipt.body
    assert receipt.url == reverse("appeals:portal_detail", args=[appeal.public_id])
    assert ConsoleSmsBackend.outbox == []  # inbox only
    # and the desk hears of it as before
    assert Notification.objects.filter(recipient=handler_a, title="新诉求待受理").count() == 1


def test_the_same_text_again_within_minutes_puts_no_second_receipt(world):
    make_appeal(world.member_a)
    make_appeal(world.member_a)
    assert Notification.objects.filter(recipient=world.org_member, title="已收到您的诉求").count() == 1


def test_the_request_source_lists_the_members_own_cases_with_the_next_step(world, handler_a, member_b):
    # given a replied case and a pending one of member A, and a case of member B
    replied = make_appeal(world.member_a, title="拖欠课时费")
    appeal_accept(appeal=replied, actor=handler_a)
    appeal_reply(appeal=replied, actor=handler_a, body="已协调学校在月底前补发。")
    pending = make_appeal(world.member_a, title="职称评审", description="职称评审材料提交后一直没有结果。")
    make_appeal(member_b, title="夜班补贴")
    # when
    rows = appeal_requests_for_user(world.org_member)
    # then
    assert [(r.kind, r.title, r.status, r.next_step) for r in rows] == [
        ("诉求", f"{pending.number} 职称评审", "待受理", ""),
        ("诉求", f"{replied.number} 拖欠课时费", "已答复", "请评价"),
    ]
    assert rows[1].url == reverse("appeals:portal_detail", args=[replied.public_id])
    assert [r.title.split()[-1] for r in appeal_requests_for_user(member_b.user)] == ["夜班补贴"]
    assert appeal_requests_for_user(handler_a) == []
    assert appeal_requests_for_user(world.org_admin) == []
    assert member_requests.get("appeals").requests is appeal_requests_for_user


def test_the_request_source_reads_in_one_query(world, django_assert_num_queries):
    make_appeal(world.member_a, title="一")
    make_appeal(world.member_a, title="二")
    with django_assert_num_queries(1):
        assert len(appeal_requests_for_user(world.org_member)) == 2


def test_a_reply_to_rate_and_materials_to_supply_are_todos_of_the_member_only(world, handler_a, member_b):
    # given
    replied = make_appeal(world.member_a, title="拖欠课时费")
    appeal_accept(appeal=replied, actor=handler_a)
    appeal_reply(appeal=replied, actor=handler_a, body="已协调学校在月底前补发。")
    waiting = make_appeal(world.member_a, title="职称评审", description="职称评审材料提交后一直没有结果。")
    appeal_accept(appeal=waiting, actor=handler_a)
    appeal_request_materials(appeal=waiting, actor=handler_a, note="请补充评审通知的照片")
    make_appeal(world.member_a, title="还没受理", description="这一件还在等待工会受理，不是待办。")
    # when
    items = appeal_todo_items(world.org_member)
    # then
    assert [(i.title, i.detail, i.url) for i in items] == [
        (
            "请补充材料：职称评审",
            f"诉求 {waiting.number} 待补充材料",
            reverse("appeals:portal_detail", args=[waiting.public_id]),
        ),
        (
            "请评价：拖欠课时费",
            f"诉求 {replied.number} 已答复",
            reverse("appeals:portal_detail", args=[replied.public_id]),
        ),
    ]
    assert appeal_todo_items(member_b.user) == []
    assert appeal_todo_items(handler_a) == []
    assert appeal_todo_items(world.org_admin) == []
    card = portal_cards.get("appeals.todo")
    assert (card.kind, card.items) == ("todo", appeal_todo_items)

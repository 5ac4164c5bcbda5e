"""The requester's own steps (补充材料, 评价, 重办), the supervisor's reveal, and the scheduled steps (即将到期,
超期督办, 自动办结): each refusal with its exact message, what each records and whom it tells."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.appeals.choices import AppealStatus, MessageKind, Rating
from gonghui.appeals.models import AppealMessage
from gonghui.appeals.services import (
    appeal_accept,
    appeal_auto_close,
    appeal_due_soon_notify,
    appeal_identity_reveal,
    appeal_overdue_escalate,
    appeal_rate,
    appeal_reopen,
    appeal_reply,
    appeal_request_materials,
    appeal_supply,
)
from gonghui.appeals.sla import appeal_can_reopen, appeal_reopen_deadline
from gonghui.appeals.tests.factories import at, make_appeal
from gonghui.core.audit import AuditContext
from gonghui.core.models import AuditAction, AuditLog
from gonghui.core.timeline import timeline_for
from gonghui.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _last(appeal):
    entry = list(timeline_for(appeal))[-1]
    return (entry.action, entry.actor_id, entry.to_state, entry.note)


@pytest.fixture
def replied(world, handler_a):
    """A case of member A, accepted on 2 March 2026 and replied on 6 March."""
    with at(2026, 3, 2, 9):
        case = make_appeal(world.member_a)
        appeal_accept(appeal=case, actor=handler_a)
    with at(2026, 3, 6, 15):
        appeal_reply(appeal=case, actor=handler_a, body="已协调学校发放。")
    case.refresh_from_db()
    return case


@pytest.fixture
def paused(world, handler_a):
    with at(2026, 3, 2, 9):
        case = make_appeal(world.member_a)
        appeal_accept(appeal=case, actor=handler_a)
        appeal_request_materials(appeal=case, actor=handler_a, note="请提供工资条")
    case.refresh_from_db()
    return case


# ---- 补充材料 ---------------------------------------------------------------------------------------------


def test_supplying_materials_resumes_the_clock_and_tells_the_desk(world, handler_a, paused):
    with at(2026, 3, 4, 10):
        resumed = appeal_supply(
            appeal=paused, member=world.member_a, actor=world.org_member, body=" 工资条已上传 "
        )
    assert (resumed.status, resumed.paused_workdays, resumed.reply_due) == (
        AppealStatus.IN_PROGRESS,
        2,
        dt.date(2026, 3, 25),
    )
    assert _last(resumed) == (
        "supply",
        world.org_member.pk,
        "in_progress",
        "暂停计时2个工作日，答复期限顺延至2026-03-25",
    )
    assert list(AppealMessage.objects.values_list("kind", "body")) == [(MessageKind.MEMBER, "工资条已上传")]
    assert Notification.objects.filter(recipient=handler_a, title="申请人已补充材料").count() == 1


def test_supplying_needs_text_or_a_file_and_the_owner(world, member_b, paused):
    with pytest.raises(ValidationError) as exc:
        appeal_supply(appeal=paused, member=world.member_a, actor=world.org_member, body="  ")
    assert exc.value.message_dict == {"body": ["请填写补充说明或上传材料"]}
    with pytest.raises(PermissionDenied):
        appeal_supply(appeal=paused, member=member_b, actor=member_b.user, body="不是我的诉求")


def test_materials_are_supplied_only_when_asked_for(world, replied):
    with pytest.raises(ValidationError) as exc:
        appeal_supply(appeal=replied, member=world.member_a, actor=world.org_member, body="补充")
    assert exc.value.messages == ["当前状态“已答复”下不能执行“补充材料”"]


def test_an_anonymous_requesters_supply_has_no_actor_on_the_timeline(world, handler_a):
    with at(2026, 3, 2, 9):
        case = make_appeal(world.member_a, anonymous=True)
        appeal_accept(appeal=case, actor=handler_a)
        appeal_request_materials(appeal=case, actor=handler_a, note="请补充")
        appeal_supply(appeal=case, member=world.member_a, actor=world.org_member, body="已补充")
    assert _last(case)[:3] == ("supply", None, "in_progress")


# ---- 评价 -------------------------------------------------------------------------------------------------


def test_rating_records_the_label_and_comment(world, replied):
    rated = appeal_rate(
        appeal=replied,
        member=world.member_a,
        actor=world.org_member,
        rating=Rating.FAIRLY,
        comment=" 还算及时 ",
    )
    assert (rated.status, rated.rating, rated.rating_comment) == (AppealStatus.RATED, "fairly", "还算及时")
    assert _last(rated) == ("rate", world.org_member.pk, "rated", "基本满意；还算及时")


def test_rating_refuses_a_bad_value_a_long_comment_and_an_unreplied_case(world, handler_a, replied):
    with pytest.raises(ValidationError) as exc:
        appeal_rate(appeal=replied, member=world.member_a, actor=world.org_member, rating="great")
    assert exc.value.message_dict == {"rating": ["请选择满意、基本满意或不满意"]}
    with pytest.raises(ValidationError) as exc:
        appeal_rate(
            appeal=replied,
            member=world.member_a,
            actor=world.org_member,
            rating=Rating.SATISFIED,
            comment="好" * 301,
        )
    assert exc.value.message_dict == {"comment": ["评价意见不能超过300字"]}
    with at(2026, 3, 9):
        fresh = make_appeal(world.member_a, title="另一件事")
    with pytest.raises(ValidationError) as exc:
        appeal_rate(appeal=fresh, member=world.member_a, actor=world.org_member, rating=Rating.SATISFIED)
    assert exc.value.messages == ["当前状态“待受理”下不能执行“评价”"]


def test_an_unsatisfied_rating_alerts_the_desk(world, handler_a, replied):
    appeal_rate(appeal=replied, member=world.member_a, actor=world.org_member, rating=Rating.UNSATISFIED)
    assert Notification.objects.filter(recipient=handler_a, title="申请人对答复不满意").count() == 1


# ---- 重办 -------------------------------------------------------------------------------------------------


def test_reopen_window_is_fifteen_calendar_days_after_the_reply(world, replied):
    assert appeal_reopen_deadline(replied) == dt.date(2026, 3, 21)
    assert appeal_can_reopen(replied, today=dt.date(2026, 3, 21)) is True
    assert appeal_can_reopen(replied, today=dt.date(2026, 3, 22)) is False
    with at(2026, 3, 22), pytest.raises(ValidationError) as exc:
        appeal_reopen(appeal=replied, member=world.member_a, actor=world.org_member, reason="没发")
    assert exc.value.messages == ["答复已超过15天，不能申请重办"]


def test_reopening_needs_a_reason_and_gives_a_fresh_reply_period(world, handler_a, replied):
    with pytest.raises(ValidationError) as exc:
        appeal_reopen(appeal=replied, member=world.member_a, actor=world.org_member, reason=" ")
    assert exc.value.message_dict == {"reason": ["请说明需要重办的原因"]}
    with at(2026, 3, 10):
        reopened = appeal_reopen(
            appeal=replied, member=world.member_a, actor=world.org_member, reason="仍未发放"
        )
    assert (reopened.status, reopened.reopen_count, reopened.reply_due, reopened.rating) == (
        AppealStatus.IN_PROGRESS,
        1,
        dt.date(2026, 3, 31),
        "",
    )
    assert Notification.objects.filter(recipient=handler_a, title="申请人申请重办").count() == 1
    assert appeal_can_reopen(reopened, today=dt.date(2026, 3, 10)) is False


def test_a_satisfied_requester_cannot_reopen(world, replied):
    appeal_rate(appeal=replied, member=world.member_a, actor=world.org_member, rating=Rating.SATISFIED)
    replied.refresh_from_db()
    assert appeal_can_reopen(replied, today=dt.date(2026, 3, 7)) is False
    with at(2026, 3, 7), pytest.raises(ValidationError) as exc:
        appeal_reopen(appeal=replied, member=world.member_a, actor=world.org_member, reason="再看看")
    assert exc.value.messages == ["您已评价满意，不能申请重办"]


def test_an_unreplied_case_has_no_reopen_deadline(world):
    with at(2026, 3, 2):
        case = make_appeal(world.member_a)
    assert appeal_reopen_deadline(case) is None
    assert appeal_can_reopen(case) is False


# ---- 查看匿名身份 ----------------------------------------------------------------------------------------


def test_a_named_case_has_nothing_to_reveal(world, supervisor, replied):
    with pytest.raises(PermissionDenied) as exc:
        appeal_identity_reveal(context=AuditContext(), appeal=replied, actor=supervisor, reason="核实情况")
    assert str(exc.value) == "只有维权督办可以查看匿名诉求人的身份"


def test_a_reveal_needs_a_reason_of_four_characters_and_is_audited(world, supervisor, handler_a):
    with at(2026, 3, 2):
        case = make_appeal(world.member_a, anonymous=True)
    with pytest.raises(PermissionDenied):
        appeal_identity_reveal(context=AuditContext(), appeal=case, actor=handler_a, reason="想知道是谁")
    with pytest.raises(ValidationError) as exc:
        appeal_identity_reveal(context=AuditContext(), appeal=case, actor=supervisor, reason="核实")
    assert exc.value.message_dict == {"reason": ["请填写查看身份的理由（至少4个字）"]}
    assert not AuditLog.objects.filter(action=AuditAction.REVEAL).exists()
    identity = appeal_identity_reveal(
        context=AuditContext(), appeal=case, actor=supervisor, reason="需当面核实情况"
    )
    assert (identity.name, identity.phone, identity.org_name) == ("甲会员", "13700001111", "甲县第一中学工会")
    audit = AuditLog.objects.get(action=AuditAction.REVEAL)
    assert audit.summary == f"查看匿名诉求 {case.number} 的申请人身份，理由：需当面核实情况"
    assert _last(case)[:2] == ("reveal", supervisor.pk)


# ---- scheduled steps -------------------------------------------------------------------------------------


def test_auto_close_only_closes_a_replied_case(world, handler_a, replied):
    closed = appeal_auto_close(appeal=replied)
    assert (closed.status, _last(closed)) == (
        AppealStatus.CLOSED,
        ("auto_close", None, "closed", "答复后7个工作日未评价，系统自动办结"),
    )
    assert closed.closed_at is not None
    with pytest.raises(ValidationError) as exc:
        appeal_auto_close(appeal=closed)
    assert exc.value.messages == ["当前状态“已办结”下不能执行“自动办结”"]


def test_the_due_soon_reminder_goes_once_per_deadline(world, handler_a):
    with at(2026, 3, 2):
        case = make_appeal(world.member_a)
    assert appeal_due_soon_notify(appeal=case, due=dt.date(2026, 3, 4)) is True
    assert appeal_due_soon_notify(appeal=case, due=dt.date(2026, 3, 4)) is False
    assert appeal_due_soon_notify(appeal=case, due=dt.date(2026, 3, 23)) is True
    titles = list(Notification.objects.filter(recipient=handler_a).values_list("title", flat=True))
    assert titles.count("诉求即将到期（03月04日）") == 1
    assert titles.count("诉求即将到期（03月23日）") == 1


def test_overdue_supervision_tells_the_handler_and_the_supervisor_once(world, handler_a, supervisor):
    with at(2026, 3, 2):
        case = make_appeal(world.member_a)
    assert appeal_overdue_escalate(appeal=case, due=dt.date(2026, 3, 4), overdue_days=2) is True
    assert appeal_overdue_escalate(appeal=case, due=dt.date(2026, 3, 4), overdue_days=3) is False
    case.refresh_from_db()
    assert case.was_overdue is True
    assert _last(case) == (
        "overdue",
        None,
        "",
        "受理期限2026-03-04已过2个工作日，已提醒办理人并报维权督办（supervisor）",
    )
    assert Notification.objects.filter(recipient=handler_a, title="诉求已超期，请尽快办理").count() == 1
    assert Notification.objects.filter(recipient=supervisor, title="超期诉求督办").count() == 1

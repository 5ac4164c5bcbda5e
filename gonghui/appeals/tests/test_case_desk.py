"""The desk's actions on a 诉求, one by one: each transition, each refusal with its exact message, and what
it records and tells (timeline, member notification, handler, deadlines)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import make_cadre
from gonghui.appeals.choices import AppealStatus, MessageKind
from gonghui.appeals.models import AppealMessage
from gonghui.appeals.services import (
    appeal_accept,
    appeal_assign,
    appeal_assign_lawyer,
    appeal_escalate,
    appeal_note,
    appeal_reject,
    appeal_reply,
    appeal_request_materials,
    appeal_resume,
    appeal_start,
    appeal_transfer,
)
from gonghui.appeals.tests.factories import at, make_appeal
from gonghui.core.timeline import timeline_for
from gonghui.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world):
    with at(2026, 3, 2, 9):
        return make_appeal(world.member_a)


def _last(appeal):
    entry = list(timeline_for(appeal))[-1]
    return (entry.action, entry.from_state, entry.to_state, entry.note)


def _member_titles(world):
    return list(
        Notification.objects.filter(recipient=world.org_member).order_by("id").values_list("title", flat=True)
    )


# ---- 受理 / 不予受理 ----------------------------------------------------------------------------------------


def test_accepting_records_the_reply_deadline_and_tells_the_member(world, handler_a, case):
    with at(2026, 3, 3):
        accepted = appeal_accept(appeal=case, actor=handler_a)
    assert (accepted.status, accepted.was_overdue) == (AppealStatus.ACCEPTED, False)
    assert _last(accepted) == ("accept", "submitted", "accepted", "答复期限 2026-03-23")
    note = Notification.objects.get(recipient=world.org_member, title="您的诉求已受理")
    assert note.body == f"诉求{case.number}已由甲县第一中学工会受理，将在2026年03月23日前答复"


def test_a_late_acceptance_marks_the_case_overdue_and_keeps_a_given_note(world, handler_a, case):
    with at(2026, 3, 10):
        accepted = appeal_accept(appeal=case, actor=handler_a, note=" 已电话联系 ")
    assert accepted.was_overdue is True
    assert _last(accepted)[3] == "已电话联系"


def test_a_case_is_accepted_once_and_only_by_its_unions_handlers(world, handler_a, handler_b, case):
    with pytest.raises(PermissionDenied) as denied:
        appeal_accept(appeal=case, actor=handler_b)
    assert str(denied.value) == "您没有执行该操作的权限"
    appeal_accept(appeal=case, actor=handler_a)
    with pytest.raises(ValidationError) as exc:
        appeal_accept(appeal=case, actor=handler_a)
    assert exc.value.messages == ["当前状态“已受理”下不能执行“受理”"]


def test_rejecting_needs_a_short_reason_and_closes_the_case(world, handler_a, case):
    with pytest.raises(ValidationError) as exc:
        appeal_reject(appeal=case, actor=handler_a, reason="  ")
    assert exc.value.message_dict == {"note": ["请填写不予受理的理由"]}
    with pytest.raises(ValidationError) as exc:
        appeal_reject(appeal=case, actor=handler_a, reason="由" * 301)
    assert exc.value.message_dict == {"note": ["理由不能超过300字"]}
    rejected = appeal_reject(appeal=case, actor=handler_a, reason="不属于工会受理范围")
    assert (rejected.status, rejected.reject_reason) == (AppealStatus.REJECTED, "不属于工会受理范围")
    assert rejected.closed_at is not None
    note = Notification.objects.get(recipient=world.org_member, title="您的诉求不予受理")
    assert note.body == f"诉求{case.number}不予受理，理由：不属于工会受理范围"
    with pytest.raises(ValidationError) as exc:
        appeal_start(appeal=rejected, actor=handler_a)
    assert exc.value.messages == ["当前状态“不予受理”下不能执行“开始办理”"]


def test_an_accepted_case_cannot_be_rejected(world, handler_a, case):
    appeal_accept(appeal=case, actor=handler_a)
    with pytest.raises(ValidationError) as exc:
        appeal_reject(appeal=case, actor=handler_a, reason="重复")
    assert exc.value.messages == ["当前状态“已受理”下不能执行“不予受理”"]


def test_work_starts_only_after_acceptance(world, handler_a, case):
    with pytest.raises(ValidationError) as exc:
        appeal_start(appeal=case, actor=handler_a)
    assert exc.value.messages == ["当前状态“待受理”下不能执行“开始办理”"]
    appeal_accept(appeal=case, actor=handler_a)
    started = appeal_start(appeal=case, actor=handler_a)
    assert _last(started) == ("start", "accepted", "in_progress", "")


# ---- 分派, 律师 ------------------------------------------------------------------------------------------


def test_assigning_a_handler_of_the_union_tells_them(world, handler_a, case):
    colleague = _handler(world, "handler_a2")
    assigned = appeal_assign(appeal=case, handler=colleague, actor=handler_a)
    assert assigned.handler_id == colleague.pk
    assert _last(assigned) == ("assign", "", "", "办理人：handler_a2")
    note = Notification.objects.get(recipient=colleague)
    assert (note.title, note.body) == ("诉求已分派给您", f"{case.number} 拖欠课时费")


def test_assigning_refuses_a_handler_of_another_union_and_a_finished_case(world, handler_a, handler_b, case):
    with pytest.raises(ValidationError) as exc:
        appeal_assign(appeal=case, handler=handler_b, actor=handler_a)
    assert exc.value.message_dict == {"handler": ["handler_b 不能办理该诉求，请选择本工会的维权办理人"]}
    with pytest.raises(PermissionDenied) as denied:
        appeal_assign(appeal=case, handler=handler_b, actor=handler_b)
    assert str(denied.value) == "您没有办理该诉求的权限"
    appeal_accept(appeal=case, actor=handler_a)
    appeal_reply(appeal=case, actor=handler_a, body="已协调学校发放。")
    with pytest.raises(ValidationError) as exc:
        appeal_assign(appeal=case, handler=handler_a, actor=handler_a)
    assert exc.value.messages == ["只有办理中的诉求可以分派"]


def test_a_lawyer_is_assigned_and_unassigned(world, handler_a, lawyer, case):
    assigned = appeal_assign_lawyer(appeal=case, lawyer=lawyer, actor=handler_a)
    assert assigned.lawyer_id == lawyer.pk
    assert _last(assigned)[3] == "律师：lawyer_x"
    assert Notification.objects.filter(recipient=lawyer, title="有诉求指派给您").count() == 1
    cleared = appeal_assign_lawyer(appeal=case, lawyer=None, actor=handler_a)
    assert cleared.lawyer_id is None
    assert _last(cleared)[3] == "取消指派律师"


def test_only_a_registered_lawyer_may_be_assigned(world, handler_a, case):
    with pytest.raises(ValidationError) as exc:
        appeal_assign_lawyer(appeal=case, lawyer=handler_a, actor=handler_a)
    assert exc.value.message_dict == {"lawyer": ["handler_a 不是本工会登记的律师"]}


# ---- 补充材料, 恢复计时 ---------------------------------------------------------------------------------


def test_asking_for_materials_needs_a_note_pauses_and_tells_the_member(world, handler_a, case):
    appeal_accept(appeal=case, actor=handler_a)
    with pytest.raises(ValidationError) as exc:
        appeal_request_materials(appeal=case, actor=handler_a, note=" ")
    assert exc.value.message_dict == {"note": ["请填写要求补充材料的理由"]}
    with at(2026, 3, 4):
        paused = appeal_request_materials(appeal=case, actor=handler_a, note="请提供工资条")
    assert (paused.status, paused.paused_since) == (AppealStatus.AWAITING_MATERIALS, dt.date(2026, 3, 4))
    note = Notification.objects.get(recipient=world.org_member, title="请补充诉求材料")
    assert note.body == f"诉求{case.number}需要您补充：请提供工资条"


def test_resuming_moves_the_reply_deadline_by_the_paused_working_days(world, handler_a, case):
    with at(2026, 3, 2, 11):
        appeal_accept(appeal=case, actor=handler_a)
        appeal_request_materials(appeal=case, actor=handler_a, note="请提供工资条")
    with at(2026, 3, 5):
        resumed = appeal_resume(appeal=case, actor=handler_a, note="材料已当面交来")
    assert (resumed.status, resumed.paused_workdays, resumed.reply_due) == (
        AppealStatus.IN_PROGRESS,
        3,
        dt.date(2026, 3, 26),
    )
    assert resumed.paused_since is None
    assert _last(resumed)[3] == "材料已当面交来；暂停计时3个工作日，答复期限顺延至2026-03-26"


def test_a_case_that_is_not_paused_cannot_be_resumed(world, handler_a, case):
    appeal_accept(appeal=case, actor=handler_a)
    with pytest.raises(ValidationError) as exc:
        appeal_resume(appeal=case, actor=handler_a)
    assert exc.value.messages == ["当前状态“已受理”下不能执行“恢复计时”"]


# ---- 答复, 内部备注 -------------------------------------------------------------------------------------


def test_a_reply_needs_its_text_and_an_accepted_case(world, handler_a, case):
    with pytest.raises(ValidationError) as exc:
        appeal_reply(appeal=case, actor=handler_a, body="   ")
    assert exc.value.message_dict == {"body": ["请填写答复内容"]}
    with pytest.raises(ValidationError) as exc:
        appeal_reply(appeal=case, actor=handler_a, body="已处理")
    assert exc.value.messages == ["当前状态“待受理”下不能执行“答复”"]
    assert not AppealMessage.objects.exists()


def test_a_reply_records_the_handling_time_and_the_replier_as_handler(world, handler_a, case):
    with at(2026, 3, 3):
        appeal_accept(appeal=case, actor=handler_a)
    with at(2026, 3, 6):
        replied = appeal_reply(appeal=case, actor=handler_a, body="已协调学校于本月发放。")
    assert (replied.status, replied.replied_on, replied.handling_workdays, replied.was_overdue) == (
        AppealStatus.REPLIED,
        dt.date(2026, 3, 6),
        4,
        False,
    )
    assert replied.handler_id == handler_a.pk
    assert list(AppealMessage.objects.values_list("kind", "body")) == [
        (MessageKind.REPLY, "已协调学校于本月发放。")
    ]
    assert _member_titles(world)[-1] == "您的诉求已答复"


def test_a_reply_after_the_deadline_marks_the_case_overdue(world, handler_a, case):
    with at(2026, 3, 3):
        appeal_accept(appeal=case, actor=handler_a)
    with at(2026, 3, 30):
        replied = appeal_reply(appeal=case, actor=handler_a, body="已处理")
    assert replied.was_overdue is True


def test_internal_notes_need_text_and_a_handler_or_the_assigned_lawyer(
    world, handler_a, handler_b, lawyer, case
):
    with pytest.raises(ValidationError) as exc:
        appeal_note(appeal=case, actor=handler_a, body="")
    assert exc.value.message_dict == {"body": ["请填写备注内容"]}
    for outsider in (handler_b, lawyer, world.org_member):
        with pytest.raises(PermissionDenied):
            appeal_note(appeal=case, actor=outsider, body="看看")
    appeal_assign_lawyer(appeal=case, lawyer=lawyer, actor=handler_a)
    case.refresh_from_db()
    message = appeal_note(appeal=case, actor=lawyer, body="建议先协商，再申请仲裁。")
    assert (message.kind, message.author_id) == (MessageKind.NOTE, lawyer.pk)
    assert _last(case) == ("note", "", "", "建议先协商，再申请仲裁。")


# ---- 转办, 上报 -----------------------------------------------------------------------------------------


def test_a_transfer_needs_a_reason_and_a_target_in_the_handlers_scope(world, handler_a, supervisor, case):
    with pytest.raises(ValidationError) as exc:
        appeal_transfer(appeal=case, actor=supervisor, to_org=world.org_b, reason="")
    assert exc.value.message_dict == {"note": ["请填写理由"]}
    with pytest.raises(ValidationError) as exc:
        appeal_transfer(appeal=case, actor=supervisor, to_org=world.org_b, reason="理" * 301)
    assert exc.value.message_dict == {"note": ["理由不能超过300字"]}
    with pytest.raises(ValidationError) as exc:
        appeal_transfer(appeal=case, actor=handler_a, to_org=world.org_b, reason="属地管辖")
    assert exc.value.message_dict == {"to_org": ["只能转至您可办理范围内的其他工会"]}


def test_a_transfer_moves_the_case_and_clears_handler_and_lawyer(world, handler_a, supervisor, lawyer, case):
    appeal_assign(appeal=case, handler=handler_a, actor=handler_a)
    appeal_assign_lawyer(appeal=case, lawyer=lawyer, actor=handler_a)
    moved = appeal_transfer(appeal=case, actor=supervisor, to_org=world.org_b, reason="属地管辖")
    assert (moved.org_id, moved.handler_id, moved.lawyer_id, moved.origin_org_id) == (
        world.org_b.pk,
        None,
        None,
        world.org_a.pk,
    )
    assert _last(moved) == ("transfer", "", "", "由甲县第一中学工会转至乙县人民医院工会办理。理由：属地管辖")


def test_escalating_goes_to_the_parent_union_and_counts(world, handler_a, case):
    escalated = appeal_escalate(appeal=case, actor=handler_a, reason="涉及全县代课教师")
    assert (escalated.org_id, escalated.escalation_count) == (world.county_x.pk, 1)
    assert _last(escalated)[3] == "由甲县第一中学工会转至甲县教育工会办理。理由：涉及全县代课教师"
    with pytest.raises(PermissionDenied):  # the school's handler no longer handles it
        appeal_escalate(appeal=escalated, actor=handler_a, reason="再上报")


def test_the_city_union_has_nowhere_to_escalate(world, supervisor):
    with at(2026, 3, 2):
        case = make_appeal(world.member_a, target_org=world.city)
    with pytest.raises(ValidationError) as exc:
        appeal_escalate(appeal=case, actor=supervisor, reason="无上级")
    assert exc.value.messages == ["该工会没有可上报的上级工会"]


def test_a_replied_case_is_neither_transferred_nor_escalated(world, handler_a, supervisor, case):
    appeal_accept(appeal=case, actor=handler_a)
    appeal_reply(appeal=case, actor=handler_a, body="已处理")
    with pytest.raises(ValidationError) as exc:
        appeal_transfer(appeal=case, actor=supervisor, to_org=world.org_b, reason="属地")
    assert exc.value.messages == ["已答复或已办结的诉求不能转办"]
    with pytest.raises(ValidationError) as exc:
        appeal_escalate(appeal=case, actor=handler_a, reason="上报")
    assert exc.value.messages == ["已答复或已办结的诉求不能上报"]


def _handler(world, username):
    return make_cadre(username, world.org_a, role="appeals_handler")

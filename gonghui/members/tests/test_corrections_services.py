"""Corrections a member asks for on their own record: the submit, approve and reject services."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import make_cadre, make_member_user
from gonghui.accounts.models import User
from gonghui.accounts.roles import REVIEWER
from gonghui.core.timeline import timeline_for
from gonghui.members.choices import CorrectionStatus, MembershipChangeKind, MemberStatus
from gonghui.members.models import CorrectionRequest, Member, MembershipChange
from gonghui.members.selectors import correction_changes_display
from gonghui.members.services import (
    correction_request_approve,
    correction_request_reject,
    correction_request_submit,
)
from gonghui.notifications.models import Notification


def _errors(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        call()
    return exc.value.message_dict


def _submit(world, **changes):
    return correction_request_submit(
        member=world.member_a, actor=world.org_member, changes=changes, note="调档后更正"
    )


# --- services ---------------------------------------------------------------------------------------------


def test_submit_keeps_old_and_new_values_of_the_changed_fields_only(world):
    # when
    correction = _submit(
        world, name="甲 会员", education="大学本科", position_title=" 一级教师 ", phone="", skill_level=""
    )
    # then
    assert correction.status == CorrectionStatus.SUBMITTED
    assert correction.changes == {
        "name": ["甲会员", "甲 会员"],
        "education": ["", "21"],
        "position_title": ["", "一级教师"],
    }
    assert correction.note == "调档后更正"
    entry = timeline_for(correction).get()
    assert (entry.action, entry.to_state, entry.note, entry.actor) == (
        "submit",
        "submitted",
        "姓名、学历、岗位/职称",
        world.org_member,
    )
    assert correction_changes_display(correction) == [
        ("姓名", "甲会员", "甲 会员"),
        ("学历", "—", "大学本科毕业"),
        ("岗位/职称", "—", "一级教师"),
    ]


def test_values_equal_to_the_record_are_not_a_correction(world):
    with pytest.raises(ValidationError) as exc:
        _submit(world, name="甲会员", phone="13700001111")
    assert exc.value.messages == ["请至少填写一项与现有信息不同的更正内容"]


@pytest.mark.parametrize(
    ("_case", "changes", "errors"),
    [
        ("phone format", {"phone": "1370000111"}, {"phone": ["请输入11位中国大陆手机号"]}),
        (
            "phone of another member",
            {"phone": "13700002222"},
            {"phone": ["该手机号已被其他会员绑定，请更换手机号"]},
        ),
        (
            "code list",
            {"political_status": "无党派人士甲"},
            {"political_status": ["“无党派人士甲”不在政治面貌（GB/T 4762）代码表中"]},
        ),
        ("choice", {"skill_level": "9"}, {"skill_level": ["请选择有效的技能等级"]}),
        ("formula name", {"name": "@SUM(1)"}, {"name": ["姓名不能以 = + - @ 开头"]}),
        ("formula title", {"position_title": "+1"}, {"position_title": ["岗位/职称不能以 = + - @ 开头"]}),
        (
            "two bad fields",
            {"phone": "1", "household_type": "x"},
            {"phone": ["请输入11位中国大陆手机号"], "household_type": ["请选择有效的户籍类型"]},
        ),
    ],
)
def test_submit_names_each_bad_field(world, _case, changes, errors):
    make_member_user("13700002222", world.org_b, name="他人")
    assert _errors(lambda: _submit(world, **changes)) == errors
    assert CorrectionRequest.objects.count() == 0


def test_only_the_member_may_ask_and_only_once_at_a_time(world):
    with pytest.raises(PermissionDenied):
        correction_request_submit(member=world.member_a, actor=world.org_admin, changes={"name": "改名"})
    _submit(world, name="新名")
    with pytest.raises(ValidationError) as exc:
        _submit(world, position_title="高级教师")
    assert exc.value.messages == ["您已有待审核的更正申请，请等待审核结果"]


def test_a_former_member_cannot_ask(world):
    Member.objects.filter(pk=world.member_a.pk).update(status=MemberStatus.LEFT)
    world.member_a.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        _submit(world, name="新名")
    assert exc.value.messages == ["只有在籍会员可以申请信息更正"]


def test_unknown_fields_are_refused(world):
    with pytest.raises(ValidationError) as exc:
        correction_request_submit(
            member=world.member_a, actor=world.org_member, changes={"id_number_hash": "x"}
        )
    assert exc.value.messages == ["不能申请更正这些信息：id_number_hash"]


def test_approve_applies_the_changes_and_records_them(world):
    # given
    correction = _submit(
        world, name="甲新名", phone="13700003333", education="研究生", household_type="rural"
    )
    # when
    correction_request_approve(correction=correction, actor=world.org_admin)
    # then
    member = Member.objects.get(pk=world.member_a.pk)
    assert (member.name, member.phone, member.education, member.household_type) == (
        "甲新名",
        "13700003333",
        "14",
        "rural",
    )
    assert (member.name_pinyin, member.name_initials) == ("jiaxinming", "jxm")
    user = User.objects.get(pk=world.org_member.pk)
    assert (user.name, user.phone) == ("甲新名", "13700003333")
    change = MembershipChange.objects.get(member=member)
    assert (change.kind, change.happened_on, change.actor) == (
        MembershipChangeKind.CORRECTION,
        timezone.localdate(),
        world.org_admin,
    )
    assert (
        change.reason
        == "姓名：甲会员→甲新名；手机号：13700001111→13700003333；学历：—→硕士研究生毕业；户籍类型：—→农村"
    )
    correction.refresh_from_db()
    assert (correction.status, correction.reviewed_by) == (CorrectionStatus.APPROVED, world.org_admin)
    assert [e.action for e in timeline_for(correction).order_by("id")] == ["submit", "approve"]
    assert [e.action for e in timeline_for(member)] == ["correction"]
    assert list(
        Notification.objects.filter(recipient=user).order_by("id").values_list("title", flat=True)
    ) == [
        "已收到您的信息更正申请",  # the receipt of the submission
        "信息更正已通过",
    ]


def test_approve_checks_the_values_again(world):
    # given the phone was taken after the request was made
    correction = _submit(world, phone="13700003333")
    make_member_user("13700003333", world.org_b, name="后来者")
    # when
    with pytest.raises(ValidationError) as exc:
        correction_request_approve(correction=correction, actor=world.org_admin)
    # then nothing changed
    assert exc.value.message_dict == {"phone": ["该手机号已被其他会员绑定，请更换手机号"]}
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.SUBMITTED
    assert Member.objects.get(pk=world.member_a.pk).phone == "13700001111"


@pytest.mark.parametrize("actor", ["outsider", "org_member", "reviewer"])
def test_approve_and_reject_need_manage_on_the_members_union(world, actor):
    correction = _submit(world, name="新名")
    user = make_cadre("rev_a", world.org_a, role=REVIEWER) if actor == "reviewer" else getattr(world, actor)
    with pytest.raises(PermissionDenied):
        correction_request_approve(correction=correction, actor=user)
    with pytest.raises(PermissionDenied):
        correction_request_reject(correction=correction, actor=user, reason="无依据")
    assert Member.objects.get(pk=world.member_a.pk).name == "甲会员"


def test_reject_needs_a_reason_and_tells_the_member(world):
    correction = _submit(world, name="新名")
    assert _errors(
        lambda: correction_request_reject(correction=correction, actor=world.org_admin, reason="")
    ) == {"reason": ["请填写不同意的原因"]}
    correction_request_reject(correction=correction, actor=world.org_admin, reason="请携带户口本到工会办理")
    correction.refresh_from_db()
    assert (correction.status, correction.reject_reason) == (
        CorrectionStatus.REJECTED,
        "请携带户口本到工会办理",
    )
    assert Member.objects.get(pk=world.member_a.pk).name == "甲会员"
    assert (
        Notification.objects.exclude(title="已收到您的信息更正申请").get(recipient=world.org_member).body
        == "请携带户口本到工会办理"
    )
    with pytest.raises(ValidationError) as exc:
        correction_request_approve(correction=correction, actor=world.org_admin)
    assert exc.value.messages == ["当前状态“未通过”下不能执行“同意更正”"]


def test_the_date_of_a_correction_is_today(world):
    correction = _submit(world, position_title="高级教师")
    correction_request_approve(correction=correction, actor=world.org_admin)
    assert MembershipChange.objects.get().happened_on == dt.date.today()  # noqa: DTZ011

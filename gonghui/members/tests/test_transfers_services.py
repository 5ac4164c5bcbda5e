"""Transfer services: request, 转出方同意, 转入方同意, reject, cancel; the member stays 在籍 in exactly one union;
transfers out of the platform complete at the old union and produce a 组织关系介绍信."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from conftest import make_member_user
from gonghui.accounts.models import RoleGrant
from gonghui.accounts.roles import MEMBER
from gonghui.core.timeline import timeline_for
from gonghui.members import demo
from gonghui.members.choices import MembershipChangeKind, MemberStatus, TransferStatus
from gonghui.members.models import Member, MembershipChange, Transfer
from gonghui.members.selectors import transfer_list_for_user
from gonghui.members.services import (
    transfer_approve_in,
    transfer_approve_out,
    transfer_cancel,
    transfer_letter_pdf,
    transfer_reject,
    transfer_request,
    transfers,
)
from gonghui.members.tests.factories import MemberFactory
from gonghui.members.tests.test_joining_factories import make_transfer
from gonghui.notifications.models import Notification
from gonghui.orgs.choices import OrgLevel, OrgStatus
from gonghui.orgs.tests.factories import OrgFactory

NOW = dt.datetime(2026, 5, 6, 10, 0, tzinfo=dt.UTC)


def _errors(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        call()
    return exc.value.message_dict


def _holding(member) -> list[tuple[str, str]]:
    """Where the person holds membership: (org code, status) for every holding record of their ID."""
    return list(
        Member.objects.filter(
            id_number_hash=member.id_number_hash, status__in=["active", "retired_kept"]
        ).values_list("org__code", "status")
    )


# --- request ----------------------------------------------------------------------------------------------


def test_the_member_requests_a_transfer_to_another_union(world):
    # when
    transfer = transfer_request(
        member=world.member_a, actor=world.org_member, to_org=world.org_b, reason="工作调动"
    )
    # then
    transfer.refresh_from_db()
    assert (transfer.status, transfer.from_org, transfer.to_org, transfer.requested_by) == (
        TransferStatus.REQUESTED,
        world.org_a,
        world.org_b,
        world.org_member,
    )
    entry = timeline_for(transfer).get()
    assert (entry.action, entry.to_state, entry.note) == (
        "request",
        "requested",
        "从甲县第一中学工会转至乙县人民医院工会；工作调动",
    )
    assert _holding(world.member_a) == [("ORGA", "active")]


def test_the_old_union_may_request_for_its_member(world):
    transfer = transfer_request(
        member=world.member_a, actor=world.org_admin, to_org_outside="  郑州市 第一中学工会 "
    )
    assert (transfer.to_org, transfer.to_org_outside, transfer.requested_by) == (
        None,
        "郑州市 第一中学工会",
        world.org_admin,
    )


@pytest.mark.parametrize("actor", ["outsider", "other member"])
def test_nobody_else_may_request(world, actor):
    user = (
        world.outsider
        if actor == "outsider"
        else make_member_user("13700002222", world.org_a, name="他人")[0]
    )
    with pytest.raises(PermissionDenied):
        transfer_request(member=world.member_a, actor=user, to_org=world.org_b)
    assert Transfer.objects.count() == 0


@pytest.mark.parametrize(
    ("_case", "kwargs", "errors"),
    [
        ("neither", {}, {"to_org": ["请选择平台内的转入工会，或填写平台外的转入单位（二者选一）"]}),
        (
            "both",
            {"to_org": "org_b", "to_org_outside": "外单位"},
            {"to_org": ["请选择平台内的转入工会，或填写平台外的转入单位（二者选一）"]},
        ),
        ("own union", {"to_org": "org_a"}, {"to_org": ["转入工会不能是会员当前所在的工会"]}),
        ("city union", {"to_org": "city"}, {"to_org": ["该工会不能作为转入工会，请重新选择"]}),
        (
            "formula",
            {"to_org_outside": "=HYPERLINK()"},
            {"to_org_outside": ["转入单位名称不能以 = + - @ 开头"]},
        ),
        ("long reason", {"to_org": "org_b", "reason": "长" * 201}, {"reason": ["转会原因不能超过200字"]}),
    ],
)
def test_request_checks_the_destination(world, _case, kwargs, errors):
    if "to_org" in kwargs:
        kwargs["to_org"] = getattr(world, kwargs["to_org"])
    assert _errors(lambda: transfer_request(member=world.member_a, actor=world.org_admin, **kwargs)) == errors
    assert Transfer.objects.count() == 0


def test_request_refuses_an_inactive_union(world):
    closed = OrgFactory.create(parent=world.county_y, code="SHUT", status=OrgStatus.INACTIVE)
    found = _errors(lambda: transfer_request(member=world.member_a, actor=world.org_admin, to_org=closed))
    assert found == {"to_org": ["该工会不能作为转入工会，请重新选择"]}


def test_only_an_active_member_can_transfer(world):
    Member.objects.filter(pk=world.member_a.pk).update(status=MemberStatus.RETIRED_KEPT)
    with pytest.raises(ValidationError) as exc:
        transfer_request(member=world.member_a, actor=world.org_admin, to_org=world.org_b)
    assert exc.value.messages == ["只有在籍会员可以办理转会，该会员当前为“保留会籍(退休)”"]


def test_one_open_transfer_at_a_time(world):
    transfer_request(member=world.member_a, actor=world.org_member, to_org=world.org_b)
    with pytest.raises(ValidationError) as exc:
        transfer_request(member=world.member_a, actor=world.org_admin, to_org=world.county_y)
    assert exc.value.messages == ["该会员已有办理中的转会"]
    with pytest.raises(IntegrityError), transaction.atomic():
        make_transfer(world.member_a, to_org=world.county_y, status=TransferStatus.OUT_APPROVED)


def test_a_lost_race_for_the_open_transfer_is_reported_in_chinese(world, monkeypatch):
    make_transfer(world.member_a, to_org=world.org_b)
    real_filter = Transfer.objects.filter

    class NoOpenCheck:
        def exists(self):
            return False

    monkeypatch.setattr(
        Transfer.objects,
        "filter",
        lambda *a, **k: NoOpenCheck() if "status__in" in k else real_filter(*a, **k),
    )
    with pytest.raises(ValidationError) as exc:
        transfer_request(member=world.member_a, actor=world.org_admin, to_org=world.county_y)
    assert exc.value.messages == ["该会员已有办理中的转会"]


# --- inside the platform: two approvals -------------------------------------------------------------------


@pytest.fixture
def requested(world):
    return transfer_request(
        member=world.member_a, actor=world.org_member, to_org=world.org_b, reason="工作调动"
    )


def test_the_full_transfer_moves_the_member_only_at_the_last_approval(world, requested):
    # when the old union approves
    transfer_approve_out(transfer=requested, actor=world.org_admin)
    # then the member is still 在籍 in org A
    requested.refresh_from_db()
    assert requested.status == TransferStatus.OUT_APPROVED
    assert _holding(world.member_a) == [("ORGA", "active")]
    assert MembershipChange.objects.filter(member=world.member_a).count() == 0
    # when the new union approves
    with time_machine.travel(NOW, tick=False):
        transfer_approve_in(transfer=requested, actor=world.outsider)
    # then
    requested.refresh_from_db()
    assert (requested.status, requested.completed_on) == (TransferStatus.COMPLETED, dt.date(2026, 5, 6))
    assert _holding(world.member_a) == [("ORGB", "active")]
    changes = list(
        MembershipChange.objects.filter(member=world.member_a).values_list(
            "kind", "from_org__code", "to_org__code", "happened_on", "actor__username"
        )
    )
    assert changes == [
        (MembershipChangeKind.TRANSFER_OUT, "ORGA", "ORGB", dt.date(2026, 5, 6), "admin_b"),
        (MembershipChangeKind.TRANSFER_IN, "ORGA", "ORGB", dt.date(2026, 5, 6), "admin_b"),
    ]
    assert list(
        RoleGrant.objects.filter(user=world.org_member, role=MEMBER).values_list("org__code", flat=True)
    ) == ["ORGB"]
    assert [(e.action, e.from_state, e.to_state) for e in timeline_for(requested).order_by("id")] == [
        ("request", "", "requested"),
        ("approve_out", "requested", "out_approved"),
        ("approve_in", "out_approved", "completed"),
    ]
    assert timeline_for(world.member_a).get().note == "从甲县第一中学工会转至乙县人民医院工会"
    assert list(
        Notification.objects.filter(recipient=world.org_member).order_by("id").values_list("title", flat=True)
    ) == [
        "已收到您的转会申请",  # the receipt of the member's request
        "转会：转出方已同意",
        "转会已完成",
    ]


def test_the_receiving_union_sees_the_transfer_only_when_addressed_to_it(world, requested):
    other = make_transfer(MemberFactory.create(org=world.org_a), to_org=world.county_x)
    assert list(transfer_list_for_user(user=world.outsider)) == [requested]
    assert list(transfer_list_for_user(user=world.outsider, direction="out")) == []
    assert set(transfer_list_for_user(user=world.org_admin)) == {requested, other}
    assert list(transfer_list_for_user(user=world.org_admin, direction="in")) == []


@pytest.mark.parametrize(
    ("_case", "actor"), [("the receiving union", "outsider"), ("the member", "org_member")]
)
def test_approve_out_belongs_to_the_old_union(world, requested, _case, actor):
    with pytest.raises(PermissionDenied):
        transfer_approve_out(transfer=requested, actor=getattr(world, actor))
    requested.refresh_from_db()
    assert requested.status == TransferStatus.REQUESTED


def test_approve_in_belongs_to_the_receiving_union(world, requested):
    transfer_approve_out(transfer=requested, actor=world.org_admin)
    with pytest.raises(PermissionDenied):
        transfer_approve_in(transfer=requested, actor=world.org_admin)
    assert _holding(world.member_a) == [("ORGA", "active")]


def test_approve_in_comes_after_approve_out(world, requested):
    with pytest.raises(ValidationError) as exc:
        transfer_approve_in(transfer=requested, actor=world.outsider)
    assert exc.value.messages == ["当前状态“待转出方审批”下不能执行“转入方同意”"]


def test_a_changed_membership_stops_the_transfer(world, requested):
    transfer_approve_out(transfer=requested, actor=world.org_admin)
    Member.objects.filter(pk=world.member_a.pk).update(status=MemberStatus.LEFT)
    with pytest.raises(ValidationError) as exc:
        transfer_approve_in(transfer=requested, actor=world.outsider)
    assert exc.value.messages == ["该会员的会籍已发生变动（当前为已退会），不能办理此转会"]
    requested.refresh_from_db()
    assert requested.status == TransferStatus.OUT_APPROVED


# --- reject and cancel ------------------------------------------------------------------------------------


def test_reject_needs_a_reason(world, requested):
    assert _errors(lambda: transfer_reject(transfer=requested, actor=world.org_admin, reason=" ")) == {
        "reason": ["请填写不同意的原因"]
    }


def test_the_old_union_rejects_first_then_the_new_one(world, requested):
    # the receiving union may not reject before the old union approved
    with pytest.raises(PermissionDenied):
        transfer_reject(transfer=requested, actor=world.outsider, reason="编制已满")
    transfer_approve_out(transfer=requested, actor=world.org_admin)
    # now the old union may not, the receiving union may
    with pytest.raises(PermissionDenied):
        transfer_reject(transfer=requested, actor=world.org_admin, reason="改变主意")
    transfer_reject(transfer=requested, actor=world.outsider, reason="编制已满")
    requested.refresh_from_db()
    assert (requested.status, requested.reject_reason) == (TransferStatus.REJECTED, "编制已满")
    last = timeline_for(requested).last()
    assert last is not None
    assert last.note == "编制已满"
    assert _holding(world.member_a) == [("ORGA", "active")]
    assert Notification.objects.filter(
        recipient=world.org_member, title="转会未通过", body="编制已满"
    ).exists()


@pytest.mark.parametrize("actor", ["org_member", "org_admin"])
def test_the_member_or_the_old_union_cancels(world, requested, actor):
    transfer_cancel(transfer=requested, actor=getattr(world, actor))
    requested.refresh_from_db()
    assert requested.status == TransferStatus.CANCELLED
    # a new transfer may be requested afterwards
    assert (
        transfer_request(member=world.member_a, actor=world.org_member, to_org=world.county_y).status
        == "requested"
    )


def test_the_receiving_union_cannot_cancel(world, requested):
    with pytest.raises(PermissionDenied):
        transfer_cancel(transfer=requested, actor=world.outsider)


def test_a_completed_transfer_cannot_be_cancelled(world, requested):
    transfer_approve_out(transfer=requested, actor=world.org_admin)
    transfer_approve_in(transfer=requested, actor=world.outsider)
    with pytest.raises(ValidationError) as exc:
        transfer_cancel(transfer=requested, actor=world.org_member)
    assert exc.value.messages == ["当前状态“已完成”下不能执行“撤销”"]


# --- out of the platform ----------------------------------------------------------------------------------


def test_a_transfer_out_of_the_platform_completes_at_the_old_union_with_a_letter_number(world):
    # given
    world.org_a.short_name = "焦教工"
    world.org_a.save(update_fields=["short_name"])
    first = transfer_request(
        member=world.member_a, actor=world.org_member, to_org_outside="郑州市第一中学工会"
    )
    other = MemberFactory.create(org=world.org_a, name="另一位")
    second = transfer_request(member=other, actor=world.org_admin, to_org_outside="洛阳市实验中学工会")
    # when
    with time_machine.travel(NOW, tick=False):
        transfer_approve_out(transfer=first, actor=world.org_admin)
        transfer_approve_out(transfer=second, actor=world.org_admin)
    # then
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.letter_number, first.completed_on) == (
        TransferStatus.COMPLETED,
        "焦教工介〔2026〕1号",
        dt.date(2026, 5, 6),
    )
    assert second.letter_number == "焦教工介〔2026〕2号"
    world.member_a.refresh_from_db()
    assert (world.member_a.status, world.member_a.org, world.member_a.status_changed_on) == (
        MemberStatus.TRANSFERRED_OUT,
        world.org_a,
        dt.date(2026, 5, 6),
    )
    change = MembershipChange.objects.get(member=world.member_a)
    assert (change.kind, change.from_org, change.to_org, change.reason) == (
        MembershipChangeKind.TRANSFER_OUT,
        world.org_a,
        None,
        "转至平台外单位：郑州市第一中学工会",
    )
    assert [(e.action, e.from_state, e.to_state) for e in timeline_for(first).order_by("id")] == [
        ("request", "", "requested"),
        ("approve_out", "requested", "completed"),
    ]
    assert _holding(world.member_a) == []


def test_the_letter_is_a_pdf_naming_the_member_and_the_destination(world, monkeypatch):
    # given
    world.org_a.short_name = "焦教工"
    world.org_a.save(update_fields=["short_name"])
    Member.objects.filter(pk=world.member_a.pk).update(
        joined_on=dt.date(2015, 9, 1), member_number="ORGA-2015-00007"
    )
    transfer = transfer_request(
        member=world.member_a, actor=world.org_member, to_org_outside="郑州市第一中学工会", reason="工作调动"
    )
    with time_machine.travel(NOW, tick=False):
        transfer_approve_out(transfer=transfer, actor=world.org_admin)
    transfer = Transfer.objects.select_related("member", "from_org").get(pk=transfer.pk)
    # when the template is rendered
    captured: dict[str, Any] = {}
    monkeypatch.setattr(
        transfers, "render_pdf", lambda name, context: captured.update(name=name, context=context) or b"%PDF"
    )
    transfer_letter_pdf(transfer=transfer)
    html = render_to_string(captured["name"], captured["context"])
    # then
    assert captured["name"] == "members/pdf/transfer_letter.html"
    for text in (
        "组织关系介绍信",
        "焦教工介〔2026〕1号",
        "郑州市第一中学工会：",
        "兹有我会会员 甲会员（男，居民身份证 "
        + world.member_a.id_number_masked
        + "，会员编号 ORGA-2015-00007），因工作调动",
        "于2015年9月1日加入工会",
        "甲县第一中学工会（盖章）",
        "2026年5月6日",
    ):
        assert text in html


def test_the_letter_renders_to_pdf(world):
    transfer = transfer_request(
        member=world.member_a, actor=world.org_member, to_org_outside="郑州市第一中学工会"
    )
    transfer_approve_out(transfer=transfer, actor=world.org_admin)
    transfer.refresh_from_db()
    assert transfer_letter_pdf(transfer=transfer).startswith(b"%PDF")


def test_there_is_no_letter_for_a_transfer_inside_the_platform(world, requested):
    with pytest.raises(ValidationError) as exc:
        transfer_letter_pdf(transfer=requested)
    assert exc.value.messages == ["该转会没有组织关系介绍信"]


# --- demo data --------------------------------------------------------------------------------------------


def test_the_demo_seeder_is_idempotent(world):
    for n in range(4):
        org = OrgFactory.create(parent=world.county_y, code=f"D{n}", level=OrgLevel.GRASSROOTS)
        MemberFactory.create(org=org)
    first = demo.seed_transfers()
    statuses = sorted(Transfer.objects.values_list("status", flat=True))
    second = demo.seed_transfers()
    assert first == "办理中的转会 3 件"
    assert statuses == ["out_approved", "requested", "requested"]
    assert second == "转会演示数据已存在，跳过"
    assert Transfer.objects.count() == 3

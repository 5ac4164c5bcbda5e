"""Services of 网上维权: intake (portal, on a member's behalf), duplicates, the desk's actions, the member's rating
and re-opening, the audited reveal, categories and designations."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.appeals.choices import AppealAction, AppealChannel, AppealStatus, MessageKind, Rating
from gonghui.appeals.models import Appeal, AppealMessage, HandlerDesignation
from gonghui.appeals.selectors import appeal_target_orgs
from gonghui.appeals.services import (
    AppealInput,
    appeal_accept,
    appeal_assign,
    appeal_escalate,
    appeal_identity_reveal,
    appeal_note,
    appeal_rate,
    appeal_record,
    appeal_reject,
    appeal_reopen,
    appeal_reply,
    appeal_submit,
    appeal_transfer,
    category_save,
    designation_create,
)
from gonghui.appeals.tests.factories import DESCRIPTION, at, category, make_appeal
from gonghui.core.audit import AuditContext
from gonghui.core.models import AuditAction, AuditLog
from gonghui.core.timeline import timeline_for
from gonghui.notifications.models import Notification

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _input(*, title: str = "拖欠课时费", description: str = DESCRIPTION) -> AppealInput:
    return AppealInput(category=category("wages"), title=title, description=description)


@pytest.mark.django_db
def test_a_member_submits_and_gets_a_numbered_case_with_promised_dates(world, handler_a):
    # when
    with at(2026, 3, 2, 9):
        appeal, created = appeal_submit(
            member=world.member_a, actor=world.org_member, data=_input(), privacy_accepted=True
        )
    # then
    assert created is True
    assert appeal.number == "WQ-2026-00001"
    assert (appeal.org, appeal.origin_org, appeal.channel) == (world.org_a, world.org_a, AppealChannel.PORTAL)
    assert (appeal.submitted_on, appeal.accept_due, appeal.reply_due) == (
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 4),
        dt.date(2026, 3, 23),
    )
    entry = timeline_for(appeal).get()
    assert (entry.action, entry.actor, entry.to_state) == ("submit", world.org_member, "submitted")
    # the union's handlers hear of it
    assert list(Notification.objects.filter(recipient=handler_a).values_list("title", flat=True)) == [
        "新诉求待受理"
    ]


@pytest.mark.django_db
def test_the_same_text_twice_within_ten_minutes_is_one_case(world):
    with at(2026, 3, 2, 9):
        first, _ = appeal_submit(
            member=world.member_a, actor=world.org_member, data=_input(), privacy_accepted=True
        )
    with at(2026, 3, 2, 9, 5):
        again, created = appeal_submit(
            member=world.member_a,
            actor=world.org_member,
            data=_input(title=" 拖欠课时费 ", description=DESCRIPTION + "\n"),
            privacy_accepted=True,
        )
    assert (again.pk, created) == (first.pk, False)
    with at(2026, 3, 2, 9, 11):
        later, created = appeal_submit(
            member=world.member_a, actor=world.org_member, data=_input(), privacy_accepted=True
        )
    assert created is True
    assert later.pk != first.pk
    assert Appeal.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("_case", "overrides", "privacy", "field"),
    [
        ("no consent", {}, False, "privacy"),
        ("empty title", {"title": "  "}, True, "title"),
        ("too short", {"description": "太短了"}, True, "description"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(world, _case, overrides, privacy, field):
    with pytest.raises(ValidationError) as info:
        appeal_submit(
            member=world.member_a, actor=world.org_member, data=_input(**overrides), privacy_accepted=privacy
        )
    assert field in info.value.message_dict
    assert Appeal.objects.count() == 0


@pytest.mark.django_db
def test_a_bad_attachment_is_named_and_nothing_is_saved(world):
    good = SimpleUploadedFile("工资条.pdf", PDF, content_type="application/pdf")
    bad = SimpleUploadedFile("病毒.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    with pytest.raises(ValidationError) as info:
        appeal_submit(
            member=world.member_a,
            actor=world.org_member,
            data=_input(),
            privacy_accepted=True,
            uploads=[good, bad],
        )
    assert "病毒.exe" in info.value.message_dict["attachments"][0]
    assert Appeal.objects.count() == 0


@pytest.mark.django_db
def test_the_member_may_address_the_county_or_city_union_but_not_another_union(world):
    assert [o.code for o in appeal_target_orgs(world.org_a)] == ["ORGA", "CX", "CITY"]
    appeal, _ = appeal_submit(
        member=world.member_a,
        actor=world.org_member,
        data=_input(),
        privacy_accepted=True,
        target_org=world.county_x,
    )
    assert (appeal.org, appeal.origin_org) == (world.county_x, world.org_a)
    with pytest.raises(ValidationError) as info:
        appeal_submit(
            member=world.member_a,
            actor=world.org_member,
            data=_input(title="另一件"),
            privacy_accepted=True,
            target_org=world.org_b,
        )
    assert "target_org" in info.value.message_dict


@pytest.mark.django_db
def test_an_anonymous_submission_hides_the_actor_and_the_name_in_notifications(world, handler_a):
    appeal = make_appeal(world.member_a, anonymous=True, title="匿名反映加班")
    entry = timeline_for(appeal).get()
    assert entry.actor is None
    note = Notification.objects.get(recipient=handler_a)
    assert world.member_a.name not in f"{note.title}{note.body}"
    assert appeal.requester_label == "匿名"


@pytest.mark.django_db
def test_a_cadre_records_a_phone_call_and_it_links_the_member_by_phone(world, handler_a):
    appeal = appeal_record(
        actor=handler_a,
        org=world.org_a,
        channel=AppealChannel.PHONE,
        contact_name="甲会员",
        contact_phone=world.member_a.phone,
        data=_input(),
        consent_told=True,
    )
    assert (appeal.member, appeal.channel, appeal.submitted_by) == (world.member_a, "phone", handler_a)
    # a union outside the cadre's scope is refused
    with pytest.raises(PermissionDenied):
        appeal_record(
            actor=handler_a,
            org=world.org_b,
            channel=AppealChannel.VISIT,
            contact_name="路人",
            contact_phone="",
            data=_input(),
            consent_told=True,
        )
    with pytest.raises(ValidationError) as info:
        appeal_record(
            actor=handler_a,
            org=world.org_a,
            channel=AppealChannel.LETTER,
            contact_name="",
            contact_phone="12",
            data=_input(),
            consent_told=False,
        )
    assert set(info.value.message_dict) == {"contact_name", "contact_phone", "consent_told"}


@pytest.mark.django_db
def test_accept_reply_rate_is_on_the_timeline_and_notifies_the_member(world, handler_a):
    appeal = make_appeal(world.member_a)
    appeal = appeal_accept(appeal=appeal, actor=handler_a)
    assert appeal.status == AppealStatus.ACCEPTED
    appeal = appeal_reply(appeal=appeal, actor=handler_a, body="单位已承诺本月补发")
    assert (appeal.status, appeal.handler, appeal.handling_workdays) == (AppealStatus.REPLIED, handler_a, 0)
    assert AppealMessage.objects.get(appeal=appeal).kind == MessageKind.REPLY
    appeal = appeal_rate(
        appeal=appeal, member=world.member_a, actor=world.org_member, rating=Rating.FAIRLY, comment="还行"
    )
    assert (appeal.status, appeal.rating) == (AppealStatus.RATED, "fairly")
    assert [e.action for e in timeline_for(appeal)] == ["submit", "accept", "reply", "rate"]
    assert list(
        Notification.objects.filter(recipient=world.org_member).order_by("pk").values_list("title", flat=True)
    ) == [
        "已收到您的诉求",  # the receipt of the submission
        "您的诉求已受理",
        "您的诉求已答复",
    ]


@pytest.mark.django_db
def test_reject_needs_a_reason_and_other_unions_cannot_act(world, handler_a, handler_b):
    appeal = make_appeal(world.member_a)
    with pytest.raises(ValidationError):
        appeal_reject(appeal=appeal, actor=handler_a, reason=" ")
    with pytest.raises(PermissionDenied):
        appeal_accept(appeal=appeal, actor=handler_b)
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.SUBMITTED
    appeal = appeal_reject(appeal=appeal, actor=handler_a, reason="不属于工会受理范围")
    assert (appeal.status, appeal.reject_reason) == (AppealStatus.REJECTED, "不属于工会受理范围")
    with pytest.raises(ValidationError):
        appeal_accept(appeal=appeal, actor=handler_a)


@pytest.mark.django_db
def test_reopen_once_within_fifteen_days_unless_satisfied(world, handler_a):
    with at(2026, 3, 2, 9):
        appeal = appeal_accept(appeal=make_appeal(world.member_a), actor=handler_a)
        appeal = appeal_reply(appeal=appeal, actor=handler_a, body="已协调")
    with at(2026, 3, 17, 9):  # 15 calendar days later: still allowed
        appeal = appeal_reopen(
            appeal=appeal, member=world.member_a, actor=world.org_member, reason="还没补发"
        )
    assert (appeal.status, appeal.reopen_count) == (AppealStatus.IN_PROGRESS, 1)
    assert appeal.reply_due == dt.date(2026, 4, 8)  # a fresh 15 working days (清明 4月6日 is off)
    with at(2026, 3, 18, 9):
        appeal = appeal_reply(appeal=appeal, actor=handler_a, body="已补发")
        with pytest.raises(ValidationError, match="只能申请重办一次"):
            appeal_reopen(appeal=appeal, member=world.member_a, actor=world.org_member, reason="再来一次")

    other = make_appeal(world.member_a, title="另一件事")
    with at(2026, 3, 2, 9):
        other = appeal_reply(
            appeal=appeal_accept(appeal=other, actor=handler_a), actor=handler_a, body="已办"
        )
    with at(2026, 3, 18, 9), pytest.raises(ValidationError, match="超过15天"):
        appeal_reopen(appeal=other, member=world.member_a, actor=world.org_member, reason="晚了")
    third = make_appeal(world.member_a, title="第三件")
    third = appeal_reply(appeal=appeal_accept(appeal=third, actor=handler_a), actor=handler_a, body="已办")
    third = appeal_rate(appeal=third, member=world.member_a, actor=world.org_member, rating=Rating.SATISFIED)
    with pytest.raises(ValidationError, match="满意"):
        appeal_reopen(appeal=third, member=world.member_a, actor=world.org_member, reason="反悔")


@pytest.mark.django_db
def test_only_the_requester_rates_or_reopens(world, handler_a, member_b):
    appeal = appeal_reply(
        appeal=appeal_accept(appeal=make_appeal(world.member_a), actor=handler_a), actor=handler_a, body="好"
    )
    with pytest.raises(PermissionDenied):
        appeal_rate(appeal=appeal, member=member_b, actor=member_b.user, rating=Rating.UNSATISFIED)


@pytest.mark.django_db
def test_transfer_and_escalate_move_the_case_with_a_reason(world, handler_a, supervisor):
    appeal = make_appeal(world.member_a)
    with pytest.raises(ValidationError):
        appeal_escalate(appeal=appeal, actor=handler_a, reason="")
    appeal = appeal_escalate(appeal=appeal, actor=handler_a, reason="涉及全县多所学校")
    assert (appeal.org, appeal.escalation_count) == (world.county_x, 1)
    # org A's handler no longer handles it; the supervisor above moves it to org B
    with pytest.raises(PermissionDenied):
        appeal_escalate(appeal=appeal, actor=handler_a, reason="再上报")
    appeal = appeal_transfer(
        appeal=appeal, actor=supervisor, to_org=world.org_b, reason="当事人已调入乙县医院"
    )
    assert appeal.org == world.org_b
    assert [e.action for e in timeline_for(appeal)] == ["submit", "escalate", "transfer"]
    # a handler cannot transfer outside their scope
    other = make_appeal(world.member_a, title="另一件")
    with pytest.raises(ValidationError):
        appeal_transfer(appeal=other, actor=handler_a, to_org=world.org_b, reason="试试")


@pytest.mark.django_db
def test_assignment_only_to_handlers_of_the_union_and_designated_ones_for_restricted_categories(
    world, handler_a, handler_b, women_handler_a, org_admin
):
    appeal = make_appeal(world.member_a)
    with pytest.raises(ValidationError):
        appeal_assign(appeal=appeal, handler=handler_b, actor=handler_a)
    assert appeal_assign(appeal=appeal, handler=women_handler_a, actor=handler_a).handler == women_handler_a
    women = make_appeal(world.member_a, code="women", title="孕期调岗")
    with pytest.raises(PermissionDenied):  # an undesignated handler may not touch it
        appeal_assign(appeal=women, handler=women_handler_a, actor=handler_a)
    with pytest.raises(ValidationError):
        appeal_assign(appeal=women, handler=handler_a, actor=women_handler_a)
    assert (
        appeal_assign(appeal=women, handler=women_handler_a, actor=women_handler_a).handler == women_handler_a
    )


@pytest.mark.django_db
def test_internal_notes_are_kept_apart_from_replies(world, handler_a, lawyer, handler_b):
    appeal = make_appeal(world.member_a)
    note = appeal_note(appeal=appeal, actor=handler_a, body="先与校长沟通")
    assert note.kind == MessageKind.NOTE
    with pytest.raises(PermissionDenied):
        appeal_note(appeal=appeal, actor=handler_b, body="越权")
    with pytest.raises(PermissionDenied):  # a lawyer only on the cases assigned to them
        appeal_note(appeal=appeal, actor=lawyer, body="法律意见")
    Appeal.objects.filter(pk=appeal.pk).update(lawyer=lawyer)
    appeal.refresh_from_db()
    assert appeal_note(appeal=appeal, actor=lawyer, body="建议申请劳动仲裁").author == lawyer


@pytest.mark.django_db
def test_only_a_supervisor_reveals_an_anonymous_requester_and_it_is_audited(world, handler_a, supervisor):
    appeal = make_appeal(world.member_a, anonymous=True)
    with pytest.raises(PermissionDenied):
        appeal_identity_reveal(context=AuditContext(), appeal=appeal, actor=handler_a, reason="想知道是谁")
    with pytest.raises(ValidationError):
        appeal_identity_reveal(context=AuditContext(), appeal=appeal, actor=supervisor, reason="看")
    assert AuditLog.objects.filter(action=AuditAction.REVEAL).count() == 0
    identity = appeal_identity_reveal(
        context=AuditContext(), appeal=appeal, actor=supervisor, reason="需当面核实工资发放情况"
    )
    assert (identity.name, identity.phone, identity.org_name) == (
        "甲会员",
        world.member_a.phone,
        world.org_a.name,
    )
    log = AuditLog.objects.get(action=AuditAction.REVEAL)
    assert (log.actor, log.detail["reason"]) == (supervisor, "需当面核实工资发放情况")
    assert [e.action for e in timeline_for(appeal)] == ["submit", AppealAction.REVEAL]


@pytest.mark.django_db
def test_category_sla_is_configurable_and_audited(world, supervisor):
    wages = category("wages")
    category_save(
        context=AuditContext(),
        actor=supervisor,
        category=wages,
        name="工资待遇",
        accept_days=1,
        reply_days=10,
        is_restricted=False,
        is_active=True,
        order=20,
    )
    with at(2026, 3, 2, 9):
        appeal = make_appeal(world.member_a)
    assert (appeal.accept_due, appeal.reply_due) == (dt.date(2026, 3, 3), dt.date(2026, 3, 16))
    with pytest.raises(ValidationError):
        category_save(
            context=AuditContext(),
            actor=supervisor,
            category=wages,
            name="工资待遇",
            accept_days=5,
            reply_days=3,
            is_restricted=False,
            is_active=True,
            order=20,
        )
    assert AuditLog.objects.filter(action=AuditAction.ADMIN_EDIT).count() == 1


@pytest.mark.django_db
def test_designations_need_a_supervisor_and_a_handler(world, supervisor, handler_a, org_admin):
    women = category("women")
    with pytest.raises(PermissionDenied):
        designation_create(
            context=AuditContext(), actor=handler_a, user=handler_a, org=world.org_a, category=women
        )
    with pytest.raises(ValidationError):  # a plain member is no handler
        designation_create(
            context=AuditContext(), actor=supervisor, user=world.org_member, org=world.org_a, category=women
        )
    designation_create(
        context=AuditContext(), actor=supervisor, user=handler_a, org=world.org_a, category=women
    )
    assert HandlerDesignation.objects.get().user == handler_a

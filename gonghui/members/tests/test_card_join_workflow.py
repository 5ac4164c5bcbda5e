"""Card 修改申请信息 / 补办 and join 修改后重新提交 / 撤回 follow their workflow tables: the pages show a button only
when `Workflow.can` allows it, and the services refuse the same action with `Workflow.check`'s Chinese message
(当前状态“…”下不能执行“…”), writing nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gonghui.core.models import TimelineEntry
from gonghui.members.choices import (
    CardAction,
    CardHandlingAction,
    CardStatus,
    JoinAction,
    JoinStatus,
    MemberStatus,
)
from gonghui.members.models import CardApplication, JoinApplication, Member
from gonghui.members.selectors import join_resubmit_token
from gonghui.members.services import (
    card_application_update,
    card_apply,
    card_reissue,
    card_workflow,
    join_application_resubmit,
    join_application_withdraw,
)
from gonghui.members.services.joining import JOIN_WORKFLOW
from gonghui.members.tests.test_joining_factories import make_join_application
from gonghui.members.tests.test_joining_services import _applicant

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(world):
    return card_apply(member=world.member_a, actor=world.org_member, mailing_address="传达室")


def _in_state(application: CardApplication, status: str, card_number: str = "") -> CardApplication:
    CardApplication.objects.filter(pk=application.pk).update(status=status, card_number=card_number)
    Member.objects.filter(pk=application.member_id).update(card_number=card_number)
    return CardApplication.objects.select_related("member", "org").get(pk=application.pk)


def _state(application):
    fresh = CardApplication.objects.get(pk=application.pk)
    return (
        fresh.status,
        fresh.mailing_address,
        CardApplication.objects.count(),
        TimelineEntry.objects.count(),
    )


# ---- the card table --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "edit", "reissue", "report_lost"),
    [
        (CardStatus.APPLIED, True, False, False),
        (CardStatus.SENT_TO_BANK, False, False, False),
        (CardStatus.MADE, False, True, True),
        (CardStatus.COLLECTED, False, True, True),
        (CardStatus.LOST, False, True, False),
    ],
)
def test_the_card_table_says_when_an_application_may_be_edited_or_reissued(
    world, application, status, edit, reissue, report_lost
):
    card = _in_state(application, status)
    for actor in (world.org_member, world.org_admin):  # the member and their union
        assert card_workflow.can(card, CardHandlingAction.EDIT, actor) is edit
        assert card_workflow.can(card, CardAction.REISSUE, actor) is reissue
        assert card_workflow.can(card, CardAction.REPORT_LOST, actor) is report_lost
    assert not card_workflow.can(card, CardHandlingAction.EDIT, world.outsider)
    assert not card_workflow.can(card, CardAction.REISSUE, world.outsider)


def test_no_reissue_for_a_member_who_left(world, application):
    card = _in_state(application, CardStatus.LOST)
    Member.objects.filter(pk=card.member_id).update(status=MemberStatus.LEFT)
    card = CardApplication.objects.select_related("member").get(pk=card.pk)
    assert not card_workflow.can(card, CardAction.REISSUE, world.org_admin)
    before = _state(card)
    with pytest.raises(ValidationError) as refused:
        card_reissue(application=card, actor=world.org_admin)
    assert refused.value.messages == ["甲会员 不是在籍会员，不能补办会员卡"]
    assert _state(card) == before


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (CardStatus.SENT_TO_BANK, "当前状态“已报送银行”下不能执行“修改申请信息”"),
        (CardStatus.MADE, "当前状态“已制卡”下不能执行“修改申请信息”"),
    ],
)
def test_an_edit_the_table_refuses_is_refused_in_chinese_and_writes_nothing(
    world, application, status, message
):
    card = _in_state(application, status)
    before = _state(card)
    with pytest.raises(ValidationError) as refused:
        card_application_update(application=card, actor=world.org_member, mailing_address="别处", note="")
    assert refused.value.messages == [message]
    assert _state(card) == before


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (CardStatus.APPLIED, "当前状态“已申请”下不能执行“补办”"),
        (CardStatus.SENT_TO_BANK, "当前状态“已报送银行”下不能执行“补办”"),
    ],
)
def test_a_reissue_the_table_refuses_is_refused_in_chinese_and_writes_nothing(
    world, application, status, message
):
    card = _in_state(application, status)
    before = _state(card)
    with pytest.raises(ValidationError) as refused:
        card_reissue(application=card, actor=world.org_member)
    assert refused.value.messages == [message]
    assert _state(card) == before


def test_an_outsider_may_neither_edit_nor_reissue(world, application):
    with pytest.raises(PermissionDenied):
        card_application_update(application=application, actor=world.outsider, mailing_address="x", note="")
    lost = _in_state(application, CardStatus.LOST)
    with pytest.raises(PermissionDenied):
        card_reissue(application=lost, actor=world.outsider)


# ---- the card buttons ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "edit", "reissue_label"),
    [
        (CardStatus.APPLIED, True, None),
        (CardStatus.SENT_TO_BANK, False, None),
        (CardStatus.MADE, False, "挂失并补办"),
        (CardStatus.LOST, False, "补办"),
    ],
)
def test_the_console_page_shows_edit_and_reissue_only_when_the_table_allows(
    client, world, application, status, edit, reissue_label
):
    card = _in_state(application, status, card_number="6231580000000001" if status == CardStatus.MADE else "")
    client.force_login(world.org_admin)
    page = client.get(reverse("members:card_application_detail", args=[card.public_id])).content.decode()
    assert (reverse("members:card_application_edit", args=[card.public_id]) in page) is edit
    reissue_url = reverse("members:card_application_reissue", args=[card.public_id])
    assert (reissue_url in page) is (reissue_label is not None)
    if reissue_label:
        assert f'type="submit">{reissue_label}</button>' in page


@pytest.mark.parametrize(
    ("status", "edit_form", "reissue_button", "reissue_form"),
    [
        (CardStatus.APPLIED, True, False, False),
        (CardStatus.SENT_TO_BANK, False, False, False),
        (CardStatus.MADE, False, True, False),
        (CardStatus.LOST, False, False, True),
    ],
)
def test_the_portal_shows_the_own_card_buttons_only_when_the_table_allows(
    client, world, application, status, edit_form, reissue_button, reissue_form
):
    _in_state(application, status, card_number="6231580000000001" if status == CardStatus.MADE else "")
    client.force_login(world.org_member)
    page = client.get(reverse("members:card_mine")).content.decode()
    assert (f'action="{reverse("members:card_mine_edit")}"' in page) is edit_form
    assert (f'action="{reverse("members:card_mine_reissue")}"' in page) is reissue_button
    assert ("申请补办会员卡" in page) is reissue_form


def test_the_portal_edit_after_batching_says_why(client, world, application):
    _in_state(application, CardStatus.SENT_TO_BANK)
    client.force_login(world.org_member)
    response = client.post(
        reverse("members:card_mine_edit"), {"mailing_address": "别处", "note": ""}, follow=True
    )
    assert "当前状态“已报送银行”下不能执行“修改申请信息”" in response.content.decode()
    assert CardApplication.objects.get().mailing_address == "传达室"


# ---- joining ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "resubmit", "withdraw"),
    [
        (JoinStatus.SUBMITTED, False, True),
        (JoinStatus.REJECTED, True, True),
        (JoinStatus.APPROVED, False, False),
        (JoinStatus.WITHDRAWN, False, False),
    ],
)
def test_the_join_table_and_the_applicant_pages_agree(client, world, status, resubmit, withdraw):
    # given
    application = make_join_application(world.org_a, status=status, reject_reason="请补充单位")
    token = join_resubmit_token(application)
    # then: the table
    assert JOIN_WORKFLOW.can(application, JoinAction.RESUBMIT, None) is resubmit
    assert JOIN_WORKFLOW.can(application, JoinAction.WITHDRAW, None) is withdraw
    # and the resubmission page: the unlock form only when resubmitting is allowed, the withdraw link likewise
    page = client.get(reverse("members:join_resubmit", args=[token])).content.decode()
    assert ('value="unlock"' in page) is resubmit
    assert ("无需修改" in page) is not resubmit
    assert ('id="join-withdraw-link"' in page) is withdraw
    # and the withdrawal page: its form when allowed, the way back to resubmitting only when that is allowed
    page = client.get(reverse("members:join_withdraw", args=[token])).content.decode()
    assert ('value="withdraw"' in page) is withdraw
    assert ("不撤回，修改后重新提交" in page) is resubmit


@pytest.mark.parametrize("status", [JoinStatus.SUBMITTED, JoinStatus.APPROVED, JoinStatus.WITHDRAWN])
def test_a_resubmission_the_table_refuses_is_refused_in_chinese(world, status):
    application = make_join_application(world.org_a, status=status)
    with pytest.raises(ValidationError) as refused:
        join_application_resubmit(application=application, applicant=_applicant(), phone_proven=True)
    assert refused.value.messages == [f"当前状态“{JoinStatus(status).label}”下不能执行“修改后重新提交”"]
    assert JoinApplication.objects.get().status == status


@pytest.mark.parametrize("status", [JoinStatus.APPROVED, JoinStatus.WITHDRAWN])
def test_a_withdrawal_the_table_refuses_is_refused_in_chinese(world, status):
    application = make_join_application(world.org_a, status=status)
    timeline = TimelineEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        join_application_withdraw(application=application, phone_proven=True)
    assert refused.value.messages == [f"当前状态“{JoinStatus(status).label}”下不能执行“撤回”"]
    assert (JoinApplication.objects.get().status, TimelineEntry.objects.count()) == (status, timeline)

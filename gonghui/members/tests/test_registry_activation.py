"""Every member with a phone can open the member portal, however they were added (issue 13, item 3): a member
enrolled one at a time gets an account to activate by SMS code, like an imported one, and the member page's
发送开通短信 sends the activation code (audited, on the timeline, under the SMS-code limits)."""

import datetime as dt
import importlib

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.roles import MEMBER
from gonghui.accounts.sms_codes import sms_code_request, sms_password_set
from gonghui.core.channels import ConsoleSmsBackend
from gonghui.core.models import AuditLog, TimelineEntry
from gonghui.members.choices import MemberStatus
from gonghui.members.models import Member
from gonghui.members.services import member_create, member_update
from gonghui.members.services.registry import ACTIVATION_INVITE, member_activation_invite
from gonghui.members.tests.factories import MemberFactory, valid_id_number

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
NEW_PASSWORD = "Gonghui#2026pass"


@pytest.fixture(autouse=True)
def _outbox():
    ConsoleSmsBackend.outbox.clear()
    yield
    ConsoleSmsBackend.outbox.clear()


def _code_sent_to(phone: str) -> str:
    message = [m for m in ConsoleSmsBackend.outbox if m.phone == phone][-1]
    return message.text.split("验证码为 ")[1][:6]


def _enrol(world, *, phone: str = "13600002222", n: int = 101, **extra):
    return member_create(
        org=world.org_a,
        actor=world.org_admin,
        name="王新会",
        id_number=valid_id_number(n),
        phone=phone,
        employment="established",
        **extra,
    )


# ---- the fix: a member added one at a time can activate ---------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_member_added_one_at_a_time_activates_by_sms_code(world, client):
    # given: a member enrolled on the 新增会员 form
    with time_machine.travel(START, tick=False):
        member = _enrol(world)

        # when: the member asks for an activation code on the activation page and sets a password with it
        sms_code_request(phone="13600002222", purpose="activate")
        user = sms_password_set(
            phone="13600002222",
            purpose="activate",
            code=_code_sent_to("13600002222"),
            new_password=NEW_PASSWORD,
        )

    # then: the account behind the member now has the password, and the member logs in to the portal by phone
    member.refresh_from_db()
    assert member.user_id == user.pk
    assert user.username == "m13600002222"
    assert user.check_password(NEW_PASSWORD) is True
    assert list(RoleGrant.objects.filter(user=user).values_list("role", "org_id")) == [
        (MEMBER, world.org_a.pk)
    ]
    response = client.post(reverse("portal:login"), {"username": "13600002222", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_account_of_a_new_member_waits_for_activation(world):
    # when
    member = _enrol(world)
    # then: an account exists but is not yet activated (no usable password)
    assert member.user is not None
    assert member.user.phone == "13600002222"
    assert member.user.has_usable_password() is False


def test_a_member_without_a_phone_gets_no_account(world):
    member = _enrol(world, phone="")
    assert member.user is None
    assert User.objects.filter(username__startswith="m136").count() == 0


def test_a_phone_that_is_another_accounts_login_is_refused_and_nothing_is_written(world):
    # given: a cadre whose login phone is 13600002222
    User.objects.create(username="cadre_phone", phone="13600002222")
    # when / then
    with pytest.raises(ValidationError) as exc:
        _enrol(world)
    assert exc.value.message_dict == {"phone": ["该手机号已绑定其他账号"]}
    assert Member.objects.filter(name="王新会").count() == 0


def test_rejoining_takes_over_the_account_of_the_same_persons_ended_membership(world):
    # given: the person's earlier membership ended, its account kept
    old = _enrol(world)
    old_user = old.user
    Member.objects.filter(pk=old.pk).update(status=MemberStatus.LEFT)
    # when: the same person is enrolled again
    new = _enrol(world)
    # then: the new record has the same account; the ended one keeps its history, not the login
    assert new.user_id == old_user.pk
    old.refresh_from_db()
    assert old.user_id is None


def test_a_phone_added_later_makes_the_account(world):
    # given: a member enrolled without a phone
    member = _enrol(world, phone="")
    # when
    member = member_update(member=member, actor=world.org_admin, data={"phone": "13600003333"})
    # then
    assert member.user is not None
    assert member.user.phone == "13600003333"
    assert member.user.has_usable_password() is False


# ---- 发送开通短信 (the service) ---------------------------------------------------------------------------------


def _old_record(world) -> Member:
    """A member added before accounts were made for every member: a phone, no account."""
    return MemberFactory.create(org=world.org_a, name="李旧档", phone="13600004444")


@pytest.mark.django_db(transaction=True)
def test_the_invitation_makes_the_account_and_sends_a_code_that_activates_it(world):
    member = _old_record(world)
    # when
    with time_machine.travel(START, tick=False):
        member_activation_invite(member=member, actor=world.org_admin)
        text = [m.text for m in ConsoleSmsBackend.outbox if m.phone == "13600004444"][-1]
        user = sms_password_set(
            phone="13600004444",
            purpose="activate",
            code=_code_sent_to("13600004444"),
            new_password=NEW_PASSWORD,
        )
    # then: the SMS says what it is for; the code activates the account made for the member
    assert "开通甲县第一中学工会会员端账号" in text
    assert "激活账号" in text
    member.refresh_from_db()
    assert member.user_id == user.pk
    assert user.check_password(NEW_PASSWORD) is True
    entry = TimelineEntry.objects.get(object_id=str(member.pk), action=ACTIVATION_INVITE)
    assert (entry.action_label, entry.actor_id) == ("发送开通短信", world.org_admin.pk)
    assert entry.note == "向尾号 4444 的手机号发送了会员端开通验证码"
    assert AuditLog.objects.get(summary="向会员 李旧档 发送会员端开通短信").actor_id == world.org_admin.pk


def test_the_invitation_follows_the_sms_code_limits(world, django_capture_on_commit_callbacks):
    member = _old_record(world)
    with time_machine.travel(START, tick=False) as traveller:
        with django_capture_on_commit_callbacks(execute=True):
            member_activation_invite(member=member, actor=world.org_admin)
        traveller.shift(dt.timedelta(seconds=20))
        # when: sent again 20 seconds later
        with pytest.raises(ValidationError) as exc:
            member_activation_invite(member=member, actor=world.org_admin)
    # then: refused with the wait, and only one SMS went out
    assert exc.value.message_dict == {"phone": ["请 40 秒后再获取验证码"]}
    assert [m.phone for m in ConsoleSmsBackend.outbox] == ["13600004444"]


@pytest.mark.parametrize(
    ("_case", "change", "message"),
    [
        ("already activated", "activated", "该会员已开通会员端账号，如忘记密码可在登录页找回"),
        ("no phone", "no_phone", "该会员没有登记手机号，请先在“修改信息”中填写手机号"),
        ("membership ended", "left", "只有在籍或保留会籍的会员可以开通会员端"),
    ],
)
def test_the_invitation_is_refused_when_it_cannot_apply(world, _case, change, message):
    # given
    member = world.member_a if change == "activated" else _old_record(world)
    if change == "no_phone":
        Member.objects.filter(pk=member.pk).update(phone="")
    if change == "left":
        Member.objects.filter(pk=member.pk).update(status=MemberStatus.LEFT)
    member.refresh_from_db()
    # when / then
    with pytest.raises(ValidationError) as exc:
        member_activation_invite(member=member, actor=world.org_admin)
    assert message in exc.value.messages
    assert ConsoleSmsBackend.outbox == []
    assert not TimelineEntry.objects.filter(action=ACTIVATION_INVITE).exists()


# ---- 发送开通短信 (the button) ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("admin of another union sees nothing", "outsider", 404),
        ("a plain member may not send", "org_member", 403),
        ("the union's admin sends", "org_admin", 302),
    ],
)
def test_invite_button_access(
    request, client, world, django_capture_on_commit_callbacks, _case, actor, status
):
    # given
    member = _old_record(world)
    client.force_login(request.getfixturevalue(actor))
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:member_activation_invite", args=[member.public_id]))
    # then
    assert response.status_code == status
    sent = [m.phone for m in ConsoleSmsBackend.outbox]
    assert sent == (["13600004444"] if status == 302 else [])
    assert TimelineEntry.objects.filter(action=ACTIVATION_INVITE).exists() is (status == 302)
    if status == 302:
        assert response["Location"] == member.get_absolute_url()


def test_invite_button_answers_get_with_405(client, world):
    client.force_login(world.org_admin)
    response = client.get(reverse("members:member_activation_invite", args=[_old_record(world).public_id]))
    assert response.status_code == 405


def test_member_page_offers_the_button_to_a_member_not_yet_activated(client, world):
    # given: a member on file without an account, and one who has activated
    member = _old_record(world)
    client.force_login(world.org_admin)
    # when
    pending = client.get(member.get_absolute_url()).content.decode()
    activated = client.get(world.member_a.get_absolute_url()).content.decode()
    # then
    assert 'data-portal-account="pending"' in pending
    assert "发送开通短信" in pending
    assert reverse("members:member_activation_invite", args=[member.public_id]) in pending
    assert 'data-portal-account="activated"' in activated
    assert "发送开通短信" not in activated


def test_a_refused_invitation_is_flashed_on_the_member_page(client, world):
    # given: a member who was just sent a code
    member = _old_record(world)
    client.force_login(world.org_admin)
    url = reverse("members:member_activation_invite", args=[member.public_id])
    with time_machine.travel(START, tick=False):
        client.post(url)
        # when: pressed again at once
        response = client.post(url, follow=True)
    # then
    assert "请 60 秒后再获取验证码" in response.content.decode()


# ---- 导入名册 on the member list ---------------------------------------------------------------------------------


def test_member_list_links_the_roster_import_for_those_who_may_import(client, world, django_user_model):
    from conftest import make_cadre
    from gonghui.accounts.roles import AUDITOR

    # given: the union's admin, and an auditor who may only read
    auditor = make_cadre("auditor_a", world.org_a, role=AUDITOR)
    import_url = reverse("spreadsheets:import_start", args=["members"])
    # when
    client.force_login(world.org_admin)
    admin_page = client.get(reverse("members:member_list")).content.decode()
    client.force_login(auditor)
    auditor_page = client.get(reverse("members:member_list")).content.decode()
    # then
    assert f'href="{import_url}" data-roster-import>导入名册</a>' in admin_page
    assert "导入名册" not in auditor_page


# ---- members already on file ----------------------------------------------------------------------------------


def test_the_data_migration_gives_members_on_file_an_account_to_activate(
    world, django_capture_on_commit_callbacks
):
    from django.apps import apps

    migration = importlib.import_module("gonghui.members.migrations.0003_member_accounts_to_activate")
    # given: a member added before the fix, one whose phone is a cadre's login, and one who has left
    on_file = _old_record(world)
    User.objects.create(username="cadre_phone", phone="13600005555")
    clash = MemberFactory.create(org=world.org_a, phone="13600005555")
    left = MemberFactory.create(org=world.org_a, phone="13600006666", status=MemberStatus.LEFT)
    # when
    migration.accounts_for_members(apps, None)
    # then: only the member on file gets an account, waiting for activation, with the member role
    on_file.refresh_from_db()
    assert on_file.user is not None
    assert (on_file.user.username, on_file.user.has_usable_password()) == ("m13600004444", False)
    assert list(RoleGrant.objects.filter(user=on_file.user).values_list("role", "org_id")) == [
        (MEMBER, world.org_a.pk)
    ]
    clash.refresh_from_db()
    left.refresh_from_db()
    assert (clash.user_id, left.user_id) == (None, None)
    # and the member can now activate from the activation page
    with time_machine.travel(START, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            sms_code_request(phone="13600004444", purpose="activate")
        user = sms_password_set(
            phone="13600004444",
            purpose="activate",
            code=_code_sent_to("13600004444"),
            new_password=NEW_PASSWORD,
        )
    assert user.pk == on_file.user.pk

"""SMS codes: the generic request + check pair (any purpose, its own text and error field) and, on it, members
activating their account and resetting their password: expiry, rate limits, attempt limits, and no way to probe
which phones have accounts."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.accounts.choices import SmsCodePurpose
from gonghui.accounts.models import SmsCode, User
from gonghui.accounts.sms_codes import sms_code_check, sms_code_request, sms_code_send, sms_password_set
from gonghui.core.channels import ConsoleSmsBackend
from gonghui.core.models import AuditAction, AuditLog

pytestmark = pytest.mark.django_db(transaction=True)
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
NEW_PASSWORD = "Xinmima2026"


@pytest.fixture(autouse=True)
def _outbox():
    ConsoleSmsBackend.outbox.clear()
    yield
    ConsoleSmsBackend.outbox.clear()


@pytest.fixture
def imported_member(world):
    """A member whose account was created by an import: no usable password yet."""
    user = world.org_member
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return user


def _last_code(phone: str) -> str:
    message = [m for m in ConsoleSmsBackend.outbox if m.phone == phone][-1]
    found = re.search(r"验证码为 (\d{6})", message.text)
    assert found is not None
    return found.group(1)


def test_activation_sets_the_password_and_is_audited(imported_member):
    with time_machine.travel(START, tick=False):
        sms_code_request(phone="137 0000 1111", purpose="activate")
        code = _last_code("13700001111")
        user = sms_password_set(phone="13700001111", purpose="activate", code=code, new_password=NEW_PASSWORD)
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD) is True
    assert (
        AuditLog.objects.get(action=AuditAction.PASSWORD).summary == f"{user.username} 通过短信验证码激活账号"
    )
    # the code is used up
    with pytest.raises(ValidationError) as exc:
        sms_password_set(phone="13700001111", purpose="activate", code=code, new_password=NEW_PASSWORD)
    assert exc.value.message_dict == {"code": ["验证码已过期或不存在，请重新获取"]}


def test_codes_expire(imported_member):
    with time_machine.travel(START, tick=False) as traveller:
        sms_code_request(phone="13700001111", purpose="activate")
        code = _last_code("13700001111")
        traveller.shift(dt.timedelta(minutes=5, seconds=1))
        with pytest.raises(ValidationError) as exc:
            sms_password_set(phone="13700001111", purpose="activate", code=code, new_password=NEW_PASSWORD)
    assert exc.value.message_dict == {"code": ["验证码已过期或不存在，请重新获取"]}
    assert User.objects.get(pk=imported_member.pk).has_usable_password() is False


def test_resend_wait_and_hourly_limit(imported_member):
    with time_machine.travel(START, tick=False) as traveller:
        sms_code_request(phone="13700001111", purpose="activate")
        traveller.shift(dt.timedelta(seconds=20))
        with pytest.raises(ValidationError) as exc:
            sms_code_request(phone="13700001111", purpose="activate")
        assert exc.value.message_dict == {"phone": ["请 40 秒后再获取验证码"]}
        for _ in range(4):
            traveller.shift(dt.timedelta(seconds=61))
            sms_code_request(phone="13700001111", purpose="activate")
        traveller.shift(dt.timedelta(seconds=61))
        with pytest.raises(ValidationError) as exc:
            sms_code_request(phone="13700001111", purpose="activate")
        assert exc.value.message_dict == {"phone": ["获取验证码过于频繁，请一小时后再试"]}
        traveller.shift(dt.timedelta(hours=1))
        sms_code_request(phone="13700001111", purpose="activate")
    assert len(ConsoleSmsBackend.outbox) == 6


def test_wrong_codes_are_counted_and_then_refused(imported_member):
    with time_machine.travel(START, tick=False):
        sms_code_request(phone="13700001111", purpose="activate")
        code = _last_code("13700001111")
        wrong = f"{(int(code) + 1) % 1_000_000:06d}"
        for _ in range(5):
            with pytest.raises(ValidationError) as exc:
                sms_password_set(
                    phone="13700001111", purpose="activate", code=wrong, new_password=NEW_PASSWORD
                )
            assert exc.value.message_dict == {"code": ["验证码不正确"]}
        with pytest.raises(ValidationError) as exc:
            sms_password_set(phone="13700001111", purpose="activate", code=code, new_password=NEW_PASSWORD)
    assert exc.value.message_dict == {"code": ["验证码错误次数过多，请重新获取"]}
    assert SmsCode.objects.get().attempts == 5


def test_a_weak_password_costs_no_attempt(imported_member):
    sms_code_request(phone="13700001111", purpose="activate")
    code = _last_code("13700001111")
    with pytest.raises(ValidationError) as exc:
        sms_password_set(phone="13700001111", purpose="activate", code=code, new_password="12345678")
    assert "new_password1" in exc.value.message_dict
    assert SmsCode.objects.get().attempts == 0


def test_unknown_or_already_active_phones_get_no_sms_but_the_same_answer(client, world):
    # world.org_member has a usable password: activation does not apply; 13999999999 belongs to nobody
    for phone in ("13700001111", "13999999999"):
        response = client.post(reverse("accounts:sms_code_send", args=["activate"]), {"phone": phone})
        assert "如该手机号已登记，验证码已发送，5分钟内有效" in response.content.decode()
    assert ConsoleSmsBackend.outbox == []
    assert SmsCode.objects.count() == 2


def test_reset_page_logs_the_member_in(client, world):
    client.post(reverse("accounts:sms_code_send", args=["reset"]), {"phone": "13700001111"})
    code = _last_code("13700001111")
    response = client.post(
        reverse("accounts:password_reset_by_sms"),
        {"phone": "13700001111", "code": code, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        REMOTE_ADDR="10.7.7.7",
        HTTP_USER_AGENT="手机浏览器",
    )
    assert response.status_code == 302
    assert response["Location"] == "/portal/"
    assert client.get("/portal/").status_code == 200
    audit = AuditLog.objects.get(action=AuditAction.PASSWORD)
    assert (audit.ip_address, audit.user_agent) == ("10.7.7.7", "手机浏览器")


def test_bad_phone_names_the_field(client, world):
    response = client.post(
        reverse("accounts:account_activate"),
        {"phone": "123", "code": "123456", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.context["form"].errors["phone"] == ["请输入11位中国大陆手机号"]


# ---- the generic pair: any purpose, its own text, its own error field --------------------------------------------


def test_a_code_for_any_purpose_is_sent_with_its_use_and_checked_once():
    # given: a code for 网上入会 to a phone without any account (sent anyway: the caller asks for delivery)
    with time_machine.travel(START, tick=False):
        phone = sms_code_send(
            phone="+86 136 0000 2222", purpose=SmsCodePurpose.JOIN, use="网上入会手机号验证"
        )
        code = _last_code("13600002222")
        # when
        sms_code_check(phone=phone, purpose=SmsCodePurpose.JOIN, code=f" {code} ", field="sms_code")
        # then: used up, and a second use names the caller's field
        with pytest.raises(ValidationError) as exc:
            sms_code_check(phone=phone, purpose=SmsCodePurpose.JOIN, code=code, field="sms_code")
    assert phone == "13600002222"
    assert ConsoleSmsBackend.outbox[-1].text == (
        f"【智慧工会】您的验证码为 {code}，5分钟内有效，用于网上入会手机号验证。如非本人操作请忽略。"
    )
    assert exc.value.message_dict == {"sms_code": ["验证码已过期或不存在，请重新获取"]}
    assert SmsCode.objects.get().used_at is not None


def test_limits_and_codes_are_counted_per_purpose():
    # given: a join code just sent
    with time_machine.travel(START, tick=False):
        sms_code_send(phone="13600002222", purpose=SmsCodePurpose.JOIN)
        join_code = _last_code("13600002222")
        # when: an account code for the same phone at once (another purpose: no resend wait)
        sms_code_send(phone="13600002222", purpose=SmsCodePurpose.RESET)
        # then: the join code is no reset code, and that wrong try is counted on the reset code only
        with pytest.raises(ValidationError) as exc:
            sms_code_check(phone="13600002222", purpose=SmsCodePurpose.RESET, code=join_code + "0")
        assert exc.value.message_dict == {"code": ["验证码不正确"]}
        with pytest.raises(ValidationError) as exc:
            sms_code_send(phone="13600002222", purpose=SmsCodePurpose.JOIN)
        assert exc.value.message_dict == {"phone": ["请 60 秒后再获取验证码"]}
    attempts = dict(SmsCode.objects.values_list("purpose", "attempts"))
    assert attempts == {SmsCodePurpose.JOIN: 0, SmsCodePurpose.RESET: 1}
    assert ConsoleSmsBackend.outbox[0].text.endswith("用于网上入会。如非本人操作请忽略。")


def test_a_code_the_caller_marks_invalid_is_refused_and_counted():
    # given
    sms_code_send(phone="13600002222", purpose=SmsCodePurpose.ACTIVATE, deliver=False)
    # when: the right code, but the caller knows it cannot be used (no account behind the phone)
    sms = SmsCode.objects.get()
    with pytest.raises(ValidationError) as exc:
        sms_code_check(phone="13600002222", purpose=SmsCodePurpose.ACTIVATE, code="000000", valid=False)
    # then: nothing was sent, the answer is the plain "wrong code", and the try counts
    assert ConsoleSmsBackend.outbox == []
    assert exc.value.message_dict == {"code": ["验证码不正确"]}
    sms.refresh_from_db()
    assert (sms.attempts, sms.used_at) == (1, None)

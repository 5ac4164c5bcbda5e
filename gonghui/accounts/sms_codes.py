"""SMS codes: one request + check pair for every purpose (`SmsCodePurpose`: 激活账号, 重置密码, 网上入会 …), and the
account flows built on it — activate an account that has no usable password yet, or reset a forgotten one.

Rate limits (per phone and purpose): one code per SMS_CODE_RESEND_SECONDS, at most SMS_CODE_MAX_PER_HOUR an
hour and SMS_CODE_MAX_PER_DAY in 24 hours; per requesting address (when the caller passes it), at most
SMS_CODE_MAX_PER_IP_HOUR codes of any purpose an hour. A code expires after SMS_CODE_TTL_SECONDS and allows SMS_CODE_MAX_ATTEMPTS tries; only a keyed hash is stored, in
the database, so the limits hold across worker processes and attempts are counted transactionally. For the account
flows the answer to a request is the same whether or not the phone belongs to an account, so the form cannot be used
to probe numbers."""

import datetime as dt
import hashlib
import hmac
import secrets
from functools import partial

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.channels import send_sms
from gonghui.core.choices import AuditAction

from .choices import SmsCodePurpose
from .identity import normalize_mobile
from .models import SmsCode, User
from .scoping import is_cadre
from .selectors import primary_org_id

# Defaults of the limits that config.settings may override.
_MAX_PER_DAY = 10
_MAX_PER_IP_HOUR = 20


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _digest(phone: str, purpose: str, code: str) -> str:
    key = hashlib.sha256(f"gonghui-sms:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, f"{phone}:{purpose}:{code}".encode(), hashlib.sha256).hexdigest()


def _account_for(phone: str, purpose: str) -> User | None:
    user = User.objects.filter(phone=phone, is_active=True).first()
    if user is None:
        return None
    if purpose == SmsCodePurpose.ACTIVATE and user.has_usable_password():
        return None  # already activated: use 忘记密码 instead
    if purpose == SmsCodePurpose.LOGIN and not sms_login_allowed(user):
        return None  # cadres log in with their password only
    return user


def sms_login_allowed(user: User) -> bool:
    """短信验证码登录 is for member-only accounts: no cadre grant, not staff."""
    return not (is_cadre(user) or user.is_staff or user.is_superuser)


def _phone(raw: str) -> str:
    try:
        return normalize_mobile(raw)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}) from None


@transaction.atomic
def sms_code_send(
    *, phone: str, purpose: str, use: str = "", deliver: bool = True, ip: str | None = None
) -> str:
    """Issue a code for any purpose (`SmsCodePurpose`) under the rate limits and, when `deliver`, send it after
    commit: "…验证码为 123456，5分钟内有效，用于<use>…", `use` defaulting to the purpose's label. `ip` is the
    requesting address (`AuditContext.ip`): it is stored with the code and limited too. Returns the normalised
    phone; errors name the field "phone"."""
    phone = _phone(phone)
    now = timezone.now()
    recent = SmsCode.objects.select_for_update().filter(phone=phone, purpose=purpose)
    last = recent.order_by("-created_at").first()
    if last is not None:
        wait = settings.SMS_CODE_RESEND_SECONDS - int((now - last.created_at).total_seconds())
        if wait > 0:
            raise ValidationError({"phone": _("请 %(s)d 秒后再获取验证码") % {"s": wait}})
    if recent.filter(created_at__gte=now - dt.timedelta(hours=1)).count() >= settings.SMS_CODE_MAX_PER_HOUR:
        raise ValidationError({"phone": _("获取验证码过于频繁，请一小时后再试")})
    if recent.filter(created_at__gte=now - dt.timedelta(days=1)).count() >= _limit(
        "SMS_CODE_MAX_PER_DAY", _MAX_PER_DAY
    ):
        raise ValidationError({"phone": _("该手机号今日获取验证码次数已达上限，请明天再试")})
    if ip is not None:
        from_ip = SmsCode.objects.filter(ip=ip, created_at__gte=now - dt.timedelta(hours=1)).count()
        if from_ip >= _limit("SMS_CODE_MAX_PER_IP_HOUR", _MAX_PER_IP_HOUR):
            raise ValidationError({"phone": _("当前网络获取验证码过于频繁，请一小时后再试")})
    code = f"{secrets.randbelow(1_000_000):06d}"
    SmsCode.objects.create(
        phone=phone,
        purpose=purpose,
        code_hash=_digest(phone, purpose, code),
        expires_at=now + dt.timedelta(seconds=settings.SMS_CODE_TTL_SECONDS),
        ip=ip,
    )
    if deliver:
        minutes = settings.SMS_CODE_TTL_SECONDS // 60
        text = f"【智慧工会】您的验证码为 {code}，{minutes}分钟内有效，用于{use or SmsCodePurpose(purpose).label}。如非本人操作请忽略。"
        transaction.on_commit(partial(send_sms, phone, text))
    return phone


def sms_code_check(*, phone: str, purpose: str, code: str, field: str = "code", valid: bool = True) -> None:
    """Use up the latest live code of the phone and purpose if it matches; otherwise raise ValidationError on
    `field`. A wrong try is counted and committed in its own transaction before the error is raised, so attempts
    add up even though the caller's request fails. With `valid=False` even a matching code counts as wrong (the
    caller knows the code cannot be used, e.g. no account behind the phone, and must not say so)."""
    error = ""
    with transaction.atomic():
        sms = (
            SmsCode.objects.select_for_update()
            .filter(phone=phone, purpose=purpose, used_at__isnull=True, expires_at__gt=timezone.now())
            .order_by("-created_at")
            .first()
        )
        if sms is None:
            error = _("验证码已过期或不存在，请重新获取")
        elif sms.attempts >= settings.SMS_CODE_MAX_ATTEMPTS:
            error = _("验证码错误次数过多，请重新获取")
        elif not valid or not hmac.compare_digest(sms.code_hash, _digest(phone, purpose, code.strip())):
            SmsCode.objects.filter(pk=sms.pk).update(attempts=F("attempts") + 1)
            error = _("验证码不正确")
        else:
            SmsCode.objects.filter(pk=sms.pk).update(attempts=F("attempts") + 1, used_at=timezone.now())
    if error:
        raise ValidationError({field: error})


def sms_code_request(*, phone: str, purpose: str, ip: str | None = None) -> None:
    """Account codes (激活账号, 重置密码, 会员登录): issue a code, sent only when the phone has a matching account —
    the answer (and every limit) is the same either way."""
    normal = _phone(phone)
    sms_code_send(phone=normal, purpose=purpose, deliver=_account_for(normal, purpose) is not None, ip=ip)


def _verify(phone: str, purpose: str, code: str) -> User:
    """The account behind a right code (a code for a phone without a matching account is never right)."""
    user = _account_for(phone, purpose)
    sms_code_check(phone=phone, purpose=purpose, code=code, field="code", valid=user is not None)
    assert user is not None  # noqa: S101 - sms_code_check refuses every code when there is no account
    return user


def sms_password_set(
    *, phone: str, purpose: str, code: str, new_password: str, context: AuditContext | None = None
) -> User:
    """Activation or reset: the new password is checked first (a weak one costs no attempt), then the code
    (its own transaction, so a wrong try stays counted), then the password is set."""
    phone = _phone(phone)
    try:
        validate_password(new_password, _account_for(phone, purpose))
    except ValidationError as exc:
        raise ValidationError({"new_password1": exc.messages}) from None
    user = _verify(phone, purpose, code)
    with transaction.atomic():
        _password_set(user, new_password)
        audit_log(
            action=AuditAction.PASSWORD,
            actor=user,
            context=context,
            subject=user,
            org_id=primary_org_id(user),
            summary=f"{user.get_username()} 通过短信验证码{SmsCodePurpose(purpose).label}",
        )
    return user


def sms_login(*, phone: str, code: str) -> User:
    """短信验证码登录: the member account behind a right, live, unused code. A cadre account or an unknown phone
    gets the same "验证码不正确" as a wrong code; the caller logs in and records the login (or the failure)."""
    return _verify(_phone(phone), SmsCodePurpose.LOGIN, code)


def _password_set(user: User, new_password: str) -> None:
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])

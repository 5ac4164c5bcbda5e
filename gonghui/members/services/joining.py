"""Writes of online joining (网上入会).

A worker without an account finds the union of their unit (or, when the unit has no union, the county-level union's
联合工会 / 周转库), proves their phone with an SMS code and submits a `JoinApplication`. The union approves it (member
record with a 会员编号, an account without a usable password that the member activates by SMS code at
/accounts/activate/, a MembershipChange(join), an SMS) or rejects it with a reason; the rejection SMS carries a
signed link to a page where the applicant corrects and resubmits. With the same signed link (also shown on the
receipt page) the applicant withdraws a pending or rejected application after proving the phone on file by SMS
code; a withdrawn application no longer blocks a new one for the same ID number.

The phone is proven by the one SMS-code implementation, `accounts.sms_codes` (`sms_code_send` / `sms_code_check`), with
the purpose 网上入会 (`SmsCodePurpose.JOIN`): the same limits as the account codes, counted per purpose."""

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.choices import IdType, SmsCodePurpose
from gonghui.accounts.identity import age_on, decrypt_identifier, normalize_mobile
from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.roles import MEMBER
from gonghui.accounts.sms_codes import sms_code_check, sms_code_send
from gonghui.codelists.lists import EDUCATION, ETHNICITY, POLITICAL_STATUS
from gonghui.codelists.lookups import code_resolve
from gonghui.core.channels import send_sms
from gonghui.core.locking import lock
from gonghui.core.timeline import timeline_record
from gonghui.core.workflow import Transition, Workflow
from gonghui.notifications.services import notify
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Org

from ..choices import (
    HOLDING_STATUSES,
    Employment,
    JoinAction,
    JoinChannel,
    JoinStatus,
    MembershipChangeKind,
    MemberStatus,
)
from ..counting import counted, counts_member_changed
from ..models import JoinApplication, Member, MembershipChange
from ..permissions import can_manage_join_application
from ..selectors.joining import POOL_LEVELS, UNIT_LEVELS, join_reference, join_resubmit_token
from ..selectors.portal import join_application_url
from .registry import identity_fields, member_number_issue, name_search_fields

MIN_AGE, MAX_AGE = 16, 100
FORMULA_PREFIXES = ("=", "+", "-", "@")


@dataclass(frozen=True)
class JoinApplicant:
    """What the worker types into the form (shape-checked by the form, rules checked here)."""

    name: str
    gender: str
    birth_date: dt.date | None
    id_type: str
    id_number: str
    phone: str
    ethnicity: str = ""
    education: str = ""
    political_status: str = ""
    employment: str = Employment.ESTABLISHED
    position_title: str = ""
    unit_name: str = ""


def join_sms_code_request(*, phone: str, ip: str | None = None) -> None:
    """Send a code to the applicant's phone (after commit), under the limits of every SMS code
    (`accounts.sms_codes`: per phone, and per requesting address `ip`)."""
    sms_code_send(phone=phone, purpose=SmsCodePurpose.JOIN, use=_("网上入会手机号验证"), ip=ip)


def _join_sms_code_check(*, phone: str, code: str) -> None:
    """Use up the latest live join code if it matches (a wrong try stays counted); errors name "sms_code"."""
    sms_code_check(phone=phone, purpose=SmsCodePurpose.JOIN, code=code, field="sms_code")


def _applicant_fields(applicant: JoinApplicant, *, keep_id_number: str = "") -> dict[str, Any]:
    """Rules that need no other rows: name, identity (checksum, birth date, gender digit), age, phone, codes.
    Returns the model fields; raises ValidationError naming every bad field."""
    errors: dict[str, list[str]] = {}
    fields: dict[str, Any] = {}
    name = " ".join(applicant.name.split())
    if not name:
        errors["name"] = [_("请填写姓名")]
    elif name.startswith(FORMULA_PREFIXES):
        errors["name"] = [_("姓名不能以 = + - @ 开头")]
    fields["name"] = name
    number = applicant.id_number.strip() or keep_id_number
    try:
        identity = identity_fields(
            id_type=applicant.id_type, id_number=number, gender=applicant.gender or None
        )
    except ValidationError as exc:
        target = "gender" if any(e.code == "gender" for e in exc.error_list) else "id_number"
        errors[target] = exc.messages
        identity = {}
    if identity:
        if applicant.id_type == IdType.RESIDENT:
            if applicant.birth_date and applicant.birth_date != identity["birth_date"]:
                errors["birth_date"] = [
                    _("出生日期与身份证号中的出生日期（%(d)s）不一致")
                    % {"d": identity["birth_date"].strftime("%Y年%m月%d日")}
                ]
        else:
            if not applicant.gender:
                errors["gender"] = [_("请选择性别")]
            if applicant.birth_date is None:
                errors["birth_date"] = [_("请填写出生日期")]
            identity.update(gender=applicant.gender, birth_date=applicant.birth_date)
        fields.update(identity)
    birth = fields.get("birth_date")
    if birth is not None and "birth_date" not in errors:
        age = age_on(birth, timezone.localdate())
        if not MIN_AGE <= age <= MAX_AGE:
            errors["birth_date"] = [
                _("入会年龄应在%(lo)d至%(hi)d周岁之间，按出生日期计算为%(age)d周岁")
                % {"lo": MIN_AGE, "hi": MAX_AGE, "age": age}
            ]
    try:
        fields["phone"] = normalize_mobile(applicant.phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages
    for field, list_key in (
        ("ethnicity", ETHNICITY),
        ("education", EDUCATION),
        ("political_status", POLITICAL_STATUS),
    ):
        try:
            fields[field] = code_resolve(list_key, getattr(applicant, field))
        except ValidationError as exc:
            errors[field] = exc.messages
    if applicant.employment not in Employment.values:
        errors["employment"] = [_("请选择用工性质")]
    fields["employment"] = applicant.employment
    fields["position_title"] = applicant.position_title.strip()[:50]
    fields["unit_name"] = applicant.unit_name.strip()[:100]
    if errors:
        raise ValidationError(errors)
    return fields


def _target_org_check(org: Org) -> None:
    if org.status != OrgStatus.ACTIVE or org.level not in UNIT_LEVELS + POOL_LEVELS:
        raise ValidationError({"org": _("该工会不受理网上入会申请，请重新选择")})


def _reusable_account(phone: str, id_hash: str) -> User | None:
    """An account with this phone that belonged to the same person's earlier, ended membership (rejoining)."""
    user = User.objects.filter(phone=phone).first()
    if user is None:
        return None
    earlier = Member.objects.filter(user=user).first()
    if earlier is not None and earlier.id_number_hash == id_hash and earlier.status not in HOLDING_STATUSES:
        return user
    return None


def _phone_taken(phone: str, id_hash: str) -> bool:
    bound_member = (
        Member.objects.filter(phone=phone, status__in=HOLDING_STATUSES)
        .exclude(id_number_hash=id_hash)
        .exists()
    )
    bound_account = User.objects.filter(phone=phone).exists() and _reusable_account(phone, id_hash) is None
    return bound_member or bound_account


def _database_checks(fields: dict[str, Any], *, exclude_pk: int | None = None) -> None:
    """Rules against other rows: not already a member, phone not bound elsewhere, no open application."""
    id_hash = fields["id_number_hash"]
    if Member.objects.filter(id_number_hash=id_hash, status__in=HOLDING_STATUSES).exists():
        raise ValidationError({"id_number": _("该证件号码已是在籍会员，不能重复申请入会")})
    if _phone_taken(fields["phone"], id_hash):
        raise ValidationError({"phone": _("该手机号已被其他会员绑定，请更换手机号")})
    open_applications = JoinApplication.objects.filter(id_number_hash=id_hash, status=JoinStatus.SUBMITTED)
    if exclude_pk is not None:
        open_applications = open_applications.exclude(pk=exclude_pk)
    if open_applications.exists():
        raise ValidationError({"id_number": _("该证件号码已有待审批的入会申请，请等待审批结果")})


WITHDRAWABLE = frozenset({JoinStatus.SUBMITTED, JoinStatus.REJECTED})
WITHDRAW_REASON_MAX = 200

JOIN_WORKFLOW = Workflow(
    state_field="status",
    state_enum=JoinStatus,
    transitions=(
        Transition(
            JoinAction.APPROVE,
            frozenset({JoinStatus.SUBMITTED}),
            JoinStatus.APPROVED,
            allowed=can_manage_join_application,
        ),
        Transition(
            JoinAction.REJECT,
            frozenset({JoinStatus.SUBMITTED}),
            JoinStatus.REJECTED,
            allowed=can_manage_join_application,
            note_required=True,
        ),
        # the applicant (anonymous, proven by the signed link and an SMS code) corrects and resubmits
        Transition(JoinAction.RESUBMIT, frozenset({JoinStatus.REJECTED}), JoinStatus.SUBMITTED),
        # ... or withdraws a pending or rejected application (proven the same way)
        Transition(JoinAction.WITHDRAW, WITHDRAWABLE, JoinStatus.WITHDRAWN),
    ),
)


def _join_receipt(application: JoinApplication, *, again: bool = False) -> None:
    """The receipt in 消息 (inbox only) for an applicant who already has an account with the phone on file (a
    former member rejoining); a worker without one has the receipt page and the SMS of the decision."""
    accounts = list(User.objects.filter(phone=application.phone, is_active=True))
    if not accounts:
        return
    notify(
        recipients=accounts,
        title=_("已收到您重新提交的入会申请") if again else _("已收到您的入会申请"),
        body=_("编号%(ref)s，申请加入%(org)s。工会审批后会以短信告诉您结果，进度可在“我的办理”中查看。")
        % {"ref": join_reference(application), "org": application.org.name},
        url=join_application_url(application),
        category="members.join",
    )


def join_application_submit(
    *, org: Org, applicant: JoinApplicant, sms_code: str, privacy_accepted_at: dt.datetime | None
) -> JoinApplication:
    """A worker's online application. The rules without other rows are checked first (a typo costs no SMS
    code), then the code (its own transaction, so a wrong try stays counted), then, in one transaction, the
    rules against other rows and the insert (the database refuses a second open application)."""
    if privacy_accepted_at is None:
        raise ValidationError({"privacy": _("请先阅读并同意个人信息保护说明")})
    _target_org_check(org)
    fields = _applicant_fields(applicant)
    _join_sms_code_check(phone=fields["phone"], code=sms_code)
    with transaction.atomic():
        _database_checks(fields)
        application = JoinApplication(
            org=org, channel=JoinChannel.ONLINE, privacy_accepted_at=privacy_accepted_at, **fields
        )
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:
            raise ValidationError(
                {"id_number": _("该证件号码已有待审批的入会申请，请等待审批结果")}
            ) from None
        timeline_record(
            subject=application,
            actor=None,
            action=JoinAction.SUBMIT,
            action_label=str(JoinAction.SUBMIT.label),
            to_state=JoinStatus.SUBMITTED,
            note=_("网上入会申请，申请加入%(org)s") % {"org": org.name},
        )
        _join_receipt(application)
    return application


def _resubmittable(application: JoinApplication) -> None:
    """The workflow table's refusal (当前状态“…”下不能执行“修改后重新提交”), before any SMS code is spent."""
    JOIN_WORKFLOW.check(application, action=JoinAction.RESUBMIT, actor=None)


def join_resubmit_unlock(*, application: JoinApplication, sms_code: str) -> None:
    """The applicant proves the phone on file with an SMS code before the rejected application is shown to
    them for correction (the signed link alone does not open it)."""
    _resubmittable(application)
    _join_sms_code_check(phone=application.phone, code=sms_code)


def join_application_resubmit(
    *, application: JoinApplication, applicant: JoinApplicant, sms_code: str = "", phone_proven: bool = False
) -> JoinApplication:
    """The applicant corrects a rejected application and submits it again. An empty ID number keeps the one
    on file. Checked like a new application. The phone needs an SMS code unless it is the phone on file and
    `phone_proven` (the caller unlocked the application with `join_resubmit_unlock`)."""
    _resubmittable(application)
    keep = decrypt_identifier(application.id_number_encrypted) if not applicant.id_number.strip() else ""
    fields = _applicant_fields(applicant, keep_id_number=keep)
    if not (phone_proven and fields["phone"] == application.phone):
        _join_sms_code_check(phone=fields["phone"], code=sms_code)
    with transaction.atomic():
        locked = lock(JoinApplication, pk=application.pk)
        _database_checks(fields, exclude_pk=locked.pk)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.reject_reason = ""
        try:
            with transaction.atomic():
                JOIN_WORKFLOW.apply(
                    locked,
                    action=JoinAction.RESUBMIT,
                    actor=None,
                    update_fields=[*fields, "reject_reason"],
                )
        except IntegrityError:
            raise ValidationError(
                {"id_number": _("该证件号码已有待审批的入会申请，请等待审批结果")}
            ) from None
        _join_receipt(locked, again=True)
    return locked


def _withdrawable(application: JoinApplication) -> None:
    JOIN_WORKFLOW.check(application, action=JoinAction.WITHDRAW, actor=None)


def join_application_withdraw(
    *, application: JoinApplication, sms_code: str = "", phone_proven: bool = False, reason: str = ""
) -> JoinApplication:
    """The applicant withdraws a pending (待审批) or rejected (未通过) application, proven like a
    resubmission: the signed link (checked by the caller) and an SMS code to the phone on file — unless
    `phone_proven` (the caller unlocked the application with `join_resubmit_unlock`). The reason is optional;
    the timeline row is written with no actor (the applicant). A withdrawn application no longer counts as
    open, so the person may apply again (the database constraint covers only 待审批 applications)."""
    _withdrawable(application)
    reason = " ".join(reason.split())
    if len(reason) > WITHDRAW_REASON_MAX:
        raise ValidationError({"reason": _("撤回原因不能超过%(n)d字") % {"n": WITHDRAW_REASON_MAX}})
    if not phone_proven:
        _join_sms_code_check(phone=application.phone, code=sms_code)
    with transaction.atomic():
        locked = lock(JoinApplication, pk=application.pk, related=("org",))
        _withdrawable(locked)
        JOIN_WORKFLOW.apply(
            locked,
            action=JoinAction.WITHDRAW,
            actor=None,
            note=reason or _("申请人撤回入会申请"),
        )
    return locked


def _member_account(application: JoinApplication) -> User:
    """The portal account of the new member: a new one without a usable password (activated by SMS code), or
    the account of the same person's earlier, ended membership."""
    user = _reusable_account(application.phone, application.id_number_hash)
    if user is not None:
        Member.objects.filter(user=user).update(
            user=None
        )  # the ended record keeps its history, not the login
        user.name = application.name
        user.is_active = True
        user.save(update_fields=["name", "is_active"])
        return user
    if User.objects.filter(phone=application.phone).exists():
        raise ValidationError(_("申请人的手机号已绑定其他账号，请驳回并请申请人更换手机号"))
    username = f"m{application.phone}"
    if User.objects.filter(username=username).exists():
        username = f"m{application.phone}-{application.public_id.hex[:6]}"
    user = User(username=username, name=application.name, phone=application.phone)
    user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def join_application_approve(*, application: JoinApplication, actor: Actor) -> Member:
    """Approve: the member record (会员编号, 入会日期 = today), the account and its member role, a
    MembershipChange(join), the timeline, and an SMS telling the member to activate the account."""
    locked = lock(JoinApplication, pk=application.pk, related=("org",))
    if not JOIN_WORKFLOW.can(locked, JoinAction.APPROVE, actor):
        # let the workflow say why (state or permission)
        JOIN_WORKFLOW.apply(locked, action=JoinAction.APPROVE, actor=actor)
    org = locked.org
    if Member.objects.filter(id_number_hash=locked.id_number_hash, status__in=HOLDING_STATUSES).exists():
        raise ValidationError(_("此人已是在籍会员，不能重复入会"))
    today = timezone.localdate()
    user = _member_account(locked)
    member = Member(
        org=org,
        user=user,
        name=locked.name,
        gender=locked.gender,
        birth_date=locked.birth_date,
        id_type=locked.id_type,
        id_number_encrypted=locked.id_number_encrypted,
        id_number_hash=locked.id_number_hash,
        id_number_masked=locked.id_number_masked,
        phone=locked.phone,
        status=MemberStatus.ACTIVE,
        ethnicity=locked.ethnicity,
        education=locked.education,
        political_status=locked.political_status,
        employment=locked.employment,
        position_title=locked.position_title,
        joined_on=today,
        status_changed_on=today,
        member_number=member_number_issue(org=org, year=today.year),
        **name_search_fields(locked.name),
    )
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        raise ValidationError(_("此人已是在籍会员，不能重复入会")) from None
    counts_member_changed(before=None, after=counted(member))
    RoleGrant.objects.get_or_create(user=user, role=MEMBER, org=org, defaults={"granted_by": actor})
    MembershipChange.objects.create(
        member=member,
        kind=MembershipChangeKind.JOIN,
        to_org=org,
        happened_on=today,
        reason=str(JoinChannel(locked.channel).label),
        actor=actor,
    )
    locked.member = member
    locked.reviewed_by = actor
    locked.reviewed_at = timezone.now()
    JOIN_WORKFLOW.apply(
        locked,
        action=JoinAction.APPROVE,
        actor=actor,
        note=_("会员编号 %(n)s") % {"n": member.member_number},
        update_fields=["member", "reviewed_by", "reviewed_at"],
    )
    timeline_record(
        subject=member,
        actor=actor,
        action=MembershipChangeKind.JOIN,
        action_label=str(MembershipChangeKind.JOIN.label),
        to_state=MemberStatus.ACTIVE,
        note=_("网上入会申请批准，加入%(org)s") % {"org": org.name},
    )
    notify(
        recipients=[user],
        title=_("入会申请已通过"),
        body=_("您已加入%(org)s，会员编号%(n)s。请用手机号%(p)s获取短信验证码激活账号后登录会员服务")
        % {"org": org.name, "n": member.member_number, "p": member.phone},
        url=reverse("accounts:account_activate"),
        category="members.join",
        sms=True,
    )
    return member


@transaction.atomic
def join_application_reject(
    *, application: JoinApplication, actor: Actor, reason: str, link_base: str = ""
) -> JoinApplication:
    """Reject with a reason; the applicant gets an SMS with the reason and a signed link to correct the
    application and resubmit it. `link_base` is the site's address (https://host), the link is relative
    without it."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写驳回原因")})
    if len(reason) > 200:
        raise ValidationError({"reason": _("驳回原因不能超过200字")})
    locked = lock(JoinApplication, pk=application.pk, related=("org",))
    locked.reject_reason = reason
    locked.reviewed_by = actor
    locked.reviewed_at = timezone.now()
    JOIN_WORKFLOW.apply(
        locked,
        action=JoinAction.REJECT,
        actor=actor,
        note=reason,
        update_fields=["reject_reason", "reviewed_by", "reviewed_at"],
    )
    link = link_base.rstrip("/") + reverse("members:join_resubmit", args=[join_resubmit_token(locked)])
    text = _(
        "【智慧工会】您申请加入%(org)s的入会申请未通过，原因：%(reason)s。请修改后重新提交：%(link)s"
    ) % {
        "org": locked.org.name,
        "reason": reason,
        "link": link,
    }
    transaction.on_commit(partial(send_sms, locked.phone, text))
    return locked

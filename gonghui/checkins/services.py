"""Writes of 签到: the member's 会员码 secret (issued or replaced), a check-in by a scanned code
(`checkin_validate`) or by hand (`checkin_manual`), and the `CheckinSession`s a union opens.

A check-in is refused with a `ValidationError` whose message says why, in Chinese, and whose `code` is one of
REFUSALS; the database's unique constraint (member + target) makes a code single-use per target even when the same
code is posted many times at once."""

import datetime as dt
import secrets
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.identity import encrypt_identifier, mask_name
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.members.models import Member, TargetList
from gonghui.orgs.models import Org

from .choices import CheckinMethod
from .codes import SECRET_BYTES, matching_step, parse_payload
from .models import CheckIn, CheckinSession, MemberCodeSecret
from .selectors import member_code_secret_of
from .targets import target_kind_of

# How far back a code is recognised as a real but expired one (rather than a wrong one): ten minutes.
RECOGNISED_STEPS = 20
REFUSALS = {
    "malformed": "不是有效的会员码",
    "unknown_member": "会员码对应的会员不存在",
    "expired": "会员码已过期",
    "invalid": "会员码无效",
    "foreign": "不在本次签到范围",
    "already": "已签到",
    "not_started": "签到尚未开始",
    "ended": "签到已结束",
}


def _refuse(code: str, message: str) -> ValidationError:
    return ValidationError(message, code=code)


def member_code_secret_issue(*, member: Member, actor: Actor) -> MemberCodeSecret:
    """Give the member a new 会员码 secret (the first, or a replacement when a phone was lost: codes drawn from
    the old secret stop working at once)."""
    token = encrypt_identifier(secrets.token_bytes(SECRET_BYTES).hex())
    now = timezone.now()
    with transaction.atomic():
        current = MemberCodeSecret.objects.select_for_update().filter(member=member).first()
        if current is None:
            return MemberCodeSecret.objects.create(member=member, secret_encrypted=token)
        current.secret_encrypted = token
        current.rotated_at = now
        current.save(update_fields=["secret_encrypted", "rotated_at", "updated_at"])
        return current


def _check_window(target: Any, now: dt.datetime) -> None:
    starts, ends = target_kind_of(target).window(target)
    if now < starts:
        local = timezone.localtime(starts)
        raise _refuse("not_started", _("签到尚未开始（%(at)s 开始）") % {"at": local.strftime("%m-%d %H:%M")})
    if now > ends:
        raise _refuse("ended", _("签到已结束"))


def _check_admitted(target: Any, member: Member) -> None:
    if not target_kind_of(target).admits(member, target):
        raise _refuse("foreign", _("%(name)s 不在本次签到范围") % {"name": mask_name(member.name)})


def _record(
    *, target: Any, member: Member, actor: Actor, method: str, step: int | None, now: dt.datetime
) -> CheckIn:
    kind = target_kind_of(target)
    check_in = CheckIn(
        target_kind=kind.key,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        org=kind.org_of(target),
        member=member,
        method=method,
        step=step,
        by=actor,
        at=now,
    )
    try:
        with transaction.atomic():
            check_in.save()
            if kind.on_checkin is not None:
                kind.on_checkin(target, check_in, actor)
    except IntegrityError as exc:
        raise _already(target, member) from exc
    return check_in


def _already(target: Any, member: Member) -> ValidationError:
    earlier = (
        CheckIn.objects.filter(
            target_type=ContentType.objects.get_for_model(target), target_id=target.pk, member=member
        )
        .only("at")
        .first()
    )
    if earlier is None:
        return _refuse("already", _("已签到"))
    at = timezone.localtime(earlier.at).strftime("%H:%M")
    return _refuse("already", _("已签到（%(at)s）") % {"at": at})


def _check_scanner(target: Any, actor: Actor) -> None:
    if not target_kind_of(target).can_scan(actor, target):
        raise PermissionDenied


def member_of_code(*, payload: str, now: dt.datetime) -> tuple[Member, int]:
    """The member and time step of a scanned rotating 会员码, or a refusal (`malformed`, `unknown_member`,
    `expired`, `invalid`). Used by `checkin_validate` and by apps that only need to know who showed the code (an
    offer's redemption in welfare)."""
    scanned = parse_payload(payload)
    if scanned is None:
        raise _refuse("malformed", _("不是有效的会员码，请会员打开“我的会员码”重新出示"))
    member = Member.objects.select_related("org").filter(public_id=scanned.member_public_hex).first()
    secret = member_code_secret_of(member) if member is not None else None
    if member is None or secret is None:
        raise _refuse("unknown_member", _("会员码对应的会员不存在"))
    step = matching_step(secret, scanned.code, now=now)
    if step is None:
        if matching_step(secret, scanned.code, now=now, look_back=RECOGNISED_STEPS) is not None:
            raise _refuse("expired", _("会员码已过期（超过60秒），请会员刷新后重新出示"))
        raise _refuse("invalid", _("会员码无效，请会员刷新后重新出示"))
    return member, step


def checkin_validate(*, target: Any, payload: str, actor: Actor, now: dt.datetime | None = None) -> CheckIn:
    """Check in the member whose rotating 会员码 `payload` was scanned, or refuse with the reason: not a 会员码
    (a static code of the old card page included), unknown member, expired or wrong code, a member the target does
    not admit, outside the target's time window, already checked in."""
    _check_scanner(target, actor)
    now = now or timezone.now()
    _check_window(target, now)
    member, step = member_of_code(payload=payload, now=now)
    _check_admitted(target, member)
    return _record(target=target, member=member, actor=actor, method=CheckinMethod.SCAN, step=step, now=now)


def checkin_manual(*, target: Any, member: Member, actor: Actor, now: dt.datetime | None = None) -> CheckIn:
    """The fallback without a code: the organiser typed the member number and confirmed the name shown."""
    _check_scanner(target, actor)
    now = now or timezone.now()
    _check_window(target, now)
    _check_admitted(target, member)
    return _record(target=target, member=member, actor=actor, method=CheckinMethod.MANUAL, step=None, now=now)


def _session_clean(
    *, org: Org, starts_at: dt.datetime, ends_at: dt.datetime, target_list: TargetList | None
) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("签到结束时间须晚于开始时间")})
    if (
        target_list is not None
        and not org.path.startswith(target_list.org.path)
        and not target_list.org.path.startswith(org.path)
    ):
        raise ValidationError({"target_list": _("签到名单须属于主办工会或其上下级工会")})


def session_create(
    *,
    org: Org,
    title: str,
    place: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    target_list: TargetList | None,
    actor: Actor,
    context: AuditContext | None = None,
) -> CheckinSession:
    _session_clean(org=org, starts_at=starts_at, ends_at=ends_at, target_list=target_list)
    session = CheckinSession(
        org=org,
        title=title,
        place=place,
        starts_at=starts_at,
        ends_at=ends_at,
        target_list=target_list,
        created_by=actor,
    )
    session.full_clean()
    session.save()
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        context=context,
        subject=session,
        org_id=org.pk,
        summary=f"新建签到场次「{title}」",
    )
    return session


def session_update(
    *,
    session: CheckinSession,
    title: str,
    place: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    target_list: TargetList | None,
    actor: Actor,
    context: AuditContext | None = None,
) -> CheckinSession:
    _session_clean(org=session.org, starts_at=starts_at, ends_at=ends_at, target_list=target_list)
    session.title = title
    session.place = place
    session.starts_at = starts_at
    session.ends_at = ends_at
    session.target_list = target_list
    session.full_clean()
    session.save(update_fields=["title", "place", "starts_at", "ends_at", "target_list", "updated_at"])
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        context=context,
        subject=session,
        org_id=session.org_id,
        summary=f"修改签到场次「{title}」",
    )
    return session


def checkin_export(
    *, session: CheckinSession, rows: list[list[Any]], actor: Actor, context: AuditContext | None = None
) -> bytes:
    """The check-ins of a session as xlsx (audited as an export)."""
    import io

    from gonghui.core.excel import SheetSpec, write_workbook

    buffer = io.BytesIO()
    write_workbook(
        buffer,
        [
            SheetSpec(
                name="签到记录",
                headers=("序号", "姓名", "会员编号", "所属工会", "签到时间", "方式", "签到人"),
                rows=rows,
                widths=(6, 12, 16, 30, 20, 8, 12),
                notes=[f"签到：{session.title}", f"主办工会：{session.org.name}", f"签到人数：{len(rows)}"],
            )
        ],
    )
    audit_log(
        action=AuditAction.EXPORT,
        actor=actor,
        context=context,
        subject=session,
        org_id=session.org_id,
        summary=f"导出签到记录「{session.title}」{len(rows)} 行",
    )
    return buffer.getvalue()

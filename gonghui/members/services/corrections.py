"""Writes of correction requests (信息更正): the member proposes new values for some fields of their own record; the union
approves (the values are checked again and applied, MembershipChange(correction)) or rejects with a reason."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.identity import normalize_mobile
from gonghui.accounts.models import User
from gonghui.codelists.lookups import code_resolve
from gonghui.core.locking import lock
from gonghui.core.timeline import timeline_record
from gonghui.core.workflow import Transition, Workflow
from gonghui.notifications.services import notify

from ..choices import (
    HOLDING_STATUSES,
    CorrectionAction,
    CorrectionStatus,
    MembershipChangeKind,
)
from ..counting import counted, counts_member_changed
from ..models import CorrectionRequest, Member, MembershipChange
from ..permissions import can_manage_correction
from ..selectors.corrections import CODE_LISTS, CORRECTABLE_FIELDS, ENUMS, correction_value_display
from ..selectors.portal import request_reference
from .registry import name_search_fields

# what the services read from a locked row, joined in the locking statement
_MEMBER_JOINS = ("org", "user")
FORMULA_PREFIXES = ("=", "+", "-", "@")


def _correction_value(member: Member, field: str, raw: str) -> str:
    """The checked, normalised new value of one field (raises ValidationError naming the field)."""
    text = " ".join(str(raw).split())
    label = CORRECTABLE_FIELDS[field]
    if field == "name":
        if text.startswith(FORMULA_PREFIXES):
            raise ValidationError({field: _("姓名不能以 = + - @ 开头")})
        if len(text) > 50:
            raise ValidationError({field: _("姓名不能超过50字")})
        return text
    if field == "phone":
        try:
            phone = normalize_mobile(text)
        except ValidationError as exc:
            raise ValidationError({field: exc.messages}) from None
        taken_by_member = (
            Member.objects.filter(phone=phone, status__in=HOLDING_STATUSES).exclude(pk=member.pk).exists()
        )
        accounts = User.objects.filter(phone=phone)
        if member.user_id is not None:
            accounts = accounts.exclude(pk=member.user_id)
        taken_by_account = accounts.exists()
        if taken_by_member or taken_by_account:
            raise ValidationError({field: _("该手机号已被其他会员绑定，请更换手机号")})
        return phone
    if field in CODE_LISTS:
        try:
            return code_resolve(CODE_LISTS[field], text)
        except ValidationError as exc:
            raise ValidationError({field: exc.messages}) from None
    if field in ENUMS:
        if text not in ENUMS[field].values:
            raise ValidationError({field: _("请选择有效的%(label)s") % {"label": label}})
        return text
    if text.startswith(FORMULA_PREFIXES):
        raise ValidationError({field: _("%(label)s不能以 = + - @ 开头") % {"label": label}})
    if len(text) > 50:
        raise ValidationError({field: _("%(label)s不能超过50字") % {"label": label}})
    return text


@transaction.atomic
def correction_request_submit(
    *, member: Member, actor: Actor, changes: dict[str, str], note: str = ""
) -> CorrectionRequest:
    """A member asks to correct their own record. Blank values are ignored; values equal to the record are
    dropped; at least one real change is required."""
    if not getattr(actor, "pk", None) or member.user_id != actor.pk:
        raise PermissionDenied
    if member.status not in HOLDING_STATUSES:
        raise ValidationError(_("只有在籍会员可以申请信息更正"))
    if CorrectionRequest.objects.filter(member=member, status=CorrectionStatus.SUBMITTED).exists():
        raise ValidationError(_("您已有待审核的更正申请，请等待审核结果"))
    unknown = sorted(set(changes) - set(CORRECTABLE_FIELDS))
    if unknown:
        raise ValidationError(_("不能申请更正这些信息：%(f)s") % {"f": "、".join(unknown)})
    errors: dict[str, list[str]] = {}
    proposed: dict[str, list[str]] = {}
    for field in CORRECTABLE_FIELDS:
        raw = str(changes.get(field, "") or "").strip()
        if not raw:
            continue
        try:
            new = _correction_value(member, field, raw)
        except ValidationError as exc:
            errors.update(exc.message_dict)
            continue
        old = str(getattr(member, field) or "")
        if new != old:
            proposed[field] = [old, new]
    if errors:
        raise ValidationError(errors)
    if not proposed:
        raise ValidationError(_("请至少填写一项与现有信息不同的更正内容"))
    note = note.strip()
    if len(note) > 200:
        raise ValidationError({"note": _("说明不能超过200字")})
    correction = CorrectionRequest.objects.create(member=member, changes=proposed, note=note)
    timeline_record(
        subject=correction,
        actor=actor,
        action=CorrectionAction.SUBMIT,
        action_label=str(CorrectionAction.SUBMIT.label),
        to_state=CorrectionStatus.SUBMITTED,
        note="、".join(CORRECTABLE_FIELDS[f] for f in proposed),
    )
    # the receipt in 消息 (inbox only)
    notify(
        recipients=[actor],
        title=_("已收到您的信息更正申请"),
        body=_("编号%(ref)s，更正%(fields)s。%(org)s审核后会通过消息告诉您结果，进度可在“我的办理”中查看。")
        % {
            "ref": request_reference(correction),
            "fields": "、".join(CORRECTABLE_FIELDS[f] for f in proposed),
            "org": member.org.name,
        },
        url=reverse("members:correction_mine"),
        category="members.correction",
    )
    return correction


CORRECTION_WORKFLOW = Workflow(
    state_field="status",
    state_enum=CorrectionStatus,
    transitions=(
        Transition(
            CorrectionAction.APPROVE,
            frozenset({CorrectionStatus.SUBMITTED}),
            CorrectionStatus.APPROVED,
            allowed=can_manage_correction,
        ),
        Transition(
            CorrectionAction.REJECT,
            frozenset({CorrectionStatus.SUBMITTED}),
            CorrectionStatus.REJECTED,
            allowed=can_manage_correction,
            note_required=True,
        ),
    ),
)


def member_correction_apply(*, member: Member, changes: dict[str, list[str]], actor: Actor) -> Member:
    """Write approved corrections to the member record (values checked again: a phone may have been taken
    meanwhile), keep the account's name and phone in step, and record a MembershipChange(correction)."""
    member = lock(Member, pk=member.pk, related=_MEMBER_JOINS)
    before = counted(member)
    fields: list[str] = []
    summary: list[str] = []
    for field, (_old, raw) in changes.items():
        new = _correction_value(member, field, raw)
        summary.append(
            f"{CORRECTABLE_FIELDS[field]}：{correction_value_display(field, str(getattr(member, field) or ''))}→{correction_value_display(field, new)}"
        )
        setattr(member, field, new)
        fields.append(field)
        if field == "name":
            for key, value in name_search_fields(new).items():
                setattr(member, key, value)
            fields += ["name_pinyin", "name_initials"]
    member.save(update_fields=[*fields, "updated_at"])
    counts_member_changed(before=before, after=counted(member))
    user = member.user
    if user is not None and ("name" in changes or "phone" in changes):
        user.name = member.name
        user.phone = member.phone or None
        user.save(update_fields=["name", "phone"])
    today = timezone.localdate()
    MembershipChange.objects.create(
        member=member,
        kind=MembershipChangeKind.CORRECTION,
        from_org=member.org,
        to_org=member.org,
        happened_on=today,
        reason="；".join(summary)[:200],
        actor=actor,
    )
    timeline_record(
        subject=member,
        actor=actor,
        action=MembershipChangeKind.CORRECTION,
        action_label=str(MembershipChangeKind.CORRECTION.label),
        note="；".join(summary),
    )
    return member


@transaction.atomic
def correction_request_approve(*, correction: CorrectionRequest, actor: Actor) -> CorrectionRequest:
    locked = lock(CorrectionRequest, pk=correction.pk, related=("member", "member__org", "member__user"))
    locked.reviewed_by = actor
    CORRECTION_WORKFLOW.apply(
        locked, action=CorrectionAction.APPROVE, actor=actor, update_fields=["reviewed_by"]
    )
    member_correction_apply(member=locked.member, changes=locked.changes, actor=actor)
    if locked.member.user is not None:
        notify(
            recipients=[locked.member.user],
            title=_("信息更正已通过"),
            body="、".join(CORRECTABLE_FIELDS[f] for f in locked.changes if f in CORRECTABLE_FIELDS),
            category="members.correction",
        )
    return locked


@transaction.atomic
def correction_request_reject(
    *, correction: CorrectionRequest, actor: Actor, reason: str
) -> CorrectionRequest:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写不同意的原因")})
    if len(reason) > 200:
        raise ValidationError({"reason": _("原因不能超过200字")})
    locked = lock(CorrectionRequest, pk=correction.pk, related=("member", "member__org", "member__user"))
    locked.reviewed_by = actor
    locked.reject_reason = reason
    CORRECTION_WORKFLOW.apply(
        locked,
        action=CorrectionAction.REJECT,
        actor=actor,
        note=reason,
        update_fields=["reviewed_by", "reject_reason"],
    )
    if locked.member.user is not None:
        notify(
            recipients=[locked.member.user],
            title=_("信息更正未通过"),
            body=reason,
            category="members.correction",
        )
    return locked

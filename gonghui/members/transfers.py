"""Members: the 会籍 changes a member or their union asks for — transfers (转会) and record corrections (信息更正).

Transfer: requested by the member (portal) or by the old union (console) → 转出方同意 → 转入方同意. The member
stays 在籍 and in exactly one union throughout: the org changes only at the final approval, in the same
transaction as the MembershipChange rows (transfer_out, transfer_in). A transfer to a union outside the platform
(`to_org_outside`) completes at the old union's approval: the member becomes 已转出 and the union prints a
组织关系介绍信 with a letter number from `core.numbering`.

Correction: the member proposes new values for some fields of their own record; the union approves (the values
are checked again and applied, MembershipChange(correction)) or rejects with a reason.

Services write, selectors read (both live here because this part owns no separate modules)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.identity import normalize_mobile
from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.roles import MEMBER
from gonghui.accounts.scoping import has_action
from gonghui.codelists.lists import EDUCATION, ETHNICITY, POLITICAL_STATUS
from gonghui.codelists.services import code_name, code_resolve
from gonghui.core.locking import lock
from gonghui.core.numbering import document_number, number_next
from gonghui.core.pdf import render_pdf
from gonghui.core.timeline import timeline_record
from gonghui.core.workflow import Transition, Workflow
from gonghui.notifications.services import notify
from gonghui.orgs.choices import OrgLevel, OrgStatus
from gonghui.orgs.models import Org

from .choices import (
    HOLDING_STATUSES,
    CorrectionStatus,
    Employment,
    HouseholdType,
    MembershipChangeKind,
    MemberStatus,
    SkillLevel,
    TransferAction,
    TransferStatus,
)
from .models import CorrectionRequest, Member, MembershipChange, Transfer
from .services import name_search_fields

# what the services read from a locked row, joined in the locking statement
_MEMBER_JOINS = ("org", "user")
_TRANSFER_JOINS = ("member", "member__user", "from_org", "to_org")

MANAGE = "members.manage"
VIEW = "members.view"
TARGET_LEVELS = (OrgLevel.GRASSROOTS, OrgLevel.BRANCH, OrgLevel.COUNTY)
OPEN_TRANSFER = (TransferStatus.REQUESTED, TransferStatus.OUT_APPROVED)
LETTER_SERIES = "组织关系介绍信"
FORMULA_PREFIXES = ("=", "+", "-", "@")


class CorrectionAction(models.TextChoices):
    """Actions on a correction request (its states are choices.CorrectionStatus)."""

    SUBMIT = "submit", gettext_lazy("提交更正申请")
    APPROVE = "approve", gettext_lazy("同意更正")
    REJECT = "reject", gettext_lazy("不同意更正")


# Fields of their own record a member may ask to correct, with their labels.
CORRECTABLE_FIELDS: dict[str, str] = {
    "name": "姓名",
    "phone": "手机号",
    "ethnicity": "民族",
    "education": "学历",
    "political_status": "政治面貌",
    "employment": "用工性质",
    "position_title": "岗位/职称",
    "skill_level": "技能等级",
    "household_type": "户籍类型",
}
CODE_LISTS = {"ethnicity": ETHNICITY, "education": EDUCATION, "political_status": POLITICAL_STATUS}
ENUMS: dict[str, type[models.TextChoices]] = {
    "employment": Employment,
    "skill_level": SkillLevel,
    "household_type": HouseholdType,
}


# --- selectors: transfers ---------------------------------------------------------------------------------


def _transfers_on_side(user: Any, side: str) -> QuerySet[Transfer]:
    """Transfers out of the user's subtrees ("from"), addressed to them ("to"), or either (the delivery in
    `Transfer.visible_q`)."""
    if side == "from":
        return Transfer.objects.in_subtrees(user, VIEW)
    if side == "to":
        return Transfer.objects.filter(to_org__in=Org.objects.visible_to(user, VIEW))
    return Transfer.objects.visible_to(user, VIEW)


def transfer_list_for_user(*, user: Any, status: str = "", direction: str = "") -> QuerySet[Transfer]:
    """Transfers out of the user's subtrees and transfers addressed to them; `direction` "out" or "in"
    narrows to one side."""
    qs = _transfers_on_side(user, {"out": "from", "in": "to"}.get(direction, ""))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("member", "from_org", "to_org").order_by("-created_at", "-id")


def transfer_get_for_user(*, user: Any, public_id: Any, action: str = VIEW, side: str = "any") -> Transfer:
    """One transfer the user can see (else 404) from the given side ("from", "to" or "any"), on which they
    hold `action` on that side's union (else 403)."""
    try:
        transfer = (
            _transfers_on_side(user, side)
            .select_related("member", "member__user", "from_org", "to_org", "requested_by")
            .get(public_id=public_id)
        )
    except Transfer.DoesNotExist:
        raise Http404 from None
    orgs = (
        [transfer.from_org]
        if side == "from"
        else [transfer.to_org]
        if side == "to"
        else [transfer.from_org, transfer.to_org]
    )
    if not any(org is not None and has_action(user, action, org) for org in orgs):
        raise PermissionDenied
    return transfer


def transfer_list_for_member(*, member: Member) -> QuerySet[Transfer]:
    return (
        Transfer.objects.filter(member=member)
        .select_related("from_org", "to_org")
        .order_by("-created_at", "-id")
    )


def transfer_get_for_member(*, member: Member, public_id: Any) -> Transfer:
    try:
        return Transfer.objects.select_related("from_org", "to_org").get(member=member, public_id=public_id)
    except Transfer.DoesNotExist:
        raise Http404 from None


def transfer_target_orgs() -> QuerySet[Org]:
    """Unions a member can transfer to within the platform."""
    return (
        Org.objects.filter(status=OrgStatus.ACTIVE, level__in=TARGET_LEVELS)
        .only("code", "name", "path")
        .order_by("path")
    )


# --- workflow ---------------------------------------------------------------------------------------------


def _manages(actor: Any, org: Org | None) -> bool:
    return org is not None and has_action(actor, MANAGE, org)


def _is_the_member(actor: Any, transfer: Transfer) -> bool:
    return bool(getattr(actor, "pk", None)) and transfer.member.user_id == actor.pk


def _may_reject(actor: Any, transfer: Transfer) -> bool:
    side = transfer.from_org if transfer.status == TransferStatus.REQUESTED else transfer.to_org
    return _manages(actor, side)


def _may_cancel(actor: Any, transfer: Transfer) -> bool:
    return _is_the_member(actor, transfer) or _manages(actor, transfer.from_org)


_REJECT = Transition(
    TransferAction.REJECT,
    frozenset(OPEN_TRANSFER),
    TransferStatus.REJECTED,
    allowed=_may_reject,
    note_required=True,
)
_CANCEL = Transition(
    TransferAction.CANCEL, frozenset(OPEN_TRANSFER), TransferStatus.CANCELLED, allowed=_may_cancel
)

TRANSFER_WORKFLOW = Workflow(
    state_field="status",
    state_enum=TransferStatus,
    transitions=(
        Transition(
            TransferAction.APPROVE_OUT,
            frozenset({TransferStatus.REQUESTED}),
            TransferStatus.OUT_APPROVED,
            allowed=lambda actor, t: _manages(actor, t.from_org),
        ),
        Transition(
            TransferAction.APPROVE_IN,
            frozenset({TransferStatus.OUT_APPROVED}),
            TransferStatus.COMPLETED,
            allowed=lambda actor, t: _manages(actor, t.to_org),
        ),
        _REJECT,
        _CANCEL,
    ),
)
# To a union outside the platform the old union's approval completes the transfer.
OUTSIDE_TRANSFER_WORKFLOW = Workflow(
    state_field="status",
    state_enum=TransferStatus,
    transitions=(
        Transition(
            TransferAction.APPROVE_OUT,
            frozenset({TransferStatus.REQUESTED}),
            TransferStatus.COMPLETED,
            allowed=lambda actor, t: _manages(actor, t.from_org),
        ),
        _REJECT,
        _CANCEL,
    ),
)


def transfer_workflow(transfer: Transfer) -> Workflow:
    return OUTSIDE_TRANSFER_WORKFLOW if transfer.to_org_id is None else TRANSFER_WORKFLOW


def transfer_available_actions(transfer: Transfer, actor: Any) -> list[str]:
    return [str(t.action) for t in transfer_workflow(transfer).available_actions(transfer, actor)]


def transfer_action_permitted(transfer: Transfer, actor: Any, action: str) -> bool:
    """Whether the actor may take this step of the transfer at all (its page is 403 otherwise)."""
    return transfer_workflow(transfer).permits(transfer, action, actor)


# --- services: transfers ----------------------------------------------------------------------------------


@transaction.atomic
def transfer_request(
    *, member: Member, actor: Any, to_org: Org | None = None, to_org_outside: str = "", reason: str = ""
) -> Transfer:
    """A transfer asked for by the member themselves or by a manager of their union."""
    if not (getattr(actor, "pk", None) and member.user_id == actor.pk) and not _manages(actor, member.org):
        raise PermissionDenied
    member = lock(Member, pk=member.pk, related=_MEMBER_JOINS)
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError(
            _("只有在籍会员可以办理转会，该会员当前为“%(s)s”") % {"s": member.get_status_display()}
        )
    outside = " ".join(to_org_outside.split())
    if (to_org is None) == (not outside):
        raise ValidationError({"to_org": _("请选择平台内的转入工会，或填写平台外的转入单位（二者选一）")})
    if to_org is not None:
        if to_org.status != OrgStatus.ACTIVE or to_org.level not in TARGET_LEVELS:
            raise ValidationError({"to_org": _("该工会不能作为转入工会，请重新选择")})
        if to_org.pk == member.org_id:
            raise ValidationError({"to_org": _("转入工会不能是会员当前所在的工会")})
    if outside.startswith(FORMULA_PREFIXES):
        raise ValidationError({"to_org_outside": _("转入单位名称不能以 = + - @ 开头")})
    if len(outside) > 100:
        raise ValidationError({"to_org_outside": _("转入单位名称不能超过100字")})
    reason = reason.strip()
    if len(reason) > 200:
        raise ValidationError({"reason": _("转会原因不能超过200字")})
    if Transfer.objects.filter(member=member, status__in=OPEN_TRANSFER).exists():
        raise ValidationError(_("该会员已有办理中的转会"))
    transfer = Transfer(
        member=member,
        from_org=member.org,
        to_org=to_org,
        to_org_outside=outside,
        reason=reason,
        requested_by=actor,
    )
    try:
        with transaction.atomic():
            transfer.save()
    except IntegrityError:
        raise ValidationError(_("该会员已有办理中的转会")) from None
    destination = to_org.name if to_org is not None else _("平台外单位：%(u)s") % {"u": outside}
    timeline_record(
        subject=transfer,
        actor=actor,
        action=TransferAction.REQUEST,
        action_label=str(TransferAction.REQUEST.label),
        to_state=TransferStatus.REQUESTED,
        note=_("从%(a)s转至%(b)s") % {"a": member.org.name, "b": destination}
        + (f"；{reason}" if reason else ""),
    )
    return transfer


def _member_still_in(member: Member, org_id: int) -> None:
    if member.status != MemberStatus.ACTIVE or member.org_id != org_id:
        raise ValidationError(
            _("该会员的会籍已发生变动（当前为%(s)s），不能办理此转会") % {"s": member.get_status_display()}
        )


def _letter_number(org: Org, year: int) -> str:
    number = number_next(issuer_id=org.pk, series=LETTER_SERIES, year=year)
    return document_number(f"{org.short_name or org.name}介", year, number)


def _notify_member(member: Member, title: str, body: str) -> None:
    if member.user is not None:
        notify(recipients=[member.user], title=title, body=body, category="members.transfer")


@transaction.atomic
def transfer_approve_out(*, transfer: Transfer, actor: Any) -> Transfer:
    """转出方同意. Inside the platform the transfer now waits for the receiving union; to a union outside the
    platform it completes: the member becomes 已转出 and the letter number is issued."""
    locked = lock(Transfer, pk=transfer.pk, related=_TRANSFER_JOINS)
    workflow = transfer_workflow(locked)
    if not workflow.can(locked, TransferAction.APPROVE_OUT, actor):
        workflow.apply(locked, action=TransferAction.APPROVE_OUT, actor=actor)  # raises with the reason
    member = lock(Member, pk=locked.member.pk, related=_MEMBER_JOINS)
    _member_still_in(member, locked.from_org_id)
    if locked.to_org_id is not None:
        workflow.apply(locked, action=TransferAction.APPROVE_OUT, actor=actor)
        _notify_member(
            member,
            _("转会：转出方已同意"),
            _("等待%(b)s审批") % {"b": locked.to_org.name if locked.to_org else ""},
        )
        return locked
    today = timezone.localdate()
    locked.letter_number = _letter_number(locked.from_org, today.year)
    locked.completed_on = today
    workflow.apply(
        locked,
        action=TransferAction.APPROVE_OUT,
        actor=actor,
        note=_("转至平台外单位，介绍信 %(n)s") % {"n": locked.letter_number},
        update_fields=["letter_number", "completed_on"],
    )
    member.status = MemberStatus.TRANSFERRED_OUT
    member.status_changed_on = today
    member.save(update_fields=["status", "status_changed_on", "updated_at"])
    MembershipChange.objects.create(
        member=member,
        kind=MembershipChangeKind.TRANSFER_OUT,
        from_org=locked.from_org,
        happened_on=today,
        reason=(_("转至平台外单位：%(u)s") % {"u": locked.to_org_outside})[:200],
        actor=actor,
    )
    timeline_record(
        subject=member,
        actor=actor,
        action=MembershipChangeKind.TRANSFER_OUT,
        action_label=str(MembershipChangeKind.TRANSFER_OUT.label),
        from_state=MemberStatus.ACTIVE,
        to_state=MemberStatus.TRANSFERRED_OUT,
        note=_("转至%(u)s，介绍信 %(n)s") % {"u": locked.to_org_outside, "n": locked.letter_number},
    )
    _notify_member(member, _("转会已完成"), _("您的组织关系已转至%(u)s") % {"u": locked.to_org_outside})
    return locked


@transaction.atomic
def transfer_approve_in(*, transfer: Transfer, actor: Any) -> Transfer:
    """转入方同意: the member moves to the new union in this transaction (org, member role, two
    MembershipChange rows), staying 在籍 throughout."""
    locked = lock(Transfer, pk=transfer.pk, related=_TRANSFER_JOINS)
    if not TRANSFER_WORKFLOW.can(locked, TransferAction.APPROVE_IN, actor):
        TRANSFER_WORKFLOW.apply(
            locked, action=TransferAction.APPROVE_IN, actor=actor
        )  # raises with the reason
    to_org = locked.to_org
    assert to_org is not None  # noqa: S101 - an inside transfer always has one (APPROVE_IN needs it)
    member = lock(Member, pk=locked.member.pk, related=_MEMBER_JOINS)
    _member_still_in(member, locked.from_org_id)
    today = timezone.localdate()
    locked.completed_on = today
    TRANSFER_WORKFLOW.apply(
        locked, action=TransferAction.APPROVE_IN, actor=actor, update_fields=["completed_on"]
    )
    member.org = to_org
    member.status_changed_on = today
    member.save(update_fields=["org", "status_changed_on", "updated_at"])
    if member.user is not None:
        RoleGrant.objects.filter(user=member.user, role=MEMBER, org=locked.from_org).delete()
        RoleGrant.objects.get_or_create(
            user=member.user, role=MEMBER, org=to_org, defaults={"granted_by": actor}
        )
    for kind in (MembershipChangeKind.TRANSFER_OUT, MembershipChangeKind.TRANSFER_IN):
        MembershipChange.objects.create(
            member=member,
            kind=kind,
            from_org=locked.from_org,
            to_org=to_org,
            happened_on=today,
            reason=locked.reason,
            actor=actor,
        )
    timeline_record(
        subject=member,
        actor=actor,
        action=MembershipChangeKind.TRANSFER_IN,
        action_label=_("转会"),
        note=_("从%(a)s转至%(b)s") % {"a": locked.from_org.name, "b": to_org.name},
    )
    _notify_member(member, _("转会已完成"), _("您的会籍已转至%(b)s") % {"b": to_org.name})
    return locked


@transaction.atomic
def transfer_reject(*, transfer: Transfer, actor: Any, reason: str) -> Transfer:
    """不同意: by the old union while it waits for it, by the receiving union afterwards."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写不同意的原因")})
    if len(reason) > 200:
        raise ValidationError({"reason": _("原因不能超过200字")})
    locked = lock(Transfer, pk=transfer.pk, related=_TRANSFER_JOINS)
    locked.reject_reason = reason
    transfer_workflow(locked).apply(
        locked, action=TransferAction.REJECT, actor=actor, note=reason, update_fields=["reject_reason"]
    )
    _notify_member(locked.member, _("转会未通过"), reason)
    return locked


@transaction.atomic
def transfer_cancel(*, transfer: Transfer, actor: Any) -> Transfer:
    """撤销 by the member or by the old union, while the transfer is open."""
    locked = lock(Transfer, pk=transfer.pk, related=_TRANSFER_JOINS)
    transfer_workflow(locked).apply(locked, action=TransferAction.CANCEL, actor=actor)
    return locked


def transfer_letter_pdf(*, transfer: Transfer) -> bytes:
    """组织关系介绍信 of a completed transfer to a union outside the platform."""
    if not transfer.letter_number:
        raise ValidationError(_("该转会没有组织关系介绍信"))
    member = transfer.member
    return render_pdf(
        "members/pdf/transfer_letter.html",
        {
            "title": _("组织关系介绍信"),
            "transfer": transfer,
            "member": member,
            "issuer": transfer.from_org,
            "issued_on": transfer.completed_on,
        },
    )


# --- selectors: corrections -------------------------------------------------------------------------------


def correction_list_for_user(*, user: Any, status: str = "") -> QuerySet[CorrectionRequest]:
    qs = CorrectionRequest.objects.visible_to(user, VIEW).select_related("member", "member__org")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def correction_get_for_user(*, user: Any, public_id: Any, action: str = VIEW) -> CorrectionRequest:
    try:
        correction = (
            CorrectionRequest.objects.visible_to(user, VIEW)
            .select_related("member", "member__org", "reviewed_by")
            .get(public_id=public_id)
        )
    except CorrectionRequest.DoesNotExist:
        raise Http404 from None
    if not has_action(user, action, correction.member.org):
        raise PermissionDenied
    return correction


def correction_list_for_member(*, member: Member) -> QuerySet[CorrectionRequest]:
    return CorrectionRequest.objects.filter(member=member).order_by("-created_at", "-id")


def correction_value_display(field: str, value: str) -> str:
    """A stored value as people read it (code-list names, choice labels)."""
    if not value:
        return "—"
    if field in CODE_LISTS:
        return code_name(CODE_LISTS[field], value)
    if field in ENUMS:
        enum = ENUMS[field]
        return str(enum(value).label) if value in enum.values else value
    return value


def correction_changes_display(correction: CorrectionRequest) -> list[tuple[str, str, str]]:
    """(label, old, new) for each field of a correction request, in the order of CORRECTABLE_FIELDS."""
    changes: dict[str, list[str]] = correction.changes
    return [
        (
            label,
            correction_value_display(field, changes[field][0]),
            correction_value_display(field, changes[field][1]),
        )
        for field, label in CORRECTABLE_FIELDS.items()
        if field in changes
    ]


# --- services: corrections --------------------------------------------------------------------------------


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
    *, member: Member, actor: Any, changes: dict[str, str], note: str = ""
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
    return correction


CORRECTION_WORKFLOW = Workflow(
    state_field="status",
    state_enum=CorrectionStatus,
    transitions=(
        Transition(
            CorrectionAction.APPROVE,
            frozenset({CorrectionStatus.SUBMITTED}),
            CorrectionStatus.APPROVED,
            allowed=lambda actor, c: has_action(actor, MANAGE, c.member.org),
        ),
        Transition(
            CorrectionAction.REJECT,
            frozenset({CorrectionStatus.SUBMITTED}),
            CorrectionStatus.REJECTED,
            allowed=lambda actor, c: has_action(actor, MANAGE, c.member.org),
            note_required=True,
        ),
    ),
)


def member_correction_apply(*, member: Member, changes: dict[str, list[str]], actor: Any) -> Member:
    """Write approved corrections to the member record (values checked again: a phone may have been taken
    meanwhile), keep the account's name and phone in step, and record a MembershipChange(correction)."""
    member = lock(Member, pk=member.pk, related=_MEMBER_JOINS)
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
def correction_request_approve(*, correction: CorrectionRequest, actor: Any) -> CorrectionRequest:
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
def correction_request_reject(*, correction: CorrectionRequest, actor: Any, reason: str) -> CorrectionRequest:
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


# --- demo data --------------------------------------------------------------------------------------------


@transaction.atomic
def seed_transfers() -> str:
    """Open transfers between demo unions, one waiting for each side, and one to a union outside the platform
    (idempotent: runs once)."""
    if Transfer.objects.filter(reason__startswith="【演示】").exists():
        return "转会演示数据已存在，跳过"
    unions = list(Org.objects.filter(level=OrgLevel.GRASSROOTS, status=OrgStatus.ACTIVE).order_by("path")[:8])
    if len(unions) < 4:
        return "基层工会不足，跳过转会"
    created = 0
    plans: list[tuple[Org, Org | None, str, TransferStatus]] = [
        (unions[0], unions[3], "【演示】工作调动", TransferStatus.REQUESTED),
        (unions[1], unions[4 % len(unions)], "【演示】交流轮岗", TransferStatus.OUT_APPROVED),
        (unions[2], None, "【演示】调往外地", TransferStatus.REQUESTED),
    ]
    for from_org, to_org, reason, status in plans:
        member = (
            Member.objects.filter(org=from_org, status=MemberStatus.ACTIVE)
            .exclude(transfers__status__in=OPEN_TRANSFER)
            .order_by("id")
            .first()
        )
        if member is None:
            continue
        transfer = Transfer.objects.create(
            member=member,
            from_org=from_org,
            to_org=to_org,
            to_org_outside="" if to_org is not None else "郑州市第一中学工会",
            reason=reason,
            requested_by=member.user,
            status=status,
        )
        timeline_record(
            subject=transfer,
            actor=member.user,
            action=TransferAction.REQUEST,
            action_label=str(TransferAction.REQUEST.label),
            to_state=TransferStatus.REQUESTED,
            note=reason,
        )
        if status == TransferStatus.OUT_APPROVED:
            timeline_record(
                subject=transfer,
                actor=None,
                action=TransferAction.APPROVE_OUT,
                action_label=str(TransferAction.APPROVE_OUT.label),
                from_state=TransferStatus.REQUESTED,
                to_state=TransferStatus.OUT_APPROVED,
            )
        created += 1
    return f"办理中的转会 {created} 件"


# --- registrations ----------------------------------------------------------------------------------------


def register() -> None:
    """Registrations of this part (menu items, portal tiles, API routers, seeders, importers), called from
    MembersConfig.ready()."""
    from gonghui.core.registry import MenuItem, PortalTile, Seeder, menu, portal_tiles, seeders  # noqa: PLC0415

    menu.register(
        "members.transfers",
        MenuItem(
            key="members.transfers",
            label="转会办理",
            url_name="members:transfer_list",
            icon="arrows-exchange",
            action=VIEW,
            order=32,
            section="组织与会员",
        ),
    )
    menu.register(
        "members.corrections",
        MenuItem(
            key="members.corrections",
            label="信息更正审核",
            url_name="members:correction_list",
            icon="edit",
            action=VIEW,
            order=33,
            section="组织与会员",
        ),
    )
    portal_tiles.register(
        "members.transfer",
        PortalTile(
            key="members.transfer",
            label="转会申请",
            url_name="members:transfer_mine",
            icon="arrows-exchange",
            order=40,
            description="工作调动后申请转移工会组织关系",
        ),
    )
    portal_tiles.register(
        "members.correction",
        PortalTile(
            key="members.correction",
            label="信息更正",
            url_name="members:correction_mine",
            icon="edit",
            order=45,
            description="申请更正本人的会员信息",
        ),
    )
    seeders.register("members.transfers", Seeder(key="members.transfers", func=seed_transfers, order=41))

"""Writes of 网上维权: intake (portal and on a member's behalf), the case desk's actions, the member's supplement,
rating and re-opening, the identity reveal, categories and designations, exports. Keyword-only, actor explicit,
one transaction each with its timeline row; notifications are inbox rows now and SMS after commit."""

import datetime as dt
import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.scoping import has_action
from gonghui.attachments.services import attachment_check, attachment_save
from gonghui.core.audit import audit_log
from gonghui.core.excel import SheetSpec, write_workbook
from gonghui.core.locking import lock
from gonghui.core.models import AuditAction
from gonghui.core.numbering import case_number, number_next
from gonghui.core.registry import roles
from gonghui.core.workflow import Transition, Workflow
from gonghui.members.models import Member
from gonghui.notifications.services import notify
from gonghui.orgs.choices import OrgLevel, OrgStatus
from gonghui.orgs.models import Org

from .choices import (
    DEFAULT_CATEGORIES,
    OPEN_STATUSES,
    AppealAction,
    AppealChannel,
    AppealStatus,
    ContactPreference,
    MessageKind,
    Rating,
)
from .events import appeal_event, appeal_submitted_event
from .models import Appeal, AppealCategory, AppealMessage, HandlerDesignation
from .permissions import (
    HANDLE,
    SUPERVISE,
    VIEW,
    VIEW_ASSIGNED,
    can_handle_appeal,
    can_note_appeal,
    can_reveal_appeal,
    can_supervise_org,
    forget_designations,
    is_desk_user,
)
from .sla import (
    AUTO_CLOSE_WORKDAYS,
    DUPLICATE_MINUTES,
    REOPEN_CALENDAR_DAYS,
    handling_workdays,
    pause_length,
    shifted_due,
    sla_due_dates,
)
from .stats import AppealStats, Figures, StatsRow

# what the services read from a locked row, joined in the locking statement
_APPEAL_JOINS = ("org", "category", "member__user", "handler")

NUMBER_SERIES = "WQ"
NUMBER_ISSUER = 0  # case numbers are platform-wide: WQ-2026-00012
TARGET_LEVELS = (OrgLevel.COUNTY, OrgLevel.CITY)
MAX_UPLOADS = 5


@dataclass(frozen=True)
class AppealInput:
    """What the requester tells (shape-checked by the form; rules checked here)."""

    category: AppealCategory
    title: str
    description: str
    desired_outcome: str = ""
    contact_preference: str = ContactPreference.PORTAL
    is_anonymous: bool = False


# --- helpers ----------------------------------------------------------------------------------------------


def _ancestor_paths(org: Org) -> list[str]:
    step = Org.steplen
    return [org.path[:end] for end in range(step, len(org.path) + 1, step)]


def users_with_action(org: Org, action: str) -> list[User]:
    """Active users holding a role that names `action` (not the `*` wildcard) on `org` or above it."""
    codes = [r.code for r in roles if action in r.actions]
    if not codes:
        return []
    user_ids = (
        RoleGrant.objects.filter(
            role__in=codes, org__path__in=_ancestor_paths(org), org__status=OrgStatus.ACTIVE
        )
        .values_list("user_id", flat=True)
        .distinct()
    )
    return list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))


def _union_handlers(appeal: Appeal) -> list[User]:
    """Handlers of the case's union and above (only the designated ones for a restricted category)."""
    supervisors = {u.pk for u in users_with_action(appeal.org, SUPERVISE)}
    candidates = [u for u in users_with_action(appeal.org, HANDLE) if u.pk not in supervisors]
    if appeal.category.is_restricted:
        designated = set(
            HandlerDesignation.objects.filter(
                category=appeal.category, org__path__in=_ancestor_paths(appeal.org)
            ).values_list("user_id", flat=True)
        )
        candidates = [u for u in candidates if u.pk in designated]
    return candidates


def appeal_handlers_for(appeal: Appeal) -> list[User]:
    """Who may handle the case: its union's handlers and the supervisors above it."""
    seen: dict[int, User] = {u.pk: u for u in _union_handlers(appeal)}
    for user in users_with_action(appeal.org, SUPERVISE):
        seen.setdefault(user.pk, user)
    return list(seen.values())


def _desk_recipients(appeal: Appeal) -> list[User]:
    """The assigned handler, else the union's handlers, else (nobody there) the supervisors above."""
    if appeal.handler is not None and appeal.handler.is_active:
        return [appeal.handler]
    return _union_handlers(appeal) or users_with_action(appeal.org, SUPERVISE)


def _desk_url(appeal: Appeal) -> str:
    return reverse("appeals:appeal_detail", args=[appeal.public_id])


def _portal_url(appeal: Appeal) -> str:
    return reverse("appeals:portal_detail", args=[appeal.public_id])


def _notify_desk(appeal: Appeal, title: str, recipients: Iterable[User] | None = None) -> None:
    """Desk notifications carry the number and title only, never the requester (anonymous cases)."""
    users = list(recipients) if recipients is not None else _desk_recipients(appeal)
    if users:
        notify(
            recipients=users,
            title=title,
            body=f"{appeal.number} {appeal.title}",
            url=_desk_url(appeal),
            category="appeals",
        )


def _notify_member(appeal: Appeal, title: str, body: str) -> None:
    user = appeal.member.user if appeal.member is not None else None
    if user is None:
        return
    notify(
        recipients=[user],
        title=title,
        body=body,
        url=_portal_url(appeal),
        category="appeals",
        sms=appeal.contact_preference == ContactPreference.SMS,
    )


def _member_actor(appeal: Appeal, actor: Any) -> Any:
    """The timeline actor of the requester's own actions: nobody for an anonymous case."""
    return None if appeal.is_anonymous else actor


def text_digest(*, member_id: int | None, contact_phone: str, title: str, description: str) -> str:
    def norm(text: str) -> str:
        return " ".join(text.split())

    who = f"m{member_id}" if member_id else f"p{contact_phone}"
    return hashlib.sha256(f"{who}|{norm(title)}|{norm(description)}".encode()).hexdigest()


def _check_input(data: AppealInput) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    title = " ".join(data.title.split())
    description = data.description.strip()
    if not title:
        errors["title"] = [_("请填写标题")]
    elif len(title) > 100:
        errors["title"] = [_("标题不能超过100字")]
    if len(description) < 10:
        errors["description"] = [_("请把诉求内容写清楚（至少10个字）")]
    elif len(description) > 5000:
        errors["description"] = [_("诉求内容不能超过5000字")]
    if not data.category.is_active:
        errors["category"] = [_("该诉求类别已停用，请重新选择")]
    if data.contact_preference not in ContactPreference.values:
        errors["contact_preference"] = [_("请选择联系方式")]
    if len(data.desired_outcome) > 2000:
        errors["desired_outcome"] = [_("期望结果不能超过2000字")]
    if errors:
        raise ValidationError(errors)
    return {
        "category": data.category,
        "title": title,
        "description": description,
        "desired_outcome": data.desired_outcome.strip(),
        "contact_preference": data.contact_preference,
        "is_anonymous": data.is_anonymous,
    }


def _check_uploads(uploads: Sequence[UploadedFile[bytes]], field: str = "attachments") -> None:
    """Every file is checked before anything is written, so a bad file leaves nothing half-saved."""
    if len(uploads) > MAX_UPLOADS:
        raise ValidationError({field: _("最多上传%(n)d个附件") % {"n": MAX_UPLOADS}})
    for upload in uploads:
        try:
            attachment_check(upload)
        except ValidationError as exc:
            messages = exc.message_dict.get("file", exc.messages)
            raise ValidationError(
                {
                    field: [
                        _("附件“%(name)s”：%(error)s") % {"name": upload.name, "error": m} for m in messages
                    ]
                }
            ) from None


def _save_uploads(appeal: Appeal, uploads: Sequence[UploadedFile[bytes]], actor: Any) -> None:
    for upload in uploads:
        attachment_save(owner=appeal, org=appeal.org, upload=upload, actor=actor)


def appeal_target_orgs(member_org: Org) -> list[Org]:
    """Where a member may address a case: their own union (the default) or a county/city union above it."""
    above = [
        o
        for o in Org.objects.get_ancestors(member_org)
        if o.level in TARGET_LEVELS and o.status == OrgStatus.ACTIVE
    ]
    return [member_org, *reversed(above)]


def _new_appeal(
    *,
    org: Org,
    origin_org: Org,
    fields: dict[str, Any],
    channel: str,
    member: Member | None,
    contact_name: str,
    contact_phone: str,
    submitted_by: Any,
    privacy_accepted_at: dt.datetime | None,
    digest: str,
) -> Appeal:
    now = timezone.now()
    today = timezone.localdate(now)
    category: AppealCategory = fields["category"]
    accept_due, reply_due = sla_due_dates(
        submitted_on=today, accept_days=category.accept_days, reply_days=category.reply_days
    )
    number = number_next(issuer_id=NUMBER_ISSUER, series=NUMBER_SERIES, year=today.year)
    appeal = Appeal(
        org=org,
        origin_org=origin_org,
        channel=channel,
        member=member,
        contact_name=contact_name,
        contact_phone=contact_phone,
        submitted_by=submitted_by if getattr(submitted_by, "is_authenticated", False) else None,
        privacy_accepted_at=privacy_accepted_at,
        text_digest=digest,
        number=case_number(NUMBER_SERIES, today.year, number),
        submitted_on=today,
        accept_due=accept_due,
        reply_due=reply_due,
        **fields,
    )
    appeal.save()
    return appeal


# --- intake -----------------------------------------------------------------------------------------------


def appeal_submit(
    *,
    member: Member,
    actor: Any,
    data: AppealInput,
    privacy_accepted: bool,
    target_org: Org | None = None,
    uploads: Sequence[UploadedFile[bytes]] = (),
) -> tuple[Appeal, bool]:
    """A member's case from the portal. Returns (case, created): the same member submitting the same text again
    within a few minutes gets the case already made (created False)."""
    if not privacy_accepted:
        raise ValidationError({"privacy": _("请先阅读并同意个人信息保护说明")})
    fields = _check_input(data)
    org = target_org or member.org
    if org.pk not in {o.pk for o in appeal_target_orgs(member.org)}:
        raise ValidationError({"target_org": _("只能向本单位工会或上级县区、市级工会提出诉求")})
    _check_uploads(uploads)
    digest = text_digest(
        member_id=member.pk, contact_phone="", title=fields["title"], description=fields["description"]
    )
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).first()  # one submission per member at a time
        earlier = (
            Appeal.objects.filter(
                member=member,
                text_digest=digest,
                created_at__gte=timezone.now() - dt.timedelta(minutes=DUPLICATE_MINUTES),
            )
            .order_by("-created_at")
            .first()
        )
        if earlier is not None:
            return earlier, False
        appeal = _new_appeal(
            org=org,
            origin_org=member.org,
            fields=fields,
            channel=AppealChannel.PORTAL,
            member=member,
            contact_name=member.name,
            contact_phone=member.phone,
            submitted_by=actor,
            privacy_accepted_at=timezone.now(),
            digest=digest,
        )
        _save_uploads(appeal, uploads, None if appeal.is_anonymous else actor)
        appeal_submitted_event(
            appeal=appeal,
            actor=_member_actor(appeal, actor),
            note=_("网上提交，由%(org)s办理") % {"org": org.name},
        )
        _notify_desk(appeal, _("新诉求待受理"))
    return appeal, True


def appeal_record(
    *,
    actor: Any,
    org: Org,
    channel: str,
    contact_name: str,
    contact_phone: str,
    data: AppealInput,
    consent_told: bool,
    uploads: Sequence[UploadedFile[bytes]] = (),
) -> Appeal:
    """A cadre records a case on a member's behalf (phone call, visit, letter). A member of the union's subtree
    with that phone number is linked, so the case shows in their portal."""
    if not has_action(actor, HANDLE, org):
        raise PermissionDenied
    if channel not in (AppealChannel.PHONE, AppealChannel.VISIT, AppealChannel.LETTER):
        raise ValidationError({"channel": _("请选择登记渠道")})
    errors: dict[str, list[str]] = {}
    name = " ".join(contact_name.split())
    phone = contact_phone.strip()
    if not name:
        errors["contact_name"] = [_("请填写联系人姓名")]
    if phone and (not phone.isdigit() or not 7 <= len(phone) <= 12):
        errors["contact_phone"] = [_("联系电话应为7至12位数字")]
    if not consent_told:
        errors["consent_told"] = [_("请确认已告知申请人个人信息保护说明并征得同意")]
    if errors:
        raise ValidationError(errors)
    fields = _check_input(data)
    _check_uploads(uploads)
    member = (
        Member.objects.select_related("org")
        .filter(phone=phone, org__path__startswith=org.path)
        .order_by("pk")
        .first()
        if phone
        else None
    )
    digest = text_digest(
        member_id=member.pk if member else None,
        contact_phone=phone,
        title=fields["title"],
        description=fields["description"],
    )
    with transaction.atomic():
        appeal = _new_appeal(
            org=org,
            origin_org=member.org if member is not None else org,
            fields=fields,
            channel=channel,
            member=member,
            contact_name=name,
            contact_phone=phone,
            submitted_by=actor,
            privacy_accepted_at=timezone.now(),
            digest=digest,
        )
        _save_uploads(appeal, uploads, actor)
        appeal_submitted_event(
            appeal=appeal,
            actor=actor,
            note=_("%(channel)s登记，由%(org)s办理")
            % {"channel": AppealChannel(channel).label, "org": org.name},
        )
        _notify_desk(appeal, _("新诉求待受理"))
    return appeal


# --- the case desk ----------------------------------------------------------------------------------------


def _handles(actor: Any, appeal: Appeal) -> bool:
    return actor is not None and can_handle_appeal(actor, appeal)


APPEAL_WORKFLOW = Workflow(
    state_field="status",
    state_enum=AppealStatus,
    transitions=(
        Transition(AppealAction.ACCEPT, frozenset({AppealStatus.SUBMITTED}), AppealStatus.ACCEPTED, _handles),
        Transition(
            AppealAction.REJECT,
            frozenset({AppealStatus.SUBMITTED}),
            AppealStatus.REJECTED,
            _handles,
            note_required=True,
        ),
        Transition(
            AppealAction.START, frozenset({AppealStatus.ACCEPTED}), AppealStatus.IN_PROGRESS, _handles
        ),
        Transition(
            AppealAction.REQUEST_MATERIALS,
            frozenset({AppealStatus.ACCEPTED, AppealStatus.IN_PROGRESS}),
            AppealStatus.AWAITING_MATERIALS,
            _handles,
            note_required=True,
        ),
        Transition(
            AppealAction.REPLY,
            frozenset({AppealStatus.ACCEPTED, AppealStatus.IN_PROGRESS}),
            AppealStatus.REPLIED,
            _handles,
            note_required=True,
        ),
        # the requester's own actions: ownership is checked by the service (the timeline actor may be hidden)
        Transition(
            AppealAction.SUPPLY, frozenset({AppealStatus.AWAITING_MATERIALS}), AppealStatus.IN_PROGRESS
        ),
        # the union resumes when the materials came another way (by hand, by post) or are no longer needed
        Transition(
            AppealAction.RESUME,
            frozenset({AppealStatus.AWAITING_MATERIALS}),
            AppealStatus.IN_PROGRESS,
            _handles,
        ),
        Transition(AppealAction.RATE, frozenset({AppealStatus.REPLIED}), AppealStatus.RATED),
        Transition(
            AppealAction.REOPEN,
            frozenset({AppealStatus.REPLIED, AppealStatus.RATED}),
            AppealStatus.IN_PROGRESS,
            note_required=True,
        ),
        Transition(AppealAction.AUTO_CLOSE, frozenset({AppealStatus.REPLIED}), AppealStatus.CLOSED),
    ),
)


def _require_handler(actor: Any, appeal: Appeal) -> None:
    if not can_handle_appeal(actor, appeal):
        raise PermissionDenied(_("您没有办理该诉求的权限"))


@transaction.atomic
def appeal_accept(*, appeal: Appeal, actor: Any, note: str = "") -> Appeal:
    locked = lock(Appeal, pk=appeal.pk, related=_APPEAL_JOINS)
    locked.accepted_at = timezone.now()
    if timezone.localdate() > locked.accept_due:
        locked.was_overdue = True
    APPEAL_WORKFLOW.apply(
        locked,
        action=AppealAction.ACCEPT,
        actor=actor,
        note=note.strip() or _("答复期限 %(d)s") % {"d": f"{locked.reply_due:%Y-%m-%d}"},
        update_fields=["accepted_at", "was_overdue"],
    )
    _notify_member(
        locked,
        _("您的诉求已受理"),
        _("诉求%(n)s已由%(org)s受理，将在%(d)s前答复")
        % {"n": locked.number, "org": locked.org.name, "d": f"{locked.reply_due:%Y年%m月%d日}"},
    )
    return locked


@transaction.atomic
def appeal_reject(*, appeal: Appeal, actor: Any, reason: str) -> Appeal:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"note": _("请填写不予受理的理由")})
    if len(reason) > 300:
        raise ValidationError({"note": _("理由不能超过300字")})
    locked = lock(Appeal, pk=appeal.pk, related=_APPEAL_JOINS)
    locked.reject_reason = reason
    locked.closed_at = timezone.now()
    APPEAL_WORKFLOW.apply(
        locked,
        action=AppealAction.REJECT,
        actor=actor,
        note=reason,
        update_fields=["reject_reason", "closed_at"],
    )
    _notify_member(
        locked, _("您的诉求不予受理"), _("诉求%(n)s不予受理，理由：%(r)s") % {"n": locked.number, "r": reason}
    )
    return locked


@transaction.atomic
def appeal_start(*, appeal: Appeal, actor: Any) -> Appeal:
    locked = lock(Appeal, pk=appeal.pk, related=_APPEAL_JOINS)
    APPEAL_WORKFLOW.apply(locked, action=AppealAction.START, actor=actor)
    return locked


@transaction.atomic
def appeal_assign(*, appeal: Appeal, handler: User, actor: Any) -> Appeal:
    locked = lock(Appeal, pk=appeal.pk, related=_APPEAL_JOINS)
    _require_handler(actor, locked)
    if locked.status not in OPEN_STATUSES:
        raise ValidationError(_("只有办理中的诉求可以分派"))
    if handler.pk not in {u.pk for u in appeal_handlers_for(locked)}:
        raise ValidationError(
            {"handler": _("%(name)s 不能办理该诉求，请选择本工会的维权办理人") % {"name": handler}}
        )
    locked.handler = handler
    locked.save(update_fields=["handler", "updated_at"])
    appeal_event(
        appeal=locked, actor=actor, action=AppealAction.ASSIGN, note=_("办理人：%(h)s") % {"h": handler}
    )
    _notify_desk(locked, _("诉求已分派给您"), [handler])
    return locked


def appeal_lawyers_for(appeal: Appeal) -> list[User]:
    return users_with_action(appeal.org, VIEW_ASSIGNED)


@transaction.atomic
def appeal_assign_lawyer(*, appeal: Appeal, lawyer: User | None, actor: Any) -> Appeal:
    locked = lock(Appeal, pk=appeal.pk, related=_APPEAL_JOINS)
    _require_handler(actor, locked)
    if locked.status not in OPEN_STATUSES:
        raise ValidationError(_("只有办理中的诉求可以指派律师"))
    if lawyer is not None and lawyer.pk not in {u.pk for u in appeal_lawyers_for(locked)}:
        raise ValidationError({"lawyer": _("%(name)s 不是本工会登记的律师") % {"name": lawyer}})
    locked.lawyer = lawyer
    locked.save(update_fields=["lawyer", "updated_at"])
    appeal_event(
        appeal=locked,
        actor=actor,
        action=AppealAction.ASSIGN_LAWYER,
        note=_("律师：%(l)s") % {"l": lawyer} if lawyer else _("取消指派律师"),
    )
    if lawyer is not None:
        _notify_desk(locked, _("有诉求指派给您"), [lawyer])
    return locked


@transaction.atomic
def appeal_request_materials(*, appeal: Appeal, actor: Any, note: str) -> Appeal:
    """Ask the member for materials: the SLA clock pauses until they answer."""
    locked = lock(Appeal, pk=appeal.pk, related=_APPEAL_JOINS)
    locked.paused_since = timezone.localdate()
    APPEAL_WORKFLOW.apply(
        locked,
        action=AppealAction.REQUEST_MATERIALS,
        actor=actor,
        note=note.strip(),
        update_fields=["paused_since"],
    )
    _notify_member(
        locked,
        _("请补充诉求材料"),
        _("诉求%(n)s需要您补充：%(note)s") % {"n": locked.number, "note": note.strip()},
    )
    return locked


@transaction.atomic
def appeal_reply(*, appeal: Appeal, actor: Any, body: str) -> Appeal:
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("请填写答复内容")})
    locked = lock(Appeal, pk=appeal.pk, related=_APPEAL_JOINS)
    if not APPEAL_WORKFLOW.can(locked, AppealAction.REPLY, actor):
        APPEAL_WORKFLOW.apply(locked, action=AppealAction.REPLY, actor=actor, note=body)  # says why
    now = timezone.now()
    today = timezone.localdate(now)
    AppealMessage.objects.create(appeal=locked, kind=MessageKind.REPLY, author=actor, body=body)
    locked.replied_at = now
    locked.replied_on = today
    locked.handling_workdays = handling_workdays(
        submitted_on=locked.submitted_on, replied_on=today, paused_workdays=locked.paused_workdays
    )
    if today > locked.reply_due:
        locked.was_overdue = True
    if locked.handler is None:
        locked.handler = actor
    APPEAL_WORKFLOW.apply(
        locked,
        action=AppealAction.REPLY,
        actor=actor,
        note=body,
        update_fields=["replied_at", "replied_on", "handling_workdays", "was_overdue", "handler"],
    )
    _notify_member(
        locked,
        _("您的诉求已答复"),
        _("诉求%(n)s已答复，请查看并评价办理结果") % {"n": locked.number},
    )
    return locked


@transaction.atomic
def appeal_note(*, appeal: Appeal, actor: Any, body: str) -> AppealMessage:
    """An internal note: never shown to the member."""
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("请填写备注内容")})
    if not can_note_appeal(actor, appeal):
        raise PermissionDenied
    message = AppealMessage.objects.create(appeal=appeal, kind=MessageKind.NOTE, author=actor, body=body)
    appeal_event(appeal=appeal, actor=actor, action=AppealAction.NOTE, note=body[:200])
    return message


def appeal_transfer_targets(*, actor: Any, appeal: Appeal) -> QuerySet[Org]:
    """Unions in the actor's handling scope the case may be transferred to."""
    return (
        Org.objects.visible_to(actor, HANDLE)
        .filter(status=OrgStatus.ACTIVE)
        .exclude(pk=appeal.org_id)
        .order_by("path")
    )


def _move(locked: Appeal, *, to_org: Org, actor: Any, action: AppealAction, reason: str) -> None:
    from_org = locked.org
    locked.org = to_org
    locked.handler = None
    locked.lawyer = None
    fields = ["org", "handler", "lawyer", "updated_at"]
    if action == AppealAction.ESCALATE:
        locked.escalation_count = F("escalation_count") + 1
        fields.append("escalation_count")
    locked.save(update_fields=fields)
    locked.refresh_from_db(fields=["escalation_count"])
    appeal_event(
        appeal=locked,
        actor=actor,
        action=action,
        note=_("由%(a)s转至%(b)s办理。理由：%(r)s") % {"a": from_org.name, "b": to_org.name, "r": reason},
    )
    _notify_desk(
        locked, _("有诉求转至本会办理") if action == AppealAction.TRANSFER else _("下级工会上报诉求")
    )


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"note": _("请填写理由")})
    if len(reason) > 300:
        raise ValidationError({"note": _("理由不能超过300字")})
    return reason


@transaction.atomic
def appeal_transfer(*, appeal: Appeal, actor: Any, to_org: Org, reason: str) -> Appeal:
    """Transfer to another union within the actor's scope."""
    reason = _reason(reason)
    locked = lock(Appeal, pk=appeal.pk, related=_APPEAL_JOINS)
    _require_handler(actor, locked)
    if locked.status not in OPEN_STATUSES:
        raise ValidationError(_("已答复或已办结的诉求不能转办"))
    if not appeal_transfer_targets(actor=actor, appeal=locked).filter(pk=to_org.pk).exists():
        raise ValidationError({"to_org": _("只能转至您可办理范围内的其他工会")})
    _move(locked, to_org=to_org, actor=actor, action=AppealAction.TRANSFER, reason=reason)
    return locked


@transaction.atomic
def appeal_escalate(*, appeal: Appeal, actor: Any, reason: str) -> Appeal:
    """Escalate to the union above (county, city)."""
    reason = _reason(reason)
    locked = lock(Appeal, pk=appeal.pk, related=_APPEAL_JOINS)
    _require_handler(actor, locked)
    if locked.status not in OPEN_STATUSES:
        raise ValidationError(_("已答复或已办结的诉求不能上报"))
    parent = Org.objects.get_parent(locked.org)
    if parent is None or parent.status != OrgStatus.ACTIVE:
        raise ValidationError(_("该工会没有可上报的上级工会"))
    _move(locked, to_org=parent, actor=actor, action=AppealAction.ESCALATE, reason=reason)
    return locked


def _end_pause(locked: Appeal) -> tuple[int, dt.date]:
    """Stop the pause today: add its working days up and move the reply deadline by as many."""
    today = timezone.localdate()
    paused = pause_length(paused_since=locked.paused_since or today, resumed_on=today)
    new_due = shifted_due(locked.reply_due, paused)
    locked.paused_workdays = locked.paused_workdays + paused
    locked.reply_due = new_due
    locked.paused_since = None
    return paused, new_due


@transaction.atomic
def appeal_resume(*, appeal: Appeal, actor: Any, note: str = "") -> Appeal:
    """The union resumes a paused case itself (materials received another way, or no longer needed)."""
    locked = lock(Appeal, pk=appeal.pk, related=_APPEAL_JOINS)
    if not APPEAL_WORKFLOW.can(locked, AppealAction.RESUME, actor):
        APPEAL_WORKFLOW.apply(locked, action=AppealAction.RESUME, actor=actor)  # says why
    paused, new_due = _end_pause(locked)
    summary = _("暂停计时%(n)d个工作日，答复期限顺延至%(d)s") % {"n": paused, "d": f"{new_due:%Y-%m-%d}"}
    APPEAL_WORKFLOW.apply(
        locked,
        action=AppealAction.RESUME,
        actor=actor,
        note="；".join(part for part in (note.strip(), summary) if part),
        update_fields=["paused_workdays", "reply_due", "paused_since"],
    )
    return locked


# --- the requester's own actions (portal) -----------------------------------------------------------------


def _require_owner(member: Member, appeal: Appeal) -> None:
    if appeal.member_id != member.pk:
        raise PermissionDenied


@transaction.atomic
def appeal_supply(
    *, appeal: Appeal, member: Member, actor: Any, body: str, uploads: Sequence[UploadedFile[bytes]] = ()
) -> Appeal:
    """The member sends the materials asked for: the clock resumes and the reply deadline moves by the paused
    working days."""
    _require_owner(member, appeal)
    body = body.strip()
    if not body and not uploads:
        raise ValidationError({"body": _("请填写补充说明或上传材料")})
    _check_uploads(uploads)
    locked = lock(Appeal, pk=appeal.pk, related=_APPEAL_JOINS)
    paused, new_due = _end_pause(locked)
    if body:
        AppealMessage.objects.create(appeal=locked, kind=MessageKind.MEMBER, author=actor, body=body)
    _save_uploads(locked, uploads, None if locked.is_anonymous else actor)
    APPEAL_WORKFLOW.apply(
        locked,
        action=AppealAction.SUPPLY,
        actor=_member_actor(locked, actor),
        note=_("暂停计时%(n)d个工作日，答复期限顺延至%(d)s") % {"n": paused, "d": f"{new_due:%Y-%m-%d}"},
        update_fields=["paused_workdays", "reply_due", "paused_since"],
    )
    _notify_desk(locked, _("申请人已补充材料"))
    return locked


@transaction.atomic
def appeal_rate(*, appeal: Appeal, member: Member, actor: Any, rating: str, comment: str = "") -> Appeal:
    _require_owner(member, appeal)
    if rating not in Rating.values:
        raise ValidationError({"rating": _("请选择满意、基本满意或不满意")})
    comment = comment.strip()
    if len(comment) > 300:
        raise ValidationError({"comment": _("评价意见不能超过300字")})
    locked = lock(Appeal, pk=appeal.pk, related=_APPEAL_JOINS)
    locked.rating = rating
    locked.rating_comment = comment
    locked.rated_at = timezone.now()
    APPEAL_WORKFLOW.apply(
        locked,
        action=AppealAction.RATE,
        actor=_member_actor(locked, actor),
        note="；".join(part for part in (str(Rating(rating).label), comment) if part),
        update_fields=["rating", "rating_comment", "rated_at"],
    )
    if rating == Rating.UNSATISFIED:
        _notify_desk(locked, _("申请人对答复不满意"))
    return locked


def appeal_reopen_deadline(appeal: Appeal) -> dt.date | None:
    if appeal.replied_at is None:
        return None
    return timezone.localdate(appeal.replied_at) + dt.timedelta(days=REOPEN_CALENDAR_DAYS)


def appeal_can_reopen(appeal: Appeal, today: dt.date | None = None) -> bool:
    deadline = appeal_reopen_deadline(appeal)
    return (
        appeal.status in (AppealStatus.REPLIED, AppealStatus.RATED)
        and appeal.reopen_count == 0
        and appeal.rating != Rating.SATISFIED
        and deadline is not None
        and (today or timezone.localdate()) <= deadline
    )


@transaction.atomic
def appeal_reopen(*, appeal: Appeal, member: Member, actor: Any, reason: str) -> Appeal:
    """重办: once, within 15 calendar days of the reply, when the member is not satisfied. The case returns to
    办理中 with a fresh reply period."""
    _require_owner(member, appeal)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请说明需要重办的原因")})
    locked = lock(Appeal, pk=appeal.pk, related=_APPEAL_JOINS)
    if locked.reopen_count > 0:
        raise ValidationError(_("每件诉求只能申请重办一次"))
    if locked.rating == Rating.SATISFIED:
        raise ValidationError(_("您已评价满意，不能申请重办"))
    deadline = appeal_reopen_deadline(locked)
    if locked.status in (AppealStatus.REPLIED, AppealStatus.RATED) and (
        deadline is None or timezone.localdate() > deadline
    ):
        raise ValidationError(_("答复已超过%(n)d天，不能申请重办") % {"n": REOPEN_CALENDAR_DAYS})
    today = timezone.localdate()
    _accept, reply_due = sla_due_dates(
        submitted_on=today, accept_days=locked.category.accept_days, reply_days=locked.category.reply_days
    )
    locked.reopen_count = locked.reopen_count + 1
    locked.reply_due = reply_due
    locked.rating = ""
    locked.rating_comment = ""
    locked.rated_at = None
    AppealMessage.objects.create(appeal=locked, kind=MessageKind.MEMBER, author=actor, body=reason)
    APPEAL_WORKFLOW.apply(
        locked,
        action=AppealAction.REOPEN,
        actor=_member_actor(locked, actor),
        note=reason,
        update_fields=["reopen_count", "reply_due", "rating", "rating_comment", "rated_at"],
    )
    _notify_desk(locked, _("申请人申请重办"))
    return locked


# --- identity reveal --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RevealedIdentity:
    name: str
    phone: str
    org_name: str
    member_number: str


@transaction.atomic
def appeal_identity_reveal(
    *, appeal: Appeal, actor: Any, reason: str, request: HttpRequest | None = None
) -> RevealedIdentity:
    """A 维权督办 reveals an anonymous requester; audited with the reason (and on the internal timeline)."""
    if not can_reveal_appeal(actor, appeal):
        raise PermissionDenied(_("只有维权督办可以查看匿名诉求人的身份"))
    reason = reason.strip()
    if len(reason) < 4:
        raise ValidationError({"reason": _("请填写查看身份的理由（至少4个字）")})
    audit_log(
        action=AuditAction.REVEAL,
        actor=actor,
        request=request,
        subject=appeal,
        org_id=appeal.org_id,
        summary=f"查看匿名诉求 {appeal.number} 的申请人身份，理由：{reason}",
        detail={"number": appeal.number, "reason": reason},
    )
    appeal_event(appeal=appeal, actor=actor, action=AppealAction.REVEAL, note=reason)
    member = appeal.member
    return RevealedIdentity(
        name=appeal.contact_name,
        phone=appeal.contact_phone,
        org_name=appeal.origin_org.name,
        member_number=(member.member_number or "") if member is not None else "",
    )


# --- scheduled work ---------------------------------------------------------------------------------------


@transaction.atomic
def appeal_auto_close(*, appeal: Appeal) -> Appeal:
    locked = lock(Appeal, pk=appeal.pk, related=_APPEAL_JOINS)
    locked.closed_at = timezone.now()
    APPEAL_WORKFLOW.apply(
        locked,
        action=AppealAction.AUTO_CLOSE,
        actor=None,
        note=_("答复后%(n)d个工作日未评价，系统自动办结") % {"n": AUTO_CLOSE_WORKDAYS},
        update_fields=["closed_at"],
    )
    return locked


@transaction.atomic
def appeal_due_soon_notify(*, appeal: Appeal, due: dt.date) -> bool:
    locked = lock(Appeal, pk=appeal.pk, related=_APPEAL_JOINS)
    if locked.due_soon_notified_for == due:
        return False
    locked.due_soon_notified_for = due
    locked.save(update_fields=["due_soon_notified_for", "updated_at"])
    _notify_desk(locked, _("诉求即将到期（%(d)s）") % {"d": f"{due:%m月%d日}"})
    return True


@transaction.atomic
def appeal_overdue_escalate(*, appeal: Appeal, due: dt.date, overdue_days: int) -> bool:
    """Overdue: the handler is reminded and the 维权督办 above the union is told; once per deadline."""
    locked = lock(Appeal, pk=appeal.pk, related=_APPEAL_JOINS)
    if locked.overdue_notified_for == due:
        return False
    locked.overdue_notified_for = due
    locked.was_overdue = True
    locked.save(update_fields=["overdue_notified_for", "was_overdue", "updated_at"])
    supervisors = users_with_action(locked.org, SUPERVISE)
    what = _("受理") if locked.status == AppealStatus.SUBMITTED else _("答复")
    appeal_event(
        appeal=locked,
        actor=None,
        action=AppealAction.OVERDUE,
        note=_("%(what)s期限%(d)s已过%(n)d个工作日，已提醒办理人并报维权督办（%(s)s）")
        % {
            "what": what,
            "d": f"{due:%Y-%m-%d}",
            "n": overdue_days,
            "s": "、".join(str(u) for u in supervisors) or _("暂无督办人"),
        },
    )
    _notify_desk(locked, _("诉求已超期，请尽快办理"))
    _notify_desk(locked, _("超期诉求督办"), supervisors)
    return True


# --- categories and designations --------------------------------------------------------------------------


def category_defaults_ensure() -> int:
    """The default categories, for an empty list (a fresh database, a test that flushed the tables)."""
    if AppealCategory.objects.exists():
        return 0
    AppealCategory.objects.bulk_create(
        [
            AppealCategory(code=code, name=name, is_restricted=restricted, order=index * 10)
            for index, (code, name, restricted) in enumerate(DEFAULT_CATEGORIES, start=1)
        ]
    )
    return len(DEFAULT_CATEGORIES)


@transaction.atomic
def category_save(
    *,
    actor: Any,
    category: AppealCategory | None,
    name: str,
    accept_days: int,
    reply_days: int,
    is_restricted: bool,
    is_active: bool,
    order: int,
    code: str = "",
) -> AppealCategory:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("请填写类别名称")})
    if accept_days < 1 or reply_days < 1:
        raise ValidationError({"accept_days": _("时限至少为1个工作日")})
    if reply_days < accept_days:
        raise ValidationError({"reply_days": _("答复时限不能短于受理时限")})
    clash = AppealCategory.objects.filter(name=name)
    if category is not None:
        clash = clash.exclude(pk=category.pk)
    if clash.exists():
        raise ValidationError({"name": _("已有同名的诉求类别")})
    created = category is None
    if category is None:
        code = code.strip() or f"c{AppealCategory.objects.count() + 1}"
        while AppealCategory.objects.filter(code=code).exists():
            code = f"{code}x"
        category = AppealCategory(code=code)
    category.name = name
    category.accept_days = accept_days
    category.reply_days = reply_days
    category.is_restricted = is_restricted
    category.is_active = is_active
    category.order = order
    category.save()
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=category,
        summary=f"{'新增' if created else '修改'}诉求类别 {name}（受理{accept_days}、答复{reply_days}个工作日"
        f"{'，限定办理人' if is_restricted else ''}{'' if is_active else '，停用'}）",
    )
    return category


@transaction.atomic
def designation_create(*, actor: Any, user: User, org: Org, category: AppealCategory) -> HandlerDesignation:
    if not can_supervise_org(actor, org):
        raise PermissionDenied
    if not has_action(user, HANDLE, org):
        raise ValidationError(
            {"user": _("账号 %(u)s 在%(o)s没有维权办理权限") % {"u": user.username, "o": org.name}}
        )
    designation, created = HandlerDesignation.objects.get_or_create(
        user=user, org=org, category=category, defaults={"created_by": actor}
    )
    if not created:
        raise ValidationError({"user": _("已指定过该办理人")})
    forget_designations(user)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=designation,
        org_id=org.pk,
        summary=f"指定 {user} 办理{org.name}的{category.name}诉求",
    )
    return designation


@transaction.atomic
def designation_delete(*, actor: Any, designation: HandlerDesignation) -> None:
    if not can_supervise_org(actor, designation.org):
        raise PermissionDenied
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=designation,
        org_id=designation.org_id,
        summary=f"取消 {designation.user} 办理{designation.org.name}的{designation.category.name}诉求",
    )
    designation.delete()


# --- statistics export ------------------------------------------------------------------------------------

STATS_HEADERS = (
    "诉求数",
    "受理率(%)",
    "平均办理用时（工作日）",
    "P90办理用时（工作日）",
    "超期率(%)",
    "重办率(%)",
    "满意度(%)",
    "满意",
    "基本满意",
    "不满意",
)


def _stats_values(f: Figures) -> list[Any]:
    def blank(value: Any) -> Any:
        return "" if value is None else value

    return [
        f.count,
        blank(f.acceptance_rate),
        blank(f.avg_handling),
        blank(f.p90_handling),
        blank(f.overdue_rate),
        blank(f.reopen_rate),
        blank(f.satisfaction_rate),
        f.satisfied,
        f.fairly,
        f.unsatisfied,
    ]


def appeal_stats_export(*, stats: AppealStats, actor: Any, request: HttpRequest | None = None) -> bytes:
    """The statistics as xlsx (one sheet per dimension); audited against the root union."""
    note = (
        f"统计范围：{stats.root.name}及其下级工会；提交日期 {stats.start:%Y-%m-%d} 至 {stats.end:%Y-%m-%d}；"
        "受理率 = 已受理 ÷ 已作出受理决定；满意度 = (满意 + 基本满意) ÷ 已评价"
    )

    def sheet(name: str, first: str, rows: Iterable[Any]) -> SheetSpec:
        return SheetSpec(
            name,
            (first, *STATS_HEADERS),
            [[row.label, *_stats_values(row.figures)] for row in rows],
            (24,),
            notes=(note,),
        )

    own = [StatsRow(key="own", label=f"{stats.root.name}（本级）", figures=stats.own)]
    total = [StatsRow(key="total", label="合计", figures=stats.total)]
    buffer = io.BytesIO()
    write_workbook(
        buffer,
        [
            sheet("汇总", "范围", total),
            sheet("按类别", "类别", stats.by_category),
            sheet("按工会", "工会", [*stats.by_org, *own]),
            sheet("按月份", "月份", stats.by_month),
            sheet("按渠道", "渠道", stats.by_channel),
        ],
    )
    audit_log(
        action=AuditAction.EXPORT,
        actor=actor,
        request=request,
        subject=stats.root,
        org_id=stats.root.pk,
        summary=f"导出{stats.root.name}诉求统计（{stats.start:%Y-%m-%d}至{stats.end:%Y-%m-%d}）",
        detail={"org": stats.root.code, "start": stats.start.isoformat(), "end": stats.end.isoformat()},
    )
    return buffer.getvalue()


def attachment_may_download(user: Any, appeal: Appeal) -> bool:
    """Attachments of a case: its requester (a member) and whoever may see the case on the desk."""
    if appeal.member_id is not None and Member.objects.filter(pk=appeal.member_id, user=user).exists():
        return True
    if not is_desk_user(user):
        return False
    return Appeal.objects.visible_to(user, VIEW).filter(pk=appeal.pk).exists()

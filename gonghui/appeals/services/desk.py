"""The case desk: accept, reject, start, assign (handler, lawyer), ask for materials, resume, reply, note,
transfer and escalate."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.models import User
from gonghui.core.locking import lock
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Org

from ..choices import OPEN_STATUSES, AppealAction, MessageKind
from ..events import appeal_event
from ..models import Appeal, AppealMessage
from ..permissions import can_handle_appeal, can_note_appeal
from ..selectors import appeal_handlers_for, appeal_lawyers_for, appeal_transfer_targets
from ..sla import handling_workdays
from .common import _APPEAL_JOINS, APPEAL_WORKFLOW, _end_pause, _notify_desk, _notify_member


def _require_handler(actor: Actor, appeal: Appeal) -> None:
    if not can_handle_appeal(actor, appeal):
        raise PermissionDenied(_("您没有办理该诉求的权限"))


@transaction.atomic
def appeal_accept(*, appeal: Appeal, actor: Actor, note: str = "") -> Appeal:
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
def appeal_reject(*, appeal: Appeal, actor: Actor, reason: str) -> Appeal:
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
def appeal_start(*, appeal: Appeal, actor: Actor) -> Appeal:
    locked = lock(Appeal, pk=appeal.pk, related=_APPEAL_JOINS)
    APPEAL_WORKFLOW.apply(locked, action=AppealAction.START, actor=actor)
    return locked


@transaction.atomic
def appeal_assign(*, appeal: Appeal, handler: User, actor: Actor) -> Appeal:
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


@transaction.atomic
def appeal_assign_lawyer(*, appeal: Appeal, lawyer: User | None, actor: Actor) -> Appeal:
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
def appeal_request_materials(*, appeal: Appeal, actor: Actor, note: str) -> Appeal:
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
def appeal_reply(*, appeal: Appeal, actor: Actor, body: str) -> Appeal:
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("请填写答复内容")})
    locked = lock(Appeal, pk=appeal.pk, related=_APPEAL_JOINS)
    APPEAL_WORKFLOW.check(locked, action=AppealAction.REPLY, actor=actor, note=body)
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
def appeal_note(*, appeal: Appeal, actor: Actor, body: str) -> AppealMessage:
    """An internal note: never shown to the member."""
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("请填写备注内容")})
    if not can_note_appeal(actor, appeal):
        raise PermissionDenied
    message = AppealMessage.objects.create(appeal=appeal, kind=MessageKind.NOTE, author=actor, body=body)
    appeal_event(appeal=appeal, actor=actor, action=AppealAction.NOTE, note=body[:200])
    return message


def _move(locked: Appeal, *, to_org: Org, actor: Actor, action: AppealAction, reason: str) -> None:
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
def appeal_transfer(*, appeal: Appeal, actor: Actor, to_org: Org, reason: str) -> Appeal:
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
def appeal_escalate(*, appeal: Appeal, actor: Actor, reason: str) -> Appeal:
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


@transaction.atomic
def appeal_resume(*, appeal: Appeal, actor: Actor, note: str = "") -> Appeal:
    """The union resumes a paused case itself (materials received another way, or no longer needed)."""
    locked = lock(Appeal, pk=appeal.pk, related=_APPEAL_JOINS)
    APPEAL_WORKFLOW.check(locked, action=AppealAction.RESUME, actor=actor)
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

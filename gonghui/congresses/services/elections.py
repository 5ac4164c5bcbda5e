"""Writes of part elections (换届). A union runs its own steps — 启动换届, 报送换届请示, 登记选举结果, 取消 — and a
manager of the union above gives the two 批复 (the 换届请示 and the election result, each with its 文号). The second
批复 completes the 换届: every current committee of the union (三委) starts its new term through orgs' committee
换届 service, which also moves `Org.term_started_on` / `term_ends_on` (no 工会委员会 on record yet: one is recorded).
Each step is one transaction with a timeline row on the election and an audit row; the other side is told by
消息. `term_reminders_job` tells a union 180/90/30 days before its term ends and its upper union once it has ended
(each once per term: an identical message already in the inbox is not sent again)."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.models import RoleGrant, User
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.core.registry import roles
from gonghui.notifications.models import Notification
from gonghui.notifications.services import notify
from gonghui.orgs.choices import CommitteeKind, OrgStatus
from gonghui.orgs.models import Committee, Org
from gonghui.orgs.services.committees import committee_create, committee_new_term

from ..choices import ElectionAction, ElectionStatus
from ..events import congresses_event
from ..models import UnionElection
from ..permissions import MANAGE
from ..selectors.elections import (
    can_approve,
    can_run,
    can_start,
    can_start_committees,
    open_election_of,
    remind_stage,
    terms_to_remind,
    upper_union,
)

CATEGORY = "congresses"


def _date(value: dt.date | None) -> str:
    return f"{value:%Y-%m-%d}" if value else "—"


def _managers_of(orgs: Any) -> list[User]:
    """Active users whose role on one of `orgs` itself names congresses.manage."""
    codes = [role.code for role in roles if MANAGE in role.actions and not role.object_only]
    user_ids = RoleGrant.objects.filter(org__in=orgs, role__in=codes).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))


def _tell(org: Org | None, actor: Actor | None, title: str, body: str, url: str) -> int:
    if org is None:
        return 0
    recipients = [u for u in _managers_of([org]) if actor is None or u.pk != actor.pk]
    if recipients:
        notify(recipients=recipients, title=title, body=body, url=url, category=CATEGORY)
    return len(recipients)


def _record(
    election: UnionElection,
    actor: Actor,
    action: ElectionAction,
    *,
    from_state: str = "",
    note: str = "",
    context: AuditContext | None = None,
) -> None:
    congresses_event(
        subject=election,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=election.status if from_state else "",
        note=note,
    )
    summary = f"{action.label}：{election.org.name}" + (f"（{note}）" if note else "")
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=summary[:300],
        actor=actor,
        subject=election,
        org_id=election.org_id,
        context=context,
    )


def _locked(election: UnionElection) -> UnionElection:
    return lock(UnionElection, pk=election.pk, related=("org",))


def _require_run(actor: Actor, election: UnionElection) -> None:
    if not can_run(actor, election):
        raise PermissionDenied(_("无权办理该工会的换届"))


def _require_approve(actor: Actor, election: UnionElection) -> None:
    if not can_approve(actor, election):
        raise PermissionDenied(_("换届请示和选举结果由上级工会批复"))


def _require_status(election: UnionElection, status: str, message: str) -> None:
    if election.status != status:
        raise ValidationError(message)


def _not_future(field: str, value: dt.date | None, label: str) -> dt.date:
    if value is None:
        raise ValidationError({field: _("请填写%(label)s") % {"label": label}})
    if value > timezone.localdate():
        raise ValidationError({field: _("%(label)s不能晚于今天") % {"label": label}})
    return value


def _reference(field: str, value: str) -> str:
    reference = " ".join((value or "").split())
    if not reference:
        raise ValidationError({field: _("请填写批复文号")})
    if len(reference) > 60:
        raise ValidationError({field: _("批复文号不能超过60个字")})
    return reference


@transaction.atomic
def election_start(
    *, org: Org, actor: Actor, note: str = "", context: AuditContext | None = None
) -> UnionElection:
    """启动换届: the union (or one above it) opens the record; one open 换届 per union."""
    if not can_start(actor, org):
        raise PermissionDenied(_("无权办理该工会的换届"))
    org = lock(Org, pk=org.pk)
    if org.status != OrgStatus.ACTIVE:
        raise ValidationError(_("该工会已停用，不能启动换届"))
    if open_election_of(org) is not None:
        raise ValidationError(_("该工会已有正在办理的换届"))
    if len(note) > 2000:
        raise ValidationError({"note": _("备注不能超过2000个字")})
    election = UnionElection.objects.create(
        org=org, old_term_ends_on=org.term_ends_on, note=note.strip(), created_by=actor
    )
    _record(
        election,
        actor,
        ElectionAction.CREATED,
        note=f"本届任期届满 {_date(org.term_ends_on)}",
        context=context,
    )
    return election


@transaction.atomic
def election_request(
    *,
    election: UnionElection,
    actor: Actor,
    requested_on: dt.date | None,
    context: AuditContext | None = None,
) -> UnionElection:
    """报送换届请示 to the union above, which is told."""
    _require_run(actor, election)
    election = _locked(election)
    _require_status(election, ElectionStatus.PLANNING, _("只有筹备中的换届可以报送请示"))
    requested = _not_future("requested_on", requested_on, _("报送日期"))
    upper = upper_union(election.org)
    if upper is None:
        raise ValidationError(_("该工会没有上级工会，不能报送换届请示"))
    election.requested_on = requested
    election.status = ElectionStatus.REQUESTED
    election.save(update_fields=["requested_on", "status", "updated_at"])
    _record(election, actor, ElectionAction.REQUESTED, from_state=ElectionStatus.PLANNING, context=context)
    _tell(
        upper,
        actor,
        _("换届请示待批复：%(org)s") % {"org": election.org.name},
        _("%(org)s于%(day)s报送了换届请示，请审核批复。")
        % {"org": election.org.name, "day": _date(requested)},
        election.get_absolute_url(),
    )
    return election


@transaction.atomic
def election_approve_plan(
    *,
    election: UnionElection,
    actor: Actor,
    approved_on: dt.date | None,
    reference: str,
    context: AuditContext | None = None,
) -> UnionElection:
    """上级批复换届请示 (date and 文号), by a manager of the union above."""
    _require_approve(actor, election)
    election = _locked(election)
    _require_status(election, ElectionStatus.REQUESTED, _("只有已报送请示的换届可以批复"))
    approved = _not_future("approved_on", approved_on, _("批复日期"))
    if election.requested_on and approved < election.requested_on:
        raise ValidationError({"approved_on": _("批复日期不能早于报送请示日期")})
    election.plan_approved_on = approved
    election.plan_reference = _reference("reference", reference)
    election.status = ElectionStatus.PLAN_APPROVED
    election.save(update_fields=["plan_approved_on", "plan_reference", "status", "updated_at"])
    _record(
        election,
        actor,
        ElectionAction.PLAN_APPROVED,
        from_state=ElectionStatus.REQUESTED,
        note=election.plan_reference,
        context=context,
    )
    _tell(
        election.org,
        actor,
        _("换届请示已批复"),
        _("上级工会已批复%(org)s的换届请示（%(ref)s），请按批复组织选举并登记结果。")
        % {"org": election.org.name, "ref": election.plan_reference},
        election.get_absolute_url(),
    )
    return election


@transaction.atomic
def election_record_result(
    *,
    election: UnionElection,
    actor: Actor,
    elected_on: dt.date | None,
    term_started_on: dt.date | None,
    term_ends_on: dt.date | None,
    context: AuditContext | None = None,
) -> UnionElection:
    """登记选举结果: the election date and the new term; the union above is asked to approve the result."""
    _require_run(actor, election)
    election = _locked(election)
    _require_status(election, ElectionStatus.PLAN_APPROVED, _("上级批复换届请示后才能登记选举结果"))
    elected = _not_future("elected_on", elected_on, _("选举日期"))
    if election.plan_approved_on and elected < election.plan_approved_on:
        raise ValidationError({"elected_on": _("选举日期不能早于上级批复换届请示的日期")})
    if term_started_on is None:
        raise ValidationError({"term_started_on": _("请填写新一届任期开始日期")})
    if term_ends_on is None:
        raise ValidationError({"term_ends_on": _("请填写新一届任期届满日期")})
    if term_started_on < elected:
        raise ValidationError({"term_started_on": _("新一届任期开始日期不能早于选举日期")})
    if term_ends_on <= term_started_on:
        raise ValidationError({"term_ends_on": _("新一届任期届满日期应晚于任期开始日期")})
    old_start = election.org.term_started_on
    if old_start is not None and term_started_on <= old_start:
        raise ValidationError({"term_started_on": _("新一届任期开始日期应晚于本届任期开始日期")})
    election.elected_on = elected
    election.new_term_started_on = term_started_on
    election.new_term_ends_on = term_ends_on
    election.status = ElectionStatus.ELECTED
    election.save(
        update_fields=["elected_on", "new_term_started_on", "new_term_ends_on", "status", "updated_at"]
    )
    _record(
        election,
        actor,
        ElectionAction.ELECTED,
        from_state=ElectionStatus.PLAN_APPROVED,
        note=f"选举 {_date(elected)}，新一届任期 {_date(term_started_on)} 至 {_date(term_ends_on)}",
        context=context,
    )
    _tell(
        upper_union(election.org),
        actor,
        _("选举结果待批复：%(org)s") % {"org": election.org.name},
        _("%(org)s已于%(day)s完成换届选举，请审核批复选举结果。")
        % {"org": election.org.name, "day": _date(elected)},
        election.get_absolute_url(),
    )
    return election


def _start_committees(election: UnionElection, actor: Actor, context: AuditContext | None) -> int:
    """Every current committee of the union starts its new term (the 工会委员会's term is the org's own)."""
    data = {
        "term_started_on": election.new_term_started_on,
        "term_ends_on": election.new_term_ends_on,
        "elected_on": election.elected_on,
        "approved_on": election.result_approved_on,
        "approval_reference": election.result_reference,
    }
    current = list(Committee.objects.filter(org=election.org, is_current=True).order_by("kind"))
    for committee in current:
        committee_new_term(committee=committee, actor=actor, data=data, context=context)
    if not any(c.kind == CommitteeKind.UNION for c in current):
        committee_create(org=election.org, kind=CommitteeKind.UNION, actor=actor, data=data, context=context)
        return len(current) + 1
    return len(current)


@transaction.atomic
def election_approve_result(
    *,
    election: UnionElection,
    actor: Actor,
    approved_on: dt.date | None,
    reference: str,
    context: AuditContext | None = None,
) -> UnionElection:
    """上级批复选举结果: the 换届 is complete; the union's committees start the new term and the org's term moves."""
    _require_approve(actor, election)
    election = _locked(election)
    _require_status(election, ElectionStatus.ELECTED, _("登记选举结果后才能批复"))
    approved = _not_future("approved_on", approved_on, _("批复日期"))
    if election.elected_on and approved < election.elected_on:
        raise ValidationError({"approved_on": _("批复日期不能早于选举日期")})
    if not can_start_committees(actor, election.org):
        raise ValidationError(_("批复选举结果将同时办理该工会的委员会换届，需由上级工会的工会管理员办理"))
    election.result_approved_on = approved
    election.result_reference = _reference("reference", reference)
    election.status = ElectionStatus.COMPLETED
    election.save(update_fields=["result_approved_on", "result_reference", "status", "updated_at"])
    started = _start_committees(election, actor, context)
    _record(
        election,
        actor,
        ElectionAction.COMPLETED,
        from_state=ElectionStatus.ELECTED,
        note=f"{election.result_reference}；{started}个委员会开始新一届任期",
        context=context,
    )
    _tell(
        election.org,
        actor,
        _("选举结果已批复"),
        _("上级工会已批复%(org)s的选举结果（%(ref)s），新一届任期 %(start)s 至 %(end)s。")
        % {
            "org": election.org.name,
            "ref": election.result_reference,
            "start": _date(election.new_term_started_on),
            "end": _date(election.new_term_ends_on),
        },
        election.get_absolute_url(),
    )
    return election


@transaction.atomic
def election_cancel(
    *, election: UnionElection, actor: Actor, reason: str, context: AuditContext | None = None
) -> UnionElection:
    """取消 an open 换届 (with a reason); the union's term is left as it was."""
    _require_run(actor, election)
    election = _locked(election)
    if election.status in (ElectionStatus.COMPLETED, ElectionStatus.CANCELLED):
        raise ValidationError(_("已完成或已取消的换届不能取消"))
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("请填写取消原因")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("取消原因不能超过500个字")})
    before = election.status
    election.status = ElectionStatus.CANCELLED
    election.note = (election.note + "\n" if election.note else "") + _("取消原因：") + reason
    election.save(update_fields=["status", "note", "updated_at"])
    _record(election, actor, ElectionAction.CANCELLED, from_state=before, note=reason, context=context)
    return election


# --- reminders ------------------------------------------------------------------------------------------------


def _already_sent(title: str, url: str) -> bool:
    return Notification.objects.filter(category=CATEGORY, title=title, url=url).exists()


@transaction.atomic
def term_remind(*, org: Org, today: dt.date | None = None) -> int:
    """Tell a union its term ends soon (180/90/30 days), or its upper union that it has ended; each message once
    per term. Returns the number of messages sent."""
    today = today or timezone.localdate()
    ends = org.term_ends_on
    if ends is None or org.status != OrgStatus.ACTIVE:
        return 0
    stage = remind_stage(ends, today)
    if stage is None:
        return 0
    if stage == 0:
        target = upper_union(org)
        title = _("换届超期：%(org)s（任期%(day)s届满）") % {"org": org.name, "day": _date(ends)}
        body = _("%(org)s的本届任期已于%(day)s届满，尚未启动换届，请督促按期换届。") % {
            "org": org.name,
            "day": _date(ends),
        }
        url = reverse("congresses:election_list") + "?state=overdue"
    else:
        target = org
        title = _("换届提醒：本届任期%(day)s届满（%(n)d天内）") % {"day": _date(ends), "n": stage}
        body = _("%(org)s的本届任期将于%(day)s届满，请及早向上级工会报送换届请示。") % {
            "org": org.name,
            "day": _date(ends),
        }
        url = reverse("congresses:election_start", args=[org.code])
    if target is None or _already_sent(title, url):
        return 0
    return _tell(target, None, title, body, url)


def term_reminders_job() -> str:
    """Scheduled: the reminders of every union whose term ends within 180 days or has ended (no 换届 open)."""
    today = timezone.localdate()
    sent = sum(term_remind(org=org, today=today) for org in terms_to_remind(today))
    return _("换届提醒 %(n)d 条") % {"n": sent}

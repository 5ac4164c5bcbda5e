"""Writes of part proposals (提案闭环): a delegate submits on the phone (with a receipt); two other full delegates of
the same congress second it (附议) and it goes to the 提案工作委员会 (待审查); late ones and ones still unseconded when
the collection window closes become 意见建议 with the same tracking; the committee's office (the union's cadres)
reviews (立案 with a number / 不予立案 with a reason / 转为意见建议), assigns one 主办 and any 协办 with a reply
deadline in working days, records the reply; the proposer rates it — 不满意 the first time sends it back for one
re-handling, after which it is 已办结 whatever the rating; a job escalates overdue replies to the union's cadres and
the union above. Every step writes a timeline row on the proposal; decisions write an audit row.

Services take plain arguments (an actor, a member, values) so the demo seeder can call them."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import RoleGrant, User
from gonghui.calendars.workdays import add_workdays
from gonghui.core.audit import audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.core.numbering import number_next
from gonghui.core.registry import roles
from gonghui.members.models import Member
from gonghui.notifications.services import notify
from gonghui.orgs.models import Org
from gonghui.responses.services import receipt_code_new

from ..choices import (
    DelegateRole,
    HandlerRole,
    ProposalAction,
    ProposalCategory,
    ProposalKind,
    ProposalStatus,
    ReplyType,
    Satisfaction,
)
from ..events import congresses_event
from ..models import (
    Congress,
    Delegate,
    HandlingDepartment,
    Proposal,
    ProposalAssignment,
    ProposalReply,
    ProposalSecond,
)
from ..permissions import MANAGE, can_manage_for
from ..selectors.congress import rules_for
from ..selectors.proposals import SECONDS_NEEDED, collecting_session

CATEGORY = "congresses.proposal"
REVIEW_ACCEPT, REVIEW_REJECT, REVIEW_CONVERT = "accept", "reject", "convert"


# --- helpers ---------------------------------------------------------------------------------------------------------
def _portal_url(proposal: Proposal) -> str:
    return reverse("congresses_portal:proposal_detail", args=[proposal.public_id])


def _console_url(proposal: Proposal) -> str:
    return reverse("congresses:proposal_detail", args=[proposal.public_id])


def _notify_member(member: Member, proposal: Proposal, title: str, body: str = "") -> None:
    user = member.user
    if user is not None:
        notify(recipients=[user], title=title, body=body, url=_portal_url(proposal), category=CATEGORY)


def _managers_of(orgs: Sequence[Org]) -> list[User]:
    """Active users whose role on one of `orgs` itself names congresses.manage."""
    codes = [role.code for role in roles if MANAGE in role.actions and not role.object_only]
    user_ids = RoleGrant.objects.filter(org__in=orgs, role__in=codes).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))


def _require_manage(actor: Any, proposal: Proposal) -> None:
    if not can_manage_for(actor, proposal.congress.org):
        raise PermissionDenied(_("无权办理该提案"))


def proposal_workdays(org: Org) -> int:
    """The reply deadline in working days: `CongressRules.proposal_workdays` of the nearest union (itself first)
    with rules, else 20."""
    return rules_for(org).proposal_workdays


def _full_seat(congress: Congress, member: Member) -> Delegate | None:
    return Delegate.objects.filter(
        congress=congress, member=member, role=DelegateRole.FULL, ended_on__isnull=True
    ).first()


def _next_number(proposal: Proposal, *, suggestion: bool) -> str:
    series = f"congress-{proposal.congress_id}-{'suggestion' if suggestion else 'proposal'}"
    n = number_next(issuer_id=proposal.congress.org_id, series=series, year=proposal.congress.term_number)
    return f"{'意' if suggestion else '提'}{n:03d}"


# --- the delegate's side (portal) ----------------------------------------------------------------------------------
@transaction.atomic
def proposal_submit(
    *,
    member: Member,
    congress: Congress,
    title: str,
    reasons: str,
    measures: str,
    category: str = ProposalCategory.OTHER,
) -> Proposal:
    """A full delegate in office submits one matter. In an open collection window (or between sessions where the
    congress allows it) it waits for 附议; otherwise it is taken as 意见建议 straight to review."""
    title, reasons, measures = title.strip(), reasons.strip(), measures.strip()
    errors = {}
    if not title:
        errors["title"] = _("请填写案由")
    if not reasons:
        errors["reasons"] = _("请填写理由")
    if not measures:
        errors["measures"] = _("请填写建议措施")
    if category not in ProposalCategory.values:
        errors["category"] = _("请选择分类")
    if errors:
        raise ValidationError(errors)
    if not congress.is_current:
        raise ValidationError(_("该届代表大会已换届，不能再提交提案"))
    seat = _full_seat(congress, member)
    if seat is None:
        raise PermissionDenied(_("只有本届正式代表才能提交提案"))
    session = collecting_session(congress)
    in_window = session is not None or congress.proposals_between_sessions
    if session is None:
        # late: attach to the latest session whose window has closed, so it shows in that session's report
        session = (
            congress.sessions.filter(proposals_close_on__lt=timezone.localdate())
            .order_by("-proposals_close_on", "-pk")
            .first()
            if not in_window
            else None
        )
    proposal = Proposal.objects.create(
        congress=congress,
        session=session,
        proposer=seat,
        title=title,
        reasons=reasons,
        measures=measures,
        category=category,
        kind=ProposalKind.PROPOSAL if in_window else ProposalKind.SUGGESTION,
        status=ProposalStatus.SECONDING if in_window else ProposalStatus.SUBMITTED,
        receipt_code=receipt_code_new(),
        submitted_at=timezone.now(),
    )
    note = _("需两名以上其他正式代表附议") if in_window else _("提交时不在提案征集期内，作为意见建议办理")
    congresses_event(
        subject=proposal,
        actor=member.user,
        action=ProposalAction.SUBMITTED,
        to_state=proposal.status,
        note=note,
    )
    _notify_member(
        member,
        proposal,
        _("提案已提交（回执编号 %(code)s）") % {"code": proposal.receipt_code},
        f"{proposal.title}：{note}",
    )
    return proposal


@transaction.atomic
def proposal_second(*, proposal: Proposal, member: Member) -> ProposalSecond:
    """附议: another full delegate of the same congress seconds a proposal still collecting; at two seconds it goes
    to review (待审查)."""
    locked = lock(Proposal, pk=proposal.pk, related=("congress__org", "session", "proposer__member"))
    if locked.proposer.member_id == member.pk:
        raise ValidationError(_("提案人不能附议自己的提案"))
    seat = _full_seat(locked.congress, member)
    if seat is None:
        raise PermissionDenied(_("只有本届正式代表才能附议"))
    if locked.status != ProposalStatus.SECONDING or locked.kind != ProposalKind.PROPOSAL:
        raise ValidationError(_("该提案已不在征集附议阶段"))
    closes = locked.session.proposals_close_on if locked.session is not None else None
    if closes is not None and closes < timezone.localdate():
        raise ValidationError(_("提案征集已截止，不能再附议"))
    if ProposalSecond.objects.filter(proposal=locked, delegate=seat).exists():
        raise ValidationError(_("您已附议过该提案"))
    second = ProposalSecond.objects.create(proposal=locked, delegate=seat, receipt_code=receipt_code_new())
    count = ProposalSecond.objects.filter(proposal=locked).count()
    congresses_event(
        subject=locked,
        actor=member.user,
        action=ProposalAction.SECONDED,
        note=_("%(name)s附议（第%(n)d人）") % {"name": member.name, "n": count},
    )
    if count >= SECONDS_NEEDED:
        locked.status = ProposalStatus.SUBMITTED
        locked.save(update_fields=["status", "updated_at"])
        congresses_event(
            subject=locked,
            actor=None,
            action=ProposalAction.SECONDED,
            from_state=ProposalStatus.SECONDING,
            to_state=ProposalStatus.SUBMITTED,
            note=_("附议人数已满%(n)d人，提交提案工作委员会审查") % {"n": SECONDS_NEEDED},
        )
        _notify_member(
            locked.proposer.member,
            locked,
            _("您的提案已获附议，进入审查"),
            locked.title,
        )
    _notify_member(
        member,
        locked,
        _("已附议（回执编号 %(code)s）") % {"code": second.receipt_code},
        locked.title,
    )
    return second


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, member: Member) -> Proposal:
    """The proposer withdraws before the committee has decided."""
    locked = lock(Proposal, pk=proposal.pk, related=("proposer",))
    if locked.proposer.member_id != member.pk:
        raise PermissionDenied(_("只有提案人可以撤回"))
    if locked.status not in (ProposalStatus.SECONDING, ProposalStatus.SUBMITTED):
        raise ValidationError(_("提案已进入审查办理，不能撤回"))
    before = locked.status
    locked.status = ProposalStatus.WITHDRAWN
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "closed_at", "updated_at"])
    congresses_event(
        subject=locked,
        actor=member.user,
        action=ProposalAction.WITHDRAWN,
        from_state=before,
        to_state=locked.status,
    )
    return locked


@transaction.atomic
def proposal_convert_unseconded(*, proposal: Proposal) -> bool:
    """The window closed before two delegates seconded: the proposal becomes 意见建议 and goes to review (job).
    Returns False when there is nothing to do (already moved on)."""
    locked = lock(Proposal, pk=proposal.pk, related=("proposer__member",))
    if locked.status != ProposalStatus.SECONDING or locked.kind != ProposalKind.PROPOSAL:
        return False
    locked.kind = ProposalKind.SUGGESTION
    locked.status = ProposalStatus.SUBMITTED
    locked.save(update_fields=["kind", "status", "updated_at"])
    congresses_event(
        subject=locked,
        actor=None,
        action=ProposalAction.CONVERTED,
        from_state=ProposalStatus.SECONDING,
        to_state=ProposalStatus.SUBMITTED,
        note=_("征集截止时附议不足%(n)d人，转为意见建议办理") % {"n": SECONDS_NEEDED},
    )
    _notify_member(locked.proposer.member, locked, _("您的提案附议不足，已转为意见建议办理"), locked.title)
    return True


@transaction.atomic
def proposal_rate(*, proposal: Proposal, member: Member, satisfaction: str, note: str = "") -> ProposalReply:
    """The proposer rates the latest reply: 满意 / 基本满意 close it; 不满意 after the first reply sends it back for one
    re-handling (a new deadline); after the second reply it closes whatever the rating."""
    locked = lock(Proposal, pk=proposal.pk, related=("congress__org", "proposer"))
    if locked.proposer.member_id != member.pk:
        raise PermissionDenied(_("只有提案人可以评价答复"))
    if locked.status != ProposalStatus.REPLIED:
        raise ValidationError(_("该提案目前没有待评价的答复"))
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("请选择满意度")})
    note = note.strip()
    if satisfaction == Satisfaction.UNSATISFIED and not note:
        raise ValidationError({"rating_note": _("选择“不满意”时请填写意见，便于重新办理")})
    reply = ProposalReply.objects.filter(proposal=locked).order_by("-round").first()
    if reply is None:  # REPLIED always has a reply
        raise ValidationError(_("该提案目前没有待评价的答复"))
    reply.satisfaction = satisfaction
    reply.rating_note = note
    reply.rated_at = timezone.now()
    reply.save(update_fields=["satisfaction", "rating_note", "rated_at", "updated_at"])
    label = Satisfaction(satisfaction).label
    if satisfaction == Satisfaction.UNSATISFIED and reply.round == 1:
        locked.status = ProposalStatus.REHANDLING
        locked.deadline_on = add_workdays(timezone.localdate(), proposal_workdays(locked.congress.org))
        locked.escalated_at = None
        locked.save(update_fields=["status", "deadline_on", "escalated_at", "updated_at"])
        congresses_event(
            subject=locked,
            actor=member.user,
            action=ProposalAction.RATED,
            note=f"{label}：{note}",
        )
        congresses_event(
            subject=locked,
            actor=member.user,
            action=ProposalAction.REHANDLING,
            from_state=ProposalStatus.REPLIED,
            to_state=ProposalStatus.REHANDLING,
            note=_("重新办理，答复期限%(d)s") % {"d": f"{locked.deadline_on:%Y-%m-%d}"},
        )
        notify(
            recipients=_managers_of([locked.congress.org]),
            title=_("提案答复不满意，需重新办理"),
            body=locked.title,
            url=_console_url(locked),
            category=CATEGORY,
        )
    else:
        locked.status = ProposalStatus.CLOSED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "closed_at", "updated_at"])
        congresses_event(
            subject=locked,
            actor=member.user,
            action=ProposalAction.RATED,
            from_state=ProposalStatus.REPLIED,
            to_state=ProposalStatus.CLOSED,
            note=f"{label}：{note}" if note else str(label),
        )
    return reply


# --- the committee's office (console) ------------------------------------------------------------------------------
@transaction.atomic
def proposal_review(*, proposal: Proposal, actor: Any, decision: str, note: str = "") -> Proposal:
    """提案工作委员会审查: 立案 (a number; a 意见建议 is 受理 the same way), 不予立案 (with a reason, closes it) or
    转为意见建议 (with a reason; then handled like an accepted one)."""
    locked = lock(Proposal, pk=proposal.pk, related=("congress__org", "proposer__member"))
    _require_manage(actor, locked)
    if locked.status != ProposalStatus.SUBMITTED:
        raise ValidationError(_("只有待审查的提案可以审查"))
    note = note.strip()
    if decision not in (REVIEW_ACCEPT, REVIEW_REJECT, REVIEW_CONVERT):
        raise ValidationError({"decision": _("请选择审查结论")})
    if decision in (REVIEW_REJECT, REVIEW_CONVERT) and not note:
        raise ValidationError({"note": _("不予立案或转为意见建议时请填写理由")})
    if decision == REVIEW_CONVERT and locked.kind == ProposalKind.SUGGESTION:
        raise ValidationError({"decision": _("该件已是意见建议")})
    now = timezone.now()
    fields = ["status", "review_note", "reviewed_at", "reviewed_by", "updated_at"]
    locked.review_note, locked.reviewed_at, locked.reviewed_by = note, now, actor
    if decision == REVIEW_REJECT:
        locked.status = ProposalStatus.REJECTED
        locked.closed_at = now
        fields.append("closed_at")
        action = ProposalAction.REJECTED
    else:
        if decision == REVIEW_CONVERT:
            locked.kind = ProposalKind.SUGGESTION
            fields.append("kind")
        locked.status = ProposalStatus.ACCEPTED
        locked.number = _next_number(locked, suggestion=locked.kind == ProposalKind.SUGGESTION)
        fields.append("number")
        action = ProposalAction.CONVERTED if decision == REVIEW_CONVERT else ProposalAction.ACCEPTED
    locked.save(update_fields=fields)
    congresses_event(
        subject=locked,
        actor=actor,
        action=action,
        from_state=ProposalStatus.SUBMITTED,
        to_state=locked.status,
        note=" ".join(part for part in (locked.number, note) if part),
    )
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=_("提案审查：%(title)s — %(what)s") % {"title": locked.title, "what": action.label},
        actor=actor,
        subject=locked,
        org_id=locked.congress.org_id,
        detail={"decision": decision, "number": locked.number},
    )
    messages = {
        REVIEW_ACCEPT: _("您的提案已立案（%(n)s）"),
        REVIEW_REJECT: _("您的提案不予立案"),
        REVIEW_CONVERT: _("您的提案已转为意见建议办理（%(n)s）"),
    }
    _notify_member(
        locked.proposer.member, locked, messages[decision] % {"n": locked.number}, note or locked.title
    )
    return locked


@transaction.atomic
def proposal_assign(
    *,
    proposal: Proposal,
    actor: Any,
    lead: HandlingDepartment,
    assists: Sequence[HandlingDepartment] = (),
    workdays: int | None = None,
) -> Proposal:
    """交办: one 主办 and any 协办 departments of the unit; the reply is due `workdays` working days from today (the
    rules' proposal_workdays by default). An accepted proposal becomes 办理中; reassigning one in hand keeps its
    deadline unless `workdays` is given."""
    locked = lock(Proposal, pk=proposal.pk, related=("congress__org",))
    _require_manage(actor, locked)
    if locked.status not in (
        ProposalStatus.ACCEPTED,
        ProposalStatus.HANDLING,
        ProposalStatus.REHANDLING,
    ):
        raise ValidationError(_("只有已立案（受理）的提案可以交办"))
    org = locked.congress.org
    assist_list = [d for d in assists if d.pk != lead.pk]
    for department in (lead, *assist_list):
        if department.org_id != org.pk:
            raise ValidationError({"lead": _("承办部门“%(name)s”不属于本单位") % {"name": department.name}})
        if not department.is_active:
            raise ValidationError({"lead": _("承办部门“%(name)s”已停用") % {"name": department.name}})
    if workdays is not None and not 1 <= workdays <= 120:
        raise ValidationError({"workdays": _("答复期限应为1至120个工作日")})
    ProposalAssignment.objects.filter(proposal=locked).delete()
    ProposalAssignment.objects.create(proposal=locked, department=lead, role=HandlerRole.LEAD)
    ProposalAssignment.objects.bulk_create(
        [ProposalAssignment(proposal=locked, department=d, role=HandlerRole.ASSIST) for d in assist_list]
    )
    before = locked.status
    fields = ["status", "updated_at"]
    if before == ProposalStatus.ACCEPTED or workdays is not None or locked.deadline_on is None:
        locked.deadline_on = add_workdays(timezone.localdate(), workdays or proposal_workdays(org))
        locked.escalated_at = None
        fields += ["deadline_on", "escalated_at"]
    if before == ProposalStatus.ACCEPTED:
        locked.status = ProposalStatus.HANDLING
    locked.save(update_fields=fields)
    names = "、".join(d.name for d in assist_list)
    congresses_event(
        subject=locked,
        actor=actor,
        action=ProposalAction.ASSIGNED,
        from_state=before,
        to_state=locked.status,
        note=_("主办：%(lead)s%(assist)s；答复期限%(d)s")
        % {
            "lead": lead.name,
            "assist": _("，协办：%(n)s") % {"n": names} if names else "",
            "d": f"{locked.deadline_on:%Y-%m-%d}",
        },
    )
    return locked


@transaction.atomic
def proposal_reply(*, proposal: Proposal, actor: Any, reply_type: str, content: str) -> ProposalReply:
    """The lead department's reply, recorded by the office: round 1, or round 2 in re-handling. The proposer is
    asked to rate it."""
    locked = lock(Proposal, pk=proposal.pk, related=("congress__org", "proposer__member"))
    _require_manage(actor, locked)
    if locked.status not in (ProposalStatus.HANDLING, ProposalStatus.REHANDLING):
        raise ValidationError(_("该提案目前不需要答复"))
    if reply_type not in ReplyType.values:
        raise ValidationError({"reply_type": _("请选择答复类型")})
    content = content.strip()
    if not content:
        raise ValidationError({"content": _("请填写答复内容")})
    round_ = 2 if locked.status == ProposalStatus.REHANDLING else 1
    reply = ProposalReply.objects.create(
        proposal=locked, round=round_, reply_type=reply_type, content=content, replied_by=actor
    )
    before = locked.status
    locked.status = ProposalStatus.REPLIED
    locked.save(update_fields=["status", "updated_at"])
    congresses_event(
        subject=locked,
        actor=actor,
        action=ProposalAction.REPLIED,
        from_state=before,
        to_state=locked.status,
        note=_("第%(r)d次答复：%(t)s") % {"r": round_, "t": ReplyType(reply_type).label},
    )
    _notify_member(locked.proposer.member, locked, _("您的提案已答复，请评价"), locked.title)
    return reply


@transaction.atomic
def proposal_escalate(*, proposal: Proposal, today: dt.date | None = None) -> bool:
    """Overdue (deadline passed, no reply): once per deadline, mark escalated_at and tell the union's cadres and
    the union above (job). Returns False when nothing was due."""
    today = today or timezone.localdate()
    locked = lock(Proposal, pk=proposal.pk, related=("congress__org",))
    if (
        locked.status not in (ProposalStatus.HANDLING, ProposalStatus.REHANDLING)
        or locked.deadline_on is None
        or locked.deadline_on >= today
        or locked.escalated_at is not None
    ):
        return False
    locked.escalated_at = timezone.now()
    locked.save(update_fields=["escalated_at", "updated_at"])
    org = locked.congress.org
    parent = Org.objects.get_parent(org)
    recipients = _managers_of([org, parent] if parent is not None else [org])
    congresses_event(
        subject=locked,
        actor=None,
        action=ProposalAction.ESCALATED,
        note=_("答复期限%(d)s已过，已提醒本单位工会并报上级工会") % {"d": f"{locked.deadline_on:%Y-%m-%d}"},
    )
    notify(
        recipients=recipients,
        title=_("提案逾期未答复"),
        body=_("%(unit)s：%(title)s（答复期限%(d)s）")
        % {"unit": org.name, "title": locked.title, "d": f"{locked.deadline_on:%Y-%m-%d}"},
        url=_console_url(locked),
        category=CATEGORY,
    )
    return True


# --- jobs ------------------------------------------------------------------------------------------------------------
def proposals_convert_due() -> str:
    from ..selectors.proposals import due_for_conversion

    done = sum(proposal_convert_unseconded(proposal=p) for p in due_for_conversion())
    return f"提案转为意见建议 {done} 件"


def proposals_escalate_due() -> str:
    from ..selectors.proposals import due_for_escalation

    done = sum(proposal_escalate(proposal=p) for p in due_for_escalation())
    return f"提案逾期督办 {done} 件"


# --- handling departments ------------------------------------------------------------------------------------------
@transaction.atomic
def department_save(
    *,
    org: Org,
    actor: Any,
    name: str,
    contact_name: str = "",
    contact_phone: str = "",
    is_active: bool = True,
    sort_order: int = 0,
    department: HandlingDepartment | None = None,
) -> HandlingDepartment:
    """Add or edit a 承办部门 of a unit."""
    if not can_manage_for(actor, org):
        raise PermissionDenied(_("无权维护该单位的承办部门"))
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("请填写部门名称")})
    clash = HandlingDepartment.objects.filter(org=org, name=name)
    if department is not None:
        clash = clash.exclude(pk=department.pk)
    if clash.exists():
        raise ValidationError({"name": _("本单位已有同名承办部门")})
    if department is None:
        department = HandlingDepartment(org=org)
    department.name = name
    department.contact_name = contact_name.strip()
    department.contact_phone = contact_phone.strip()
    department.is_active = is_active
    department.sort_order = sort_order
    department.save()
    return department

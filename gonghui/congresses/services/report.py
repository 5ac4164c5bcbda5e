"""Writes of part report (公开与报告): publish a proposal with its replies to the unit's staff, or every replied one of
a session at once (`published_at`; a timeline row on each proposal and an audit row, since the proposer's name and
the departments' answers leave the committee), and 撤回公开 with a reason; the congress report's xlsx export (audited) and PDF; the selection
of 优秀提案 and 提案承办先进单位 through the reviews block: `honours_review_start` opens a review round owned by the
session (one entry per replied 立案 proposal and per 主办 department), judges score it on the reviews pages, and
`honours_record` stores the winners the cadre picks from the closed round as CongressHonour rows (proposers are
told in 消息). Keyword-only arguments, the actor passed explicitly, so the demo seeder can call them."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.excel import SheetSpec, workbook_bytes
from gonghui.core.locking import lock
from gonghui.core.pdf import render_pdf
from gonghui.notifications.services import notify
from gonghui.reviews import services as reviews
from gonghui.reviews.choices import BlindMode, RoundStatus
from gonghui.reviews.models import ReviewRound, ScoreSheetTemplate

from ..choices import HonourKind, ProposalAction, SessionAction
from ..events import congresses_event
from ..models import CongressHonour, CongressSession, HandlingDepartment, Proposal
from ..permissions import can_manage_for
from ..selectors.report import (
    PUBLISHABLE_STATES,
    SessionReport,
    honour_departments,
    honour_proposals,
    publishable_of_session,
    session_report,
)

CATEGORY = "congresses"


def _require_manage(actor: Actor, org: Any) -> None:
    if not can_manage_for(actor, org):
        raise PermissionDenied(_("无权管理该单位的民主管理工作"))


# --- publication ------------------------------------------------------------------------------------------------
def _publish(proposal: Proposal, actor: Actor, now: Any) -> None:
    proposal.published_at = now
    proposal.save(update_fields=["published_at", "updated_at"])
    congresses_event(
        subject=proposal, actor=actor, action=ProposalAction.PUBLISHED, note=_("向本单位职工公开")
    )


@transaction.atomic
def proposal_publish(*, proposal: Proposal, actor: Actor, context: AuditContext | None = None) -> Proposal:
    """公开 one proposal with its replies to the staff of its unit (once it is replied, closed or not accepted)."""
    locked = lock(Proposal, related=("congress__org",), pk=proposal.pk)
    _require_manage(actor, locked.congress.org)
    if locked.published_at is not None:
        raise ValidationError(_("该提案已公开"))
    if locked.status not in PUBLISHABLE_STATES:
        raise ValidationError(
            _("提案当前状态为「%(status)s」，答复后（或不予立案后）才能公开")
            % {"status": locked.get_status_display()}
        )
    _publish(locked, actor, timezone.now())
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        context=context,
        subject=locked,
        org_id=locked.congress.org_id,
        summary=_("公开提案「%(title)s」及其答复") % {"title": locked.title},
    )
    return locked


@transaction.atomic
def session_publish_replied(
    *, session: CongressSession, actor: Actor, context: AuditContext | None = None
) -> int:
    """公开 every replied, closed or not-accepted proposal of the session not yet published; returns how many."""
    locked = lock(CongressSession, related=("congress__org",), pk=session.pk)
    _require_manage(actor, locked.congress.org)
    pending = list(publishable_of_session(locked).select_for_update(of=("self",)))
    if not pending:
        raise ValidationError(_("本次会议没有待公开的提案（提案答复后或不予立案后才能公开）"))
    now = timezone.now()
    for proposal in pending:
        _publish(proposal, actor, now)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        context=context,
        subject=locked,
        org_id=locked.congress.org_id,
        summary=_("公开「%(session)s」提案及答复 %(count)s 件")
        % {"session": locked.title, "count": len(pending)},
    )
    return len(pending)


@transaction.atomic
def proposal_unpublish(
    *, proposal: Proposal, reason: str, actor: Actor, context: AuditContext | None = None
) -> Proposal:
    """撤回公开 a published proposal (published by mistake, personal data in it …), with the reason."""
    locked = lock(Proposal, related=("congress__org",), pk=proposal.pk)
    _require_manage(actor, locked.congress.org)
    if locked.published_at is None:
        raise ValidationError(_("该提案尚未公开"))
    text = (reason or "").strip()
    if not text:
        raise ValidationError({"reason": _("请填写撤回公开的原因")})
    locked.published_at = None
    locked.save(update_fields=["published_at", "updated_at"])
    congresses_event(subject=locked, actor=actor, action=ProposalAction.UNPUBLISHED, note=text)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        context=context,
        subject=locked,
        org_id=locked.congress.org_id,
        summary=_("撤回公开提案「%(title)s」：%(reason)s") % {"title": locked.title, "reason": text},
    )
    return locked


# --- the report ---------------------------------------------------------------------------------------------------
def _percent(value: Any) -> str:
    return "—" if value is None else f"{value}%"


def report_workbook(report: SessionReport) -> bytes:
    """The congress report as xlsx: 总体情况, 提案明细, 承办部门."""
    overview = [
        ("提案和意见建议总数", report.total),
        ("收到（不含征集附议中和已撤回）", report.received),
        ("立案", report.accepted),
        ("立案率", _percent(report.accept_rate)),
        ("不予立案", report.rejected),
        ("意见建议", report.suggestions),
        ("已答复", report.replied),
        ("按期答复", report.on_time),
        ("按期答复率", _percent(report.on_time_rate)),
        ("已评价", report.rated),
        ("满意和基本满意", report.satisfied),
        ("满意率", _percent(report.satisfied_rate)),
        ("重新办理", report.rehandled),
        ("已公开", report.published),
    ]
    overview += [(f"分类：{t.label}", t.count) for t in report.by_category]
    overview += [(f"状态：{t.label}", t.count) for t in report.by_status]
    lines = [
        (
            line.proposal.number or "—",
            line.proposal.title,
            line.proposal.get_kind_display(),
            line.proposal.get_category_display(),
            line.proposal.proposer.member.name,
            line.proposal.get_status_display(),
            line.lead,
            line.proposal.deadline_on.isoformat() if line.proposal.deadline_on else "",
            line.first_reply.get_reply_type_display() if line.first_reply else "",
            "" if line.on_time is None else ("是" if line.on_time else "否"),
            line.final_rating,
            "是" if line.honoured else "",
        )
        for line in report.lines
    ]
    departments = [
        (
            row.name,
            row.lead,
            row.assist,
            row.replied,
            row.on_time,
            _percent(row.on_time_rate),
            row.rated,
            row.satisfied,
            _percent(row.satisfied_rate),
        )
        for row in report.departments
    ]
    return workbook_bytes(
        [
            SheetSpec("总体情况", ("项目", "数值"), overview, widths=(32, 14)),
            SheetSpec(
                "提案明细",
                (
                    "编号",
                    "案由",
                    "类别",
                    "分类",
                    "提案人",
                    "状态",
                    "主办部门",
                    "答复期限",
                    "答复类型",
                    "按期答复",
                    "满意度",
                    "优秀提案",
                ),
                lines,
                widths=(10, 40, 10, 18, 10, 14, 14, 12, 16, 10, 10, 10),
            ),
            SheetSpec(
                "承办部门",
                (
                    "部门",
                    "主办",
                    "协办",
                    "已答复",
                    "按期答复",
                    "按期答复率",
                    "已评价",
                    "满意和基本满意",
                    "满意率",
                ),
                departments,
                widths=(18, 8, 8, 8, 10, 12, 8, 16, 10),
            ),
        ]
    )


def report_export(*, session: CongressSession, actor: Actor, context: AuditContext | None = None) -> bytes:
    """The report's xlsx for a cadre who sees the session (it names proposers): an audit row."""
    report = session_report(session)
    content = report_workbook(report)
    audit_log(
        action=AuditAction.EXPORT,
        actor=actor,
        context=context,
        subject=session,
        org_id=session.congress.org_id,
        summary=_("导出「%(session)s」提案工作报告，提案 %(count)s 件")
        % {"session": session.title, "count": report.total},
    )
    return content


def report_pdf(*, session: CongressSession) -> bytes:
    """The congress report (提案工作报告) as PDF: figures, by category and department, honours."""
    from ..selectors.report import session_honours

    context = {
        "report": session_report(session),
        "session": session,
        "honours": list(session_honours(session)),
        "today": timezone.localdate(),
    }
    return render_pdf("congresses/report/report_pdf.html", context)


# --- 优秀提案 and 承办先进单位 ------------------------------------------------------------------------------------
@transaction.atomic
def honours_review_start(
    *,
    session: CongressSession,
    template: ScoreSheetTemplate,
    actor: Actor,
    blind_mode: str = BlindMode.OPEN,
) -> ReviewRound:
    """组织优秀提案和承办先进单位评选: a review round owned by the session with `template`, one entry per replied 立案
    proposal (优秀提案) and per department that led one (承办先进单位); judges are added and score on the reviews
    pages."""
    locked = lock(CongressSession, related=("congress__org",), pk=session.pk)
    _require_manage(actor, locked.congress.org)
    if locked.review_round_id is not None:
        raise ValidationError(_("本次会议的评选已组织"))
    proposals = list(honour_proposals(locked))
    if not proposals:
        raise ValidationError(_("本次会议还没有已答复的立案提案，暂不能组织评选"))
    departments = list(honour_departments(locked))
    org = locked.congress.org
    review_round = reviews.round_create(
        org=org,
        owner=locked,
        template=template,
        title=_("%(session)s·优秀提案和承办先进单位评选") % {"session": locked.title},
        blind_mode=BlindMode(blind_mode),
        actor=actor,
    )
    for proposal in proposals:
        reviews.entry_add(
            review_round=review_round,
            title=_("优秀提案：%(title)s") % {"title": proposal.title},
            entrant_org=org,
            unit=proposal.proposer.member.name,
            owner=proposal,
            actor=actor,
        )
    for department in departments:
        reviews.entry_add(
            review_round=review_round,
            title=_("承办先进单位：%(name)s") % {"name": department.name},
            entrant_org=org,
            unit=department.name,
            owner=department,
            actor=actor,
        )
    locked.review_round = review_round
    locked.save(update_fields=["review_round", "updated_at"])
    congresses_event(
        subject=locked,
        actor=actor,
        action=SessionAction.HONOURS_REVIEW,
        note=_("参评提案 %(proposals)s 件、承办部门 %(departments)s 个")
        % {"proposals": len(proposals), "departments": len(departments)},
    )
    return review_round


@transaction.atomic
def honours_record(
    *,
    session: CongressSession,
    proposals: Sequence[Proposal],
    departments: Sequence[HandlingDepartment],
    actor: Actor,
    context: AuditContext | None = None,
) -> list[CongressHonour]:
    """确定 the 优秀提案 and 提案承办先进单位 of the session from its closed review round (the whole list: earlier
    choices not in it are removed). Every choice must be an entry of the round."""
    locked = lock(CongressSession, related=("congress__org", "review_round"), pk=session.pk)
    _require_manage(actor, locked.congress.org)
    review_round = locked.review_round
    if review_round is None:
        raise ValidationError(_("请先组织评选"))
    if review_round.status != RoundStatus.CLOSED:
        raise ValidationError(_("评审结束后才能确定优秀提案和承办先进单位"))
    if not proposals and not departments:
        raise ValidationError({"proposals": _("请至少选择一件优秀提案或一个承办先进单位")})
    allowed_proposals = set(
        review_round.entries.filter(owner_type__model="proposal").values_list("owner_id", flat=True)
    )
    allowed_departments = set(
        review_round.entries.filter(owner_type__model="handlingdepartment").values_list("owner_id", flat=True)
    )
    for proposal in proposals:
        if proposal.pk not in allowed_proposals:
            raise ValidationError({"proposals": _("「%(title)s」不在本次评选中") % {"title": proposal.title}})
    for department in departments:
        if department.pk not in allowed_departments:
            raise ValidationError(
                {"departments": _("「%(name)s」不在本次评选中") % {"name": department.name}}
            )
    previous = set(
        CongressHonour.objects.filter(session=locked, kind=HonourKind.EXCELLENT_PROPOSAL).values_list(
            "proposal_id", flat=True
        )
    )
    CongressHonour.objects.filter(session=locked).delete()
    rows = [
        CongressHonour(session=locked, kind=HonourKind.EXCELLENT_PROPOSAL, proposal=proposal)
        for proposal in proposals
    ] + [
        CongressHonour(session=locked, kind=HonourKind.ADVANCED_HANDLER, department=department)
        for department in departments
    ]
    created = CongressHonour.objects.bulk_create(rows)
    for proposal in proposals:
        if proposal.pk in previous:
            continue
        congresses_event(
            subject=proposal,
            actor=actor,
            action=ProposalAction.HONOURED,
            note=_("%(session)s优秀提案") % {"session": locked.title},
        )
        user = (
            Proposal.objects.select_related("proposer__member__user").get(pk=proposal.pk).proposer.member.user
        )
        if user is not None:
            notify(
                recipients=[user],
                title=_("您的提案被评为优秀提案：%(title)s") % {"title": proposal.title},
                body=_("在%(session)s提案评选中被评为优秀提案，感谢您的参与。") % {"session": locked.title},
                url=reverse("congresses_portal:proposal_detail", args=[proposal.public_id]),
                category=CATEGORY,
            )
    congresses_event(
        subject=locked,
        actor=actor,
        action=SessionAction.HONOURS_RECORDED,
        note=_("优秀提案 %(proposals)s 件、承办先进单位 %(departments)s 个")
        % {"proposals": len(proposals), "departments": len(departments)},
    )
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        context=context,
        subject=locked,
        org_id=locked.congress.org_id,
        summary=_("确定「%(session)s」优秀提案 %(proposals)s 件、承办先进单位 %(departments)s 个")
        % {"session": locked.title, "proposals": len(proposals), "departments": len(departments)},
    )
    return created

"""Console views of part report (公开与报告): the congress report of a session (提案工作报告: counts, 立案率, 按期答复率,
满意率, by category and department, the proposals, the honours) with its PDF and the audited xlsx export (a POST);
公开 of one proposal and of every replied proposal of a session, 撤回公开 with a reason (confirmation page on GET, the service on POST); 组织评选
(a review round owned by the session) and 确定优秀提案和承办先进单位 from the closed round. Action pages need
congresses.manage on the unit (a read-only cadre gets 403, GET too); reads go through selectors/report.py."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.http import sensitive_response
from gonghui.core.pdf import pdf_response

from ..forms.report import HonoursForm, HonoursReviewForm, UnpublishForm
from ..permissions import VIEW
from ..selectors import report as sel
from ..services import report as svc


def _report_url(session: Any) -> str:
    return reverse("congresses:session_report", args=[session.public_id])


@console_view(VIEW)
def session_report(request: AuthedRequest, public_id: str) -> HttpResponse:
    session = sel.session_for_report_or_404(request.user, public_id)
    context = {
        "session": session,
        "report": sel.session_report(session),
        "honours": list(sel.session_honours(session)),
        "board": sel.honour_board(session),
        "can_manage": sel.can_manage_session(request.user, session),
        "publishable_states": sel.PUBLISHABLE_STATES,
    }
    return render(request, "congresses/report/session_report.html", context)


@console_view(VIEW)
def session_report_pdf(request: AuthedRequest, public_id: str) -> HttpResponse:
    """提案工作报告 (PDF)."""
    session = sel.session_for_report_or_404(request.user, public_id)
    return pdf_response(svc.report_pdf(session=session), f"提案工作报告-{session.title}.pdf", inline=False)


@sensitive_response
@require_POST
@console_view(VIEW)
def session_report_export(request: AuthedRequest, public_id: str) -> HttpResponse:
    """提案工作报告 as xlsx (names proposers): audited, never cached."""
    session = sel.session_for_report_or_404(request.user, public_id)
    content = svc.report_export(session=session, actor=request.user, context=AuditContext.of(request))
    return xlsx_response(content, f"提案工作报告-{session.title}.xlsx")


@console_view(VIEW)
def session_publish(request: AuthedRequest, public_id: str) -> HttpResponse:
    """公开本次会议已答复的提案: confirmation on GET, the service on POST."""
    session = sel.session_for_manage_or_404(request.user, public_id)
    back = _report_url(session)
    if request.method == "POST":
        return button_perform(
            request,
            lambda: svc.session_publish_replied(
                session=session, actor=request.user, context=AuditContext.of(request)
            ),
            success=lambda count: f"已向本单位职工公开提案及答复 {count} 件",
            back=back,
        )
    pending = list(sel.publishable_of_session(session))
    return render(
        request,
        "congresses/report/publish_confirm.html",
        {"session": session, "pending": pending, "back": back},
    )


@console_view(VIEW)
def proposal_publish(request: AuthedRequest, public_id: str) -> HttpResponse:
    """公开 one proposal with its replies: confirmation on GET, the service on POST."""
    proposal = sel.proposal_for_manage_or_404(request.user, public_id)
    back = reverse("congresses:proposal_detail", args=[proposal.public_id])
    if request.method == "POST":
        return button_perform(
            request,
            lambda: svc.proposal_publish(
                proposal=proposal, actor=request.user, context=AuditContext.of(request)
            ),
            success="提案及答复已向本单位职工公开",
            back=back,
        )
    return render(
        request,
        "congresses/report/proposal_publish.html",
        {"proposal": proposal, "back": back, "publishable": proposal.status in sel.PUBLISHABLE_STATES},
    )


@console_view(VIEW)
def proposal_unpublish(request: AuthedRequest, public_id: str) -> HttpResponse:
    """撤回公开 with a reason: the form on GET, the service on POST."""
    proposal = sel.proposal_for_manage_or_404(request.user, public_id)
    back = reverse("congresses:proposal_detail", args=[proposal.public_id])
    form = UnpublishForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: svc.proposal_unpublish(
            proposal=proposal, reason=data["reason"], actor=request.user, context=AuditContext.of(request)
        ),
        success="已撤回公开，职工不再能看到该提案",
        then=back,
    )
    return done or render(
        request,
        "congresses/report/proposal_unpublish.html",
        {"proposal": proposal, "form": form, "back": back},
    )


@console_view(VIEW)
def honours_review(request: AuthedRequest, public_id: str) -> HttpResponse:
    """组织优秀提案和承办先进单位评选: choose the score sheet; judges are then added on the reviews pages."""
    session = sel.session_for_manage_or_404(request.user, public_id)
    form = HonoursReviewForm(posted_data(request), templates=sel.review_templates(request.user))
    done = form_perform(
        request,
        form,
        lambda data: svc.honours_review_start(
            session=session, template=data["template"], blind_mode=data["blind_mode"], actor=request.user
        ),
        success="评选已创建，请在评审管理中添加评委并开始评审",
        then=lambda review_round: reverse("reviews:round_detail", args=[review_round.pk]),
    )
    context = {
        "session": session,
        "form": form,
        "proposal_count": sel.honour_proposals(session).count(),
        "department_count": sel.honour_departments(session).count(),
    }
    return done or render(request, "congresses/report/honours_review.html", context)


@console_view(VIEW)
def honours_select(request: AuthedRequest, public_id: str) -> HttpResponse:
    """确定优秀提案和承办先进单位 from the closed round's ranking."""
    session = sel.session_for_manage_or_404(request.user, public_id)
    board = sel.honour_board(session)
    form = HonoursForm(
        posted_data(request),
        proposals=sel.honour_proposals(session),
        departments=sel.honour_departments(session),
    )
    done = form_perform(
        request,
        form,
        lambda data: svc.honours_record(
            session=session,
            proposals=list(data["proposals"]),
            departments=list(data["departments"]),
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success="已确定优秀提案和提案承办先进单位",
        then=_report_url(session),
    )
    return done or render(
        request, "congresses/report/honours_select.html", {"session": session, "board": board, "form": form}
    )

"""Console views of part sessions (会议): prepare a session of a congress (or convene an extraordinary one from a
petition), its page (agenda, documents, the live quorum, motions with their votes and resolutions, timeline), the
scanner page for check-ins, the motion pages (add/edit, open counts, secret ballot open/close, publish the
resolution) and the list of 临时会议提议. GET shows a page or a confirmation; POST runs a service. Action pages ask
`congresses.manage` on the congress's union (a read-only cadre gets 403, GET too)."""

from collections.abc import Callable
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.scoping import action_paths
from gonghui.attachments.selectors import attachments_of
from gonghui.checkins.scanning import checked_in, scan_step
from gonghui.checkins.services import checkin_manual, checkin_validate
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for

from ..choices import MotionStatus, PetitionStatus, SessionKind, SessionStatus
from ..forms.sessions import (
    CountForm,
    DocumentForm,
    MotionForm,
    PetitionFilterForm,
    ResolutionForm,
    SessionForm,
    SummaryForm,
    motion_initial,
    session_initial,
)
from ..models import CongressSession, Motion
from ..permissions import MANAGE, VIEW
from ..selectors import sessions as sel
from ..services import sessions as services

SESSION_BADGES = {
    SessionStatus.PLANNED: "bg-secondary-lt",
    SessionStatus.IN_SESSION: "bg-green-lt",
    SessionStatus.CLOSED: "bg-blue-lt",
}
MOTION_BADGES = {
    MotionStatus.DRAFT: "bg-secondary-lt",
    MotionStatus.VOTING: "bg-orange-lt",
    MotionStatus.DECIDED: "bg-blue-lt",
}


def _session_url(session: CongressSession) -> str:
    return reverse("congresses:session_detail", args=[session.public_id])


def _motion_back(motion: Motion) -> str:
    return _session_url(motion.session) + "#motions"


# --- sessions ---------------------------------------------------------------------------------------------------
@console_view(MANAGE)
def session_create(request: AuthedRequest, public_id: str) -> HttpResponse:
    """筹备会议 of a congress; `?petition=<id>` convenes the extraordinary session a petition asked for."""
    congress = sel.congress_or_404(request.user, public_id, demand=MANAGE)
    petition = None
    petition_id = request.GET.get("petition") or request.POST.get("petition") or ""
    if petition_id:
        petition = sel.petition_or_404(request.user, petition_id, demand=MANAGE)
    number = sel.next_session_number(congress)
    kind = SessionKind.EXTRAORDINARY if petition else SessionKind.REGULAR
    default_title = f"第{congress.term_number}届第{number}次{'临时会议' if petition else '会议'}"
    form = SessionForm(posted_data(request), initial={"title": default_title})
    done = form_perform(
        request,
        form,
        lambda data: services.session_create(
            congress=congress, data=form.session_input(kind=kind), actor=request.user, petition=petition
        ),
        success=lambda session: f"已建立“{session.title}”，可上传会议文件、添加表决事项",
        then=_session_url,
    )
    context = {"form": form, "congress": congress, "session": None, "petition": petition, "number": number}
    return done or render(request, "congresses/sessions/session_form.html", context)


@console_view(MANAGE)
def session_edit(request: AuthedRequest, public_id: str) -> HttpResponse:
    session = sel.session_or_404(request.user, public_id, demand=MANAGE)
    form = SessionForm(posted_data(request), initial=session_initial(session))
    done = form_perform(
        request,
        form,
        lambda data: services.session_update(
            session=session, data=form.session_input(kind=session.kind), actor=request.user
        ),
        success="会议信息已保存",
        then=_session_url,
    )
    context = {"form": form, "congress": session.congress, "session": session, "petition": None}
    return done or render(request, "congresses/sessions/session_form.html", context)


@console_view(VIEW)
def session_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    user = request.user
    session = sel.session_or_404(user, public_id)
    manage = sel.can_manage_session(user, session)
    context = {
        "session": session,
        "congress": session.congress,
        "manage": manage,
        "quorum": sel.session_quorum(session),
        "motions": sel.session_motions(session),
        "documents": attachments_of(session),
        "document_form": DocumentForm(),
        "window": sel.session_window(session),
        "session_badges": SESSION_BADGES,
        "motion_badges": MOTION_BADGES,
        "timeline": timeline_for(session),
    }
    return render(request, "congresses/sessions/session_detail.html", context)


@console_view(VIEW)
def session_quorum(request: AuthedRequest, public_id: str) -> HttpResponse:
    """The live quorum card (the session page polls it every 15 seconds) with the full delegates still absent."""
    session = sel.session_or_404(request.user, public_id)
    context = {
        "session": session,
        "quorum": sel.session_quorum(session),
        "absent": list(sel.absent_full_delegates(session)[:200]) if not session.congress.is_assembly else [],
        "full_page": not request.headers.get("HX-Request"),
    }
    template = (
        "congresses/sessions/quorum_page.html" if context["full_page"] else "congresses/sessions/_quorum.html"
    )
    return render(request, template, context)


def _step(
    request: AuthedRequest,
    session: CongressSession,
    *,
    heading: str,
    explain: str,
    button: str,
    perform: Callable[[], object],
    success: str,
    danger: bool = False,
    show_quorum: bool = False,
) -> HttpResponse:
    if request.method == "POST":
        return button_perform(request, perform, success=success, back=_session_url(session))
    context = {
        "session": session,
        "quorum": sel.session_quorum(session) if show_quorum else None,
        "heading": heading,
        "explain": explain,
        "button": button,
        "danger": danger,
        "back": _session_url(session),
    }
    return render(request, "congresses/sessions/confirm.html", context)


@console_view(MANAGE)
def session_open(request: AuthedRequest, public_id: str) -> HttpResponse:
    session = sel.session_or_404(request.user, public_id, demand=MANAGE)
    return _step(
        request,
        session,
        heading="宣布开幕",
        explain="开幕后按签到人数实时计算法定人数；实到达到应到人数的三分之二方可表决。",
        button="确认开幕",
        perform=lambda: services.session_open(session=session, actor=request.user),
        success="会议已开幕",
        show_quorum=True,
    )


@console_view(MANAGE)
def session_close(request: AuthedRequest, public_id: str) -> HttpResponse:
    session = sel.session_or_404(request.user, public_id, demand=MANAGE)
    form = SummaryForm(posted_data(request), initial={"summary": session.summary})
    done = form_perform(
        request,
        form,
        lambda data: services.session_close(
            session=session, actor=request.user, summary=data.get("summary") or ""
        ),
        success="会议已闭幕",
        then=_session_url,
    )
    context = {"session": session, "form": form}
    return done or render(request, "congresses/sessions/session_close.html", context)


@console_view(MANAGE)
def session_scan(request: AuthedRequest, public_id: str) -> HttpResponse:
    """会议签到: a scanned 会员码 or a typed member number; only the session's delegates (all staff in 大会 mode)."""
    user = request.user
    session = sel.session_or_404(user, public_id, demand=MANAGE)
    step = scan_step(
        request,
        find=lambda number: sel.admitted_member_by_number(session, number),
        confirm=lambda member_id: sel.admitted_member_by_public_id(session, member_id),
        typed=lambda member: checked_in(checkin_manual(target=session, member=member, actor=user)),
        scanned=lambda payload: checked_in(checkin_validate(target=session, payload=payload, actor=user)),
        not_found="没有找到该会员编号或会员卡号，或该会员不是本次会议的代表",
        find_first="请先输入会员编号查找代表",
    )
    checkins = sel.session_checkins(session)
    opens, ends = sel.session_window(session)
    context = {
        "session": session,
        "result": step.result,
        "found": step.found,
        "number_form": step.number_form,
        "quorum": sel.session_quorum(session),
        "recent": list(checkins.order_by("-at", "-pk")[:5]),
        "opens": opens,
        "ends": ends,
    }
    return render(request, "congresses/sessions/session_scan.html", context, status=step.status)


@require_POST
@console_view(MANAGE)
def session_attach(request: AuthedRequest, public_id: str) -> HttpResponse:
    session = sel.session_or_404(request.user, public_id, demand=MANAGE)
    form = DocumentForm(request.POST, request.FILES)
    return button_perform(
        request,
        lambda: services.session_attach(
            session=session, upload=form.cleaned_data["file"], actor=request.user
        ),
        success="会议文件已上传",
        back=_session_url(session) + "#documents",
        form=form,
    )


@require_POST
@console_view(MANAGE)
def session_detach(request: AuthedRequest, public_id: str, attachment_id: str) -> HttpResponse:
    session = sel.session_or_404(request.user, public_id, demand=MANAGE)
    return button_perform(
        request,
        lambda: services.session_detach(session=session, attachment_id=attachment_id, actor=request.user),
        success="会议文件已删除",
        back=_session_url(session) + "#documents",
    )


# --- motions ----------------------------------------------------------------------------------------------------
@console_view(MANAGE)
def motion_create(request: AuthedRequest, public_id: str) -> HttpResponse:
    session = sel.session_or_404(request.user, public_id, demand=MANAGE)
    form = MotionForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: services.motion_create(session=session, data=form.motion_input(), actor=request.user),
        success=lambda motion: f"已添加表决事项“{motion.title}”",
        then=_motion_back,
    )
    return done or render(
        request, "congresses/sessions/motion_form.html", {"form": form, "session": session, "motion": None}
    )


@console_view(MANAGE)
def motion_edit(request: AuthedRequest, public_id: str) -> HttpResponse:
    motion = sel.motion_or_404(request.user, public_id, demand=MANAGE)
    form = MotionForm(posted_data(request), initial=motion_initial(motion))
    done = form_perform(
        request,
        form,
        lambda data: services.motion_update(motion=motion, data=form.motion_input(), actor=request.user),
        success="表决事项已保存",
        then=_motion_back,
    )
    return done or render(
        request,
        "congresses/sessions/motion_form.html",
        {"form": form, "session": motion.session, "motion": motion},
    )


def _motion_step(
    request: AuthedRequest,
    motion: Motion,
    *,
    heading: str,
    explain: str,
    button: str,
    perform: Callable[[], object],
    success: str,
    danger: bool = False,
) -> HttpResponse:
    if request.method == "POST":
        return button_perform(request, perform, success=success, back=_motion_back(motion))
    context = {
        "session": motion.session,
        "motion": motion,
        "heading": heading,
        "explain": explain,
        "button": button,
        "danger": danger,
        "back": _motion_back(motion),
    }
    return render(request, "congresses/sessions/confirm.html", context)


@console_view(MANAGE)
def motion_delete(request: AuthedRequest, public_id: str) -> HttpResponse:
    motion = sel.motion_or_404(request.user, public_id, demand=MANAGE)
    return _motion_step(
        request,
        motion,
        heading="删除表决事项",
        explain=f"确定删除“{motion.title}”吗？删除后不可恢复。",
        button="确认删除",
        perform=lambda: services.motion_delete(motion=motion, actor=request.user),
        success="表决事项已删除",
        danger=True,
    )


@console_view(MANAGE)
def motion_count(request: AuthedRequest, public_id: str) -> HttpResponse:
    """举手表决: enter the counts (the total may not exceed those present)."""
    motion = sel.motion_or_404(request.user, public_id, demand=MANAGE)
    form = CountForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: services.motion_record_open(
            motion=motion,
            votes_for=data["votes_for"],
            votes_against=data["votes_against"],
            votes_abstain=data["votes_abstain"],
            actor=request.user,
        ),
        success=lambda m: f"表决结果已录入：{'通过' if m.passed else '未通过'}",
        then=_motion_back,
    )
    context = {
        "form": form,
        "session": motion.session,
        "motion": motion,
        "quorum": sel.session_quorum(motion.session),
    }
    return done or render(request, "congresses/sessions/motion_count.html", context)


@console_view(MANAGE)
def motion_ballot_open(request: AuthedRequest, public_id: str) -> HttpResponse:
    motion = sel.motion_or_404(request.user, public_id, demand=MANAGE)
    return _motion_step(
        request,
        motion,
        heading="开始无记名投票",
        explain=(
            f"开始后，有表决权的人员可在手机“民主管理”中对“{motion.title}”投票。投票意见与投票人分开保存，"
            "任何人都无法查到谁投了什么；结束投票后自动计票。"
        ),
        button="开始投票",
        perform=lambda: services.motion_ballot_open(motion=motion, actor=request.user),
        success="无记名投票已开始",
    )


@console_view(MANAGE)
def motion_ballot_close(request: AuthedRequest, public_id: str) -> HttpResponse:
    motion = sel.motion_or_404(request.user, public_id, demand=MANAGE)
    turnout = sel.ballot_turnout(motion) if motion.status == MotionStatus.VOTING else 0
    return _motion_step(
        request,
        motion,
        heading="结束投票并计票",
        explain=f"已有{turnout}人投票（应到{motion.electorate}人）。结束后不能再投票，系统按赞成票是否超过应到人数的半数计票。",
        button="结束投票",
        perform=lambda: services.motion_ballot_close(motion=motion, actor=request.user),
        success="投票已结束，结果已计入",
    )


@console_view(MANAGE)
def motion_publish(request: AuthedRequest, public_id: str) -> HttpResponse:
    motion = sel.motion_or_404(request.user, public_id, demand=MANAGE)
    initial = motion.resolution or (
        f"{motion.session.title}审议{motion.title}，应到{motion.electorate}人，赞成{motion.votes_for}票、"
        f"反对{motion.votes_against}票、弃权{motion.votes_abstain}票，{'同意通过' if motion.passed else '未获通过'}。"
    )
    form = ResolutionForm(posted_data(request), initial={"resolution": initial})
    done = form_perform(
        request,
        form,
        lambda data: services.resolution_publish(
            motion=motion, resolution=data["resolution"], actor=request.user
        ),
        success="决议已向本单位职工公布",
        then=_motion_back,
    )
    context = {"form": form, "session": motion.session, "motion": motion}
    return done or render(request, "congresses/sessions/motion_publish.html", context)


# --- petitions --------------------------------------------------------------------------------------------------
@console_view(VIEW)
def petition_list(request: AuthedRequest) -> HttpResponse:
    form = PetitionFilterForm(request.GET)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    rows = sel.petitions_list_for_user(
        request.user, status=data.get("status") or "", query=(data.get("q") or "").strip()
    )
    page = paginate(request, rows)
    manage_paths = action_paths(request.user, MANAGE)
    context = {
        "form": form,
        "page": page,
        "rows": [
            (petition, any(petition.congress.org.path.startswith(p) for p in manage_paths))
            for petition in page.object_list
        ],
        "querystring": query_without_page(request),
        "filtered": any(data.values()),
        "reached": PetitionStatus.REACHED,
    }
    return render(request, "congresses/sessions/petition_list.html", context)

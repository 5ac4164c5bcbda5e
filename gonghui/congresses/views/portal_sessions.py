"""Portal (member) views of part sessions (375 px first): the session page (agenda, documents, my check-in code, the
secret ballots open to me with my receipt, published resolutions — a unit's staff who are not delegates see the
agenda and the resolutions only), the secret vote, and the 临时会议提议 pages (list, start, detail, sign,
withdraw) for full delegates."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.accounts.decorators import AuthedRequest
from gonghui.attachments.selectors import attachments_of
from gonghui.core.errors import validation_error_text
from gonghui.core.forms import form_perform, posted_data
from gonghui.members.decorators import portal_view

from ..choices import MotionStatus, PetitionStatus
from ..forms.sessions import PetitionForm, VoteForm
from ..selectors import sessions as sel
from ..services import sessions as services


def _member(request: AuthedRequest):  # type: ignore[no-untyped-def]
    return request.member  # type: ignore[attr-defined]


@portal_view
def session_detail(request: AuthedRequest, public_id: str) -> HttpResponseBase:
    member = _member(request)
    page = sel.portal_session_or_404(member, public_id)
    session = page.session
    delegate = page.seat is not None or (session.congress.is_assembly and page.is_staff)
    context = {
        "tab": "services",
        "page": page,
        "session": session,
        "congress": session.congress,
        "delegate": delegate,
        "documents": attachments_of(session) if delegate else [],
        "checked_in_at": sel.checked_in_at(session, member) if delegate else None,
        "ballots": sel.portal_ballots(member, session) if page.is_voter else [],
        "resolutions": sel.published_resolutions(session),
        "vote_form": VoteForm(),
        "voting": MotionStatus.VOTING,
    }
    return render(request, "congresses/sessions/portal_session_detail.html", context)


@portal_view
def motion_vote(request: AuthedRequest, public_id: str) -> HttpResponseBase:
    """(POST) A secret vote: the service runs outside any transaction (the store keeps the voter apart from the choice)."""
    member = _member(request)
    motion = sel.portal_motion_or_404(member, public_id)
    back = reverse("congresses_portal:session_detail", args=[motion.session.public_id]) + "#ballots"
    if request.method != "POST":  # the vote is posted from the session page; a GET only goes there
        return redirect(back)
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择赞成、反对或弃权")
        return redirect(back)
    try:
        participation = services.motion_vote(motion=motion, member=member, choice=form.cleaned_data["choice"])
    except (ValidationError, PermissionDenied) as exc:
        text = (
            validation_error_text(exc)
            if isinstance(exc, ValidationError)
            else str(exc) or "您不能参加本次投票"
        )
        messages.error(request, text)
        return redirect(back)
    messages.success(
        request, f"投票成功，回执码 {participation.receipt_code}（只证明您已投票，不含您的选择）"
    )
    return redirect(back)


# --- petitions --------------------------------------------------------------------------------------------------
@portal_view
def petition_list(request: AuthedRequest) -> HttpResponseBase:
    member = _member(request)
    seats = sel.full_seats(member)
    context = {
        "tab": "services",
        "petitions": sel.portal_petitions(member),
        "can_start": bool(seats),
        "collecting": PetitionStatus.COLLECTING,
    }
    return render(request, "congresses/sessions/portal_petition_list.html", context)


@portal_view
def petition_create(request: AuthedRequest) -> HttpResponseBase:
    member = _member(request)
    seats = sel.full_seats(member)
    if not seats:
        raise PermissionDenied
    congresses = {seat.congress_id: seat.congress for seat in seats}
    form = PetitionForm(posted_data(request), congresses=[(pk, str(c)) for pk, c in congresses.items()])
    done = form_perform(
        request,
        form,
        lambda data: services.petition_start(
            congress=congresses[data["congress"]], member=member, reason=data["reason"], actor=request.user
        ),
        success="提议已发起，请邀请其他代表联名；达到三分之一代表联名后工会将收到通知",
        then=lambda petition: reverse("congresses_portal:petition_detail", args=[petition.public_id]),
    )
    return done or render(
        request, "congresses/sessions/portal_petition_form.html", {"tab": "services", "form": form}
    )


@portal_view
def petition_detail(request: AuthedRequest, public_id: str) -> HttpResponseBase:
    member = _member(request)
    petition, seat = sel.portal_petition_or_404(member, public_id)
    signed, threshold = sel.petition_progress(petition)
    context = {
        "tab": "services",
        "petition": petition,
        "signed": signed,
        "threshold": threshold,
        "has_signed": sel.has_signed(petition, seat),
        "is_starter": petition.started_by_id == seat.pk,
        "open": petition.status in sel.open_petition_statuses(),
        "collecting": petition.status == PetitionStatus.COLLECTING,
    }
    return render(request, "congresses/sessions/portal_petition_detail.html", context)


def _petition_action(request: AuthedRequest, public_id: str, *, sign: bool) -> HttpResponse:
    member = _member(request)
    petition, _seat = sel.portal_petition_or_404(member, public_id)
    back = reverse("congresses_portal:petition_detail", args=[petition.public_id])
    if request.method != "POST":  # posted from the petition page; a GET only goes there
        return redirect(back)
    try:
        if sign:
            services.petition_sign(petition=petition, member=member, actor=request.user)
        else:
            services.petition_withdraw(petition=petition, member=member, actor=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, validation_error_text(exc) if isinstance(exc, ValidationError) else str(exc))
        return redirect(back)
    messages.success(request, "已联名" if sign else "提议已撤回")
    return redirect(back)


@portal_view
def petition_sign(request: AuthedRequest, public_id: str) -> HttpResponseBase:
    return _petition_action(request, public_id, sign=True)


@portal_view
def petition_withdraw(request: AuthedRequest, public_id: str) -> HttpResponseBase:
    return _petition_action(request, public_id, sign=False)

"""Portal (member) views of part proposals (375 px first): 提案 in three tabs (我的提案 / 待我附议 / 本届提案), 提交提案
(one matter, in an open collection window or between sessions where allowed; otherwise taken as 意见建议), and a
proposal's page — the matter, its seconds, the replies — with 附议 for another full delegate of the same congress,
撤回 for the proposer before review and the rating form when a reply waits for it. Who may open a proposal is
`selectors.proposals.portal_proposal_or_404` (delegates of its congress; the unit's staff once published)."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.accounts.decorators import AuthedRequest
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.pagination import paginate, query_without_page
from gonghui.members.decorators import portal_view
from gonghui.members.models import Member

from ..choices import ProposalKind, ProposalStatus
from ..forms.proposals import ProposalForm, RatingForm
from ..seats import current_seats
from ..selectors import proposals as sel
from ..services import proposals as services
from .proposals import STATUS_BADGES

TAB_MINE, TAB_SECOND, TAB_ALL = "mine", "second", "all"


def _portal_url(proposal: Any) -> str:
    return reverse("congresses_portal:proposal_detail", args=[proposal.public_id])


@portal_view
def proposal_list(request: AuthedRequest) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    to_second = sel.to_second(member)
    tab = request.GET.get("tab") or TAB_MINE
    if tab not in (TAB_MINE, TAB_SECOND, TAB_ALL):
        tab = TAB_MINE
    query = (request.GET.get("q") or "").strip()
    if tab == TAB_SECOND:
        rows = to_second
    elif tab == TAB_ALL:
        rows = sel.congress_proposals(member, search=query)
    else:
        rows = sel.my_proposals(member)
    context = {
        "tab": "services",
        "current": tab,
        "q": query,
        "page": paginate(request, rows),
        "querystring": query_without_page(request),
        "second_count": to_second.count(),
        "can_submit": bool(sel.submit_targets(member)),
        "badges": STATUS_BADGES,
    }
    return render(request, "congresses/proposals/portal_proposal_list.html", context)


@portal_view
def proposal_create(request: AuthedRequest) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    targets = sel.submit_targets(member)
    seats = list(current_seats(member))
    form = ProposalForm(posted_data(request), targets=targets)
    done = None
    if targets:
        done = form_perform(
            request,
            form,
            lambda data: services.proposal_submit(
                member=member,
                congress=form.chosen_congress(),
                title=data["title"],
                reasons=data["reasons"],
                measures=data["measures"],
                category=data["category"],
            ),
            success=lambda p: (
                f"提交成功，回执编号 {p.receipt_code}。本届其他代表可在「待我附议」中看到并附议，"
                f"满 {sel.SECONDS_NEEDED} 人后提交审查"
                if p.status == ProposalStatus.SECONDING
                else f"已作为意见建议提交，回执编号 {p.receipt_code}"
            ),
            then=_portal_url,
        )
    context = {"tab": "services", "form": form, "targets": targets, "seats": seats}
    return done or render(request, "congresses/proposals/portal_proposal_create.html", context)


@portal_view
def proposal_detail(request: AuthedRequest, public_id: Any) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    proposal = sel.portal_proposal_or_404(request.user, public_id)
    seconds = list(proposal.seconds.all())
    seat = sel.seat_for_proposal(member, proposal)
    is_proposer = proposal.proposer.member_id == member.pk
    seconded = any(s.delegate.member_id == member.pk for s in seconds)
    can_second = (
        seat is not None
        and seat.role == "full"
        and not is_proposer
        and not seconded
        and proposal.status == ProposalStatus.SECONDING
        and proposal.kind == ProposalKind.PROPOSAL
    )
    replies = list(proposal.replies.all())
    assignments = list(proposal.assignments.all())
    is_delegate = seat is not None or is_proposer
    context = {
        "tab": "services",
        "proposal": proposal,
        # the unit's staff read a published proposal's replies, not who seconded it
        "seconds": seconds if is_delegate else [],
        "seconded": seconded,
        "can_second": can_second,
        "is_proposer": is_proposer,
        "can_withdraw": is_proposer
        and proposal.status in (ProposalStatus.SECONDING, ProposalStatus.SUBMITTED),
        "rating_form": RatingForm() if is_proposer and proposal.status == ProposalStatus.REPLIED else None,
        "replies": replies,
        "lead": next((a for a in assignments if a.role == "lead"), None),
        "assists": [a for a in assignments if a.role == "assist"],
        "needed": sel.SECONDS_NEEDED,
        "badges": STATUS_BADGES,
    }
    return render(request, "congresses/proposals/portal_proposal_detail.html", context)


@portal_view
def proposal_second(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """POST only; a GET (a link, a prefetch) goes back to the proposal's page."""
    member: Member = request.member  # type: ignore[attr-defined]
    proposal = sel.portal_proposal_or_404(request.user, public_id)
    if request.method != "POST":
        return redirect(_portal_url(proposal))
    return button_perform(
        request,
        lambda: services.proposal_second(proposal=proposal, member=member),
        success=lambda s: f"已附议，回执编号 {s.receipt_code}",
        back=_portal_url(proposal),
    )


@portal_view
def proposal_withdraw(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """POST only; a GET (a link, a prefetch) goes back to the proposal's page."""
    member: Member = request.member  # type: ignore[attr-defined]
    proposal = sel.portal_proposal_or_404(request.user, public_id)
    if request.method != "POST":
        return redirect(_portal_url(proposal))
    return button_perform(
        request,
        lambda: services.proposal_withdraw(proposal=proposal, member=member),
        success="提案已撤回",
        back=_portal_url(proposal),
    )


@portal_view
def proposal_rate(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """POST only; a GET (a link, a prefetch) goes back to the proposal's page."""
    member: Member = request.member  # type: ignore[attr-defined]
    proposal = sel.portal_proposal_or_404(request.user, public_id)
    if request.method != "POST":
        return redirect(_portal_url(proposal))
    form = RatingForm(request.POST)
    return button_perform(
        request,
        lambda: services.proposal_rate(
            proposal=proposal,
            member=member,
            satisfaction=form.cleaned_data["satisfaction"],
            note=form.cleaned_data["rating_note"],
        ),
        success=lambda r: (
            "已评价，提案将重新办理一次"
            if r.satisfaction == "unsatisfied" and r.round == 1
            else "已评价，提案已办结，感谢您的参与"
        ),
        back=_portal_url(proposal),
        form=form,
    )

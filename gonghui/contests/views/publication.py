"""The organiser's 结果发布 page of a contest: the final results per group and award level, the results 公示 (create
it here; publish it, answer objections and cancel it on the notices pages), the award certificates (issued count,
批量发证 on the certificates pages) and the results 通报 drafted as a 公文 in one click (the drafts listed). Read by
whoever sees the contest (a 合作单位联系人 too, read-only); every button needs the organiser (`contests.manage` on
the contest's union, else 403)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.scoping import has_action
from gonghui.core.audit import AuditContext
from gonghui.core.forms import button_perform
from gonghui.notices.choices import NoticeStatus

from ..forms.publication import DEFAULT_WINDOW, ResultsNoticeForm
from ..models import Contest
from ..permissions import VIEW, can_organise
from ..selectors.publication import (
    AWARD_CERTIFICATE_KIND,
    announcement_documents,
    award_certificate_counts,
    contest_for_publication_or_404,
    contest_notices,
    issuer_ready,
    publication_timeline,
    results_by_group,
    results_round,
)
from ..services.publication import results_announcement_draft, results_notice_create

NOTICE_BADGES = {
    NoticeStatus.DRAFT: "bg-secondary-lt",
    NoticeStatus.PUBLISHED: "bg-green-lt",
    NoticeStatus.CLOSED: "bg-blue-lt",
    NoticeStatus.CANCELLED: "bg-red-lt",
}


def _page_url(contest: Contest) -> str:
    return reverse("contests:publication", args=[contest.pk])


def _organiser_only(request: AuthedRequest, pk: int) -> Contest:
    contest = contest_for_publication_or_404(request.user, pk)
    if not can_organise(request.user, contest):
        raise PermissionDenied
    return contest


@console_view(VIEW)
def publication(request: AuthedRequest, pk: int) -> HttpResponse:
    contest = contest_for_publication_or_404(request.user, pk)
    user = request.user
    can_manage = can_organise(user, contest)
    final_round = results_round(contest)
    groups = results_by_group(final_round) if final_round is not None else []
    notices = list(contest_notices(contest)[:10])
    live_notice = next((n for n in notices if n.status != NoticeStatus.CANCELLED), None)
    context: dict[str, Any] = {
        "contest": contest,
        "final_round": final_round,
        "groups": groups,
        "entry_count": sum(results.count for results in groups),
        "winner_count": sum(results.people_count for results in groups),
        "can_manage": can_manage,
        "notices": notices,
        "live_notice": live_notice,
        "notice_badges": NOTICE_BADGES,
        "sees_notices": has_action(user, "notices.view", contest.org),
        "notice_form": ResultsNoticeForm(initial={"window_length": DEFAULT_WINDOW}),
        "certificates": award_certificate_counts(contest),
        "batch_url": reverse("certificates:batch_issue", args=[AWARD_CERTIFICATE_KIND, contest.pk])
        if can_manage
        else "",
        "documents": list(announcement_documents(user, contest)[:20]),
        "can_draft": can_manage and has_action(user, "documents.manage", contest.org),
        "issuer_ready": issuer_ready(contest),
        "timeline": publication_timeline(contest),
    }
    return render(request, "contests/publication.html", context)


@require_POST
@console_view(VIEW)
def notice_create_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """生成结果公示 (a draft on the notices pages, where it is checked and published)."""
    contest = _organiser_only(request, pk)
    form = ResultsNoticeForm(request.POST)
    return button_perform(
        request,
        lambda: results_notice_create(
            contest=contest,
            actor=request.user,
            window_length=form.cleaned_data.get("window_length"),
            context=AuditContext.of(request),
        ),
        success="已生成结果公示草稿，请核对后发布",
        back=_page_url(contest),
        then=lambda notice: reverse("notices:detail", args=[notice.public_id]),
        form=form,
    )


@require_POST
@console_view(VIEW)
def announcement_draft_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """生成公文草稿: the results 通报, drafted from the contest, opened in 公文 for review and issue."""
    contest = _organiser_only(request, pk)
    if not has_action(request.user, "documents.manage", contest.org):
        raise PermissionDenied
    return button_perform(
        request,
        lambda: results_announcement_draft(contest=contest, actor=request.user),
        success=lambda document: f"已生成公文草稿《{document.title}》，请核对后送核稿",
        back=_page_url(contest),
        then=lambda document: document.get_absolute_url(),
    )

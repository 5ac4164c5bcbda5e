"""Console pages of the organiser: the contests a user sees (search, year and status filters, pagination), create and
edit a contest, and its page — the contest's hub: facts, co-organisers, 参赛条件 in words, groups (add, remove),
rounds (quota figures with the quotas page, promotion and awards in words, links to 报名, 评审, 结果), start and
finish (asked first), 外部账号授权, 发布与证书, 竞赛成果 and the timeline. Reads go through the scoped selectors
(`contests.view`: the organising union's subtree, the unions below once it runs, a granted 合作单位联系人); every
change needs `contests.manage` on the organising union (else 403)."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.object_grants import kind_of, object_grants_url
from gonghui.accounts.permissions import can_grant_object
from gonghui.accounts.scoping import object_grant_allows
from gonghui.core.audit import AuditContext
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.htmx import htmx_partial
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for
from gonghui.members.selectors.filters import MemberFilter, member_filter_describe

from ..choices import ContestStatus, RoundStatus
from ..forms.contests import ContestFilterForm, ContestForm, GroupForm, RoundForm
from ..models import Contest, ContestRound
from ..permissions import MANAGE, VIEW, can_organise
from ..selectors.contests import (
    AWAITING_PROMOTION,
    ENTRY_CLOSED,
    NOT_STARTED,
    RoundRow,
    contest_get_for_user,
    contest_groups,
    contest_list_for_user,
    contest_rounds,
    contest_years_for_user,
    group_get_for_contest,
    live_grants_on,
    orgs_managed_by,
    round_get_for_user,
    rounds_without_allocation,
)
from ..services.contests import (
    contest_create,
    contest_finish,
    contest_start,
    contest_update,
    group_add,
    group_remove,
    round_add,
    round_update,
)

STATUS_BADGES = {
    ContestStatus.DRAFT: "bg-secondary-lt",
    ContestStatus.RUNNING: "bg-green-lt",
    ContestStatus.FINISHED: "bg-blue-lt",
}
ROUND_BADGES = {
    RoundStatus.ENTERING: "bg-green-lt",
    RoundStatus.JUDGING: "bg-yellow-lt",
    RoundStatus.FINAL: "bg-blue-lt",
    NOT_STARTED: "bg-secondary-lt",
    AWAITING_PROMOTION: "bg-secondary-lt",
    ENTRY_CLOSED: "bg-orange-lt",
}


def _detail_url(contest: Contest) -> str:
    return reverse("contests:detail", args=[contest.pk])


@console_view(VIEW)
def contest_list(request: AuthedRequest) -> HttpResponse:
    form = ContestFilterForm(request.GET, years=contest_years_for_user(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    contests = contest_list_for_user(
        request.user,
        query=(filters.get("q") or "").strip(),
        year=filters.get("year"),
        status=filters.get("status") or "",
    )
    context = {
        "form": form,
        "page": paginate(request, contests),
        "querystring": query_without_page(request),
        "filtered": any(filters.values()),
        "badges": STATUS_BADGES,
        "can_create": orgs_managed_by(request.user).exists(),
    }
    if htmx_partial(request):
        return render(request, "contests/partials/contest_table.html", context)
    return render(request, "contests/contest_list.html", context)


@console_view(MANAGE)
def contest_create_view(request: AuthedRequest) -> HttpResponse:
    orgs = orgs_managed_by(request.user)
    form = ContestForm(
        posted_data(request), orgs=orgs, initial={**ContestForm.initial_new(), "org": orgs.first()}
    )

    def perform(data: dict[str, Any]) -> Contest:
        return contest_create(
            org=data["org"],
            title=data["title"],
            year=data["year"],
            closes_on=data["closes_on"],
            co_organisers=form.co_organiser_names(),
            description=data["description"],
            eligibility=form.member_filter(),
            actor=request.user,
        )

    done = form_perform(request, form, perform, success="竞赛已创建，请添加组别和赛段", then=_detail_url)
    status = 422 if request.method == "POST" else 200
    return done or render(
        request, "contests/contest_form.html", {"form": form, "contest": None}, status=status
    )


@console_view(VIEW)
def contest_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    contest = contest_get_for_user(request.user, pk, demand=MANAGE)
    if contest.status == ContestStatus.FINISHED:
        messages.info(request, "竞赛已结束，不能再修改")
        return redirect(_detail_url(contest))
    form = ContestForm(posted_data(request), editing=True, initial=ContestForm.initial_for(contest))
    done = form_perform(
        request,
        form,
        lambda data: contest_update(
            contest=contest,
            title=data["title"],
            year=data["year"],
            closes_on=data["closes_on"],
            co_organisers=form.co_organiser_names(),
            description=data["description"],
            eligibility=form.member_filter(),
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success="已保存",
        then=_detail_url(contest),
    )
    status = 422 if request.method == "POST" else 200
    return done or render(
        request, "contests/contest_form.html", {"form": form, "contest": contest}, status=status
    )


def _grants_url(request: AuthedRequest, contest: Contest) -> str:
    """The contest's 外部账号授权 page, for whoever may grant on it; else ""."""
    kind = kind_of(contest)
    if kind is None or not can_grant_object(request.user, kind, contest):
        return ""
    return object_grants_url(contest)


def unallocated_warning(rows: list[RoundRow], *, links: bool = True) -> SafeString:
    """基层初赛的报名名额尚未分配到下级工会，下级工会暂时无法报名 — for each round whose quota is set with nothing
    allocated, with a link to its quota set (名额分配) when `links`; "" when every quota is handed out."""
    parts = []
    for row in rows:
        quota_set = row.round.quota_set
        text = format_html("{}的报名名额尚未分配到下级工会，下级工会暂时无法报名", row.round.name)
        if links and quota_set is not None:
            url = reverse("quotas:set_detail", args=[quota_set.public_id])
            text = format_html('{}（<a href="{}">去分配名额</a>）', text, url)
        parts.append((text,))
    return format_html_join("；", "{}", parts)


@console_view(VIEW)
def contest_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    contest = contest_get_for_user(request.user, pk)
    organiser = can_organise(request.user, contest)
    finished = contest.status == ContestStatus.FINISHED
    rounds = contest_rounds(contest)
    unallocated = [row for row in rounds if row.quota_unallocated] if not finished else []
    context = {
        "contest": contest,
        "can_organise": organiser,
        "can_edit": organiser and not finished,
        "is_draft": contest.status == ContestStatus.DRAFT,
        "is_running": contest.status == ContestStatus.RUNNING,
        "eligibility": member_filter_describe(MemberFilter.from_dict(contest.eligibility)),
        "groups": contest_groups(contest),
        "rounds": rounds,
        "can_see_results": organiser or object_grant_allows(request.user, VIEW, contest),
        "quota_warning": unallocated_warning(unallocated, links=organiser),
        "group_form": GroupForm(),
        "timeline": timeline_for(contest),
        "grants_url": _grants_url(request, contest) if organiser else "",
        "live_grants": live_grants_on(contest).count() if organiser else 0,
        "badges": STATUS_BADGES,
        "round_badges": ROUND_BADGES,
    }
    return render(request, "contests/contest_detail.html", context)


def _organiser_page(request: AuthedRequest, pk: int) -> tuple[Contest, HttpResponse | None]:
    """A setup page of the contest: the organiser only (else 403), and not once it is finished (back to it)."""
    contest = contest_get_for_user(request.user, pk, demand=MANAGE)
    if contest.status == ContestStatus.FINISHED:
        messages.info(request, "竞赛已结束，不能再修改")
        return contest, redirect(_detail_url(contest))
    return contest, None


@console_view(VIEW)
def group_add_view(request: AuthedRequest, pk: int) -> HttpResponse:
    contest, gone = _organiser_page(request, pk)
    if gone:
        return gone
    form = GroupForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: group_add(
            contest=contest,
            name=data["name"],
            entry_kind=data["entry_kind"],
            team_size_max=form.team_size(),
            actor=request.user,
        ),
        success=lambda group: f"已添加组别「{group.name}」",
        then=_detail_url(contest),
    )
    status = 422 if request.method == "POST" else 200
    return done or render(
        request, "contests/group_form.html", {"contest": contest, "form": form}, status=status
    )


@require_POST
@console_view(VIEW)
def group_remove_view(request: AuthedRequest, pk: int, group_id: int) -> HttpResponse:
    contest = contest_get_for_user(request.user, pk, demand=MANAGE)
    group = group_get_for_contest(contest, group_id)
    name = group.name
    return button_perform(
        request,
        lambda: group_remove(group=group, actor=request.user),
        success=f"已删除组别「{name}」",
        back=_detail_url(contest),
    )


def _round_perform(form: RoundForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "entry_deadline": data["entry_deadline"],
        "quota_total": data["quota_total"],
        "promote_count": data["promote_count"],
        "promote_share": data["promote_share"],
        "award_rules": data["award_rules"],
    }


@console_view(VIEW)
def round_add_view(request: AuthedRequest, pk: int) -> HttpResponse:
    contest, gone = _organiser_page(request, pk)
    if gone:
        return gone
    form = RoundForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: round_add(contest=contest, actor=request.user, **_round_perform(form)),
        success=lambda contest_round: f"已添加第 {contest_round.level} 轮赛段「{contest_round.name}」",
        then=_detail_url(contest),
    )
    context = {"contest": contest, "form": form, "contest_round": None}
    status = 422 if request.method == "POST" else 200
    return done or render(request, "contests/round_form.html", context, status=status)


@console_view(VIEW)
def round_edit_view(request: AuthedRequest, round_id: int) -> HttpResponse:
    contest_round: ContestRound = round_get_for_user(request.user, round_id, demand=MANAGE)
    contest = contest_round.contest
    if contest.status == ContestStatus.FINISHED or contest_round.status != RoundStatus.ENTERING:
        messages.info(request, "该赛段已开始评审或竞赛已结束，不能再修改")
        return redirect(_detail_url(contest))
    form = RoundForm(posted_data(request), initial=RoundForm.initial_for(contest_round))
    done = form_perform(
        request,
        form,
        lambda data: round_update(contest_round=contest_round, actor=request.user, **_round_perform(form)),
        success="已保存",
        then=_detail_url(contest),
    )
    context = {"contest": contest, "form": form, "contest_round": contest_round}
    status = 422 if request.method == "POST" else 200
    return done or render(request, "contests/round_form.html", context, status=status)


@require_POST
@console_view(VIEW)
def contest_start_view(request: AuthedRequest, pk: int) -> HttpResponse:
    contest = contest_get_for_user(request.user, pk, demand=MANAGE)

    def started(done: Contest) -> str:
        warning = unallocated_warning(rounds_without_allocation(done))
        if not warning:
            return "竞赛已开始，下级工会可以报名"
        return format_html("竞赛已开始。注意：{}", warning)

    return button_perform(
        request,
        lambda: contest_start(contest=contest, actor=request.user),
        success=started,
        back=_detail_url(contest),
        error_prefix="不能开始：",
    )


@require_POST
@console_view(VIEW)
def contest_finish_view(request: AuthedRequest, pk: int) -> HttpResponse:
    contest = contest_get_for_user(request.user, pk, demand=MANAGE)
    return button_perform(
        request,
        lambda: contest_finish(contest=contest, actor=request.user),
        success="竞赛已结束，外部账号的授权已同时结束",
        back=_detail_url(contest),
    )

"""Judging and results of a contest round (console). 评审 (`round_judging`): before judging the form that starts
it (score-sheet template, 盲评 or not) with the counts of confirmed and unconfirmed entries; afterwards the judges
per group with their progress, 添加评委 (cadres and members of the organising union's subtree, outside experts with
a 评委 grant on the contest), 开始评分, and a link to the reviews round for tie rules and group weights. 结果
(`round_results`): per group the ranking with scores and each judge's total, outlying judges marked for the
organiser, the award and promotion preview, 确定结果 (asked first), then the final table; xlsx export (audited,
no-store). The organising union's viewers and the contest's partners read; only the organiser changes anything
(403); the unions below and judges see nothing here."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.http import sensitive_response
from gonghui.reviews.choices import RoundStatus as ReviewStatus

from ..choices import RoundStatus
from ..forms.results import ContestJudgeForm, JudgingStartForm
from ..models import ContestRound
from ..permissions import VIEW, can_organise
from ..selectors.contests import contest_group_choices, round_state_label
from ..selectors.results import (
    JUDGE_CANDIDATES_SHOWN,
    can_view_results,
    entry_counts,
    group_results,
    groups_without_judges,
    has_promotion_rule,
    judge_candidate_labels,
    judge_candidates,
    judging_groups,
    next_round_of,
    round_for_results_or_404,
    sheets_left,
    templates_for,
)
from ..services.judging import (
    contest_judge_add,
    contest_judging_open,
    round_entries_close,
    round_finalise,
    round_judging_start,
)
from ..services.judging import results_export as export_results


def _round(request: AuthedRequest, round_id: int) -> ContestRound:
    """The round for the results' viewers; a contest the user sees but whose results are not theirs is 403."""
    contest_round = round_for_results_or_404(request.user, round_id)
    if not can_view_results(request.user, contest_round.contest):
        raise PermissionDenied
    return contest_round


def _organised(request: AuthedRequest, round_id: int) -> ContestRound:
    contest_round = _round(request, round_id)
    if not can_organise(request.user, contest_round.contest):
        raise PermissionDenied
    return contest_round


def _judging_url(contest_round: ContestRound) -> str:
    return reverse("contests:round_judging", args=[contest_round.pk])


def _results_url(contest_round: ContestRound) -> str:
    return reverse("contests:round_results", args=[contest_round.pk])


def _judge_query(request: AuthedRequest) -> str:
    source = request.POST if request.method == "POST" else request.GET
    return str(source.get("q", "")).strip()[:50]


@dataclass(frozen=True)
class _JudgePicker:
    form: ContestJudgeForm
    query: str
    matching: int
    shown: int


def _judge_picker(request: AuthedRequest, contest_round: ContestRound, data: Any = None) -> _JudgePicker:
    """添加评委 with the candidates the search (`q`) leaves, at most `JUDGE_CANDIDATES_SHOWN` of them in the list;
    a posted account outside those shown is still checked against every candidate."""
    contest = contest_round.contest
    query = _judge_query(request)
    matching = judge_candidates(contest_round, query)
    pks = list(matching.values_list("pk", flat=True)[: JUDGE_CANDIDATES_SHOWN + 1])
    shown = pks[:JUDGE_CANDIDATES_SHOWN]
    users = judge_candidates(contest_round).filter(pk__in=shown)
    posted = str(data.get("user", "")) if data is not None else ""
    if posted.isdigit():
        users = judge_candidates(contest_round).filter(pk__in=[*shown, int(posted)])
    labels = judge_candidate_labels(contest, list(users))
    form = ContestJudgeForm(
        data,
        users=users,
        groups=contest_group_choices(contest.pk),
        labels=labels,
    )
    count = len(pks) if len(pks) <= JUDGE_CANDIDATES_SHOWN else matching.count()
    return _JudgePicker(form=form, query=query, matching=count, shown=len(shown))


def _judging_page(
    request: AuthedRequest,
    contest_round: ContestRound,
    *,
    start_form: JudgingStartForm | None = None,
    picker: _JudgePicker | None = None,
    status: int = 200,
) -> HttpResponse:
    organiser = can_organise(request.user, contest_round.contest)
    review_round = contest_round.review_round
    is_draft = review_round is not None and review_round.status == ReviewStatus.DRAFT
    templates = templates_for(request.user)
    entering = contest_round.status == RoundStatus.ENTERING
    context: dict[str, Any] = {
        "contest_round": contest_round,
        "contest": contest_round.contest,
        "state_label": round_state_label(contest_round, contest_round.contest),
        "review_round": review_round,
        "can_organise": organiser,
        "entering": entering,
        "deadline_passed": contest_round.entry_deadline <= timezone.now(),
        "counts": entry_counts(contest_round),
        "has_templates": templates.exists() if organiser and entering else False,
        "start_form": start_form
        or (JudgingStartForm(templates=templates) if organiser and entering else None),
        "groups": judging_groups(contest_round),
        "is_draft": is_draft,
    }
    if organiser and is_draft:
        picker = picker or _judge_picker(request, contest_round)
        context["picker"] = picker
        context["judge_form"] = picker.form
        context["more_candidates"] = picker.matching > picker.shown
    if organiser and review_round is not None and is_draft:
        context["groups_missing"] = groups_without_judges(contest_round)
    return render(request, "contests/judging.html", context, status=status)


@console_view(VIEW)
def round_judging(request: AuthedRequest, round_id: int) -> HttpResponse:
    return _judging_page(request, _round(request, round_id))


@require_POST
@console_view(VIEW)
def judging_start_view(request: AuthedRequest, round_id: int) -> HttpResponse:
    """开始评审 (the organiser): the form is on the judging page; an invalid one is shown there again. With
    step=close_entries: 提前截止报名 (the deadline becomes now, so judging can start at once)."""
    contest_round = _organised(request, round_id)
    if request.POST.get("step") == "close_entries":
        return button_perform(
            request,
            lambda: round_entries_close(contest_round=contest_round, actor=request.user),
            success="已提前截止报名，现在可以开始评审",
            back=_judging_url(contest_round),
        )
    form = JudgingStartForm(posted_data(request), templates=templates_for(request.user))
    done = form_perform(
        request,
        form,
        lambda data: round_judging_start(
            contest_round=contest_round,
            template=data["template"],
            blind_mode=data["blind_mode"],
            actor=request.user,
        ),
        success="已开始评审，请添加评委后开始评分",
        then=_judging_url(contest_round),
    )
    return done or _judging_page(request, contest_round, start_form=form, status=422)


@console_view(VIEW)
def judge_add_view(request: AuthedRequest, round_id: int) -> HttpResponse:
    """添加评委 (POST, the organiser, while judging is being set up) and 开始评分 (POST with step=open)."""
    contest_round = _organised(request, round_id)
    if request.method != "POST":
        return redirect(_judging_url(contest_round))
    if request.POST.get("step") == "open":
        return button_perform(
            request,
            lambda: contest_judging_open(contest_round=contest_round, actor=request.user),
            success="已开始评分，评委可在“我的评审”中评分",
            back=_judging_url(contest_round),
        )
    picker = _judge_picker(request, contest_round, posted_data(request))
    form = picker.form
    done = form_perform(
        request,
        form,
        lambda data: contest_judge_add(
            contest_round=contest_round,
            user=data["user"],
            group=data["group"],
            unit=data["unit"],
            actor=request.user,
        ),
        success=lambda judge: f"已添加评委 {judge.user}",
        then=_judging_url(contest_round),
    )
    return done or _judging_page(request, contest_round, picker=picker, status=422)


@console_view(VIEW)
def round_results(request: AuthedRequest, round_id: int) -> HttpResponse:
    contest_round = _round(request, round_id)
    organiser = can_organise(request.user, contest_round.contest)
    review_round = contest_round.review_round
    view = group_results(contest_round, show_flags=organiser)
    next_round = next_round_of(contest_round)
    promotes = has_promotion_rule(contest_round)
    context = {
        "contest_round": contest_round,
        "contest": contest_round.contest,
        "review_round": review_round,
        "view": view,
        "can_organise": organiser,
        "next_round": next_round,
        "promotes": promotes,
        "no_next_round": promotes and (next_round is None or next_round.status != RoundStatus.ENTERING),
        "can_finalise": organiser
        and contest_round.status == RoundStatus.JUDGING
        and review_round is not None
        and review_round.status != ReviewStatus.DRAFT,
        "scoring_open": review_round is not None and review_round.status == ReviewStatus.OPEN,
        "sheets_left": sheets_left(contest_round) if organiser and not view.is_final else 0,
    }
    return render(request, "contests/results.html", context)


@require_POST
@console_view(VIEW)
def round_finalise_view(request: AuthedRequest, round_id: int) -> HttpResponse:
    contest_round = _organised(request, round_id)
    return button_perform(
        request,
        lambda: round_finalise(contest_round=contest_round, actor=request.user),
        success="结果已确定：名次、奖项已写入，晋级者已进入下一赛段，参赛人员已收到通知",
        back=_results_url(contest_round),
    )


@sensitive_response
@require_POST
@console_view(VIEW)
def results_export(request: AuthedRequest, round_id: int) -> HttpResponse:
    """评审结果 (xlsx, audited, no-store) for the results' viewers."""
    contest_round = _round(request, round_id)
    if contest_round.review_round_id is None:
        return redirect(_results_url(contest_round))
    content = export_results(
        contest_round=contest_round, actor=request.user, context=AuditContext.of(request)
    )
    return xlsx_response(content, f"{contest_round.contest.title}-{contest_round.name}-结果.xlsx")

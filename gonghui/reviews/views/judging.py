"""The judge's pages (我的评审), made for a phone: the rounds where the user is a judge with their progress, the
entries of one round the judge may score (`selectors.entries_for_judge`: conflicts never listed; in a 盲评 round
without entrant union and unit), the score sheet of one entry (保存 as a draft, 提交 with confirmation, then
read-only), and 回避 with a reason. Everything comes from the user's own `Judge` rows: another judge's row or an
entry not shown to this judge answers 404."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.attachments.selectors import attachments_of
from gonghui.core.forms import form_perform, posted_data
from gonghui.core.htmx import htmx_redirect
from gonghui.core.timeline import timeline_for

from ..choices import RoundStatus, SheetStatus
from ..forms import ReasonForm, ScoreSheetForm
from ..models import Judge, ReviewEntry, ScoreSheet
from ..selectors import (
    entries_for_judge,
    judge_entry_view,
    judge_progress,
    judge_rounds_for_user,
    judge_row_of,
    self_sheet_of,
    sheet_for_judge,
    sheets_by_entry_for_judge,
    template_criteria,
)
from ..services import ScoreInput, conflict_declare, sheet_save, sheet_submit

SHEET_BADGES = {
    SheetStatus.DRAFT: "bg-yellow-lt",
    SheetStatus.SUBMITTED: "bg-green-lt",
    SheetStatus.REOPENED: "bg-orange-lt",
}


def _my_judge(request: AuthedRequest, judge_id: int) -> Judge:
    """The user's own judge row in a round that has started, open or closed (never another judge's: 404)."""
    judge = judge_row_of(request.user, judge_id)
    if judge is None:
        raise Http404
    return judge


def _my_entry(judge: Judge, entry_id: int) -> ReviewEntry:
    """An entry the judge may see (its own round, its group, no conflict); anything else is 404."""
    for entry in entries_for_judge(judge).filter(pk=entry_id):
        return entry
    raise Http404


def _progress_rows(judges: list[Judge]) -> list[dict[str, Any]]:
    progress = judge_progress(judges)
    return [
        {"judge": judge, "total": progress[judge.pk].total, "submitted": progress[judge.pk].submitted}
        for judge in judges
    ]


CLOSED_SHOWN = 20


@console_view()
def judge_round_list(request: AuthedRequest) -> HttpResponse:
    """我的评审: the open rounds where the user is a judge, with n of m sheets submitted; below them 已结束, the
    latest closed rounds, read-only, so the judge still sees what they submitted."""
    open_judges = list(judge_rounds_for_user(request.user))
    closed_judges = list(judge_rounds_for_user(request.user, closed=True)[: CLOSED_SHOWN + 1])
    context = {
        "rows": _progress_rows(open_judges),
        "closed_rows": _progress_rows(closed_judges[:CLOSED_SHOWN]),
        "closed_more": len(closed_judges) > CLOSED_SHOWN,
    }
    return render(request, "reviews/judge_round_list.html", context)


@console_view()
def judge_round(request: AuthedRequest, judge_id: int) -> HttpResponse:
    judge = _my_judge(request, judge_id)
    sheets = sheets_by_entry_for_judge(judge)
    entries = [
        (entry, sheets.get(entry.pk), judge_entry_view(entry, judge.round))
        for entry in entries_for_judge(judge)
    ]
    submitted = sum(1 for _entry, sheet, _view in entries if sheet and sheet.status == SheetStatus.SUBMITTED)
    context = {
        "judge": judge,
        "review_round": judge.round,
        "entries": entries,
        "submitted": submitted,
        "is_open": judge.round.status == RoundStatus.OPEN,
        "badges": SHEET_BADGES,
    }
    return render(request, "reviews/judge_round.html", context)


def _self_sheet_beside(entry: ReviewEntry) -> dict[str, Any]:
    """In a 自评+考评 round the judge scores beside the entrant's submitted self sheet and its evidence."""
    if not entry.round.is_self_assessed:
        return {}
    own = self_sheet_of(entry)
    if own is None or own.status != SheetStatus.SUBMITTED:
        return {"self_pending": True}
    return {
        "self_shown": True,
        "self_scores": {score.criterion_id: score for score in own.scores.all()},
        "self_evidence": attachments_of(own),
    }


def _inputs(form: ScoreSheetForm) -> dict[int, ScoreInput]:
    return {pk: ScoreInput(points, comment) for pk, (points, comment) in form.entered().items()}


@console_view()
def judge_sheet(request: AuthedRequest, judge_id: int, entry_id: int) -> HttpResponse:
    """The score sheet of one entry: 保存 keeps a draft, 提交 saves and submits (asked first); a submitted sheet is
    shown read-only. Errors name the criterion."""
    judge = _my_judge(request, judge_id)
    entry = _my_entry(judge, entry_id)
    # an entry whose module scores it on its own page (量化评价's 考核评分: gap explanations, its scores kept in step)
    assess_url = getattr(entry.owner, "get_assess_url", None) if entry.owner_id else None
    if callable(assess_url):
        return redirect(assess_url())
    sheet = sheet_for_judge(judge, entry)
    criteria = list(template_criteria(judge.round.template_id))
    scores = list(sheet.scores.all()) if sheet else []
    editable = judge.round.status == RoundStatus.OPEN and (sheet is None or sheet.is_editable)
    back = reverse("reviews:judge_round", args=[judge.pk])
    form = ScoreSheetForm(posted_data(request) if editable else None, criteria=criteria, scores=scores)
    if request.method == "POST" and not editable:
        messages.error(request, "评分表已提交或评审已结束，不能再修改")
        return htmx_redirect(request, request.path)
    submitting = request.POST.get("step") == "submit"

    def perform(_data: dict[str, Any]) -> ScoreSheet:
        saved = sheet_save(judge=judge, entry=entry, scores=_inputs(form), actor=request.user)
        if submitting:
            return sheet_submit(sheet=saved, actor=request.user)
        return saved

    done = form_perform(
        request,
        form,
        perform,
        success="评分表已提交" if submitting else "评分已保存（未提交）",
        then=back if submitting else request.path,
    )
    if done:
        return done
    context = {
        "judge": judge,
        "review_round": judge.round,
        "entry": entry,
        "sheet": sheet,
        "form": form,
        "editable": editable,
        "entry_view": judge_entry_view(entry, judge.round),
        "scores": {score.criterion_id: score for score in scores},
        **_self_sheet_beside(entry),
        "criteria": criteria,
        "badges": SHEET_BADGES,
        "timeline": timeline_for(sheet) if sheet else [],
    }
    return render(request, "reviews/judge_sheet.html", context, status=422 if form.errors else 200)


@console_view()
def judge_conflict(request: AuthedRequest, judge_id: int, entry_id: int) -> HttpResponse:
    """回避: the judge declares a conflict with one entry (a reason, asked to confirm); it then leaves their list."""
    judge = _my_judge(request, judge_id)
    entry = _my_entry(judge, entry_id)
    if judge.round.status == RoundStatus.CLOSED:
        raise PermissionDenied
    back = reverse("reviews:judge_round", args=[judge.pk])
    form = ReasonForm(posted_data(request), label="回避原因")
    done = form_perform(
        request,
        form,
        lambda data: conflict_declare(judge=judge, entry=entry, reason=data["reason"], actor=request.user),
        success=f"已声明回避「{entry.title}」，该对象不再出现在您的评审列表中",
        then=back,
    )
    context = {
        "judge": judge,
        "entry": entry,
        "form": form,
        "entry_view": judge_entry_view(entry, judge.round),
    }
    return done or render(request, "reviews/judge_conflict.html", context)

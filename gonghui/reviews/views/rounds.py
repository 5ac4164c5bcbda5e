"""The organiser's pages of 评审管理 (desktop console): the round list (search, status filter, pagination), create a
round (owned by the organising union itself), the round's detail (entries with their groups, judges with their
progress, every sheet with 退回), adding entries and judges while the round is being set up, open and close (asked
first), one sheet with its timeline and the 退回 page (a reason is required), and the results (rank, final score,
each judge's total, outlying judges highlighted with the reason). Reads go through `visible_to` /
`get_visible_or_404` for `reviews.view`; every change needs `reviews.manage` on the round's union (else 403)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.object_grants import kind_of, object_grants_url
from gonghui.accounts.permissions import can_grant_object
from gonghui.accounts.scoping import action_paths
from gonghui.attachments.selectors import attachments_of
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.htmx import htmx_partial
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for
from gonghui.orgs.models import Org

from ..aggregation import TieRule, mean
from ..choices import ExportKind, RoundStatus, SheetStatus, TieRuleKind
from ..forms import (
    NO_GROUP,
    EntryForm,
    JudgeForm,
    ReasonForm,
    RoundFilterForm,
    RoundForm,
    RulesForm,
    tie_rule_value,
)
from ..models import ReviewRound, ScoreSheet, ScoreSheetTemplate
from ..permissions import MANAGE, VIEW, can_manage_round
from ..selectors import (
    is_judge,
    judge_candidates,
    judge_progress,
    round_entries,
    round_judges,
    round_owner_link,
    round_results,
    round_sheets,
    round_visible_or_404,
    rounds_for_user,
    self_assessment_rows,
    self_sheets,
    sheet_visible_or_404,
    template_criteria,
)
from ..services import (
    entry_add,
    entry_remove,
    judge_add,
    judge_remove,
    round_close,
    round_create,
    round_export,
    round_open,
    round_rules_set,
    sheet_reopen,
)
from .judging import SHEET_BADGES

ROUND_BADGES = {
    RoundStatus.DRAFT: "bg-secondary-lt",
    RoundStatus.OPEN: "bg-green-lt",
    RoundStatus.CLOSED: "bg-blue-lt",
}


def round_get_visible_or_404(request: AuthedRequest, pk: int) -> ReviewRound:
    return round_visible_or_404(request.user, pk)


def _require_manage(request: AuthedRequest, review_round: ReviewRound) -> None:
    if not can_manage_round(request.user, review_round):
        raise PermissionDenied


def _detail_url(review_round: ReviewRound) -> str:
    return reverse("reviews:round_detail", args=[review_round.pk])


@console_view(VIEW)
def round_list(request: AuthedRequest) -> HttpResponse:
    form = RoundFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    rounds: QuerySet[ReviewRound] = rounds_for_user(request.user, VIEW)
    if filters.get("q"):
        rounds = rounds.filter(Q(title__icontains=filters["q"]) | Q(org__name__icontains=filters["q"]))
    if filters.get("status"):
        rounds = rounds.filter(status=filters["status"])
    context = {
        "form": form,
        "page": paginate(request, rounds),
        "querystring": query_without_page(request),
        "filtered": any(filters.values()),
        "badges": ROUND_BADGES,
        "can_create": Org.objects.visible_to(request.user, MANAGE).exists(),
        # templates belong to unions: an outside account granted one round has none to see
        "sees_templates": bool(action_paths(request.user, VIEW)),
        "is_judge": is_judge(request.user),
    }
    if htmx_partial(request):
        return render(request, "reviews/partials/round_table.html", context)
    return render(request, "reviews/round_list.html", context)


@console_view(MANAGE)
def round_create_view(request: AuthedRequest) -> HttpResponse:
    orgs = Org.objects.visible_to(request.user, MANAGE).filter(status="active").order_by("path")
    templates = ScoreSheetTemplate.objects.visible_to(request.user, MANAGE)
    form = RoundForm(posted_data(request), orgs=orgs, templates=templates, initial={"org": orgs.first()})
    done = form_perform(
        request,
        form,
        lambda data: round_create(
            org=data["org"],
            owner=data["org"],
            template=data["template"],
            title=data["title"],
            blind_mode=data["blind_mode"],
            mode=data["mode"],
            actor=request.user,
        ),
        success="评审已创建，请添加参评对象和评委",
        then=_detail_url,
    )
    context = {"form": form, "has_templates": templates.exists()}
    return done or render(request, "reviews/round_form.html", context)


def _judge_progress(review_round: ReviewRound) -> list[dict[str, Any]]:
    judges = list(round_judges(review_round))
    progress = judge_progress(judges)
    return [
        {"judge": judge, "total": progress[judge.pk].total, "submitted": progress[judge.pk].submitted}
        for judge in judges
    ]


@console_view(VIEW)
def round_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    review_round = round_get_visible_or_404(request, pk)
    context = {
        "review_round": review_round,
        "entries": round_entries(review_round),
        "progress": _judge_progress(review_round),
        "sheets": round_sheets(review_round),
        "self_sheets": self_sheets(review_round) if review_round.is_self_assessed else [],
        "rules": review_round.rules,
        "criteria": template_criteria(review_round.template_id),
        "can_manage": can_manage_round(request.user, review_round),
        "is_draft": review_round.status == RoundStatus.DRAFT,
        "is_open": review_round.status == RoundStatus.OPEN,
        "badges": ROUND_BADGES,
        "sheet_badges": SHEET_BADGES,
        "grants_url": _grants_url(request, review_round),
        "owner_link": round_owner_link(review_round)
        if can_manage_round(request.user, review_round)
        else None,
    }
    return render(request, "reviews/round_detail.html", context)


def _grants_url(request: AuthedRequest, review_round: ReviewRound) -> str:
    """The round's 外部账号授权 page (outside experts and contacts), for whoever may grant on it; else ""."""
    kind = kind_of(review_round)
    if kind is None or not can_grant_object(request.user, kind, review_round):
        return ""
    return object_grants_url(review_round)


def _setup_page(request: AuthedRequest, pk: int) -> tuple[ReviewRound, HttpResponse | None]:
    """A setup page (add an entry or a judge): the organiser only (else 403), while the round is a draft."""
    review_round = round_get_visible_or_404(request, pk)
    _require_manage(request, review_round)
    if review_round.status != RoundStatus.DRAFT:
        return review_round, redirect(_detail_url(review_round))
    return review_round, None


@console_view(VIEW)
def entry_add_view(request: AuthedRequest, pk: int) -> HttpResponse:
    review_round, gone = _setup_page(request, pk)
    if gone:
        return gone
    orgs = (
        Org.objects.visible_to(request.user, MANAGE)
        .filter(path__startswith=review_round.org.path, status="active")
        .order_by("path")
    )
    form = EntryForm(posted_data(request), orgs=orgs)
    done = form_perform(
        request,
        form,
        lambda data: entry_add(
            review_round=review_round,
            title=data["title"],
            entrant_org=data["entrant_org"],
            unit=data["unit"],
            group=data["group"],
            actor=request.user,
        ),
        success=lambda entry: f"已添加参评对象「{entry.title}」",
        then=_detail_url(review_round),
    )
    return done or render(request, "reviews/entry_form.html", {"review_round": review_round, "form": form})


@console_view(VIEW)
def judge_add_view(request: AuthedRequest, pk: int) -> HttpResponse:
    review_round, gone = _setup_page(request, pk)
    if gone:
        return gone
    form = JudgeForm(posted_data(request), users=judge_candidates(request.user, review_round))
    done = form_perform(
        request,
        form,
        lambda data: judge_add(
            review_round=review_round,
            user=data["user"],
            group=data["group"],
            unit=data["unit"],
            actor=request.user,
        ),
        success=lambda judge: f"已添加评委 {judge.user}",
        then=_detail_url(review_round),
    )
    return done or render(request, "reviews/judge_form.html", {"review_round": review_round, "form": form})


@require_POST
@console_view(VIEW)
def round_open_view(request: AuthedRequest, pk: int) -> HttpResponse:
    review_round = round_get_visible_or_404(request, pk)
    _require_manage(request, review_round)
    return button_perform(
        request,
        lambda: round_open(review_round=review_round, actor=request.user),
        success="评审已开始，评委可以评分了",
        back=_detail_url(review_round),
    )


@require_POST
@console_view(VIEW)
def round_close_view(request: AuthedRequest, pk: int) -> HttpResponse:
    review_round = round_get_visible_or_404(request, pk)
    _require_manage(request, review_round)
    return button_perform(
        request,
        lambda: round_close(review_round=review_round, actor=request.user),
        success="评审已结束，未提交的评分表不计入结果",
        back=_detail_url(review_round),
    )


def sheet_get_visible_or_404(request: AuthedRequest, pk: int) -> ScoreSheet:
    return sheet_visible_or_404(request.user, pk)


@console_view(VIEW)
def sheet_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    sheet = sheet_get_visible_or_404(request, pk)
    review_round = sheet.round
    context = {
        "sheet": sheet,
        "review_round": review_round,
        "scores": {score.criterion_id: score for score in sheet.scores.all()},
        "criteria": template_criteria(review_round.template_id),
        "can_reopen": can_manage_round(request.user, review_round)
        and review_round.status == RoundStatus.OPEN
        and sheet.status == SheetStatus.SUBMITTED,
        "badges": SHEET_BADGES,
        "timeline": timeline_for(sheet),
        "evidence": attachments_of(sheet) if sheet.is_self else [],
    }
    return render(request, "reviews/sheet_detail.html", context)


@console_view(VIEW)
def sheet_reopen_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """退回: the organiser sends one submitted sheet back to its judge with a required reason."""
    sheet = sheet_get_visible_or_404(request, pk)
    _require_manage(request, sheet.round)
    back = reverse("reviews:sheet_detail", args=[sheet.pk])
    if sheet.status != SheetStatus.SUBMITTED or sheet.round.status != RoundStatus.OPEN:
        return redirect(back)
    form = ReasonForm(posted_data(request), label="退回原因")
    done = form_perform(
        request,
        form,
        lambda data: sheet_reopen(
            sheet=sheet, reason=data["reason"], actor=request.user, context=AuditContext.of(request)
        ),
        success="评分表已退回，评委修改后可重新提交",
        then=back,
    )
    return done or render(request, "reviews/sheet_reopen.html", {"sheet": sheet, "form": form})


def _rule_label(rule: TieRule) -> str:
    if rule.kind == TieRuleKind.CRITERION:
        return f"评分项「{rule.criterion}」平均分高者在前"
    return str(TieRuleKind(rule.kind).label)


@console_view(VIEW)
def round_rules_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """The rules the round is scored by (tie rules, outlier and gap shares, group weights), set while a draft."""
    review_round, gone = _setup_page(request, pk)
    if gone:
        return gone
    rules = review_round.rules
    initial: dict[str, Any] = {
        "outlier_percent": (rules.outlier_share * 100).normalize(),
        "gap_percent": (rules.gap_share * 100).normalize(),
        "group_weights": "\n".join(
            f"{group or NO_GROUP} {weight.normalize()}" for group, weight in rules.group_weights.items()
        ),
    }
    for slot, rule in enumerate(rules.tie_rules, start=1):
        initial[f"tie_rule_{slot}"] = tie_rule_value(rule.kind, rule.criterion)
    criteria = list(template_criteria(review_round.template_id))
    form = RulesForm(posted_data(request), criteria=criteria, initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: round_rules_set(
            review_round=review_round,
            tie_rules=[TieRule(TieRuleKind(kind), name) for kind, name in form.tie_rules()],
            outlier_share=data["outlier_percent"] / 100,
            gap_share=data["gap_percent"] / 100,
            group_weights=data["group_weights"],
            actor=request.user,
        ),
        success="评审规则已保存",
        then=_detail_url(review_round),
    )
    groups = sorted(set(round_judges(review_round).values_list("group", flat=True)))
    context = {"review_round": review_round, "form": form, "groups": groups}
    return done or render(request, "reviews/round_rules.html", context)


@console_view(VIEW)
def round_results_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """Rank, final score, each judge's total; a judge too far from the others' mean is highlighted with why; in a
    自评+考评 round the self scores beside the assessors' mean, large gaps flagged."""
    review_round = round_get_visible_or_404(request, pk)
    results = round_results(review_round)
    share = results.rules.outlier_share
    # a column for each judge whose submitted sheets count, not for every judge of a large panel
    scoring = {jid for detail in results.details.values() for jid in detail.judge_totals}
    judges = [judge for judge in round_judges(review_round) if judge.pk in scoring]
    entries = {entry.pk: entry for entry in round_entries(review_round)}
    rows: list[dict[str, Any]] = []
    flagged_count = 0
    for ranked in results.ranked:
        entry_id = ranked.result.entry_id
        detail = results.details[entry_id]
        by_judge = detail.judge_totals
        flagged = results.outliers.get(entry_id, set())
        cells = []
        for judge in judges:
            total = by_judge.get(judge.pk)
            reason = ""
            if total is not None and judge.pk in flagged:
                others = [t for jid, t in by_judge.items() if jid != judge.pk]
                gap = total - mean(others)
                reason = (
                    f"与其他评委平均分相差 {abs(gap):.2f} 分，超过满分的 {share * 100:.0f}%"
                    f"（{share * results.max_total:.2f} 分）"
                )
                flagged_count += 1
            cells.append({"judge": judge, "total": total, "flagged": bool(reason), "reason": reason})
        rows.append(
            {
                "rank": ranked.rank,
                "entry": entries[entry_id],
                "score": ranked.result.score,
                "detail": detail,
                "cells": cells,
            }
        )
    gaps = self_assessment_rows(review_round) if review_round.is_self_assessed else []
    context = {
        "review_round": review_round,
        "rows": rows,
        "judges": judges,
        "max_total": results.max_total,
        "share_percent": f"{share * 100:.0f}",
        "gap_percent": f"{results.rules.gap_share * 100:.0f}",
        "tie_rules": [_rule_label(rule) for rule in results.rules.tie_rules],
        "group_weights": results.rules.group_weights,
        "flagged_count": flagged_count,
        "gaps": gaps,
        "gap_count": sum(1 for row in gaps if row.flagged),
        "pending": review_round.status != RoundStatus.CLOSED,
    }
    return render(request, "reviews/round_results.html", context)


def _export(request: AuthedRequest, pk: int, kind: ExportKind) -> HttpResponse:
    review_round = round_get_visible_or_404(request, pk)
    content = round_export(
        review_round=review_round, actor=request.user, kind=kind, context=AuditContext.of(request)
    )
    return xlsx_response(content, f"{review_round.title}-{kind.label}.xlsx")


@sensitive_response
@require_POST
@console_view(VIEW)
def export_sheets(request: AuthedRequest, pk: int) -> HttpResponse:
    """原始评分表 (xlsx, audited): one row per sheet and criterion; in a 盲评 round entrants only by title."""
    return _export(request, pk, ExportKind.SHEETS)


@sensitive_response
@require_POST
@console_view(VIEW)
def export_results(request: AuthedRequest, pk: int) -> HttpResponse:
    """评审结果 (xlsx, audited): ranking, scores, outlying judges, each judge's total (and the self-vs-assessor
    sheet)."""
    return _export(request, pk, ExportKind.RESULTS)


@require_POST
@console_view(VIEW)
def entry_remove_view(request: AuthedRequest, pk: int, entry_id: int) -> HttpResponse:
    """移除 an entry of a draft round (asked first); the organiser only (else 403)."""
    review_round = round_get_visible_or_404(request, pk)
    _require_manage(request, review_round)
    entry = get_object_or_404(round_entries(review_round), pk=entry_id)
    return button_perform(
        request,
        lambda: entry_remove(entry=entry, actor=request.user, context=AuditContext.of(request)),
        success=f"已移除参评对象「{entry.title}」",
        back=_detail_url(review_round),
    )


@require_POST
@console_view(VIEW)
def judge_remove_view(request: AuthedRequest, pk: int, judge_id: int) -> HttpResponse:
    """移除 a judge of a draft round (asked first); the organiser only (else 403)."""
    review_round = round_get_visible_or_404(request, pk)
    _require_manage(request, review_round)
    judge = get_object_or_404(round_judges(review_round), pk=judge_id)
    return button_perform(
        request,
        lambda: judge_remove(judge=judge, actor=request.user, context=AuditContext.of(request)),
        success=f"已移除评委 {judge.user}",
        back=_detail_url(review_round),
    )

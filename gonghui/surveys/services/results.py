"""Services of part results: the results leave the platform — the xlsx export (audited) and the report PDF.

Both are built from the selectors (`selectors.results`), so the minimum cell of ten holds in them exactly as on the
page: the same `survey_results`, the same cross-tabs pooled by `kept_cells`, texts only where ten or more answered.
A named survey's export holds one more sheet, 实名答卷 (the members' names beside their answers), only for a holder
of surveys.manage on the survey's union: the view answers with `sensitive_response`, and the audit row says so."""

from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.excel import SheetSpec, workbook_bytes
from gonghui.core.pdf import render_pdf
from gonghui.core.statistics import MIN_CELL, shown_count

from ..choices import ResponseStatus, SurveyQuestionKind
from ..models import Survey, SurveyQuestion, SurveyResponse
from ..questions import matrix_key
from ..selectors.results import (
    CrossTab,
    QuestionResult,
    SurveyResults,
    can_export_names,
    participation_by_union,
    survey_crosstabs,
    survey_results,
)

HIDDEN = f"作答不足{MIN_CELL}人，不显示分布"


def _meta(results: SurveyResults) -> list[str]:
    survey = results.survey
    return [
        f"问卷：{survey.title}（{survey.get_mode_display()}，{survey.get_status_display()}）",
        f"发起工会：{survey.org.name}；导出时间：{timezone.localtime():%Y-%m-%d %H:%M}",
        f"为保护填写人，少于{MIN_CELL}人的分组并入“其他”，少于{MIN_CELL}人的人数显示为“<10”。",
    ]


def _overview_sheet(results: SurveyResults) -> SheetSpec:
    rows: list[list[Any]] = [
        [
            "全部",
            str(results.asked),
            results.answered_shown,
            f"{results.rate}%" if results.answered >= MIN_CELL else "—",
        ]
    ]
    rows += [
        [r.name, r.asked_shown, r.answered_shown, r.rate_shown]
        for r in participation_by_union(results.survey)
    ]
    return SheetSpec(
        name="参与情况",
        headers=("工会", "调查人数", "参与人数", "参与率"),
        rows=rows,
        widths=(30, 10, 10, 10),
        notes=_meta(results),
    )


def _numbers(survey: Survey) -> dict[str, int]:
    """题号 as the members saw it (the question's order), never the internal key q1, q2 …"""
    return dict(survey.questions.values_list("key", "order"))


def _question_lines(result: QuestionResult, number: int | str) -> list[list[Any]]:
    head: list[Any] = [number, result.label, result.kind_label]
    if not result.shown:
        return [[*head, HIDDEN, result.answered_shown, ""]]
    if result.kind == SurveyQuestionKind.MATRIX:
        return [
            [*head, f"{row.label}：{share.option}", share.count, share.percent]
            for row in result.rows
            for share in row.options
        ]
    if result.kind == SurveyQuestionKind.TEXT:
        return [[*head, "（见“填空内容”表）", result.answered, ""]]
    lines = [[*head, share.option, share.count, share.percent] for share in result.options]
    if result.mean is not None:
        lines.append([*head, "平均分", result.mean, ""])
    return lines


def _questions_sheet(results: SurveyResults) -> SheetSpec:
    numbers = _numbers(results.survey)
    rows = [
        line for result in results.questions for line in _question_lines(result, numbers.get(result.key, ""))
    ]
    return SheetSpec(
        name="各题结果",
        headers=("题号", "题目", "题型", "选项", "人数", "比例（%）"),
        rows=rows,
        widths=(6, 40, 8, 30, 8, 10),
        notes=[] if results.shown else [results.why_hidden],
    )


def _texts_sheet(results: SurveyResults, tabs: Sequence[CrossTab]) -> SheetSpec:
    numbers = _numbers(results.survey)
    rows: list[list[Any]] = [
        [numbers.get(r.key, ""), r.label, "全部", text]
        for r in results.questions
        if r.kind == SurveyQuestionKind.TEXT
        for text in r.texts
    ]
    rows += [
        [tab.question.order, tab.question.text, f"{tab.label}：{group.value}", text]
        for tab in tabs
        if tab.question.kind == SurveyQuestionKind.TEXT
        for group in tab.groups
        for text in group.result.texts
    ]
    return SheetSpec(
        name="填空内容",
        headers=("题号", "题目", "分组", "内容"),
        rows=rows,
        widths=(6, 30, 24, 60),
        notes=[f"只列出{MIN_CELL}人及以上作答的题目或分组的内容，不含填写人信息，按内容排序。"],
    )


def _crosstab_sheet(tabs: Sequence[CrossTab]) -> SheetSpec:
    rows: list[list[Any]] = []
    for tab in tabs:
        if tab.question.kind == SurveyQuestionKind.TEXT:
            continue
        for group in tab.groups:
            for line in _question_lines(group.result, tab.question.order):
                rows.append([tab.label, group.value, group.answers, *line])
    return SheetSpec(
        name="交叉分析",
        headers=("分析维度", "分组", "分组答卷数", "题号", "题目", "题型", "选项", "人数", "比例（%）"),
        rows=rows,
        widths=(10, 24, 10, 6, 36, 8, 26, 8, 10),
        notes=[f"每个分组至少{MIN_CELL}份答卷；不足{MIN_CELL}份的分组并入“其他”。"],
    )


def _answer_columns(questions: Sequence[SurveyQuestion]) -> list[tuple[str, str]]:
    columns: list[tuple[str, str]] = []
    for q in questions:
        if q.kind == SurveyQuestionKind.MATRIX:
            columns += [
                (matrix_key(q, n), f"{q.order}. {q.text}：{row}") for n, row in enumerate(q.rows, start=1)
            ]
        else:
            columns.append((q.key, f"{q.order}. {q.text}"))
    return columns


def _named_sheet(survey: Survey) -> tuple[SheetSpec, int]:
    columns = _answer_columns(list(survey.questions.order_by("order", "pk")))
    responses = (
        SurveyResponse.objects.filter(survey=survey, status=ResponseStatus.SUBMITTED)
        .select_related("member", "member__org")
        .order_by("member__org__path", "member__name", "pk")
    )
    rows = []
    for index, response in enumerate(responses, start=1):
        values = []
        for key, _ in columns:
            value = response.answers.get(key, "")
            values.append("、".join(value) if isinstance(value, list) else str(value))
        submitted = timezone.localtime(response.submitted_at) if response.submitted_at else None
        rows.append([index, response.member.name, response.member.org.name, submitted, *values])
    sheet = SheetSpec(
        name="实名答卷",
        headers=("序号", "姓名", "所在工会", "提交时间", *(label for _, label in columns)),
        rows=rows,
        widths=(6, 10, 26, 16, *(20 for _ in columns)),
        notes=["实名答卷含个人信息，仅限工作使用，不得外传。"],
    )
    return sheet, len(rows)


def results_workbook(*, survey: Survey, with_names: bool) -> tuple[bytes, int]:
    """The results as xlsx (参与情况, 各题结果, 交叉分析, 填空内容; 实名答卷 when `with_names`) and the number of named
    answers in it."""
    results = survey_results(survey)
    tabs = survey_crosstabs(survey) if results.shown else []
    sheets = [
        _overview_sheet(results),
        _questions_sheet(results),
        _crosstab_sheet(tabs),
        _texts_sheet(results, tabs),
    ]
    named = 0
    if with_names:
        sheet, named = _named_sheet(survey)
        sheets.append(sheet)
    return workbook_bytes(sheets), named


def results_export(*, survey: Survey, actor: Any, context: AuditContext | None = None) -> tuple[bytes, int]:
    """The xlsx export for `actor` (who may see the survey's results): the named answers only for surveys.manage;
    an audit row either way (the named answers counted). Returns the workbook and the named answers in it."""
    with_names = can_export_names(actor, survey)
    content, named = results_workbook(survey=survey, with_names=with_names)
    summary = f"导出问卷结果「{survey.title}」"
    if with_names:
        summary += f"，含实名答卷 {named} 份"
    audit_log(
        action=AuditAction.EXPORT,
        actor=actor,
        context=context,
        subject=survey,
        org_id=survey.org_id,
        summary=summary,
    )
    return content, named


def results_report_pdf(*, survey: Survey) -> bytes:
    """The results report (aggregates only, the same minimum cells): counts, participation by union, each question
    with its bars, and the cross-tabs of every attribute."""
    results = survey_results(survey)
    context = {
        "title": f"{survey.title}结果报告",
        "results": results,
        "by_union": participation_by_union(survey),
        "tabs": [tab for tab in survey_crosstabs(survey) if tab.question.kind != SurveyQuestionKind.TEXT]
        if results.shown
        else [],
        "min_cell": MIN_CELL,
        "today": timezone.localdate(),
        "asked_shown": shown_count(results.asked),
    }
    return render_pdf("surveys/results/report_pdf.html", context)

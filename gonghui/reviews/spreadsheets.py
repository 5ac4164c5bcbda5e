"""A review round as xlsx, for the organiser's pages to serve (no-store, after their permission check): the raw
sheets (one row per sheet × criterion: judges named, entrants only by title in a 盲评 round) and the results
(rank, final score, trimmed and plain mean, per judge group, the outlying judges, each judge's total; in a 自评+考评
round also the self-vs-assessor sheet). Built at once with `core.excel.workbook_bytes`: a round is small."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from gonghui.core.excel import SheetSpec, workbook_bytes

from .choices import SheetStatus
from .models import Criterion, Judge, ReviewEntry, ReviewRound, Score, ScoreSheet
from .selectors import judge_entry_view, round_results, self_assessment_rows

CENT = Decimal("0.01")
VETO_LABEL = "否决项"
SELF_LABEL = "自评"


def _number(value: Decimal | None) -> float | str:
    """A number cell rounded to the cent (a mean of three totals has many decimals)."""
    return "" if value is None else float(value.quantize(CENT))


def _percent(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"


def _entry_columns(review_round: ReviewRound) -> list[str]:
    return ["参评对象"] if review_round.is_blind else ["参评对象", "申报工会", "申报单位"]


def _entry_cells(review_round: ReviewRound, entry: ReviewEntry) -> list[Any]:
    view = judge_entry_view(entry, review_round)
    return [view.title] if view.is_blind else [view.title, view.entrant, view.unit]


def _rules_notes(review_round: ReviewRound) -> list[str]:
    rules = review_round.rules
    ties = "、".join(
        f"{rule.kind.label}（{rule.criterion}）" if rule.criterion else str(rule.kind.label)
        for rule in rules.tie_rules
    )
    weights = "、".join(f"{group or '未分组'} {weight}" for group, weight in rules.group_weights.items())
    notes = [
        f"{review_round.title}（{review_round.get_mode_display()} · {review_round.get_blind_mode_display()}）",
        "计分：5 位及以上评委时去掉一个最高分和一个最低分后取平均"
        + (f"；评审组权重：{weights}" if weights else "")
        + (f"；同分依次按：{ties}" if ties else ""),
        f"离群评委：与其他评委平均分相差超过满分的 {_percent(rules.outlier_share)}",
    ]
    if review_round.is_self_assessed:
        notes.append(f"自评差异：与考评平均分相差超过该项满分的 {_percent(rules.gap_share)}")
    return notes


def round_sheets_workbook(review_round: ReviewRound) -> bytes:
    """评分明细: one row per sheet (the judges' and, in a 自评+考评 round, the self sheets) × criterion, with the
    points and the comment; drafts included with their state."""
    criteria = list(Criterion.objects.filter(template_id=review_round.template_id))
    sheets = (
        ScoreSheet.objects.filter(round=review_round)
        .select_related("judge", "judge__user", "entry", "entry__entrant_org")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
        .order_by("entry_id", "is_self", "judge_id")
    )
    rows: list[list[Any]] = []
    statuses = {code: str(label) for code, label in SheetStatus.choices}  # forced once, not per row
    for sheet in sheets:
        given = {score.criterion_id: score for score in sheet.scores.all()}
        scorer = SELF_LABEL if sheet.judge is None else str(sheet.judge.user)
        group = "" if sheet.judge is None else sheet.judge.group
        for criterion in criteria:
            score = given.get(criterion.pk)
            rows.append(
                [
                    *_entry_cells(review_round, sheet.entry),
                    sheet.entry.group,
                    scorer,
                    group,
                    criterion.name,
                    VETO_LABEL if criterion.is_veto else _number(criterion.max_points),
                    "" if score is None else _veto_or_points(criterion, score.points),
                    "" if score is None else score.comment,
                    statuses.get(sheet.status, sheet.status),
                    sheet.submitted_at if sheet.status == SheetStatus.SUBMITTED else "",
                ]
            )
    headers = [
        *_entry_columns(review_round),
        "参评组别",
        "评委",
        "评委所在组",
        "评分项",
        "满分",
        "得分",
        "评语",
        "评分表状态",
        "提交时间",
    ]
    return workbook_bytes([SheetSpec("评分明细", headers, rows, notes=_rules_notes(review_round)[:1])])


def _veto_or_points(criterion: Criterion, points: Decimal) -> float | str:
    if criterion.is_veto:
        return "否决" if points == 1 else "不否决"
    return _number(points)


def round_results_workbook(review_round: ReviewRound) -> bytes:
    """评审结果 (rank, final score, trimmed and plain mean, per judge group, judges counted, the outlying judges
    named), 评委总分 (each judge's total per entry, outlying or not) and, in a 自评+考评 round, 自评与考评差异."""
    results = round_results(review_round)
    entries = {
        entry.pk: entry
        for entry in ReviewEntry.objects.filter(round=review_round).select_related("entrant_org")
    }
    judges = {judge.pk: judge for judge in Judge.objects.filter(round=review_round).select_related("user")}
    groups = sorted({group for detail in results.details.values() for group in detail.group_means})
    show_groups = len(groups) > 1 or bool(results.rules.group_weights)
    ranking: list[list[Any]] = []
    totals: list[list[Any]] = []
    for ranked in results.ranked:
        entry = entries[ranked.result.entry_id]
        detail = results.details[entry.pk]
        flagged = results.outliers.get(entry.pk, set())
        ranking.append(
            [
                ranked.rank,
                *_entry_cells(review_round, entry),
                _number(ranked.result.score),
                _number(detail.trimmed_mean),
                _number(detail.mean),
                *([_number(detail.group_means.get(group)) for group in groups] if show_groups else []),
                len(detail.judge_totals),
                "、".join(str(judges[judge_id].user) for judge_id in sorted(flagged)),
            ]
        )
        for judge_id, total in detail.judge_totals.items():
            judge = judges[judge_id]
            totals.append(
                [
                    ranked.rank,
                    *_entry_cells(review_round, entry),
                    str(judge.user),
                    judge.group,
                    _number(total),
                    judge_id in flagged,
                ]
            )
    group_headers = [f"{group or '未分组'}平均分" for group in groups] if show_groups else []
    sheets = [
        SheetSpec(
            "评审结果",
            [
                "名次",
                *_entry_columns(review_round),
                "最终得分",
                "去掉最高最低分后平均分",
                "平均分",
                *group_headers,
                "评委人数",
                "离群评委",
            ],
            ranking,
            notes=_rules_notes(review_round),
        ),
        SheetSpec(
            "评委总分",
            ["名次", *_entry_columns(review_round), "评委", "评委所在组", "总分", "离群"],
            totals,
        ),
    ]
    if review_round.is_self_assessed:
        sheets.append(_gap_sheet(review_round))
    return workbook_bytes(sheets)


def _gap_sheet(review_round: ReviewRound) -> SheetSpec:
    rows: Sequence[list[Any]] = [
        [
            *_entry_cells(review_round, row.entry),
            row.criterion.name,
            VETO_LABEL if row.criterion.is_veto else _number(row.criterion.max_points),
            _number(row.self_points),
            row.self_comment,
            _number(row.assessor_mean),
            row.assessor_count,
            _number(row.gap),
            _number(row.limit),
            row.flagged,
        ]
        for row in self_assessment_rows(review_round)
    ]
    headers = [
        *_entry_columns(review_round),
        "评分项",
        "满分",
        "自评得分",
        "自评说明",
        "考评平均分",
        "考评人数",
        "差异",
        "允许差异",
        "差异过大",
    ]
    return SheetSpec("自评与考评差异", headers, rows)

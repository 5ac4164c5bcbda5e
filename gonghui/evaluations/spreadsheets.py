"""The 量化评价 workbooks through the `spreadsheets` Exporter registry (registered by registrations/reports.py): the
评分卡 of one target (`evaluation_scorecard`, `?target=<public_id>`) and a round's 排名 (`evaluation_league`,
`?round=<public_id>&peer=<同类比较组>`), carrying "暂定" until the round is frozen, and a union's 排名与趋势
(`evaluation_trends`, `?org=<code>`: its results by year and, for a union that runs rounds, the grade distribution).
Each is read for the requesting user as its page reads it (404 outside their scope) and written at once (count 0)."""

from typing import Any

from gonghui.accounts.actors import Actor
from gonghui.core.excel import SheetSpec
from gonghui.core.spreadsheets import Exporter
from gonghui.orgs.models import Org

from .models import EvaluationRound, RoundTarget
from .permissions import VIEW
from .rules import show
from .selectors.reports import (
    PROVISIONAL,
    League,
    Scorecard,
    Trend,
    league_for,
    round_get_for_user,
    scorecard_for,
    target_get_for_user,
    trend_for,
    trend_org_get_for_user,
)

SCORECARD_EXPORT = "evaluation_scorecard"
LEAGUE_EXPORT = "evaluation_league"
TRENDS_EXPORT = "evaluation_trends"

SCORECARD_HEADERS = (
    "一级指标",
    "序号",
    "指标",
    "分值",
    "取值",
    "自评分",
    "考核分",
    "得分",
    "失分",
    "得失分说明",
    "必备项",
    "数据明细",
)


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _verdict(passed: bool | None, is_veto: bool) -> str:
    if not is_veto:
        return ""
    return "—" if passed is None else ("达标" if passed else "不达标")


def _status_note(provisional: bool) -> str:
    return f"{PROVISIONAL}：考核尚未定档，得分和排名可能变化" if provisional else "已定档"


def scorecard_sheets(card: Scorecard) -> list[SheetSpec]:
    """评分卡: one row per indicator (dimension rows with subtotals), the header lines above."""
    target, s = card.target, card.standing
    notes = (
        f"{card.round.title} · {target.org.name} · 考核期间 {card.round.period_start:%Y-%m-%d} 至 "
        f"{card.round.period_end:%Y-%m-%d} · {_status_note(card.provisional)}",
        f"总分 {show(target.total)} · 等级 {target.grade or '—'} · 总排名 {s.rank or '—'}/{s.of} · "
        f"同类排名 {s.peer_rank or '—'}/{s.peers}（{target.peer_group or '—'}）",
    )
    rows: list[list[Any]] = []
    for block in card.dimensions:
        rows.append(
            [
                block.dimension.name,
                "",
                "小计",
                _number(block.available),
                None,
                None,
                None,
                _number(block.earned),
                _number(block.lost),
                "",
                "",
                "",
            ]
        )
        for line in block.lines:
            score, indicator = line.score, line.indicator
            rows.append(
                [
                    block.dimension.name,
                    indicator.number,
                    indicator.name,
                    _number(line.available),
                    score.value_detail or (show(score.value) if score.value is not None else ""),
                    _number(score.self_points),
                    _number(score.assessor_points),
                    _number(line.earned),
                    _number(line.lost),
                    line.reason,
                    _verdict(score.passed, indicator.is_veto),
                    score.records_url,
                ]
            )
    rows.append(
        [
            "合计",
            "",
            "",
            _number(card.available),
            None,
            None,
            None,
            _number(target.total),
            _number(card.lost),
            "",
            "",
            "",
        ]
    )
    return [
        SheetSpec("评分卡", SCORECARD_HEADERS, rows, (14, 6, 24, 8, 18, 8, 8, 8, 8, 40, 8, 30), notes=notes)
    ]


def league_headers(league: League) -> tuple[str, ...]:
    return (
        "排名",
        "同类排名",
        "单位",
        "同类比较组",
        *(d.name for d in league.dimensions),
        "总分",
        "等级",
        "必备项",
    )


def veto_label(failed: int, has_veto_items: bool) -> str:
    if not has_veto_items:
        return "—"
    return f"{failed} 项不达标" if failed else "达标"


def league_sheets(league: League) -> list[SheetSpec]:
    notes = (
        f"{league.round.title}{f' · {league.peer_group}' if league.peer_group else ''} · "
        f"{_status_note(league.provisional)}；同分并列",
    )
    rows = [
        [
            row.rank,
            row.peer_rank,
            row.target.org.name,
            row.target.peer_group,
            *(_number(v) for v in row.subtotals),
            _number(row.target.total),
            row.target.grade,
            veto_label(row.vetoes_failed, league.has_veto_items),
        ]
        for row in league.rows
    ]
    widths = (6, 8, 30, 14, *(10 for _ in league.dimensions), 8, 8, 12)
    return [SheetSpec("排名", league_headers(league), rows, widths, notes=notes)]


def standing_label(rank: int | None, of: int) -> str:
    return f"{rank or '—'}/{of}"


def trend_sheets(trend: Trend) -> list[SheetSpec]:
    """历年考核结果 (one row per frozen round the union was a target of, oldest first) unless the page hides it (no
    results but a grade distribution), and 历年等级分布 when the union runs rounds, as the page shows them."""
    sheets: list[SheetSpec] = []
    if trend.points or not trend.grade_years:
        headers = ("考核", "年度", "总分", "等级", "排名", "同类排名", "同类比较组", *trend.dimension_names)
        rows = [
            [
                p.target.round.title,
                p.year,
                _number(p.target.total),
                p.target.grade,
                standing_label(p.standing.rank, p.standing.of),
                standing_label(p.standing.peer_rank, p.standing.peers),
                p.target.peer_group,
                *(_number(p.subtotals.get(name)) for name in trend.dimension_names),
            ]
            for p in trend.points
        ]
        notes = (
            f"{trend.org.name} · 作为被考核单位参加的已定档考核，按考核期间先后排列；"
            "排名为“名次/参评单位数”，同分并列；各一级指标为小计（有上限的按上限计），空白为当年方案无此项",
        )
        widths = (28, 6, 8, 8, 8, 10, 14, *(10 for _ in trend.dimension_names))
        sheets.append(SheetSpec("历年考核结果", headers, rows, widths, notes=notes))
    if trend.grade_years:
        sheets.append(
            SheetSpec(
                "历年等级分布",
                ("考核", "年度", *trend.grades, "合计"),
                [
                    [
                        g.round.title,
                        g.round.period_end.year,
                        *(g.counts.get(grade, 0) for grade in trend.grades),
                        g.total,
                    ]
                    for g in trend.grade_years
                ],
                (28, 6, *(8 for _ in trend.grades), 8),
                notes=(f"{trend.org.name}组织的已定档考核：各等级的被考核单位数",),
            )
        )
    return sheets


def trends_file_name(org_name: str, extension: str) -> str:
    return f"排名与趋势-{org_name}.{extension}"


class ScorecardExporter(Exporter):
    """评分卡 of `target` (a RoundTarget public id)."""

    key = SCORECARD_EXPORT
    label = "评分卡"
    action = VIEW

    def count(self, *, user: Actor, params: dict[str, str]) -> int:
        return 0

    def sheets(self, *, user: Actor, params: dict[str, str]) -> list[SheetSpec]:
        target = target_get_for_user(user=user, public_id=params.get("target", ""))
        return scorecard_sheets(scorecard_for(target=target, user=user))

    def file_name(self, params: dict[str, str]) -> str:
        target = (
            RoundTarget.objects.filter(public_id=params.get("target", ""))
            .select_related("round", "org")
            .first()
        )
        if target is None:
            return f"{self.label}.xlsx"
        mark = "" if target.round.is_frozen else f"（{PROVISIONAL}）"
        return f"评分卡-{target.round.title}-{target.org.name}{mark}.xlsx"


class LeagueExporter(Exporter):
    """排名 of `round` (an EvaluationRound public id), of one 同类比较组 when `peer` is given."""

    key = LEAGUE_EXPORT
    label = "考核排名"
    action = VIEW

    def count(self, *, user: Actor, params: dict[str, str]) -> int:
        return 0

    def sheets(self, *, user: Actor, params: dict[str, str]) -> list[SheetSpec]:
        round_ = round_get_for_user(user=user, public_id=params.get("round", ""))
        return league_sheets(league_for(round_=round_, peer_group=params.get("peer", "")))

    def file_name(self, params: dict[str, str]) -> str:
        round_ = EvaluationRound.objects.filter(public_id=params.get("round", "")).first()
        if round_ is None:
            return f"{self.label}.xlsx"
        group = f"-{params['peer']}" if params.get("peer") else ""
        mark = "" if round_.is_frozen else f"（{PROVISIONAL}）"
        return f"排名-{round_.title}{group}{mark}.xlsx"


class TrendsExporter(Exporter):
    """排名与趋势 of the union `org` (its code), read as the trends page reads it."""

    key = TRENDS_EXPORT
    label = "排名与趋势"
    action = VIEW

    def count(self, *, user: Actor, params: dict[str, str]) -> int:
        return 0

    def sheets(self, *, user: Actor, params: dict[str, str]) -> list[SheetSpec]:
        org = trend_org_get_for_user(user=user, code=params.get("org", ""))
        return trend_sheets(trend_for(org=org, user=user))

    def file_name(self, params: dict[str, str]) -> str:
        org = Org.objects.filter(code=params.get("org", "")).only("name").first()
        return f"{self.label}.xlsx" if org is None else trends_file_name(org.name, "xlsx")

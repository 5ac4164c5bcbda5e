"""ECharts option dicts for the 数据看板, built through `core.charts` and handed to the page with `json_script`
(static/js/charts.js draws them and wires the click on a child's bar to that child's page)."""

from collections.abc import Callable
from typing import Any

from gonghui.core.charts import (
    axis_chart,
    bar_series,
    category_axis,
    line_series,
    page_charts,
    pie_chart,
    value_axis,
)
from gonghui.members.choices import Employment
from gonghui.orgs.models import Org

from .selectors import AGE_BANDS, EMPLOYMENT_FIELDS, Coverage
from .selectors.overview import Ranking


def _names(coverage: Coverage) -> list[str]:
    return [row.org.short_name or row.org.name for row in coverage.children]


def _pie(title: str, data: list[tuple[str, int]]) -> dict[str, Any]:
    """A composition of the members: every slice kept, its share on the label."""
    return pie_chart(
        title, data, radius=("30%", "55%"), keep_zeros=True, name=title, label={"formatter": "{b}\n{d}%"}
    )


def members_chart(coverage: Coverage) -> dict[str, Any]:
    """职工数 and 会员数 per child, with the 入会率 line on a second axis."""
    rows = [row.figures for row in coverage.children]
    return axis_chart(
        "下级组织职工与会员",
        x_axis=category_axis(_names(coverage)),
        y_axis=[value_axis("人"), value_axis("%", max=100)],
        series=[
            bar_series("职工数", [f.headcount for f in rows]),
            bar_series("会员数", [f.members for f in rows]),
            line_series("入会率(%)", [f.join_rate for f in rows]),
        ],
    )


def rates_chart(coverage: Coverage) -> dict[str, Any]:
    """入会率 of all, of 非在编 and of 劳务派遣 workers per child."""
    rows = [row.figures for row in coverage.children]
    return axis_chart(
        "下级组织入会率",
        x_axis=category_axis(_names(coverage)),
        y_axis=value_axis("%", max=100),
        series=[
            bar_series("入会率", [f.join_rate for f in rows]),
            bar_series("非在编入会率", [f.contract_join_rate for f in rows]),
            bar_series("劳务派遣入会率", [f.dispatched_join_rate for f in rows]),
        ],
    )


def employment_chart(coverage: Coverage) -> dict[str, Any]:
    total = coverage.total
    return _pie(
        "会员用工性质构成",
        [(str(value.label), getattr(total, EMPLOYMENT_FIELDS[value])) for value in Employment],
    )


def gender_chart(coverage: Coverage) -> dict[str, Any]:
    total = coverage.total
    return _pie("会员性别构成", [("女", total.women), ("男", total.members - total.women)])


def age_chart(coverage: Coverage) -> dict[str, Any]:
    return axis_chart(
        "会员年龄结构",
        x_axis={
            "type": "category",
            "data": [label for label, _lo, _hi in AGE_BANDS],
            "axisLabel": {"interval": 0, "fontSize": 10, "rotate": 30},
        },
        y_axis={"type": "value", "name": "人"},
        series=[bar_series("会员", coverage.total.ages, label={"show": True})],
        legend=False,
    )


def unfounded_chart(coverage: Coverage) -> dict[str, Any]:
    rows = coverage.unfounded_by_category
    return axis_chart(
        "未建会单位（按单位类别）",
        x_axis={"type": "value", "minInterval": 1},
        y_axis={"type": "category", "data": [label for label, _n in rows], "inverse": True},
        series=[bar_series("未建会单位", [n for _l, n in rows], label={"show": True})],
        legend=False,
    )


def dashboard_charts(coverage: Coverage, *, child_urls: list[str]) -> dict[str, Any]:
    """Every chart of the page, and the URL behind each child's bar (the drill-down)."""
    charts: dict[str, Any] = {
        "members": members_chart(coverage),
        "rates": rates_chart(coverage),
        "employment": employment_chart(coverage),
        "gender": gender_chart(coverage),
        "ages": age_chart(coverage),
        "unfounded": unfounded_chart(coverage),
    }
    return page_charts(charts, {"members": child_urls, "rates": child_urls})


# --- 各级总览 big screen ---------------------------------------------------------------------------------------

SCREEN_BARS = 10  # the big screen ranks at most this many child unions per chart (all names legible at 18px)


def ranking_key(index: int) -> str:
    return f"ranking{index}"


def ranking_chart(ranking: Ranking) -> dict[str, Any]:
    """Child unions ranked by one figure, the first at the top, each bar labelled with its value."""
    source = ranking.source
    entries = ranking.entries[:SCREEN_BARS]
    title = f"下级组织{source.label}排行" + ("（需关注）" if not source.higher_is_better else "")
    bounds = {"rate": {"max": 100}, "count": {"minInterval": 1}}.get(source.kind, {})
    axis = value_axis(source.unit, **bounds)
    option = axis_chart(
        title,
        x_axis=axis,
        y_axis={
            "type": "category",
            "inverse": True,
            "data": [org.short_name or org.name for org, _f in entries],
            "axisLabel": {"fontSize": 18, "width": 240, "overflow": "truncate", "interval": 0},
        },
        series=[
            bar_series(
                source.label,
                [figure.number for _o, figure in entries],
                label={"show": True, "position": "right", "fontSize": 18},
            )
        ],
        legend=False,
    )
    option["title"]["textStyle"] = {"fontSize": 22}
    option["backgroundColor"] = "transparent"
    option["grid"]["right"] = 56  # room for the value label after the longest bar ("100" was cut to "1")
    option["xAxis"]["axisLabel"] = {"fontSize": 14}
    if not entries:
        option["graphic"] = [
            {
                "type": "text",
                "left": "center",
                "top": "middle",
                "style": {"text": "暂无数据", "fontSize": 22, "fill": "#a9bcd9"},
            }
        ]
    return option


def overview_screen_charts(rankings: list[Ranking], *, link: Callable[[Org], str]) -> dict[str, Any]:
    """The big screen's charts (one per ranking) and the URL behind each bar (that child's big screen)."""
    charts = {ranking_key(i): ranking_chart(r) for i, r in enumerate(rankings)}
    links = {
        ranking_key(i): [link(org) for org, _f in r.entries[:SCREEN_BARS]] for i, r in enumerate(rankings)
    }
    return page_charts(charts, links)

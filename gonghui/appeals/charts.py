"""ECharts option dicts of the 诉求统计 page (through `core.charts`; a click on a union's bar opens that union's
statistics, a click on a category's bar opens the desk filtered by it)."""

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

from .stats import AppealStats, StatsRow


def _bars(title: str, rows: list[StatsRow]) -> dict[str, Any]:
    """Cases (bars) with the overdue rate and satisfaction (lines, right axis)."""
    return axis_chart(
        title,
        x_axis=category_axis([r.label for r in rows]),
        y_axis=[value_axis("件", minInterval=1), value_axis("%", max=100)],
        series=[
            bar_series("诉求数", [r.figures.count for r in rows]),
            line_series("超期率(%)", [r.figures.overdue_rate for r in rows]),
            line_series("满意度(%)", [r.figures.satisfaction_rate for r in rows]),
        ],
    )


def _months(rows: list[StatsRow]) -> dict[str, Any]:
    """Cases (bars) and the average handling time (line, right axis) by month."""
    return axis_chart(
        "按月份",
        x_axis=category_axis([r.label for r in rows]),
        y_axis=[value_axis("件", minInterval=1), value_axis("工作日")],
        series=[
            bar_series("诉求数", [r.figures.count for r in rows]),
            line_series("平均办理用时", [r.figures.avg_handling for r in rows]),
        ],
    )


def stats_charts(stats: AppealStats, *, child_urls: list[str], category_urls: list[str]) -> dict[str, Any]:
    """{"charts": {key: option}, "links": {key: [url per bar]}} for the page's json_script."""
    total = stats.total
    charts: dict[str, Any] = {
        "categories": _bars("按类别", stats.by_category),
        "months": _months(stats.by_month),
        "channels": pie_chart("按渠道", [(r.label, r.figures.count) for r in stats.by_channel]),
        "ratings": pie_chart(
            "满意度", [("满意", total.satisfied), ("基本满意", total.fairly), ("不满意", total.unsatisfied)]
        ),
    }
    links: dict[str, list[str]] = {"categories": category_urls}
    if stats.by_org:
        charts["orgs"] = _bars("按下级工会", stats.by_org)
        links["orgs"] = child_urls
    return page_charts(charts, links)

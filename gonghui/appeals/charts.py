"""ECharts option dicts of the 诉求统计 page (drawn by the vendored echarts.min.js through static/js/charts.js;
a click on a union's bar opens that union's statistics, a click on a category's bar opens the desk filtered by it)."""

from typing import Any

from .stats import AppealStats, StatsRow

COLOURS = ["#206bc4", "#2fb344", "#f59f00", "#d63939", "#ae3ec9", "#17a2b8"]
BASE: dict[str, Any] = {"color": COLOURS, "grid": {"containLabel": True, "left": 8, "right": 8, "top": 48}}


def _title(text: str) -> dict[str, Any]:
    return {"text": text, "left": 0, "top": 0, "textStyle": {"fontSize": 14}}


def _axis(names: list[str]) -> dict[str, Any]:
    return {
        "type": "category",
        "data": names,
        "axisLabel": {
            "interval": 0,
            "rotate": 40 if len(names) > 6 else 0,
            "width": 90,
            "overflow": "truncate",
        },
    }


def _bars(title: str, rows: list[StatsRow]) -> dict[str, Any]:
    """Cases (bars) with the overdue rate and satisfaction (lines, right axis)."""
    return {
        **BASE,
        "title": _title(title),
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0, "right": 0, "data": ["诉求数", "超期率(%)", "满意度(%)"]},
        "xAxis": _axis([r.label for r in rows]),
        "yAxis": [
            {"type": "value", "name": "件", "minInterval": 1},
            {"type": "value", "name": "%", "max": 100},
        ],
        "series": [
            {"name": "诉求数", "type": "bar", "data": [r.figures.count for r in rows]},
            {
                "name": "超期率(%)",
                "type": "line",
                "yAxisIndex": 1,
                "data": [r.figures.overdue_rate for r in rows],
            },
            {
                "name": "满意度(%)",
                "type": "line",
                "yAxisIndex": 1,
                "data": [r.figures.satisfaction_rate for r in rows],
            },
        ],
    }


def _pie(title: str, data: list[tuple[str, int]]) -> dict[str, Any]:
    return {
        **BASE,
        "title": _title(title),
        "tooltip": {"trigger": "item", "formatter": "{b}：{c}（{d}%）"},
        "legend": {"bottom": 0},
        "series": [
            {
                "type": "pie",
                "radius": ["35%", "60%"],
                "data": [{"name": n, "value": v} for n, v in data if v],
            }
        ],
    }


def stats_charts(stats: AppealStats, *, child_urls: list[str], category_urls: list[str]) -> dict[str, Any]:
    """{"charts": {key: option}, "links": {key: [url per bar]}} for the page's json_script."""
    months = {
        **BASE,
        "title": _title("按月份"),
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0, "right": 0, "data": ["诉求数", "平均办理用时"]},
        "xAxis": _axis([r.label for r in stats.by_month]),
        "yAxis": [{"type": "value", "name": "件", "minInterval": 1}, {"type": "value", "name": "工作日"}],
        "series": [
            {"name": "诉求数", "type": "bar", "data": [r.figures.count for r in stats.by_month]},
            {
                "name": "平均办理用时",
                "type": "line",
                "yAxisIndex": 1,
                "data": [r.figures.avg_handling for r in stats.by_month],
            },
        ],
    }
    total = stats.total
    charts: dict[str, Any] = {
        "categories": _bars("按类别", stats.by_category),
        "months": months,
        "channels": _pie("按渠道", [(r.label, r.figures.count) for r in stats.by_channel]),
        "ratings": _pie(
            "满意度", [("满意", total.satisfied), ("基本满意", total.fairly), ("不满意", total.unsatisfied)]
        ),
    }
    links: dict[str, list[str]] = {"categories": category_urls}
    if stats.by_org:
        charts["orgs"] = _bars("按下级工会", stats.by_org)
        links["orgs"] = child_urls
    return {"charts": charts, "links": links}

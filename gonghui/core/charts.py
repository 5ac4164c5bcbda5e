"""ECharts option dicts of the statistics pages (数据看板, 诉求统计, 法律服务统计), built in Python and handed to the
page with `json_script` as `{"charts": {key: option}, "links": {key: [url per bar]}}` (`page_charts`). The vendored
echarts.min.js draws them through static/js/charts.js, which opens a bar's link when it is clicked (the
drill-down). No domain here: each app's `charts.py` turns its figures into names and numbers and calls these."""

from collections.abc import Iterable, Sequence
from typing import Any

COLOURS = ["#206bc4", "#2fb344", "#f59f00", "#d63939", "#ae3ec9", "#17a2b8"]
# top: room for the title (left) and the legend (right) above the plot
GRID: dict[str, Any] = {"containLabel": True, "left": 8, "right": 8, "top": 48}
CROWDED = 6  # more category labels than this are turned so that they do not overlap


def chart_title(text: str) -> dict[str, Any]:
    return {"text": text, "left": 0, "top": 0, "textStyle": {"fontSize": 14}}


def category_axis(names: Sequence[str]) -> dict[str, Any]:
    """A category axis with every label shown, cut at 90 px and turned 40° when crowded."""
    return {
        "type": "category",
        "data": list(names),
        "axisLabel": {
            "interval": 0,
            "rotate": 40 if len(names) > CROWDED else 0,
            "width": 90,
            "overflow": "truncate",
        },
    }


def value_axis(name: str, **options: Any) -> dict[str, Any]:
    """A value axis named by its unit (件, 人, %, 元); `options` such as minInterval=1 or max=100."""
    return {"type": "value", "name": name, **options}


def bar_series(name: str, data: Iterable[Any], **options: Any) -> dict[str, Any]:
    return {"name": name, "type": "bar", "data": list(data), **options}


def line_series(name: str, data: Iterable[Any]) -> dict[str, Any]:
    """A line on the second (right) value axis: a rate or an amount beside the counts."""
    return {"name": name, "type": "line", "yAxisIndex": 1, "data": list(data)}


def _base(title: str) -> dict[str, Any]:
    return {"color": COLOURS, "grid": dict(GRID), "title": chart_title(title)}


def axis_chart(
    title: str,
    *,
    x_axis: dict[str, Any],
    y_axis: dict[str, Any] | list[dict[str, Any]],
    series: list[dict[str, Any]],
    legend: bool = True,
) -> dict[str, Any]:
    """Bars and lines on axes, the tooltip on the whole column; the legend (top right) lists the series."""
    option = {**_base(title), "tooltip": {"trigger": "axis"}}
    if legend:
        option["legend"] = {"top": 0, "right": 0, "data": [s["name"] for s in series]}
    return {**option, "xAxis": x_axis, "yAxis": y_axis, "series": series}


def pie_chart(
    title: str,
    data: Iterable[tuple[str, int]],
    *,
    radius: tuple[str, str] = ("35%", "60%"),
    keep_zeros: bool = False,
    **series_options: Any,
) -> dict[str, Any]:
    """A ring of (name, value) slices with the legend below; empty slices are left out unless `keep_zeros`."""
    slices = [{"name": name, "value": value} for name, value in data if value or keep_zeros]
    return {
        **_base(title),
        "tooltip": {"trigger": "item", "formatter": "{b}：{c}（{d}%）"},
        "legend": {"bottom": 0},
        "series": [{"type": "pie", "radius": list(radius), **series_options, "data": slices}],
    }


def page_charts(charts: dict[str, Any], links: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """What the page's `json_script` carries: every chart by key, and the URL behind each bar of the charts
    that drill down."""
    return {"charts": charts, "links": links or {}}

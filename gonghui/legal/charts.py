"""ECharts option dicts of the 法律服务统计 page (drawn by the vendored echarts.min.js through static/js/charts.js; a
click on a child union's bar opens that union's statistics — the drill-down)."""

from decimal import Decimal
from typing import Any

from .choices import AidOutcome, AidStatus, ConsultationStatus
from .selectors import LegalRow, LegalStatistics

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


def _yuan(value: Decimal) -> float:
    return float(value)


def _cases(title: str, rows: list[LegalRow]) -> dict[str, Any]:
    """Consultations and applications (bars) with the amount recovered (line, right axis)."""
    return {
        **BASE,
        "title": _title(title),
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0, "right": 0, "data": ["法律咨询", "援助申请", "挽回金额(元)"]},
        "xAxis": _axis([r.label for r in rows]),
        "yAxis": [{"type": "value", "name": "件", "minInterval": 1}, {"type": "value", "name": "元"}],
        "series": [
            {"name": "法律咨询", "type": "bar", "data": [r.figures.consultations for r in rows]},
            {"name": "援助申请", "type": "bar", "data": [r.figures.applications for r in rows]},
            {
                "name": "挽回金额(元)",
                "type": "line",
                "yAxisIndex": 1,
                "data": [_yuan(r.figures.amount_recovered) for r in rows],
            },
        ],
    }


def _amounts(title: str, rows: list[LegalRow]) -> dict[str, Any]:
    return {
        **BASE,
        "title": _title(title),
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0, "right": 0, "data": ["涉及金额", "挽回金额"]},
        "xAxis": _axis([r.label for r in rows]),
        "yAxis": {"type": "value", "name": "元"},
        "series": [
            {"name": "涉及金额", "type": "bar", "data": [_yuan(r.figures.amount_involved) for r in rows]},
            {"name": "挽回金额", "type": "bar", "data": [_yuan(r.figures.amount_recovered) for r in rows]},
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


def stats_charts(stats: LegalStatistics, *, child_urls: list[str]) -> dict[str, Any]:
    """{"charts": {key: option}, "links": {key: [url per bar]}} for the page's json_script."""
    charts: dict[str, Any] = {
        "consultation_states": _pie(
            "法律咨询状态",
            [(str(label), stats.consultations_by_status[v]) for v, label in ConsultationStatus.choices],
        ),
        "application_states": _pie(
            "援助申请状态", [(str(label), stats.applications_by_status[v]) for v, label in AidStatus.choices]
        ),
        "outcomes": _pie("办理结果", [(str(label), stats.outcomes[v]) for v, label in AidOutcome.choices]),
        "months": _cases("按月份", stats.by_month),
        "amounts": _amounts("涉及与挽回金额（按月份）", stats.by_month),
    }
    links: dict[str, list[str]] = {}
    if stats.by_org:
        charts["orgs"] = _cases("按下级工会（点击查看）", stats.by_org)
        charts["org_amounts"] = _amounts("挽回金额（按下级工会）", stats.by_org)
        links["orgs"] = child_urls
        links["org_amounts"] = child_urls
    return {"charts": charts, "links": links}

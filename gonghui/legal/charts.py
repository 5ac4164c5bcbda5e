"""ECharts option dicts of the 法律服务统计 page (through `core.charts`; a click on a child union's bar opens that
union's statistics — the drill-down)."""

from decimal import Decimal
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

from .choices import AidOutcome, AidStatus, ConsultationStatus
from .selectors import LegalRow, LegalStatistics


def _yuan(value: Decimal) -> float:
    return float(value)


def _cases(title: str, rows: list[LegalRow]) -> dict[str, Any]:
    """Consultations and applications (bars) with the amount recovered (line, right axis)."""
    return axis_chart(
        title,
        x_axis=category_axis([r.label for r in rows]),
        y_axis=[value_axis("件", minInterval=1), value_axis("元")],
        series=[
            bar_series("法律咨询", [r.figures.consultations for r in rows]),
            bar_series("援助申请", [r.figures.applications for r in rows]),
            line_series("挽回金额(元)", [_yuan(r.figures.amount_recovered) for r in rows]),
        ],
    )


def _amounts(title: str, rows: list[LegalRow]) -> dict[str, Any]:
    return axis_chart(
        title,
        x_axis=category_axis([r.label for r in rows]),
        y_axis=value_axis("元"),
        series=[
            bar_series("涉及金额", [_yuan(r.figures.amount_involved) for r in rows]),
            bar_series("挽回金额", [_yuan(r.figures.amount_recovered) for r in rows]),
        ],
    )


def stats_charts(stats: LegalStatistics, *, child_urls: list[str]) -> dict[str, Any]:
    """{"charts": {key: option}, "links": {key: [url per bar]}} for the page's json_script."""
    charts: dict[str, Any] = {
        "consultation_states": pie_chart(
            "法律咨询状态",
            [(str(label), stats.consultations_by_status[v]) for v, label in ConsultationStatus.choices],
        ),
        "application_states": pie_chart(
            "援助申请状态", [(str(label), stats.applications_by_status[v]) for v, label in AidStatus.choices]
        ),
        "outcomes": pie_chart(
            "办理结果", [(str(label), stats.outcomes[v]) for v, label in AidOutcome.choices]
        ),
        "months": _cases("按月份", stats.by_month),
        "amounts": _amounts("涉及与挽回金额（按月份）", stats.by_month),
    }
    links: dict[str, list[str]] = {}
    if stats.by_org:
        charts["orgs"] = _cases("按下级工会（点击查看）", stats.by_org)
        charts["org_amounts"] = _amounts("挽回金额（按下级工会）", stats.by_org)
        links["orgs"] = child_urls
        links["org_amounts"] = child_urls
    return page_charts(charts, links)

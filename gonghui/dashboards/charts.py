"""ECharts option dicts for the 数据看板, built in Python and handed to the page with `json_script`
(the vendored static/vendor/echarts/echarts.min.js draws them; static/js/charts.js wires
the click on a child's bar to that child's page)."""

from typing import Any

from gonghui.members.choices import Employment

from .selectors import AGE_BANDS, EMPLOYMENT_FIELDS, Coverage

COLOURS = ["#206bc4", "#2fb344", "#f59f00", "#d63939", "#ae3ec9", "#17a2b8"]
BASE: dict[str, Any] = {
    "color": COLOURS,
    "tooltip": {},
    "grid": {"containLabel": True, "left": 8, "right": 8},
}


def _names(coverage: Coverage) -> list[str]:
    return [row.org.short_name or row.org.name for row in coverage.children]


def _category_axis(names: list[str]) -> dict[str, Any]:
    crowded = len(names) > 6
    return {
        "type": "category",
        "data": names,
        "axisLabel": {"interval": 0, "rotate": 40 if crowded else 0, "width": 90, "overflow": "truncate"},
    }


def _title(text: str) -> dict[str, Any]:
    return {"text": text, "left": 0, "top": 0, "textStyle": {"fontSize": 14}}


def members_chart(coverage: Coverage) -> dict[str, Any]:
    """职工数 and 会员数 per child, with the 入会率 line on a second axis."""
    rows = [row.figures for row in coverage.children]
    return {
        **BASE,
        "title": _title("下级组织职工与会员"),
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0, "right": 0, "data": ["职工数", "会员数", "入会率(%)"]},
        "grid": {**BASE["grid"], "top": 48},
        "xAxis": _category_axis(_names(coverage)),
        "yAxis": [{"type": "value", "name": "人"}, {"type": "value", "name": "%", "max": 100}],
        "series": [
            {"name": "职工数", "type": "bar", "data": [f.headcount for f in rows]},
            {"name": "会员数", "type": "bar", "data": [f.members for f in rows]},
            {"name": "入会率(%)", "type": "line", "yAxisIndex": 1, "data": [f.join_rate for f in rows]},
        ],
    }


def rates_chart(coverage: Coverage) -> dict[str, Any]:
    """入会率 of all, of 非在编 and of 劳务派遣 workers per child."""
    rows = [row.figures for row in coverage.children]
    return {
        **BASE,
        "title": _title("下级组织入会率"),
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0, "right": 0, "data": ["入会率", "非在编入会率", "劳务派遣入会率"]},
        "grid": {**BASE["grid"], "top": 48},
        "xAxis": _category_axis(_names(coverage)),
        "yAxis": {"type": "value", "name": "%", "max": 100},
        "series": [
            {"name": "入会率", "type": "bar", "data": [f.join_rate for f in rows]},
            {"name": "非在编入会率", "type": "bar", "data": [f.contract_join_rate for f in rows]},
            {"name": "劳务派遣入会率", "type": "bar", "data": [f.dispatched_join_rate for f in rows]},
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
                "name": title,
                "type": "pie",
                "radius": ["30%", "55%"],
                "label": {"formatter": "{b}\n{d}%"},
                "data": [{"name": name, "value": value} for name, value in data],
            }
        ],
    }


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
    return {
        **BASE,
        "title": _title("会员年龄结构"),
        "tooltip": {"trigger": "axis"},
        "grid": {**BASE["grid"], "top": 48},
        "xAxis": {
            "type": "category",
            "data": [label for label, _lo, _hi in AGE_BANDS],
            "axisLabel": {"interval": 0, "fontSize": 10, "rotate": 30},
        },
        "yAxis": {"type": "value", "name": "人"},
        "series": [{"name": "会员", "type": "bar", "data": coverage.total.ages, "label": {"show": True}}],
    }


def unfounded_chart(coverage: Coverage) -> dict[str, Any]:
    rows = coverage.unfounded_by_category
    return {
        **BASE,
        "title": _title("未建会单位（按单位类别）"),
        "tooltip": {"trigger": "axis"},
        "grid": {**BASE["grid"], "top": 48},
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {"type": "category", "data": [label for label, _n in rows], "inverse": True},
        "series": [
            {"name": "未建会单位", "type": "bar", "data": [n for _l, n in rows], "label": {"show": True}}
        ],
    }


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
    return {"charts": charts, "links": {"members": child_urls, "rates": child_urls}}

"""The chart helpers every statistics page builds its ECharts options with: axes, series, the two chart shapes
and the page payload static/js/charts.js reads; and the statistics-page scaffold's links (core.statistics)."""

import json
from types import SimpleNamespace

from gonghui.core.charts import (
    COLOURS,
    axis_chart,
    bar_series,
    category_axis,
    chart_title,
    line_series,
    page_charts,
    pie_chart,
    value_axis,
)
from gonghui.core.statistics import drill_url, statistics_context


def test_category_axis_turns_its_labels_only_when_crowded():
    few = category_axis(["甲", "乙"])
    many = category_axis([str(i) for i in range(7)])

    assert few == {
        "type": "category",
        "data": ["甲", "乙"],
        "axisLabel": {"interval": 0, "rotate": 0, "width": 90, "overflow": "truncate"},
    }
    assert many["axisLabel"]["rotate"] == 40
    assert category_axis([str(i) for i in range(6)])["axisLabel"]["rotate"] == 0


def test_series_and_value_axes():
    assert bar_series("件数", (n for n in (1, 2))) == {"name": "件数", "type": "bar", "data": [1, 2]}
    assert bar_series("会员", [3], label={"show": True})["label"] == {"show": True}
    assert line_series("满意度(%)", [50.0, None]) == {
        "name": "满意度(%)",
        "type": "line",
        "yAxisIndex": 1,
        "data": [50.0, None],
    }
    assert value_axis("%", max=100) == {"type": "value", "name": "%", "max": 100}


def test_axis_chart_has_the_title_the_column_tooltip_and_a_legend_of_its_series():
    option = axis_chart(
        "按月份",
        x_axis=category_axis(["1月", "2月"]),
        y_axis=[value_axis("件", minInterval=1), value_axis("%")],
        series=[bar_series("诉求数", [3, 4]), line_series("超期率(%)", [0.0, 25.0])],
    )

    assert option["color"] == COLOURS
    assert option["grid"] == {"containLabel": True, "left": 8, "right": 8, "top": 48}
    assert (
        option["title"]
        == chart_title("按月份")
        == {
            "text": "按月份",
            "left": 0,
            "top": 0,
            "textStyle": {"fontSize": 14},
        }
    )
    assert option["tooltip"] == {"trigger": "axis"}
    assert option["legend"] == {"top": 0, "right": 0, "data": ["诉求数", "超期率(%)"]}
    assert [s["data"] for s in option["series"]] == [[3, 4], [0.0, 25.0]]
    assert "legend" not in axis_chart(
        "年龄", x_axis={}, y_axis={}, series=[bar_series("会员", [1])], legend=False
    )


def test_axis_charts_do_not_share_their_grid():
    first = axis_chart("甲", x_axis={}, y_axis={}, series=[])
    first["grid"]["top"] = 0

    assert axis_chart("乙", x_axis={}, y_axis={}, series=[])["grid"]["top"] == 48


def test_pie_leaves_out_empty_slices_unless_told_to_keep_them():
    data = [("满意", 2), ("不满意", 0)]

    ring = pie_chart("满意度", data)
    kept = pie_chart("性别", data, radius=("30%", "55%"), keep_zeros=True, name="性别")

    assert ring["tooltip"] == {"trigger": "item", "formatter": "{b}：{c}（{d}%）"}
    assert ring["legend"] == {"bottom": 0}
    assert ring["series"] == [
        {"type": "pie", "radius": ["35%", "60%"], "data": [{"name": "满意", "value": 2}]}
    ]
    assert kept["series"] == [
        {
            "type": "pie",
            "radius": ["30%", "55%"],
            "name": "性别",
            "data": [{"name": "满意", "value": 2}, {"name": "不满意", "value": 0}],
        }
    ]


def test_page_payload_is_json_with_charts_and_links():
    payload = page_charts({"orgs": pie_chart("甲", [("乙", 1)])}, {"orgs": ["/stats/?org=A"]})

    assert json.loads(json.dumps(payload, ensure_ascii=False))["links"] == {"orgs": ["/stats/?org=A"]}
    assert page_charts({})["links"] == {}


# --- the statistics-page scaffold's view half (core.statistics) ------------------------------------------


def test_statistics_context_links_children_ancestors_and_the_export_with_the_filters():
    root = SimpleNamespace(code="CX", name="甲县")
    city = SimpleNamespace(code="CITY", name="市")
    children = [SimpleNamespace(key="ORGA"), SimpleNamespace(key="ORGB")]

    page = statistics_context(
        title="法律服务统计",
        url="/legal/statistics/",
        export_url="/legal/statistics/export/",
        query={"year": 2025, "period": "h1"},
        root=root,
        ancestors=[city],
        children=children,
    )

    assert page["page_title"] == "法律服务统计"
    assert page["root"] is root
    assert page["home_url"] == "/legal/statistics/?year=2025&period=h1"
    assert page["crumbs"] == [(city, "/legal/statistics/?year=2025&period=h1&org=CITY")]
    assert page["child_urls"] == [
        "/legal/statistics/?year=2025&period=h1&org=ORGA",
        "/legal/statistics/?year=2025&period=h1&org=ORGB",
    ]
    assert page["org_rows"] == list(zip(children, page["child_urls"], strict=True))
    assert page["export_action"] == "/legal/statistics/export/?year=2025&period=h1&org=CX"


def test_the_export_may_keep_more_filters_than_the_drill_down():
    page = statistics_context(
        title="诉求统计",
        url="/appeals/stats/",
        export_url="/appeals/stats/export/",
        query={"start": "2026-01-01"},
        export_query={"start": "2026-01-01", "channel": "portal"},
        root=SimpleNamespace(code="CITY"),
        ancestors=[],
        children=[],
    )

    assert page["export_action"] == "/appeals/stats/export/?start=2026-01-01&channel=portal&org=CITY"
    assert page["org_rows"] == []
    assert (
        drill_url("/appeals/stats/", {"start": "2026-01-01"}, "A") == "/appeals/stats/?start=2026-01-01&org=A"
    )

"""Excel templates: the header row, the check of a filled copy against it, the totals and the aggregate."""

import pytest
from django.core.exceptions import ValidationError

from gonghui.core.excel import read_rows, workbook_bytes
from gonghui.reports.sheets import (
    AggregateColumn,
    AggregateRow,
    aggregate_sheet,
    filled_sheet_read,
    template_headers_read,
)

from .factories import HEADERS, xlsx_bytes


def test_template_header_row_is_found_below_a_title():
    assert template_headers_read(xlsx_bytes([["2020年统计表"], HEADERS])) == HEADERS


def test_template_without_header_or_with_duplicates_is_refused():
    with pytest.raises(ValidationError, match="没有表头"):
        template_headers_read(xlsx_bytes([[]]))
    with pytest.raises(ValidationError, match="重复的列：人数"):
        template_headers_read(xlsx_bytes([["人数", "人数"]]))
    with pytest.raises(ValidationError, match="无法读取"):
        template_headers_read(b"not a workbook")


def test_filled_copy_is_totalled_by_numeric_column():
    content = xlsx_bytes(
        [
            ["2020年统计表"],
            HEADERS,
            ["一校", 120, "110", "无"],
            ["二校", 80.5, 70, ""],
            ["合计", 200.5, 180, None],
        ]
    )
    sheet = filled_sheet_read(HEADERS, content)
    assert sheet.rows == 2
    assert sheet.totals == {"教职工人数": 200.5, "会员人数": 180}


def test_filled_copy_with_other_columns_names_them():
    content = xlsx_bytes([["单位", "教职工人数", "女职工人数", "备注"], ["一校", 1, 2, ""]])
    with pytest.raises(ValidationError) as caught:
        filled_sheet_read(HEADERS, content)
    message = caught.value.message_dict["filled"][0]
    assert "缺少列“会员人数”" in message
    assert "多出列“女职工人数”" in message


def test_aggregate_workbook_says_which_figures_are_summed():
    content = workbook_bytes(
        [
            aggregate_sheet(
                title="测试",
                columns=[AggregateColumn(key="f1", label="教职工人数")],
                rows=[
                    AggregateRow("市工会", "CITY", "市级", 0, "（非报送对象）", None, False, {}, {"f1": 30}),
                    AggregateRow("一校", "A", "基层", 1, "已报送", None, True, {"f1": 30}, {"f1": 30}),
                ],
            )
        ]
    )
    rows = read_rows(content)
    assert rows[0][0] == "测试"  # the title line, then the note saying what is summed
    assert rows[1][0].startswith("每个组织一行，按组织层级排列")
    assert "“本级”（该组织自己的报送）" in rows[1][0]
    assert rows[2][6:8] == ["教职工人数（本级）", "教职工人数（本级及下级合计）"]
    assert rows[3][0] == "市工会"
    assert rows[3][7] == 30
    assert rows[4][0] == "　一校"
    assert rows[4][5] == "是"

"""Cell normalisation in core.excel: the text of any cell (full-width, floats, spaces), dates in the forms
people type or Excel stores, and the empty-row check of read_records."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.excel import (
    Column,
    RowError,
    SheetSpec,
    cell_date,
    cell_text,
    clean_text,
    error_rows_workbook,
    raw_text,
    read_records,
    read_rows,
    squash_spaces,
    starts_like_formula,
    workbook_bytes,
)

ASCII_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c in ASCII_ALNUM else c for c in text)


@given(st.text(alphabet=ASCII_ALNUM, min_size=1))
def test_full_width_letters_and_digits_read_as_half_width(text):
    assert cell_text(full_width(text)) == text


@given(st.integers(min_value=-(10**15) + 1, max_value=10**15 - 1))
def test_integral_floats_lose_their_decimal_point(number):
    assert cell_text(float(number)) == str(number)
    assert cell_text(number) == str(number)


@given(
    st.text(alphabet=ASCII_ALNUM + "张三李四", min_size=1),
    st.text(alphabet=" \t\u3000\n", max_size=4),
    st.text(alphabet=" \t\u3000\n", max_size=4),
)
def test_surrounding_spaces_of_any_kind_are_dropped(text, before, after):
    assert cell_text(before + text + after) == text
    assert clean_text(before + full_width(text) + after) == text


@given(
    st.lists(st.sampled_from(["张", "三", "李", "四", "阿依古丽", "·"]), min_size=1, max_size=6), st.data()
)
def test_spaces_between_chinese_characters_are_removed(parts, data):
    spaced = "".join(part + data.draw(st.sampled_from(["", " ", "  ", "\u3000"])) for part in parts)
    assert clean_text(spaced) == "".join(parts)


@given(st.lists(st.text(alphabet="abcXYZ", min_size=1, max_size=5), min_size=1, max_size=4))
def test_runs_of_spaces_between_latin_words_become_one(words):
    assert squash_spaces("  " + "   ".join(words) + " ") == " ".join(words)


@given(st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2099, 12, 31)))
def test_dates_read_the_same_in_every_form_people_type(day):
    serial = (day - dt.date(1899, 12, 30)).days
    forms = [
        day,
        dt.datetime.combine(day, dt.time()),
        f"{day.year}.{day.month}.{day.day}",
        f"{day:%Y/%m/%d}",
        f"{day:%Y%m%d}",
        float(f"{day:%Y%m%d}"),
        f"{day.year}年{day.month}月{day.day}日",
        f" {day.year} 年 {day.month} 月 {day.day} 日 ",
        full_width(f"{day.year}.{day.month}.{day.day}").replace(".", "．"),
        float(serial),
        str(serial) if serial >= 10000 else float(serial),
        f"{day:%Y-%m-%d} 08:30",
    ]
    assert {cell_date(form) for form in forms} == {day}


@pytest.mark.parametrize("value", [None, "", "   ", "\u3000"])
def test_blank_cells_have_no_date(value):
    assert cell_date(value) is None


@pytest.mark.parametrize(
    "value", ["去年", "2020-02-30", "2020.13.1", "2020年3月", "123", 5.0, -3.0, True, "2020-3", "20201340"]
)
def test_unreadable_dates_raise(value):
    with pytest.raises(ValueError):  # noqa: PT011 - any ValueError; the importer words the message
        cell_date(value)


def test_raw_text_keeps_what_the_file_held():
    assert [raw_text(v) for v in (None, 13800000000.0, " a ", dt.date(2020, 3, 1), 7)] == [
        "",
        "13800000000.0",
        " a ",
        "2020-03-01",
        "7",
    ]


@pytest.mark.parametrize(
    ("text", "expected"), [("=1+1", True), ("+86", True), ("-1", True), ("@x", True), ("张三", False)]
)
def test_starts_like_formula(text, expected):
    assert starts_like_formula(text) is expected


def test_read_records_skips_rows_of_blanks_and_invisible_characters():
    content = workbook_bytes(
        [SheetSpec("表", ["姓名", "备注"], [["张三", ""], ["", "   "], ["\u200b", None], ["", "有备注"]])]
    )
    sheet = read_records(content, [Column("name", "姓名", required=True), Column("note", "备注")])
    assert [(number, record["name"], record["note"]) for number, record in sheet.records] == [
        (2, "张三", ""),
        (5, "", "有备注"),
    ]


def test_read_records_lists_the_headers_no_column_reads_in_file_order():
    content = workbook_bytes(
        [
            SheetSpec(
                "表",
                ["备注", "姓名", "工作单位/部门", "", "姓名", "错误说明"],
                [["x", "张三", "语文组", "", "李四", "y"]],
            )
        ]
    )
    sheet = read_records(content, [Column("name", "姓名", required=True), Column("unit", "工作单位")])
    assert sheet.unused == ["备注", "工作单位/部门", "姓名"]  # a repeated column is not read either
    assert sheet.records == [(2, {"name": "张三"})]


def test_the_error_rows_workbook_keeps_the_rows_as_uploaded_and_replaces_an_earlier_explanation():
    rows: list[list[object]] = [
        ["会员名册", "", ""],
        ["姓名", "身份证号", "错误说明"],
        ["张三", "=1+1", "旧的说明"],
        ["李四", 410811.0, ""],
        ["王五", dt.date(2020, 3, 1), ""],
    ]
    errors = [
        RowError(5, "身份证号", "格式不对"),
        RowError(3, "身份证号", "不能以 = 开头"),
        RowError(5, "姓名", "重名"),
    ]
    content = error_rows_workbook(rows, 1, errors)
    assert read_rows(content) == [
        ["姓名", "身份证号", "错误说明"],
        ["张三", "=1+1", "原第 3 行 · 身份证号：不能以 = 开头"],
        ["王五", dt.date(2020, 3, 1), "原第 5 行 · 身份证号：格式不对；姓名：重名"],
    ]
    assert read_rows(content, sheet="问题清单")[1:] == [
        [5.0, "身份证号", "格式不对"],
        [3.0, "身份证号", "不能以 = 开头"],
        [5.0, "姓名", "重名"],
    ]

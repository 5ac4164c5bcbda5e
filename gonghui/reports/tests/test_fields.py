"""The field definitions (builder rows and the older lines notation) and the checking of filled-in values."""

import pytest
from django.core.exceptions import ValidationError

from gonghui.reports.fields import (
    field_lines_parse,
    field_values_clean,
    fields_as_rows,
    fields_from_rows,
    fields_validate,
)

from .factories import FIELDS


def test_lines_become_definitions_and_rows_give_them_back():
    # when
    definitions = field_lines_parse(FIELDS + "\n\n填报日期｜日期｜必填")
    # then
    assert [(d["key"], d["label"], d["type"], d["required"]) for d in definitions] == [
        ("f1", "教职工人数", "number", True),
        ("f2", "活动形式", "choice", False),
        ("f3", "说明", "text", False),
        ("f4", "佐证材料", "file", False),
        ("f5", "填报日期", "date", True),
    ]
    assert definitions[1]["choices"] == ["线上", "线下"]
    assert definitions[2]["multiline"] is False
    assert field_lines_parse("总结 | 多行文本")[0]["multiline"] is True
    assert fields_from_rows(fields_as_rows(definitions)) == definitions


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("人数 | 整数", "第1行：类型“整数”无效"),
        ("人数 | 数字 | 可能", "第1行：第三项应为“必填”或“选填”"),
        ("形式 | 选项 | 必填 | 线上", "第1行：选项字段“形式”至少要有两个选项"),
        ("人数 | 数字\n人数 | 文本", "字段名称“人数”重复"),
        ("人数 | 数字 | 必填 | 一、二", "只有选项字段可以列出选项"),
    ],
)
def test_bad_lines_name_the_line_and_the_problem(text, message):
    with pytest.raises(ValidationError) as caught:
        field_lines_parse(text)
    assert any(message in m for m in caught.value.message_dict["fields"])


def test_lines_can_carry_a_cross_field_check():
    definitions = field_lines_parse("职工数 | 数字 | 必填\n会员数 | 数字 | 必填 | | 不大于 职工数")
    assert definitions[1]["max_field"] == "f1"
    with pytest.raises(ValidationError) as caught:
        field_lines_parse(
            "职工数 | 数字\n会员数 | 数字 | 必填 | | 少于 职工数\n女会员 | 数字 | 选填 | | 不大于 女职工"
        )
    assert caught.value.message_dict["fields"] == [
        "第2行：第五项应为“不大于 字段名称”或“不小于 字段名称”，而不是“少于 职工数”",
        "第3行：没有名为“女职工”的字段",
    ]
    with pytest.raises(ValidationError, match="第2个字段：“人数”不小于的字段不存在或不是数字字段"):
        field_lines_parse("说明 | 文本\n人数 | 数字 | 必填 | | 不小于 说明")


def test_definitions_from_json_are_checked():
    with pytest.raises(ValidationError, match="类型无效"):
        fields_validate([{"key": "f1", "label": "人数", "type": "integer"}])


def test_values_are_checked_with_the_field_named():
    definitions = field_lines_parse(FIELDS + "\n填报日期 | 日期 | 选填\n佐证 | 文件 | 必填")
    # when
    with pytest.raises(ValidationError) as caught:
        field_values_clean(
            definitions, {"f1": "约三百", "f2": "电话", "f5": "2020-13-01"}, files_present=set()
        )
    # then
    assert caught.value.message_dict == {
        "f1": ["“教职工人数”须填写数字，“约三百”不是数字"],
        "f2": ["“活动形式”须从 线上、线下 中选择"],
        "f5": ["“填报日期”须填写日期（如 2020-03-01），“2020-13-01”不是日期"],
        "f6": ["请上传“佐证”"],
    }


def test_values_are_normalised():
    definitions = field_lines_parse(FIELDS + "\n填报日期 | 日期 | 选填")
    values = field_values_clean(
        definitions,
        {"f1": "１,２３４", "f2": "线上", "f3": "  好 ", "f5": "2020年3月1日"},
        files_present=set(),
    )
    assert values == {"f1": 1234, "f2": "线上", "f3": "好", "f5": "2020-03-01"}
    assert field_values_clean(definitions, {"f1": "12.5"}, files_present=set()) == {"f1": 12.5}
    with pytest.raises(ValidationError, match="请填写“教职工人数”"):
        field_values_clean(definitions, {"f1": " "}, files_present=set())

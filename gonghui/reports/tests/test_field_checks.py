"""Cross-field checks of number fields (会员数 不大于 职工数): declared in the builder, checked when the task is
saved, reported on the declaring field when a submission breaks them; and short versus long text fields."""

import pytest
from django.core.exceptions import ValidationError

from gonghui.reports.fields import field_values_clean, fields_from_rows, fields_validate


def _rows():
    return [
        {"label": "职工数", "type": "number", "required": True},
        {"label": "会员数", "type": "number", "required": True, "compare": "max", "compare_field": "职工数"},
        {"label": "女会员数", "type": "number", "compare": "max", "compare_field": "会员数"},
        {"label": "已建会单位数", "type": "number", "compare": "min", "compare_field": "女会员数"},
    ]


def test_a_check_is_stored_as_the_other_fields_key():
    definitions = fields_from_rows(_rows())
    assert definitions[1] == {
        "key": "f2",
        "label": "会员数",
        "type": "number",
        "required": True,
        "choices": [],
        "max_field": "f1",
    }
    assert definitions[3]["min_field"] == "f3"
    assert "max_field" not in definitions[0]


def test_a_broken_check_is_reported_on_the_declaring_field_with_the_other_value():
    definitions = fields_from_rows(_rows())
    with pytest.raises(ValidationError) as caught:
        field_values_clean(
            definitions, {"f1": "120", "f2": "130", "f3": "10", "f4": "3"}, files_present=set()
        )
    assert caught.value.message_dict == {
        "f2": ["会员数不能大于职工数（120）"],
        "f4": ["已建会单位数不能小于女会员数（10）"],
    }


def test_equal_values_and_empty_ones_pass():
    definitions = fields_from_rows(_rows())
    values = field_values_clean(
        definitions, {"f1": "120", "f2": "120", "f3": "", "f4": "0"}, files_present=set()
    )
    assert values == {"f1": 120, "f2": 120, "f4": 0}


def test_a_wrong_other_value_is_reported_once_on_its_own_field():
    definitions = fields_from_rows(_rows())
    with pytest.raises(ValidationError) as caught:
        field_values_clean(definitions, {"f1": "很多", "f2": "130"}, files_present=set())
    assert caught.value.message_dict == {"f1": ["“职工数”须填写数字，“很多”不是数字"]}


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [{"label": "人数", "type": "number", "compare": "max", "compare_field": "人数"}],
            "第1个字段：“人数”不能与自身比较",
        ),
        (
            [
                {"label": "说明", "type": "text"},
                {"label": "人数", "type": "number", "compare": "max", "compare_field": "说明"},
            ],
            "第2个字段：“说明”不是数字字段，不能比较大小",
        ),
        (
            [{"label": "人数", "type": "number", "compare": "min", "compare_field": "职工数"}],
            "第1个字段：没有名为“职工数”的字段",
        ),
        ([{"label": "人数", "type": "number", "compare": "max"}], "第1个字段：请选择“不大于”哪个字段"),
        (
            [
                {"label": "职工数", "type": "number"},
                {"label": "说明", "type": "text", "compare": "max", "compare_field": "职工数"},
            ],
            "第2个字段：只有数字字段可以设置“不大于”检查",
        ),
    ],
)
def test_a_check_must_name_another_number_field(rows, message):
    with pytest.raises(ValidationError) as caught:
        fields_from_rows(rows)
    assert message in caught.value.messages


@pytest.mark.parametrize(
    ("definition", "message"),
    [
        ({"key": "f1", "label": "人数", "type": "number", "max_field": "f1"}, "不能与自身比较"),
        ({"key": "f1", "label": "人数", "type": "number", "max_field": "f9"}, "不存在或不是数字字段"),
        ({"key": "f1", "label": "人数", "type": "date", "min_field": "f2"}, "只有数字字段"),
        ({"key": "f1", "label": "人数", "type": "number", "multiline": True}, "只有文本字段"),
    ],
)
def test_definitions_from_json_have_sound_checks(definition, message):
    other = {"key": "f2", "label": "职工数", "type": "number"}
    with pytest.raises(ValidationError, match=message):
        fields_validate([definition, other])


def test_one_line_text_is_short_and_older_text_fields_stay_long():
    definitions = fields_from_rows(
        [{"label": "联系人", "type": "text"}, {"label": "工作亮点", "type": "textarea"}]
    )
    assert [d["multiline"] for d in definitions] == [False, True]
    with pytest.raises(ValidationError) as caught:
        field_values_clean(definitions, {"f1": "长" * 201, "f2": "长" * 2000}, files_present=set())
    assert caught.value.message_dict == {"f1": ["“联系人”不能超过 200 个字"]}
    older = [{"key": "f1", "label": "说明", "type": "text", "required": False, "choices": []}]
    assert field_values_clean(older, {"f1": "长" * 2000}, files_present=set()) == {"f1": "长" * 2000}

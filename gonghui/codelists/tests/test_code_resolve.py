"""Looking typed values up in the national code lists: full name, short form, code, width and spaces, blanks,
unknown values, inactive items, and the lists the data migration loads."""

import pytest
from django.core.exceptions import ValidationError

from gonghui.codelists.lists import (
    EDUCATION,
    EMPLOYMENT,
    ETHNICITY,
    ID_TYPE,
    INDUSTRY,
    LIST_LABELS,
    POLITICAL_STATUS,
    UNIT_CATEGORY,
)
from gonghui.codelists.lookups import code_allowed, code_items, code_lookup, code_name, code_resolve
from gonghui.codelists.models import CodeItem

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("list_key", "typed", "code"),
    [
        (POLITICAL_STATUS, "中国共产党党员", "01"),
        (POLITICAL_STATUS, "中共党员", "01"),
        (POLITICAL_STATUS, "党员", "01"),
        (POLITICAL_STATUS, "预备党员", "02"),
        (POLITICAL_STATUS, "群众", "13"),
        (EDUCATION, "大学本科毕业", "21"),
        (EDUCATION, "本科", "21"),
        (EDUCATION, "大专", "31"),
        (EDUCATION, "研究生", "14"),
        (ETHNICITY, "汉族", "01"),
        (ETHNICITY, "汉", "01"),
        (ETHNICITY, "维吾尔", "05"),
        (UNIT_CATEGORY, "民非", "700"),
        (UNIT_CATEGORY, "事业单位", "400"),
        (INDUSTRY, "医疗卫生", "Q"),
        (EMPLOYMENT, "人事代理", "contract"),
        (ID_TYPE, "身份证", "resident"),
        (ID_TYPE, "台胞证", "taiwan"),
    ],
)
def test_full_names_and_short_forms_resolve_to_the_stored_code(list_key, typed, code):
    assert code_resolve(list_key, typed) == code


@pytest.mark.parametrize(
    ("list_key", "typed", "code"),
    [
        (POLITICAL_STATUS, "01", "01"),
        (EDUCATION, 21, "21"),
        (EDUCATION, 21.0, "21"),
        (INDUSTRY, "q", "Q"),
        (UNIT_CATEGORY, "７００", "700"),
        (EMPLOYMENT, "CONTRACT", "contract"),
    ],
)
def test_the_code_itself_resolves_whatever_its_cell_type_or_width(list_key, typed, code):
    assert code_resolve(list_key, typed) == code


def test_spaces_inside_and_around_a_value_are_ignored():
    assert code_resolve(POLITICAL_STATUS, " 中共 党员 ") == "01"
    assert code_resolve(EDUCATION, "大学\u3000本科") == code_resolve(EDUCATION, "大学本科")


@pytest.mark.parametrize("blank", [None, "", "   "])
def test_a_blank_value_is_empty_unless_required(blank):
    assert code_resolve(EDUCATION, blank) == ""
    with pytest.raises(ValidationError) as exc:
        code_resolve(EDUCATION, blank, required=True)
    assert exc.value.messages == ["请填写学历（GB/T 4658）"]


def test_an_unknown_value_is_refused_naming_the_value_and_the_list():
    with pytest.raises(ValidationError) as exc:
        code_resolve(POLITICAL_STATUS, "共产主义者")
    assert exc.value.messages == ["“共产主义者”不在政治面貌（GB/T 4762）代码表中"]


def test_an_unknown_list_is_named_by_its_key():
    with pytest.raises(ValidationError) as exc:
        code_resolve("blood_type", "A")
    assert exc.value.messages == ["“A”不在blood_type代码表中"]
    with pytest.raises(ValidationError) as exc:
        code_resolve("blood_type", "", required=True)
    assert exc.value.messages == ["请填写blood_type"]


def test_an_alias_shared_with_another_code_keeps_the_first_item_in_list_order():
    # 其他 is the name of ethnicity 97 only; in employment 其他 is the name of "other"
    assert code_resolve(ETHNICITY, "其他") == "97"
    assert code_resolve(EMPLOYMENT, "其他") == "other"


def test_the_data_migration_loads_every_list_with_its_size():
    counts = {key: CodeItem.objects.filter(list_key=key).count() for key in LIST_LABELS}
    assert counts == {
        POLITICAL_STATUS: 13,
        EDUCATION: 9,
        ETHNICITY: 58,
        UNIT_CATEGORY: 16,
        INDUSTRY: 5,
        EMPLOYMENT: 4,
        ID_TYPE: 5,
    }
    assert set(CodeItem.objects.values_list("list_key", flat=True)) == set(LIST_LABELS)


def test_items_come_in_list_order_and_print_as_code_and_name():
    first = list(CodeItem.objects.filter(list_key=EDUCATION).values_list("code", flat=True))
    assert first == ["11", "14", "21", "31", "41", "61", "71", "81", "90"]
    assert str(CodeItem.objects.get(list_key=ETHNICITY, code="56")) == "56 基诺族"


def test_code_name_shows_the_name_and_falls_back_to_the_code():
    assert code_name(EDUCATION, "21") == "大学本科毕业"
    assert code_name(EDUCATION, "99") == "99"
    assert code_name("no_such_list", "21") == "21"


def test_the_lookup_table_covers_codes_names_and_aliases_normalised():
    table = code_lookup(EMPLOYMENT)
    assert table == {
        "ESTABLISHED": "established",
        "在编": "established",
        "编制内": "established",
        "在编人员": "established",
        "CONTRACT": "contract",
        "非在编": "contract",
        "合同制": "contract",
        "人事代理": "contract",
        "编外": "contract",
        "DISPATCHED": "dispatched",
        "劳务派遣": "dispatched",
        "派遣": "dispatched",
        "OTHER": "other",
        "其他": "other",
        "退休返聘": "other",
        "临时": "other",
    }


def test_edited_reference_data_counts_once_the_cached_table_expires(django_assert_num_queries):
    from django.core.cache import cache

    assert code_resolve(EMPLOYMENT, "临时") == "other"
    with django_assert_num_queries(0):  # cached: a second lookup reads no table
        assert code_resolve(EMPLOYMENT, "派遣") == "dispatched"
    CodeItem.objects.filter(list_key=EMPLOYMENT, code="other").update(is_active=False)
    CodeItem.objects.create(list_key=EMPLOYMENT, code="intern", name="实习", aliases=["见习"], sort_order=9)
    assert code_resolve(EMPLOYMENT, "临时") == "other"  # still the cached table (up to five minutes)
    cache.delete(f"codelists:{EMPLOYMENT}")
    assert code_resolve(EMPLOYMENT, "见习") == "intern"
    with pytest.raises(ValidationError) as exc:
        code_resolve(EMPLOYMENT, "临时")
    assert exc.value.messages == ["“临时”不在用工性质代码表中"]
    assert code_name(EMPLOYMENT, "other") == "其他"  # names of inactive codes still show on old records


def test_for_importers_an_unknown_value_also_names_what_the_column_accepts():
    with pytest.raises(ValidationError) as exc:
        code_resolve(EMPLOYMENT, "临时聘用", allowed=True)
    assert exc.value.messages == [
        "“临时聘用”不在用工性质代码表中；可填写：在编（编制内、在编人员）、非在编（合同制、人事代理、编外）、"
        "劳务派遣（派遣）、其他（退休返聘、临时），或其代码"
    ]
    assert code_resolve(EMPLOYMENT, "合同制", allowed=True) == "contract"


def test_the_allowed_values_are_named_in_full_for_short_lists_and_by_example_for_long_ones():
    assert code_allowed(EDUCATION).startswith("可填写：博士研究生毕业、硕士研究生毕业、大学本科毕业")
    assert code_allowed(EDUCATION).endswith("其他（常用简称和代码也可）")
    assert (
        code_allowed(ETHNICITY) == "可填写该代码表中的名称、常用简称或代码（共 58 项，如汉族、蒙古族、回族）"
    )
    assert code_allowed("no_such_list") == ""
    assert [name for _code, name, _aliases in code_items(EMPLOYMENT)] == [
        "在编",
        "非在编",
        "劳务派遣",
        "其他",
    ]

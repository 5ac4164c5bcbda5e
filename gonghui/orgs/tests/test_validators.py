"""统一社会信用代码 (GB 32100-2015) checksum and the org code format."""

import pytest
from django.core.exceptions import ValidationError

from gonghui.orgs.models import Org
from gonghui.orgs.validators import (
    normalize_credit_code,
    uscc_check_char,
    validate_credit_code,
    validate_org_code,
)


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",
        "91110000600037341L",
        "91440300708461136T",
        "12410800MB1234567X",
    ],
)
def test_valid_credit_codes_pass(code):
    # the 18th character is the GB 32100 check character of the first seventeen
    assert uscc_check_char(code[:17]) == code[17]
    # and the org's field, validated by validate_credit_code, keeps the code unchanged
    field = Org._meta.get_field("credit_code")
    assert validate_credit_code in field.validators
    assert field.clean(code, None) == code


@pytest.mark.parametrize(
    ("_case", "raw"),
    [
        ("lower case", "91350100m000100y43"),
        ("surrounding and inner spaces", " 9135 0100 M000 100Y43 "),
        ("full-width characters", "９１３５０１００Ｍ０００１００Ｙ４３"),
    ],
)
def test_credit_code_is_normalised_before_checking(_case, raw):
    # when
    normalised = normalize_credit_code(raw)
    # then
    assert normalised == "91350100M000100Y43"
    validate_credit_code(raw)


@pytest.mark.parametrize(
    ("first17", "check"),
    [
        ("91350100M000100Y4", "3"),
        ("91110000600037341", "L"),
        ("91440300708461136", "T"),
        ("12410800MB1234567", "X"),
    ],
)
def test_check_char_of_known_codes(first17, check):
    assert uscc_check_char(first17) == check


@pytest.mark.parametrize(
    ("_case", "code"),
    [
        ("last character altered", "91350100M000100Y44"),
        ("last digit swapped for a letter", "91350100M000100Y4A"),
        ("two body characters transposed", "91350100M000010Y43"),
    ],
)
def test_wrong_check_character_is_rejected(_case, code):
    # when
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code(code)
    # then
    assert excinfo.value.messages == ["统一社会信用代码校验位不正确，请核对"]
    assert excinfo.value.code == "checksum"


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_forbidden_letters_are_rejected(letter):
    # given a code whose 9th character is one of the letters GB 32100 leaves out
    code = f"91350100{letter}000100Y43"
    # when
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code(code)
    # then
    assert excinfo.value.messages == [f"统一社会信用代码含有无效字符“{letter}”（不使用 I、O、S、V、Z）"]
    assert excinfo.value.code == "charset"


@pytest.mark.parametrize(
    ("code", "length"),
    [
        ("", 0),
        ("91350100M000100Y4", 17),
        ("91350100M000100Y433", 19),
        ("913501", 6),
    ],
)
def test_wrong_length_is_rejected_with_the_actual_length(code, length):
    # when
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code(code)
    # then
    assert excinfo.value.messages == [f"统一社会信用代码应为18位，当前为{length}位"]
    assert excinfo.value.code == "length"


@pytest.mark.parametrize("code", ["JFQ", "JFQ01", "SS01-F1", "AB", "A" + "1" * 19, "X-1"])
def test_valid_org_codes_pass(code):
    # the org's code field, validated by validate_org_code, keeps the code unchanged
    field = Org._meta.get_field("code")
    assert validate_org_code in field.validators
    assert field.clean(code, None) == code


@pytest.mark.parametrize(
    ("_case", "code"),
    [
        ("lower case", "jfq01"),
        ("starts with a digit", "1ABC"),
        ("starts with a dash", "-ABC"),
        ("one character", "A"),
        ("twenty-one characters", "A" + "1" * 20),
        ("underscore", "AB_1"),
        ("space", "AB 1"),
        ("Chinese", "解放区"),
        ("empty", ""),
    ],
)
def test_invalid_org_codes_are_rejected(_case, code):
    # when
    with pytest.raises(ValidationError) as excinfo:
        validate_org_code(code)
    # then
    assert excinfo.value.messages == ["组织编码须以大写字母开头，由2–20位大写字母、数字或短横线组成"]
    assert excinfo.value.code == "org_code"

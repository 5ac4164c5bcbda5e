"""Personal identifiers: GB 11643 身份证号, other 证件类型, encryption, keyed hash, masking, mobiles."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from gonghui.accounts.choices import Gender, IdType
from gonghui.accounts.identity import (
    decrypt_identifier,
    encrypt_identifier,
    identifier_hash,
    mask_identifier,
    mask_phone,
    normalize_identifier,
    normalize_mobile,
    parse_resident_id,
    resident_id_check_char,
    validate_identifier,
    validate_mobile,
)
from gonghui.members.tests.factories import valid_id_number

# The worked example of GB 11643-1999: a woman born 1949-12-31 whose check character is X.
STANDARD_EXAMPLE = "11010519491231002X"


def _with_check_char(first17: str) -> str:
    return first17 + resident_id_check_char(first17)


def _wrong_check_char(first17: str) -> str:
    right = resident_id_check_char(first17)
    return first17 + ("0" if right != "0" else "1")


def _to_full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


# --- 居民身份证 (GB 11643) ---------------------------------------------------------------


def test_standard_example_with_x_check_char_is_valid():
    # given the standard's own example
    # when
    parsed = parse_resident_id(STANDARD_EXAMPLE)
    # then
    assert parsed.number == STANDARD_EXAMPLE
    assert parsed.birth_date == dt.date(1949, 12, 31)
    assert parsed.gender == Gender.FEMALE


def test_check_char_of_standard_example_is_x():
    assert resident_id_check_char("11010519491231002") == "X"


def test_lower_case_x_is_upper_cased():
    # when
    parsed = parse_resident_id(STANDARD_EXAMPLE.lower())
    # then
    assert parsed.number == STANDARD_EXAMPLE


@pytest.mark.parametrize(
    ("_case", "male", "gender"),
    [("odd 17th digit is a man", True, Gender.MALE), ("even 17th digit is a woman", False, Gender.FEMALE)],
)
def test_generated_numbers_are_valid_with_birth_date_and_gender(_case, male, gender):
    # given
    number = valid_id_number(7, area="410802", birth=dt.date(1990, 1, 1), male=male)
    # when
    parsed = parse_resident_id(number, gender=gender)
    # then
    assert parsed.number == number
    assert parsed.birth_date == dt.date(1990, 1, 1)
    assert parsed.gender == gender


def test_full_width_digits_and_spaces_are_normalised():
    # given an ID number typed with a Chinese input method
    number = valid_id_number(3)
    typed = "　" + _to_full_width(number[:6]) + " " + _to_full_width(number[6:]) + " "
    # when
    parsed = parse_resident_id(typed)
    # then
    assert parsed.number == number


def test_full_width_x_is_normalised():
    # when
    parsed = parse_resident_id(_to_full_width(STANDARD_EXAMPLE))
    # then
    assert parsed.number == STANDARD_EXAMPLE


def test_spreadsheet_float_string_is_normalised():
    # given what a spreadsheet cell formatted as a number hands over
    number = valid_id_number(5)
    # when
    parsed = parse_resident_id(f"{number}.0")
    # then
    assert parsed.number == number


@pytest.mark.parametrize(
    ("_case", "raw", "code", "message"),
    [
        ("empty", "", "required", "请填写身份证号"),
        ("only spaces", "   ", "required", "请填写身份证号"),
        ("none", None, "required", "请填写身份证号"),
        (
            "15-digit legacy number",
            "410802900101123",
            "legacy_15",
            "不支持15位旧身份证号，请填写18位身份证号",
        ),
        ("17 characters", "41080219900101123", "length", "身份证号应为18位，当前为17位"),
        ("19 characters", "4108021990010112345", "length", "身份证号应为18位，当前为19位"),
        ("16 characters", "4108021990010112", "length", "身份证号应为18位，当前为16位"),
        ("letter as check char", "41080219900101123A", "format", "身份证号前17位应为数字，最后一位为数字或X"),
        ("letter in the body", "4108021990O1011234", "format", "身份证号前17位应为数字，最后一位为数字或X"),
        (
            "30 February",
            _with_check_char("41080219900230123"),
            "birth_date",
            "身份证号中的出生日期 19900230 不存在",
        ),
        (
            "month 13",
            _with_check_char("41080219901301123"),
            "birth_date",
            "身份证号中的出生日期 19901301 不存在",
        ),
        (
            "born before 1900",
            _with_check_char("44052418991231001"),
            "birth_date",
            "身份证号中的出生日期 1899-12-31 不合理",
        ),
        (
            "wrong check char",
            _wrong_check_char("41080219900101123"),
            "checksum",
            "身份证号校验位不正确，请核对",
        ),
    ],
)
def test_invalid_resident_ids_are_refused_with_their_message(_case, raw, code, message):
    # when
    with pytest.raises(ValidationError) as exc_info:
        parse_resident_id(raw)
    # then
    assert exc_info.value.messages == [message]
    assert exc_info.value.code == code


@time_machine.travel(dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC), tick=False)
def test_future_birth_date_is_refused():
    # given a number whose birth date is tomorrow
    number = _with_check_char("41080220260302123")
    # when
    with pytest.raises(ValidationError) as exc_info:
        parse_resident_id(number)
    # then
    assert exc_info.value.messages == ["身份证号中的出生日期 2026-03-02 不合理"]
    assert exc_info.value.code == "birth_date"


@time_machine.travel(dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC), tick=False)
def test_birth_date_of_today_is_accepted():
    # given a newborn's number
    number = _with_check_char("41080220260301123")
    # when
    parsed = parse_resident_id(number)
    # then
    assert parsed.birth_date == dt.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("_case", "number", "given_gender", "message"),
    [
        (
            "man's number, woman given",
            valid_id_number(1, male=True),
            Gender.FEMALE,
            "身份证号第17位表示性别为男，与所填性别不一致",
        ),
        (
            "woman's number, man given",
            valid_id_number(1, male=False),
            Gender.MALE,
            "身份证号第17位表示性别为女，与所填性别不一致",
        ),
    ],
)
def test_gender_mismatch_is_refused(_case, number, given_gender, message):
    # when
    with pytest.raises(ValidationError) as exc_info:
        parse_resident_id(number, gender=given_gender)
    # then
    assert exc_info.value.messages == [message]
    assert exc_info.value.code == "gender"


def test_validate_identifier_for_resident_returns_the_normalised_number():
    # given
    number = valid_id_number(9)
    # when / then
    assert validate_identifier(IdType.RESIDENT, f" {number}.0 ") == number


def test_validate_identifier_for_resident_checks_gender():
    # when
    with pytest.raises(ValidationError) as exc_info:
        validate_identifier(IdType.RESIDENT, valid_id_number(9, male=True), gender=Gender.FEMALE)
    # then
    assert exc_info.value.messages == ["身份证号第17位表示性别为男，与所填性别不一致"]


# --- other 证件类型 ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("id_type", "raw", "expected"),
    [
        (IdType.HK_MACAO, "H12345678", "H12345678"),
        (IdType.HK_MACAO, "m1234567890", "M1234567890"),
        (IdType.TAIWAN, "12345678", "12345678"),
        (IdType.TAIWAN, "1234567890", "1234567890"),
        (IdType.FOREIGN_PERMANENT, "usa123456789012", "USA123456789012"),
        (IdType.FOREIGN_PERMANENT, "912345678901234567", "912345678901234567"),
        (IdType.PASSPORT, "E12345678", "E12345678"),
        (IdType.PASSPORT, " e 1234 ", "E1234"),
        (IdType.PASSPORT, "ＥＡ１２３４５６７", "EA1234567"),
        (IdType.PASSPORT, "ｅａ１２３４５６７", "EA1234567"),
        (IdType.HK_MACAO, "ｈ１２３４５６７８", "H12345678"),
    ],
)
def test_other_id_types_accept_their_formats(id_type, raw, expected):
    assert validate_identifier(id_type, raw) == expected


@pytest.mark.parametrize(
    ("id_type", "raw", "message"),
    [
        (IdType.HK_MACAO, "A12345678", "港澳居民来往内地通行证号码格式不正确"),
        (IdType.HK_MACAO, "H1234567", "港澳居民来往内地通行证号码格式不正确"),
        (IdType.TAIWAN, "123456789", "台湾居民来往大陆通行证号码格式不正确"),
        (IdType.TAIWAN, "T1234567", "台湾居民来往大陆通行证号码格式不正确"),
        (IdType.FOREIGN_PERMANENT, "US123456789012", "外国人永久居留身份证号码格式不正确"),
        (IdType.FOREIGN_PERMANENT, "812345678901234567", "外国人永久居留身份证号码格式不正确"),
        (IdType.PASSPORT, "E123", "护照号码格式不正确"),
        (IdType.PASSPORT, "E-12345", "护照号码格式不正确"),
        (IdType.PASSPORT, "E123456789012345678", "护照号码格式不正确"),
    ],
)
def test_other_id_types_refuse_bad_formats(id_type, raw, message):
    # when
    with pytest.raises(ValidationError) as exc_info:
        validate_identifier(id_type, raw)
    # then
    assert exc_info.value.messages == [message]
    assert exc_info.value.code == "format"


@pytest.mark.parametrize(
    "id_type", [IdType.HK_MACAO, IdType.TAIWAN, IdType.FOREIGN_PERMANENT, IdType.PASSPORT]
)
def test_other_id_types_require_a_number(id_type):
    # when
    with pytest.raises(ValidationError) as exc_info:
        validate_identifier(id_type, "  ")
    # then
    assert exc_info.value.messages == ["请填写证件号码"]
    assert exc_info.value.code == "required"


def test_normalize_identifier_keeps_non_numeric_dot_zero():
    # ".0" is only a spreadsheet artefact after digits
    assert normalize_identifier("E12345.0") == "E12345.0"
    assert normalize_identifier(410802) == "410802"
    assert normalize_identifier(None) == ""


# --- encryption and keyed hash -----------------------------------------------------------


def test_encryption_round_trip():
    # given
    number = valid_id_number(11)
    # when
    token = encrypt_identifier(number)
    # then
    assert number not in token
    assert decrypt_identifier(token) == number


def test_encryption_is_randomised():
    # given
    number = valid_id_number(11)
    # when
    first, second = encrypt_identifier(number), encrypt_identifier(number)
    # then
    assert first != second
    assert decrypt_identifier(first) == decrypt_identifier(second) == number


def test_decryption_with_another_key_fails(settings):
    # given a token written under one key
    token = encrypt_identifier(valid_id_number(11))
    # when the key changes
    settings.PERSONAL_DATA_KEY = "another-key-entirely-0123456789"
    # then
    with pytest.raises(ValueError, match="identifier cannot be decrypted with the configured key"):
        decrypt_identifier(token)


def test_identifier_hash_is_stable_and_keyed_hex():
    # given
    number = valid_id_number(12)
    # when
    first = identifier_hash(IdType.RESIDENT, number)
    second = identifier_hash(IdType.RESIDENT, number)
    # then
    assert first == second
    assert len(first) == 64
    assert int(first, 16) >= 0
    assert number not in first


def test_identifier_hash_differs_per_id_type_and_number():
    # given the same characters under two id types
    number = "E12345678"
    # then
    assert identifier_hash(IdType.PASSPORT, number) != identifier_hash(IdType.HK_MACAO, number)
    assert identifier_hash(IdType.PASSPORT, number) != identifier_hash(IdType.PASSPORT, "E12345679")


def test_identifier_hash_depends_on_the_key(settings):
    # given
    number = valid_id_number(12)
    before = identifier_hash(IdType.RESIDENT, number)
    # when
    settings.PERSONAL_DATA_KEY = "another-key-entirely-0123456789"
    # then
    assert identifier_hash(IdType.RESIDENT, number) != before


# --- masking -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("410802199001011234", "4108**********1234"),
        (STANDARD_EXAMPLE, "1101**********002X"),
        ("USA123456789012", "USA1*******9012"),
        ("H12345678", "H1*****78"),
        ("M1234567890", "M1*******90"),
        ("12345678", "12******"),
        ("E1234", "E1***"),
        ("", ""),
    ],
)
def test_mask_identifier(number, masked):
    assert mask_identifier(number) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [("13811112222", "138****2222"), ("", ""), (None, ""), ("0371123456", "03******56")],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


# --- mobiles -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phone", "number"),
    [
        ("13811112222", "13811112222"),
        ("19912345678", "19912345678"),
        ("１３８１１１１２２２２", "13811112222"),
        (" 138 1111 2222 ", "13811112222"),
    ],
)
def test_valid_mobiles_pass(phone, number):
    # normalize_mobile validates (validate_mobile) and answers the eleven digits that are stored
    assert normalize_mobile(phone) == number


@pytest.mark.parametrize(
    "phone", ["12811112222", "1381111222", "138111122223", "0371-1234567", "", "+8613811112222"]
)
def test_invalid_mobiles_are_refused(phone):
    # when
    with pytest.raises(ValidationError) as exc_info:
        validate_mobile(phone)
    # then
    assert exc_info.value.messages == ["请输入11位中国大陆手机号"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+86 138 1111 2222", "13811112222"),
        ("１３８１１１１２２２２", "13811112222"),
        ("13811112222", "13811112222"),
    ],
)
def test_normalize_mobile(raw, expected):
    assert normalize_mobile(raw) == expected


def test_normalize_mobile_refuses_a_landline():
    with pytest.raises(ValidationError) as exc_info:
        normalize_mobile("037112345678")
    assert exc_info.value.messages == ["请输入11位中国大陆手机号"]

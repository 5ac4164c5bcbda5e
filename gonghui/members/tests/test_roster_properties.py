"""Property tests for the ID validation the roster import relies on (GB 11643): every generated valid number
passes with the birth date and gender it encodes, and any single-character change is rejected."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from gonghui.accounts.choices import Gender
from gonghui.accounts.identity import parse_resident_id, resident_id_check_char

areas = st.from_regex(r"[1-6][0-9]{5}", fullmatch=True)
births = st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2010, 12, 31))
sequences = st.integers(min_value=0, max_value=999)


def _number(area: str, birth: dt.date, sequence: int) -> str:
    first17 = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return first17 + resident_id_check_char(first17)


@given(area=areas, birth=births, sequence=sequences)
def test_generated_valid_ids_always_pass_with_their_birth_date_and_gender(area, birth, sequence):
    number = _number(area, birth, sequence)
    gender = Gender.MALE if sequence % 2 else Gender.FEMALE
    parsed = parse_resident_id(number, gender=gender)
    assert (parsed.number, parsed.birth_date, parsed.gender) == (number, birth, gender)
    # and the lower-case x, spaces and full-width forms people type are the same number
    typed = " ".join([number[:6], number[6:14], number[14:]]).lower()
    assert parse_resident_id(typed).number == number


@given(
    area=areas,
    birth=births,
    sequence=sequences,
    position=st.integers(min_value=0, max_value=17),
    replacement=st.sampled_from("0123456789X"),
)
def test_any_single_character_change_is_rejected(area, birth, sequence, position, replacement):
    number = _number(area, birth, sequence)
    if number[position] == replacement or (position < 17 and replacement == "X"):
        replacement = str((int(number[position]) + 1) % 10) if number[position] != "X" else "0"
    changed = number[:position] + replacement + number[position + 1 :]
    with pytest.raises(ValidationError):
        parse_resident_id(changed)


@given(area=areas, birth=births, sequence=sequences)
def test_the_wrong_gender_is_rejected(area, birth, sequence):
    number = _number(area, birth, sequence)
    wrong = Gender.FEMALE if sequence % 2 else Gender.MALE
    with pytest.raises(ValidationError) as exc:
        parse_resident_id(number, gender=wrong)
    assert exc.value.code == "gender"

"""Gap-free numbering: sequential, per (issuer, series, year), rolled back with the change, and unique under
concurrent use on PostgreSQL."""

import pytest
from django.db import transaction

from gonghui.core.models import NumberSequence
from gonghui.core.numbering import case_number, document_number, number_next


def _take(issuer_id=1, series="焦教工", year=2020) -> int:
    with transaction.atomic():
        return number_next(issuer_id=issuer_id, series=series, year=year)


@pytest.mark.django_db
def test_numbers_run_per_issuer_series_and_year():
    assert [_take() for _ in range(3)] == [1, 2, 3]
    assert _take(year=2021) == 1
    assert _take(series="焦教工函") == 1
    assert _take(issuer_id=2) == 1
    assert _take() == 4


@pytest.mark.django_db
def test_a_rolled_back_number_is_issued_again_so_there_are_no_gaps():
    assert _take() == 1

    def numbered_change_that_fails():
        with transaction.atomic():
            assert number_next(issuer_id=1, series="焦教工", year=2020) == 2
            raise RuntimeError

    with pytest.raises(RuntimeError):
        numbered_change_that_fails()
    assert _take() == 2


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_is_a_programming_error():
    with pytest.raises(RuntimeError):
        number_next(issuer_id=1, series="焦教工", year=2020)


def test_formats():
    assert document_number("焦教工", 2020, 8) == "焦教工〔2020〕8号"
    assert case_number("WQ", 2026, 12) == "WQ-2026-00012"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_callers_never_share_a_number(run_concurrently):
    def ten_numbers() -> list[int]:
        return [_take(issuer_id=99, series="并发", year=2026) for _ in range(10)]

    batches, errors = run_concurrently(*[ten_numbers] * 8)
    results = [number for batch in batches for number in batch]
    assert errors == []
    assert sorted(results) == list(range(1, 81))
    assert NumberSequence.objects.get(issuer_id=99, series="并发", year=2026).last_number == 80

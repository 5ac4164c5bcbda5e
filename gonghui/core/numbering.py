"""Gap-free numbering per (issuer, series, year): 文号 such as 焦教工〔2020〕8号 and case numbers.

`number_next` must run inside the transaction that stores the numbered object: the counter row is locked
(SELECT … FOR UPDATE on PostgreSQL; SQLite serialises writers) until that transaction ends, so two concurrent
callers never get the same number, and a rollback gives the number back (no gaps). A committed number is
never reissued: the counter only grows, and a withdrawn document keeps its number."""

from django.db import IntegrityError, transaction

from .models import NumberSequence


def number_next(*, issuer_id: int, series: str, year: int) -> int:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("number_next must be called inside the transaction that stores the number")
    for _attempt in range(3):
        sequence = (
            NumberSequence.objects.select_for_update()
            .filter(issuer_id=issuer_id, series=series, year=year)
            .first()
        )
        if sequence is not None:
            sequence.last_number += 1
            sequence.save(update_fields=["last_number"])
            return sequence.last_number
        try:
            with transaction.atomic():  # a savepoint: losing the race to create the row is recoverable
                NumberSequence.objects.create(issuer_id=issuer_id, series=series, year=year, last_number=1)
        except IntegrityError:
            continue  # another transaction created it first; lock it on the next pass
        return 1
    raise RuntimeError("could not allocate a number")


def document_number(series: str, year: int, number: int) -> str:
    """公文文号 in the GB/T 9704 form: 焦教工〔2020〕8号 (六角括号, no leading zeros)."""
    return f"{series}〔{year}〕{number}号"


def case_number(prefix: str, year: int, number: int, *, width: int = 5) -> str:
    """Case numbers such as WQ-2026-00012."""
    return f"{prefix}-{year}-{number:0{width}d}"

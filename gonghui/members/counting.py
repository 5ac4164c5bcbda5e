"""会员计数: per union, its own holding members (在籍 + 保留会籍) counted by the 数据看板's definitions — women, per
用工性质, serving (在职 = 在籍, retirees apart) and serving per 用工性质, the 入会 of the year, the age bands — kept in
`MemberCount` rows so the dashboard reads one row per union instead of re-aggregating every member.

**How they stay right.** Every service that writes a counted field of a member (`COUNTED`: union, status, gender,
用工性质, 入会日期, birth date) calls `counts_member_changed(before=…, after=…)` in its own transaction, with the
values of the member row it locked before the change and after it. That updates the one or two rows concerned with
`F()` increments under a row lock (`SELECT … FOR UPDATE` of the counter rows, in org order), so concurrent changes
cannot lose counts. Bulk writes (the roster import, the demo seeders) call `counts_recount(org_ids=…)` instead:
one grouped query over those unions' members and one upsert, inside the caller's transaction.

**Why explicit calls and not a `Member.save()`/`delete()` hook.** The project keeps domain logic out of `save()`
and signals (STYLE §6), and a hook would not be cheaper or safer: to be exact under concurrency it must re-read
the row it overwrites (`SELECT … FOR UPDATE` on every save), whereas every membership service already holds that
locked row and knows what it changes; `QuerySet.update()` and bulk inserts bypass a hook anyway, so their callers
must know about the counters in either design. The membership writes are few and named (registry create / edit,
会籍 changes, joining approval, transfers, corrections); `test_counting.py` runs each and compares every counter with
a full recount, and the nightly job (`jobs.py`) does the same on real data, repairs any drift and logs it. The test
factory (`MemberFactory`) counts the members it creates, so tests see the dashboard's figures right.

**Time.** `joined` counts the members whose 入会日期 falls in `joined_year`: a row of an earlier year is recounted
from the member rows when a change touches it (the year's first change) or by the nightly job, and reads as 0 for a
later year until then. Age bands change with birthdays, not events: they are counted as of `ages_on` (a change
adds or removes its member in the band of that day), and the nightly recount moves `ages_on` to the new day; the
dashboard shows `counted_at`, the time of that recount, as their staleness.
"""

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q
from django.utils import timezone

from gonghui.orgs.models import Org

from .choices import HOLDING_STATUSES, Employment, MemberStatus
from .models import Member, MemberCount

logger = logging.getLogger(__name__)

# (label, youngest age, oldest age); ages in whole years on the day of the statistics
AGE_BANDS: tuple[tuple[str, int | None, int | None], ...] = (
    ("25岁及以下", None, 25),
    ("26–35岁", 26, 35),
    ("36–45岁", 36, 45),
    ("46–55岁", 46, 55),
    ("56岁及以上", 56, None),
)
AGE_FIELDS = tuple(f"age_{i}" for i in range(len(AGE_BANDS)))
# 在职 (serving) members: 在籍; a retiree who keeps membership (保留会籍(退休)) is a member but no longer staff
SERVING_STATUS = MemberStatus.ACTIVE
EMPLOYMENT_FIELDS = {
    Employment.ESTABLISHED: "established",
    Employment.CONTRACT: "contract",
    Employment.DISPATCHED: "dispatched",
    Employment.OTHER: "other",
}
# every counter of a `MemberCount` row
COUNT_FIELDS: tuple[str, ...] = (
    "members",
    "women",
    *EMPLOYMENT_FIELDS.values(),
    "serving",
    *(f"serving_{name}" for name in EMPLOYMENT_FIELDS.values()),
    "joined",
    *AGE_FIELDS,
)
CHUNK = 500  # unions per recount statement (SQLite's parameter limit, PostgreSQL's lock list)


@dataclass(frozen=True)
class Counted:
    """The fields of one member the counters read."""

    org_id: int
    status: str
    gender: str
    employment: str
    joined_on: dt.date | None
    birth_date: dt.date


def counted(member: Member) -> Counted:
    """What the counters see of `member` now: take it before and after a change."""
    return Counted(
        org_id=member.org_id,
        status=member.status,
        gender=member.gender,
        employment=member.employment,
        joined_on=member.joined_on,
        birth_date=member.birth_date,
    )


def years_ago(today: dt.date, years: int) -> dt.date:
    """The same day `years` years earlier (29 February → 28 February)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def age_q(today: dt.date, youngest: int | None, oldest: int | None, *, field: str = "birth_date") -> Q:
    """Members aged youngest..oldest on `today`: age ≥ n ⇔ born on or before the day n years ago."""
    q = Q()
    if youngest is not None:
        q &= Q(**{f"{field}__lte": years_ago(today, youngest)})
    if oldest is not None:
        q &= Q(**{f"{field}__gt": years_ago(today, oldest + 1)})
    return q


def age_band(birth_date: dt.date, on: dt.date) -> int:
    """The index in `AGE_BANDS` of a person born on `birth_date`, on the day `on` (the same rule as `age_q`)."""
    for i, (_label, youngest, oldest) in enumerate(AGE_BANDS):
        if youngest is not None and birth_date > years_ago(on, youngest):
            continue
        if oldest is not None and birth_date <= years_ago(on, oldest + 1):
            continue
        return i
    return len(AGE_BANDS) - 1  # unreachable: the bands cover every age


def _contribution(member: Counted | None, *, year: int, ages_on: dt.date) -> Counter[str]:
    """What one member adds to its union's row."""
    found: Counter[str] = Counter()
    if member is None or member.status not in HOLDING_STATUSES:
        return found
    found["members"] += 1
    if member.gender == "F":
        found["women"] += 1
    kind = EMPLOYMENT_FIELDS.get(member.employment)  # type: ignore[call-overload]
    if kind:
        found[kind] += 1
    if member.status == SERVING_STATUS:
        found["serving"] += 1
        if kind:
            found[f"serving_{kind}"] += 1
    if member.joined_on is not None and member.joined_on.year == year:
        found["joined"] += 1
    found[AGE_FIELDS[age_band(member.birth_date, ages_on)]] += 1
    return found


def count_aggregates(*, year: int, ages_on: dt.date, prefix: str = "") -> dict[str, Any]:
    """The counters as aggregates over holding members (`prefix` "org__" … for a relation): the one definition the
    recount and the dashboard's day-other-than-today path share."""
    serving = Q(**{f"{prefix}status": SERVING_STATUS})
    aggregates: dict[str, Any] = {
        "members": Count("id"),
        "women": Count("id", filter=Q(**{f"{prefix}gender": "F"})),
        **{
            name: Count("id", filter=Q(**{f"{prefix}employment": value}))
            for value, name in EMPLOYMENT_FIELDS.items()
        },
        "serving": Count("id", filter=serving),
        **{
            f"serving_{name}": Count("id", filter=serving & Q(**{f"{prefix}employment": value}))
            for value, name in EMPLOYMENT_FIELDS.items()
        },
        "joined": Count(
            "id",
            filter=Q(
                **{
                    f"{prefix}joined_on__gte": dt.date(year, 1, 1),
                    f"{prefix}joined_on__lte": dt.date(year, 12, 31),
                }
            ),
        ),
        **{
            name: Count("id", filter=age_q(ages_on, lo, hi, field=f"{prefix}birth_date"))
            for name, (_l, lo, hi) in zip(AGE_FIELDS, AGE_BANDS, strict=True)
        },
    }
    return aggregates


def counts_recount(
    *, org_ids: Iterable[int], now: dt.datetime | None = None
) -> dict[int, dict[str, tuple[int, int]]]:
    """Recount these unions' rows from the member rows, inside the caller's transaction: rows are made where
    missing, locked, counted with one grouped query and written with one upsert per `CHUNK` unions. The ages are
    counted as of today, `joined` for this year. Returns the drift found: per union whose row existed, the counters
    that differed as (stored, counted)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    ids = sorted(set(org_ids))
    drift: dict[int, dict[str, tuple[int, int]]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        MemberCount.objects.bulk_create(
            [MemberCount(org_id=pk, joined_year=today.year, ages_on=today, counted_at=now) for pk in chunk],
            ignore_conflicts=True,
        )
        stored: dict[int, dict[str, Any]] = {
            row["org_id"]: dict(row)
            for row in MemberCount.objects.select_for_update()
            .filter(org_id__in=chunk)
            .order_by("org_id")
            .values("org_id", "joined_year", "ages_on", *COUNT_FIELDS)
        }
        found: dict[int, dict[str, Any]] = {
            row["org_id"]: dict(row)
            for row in Member.objects.filter(org_id__in=chunk, status__in=HOLDING_STATUSES)
            .order_by()
            .values("org_id")
            .annotate(**count_aggregates(year=today.year, ages_on=today))
        }
        rows = []
        for pk in chunk:
            counts = (
                {f: found[pk][f] for f in COUNT_FIELDS} if pk in found else dict.fromkeys(COUNT_FIELDS, 0)
            )
            old = stored.get(pk)
            if old is not None and old["joined_year"] == today.year and old["ages_on"] == today:
                differs = {f: (old[f], counts[f]) for f in COUNT_FIELDS if old[f] != counts[f]}
            elif old is not None:  # another day's ages or year's joins: compare what did not move with time
                differs = {
                    f: (old[f], counts[f])
                    for f in COUNT_FIELDS
                    if f != "joined" and f not in AGE_FIELDS and old[f] != counts[f]
                }
            else:
                differs = {}
            if differs:
                drift[pk] = differs
            rows.append(
                MemberCount(org_id=pk, joined_year=today.year, ages_on=today, counted_at=now, **counts)
            )
        MemberCount.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["org"],
            update_fields=[*COUNT_FIELDS, "joined_year", "ages_on", "counted_at"],
        )
    return drift


def counts_member_changed(*, before: Counted | None, after: Counted | None) -> None:
    """Apply one member's change to the counters, in the caller's transaction (the member row already written).
    `before` is None for a new member, `after` None for a deleted one. The rows concerned are locked in union
    order and moved with `F()` increments; a missing row, or one of an earlier year, is recounted instead."""
    if before == after:
        return
    org_ids = sorted({m.org_id for m in (before, after) if m is not None and m.status in HOLDING_STATUSES})
    if not org_ids:
        return
    year = timezone.localdate().year
    rows = {
        row["org_id"]: row
        for row in MemberCount.objects.select_for_update()
        .filter(org_id__in=org_ids)
        .order_by("org_id")
        .values("org_id", "joined_year", "ages_on")
    }
    stale = [pk for pk in org_ids if pk not in rows or rows[pk]["joined_year"] != year]
    if stale:
        counts_recount(org_ids=stale)
    for pk in org_ids:
        if pk in stale:
            continue
        on = rows[pk]["ages_on"]
        delta = Counter[str]()
        if before is not None and before.org_id == pk:
            delta.subtract(_contribution(before, year=year, ages_on=on))
        if after is not None and after.org_id == pk:
            delta.update(_contribution(after, year=year, ages_on=on))
        moved = {name: F(name) + n for name, n in delta.items() if n}
        if moved:
            MemberCount.objects.filter(org_id=pk).update(**moved)


def counts_check_all(*, now: dt.datetime | None = None) -> dict[int, dict[str, tuple[int, int]]]:
    """The nightly check: recount every union's row (repairing drift, moving the ages to today and `joined` to this
    year) and log each union whose stored counters differed from the recount. Returns that drift."""
    drift = counts_recount(org_ids=Org.objects.values_list("pk", flat=True), now=now)
    for pk, fields in sorted(drift.items()):
        logger.warning(
            "会员计数偏差已修正: org %s %s",
            pk,
            ", ".join(f"{name} {old}→{new}" for name, (old, new) in sorted(fields.items())),
        )
    return drift

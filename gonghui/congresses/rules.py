"""The arithmetic of a congress (no queries): who forms the electorate, the quorum (≥ 2/3), a passed vote (more
than half of all), the one-third for an extraordinary session, the delegate count, and the composition checks shown
while the delegate list is built (teachers ≥ 60 % in a 教代会; women and young staff where a share is set).

In 大会 mode (教职工大会 / 职工大会) every member of staff is a voter: the electorate is the congress's staff count and
the composition checks do not apply."""

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from .models import Congress


def electorate_of(congress: Congress, full_delegates: int) -> int:
    """Who counts for quorum and votes: the full (正式) delegates in office, or all staff in 大会 mode."""
    return congress.staff_count if congress.is_assembly else full_delegates


def quorum_needed(electorate: int) -> int:
    """At least two thirds of the electorate must be present."""
    return math.ceil(electorate * 2 / 3)


def has_quorum(present: int, electorate: int) -> bool:
    return electorate > 0 and present * 3 >= electorate * 2


def motion_passes(votes_for: int, electorate: int) -> bool:
    """Passed when more than half of the whole electorate (not of those present or voting) agrees."""
    return electorate > 0 and votes_for * 2 > electorate


def petition_threshold(full_delegates: int) -> int:
    """One third of the full delegates may ask for an extraordinary session."""
    return max(1, math.ceil(full_delegates / 3))


def delegate_target(congress: Congress) -> int:
    """About `delegate_share_percent` of the staff (0 in 大会 mode: everyone attends)."""
    if congress.is_assembly:
        return 0
    return round(congress.staff_count * congress.delegate_share_percent / 100)


@dataclass(frozen=True)
class DelegateFacts:
    """What the checks need of one full delegate in office."""

    job_category: str
    gender: str
    birth_date: dt.date | None


@dataclass(frozen=True)
class Check:
    label: str
    value: str
    ok: bool
    message: str


def _share(part: int, whole: int) -> float:
    return part * 100 / whole if whole else 0.0


def _age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def delegate_checks(congress: Congress, delegates: Iterable[DelegateFacts], *, today: dt.date) -> list[Check]:
    """The composition checks of the full delegates in office, in the order shown beside the list."""
    rows = list(delegates)
    total = len(rows)
    if congress.is_assembly:
        return [Check("代表", "大会制", True, f"全体职工（{congress.staff_count}人）参加，不选举代表")]
    checks: list[Check] = []
    target = delegate_target(congress)
    low, high = math.floor(target * 0.9), math.ceil(target * 1.1)
    checks.append(
        Check(
            "代表人数",
            f"{total}人",
            low <= total <= high,
            f"按职工总数{congress.staff_count}人的{congress.delegate_share_percent}%，应约{target}人"
            + ("" if low <= total <= high else f"（现有{total}人，宜在{low}–{high}人之间）"),
        )
    )
    if congress.is_teachers:
        teachers = sum(1 for row in rows if row.job_category in set(congress.teacher_categories or ()))
        share = _share(teachers, total)
        ok = total > 0 and share >= congress.teacher_min_percent
        checks.append(
            Check(
                "教师代表",
                f"{teachers}人（{share:.1f}%）",
                ok,
                f"教师代表应不低于代表总数的{congress.teacher_min_percent}%"
                + ("" if ok else "，请调整代表构成"),
            )
        )
    if congress.women_min_percent is not None:
        women = sum(1 for row in rows if row.gender == "F")
        share = _share(women, total)
        ok = share >= congress.women_min_percent
        checks.append(
            Check("女代表", f"{women}人（{share:.1f}%）", ok, f"参考比例不低于{congress.women_min_percent}%")
        )
    if congress.young_min_percent is not None:
        young = sum(
            1
            for row in rows
            if row.birth_date is not None and _age_on(row.birth_date, today) <= congress.young_max_age
        )
        share = _share(young, total)
        ok = share >= congress.young_min_percent
        checks.append(
            Check(
                "青年代表",
                f"{young}人（{share:.1f}%）",
                ok,
                f"{congress.young_max_age}岁及以下，参考比例不低于{congress.young_min_percent}%",
            )
        )
    return checks

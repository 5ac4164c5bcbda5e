"""Reads of 困难职工帮扶 — part `cycle`: the reviews and follow-ups due (the 复核到期 page, the home counters and the
scheduled reminders), a file's cycle card, the officers to remind, and the counts-only statistics (帮扶统计) where
no cell under `MIN_CELL` is shown."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from gonghui.accounts.models import RoleGrant, User
from gonghui.core.registry import roles
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_roots_for_user

from ..choices import FileStatus, HardshipClass
from ..models import FileReview, FollowUp, HardshipFile
from ..permissions import MANAGE, MIN_CELL, STATS, VIEW, can_handle_file

# The 帮扶干事 is reminded 30 days before a yearly review and 7 days before a follow-up call.
REVIEW_LEAD_DAYS = 30
FOLLOW_UP_LEAD_DAYS = 7
DUE_FILTERS = (("overdue", "已逾期"), ("soon", "即将到期"))
# the classes a filed household may hold, and the states of a file from 建档 on
STATS_CLASSES = (HardshipClass.DEEP, HardshipClass.RELATIVE, HardshipClass.ACCIDENT)
STATS_STATES = (FileStatus.FILED, FileStatus.LIFTED, FileStatus.CLOSED)


def review_horizon(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=REVIEW_LEAD_DAYS)


def follow_up_horizon(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=FOLLOW_UP_LEAD_DAYS)


# ---- what the scheduled jobs pick ----------------------------------------------------------------------------


def _review_of_due_year_settled() -> Exists:
    """The file has a review of its due year that was already reminded or done."""
    return Exists(
        FileReview.objects.filter(file=OuterRef("pk"), year=ExtractYear(OuterRef("next_review_due"))).filter(
            Q(reminded_at__isnull=False) | Q(done_on__isnull=False)
        )
    )


def reviews_to_remind(today: dt.date) -> QuerySet[HardshipFile]:
    return (
        HardshipFile.objects.filter(status=FileStatus.FILED, next_review_due__lte=review_horizon(today))
        .exclude(_review_of_due_year_settled())
        .select_related("org")
        .order_by("next_review_due", "pk")
    )


def follow_ups_to_remind(today: dt.date) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(
        done_on__isnull=True,
        reminded_at__isnull=True,
        due_on__lte=follow_up_horizon(today),
        file__status=FileStatus.LIFTED,
    ).order_by("due_on", "pk")


def purge_due_files(today: dt.date) -> QuerySet[HardshipFile]:
    return HardshipFile.objects.filter(
        status=FileStatus.CLOSED, purge_after__lte=today, purged_at__isnull=True
    ).order_by("purge_after", "pk")


def file_officers(file: HardshipFile) -> list[User]:
    """Active users holding a role that names `welfare.manage` (not the `*` wildcard) on the file's union or above
    it: the 帮扶干事 who handle it."""
    codes = [role.code for role in roles if MANAGE in role.actions]
    step = Org.steplen
    paths = [file.org.path[:end] for end in range(step, len(file.org.path) + 1, step)]
    user_ids = (
        RoleGrant.objects.filter(role__in=codes, org__path__in=paths, org__status="active")
        .values_list("user_id", flat=True)
        .distinct()
    )
    return list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))


# ---- 复核到期 and 待回访 ----------------------------------------------------------------------------------------


def _due_filter(queryset: QuerySet[Any], field: str, due: str, today: dt.date) -> QuerySet[Any]:
    if due == "overdue":
        return queryset.filter(**{f"{field}__lt": today})
    if due == "soon":
        return queryset.filter(**{f"{field}__gte": today})
    return queryset


def reviews_due_for_user(user: Any, filters: dict[str, Any] | None = None) -> QuerySet[HardshipFile]:
    """Filed files of the user's subtrees whose yearly review is due within `REVIEW_LEAD_DAYS` days or overdue,
    overdue first. Filters: `q` (档案编号 or the applicant's name), `due` (overdue / soon), `decided_class`."""
    filters = filters or {}
    today = timezone.localdate()
    files: QuerySet[HardshipFile] = HardshipFile.objects.visible_to(user, VIEW).filter(
        status=FileStatus.FILED, next_review_due__lte=review_horizon(today)
    )
    if filters.get("q"):
        files = files.filter(Q(number__icontains=filters["q"]) | Q(applicant__name__icontains=filters["q"]))
    if filters.get("decided_class"):
        files = files.filter(decided_class=filters["decided_class"])
    files = _due_filter(files, "next_review_due", filters.get("due", ""), today)
    return files.select_related("org", "applicant").order_by("next_review_due", "pk")


def follow_ups_due_for_user(user: Any, filters: dict[str, Any] | None = None) -> QuerySet[FollowUp]:
    """Follow-ups not yet made of the 脱困 households of the user's subtrees, due within `FOLLOW_UP_LEAD_DAYS` days
    or overdue, overdue first. Filters: `q`, `due`."""
    filters = filters or {}
    today = timezone.localdate()
    rows: QuerySet[FollowUp] = FollowUp.objects.visible_to(user, VIEW).filter(
        done_on__isnull=True, file__status=FileStatus.LIFTED, due_on__lte=follow_up_horizon(today)
    )
    if filters.get("q"):
        rows = rows.filter(
            Q(file__number__icontains=filters["q"]) | Q(file__applicant__name__icontains=filters["q"])
        )
    rows = _due_filter(rows, "due_on", filters.get("due", ""), today)
    return rows.select_related("file", "file__org", "file__applicant").order_by("due_on", "pk")


def review_due_count(user: Any) -> int:
    """复核到期 on the console home: files the user handles whose review is due within 30 days or overdue."""
    return (
        HardshipFile.objects.visible_to(user, MANAGE)
        .filter(status=FileStatus.FILED, next_review_due__lte=review_horizon(timezone.localdate()))
        .count()
    )


def follow_up_due_count(user: Any) -> int:
    """待回访 on the console home."""
    return (
        FollowUp.objects.visible_to(user, MANAGE)
        .filter(
            done_on__isnull=True,
            file__status=FileStatus.LIFTED,
            due_on__lte=follow_up_horizon(timezone.localdate()),
        )
        .count()
    )


def follow_up_for(user: Any, pk: int) -> FollowUp:
    """A follow-up of the user's subtrees (else 404) that the user may record (else 403)."""
    return FollowUp.objects.select_related("file", "file__org", "file__applicant").get_visible_or_404(
        user, VIEW, demand=MANAGE, pk=pk
    )


# ---- the file's card ---------------------------------------------------------------------------------------


def cycle_panel(*, user: Any, file: HardshipFile) -> dict[str, Any]:
    """The context of this part's card on the file page (`welfare/files/_cycle.html`): the next review date (and
    whether it is near or past), past reviews, follow-ups, and which of 复核 / 脱困 / 注销 the user may take."""
    if file.status not in STATS_STATES:  # not filed yet: the card has nothing to say
        return {"file": file, "shown": False}
    today = timezone.localdate()
    may_handle = can_handle_file(user, file)
    due = file.next_review_due
    return {
        "shown": True,
        "file": file,
        "today": today,
        "reviews": list(file.reviews.select_related("reviewed_by").order_by("-year", "-pk")),
        "follow_ups": list(file.follow_ups.select_related("done_by").order_by("-cycle", "due_on", "pk")),
        "review_overdue": due is not None and due < today,
        "review_soon": due is not None and today <= due <= review_horizon(today),
        "may_review": may_handle and file.status == FileStatus.FILED,
        "may_lift": may_handle and file.status == FileStatus.FILED,
        "may_close": may_handle and file.status in (FileStatus.FILED, FileStatus.LIFTED),
        "may_follow_up": may_handle and file.status == FileStatus.LIFTED,
        "ended": file.status in (FileStatus.LIFTED, FileStatus.CLOSED),
    }


# ---- 帮扶统计 (counts only) ---------------------------------------------------------------------------------

STATS_YEARS = 10
HIDDEN = f"<{MIN_CELL}"


@dataclass(frozen=True)
class StatsRow:
    """One child union (or 本级: files of the union itself): the shown cells, class by class and state by state
    (`HIDDEN` for any count under `MIN_CELL`, zero included), and the row total (None when a cell is hidden)."""

    label: str
    cells: list[str]
    total: str | None


@dataclass(frozen=True)
class StatsTable:
    union: Org
    rows: list[StatsRow]
    column_totals: list[str | None]
    total: str | None


def stats_columns() -> list[tuple[str, str]]:
    """(class label, state label) for each column, class by class."""
    return [(str(c.label), str(s.label)) for c in STATS_CLASSES for s in STATS_STATES]


def stats_years(today: dt.date | None = None) -> list[int]:
    """The years of 建档 offered: this year and the nine before (a fixed list, so it tells nothing)."""
    year = (today or timezone.localdate()).year
    return list(range(year, year - STATS_YEARS, -1))


def _shown(count: int) -> str:
    return str(count) if count >= MIN_CELL else HIDDEN


def _sum_if_all_shown(counts: list[int]) -> str | None:
    """A total only when every cell it sums is shown: nobody can subtract a hidden cell from it."""
    if not counts or any(count < MIN_CELL for count in counts):
        return None
    return str(sum(counts))


def stats_for_user(user: Any, year: int) -> list[StatsTable]:
    """帮扶统计 for the unions where the user holds `welfare.stats` (the top ones: one level only, so that no table
    is the total of another): per child union (and 本级), the files filed in `year` by decided class and by
    current state. Cells under `MIN_CELL` read `HIDDEN`; a row, column or grand total is shown only when every
    cell it sums is shown. No names: unions and numbers only."""
    tables = []
    keys = [(c.value, s.value) for c in STATS_CLASSES for s in STATS_STATES]
    step = Org.steplen
    for union in org_roots_for_user(user=user, action=STATS):
        children = list(
            Org.objects.filter(path__startswith=union.path, depth=union.depth + 1).order_by("path")
        )
        found = (
            HardshipFile.objects.filter(
                org__path__startswith=union.path,
                filed_at__year=year,
                decided_class__in=[c.value for c in STATS_CLASSES],
                status__in=[s.value for s in STATS_STATES],
            )
            .values("org__path", "decided_class", "status")
            .annotate(n=Count("pk"))
        )
        counts: dict[str, dict[tuple[str, str], int]] = {}
        for item in found:
            bucket = item["org__path"][: len(union.path) + step]  # the child's path, or the union's own
            per_key = counts.setdefault(bucket, {})
            key = (item["decided_class"], item["status"])
            per_key[key] = per_key.get(key, 0) + item["n"]
        grid = [(f"{union.name}（本级）", counts.get(union.path, {}))] + [
            (child.name, counts.get(child.path, {})) for child in children
        ]
        rows = []
        matrix = []
        for label, per_key in grid:
            values = [per_key.get(key, 0) for key in keys]
            matrix.append(values)
            rows.append(
                StatsRow(label=label, cells=[_shown(v) for v in values], total=_sum_if_all_shown(values))
            )
        columns = [[values[i] for values in matrix] for i in range(len(keys))]
        tables.append(
            StatsTable(
                union=union,
                rows=rows,
                column_totals=[_sum_if_all_shown(column) for column in columns],
                total=_sum_if_all_shown([v for values in matrix for v in values]),
            )
        )
    return tables

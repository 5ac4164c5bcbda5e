"""Selectors of part stats: the cadres' counts of 婚恋交友 per union of a subtree (the page, the export and the API
read the same `MatchStats`, every cell already a shown string: "<10" for 1–9), and the condition naming the members
with an active profile (the activities audience "婚恋交友平台的单身会员"). Nothing here returns a profile or a person."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from gonghui.accounts.choices import Gender
from gonghui.core.statistics import MIN_CELL, shown_count
from gonghui.members.choices import HOLDING_STATUSES
from gonghui.orgs.models import Org

from ..choices import ProfileStatus
from ..models import Interest, Invitation, MatchProfile
from ..permissions import STATS
from .profiles import AGE_BANDS, age_band

AGE_LABELS: tuple[str, ...] = tuple(label for label, _lo, _hi in AGE_BANDS)
COLUMNS: tuple[str, ...] = ("已加入会员", "女", "男", *AGE_LABELS, "本月新加入", "互相心动", "已退出")
SUPPRESSED = "—"
NOTE = (
    "为保护个人隐私，每个数字均不显示 1–9 的确切值（显示为“<10”）；为防止用合计减去其他数字推算出不足 10 人的数，"
    "必要时另有个别数字显示为“—”。任何工会干部都看不到谁加入了婚恋交友平台。"
    "已加入会员为展示中资料的在籍会员；年龄段按出生日期计算；互相心动按对数计，一对中任一方属于该行工会即计入该行"
    "（两人分属两行时两行各计一次，合计只计一次）；已退出为本年退出的人数。"
)


@dataclass
class Figures:
    """The raw counts of one row; only `shown()` leaves this module's callers' hands."""

    joined: int = 0
    women: int = 0
    men: int = 0
    ages: list[int] = field(default_factory=lambda: [0] * len(AGE_BANDS))
    new_this_month: int = 0
    mutual: int = 0
    withdrawn: int = 0

    def values(self) -> list[int]:
        return [
            self.joined,
            self.women,
            self.men,
            *self.ages,
            self.new_this_month,
            self.mutual,
            self.withdrawn,
        ]

    def shown(self, hidden: frozenset[int] = frozenset()) -> list[str]:
        """The row as a cadre may see it, in COLUMNS order; the cells in `hidden` (secondary suppression, see
        `_protect`) read "—"."""
        return [SUPPRESSED if i in hidden else shown_count(value) for i, value in enumerate(self.values())]


@dataclass
class StatsRow:
    label: str
    code: str
    drill: bool  # the union has unions below it: its code opens its own table
    figures: Figures = field(default_factory=Figures)
    hidden: frozenset[int] = (
        frozenset()
    )  # cells hidden so that no small cell can be worked out by subtraction

    @property
    def cells(self) -> list[str]:
        return self.figures.shown(self.hidden)


@dataclass
class MatchStats:
    root: Org
    today: dt.date
    rows: list[StatsRow]
    total: StatsRow

    @property
    def columns(self) -> tuple[str, ...]:
        return COLUMNS

    @property
    def note(self) -> str:
        return NOTE


# ---- who may see which subtree --------------------------------------------------------------------------------


def stats_roots(user: Any) -> list[Org]:
    """The unions the picker offers: every union in the user's subtrees for `matchmaking.stats`."""
    return list(
        Org.objects.visible_to(user, STATS).only("code", "name", "path", "depth", "numchild").order_by("path")
    )


def stats_root_for(user: Any, code: str) -> Org:
    """The union whose table the user asked for (404 outside their subtrees); without a code, the user's top
    union (404 when they have none)."""
    if code:
        return Org.objects.get_visible_or_404(user, STATS, code=code)
    top = Org.objects.visible_to(user, STATS).order_by("depth", "path").first()
    if top is None:
        raise Http404
    return top


def org_name(*, code: str) -> str:
    """The name of the union with this code ("" if none): the export's file name, once read for the user."""
    return Org.objects.filter(code=code).values_list("name", flat=True).first() or ""


# ---- the counts ---------------------------------------------------------------------------------------------


def _active() -> Q:
    return Q(status=ProfileStatus.ACTIVE, member__status__in=HOLDING_STATUSES)


def match_stats(root: Org, today: dt.date | None = None) -> MatchStats:
    """The counts of `root`'s subtree: 本级, then one row per direct child union with its subtree rolled up, and
    the total. A mutual pair counts in each row holding one of its two members, once in the total."""
    today = today or timezone.localdate()
    step = Org.steplen
    children = list(Org.objects.filter(path__startswith=root.path, depth=root.depth + 1).order_by("path"))
    rows = {root.path: StatsRow(label=f"{root.name}（本级）", code=root.code, drill=False)}
    for child in children:
        rows[child.path] = StatsRow(label=child.name, code=child.code, drill=bool(child.numchild))
    total = StatsRow(label="合计", code="", drill=False)

    def branch(path: str) -> str:
        return path[: len(root.path) + step] if len(path) > len(root.path) else root.path

    in_tree = Q(member__org__path__startswith=root.path)
    active = MatchProfile.objects.filter(in_tree & _active()).values_list(
        "member__org__path", "member__gender", "member__birth_date", "joined_at"
    )
    month = (today.year, today.month)
    for path, gender, birth, joined_at in active:
        figures = [rows[branch(path)].figures, total.figures]
        band = AGE_LABELS.index(age_band(birth, today))
        joined_month = timezone.localtime(joined_at).date() if joined_at else None
        for f in figures:
            f.joined += 1
            f.women += gender == Gender.FEMALE
            f.men += gender == Gender.MALE
            f.ages[band] += 1
            f.new_this_month += bool(joined_month and (joined_month.year, joined_month.month) == month)

    withdrawn = MatchProfile.objects.filter(
        in_tree,
        status__in=(ProfileStatus.WITHDRAWN, ProfileStatus.ERASED),
        withdrawn_at__year=today.year,
    ).values_list("member__org__path", flat=True)
    for path in withdrawn:
        rows[branch(path)].figures.withdrawn += 1
        total.figures.withdrawn += 1

    for paths in _mutual_pairs(root):
        for key in {branch(p) for p in paths if p.startswith(root.path)}:
            rows[key].figures.mutual += 1
        total.figures.mutual += 1

    listed = list(rows.values())
    _protect(listed, total)
    return MatchStats(root=root, today=today, rows=listed, total=total)


# Cells that add up to another shown cell: 女 + 男 and the age bands make up 已加入会员 in every row, and the rows
# make up the total in every column but 互相心动 (a pair across two rows counts in both).
ROW_PARTS = ((1, 2), (3, 4, 5, 6, 7, 8))
COLUMN_PARTS = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11)


def _hide_more(values: list[int], hidden: set[int]) -> bool:
    """Within one partition of a total that is shown exactly: while the hidden cells add up to 1–9 (a reader would
    get their sum by subtraction), hide the smallest shown non-zero cell too. True when a cell was added."""
    added = False
    while 0 < sum(values[i] for i in hidden) < MIN_CELL:
        rest = [i for i, value in enumerate(values) if i not in hidden and value > 0]
        if not rest:
            break
        hidden.add(min(rest, key=lambda i: values[i]))
        added = True
    return added


def _protect(rows: list[StatsRow], total: StatsRow) -> None:
    """Secondary suppression: a "<10" cell must not be recoverable from a shown total minus the shown parts. Runs
    over the row partitions and the column partitions until nothing changes; the cells it hides read "—"."""
    values = [row.figures.values() for row in rows]
    hidden = [{i for i, v in enumerate(vs) if 0 < v < MIN_CELL} for vs in values]
    changed = True
    while changed:
        changed = False
        for r, vs in enumerate(values):
            if vs[0] >= MIN_CELL and 0 not in hidden[r]:
                for part in ROW_PARTS:
                    cells = [vs[i] for i in part]
                    inner = {k for k, i in enumerate(part) if i in hidden[r]}
                    if _hide_more(cells, inner):
                        hidden[r] |= {part[k] for k in inner}
                        changed = True
        if len(rows) > 1:
            for c in COLUMN_PARTS:
                if total.figures.values()[c] < MIN_CELL:
                    continue
                cells = [vs[c] for vs in values]
                inner = {r for r in range(len(rows)) if c in hidden[r]}
                if _hide_more(cells, inner):
                    for r in inner:
                        hidden[r].add(c)
                    changed = True
    for row, cells_hidden in zip(rows, hidden, strict=True):
        row.hidden = frozenset(i for i in cells_hidden if not 0 < row.figures.values()[i] < MIN_CELL)


def _mutual_pairs(root: Org) -> Iterable[tuple[str, str]]:
    """The org paths of both members of each mutual pair between two active profiles, one of them in `root`'s
    subtree; each pair once."""
    reverse = Interest.objects.filter(
        from_profile=OuterRef("to_profile"), to_profile=OuterRef("from_profile")
    )
    pairs = (
        Interest.objects.filter(
            Q(from_profile__member__org__path__startswith=root.path)
            | Q(to_profile__member__org__path__startswith=root.path),
            from_profile__status=ProfileStatus.ACTIVE,
            from_profile__member__status__in=HOLDING_STATUSES,
            to_profile__status=ProfileStatus.ACTIVE,
            to_profile__member__status__in=HOLDING_STATUSES,
        )
        .filter(Exists(reverse))
        .values_list(
            "from_profile_id",
            "to_profile_id",
            "from_profile__member__org__path",
            "to_profile__member__org__path",
        )
    )
    for from_id, to_id, from_path, to_path in pairs:
        if from_id < to_id:
            yield from_path, to_path


# ---- the activities audience ----------------------------------------------------------------------------------


def singles_q(activity: Any = None) -> Q:
    """Members with an active 婚恋交友 profile, as a condition on `members.Member` (the activities audience adds
    the organiser's subtree and the holding statuses)."""
    return Q(pk__in=MatchProfile.objects.filter(status=ProfileStatus.ACTIVE).values("member_id"))


def invitation_sent(activity: Any) -> bool:
    """Have the invitations to `activity` gone out (once per activity)?"""
    return Invitation.objects.filter(activity_id=activity.pk).exists()

"""各级总览: every registered indicator source that names an overview `section` (core.registry.indicator_sources),
read for one union and for each of its child unions, grouped by section in a fixed order.

One `values_for` call per source for [org] + children, so the number of queries does not grow with the number of
child unions. A source is shown only to a user who may read its app on the union: a source keyed "<app>.<figure>"
needs "<app>.view" there, except the figures of members and orgs, which need "members.view" (the page's own
right). A figure the user may not read is never computed, so the overview leaks nothing of an app the user cannot
see."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import has_action
from gonghui.core.registry import IndicatorSource, IndicatorValue, Period, indicator_sources
from gonghui.orgs.models import Org

from .coverage import VIEW

# the overview's sections, in the order the page shows them
SECTIONS: tuple[str, ...] = (
    "会员与覆盖",
    "待办与超期",
    "网上办公",
    "网上维权",
    "网上答题",
    "活动与帮扶",
    "民主管理",
    "量化评价",
)
# apps whose figures are read with another app's right ("<app>.view" otherwise)
ACTION_FOR_APP: dict[str, str] = {"members": VIEW, "orgs": VIEW, "welfare": "welfare.stats"}
YEARS_SHOWN = 10  # the year picker: this year and the nine before it
# the big screen's ranking: this rate when it is registered and readable, else the first rate shown
SCREEN_RATE = "members.join_rate"
SCREEN_FIGURES_PER_SECTION = 2
NO_VALUE = "—"
EMPTY = IndicatorValue(value=None)


def source_action(source: IndicatorSource) -> str:
    """The right a user needs on a union to read this source's figures there."""
    app = source.key.split(".", 1)[0]
    return ACTION_FOR_APP.get(app, f"{app}.view")


def overview_sources_for(*, user: Actor, org: Org) -> list[IndicatorSource]:
    """The sources shown on `org`'s overview to `user`: those with a known section whose app the user may read
    on the union, in section order and then in the registry's order."""
    rank = {name: i for i, name in enumerate(SECTIONS)}
    shown = [s for s in indicator_sources if s.section in rank and has_action(user, source_action(s), org)]
    return sorted(shown, key=lambda s: rank[s.section])  # stable: the registry's order within a section


def figure_text(value: Decimal | None, kind: str = "") -> str:
    """A value as the page shows it: whole numbers without decimals, amounts to the fen, others to one
    decimal; "—" when there is no data."""
    if value is None:
        return NO_VALUE
    if value == value.to_integral_value():
        return str(int(value))
    places = Decimal("0.01") if kind == "amount" else Decimal("0.1")
    return str(value.quantize(places))


@dataclass(frozen=True)
class Figure:
    """One source's value for one union."""

    source: IndicatorSource
    value: IndicatorValue

    @property
    def text(self) -> str:
        return figure_text(self.value.value, self.source.kind)

    @property
    def attention(self) -> bool:
        """A figure that should be zero and is not (超期, 逾期 …): highlighted as needing attention."""
        return not self.source.higher_is_better and self.value.value is not None and self.value.value > 0

    @property
    def number(self) -> float | None:
        """The value for a chart."""
        return None if self.value.value is None else float(self.value.value)


@dataclass(frozen=True)
class ChildRow:
    org: Org
    figures: list[Figure]


@dataclass
class Section:
    name: str
    sources: list[IndicatorSource]
    own: list[Figure] = field(default_factory=list)
    rows: list[ChildRow] = field(default_factory=list)


@dataclass
class Overview:
    org: Org
    period: Period
    year: int
    children: list[Org]
    sections: list[Section]

    @property
    def figures(self) -> list[Figure]:
        return [f for s in self.sections for f in s.own]

    @property
    def attention_count(self) -> int:
        return sum(1 for f in self.figures if f.attention)


def overview_years(*, today: dt.date | None = None) -> list[int]:
    this_year = (today or timezone.localdate()).year
    return list(range(this_year, this_year - YEARS_SHOWN, -1))


def overview_year(raw: Any, *, today: dt.date | None = None) -> int:
    """The year asked for (?year=), else this year; a year outside the picker reads as this year."""
    years = overview_years(today=today)
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return years[0]
    return year if year in years else years[0]


def overview_period(year: int, *, today: dt.date | None = None) -> Period:
    """This year: from 1 January to today (本年至今); a past year: the whole year."""
    today = today or timezone.localdate()
    return Period.year_to(today) if year == today.year else Period.year(year)


def overview_children(*, user: Actor, org: Org) -> list[Org]:
    """The child unions of `org` the user may see, in tree order (one query)."""
    return list(
        Org.objects.visible_to(user, VIEW)
        .filter(path__startswith=org.path, depth=org.depth + 1)
        .order_by("path")
    )


def overview_for(*, user: Actor, org: Org, year: int, today: dt.date | None = None) -> Overview:
    """The overview of `org` for `year`: per shown section, the union's own figures and one row per child union.
    The union was read for the user (dashboard_root_get_for_user); one query for the children and one
    `values_for` call per source."""
    period = overview_period(year, today=today)
    children = overview_children(user=user, org=org)
    orgs = [org, *children]
    sections = {name: Section(name=name, sources=[]) for name in SECTIONS}
    values: dict[str, Mapping[int, IndicatorValue]] = {}
    for source in overview_sources_for(user=user, org=org):
        sections[source.section].sources.append(source)
        values[source.key] = source.values_for(orgs, period)
    for section in sections.values():
        section.own = [Figure(s, values[s.key].get(org.id, EMPTY)) for s in section.sources]
        section.rows = [
            ChildRow(child, [Figure(s, values[s.key].get(child.id, EMPTY)) for s in section.sources])
            for child in children
        ]
    return Overview(
        org=org,
        period=period,
        year=year,
        children=children,
        sections=[s for s in sections.values() if s.sources],
    )


@dataclass(frozen=True)
class Ranking:
    """Child unions ranked by one source (largest first; for a figure that should be low, the worst first)."""

    source: IndicatorSource
    entries: list[tuple[Org, Figure]]


def screen_figures(overview: Overview) -> list[tuple[str, list[Figure]]]:
    """The big screen's key figures: the first figures of each section."""
    return [(s.name, s.own[:SCREEN_FIGURES_PER_SECTION]) for s in overview.sections]


def _ranking(overview: Overview, source: IndicatorSource) -> Ranking:
    section = next(s for s in overview.sections if source in s.sources)
    index = section.sources.index(source)
    entries = [(row.org, row.figures[index]) for row in section.rows if row.figures[index].number is not None]
    entries.sort(key=lambda entry: -(entry[1].number or 0.0))
    return Ranking(source=source, entries=entries)


def screen_rankings(overview: Overview, *, limit: int = 3) -> list[Ranking]:
    """The big screen's charts: children ranked by 入会率 (or the first rate shown), by the first figure that
    needs attention (超期 …) and by the next rate or score, at most `limit`."""
    shown = [s for section in overview.sections for s in section.sources]
    rates = [s for s in shown if s.kind == "rate"]
    chosen: list[IndicatorSource] = []
    first = next((s for s in rates if s.key == SCREEN_RATE), rates[0] if rates else None)
    if first is not None:
        chosen.append(first)
    attention = next((s for s in shown if not s.higher_is_better), None)
    if attention is not None:
        chosen.append(attention)
    chosen += [s for s in shown if s.kind in ("rate", "score") and s not in chosen]
    return [_ranking(overview, s) for s in chosen[:limit]]

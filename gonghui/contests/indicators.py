"""The figure 劳动和技能竞赛 gives 量化评价 (core.registry.indicator_sources): contests.entries 参加竞赛人次 — the people
in entries made in the period by the unions of each union's subtree (`Entry.entrant_org`), one per person and entry.
Only first entries count: an entry made by promotion to a later round (`promoted_from`) is the same participation;
withdrawn entries and people taken out of an entry (`EntryMember.active` off) are left out. One grouped query per
tree depth (orgs.rollup)."""

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import IndicatorSource, IndicatorValue, Period, indicator_sources
from gonghui.orgs.rollup import rollup

from .choices import EntryStatus
from .models import EntryMember


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def entries(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    people = EntryMember.objects.filter(
        active=True,
        entry__promoted_from__isnull=True,
        entry__created_at__gte=_moment(period.start),
        entry__created_at__lt=_moment(period.end + dt.timedelta(days=1)),
    ).exclude(entry__status=EntryStatus.WITHDRAWN)
    figures = rollup(
        people,
        orgs,
        path_field="entry__entrant_org__path",
        n=Count("pk"),
        entries=Count("entry", distinct=True),
    )
    base = reverse("contests:list")
    return {
        org.id: IndicatorValue(
            value=Decimal(figures[org.id]["n"]),
            detail=f"报名 {figures[org.id]['entries']} 项，{figures[org.id]['n']} 人次",
            url=f"{base}?{urlencode({'year': period.end.year})}",
        )
        for org in orgs
    }


indicator_sources.register(
    "contests.entries",
    IndicatorSource(
        key="contests.entries",
        label="参加竞赛人次",
        unit="人",
        kind="count",
        values_for=entries,
        description=(
            "统计期内本级及下级工会报名参加劳动和技能竞赛的人次（按报名时间，每项报名中的每人计一次；"
            "晋级后的下一轮参赛不重复计算，已退赛、已换下的人员不计）。"
        ),
        order=80,
    ),
)

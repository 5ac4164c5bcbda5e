"""Analyses for tests, made through the services (figures gathered, first text written, timeline and audit rows)."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from gonghui.surveys.models import Survey, ThoughtAnalysis
from gonghui.surveys.services.analysis import analysis_draft, analysis_issue


def this_year() -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    return dt.date(today.year, 1, 1), today


def make_analysis(
    *, org: Any, actor: Any, surveys: Sequence[Survey] = (), issued: bool = False, **extra: Any
) -> ThoughtAnalysis:
    """A draft analysis of `org` for this year so far (or `period_start`/`period_end`), citing `surveys`; issued
    by `actor` when `issued`."""
    start, end = this_year()
    analysis = analysis_draft(
        org=org,
        actor=actor,
        period_start=extra.pop("period_start", start),
        period_end=extra.pop("period_end", end),
        surveys=surveys,
        title=extra.pop("title", ""),
    )
    if issued:
        analysis = analysis_issue(analysis=analysis, actor=actor)
    return analysis

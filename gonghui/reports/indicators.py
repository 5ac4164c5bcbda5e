"""The figures reports gives 量化评价 and the 各级总览 (core.registry.indicator_sources): 报送及时率 and 逾期未报, per
union as the reporting union (its own submissions and those of its subtree), as of the period's last day."""

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import IndicatorSource, IndicatorValue, Period, indicator_sources
from gonghui.core.statistics import percent_value
from gonghui.orgs.rollup import rollup

from .choices import OPEN_SUBMISSION, SubmissionStatus, TaskStatus
from .models import ReportSubmission

PENDING = "待办与超期"
OFFICE = "网上办公"
SENT = (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED)


def _sent_on() -> TruncDate:
    """The local day a submission was (last) sent."""
    return TruncDate("submitted_at", tzinfo=timezone.get_current_timezone())


def _published() -> Any:
    return ReportSubmission.objects.exclude(task__status=TaskStatus.DRAFT).annotate(sent_on=_sent_on())


def on_time_rate_values(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    """Submissions whose deadline falls in the period ÷ those sent (报送 or 通过, not returned) on or before the
    deadline — `ReportSubmission.is_late`'s definition read the other way."""
    due = _published().filter(task__deadline__gte=period.start, task__deadline__lte=period.end)
    on_time = Q(status__in=SENT, sent_on__lte=F("task__deadline"))
    counts = rollup(due, orgs, due=Count("id"), on_time=Count("id", filter=on_time))
    url = reverse("reports:inbox") + "?status=all&scope=subtree"
    out: dict[int, IndicatorValue] = {}
    for org in orgs:
        total, good = counts[org.id]["due"], counts[org.id]["on_time"]
        out[org.id] = IndicatorValue(
            value=percent_value(good, total),
            numerator=Decimal(good),
            denominator=Decimal(total),
            detail=f"按期报送 {good} ÷ 应报 {total}",
            url=url,
        )
    return out


def overdue_values(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    """Submissions whose deadline had passed by the end and which were not sent by then (still open — 未报送 or
    退回 — or sent only after the end)."""
    end = period.end
    late = (
        _published().filter(task__deadline__lt=end).filter(Q(status__in=OPEN_SUBMISSION) | Q(sent_on__gt=end))
    )
    counts = rollup(late, orgs, n=Count("id"))
    url = reverse("reports:inbox") + "?status=open&scope=subtree"
    return {
        org.id: IndicatorValue(
            value=Decimal(counts[org.id]["n"]), detail=f"逾期未报 {counts[org.id]['n']} 件", url=url
        )
        for org in orgs
    }


indicator_sources.register(
    "reports.on_time_rate",
    IndicatorSource(
        key="reports.on_time_rate",
        label="报送及时率",
        unit="%",
        kind="rate",
        values_for=on_time_rate_values,
        description=(
            "截止日期在期内的报送任务中，本级及下级工会作为报送单位的报送：截止日前（含当日）报送且未被退回的 ÷ 应报的。"
        ),
        section=OFFICE,
        order=30,
    ),
)
indicator_sources.register(
    "reports.overdue",
    IndicatorSource(
        key="reports.overdue",
        label="逾期未报",
        unit="件",
        kind="count",
        values_for=overdue_values,
        description="期末已过截止日期、到期末仍未报送（未报送、已退回，或期末后才报送）的报送，按报送单位归入本级及上级。",
        section=PENDING,
        higher_is_better=False,
        order=31,
    ),
)

"""xlsx exports of the case lists through the `spreadsheets` Exporter registry: small exports download at once,
large ones (more than `DIRECT_EXPORT_MAX_ROWS`) run as a background job with progress and a download link.

The list pages' filters travel as the export's params; each exporter parses them and scopes the rows to the
requesting user inside `count`/`rows` (the job runs without a request). Every value is written as text or number,
never as a formula; the spreadsheets export writes the EXPORT audit row ("导出法律咨询 N 行").

`legal_statistics` writes the statistics page as one workbook (one sheet per dimension), at once; the page's
filters (`statistics_params`, shared with the page) come as its params, the root union as `org`."""

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.core.excel import SheetSpec
from gonghui.core.spreadsheets import Exporter, exporters
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_statistics_root_for_user

from .choices import AidOutcome, AidStatus, ConsultationStatus, DisputeType, LegalCategory
from .models import Consultation, LegalAidApplication
from .permissions import VIEW
from .selectors import (
    LegalFigures,
    LegalStatistics,
    aid_list_for_user,
    consultation_list_for_user,
    legal_statistics,
    org_name_for_file,
)

CHUNK = 2000
CONSULTATIONS = "legal_consultations"
APPLICATIONS = "legal_aid"

CONSULTATION_HEADERS = (
    "编号",
    "受理工会",
    "咨询人",
    "渠道",
    "类别",
    "标题",
    "问题",
    "状态",
    "指派律师",
    "解答",
    "提交时间",
    "解答时间",
    "同意公开",
)
AID_HEADERS = (
    "编号",
    "受理工会",
    "申请人",
    "渠道",
    "争议类型",
    "涉及金额（元）",
    "对方当事人",
    "状态",
    "申请日期",
    "审查期限",
    "审查用时（工作日）",
    "承办律师",
    "不予援助理由",
    "办理结果",
    "挽回金额（元）",
    "结案日期",
)


def _choice(value: str, allowed: list[str]) -> str:
    return value if value in allowed else ""


def _text(params: Mapping[str, str], key: str) -> str:
    return (params.get(key) or "").strip()[:50]


def consultation_filters(params: Mapping[str, str]) -> dict[str, Any]:
    """The 法律咨询 list's filters from its query string (page and export share them)."""
    return {
        "status": _choice(params.get("status") or "", ConsultationStatus.values),
        "category": _choice(params.get("category") or "", LegalCategory.values),
        "query": _text(params, "q"),
    }


def aid_filters(params: Mapping[str, str]) -> dict[str, Any]:
    """The 法律援助申请 list's filters from its query string (page and export share them)."""
    return {
        "status": _choice(params.get("status") or "", AidStatus.values),
        "dispute_type": _choice(params.get("dispute_type") or "", DisputeType.values),
        "outcome": _choice(params.get("outcome") or "", AidOutcome.values),
        "query": _text(params, "q"),
        "overdue": params.get("overdue") == "1",
    }


def _local(value: Any) -> Any:
    return timezone.localtime(value).replace(tzinfo=None) if value is not None else ""


def _labels(model: Any, *fields: str) -> dict[str, dict[str, str]]:
    """{field: {code: label}} of coded columns, the lazy labels forced once per export rather than per row."""
    return {
        name: {code: str(label) for code, label in model._meta.get_field(name).flatchoices} for name in fields
    }


def _dated(label: str) -> str:
    return f"{label}-{timezone.localdate():%Y%m%d}.xlsx"


class ConsultationExporter(Exporter):
    """法律咨询: the list page's rows (scope `legal.view`, filters status/category/q)."""

    key = CONSULTATIONS
    label = "法律咨询"
    action = VIEW
    headers = CONSULTATION_HEADERS
    widths = (16, 24, 10, 8, 12, 30, 40, 8, 12, 40, 18, 18, 8)

    def _queryset(self, user: Actor, params: dict[str, str]) -> QuerySet[Consultation]:
        return consultation_list_for_user(user=user, **consultation_filters(params))

    def count(self, *, user: Actor, params: dict[str, str]) -> int:
        return self._queryset(user, params).count()

    def rows(self, *, user: Actor, params: dict[str, str]) -> Iterable[Sequence[Any]]:
        labels = _labels(Consultation, "channel", "category", "status")
        channel, category, status = labels["channel"], labels["category"], labels["status"]
        for c in self._queryset(user, params).iterator(chunk_size=CHUNK):
            yield [
                c.number,
                c.org.name,
                c.asker_name,
                channel.get(c.channel, c.channel),
                category.get(c.category, c.category),
                c.title,
                c.question,
                status.get(c.status, c.status),
                str(c.assigned_lawyer or ""),
                c.answer,
                _local(c.created_at),
                _local(c.answered_at),
                "是" if c.publish_consent else "否",
            ]

    def file_name(self, params: dict[str, str]) -> str:
        return _dated(self.label)


class AidApplicationExporter(Exporter):
    """法律援助申请: the list page's rows (scope `legal.view`, filters status/dispute_type/outcome/q/overdue)."""

    key = APPLICATIONS
    label = "法律援助申请"
    action = VIEW
    headers = AID_HEADERS
    widths = (16, 24, 10, 8, 14, 14, 24, 8, 12, 12, 12, 12, 24, 12, 14, 12)

    def _queryset(self, user: Actor, params: dict[str, str]) -> QuerySet[LegalAidApplication]:
        return aid_list_for_user(user=user, **aid_filters(params))

    def count(self, *, user: Actor, params: dict[str, str]) -> int:
        return self._queryset(user, params).count()

    def rows(self, *, user: Actor, params: dict[str, str]) -> Iterable[Sequence[Any]]:
        labels = _labels(LegalAidApplication, "channel", "dispute_type", "status", "outcome")
        channel, dispute, status, outcome = (
            labels[k] for k in ("channel", "dispute_type", "status", "outcome")
        )
        for a in self._queryset(user, params).iterator(chunk_size=CHUNK):
            yield [
                a.number,
                a.org.name,
                a.applicant_name,
                channel.get(a.channel, a.channel),
                dispute.get(a.dispute_type, a.dispute_type),
                float(a.amount_involved) if a.amount_involved is not None else "",
                a.opposing_party,
                status.get(a.status, a.status),
                a.submitted_on,
                a.review_due_on,
                a.review_workdays if a.review_workdays is not None else "",
                str(a.assigned_lawyer or ""),
                a.reject_reason,
                outcome.get(a.outcome, a.outcome),
                float(a.amount_recovered) if a.amount_recovered is not None else "",
                a.closed_on or "",
            ]

    def file_name(self, params: dict[str, str]) -> str:
        return _dated(self.label)


def register() -> None:
    """The case lists' and the statistics' exporters; called from LegalConfig.ready()."""
    exporters.register(CONSULTATIONS, ConsultationExporter())
    exporters.register(APPLICATIONS, AidApplicationExporter())
    exporters.register(STATISTICS, StatisticsExporter())


# --- statistics export ------------------------------------------------------------------------------------

STATISTICS = "legal_statistics"
STATS_HEADERS = ("法律咨询（件）", "援助申请（件）", "已结案（件）", "涉及金额（元）", "挽回金额（元）")
PERIODS = (
    ("", "全年", 1, 12),
    ("h1", "上半年", 1, 6),
    ("h2", "下半年", 7, 12),
    ("q1", "第一季度", 1, 3),
    ("q2", "第二季度", 4, 6),
    ("q3", "第三季度", 7, 9),
    ("q4", "第四季度", 10, 12),
)


@dataclass(frozen=True)
class StatisticsPeriod:
    """The statistics page's year and period (`period` "" is the whole year) and the dates they span."""

    year: int
    period: str
    period_label: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class StatisticsParams(StatisticsPeriod):
    """The statistics page's filters resolved for one user: the root union and the period."""

    root: Org


def statistics_period(params: Mapping[str, str]) -> StatisticsPeriod:
    """`year` (this year when missing or out of range) and `period` (全年 when unknown) from a query string."""
    today = timezone.localdate()
    try:
        year = int(params.get("year") or today.year)
    except ValueError:
        year = today.year
    if not 2000 <= year <= today.year + 1:
        year = today.year
    period = params.get("period") or ""
    _, period_label, first, last = next((p for p in PERIODS if p[0] == period), PERIODS[0])
    if period_label == PERIODS[0][1]:
        period = ""
    end = dt.date(year, last, calendar.monthrange(year, last)[1])
    return StatisticsPeriod(year, period, period_label, dt.date(year, first, 1), end)


def statistics_params(
    *, user: Actor, params: Mapping[str, str], current: Org | None = None
) -> StatisticsParams:
    """The statistics page's filters (page and export share them): the period, and the root union `org` resolved
    through the scoped selector (a union out of the user's `legal.view` scope: 404; none at all: 403), else
    `current` (the workspace union), else the user's first top union."""
    period = statistics_period(params)
    root = org_statistics_root_for_user(
        user=user, action=VIEW, code=(params.get("org") or "").strip()[:50], current=current
    )
    return StatisticsParams(**vars(period), root=root)


def statistics_for(*, user: Actor, params: StatisticsParams) -> LegalStatistics:
    return legal_statistics(user=user, within=params.root, start=params.start, end=params.end)


def _period_text(stats: LegalStatistics) -> str:
    if stats.start is None or stats.end is None:
        return "全部时间"
    return f"{stats.start:%Y-%m-%d} 至 {stats.end:%Y-%m-%d}"


def statistics_sheets(stats: LegalStatistics) -> list[SheetSpec]:
    """The statistics as sheets (one per dimension), values only."""
    root = stats.root
    scope = f"{root.name}及其下级工会" if root is not None else "本人可见的全部工会"
    note = f"统计范围：{scope}；期间：{_period_text(stats)}（咨询按提交时间，援助申请按申请日期）"

    def row(label: str, f: LegalFigures) -> list[Any]:
        return [
            label,
            f.consultations,
            f.applications,
            f.closed,
            float(f.amount_involved),
            float(f.amount_recovered),
        ]

    def counts(first: str, data: list[tuple[str, int]]) -> SheetSpec:
        return SheetSpec(first, (first, "件数"), [[label, n] for label, n in data], (24,), notes=(note,))

    average = stats.average_review_workdays
    summary: list[list[Any]] = [
        ["法律咨询（件）", stats.consultations],
        ["法律援助申请（件）", stats.applications],
        ["涉及金额（元）", float(stats.amount_involved)],
        ["挽回金额（元）", float(stats.amount_recovered)],
        ["已审查（件）", stats.reviewed],
        ["平均审查用时（工作日）", "" if average is None else average],
        ["超期审查（件）", stats.reviewed_late],
        ["当前超期未审查（件）", stats.overdue_now],
    ]
    sheets = [
        SheetSpec("汇总", ("指标", "数值"), summary, (28, 16), notes=(note,)),
        counts(
            "咨询状态",
            [(str(label), stats.consultations_by_status[v]) for v, label in ConsultationStatus.choices],
        ),
        counts(
            "援助申请状态", [(str(label), stats.applications_by_status[v]) for v, label in AidStatus.choices]
        ),
        counts("办理结果", [(str(label), stats.outcomes[v]) for v, label in AidOutcome.choices]),
        SheetSpec(
            "按月份",
            ("月份", *STATS_HEADERS),
            [row(r.label, r.figures) for r in stats.by_month],
            (12,),
            notes=(note,),
        ),
    ]
    if root is not None:
        own = root.short_name or root.name
        sheets.append(
            SheetSpec(
                "按下级工会",
                ("工会", *STATS_HEADERS),
                [*(row(r.label, r.figures) for r in stats.by_org), row(f"{own}（本级）", stats.own)],
                (28,),
                notes=(note,),
            )
        )
    return sheets


class StatisticsExporter(Exporter):
    """法律服务统计: the statistics page as one workbook, written at once (aggregates, no row per person). The
    page's button posts its filters `org`/`year`/`period`; `org` is resolved through the scoped selector."""

    key = STATISTICS
    label = "法律服务统计"
    action = VIEW

    def count(self, *, user: Actor, params: dict[str, str]) -> int:
        return 0

    def sheets(self, *, user: Actor, params: dict[str, str]) -> list[SheetSpec]:
        query = statistics_params(user=user, params=params)
        return statistics_sheets(statistics_for(user=user, params=query))

    def file_name(self, params: dict[str, str]) -> str:
        """法律服务统计-<root union>-<year><period>.xlsx (called once `sheets` has resolved the root)."""
        period = statistics_period(params)
        name = org_name_for_file(code=(params.get("org") or "").strip()[:50])
        return f"{self.label}-{name + '-' if name else ''}{period.year}{period.period_label}.xlsx"

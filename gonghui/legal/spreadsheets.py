"""xlsx exports of the case lists through the `spreadsheets` Exporter registry: small exports download at once,
large ones (more than `DIRECT_EXPORT_MAX_ROWS`) run as a background job with progress and a download link.

The list pages' filters travel as the export's params; each exporter parses them and scopes the rows to the
requesting user inside `count`/`rows` (the job runs without a request). Every value is written as text or number,
never as a formula; the spreadsheets export writes the EXPORT audit row ("导出法律咨询 N 行").

`legal_statistics_export` writes the statistics page as one workbook (one sheet per dimension) and its audit row."""

import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.excel import SheetSpec, write_workbook
from gonghui.core.models import AuditAction
from gonghui.core.spreadsheets import Exporter, exporters

from .choices import AidOutcome, AidStatus, ConsultationStatus, DisputeType, LegalCategory
from .models import Consultation, LegalAidApplication
from .permissions import VIEW
from .selectors import LegalFigures, LegalStatistics, aid_list_for_user, consultation_list_for_user

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
        for c in self._queryset(user, params).iterator(chunk_size=CHUNK):
            yield [
                c.number,
                c.org.name,
                c.asker_name,
                c.get_channel_display(),
                c.get_category_display(),
                c.title,
                c.question,
                c.get_status_display(),
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
        for a in self._queryset(user, params).iterator(chunk_size=CHUNK):
            yield [
                a.number,
                a.org.name,
                a.applicant_name,
                a.get_channel_display(),
                a.get_dispute_type_display(),
                float(a.amount_involved) if a.amount_involved is not None else "",
                a.opposing_party,
                a.get_status_display(),
                a.submitted_on,
                a.review_due_on,
                a.review_workdays if a.review_workdays is not None else "",
                str(a.assigned_lawyer or ""),
                a.reject_reason,
                a.get_outcome_display() if a.outcome else "",
                float(a.amount_recovered) if a.amount_recovered is not None else "",
                a.closed_on or "",
            ]

    def file_name(self, params: dict[str, str]) -> str:
        return _dated(self.label)


def register() -> None:
    """The case lists' exporters; called from LegalConfig.ready()."""
    exporters.register(CONSULTATIONS, ConsultationExporter())
    exporters.register(APPLICATIONS, AidApplicationExporter())


# --- statistics export ------------------------------------------------------------------------------------

STATS_HEADERS = ("法律咨询（件）", "援助申请（件）", "已结案（件）", "涉及金额（元）", "挽回金额（元）")


def _period_text(stats: LegalStatistics) -> str:
    if stats.start is None or stats.end is None:
        return "全部时间"
    return f"{stats.start:%Y-%m-%d} 至 {stats.end:%Y-%m-%d}"


def legal_statistics_export(*, stats: LegalStatistics, actor: Actor, context: AuditContext) -> bytes:
    """The statistics as xlsx (one sheet per dimension), values only; audited against the root union."""
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
    buffer = io.BytesIO()
    write_workbook(buffer, sheets)
    audit_log(
        action=AuditAction.EXPORT,
        actor=actor,
        context=context,
        subject=root,
        org_id=root.pk if root is not None else None,
        summary=f"导出{root.name if root is not None else ''}法律服务统计（{_period_text(stats)}）",
        detail={
            "org": root.code if root is not None else "",
            "start": stats.start.isoformat() if stats.start else "",
            "end": stats.end.isoformat() if stats.end else "",
        },
    )
    return buffer.getvalue()

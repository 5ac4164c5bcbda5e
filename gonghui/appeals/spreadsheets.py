"""The case desk's export (诉求清单) through the `spreadsheets` Exporter registry: small exports download at once,
large ones (more than `DIRECT_EXPORT_MAX_ROWS`) run as a background job with progress and a download link.

The export runs without a request (possibly in a worker), so scope and anonymity are evaluated here for the
requesting user, exactly as on the desk: the rows are `appeal_list_for_user` with the desk's filters, and the
requester column is `Appeal.requester_label` — an anonymous case reads 匿名 for everyone (an identity is only
ever shown through the audited reveal on the case page); no phone number is exported. The spreadsheets export
writes the EXPORT audit row ("导出诉求清单 N 行").

诉求统计 (`appeal_stats`) is the statistics page's workbook through the same registry: the page's 导出 Excel button
posts to `spreadsheets:export_start` with the page's query string (`org` = the root union's code, `start`, `end`,
`category`, `channel`), read by `stats_filters` exactly as the page reads it (a root out of the user's scope: 404);
one sheet per dimension, written at once (`count` is 0), audited by the spreadsheets export ("导出诉求统计 N 行")."""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.core.excel import SheetSpec
from gonghui.core.spreadsheets import Exporter, exporters
from gonghui.orgs.models import Org

from .choices import AppealChannel, AppealStatus, Rating
from .models import Appeal
from .permissions import VIEW, VIEW_ASSIGNED
from .selectors import appeal_list_for_user, appeal_stats, stats_filters
from .stats import AppealStats, Figures, StatsRow, stats_period

CHUNK = 2000
APPEALS = "appeals"
APPEAL_STATS = "appeal_stats"
SLA_FILTERS = (("overdue", "已超期"), ("due_soon", "即将到期"), ("paused", "暂停计时"))
EXPORT_HEADERS = (
    "诉求编号",
    "标题",
    "类别",
    "渠道",
    "办理工会",
    "申请人",
    "状态",
    "提交日期",
    "受理期限",
    "答复期限",
    "曾超期",
    "办理用时（工作日）",
    "重办次数",
    "评价",
)


def desk_filters(params: Mapping[str, str]) -> dict[str, Any]:
    """The desk's filters from its query string (the page and the export share them)."""
    status = params.get("status") or ""
    if status not in AppealStatus.values and status != "open":
        status = ""
    sla = params.get("sla") or ""
    if sla not in dict(SLA_FILTERS):
        sla = ""
    return {
        "status": status,
        "category": (params.get("category") or "").strip()[:30],
        "sla": sla,
        "mine": params.get("mine") == "1",
        "query": (params.get("q") or "").strip()[:50],
    }


def row_labels() -> dict[str, dict[str, str]]:
    """{field: {code: label}} of the coded columns, the lazy labels forced once per export rather than per row."""
    coded = {"channel": AppealChannel, "status": AppealStatus, "rating": Rating}
    return {name: {code: str(label) for code, label in choices.choices} for name, choices in coded.items()}


def appeal_row(a: Appeal, labels: dict[str, dict[str, str]]) -> list[Any]:
    """One row of 诉求清单; `labels` from `row_labels`."""
    return [
        a.number,
        a.title,
        a.category.name,
        labels["channel"].get(a.channel, a.channel),
        a.org.name,
        a.requester_label,  # never the identity of an anonymous case
        labels["status"].get(a.status, a.status),
        a.submitted_on,
        a.accept_due,
        a.reply_due,
        "是" if a.was_overdue else "否",
        a.handling_workdays if a.handling_workdays is not None else "",
        a.reopen_count,
        labels["rating"].get(a.rating, a.rating),
    ]


class AppealExporter(Exporter):
    """诉求清单: the desk's rows for the requesting user (handlers by scope and designations, supervisors their
    subtree, lawyers their assigned cases); whoever may open the desk may export it (`is_desk_user`)."""

    key = APPEALS
    label = "诉求清单"
    action = VIEW
    also_actions = (VIEW_ASSIGNED,)  # the desk's rule (`is_desk_user`): lawyers export their assigned cases
    headers = EXPORT_HEADERS
    widths = (16, 30, 12, 10, 24, 10, 10, 12, 12, 12)

    def _queryset(self, user: Actor, params: dict[str, str]) -> QuerySet[Appeal]:
        return appeal_list_for_user(user=user, **desk_filters(params))

    def count(self, *, user: Actor, params: dict[str, str]) -> int:
        return self._queryset(user, params).count()

    def rows(self, *, user: Actor, params: dict[str, str]) -> Iterable[Sequence[Any]]:
        labels = row_labels()
        for appeal in self._queryset(user, params).iterator(chunk_size=CHUNK):
            yield appeal_row(appeal, labels)

    def file_name(self, params: dict[str, str]) -> str:
        return f"{self.label}-{timezone.localdate():%Y%m%d}.xlsx"


STATS_HEADERS = (
    "诉求数",
    "受理率(%)",
    "平均办理用时（工作日）",
    "P90办理用时（工作日）",
    "超期率(%)",
    "重办率(%)",
    "满意度(%)",
    "满意",
    "基本满意",
    "不满意",
)


def _stats_values(f: Figures) -> list[Any]:
    def blank(value: Any) -> Any:
        return "" if value is None else value

    return [
        f.count,
        blank(f.acceptance_rate),
        blank(f.avg_handling),
        blank(f.p90_handling),
        blank(f.overdue_rate),
        blank(f.reopen_rate),
        blank(f.satisfaction_rate),
        f.satisfied,
        f.fairly,
        f.unsatisfied,
    ]


def appeal_stats_sheets(stats: AppealStats) -> list[SheetSpec]:
    """The statistics as sheets, one per dimension (汇总, 按类别, 按工会 with the root's own cases, 按月份, 按渠道)."""
    note = (
        f"统计范围：{stats.root.name}及其下级工会；提交日期 {stats.start:%Y-%m-%d} 至 {stats.end:%Y-%m-%d}；"
        "受理率 = 已受理 ÷ 已作出受理决定；满意度 = (满意 + 基本满意) ÷ 已评价"
    )

    def sheet(name: str, first: str, rows: Iterable[StatsRow]) -> SheetSpec:
        return SheetSpec(
            name,
            (first, *STATS_HEADERS),
            [[row.label, *_stats_values(row.figures)] for row in rows],
            (24,),
            notes=(note,),
        )

    own = [StatsRow(key="own", label=f"{stats.root.name}（本级）", figures=stats.own)]
    total = [StatsRow(key="total", label="合计", figures=stats.total)]
    return [
        sheet("汇总", "范围", total),
        sheet("按类别", "类别", stats.by_category),
        sheet("按工会", "工会", [*stats.by_org, *own]),
        sheet("按月份", "月份", stats.by_month),
        sheet("按渠道", "渠道", stats.by_channel),
    ]


class AppealStatsExporter(Exporter):
    """诉求统计: the statistics page's figures for the root union `org` and the page's filters; whoever may open
    the page (`VIEW` somewhere) may start it, and the root is resolved in their scope."""

    key = APPEAL_STATS
    label = "诉求统计"
    action = VIEW

    def count(self, *, user: Actor, params: dict[str, str]) -> int:
        return 0  # aggregates: always written at once

    def sheets(self, *, user: Actor, params: dict[str, str]) -> list[SheetSpec]:
        return appeal_stats_sheets(appeal_stats(user=user, **stats_filters(user=user, params=params)))

    def file_name(self, params: dict[str, str]) -> str:
        """诉求统计-<root union>-<start>-<end>.xlsx (called after `sheets` has checked the root's scope)."""
        start, end = stats_period(params)
        code = params.get("org", "").strip()[:50]
        name = Org.objects.filter(code=code).values_list("name", flat=True).first() if code else None
        union = f"-{name}" if name else ""
        return f"{self.label}{union}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"


def register() -> None:
    """Called from AppealsConfig.ready()."""
    exporters.register(APPEALS, AppealExporter())
    exporters.register(APPEAL_STATS, AppealStatsExporter())

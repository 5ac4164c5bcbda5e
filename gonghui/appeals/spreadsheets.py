"""The case desk's export (诉求清单) through the `spreadsheets` Exporter registry: small exports download at once,
large ones (more than `DIRECT_EXPORT_MAX_ROWS`) run as a background job with progress and a download link.

The export runs without a request (possibly in a worker), so scope and anonymity are evaluated here for the
requesting user, exactly as on the desk: the rows are `appeal_list_for_user` with the desk's filters, and the
requester column is `Appeal.requester_label` — an anonymous case reads 匿名 for everyone (an identity is only
ever shown through the audited reveal on the case page); no phone number is exported. The spreadsheets export
writes the EXPORT audit row ("导出诉求清单 N 行")."""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.core.spreadsheets import Exporter, exporters

from .choices import AppealStatus
from .models import Appeal
from .permissions import VIEW, VIEW_ASSIGNED
from .selectors import appeal_list_for_user

CHUNK = 2000
APPEALS = "appeals"
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


def appeal_row(a: Appeal) -> list[Any]:
    return [
        a.number,
        a.title,
        a.category.name,
        a.get_channel_display(),
        a.org.name,
        a.requester_label,  # never the identity of an anonymous case
        a.get_status_display(),
        a.submitted_on,
        a.accept_due,
        a.reply_due,
        "是" if a.was_overdue else "否",
        a.handling_workdays if a.handling_workdays is not None else "",
        a.reopen_count,
        a.get_rating_display() if a.rating else "",
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
        for appeal in self._queryset(user, params).iterator(chunk_size=CHUNK):
            yield appeal_row(appeal)

    def file_name(self, params: dict[str, str]) -> str:
        return f"{self.label}-{timezone.localdate():%Y%m%d}.xlsx"


def register() -> None:
    """Called from AppealsConfig.ready()."""
    exporters.register(APPEALS, AppealExporter())

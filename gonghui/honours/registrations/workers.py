"""Registrations of 评选表彰 — part `workers`: the visit owner kind `honours.modelworker` (a 劳模's visits are
`visits.Visit` rows owned by the registry row, made by its union) and the xlsx exporters of the registry
(`honours_workers`) and of the 助力脱贫攻坚 actions (`honours_actions`)."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from gonghui.core.spreadsheets import Exporter, exporters
from gonghui.visits.owners import VisitOwnerKind, visit_owner_kinds

from ..models import ModelWorker, PovertyAction
from ..permissions import VIEW, can_manage_for
from ..selectors.workers import action_filters, action_list_for_user, worker_filters, worker_list_for_user

WORKER_OWNER = "honours.modelworker"
WORKERS_EXPORT = "honours_workers"
ACTIONS_EXPORT = "honours_actions"
CHUNK = 2000


def _dated(label: str) -> str:
    return f"{label}-{timezone.localdate():%Y%m%d}.xlsx"


class WorkerExporter(Exporter):
    """劳模工匠名册: the registry page's rows (scope `honours.view`, its filters); no ID number or phone."""

    key = WORKERS_EXPORT
    label = "劳模工匠名册"
    action = VIEW
    headers = (
        "序号",
        "姓名",
        "类别",
        "级别",
        "荣誉称号",
        "获得年度",
        "工作单位",
        "职务/岗位",
        "所在工会",
        "状态",
        "在册会员",
        "备注",
    )
    widths = (6, 10, 12, 8, 24, 10, 24, 14, 24, 10, 8, 30)

    def _queryset(self, user: Any, params: dict[str, str]) -> QuerySet[ModelWorker]:
        return worker_list_for_user(user, worker_filters(params))

    def count(self, *, user: Any, params: dict[str, str]) -> int:
        return self._queryset(user, params).count()

    def rows(self, *, user: Any, params: dict[str, str]) -> Iterable[Sequence[Any]]:
        for number, w in enumerate(self._queryset(user, params).iterator(chunk_size=CHUNK), start=1):
            yield [
                number,
                w.name,
                w.get_kind_display(),
                w.get_level_display(),
                w.title,
                w.year,
                w.unit_name,
                w.position,
                w.org.name,
                w.get_status_display(),
                "是" if w.member_id else "否",
                w.note,
            ]

    def file_name(self, params: dict[str, str]) -> str:
        return _dated(self.label)


class ActionExporter(Exporter):
    """助力脱贫攻坚行动: the action list's rows (scope `honours.view`, its filters)."""

    key = ACTIONS_EXPORT
    label = "助力脱贫攻坚行动"
    action = VIEW
    headers = (
        "序号",
        "劳模/先进集体",
        "行动类别",
        "行动内容",
        "地点",
        "开始日期",
        "结束日期",
        "合作对象",
        "成效",
        "受益人数",
        "登记工会",
    )
    widths = (6, 20, 14, 30, 20, 12, 12, 20, 40, 10, 24)

    def _queryset(self, user: Any, params: dict[str, str]) -> QuerySet[PovertyAction]:
        return action_list_for_user(user, action_filters(params))

    def count(self, *, user: Any, params: dict[str, str]) -> int:
        return self._queryset(user, params).count()

    def rows(self, *, user: Any, params: dict[str, str]) -> Iterable[Sequence[Any]]:
        for number, a in enumerate(self._queryset(user, params).iterator(chunk_size=CHUNK), start=1):
            yield [
                number,
                a.worker.name if a.worker is not None else a.collective_name,
                a.get_kind_display(),
                a.title,
                a.place,
                a.started_on,
                a.ended_on or "",
                a.partners,
                a.results,
                a.beneficiaries if a.beneficiaries is not None else "",
                a.org.name,
            ]

    def file_name(self, params: dict[str, str]) -> str:
        return _dated(self.label)


def _can_view(user: Any, worker: ModelWorker) -> bool:
    return ModelWorker.objects.visible_to(user, VIEW).filter(pk=worker.pk).exists()


def register() -> None:
    if WORKER_OWNER not in visit_owner_kinds:
        visit_owner_kinds.register(
            WORKER_OWNER,
            VisitOwnerKind(
                key=WORKER_OWNER,
                label="劳模工匠",
                view_action=VIEW,
                can_manage=lambda user, worker: can_manage_for(user, worker.org),
                can_view=_can_view,
                org_of=lambda worker: worker.org,
            ),
        )
    if WORKERS_EXPORT not in exporters:
        exporters.register(WORKERS_EXPORT, WorkerExporter())
    if ACTIONS_EXPORT not in exporters:
        exporters.register(ACTIONS_EXPORT, ActionExporter())

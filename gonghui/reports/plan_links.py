"""报送 records a 工作要点 item can link to (core.registry.plan_record_kinds): the 报送任务."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.urls import reverse

from gonghui.core.registry import PlanRecordKind, PlanRecordRef, plan_record_kinds

from .choices import TaskStatus
from .models import ReportTask
from .permissions import VIEW

LIMIT = 20  # candidates offered per search


def task_ref(record: ReportTask) -> PlanRecordRef:
    return PlanRecordRef(
        object_id=record.pk,
        title=record.title,
        state=record.get_status_display(),
        done=record.status == TaskStatus.CLOSED,
        url=reverse("reports:task_detail", args=[record.public_id]),
        on=record.deadline,
    )


def task_candidates(user: Any, query: str) -> list[PlanRecordRef]:
    """The 报送任务 records the user may see, matching the query on the title, newest first."""
    qs = ReportTask.objects.visible_to(user, VIEW)
    if query:
        qs = qs.filter(title__icontains=query)
    return [task_ref(r) for r in qs.order_by("-created_at", "-id")[:LIMIT]]


def task_records(ids: Sequence[int]) -> Mapping[int, PlanRecordRef]:
    """The linked 报送任务 records by id, in one query (a deleted one is missing)."""
    return {r.pk: task_ref(r) for r in ReportTask.objects.filter(pk__in=list(ids))}


plan_record_kinds.register(
    "reports.report_task",
    PlanRecordKind(
        key="reports.report_task",
        label="报送任务",
        candidates=task_candidates,
        records=task_records,
        order=50,
    ),
)

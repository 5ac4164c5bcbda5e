"""报送 records a 工作要点 item can link to (core.registry.plan_record_kinds): the 报送任务."""

from django.urls import reverse

from gonghui.core.registry import PlanRecordRef, plan_record_kind_of, plan_record_kinds

from .choices import TaskStatus
from .models import ReportTask
from .permissions import VIEW


def task_ref(record: ReportTask) -> PlanRecordRef:
    return PlanRecordRef(
        object_id=record.pk,
        title=record.title,
        state=record.get_status_display(),
        done=record.status == TaskStatus.CLOSED,
        url=reverse("reports:task_detail", args=[record.public_id]),
        on=record.deadline,
    )


plan_record_kinds.register(
    "reports.report_task",
    plan_record_kind_of(
        key="reports.report_task",
        label="报送任务",
        model=ReportTask,
        action=VIEW,
        ref=task_ref,
        order=50,
    ),
)

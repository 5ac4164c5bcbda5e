"""问卷调查与课题研究 records a 工作要点 item can link to (core.registry.plan_record_kinds): the 问卷 and the 课题."""

from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import PlanRecordRef, plan_record_kind_of, plan_record_kinds

from .choices import ProjectStatus, SurveyStatus
from .models import ResearchProject, Survey
from .permissions import VIEW


def survey_ref(record: Survey) -> PlanRecordRef:
    return PlanRecordRef(
        object_id=record.pk,
        title=record.title,
        state=record.get_status_display(),
        done=record.status == SurveyStatus.CLOSED,
        url=reverse("surveys:survey_detail", args=[record.public_id]),
        on=timezone.localdate(record.opens_at) if record.opens_at else None,
    )


plan_record_kinds.register(
    "surveys.survey",
    plan_record_kind_of(
        key="surveys.survey",
        label="问卷",
        model=Survey,
        action=VIEW,
        ref=survey_ref,
        order=90,
    ),
)


def project_ref(record: ResearchProject) -> PlanRecordRef:
    return PlanRecordRef(
        object_id=record.pk,
        title=record.title,
        state=record.get_status_display(),
        done=record.status == ProjectStatus.CONCLUDED,
        url=reverse("surveys:project_detail", args=[record.public_id]),
        on=timezone.localdate(record.approved_at) if record.approved_at else None,
    )


plan_record_kinds.register(
    "surveys.research_project",
    plan_record_kind_of(
        key="surveys.research_project",
        label="课题",
        model=ResearchProject,
        action=VIEW,
        ref=project_ref,
        order=91,
    ),
)

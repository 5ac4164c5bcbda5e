"""问卷调查与课题研究 records a 工作要点 item can link to (core.registry.plan_record_kinds): the 问卷 and the 课题."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import PlanRecordKind, PlanRecordRef, plan_record_kinds

from .choices import ProjectStatus, SurveyStatus
from .models import ResearchProject, Survey
from .permissions import VIEW

LIMIT = 20  # candidates offered per search


def survey_ref(record: Survey) -> PlanRecordRef:
    return PlanRecordRef(
        object_id=record.pk,
        title=record.title,
        state=record.get_status_display(),
        done=record.status == SurveyStatus.CLOSED,
        url=reverse("surveys:survey_detail", args=[record.public_id]),
        on=timezone.localdate(record.opens_at) if record.opens_at else None,
    )


def survey_candidates(user: Any, query: str) -> list[PlanRecordRef]:
    """The 问卷 records the user may see, matching the query on the title, newest first."""
    qs = Survey.objects.visible_to(user, VIEW)
    if query:
        qs = qs.filter(title__icontains=query)
    return [survey_ref(r) for r in qs.order_by("-created_at", "-id")[:LIMIT]]


def survey_records(ids: Sequence[int]) -> Mapping[int, PlanRecordRef]:
    """The linked 问卷 records by id, in one query (a deleted one is missing)."""
    return {r.pk: survey_ref(r) for r in Survey.objects.filter(pk__in=list(ids))}


plan_record_kinds.register(
    "surveys.survey",
    PlanRecordKind(
        key="surveys.survey",
        label="问卷",
        candidates=survey_candidates,
        records=survey_records,
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


def project_candidates(user: Any, query: str) -> list[PlanRecordRef]:
    """The 课题 records the user may see, matching the query on the title, newest first."""
    qs = ResearchProject.objects.visible_to(user, VIEW)
    if query:
        qs = qs.filter(title__icontains=query)
    return [project_ref(r) for r in qs.order_by("-created_at", "-id")[:LIMIT]]


def project_records(ids: Sequence[int]) -> Mapping[int, PlanRecordRef]:
    """The linked 课题 records by id, in one query (a deleted one is missing)."""
    return {r.pk: project_ref(r) for r in ResearchProject.objects.filter(pk__in=list(ids))}


plan_record_kinds.register(
    "surveys.research_project",
    PlanRecordKind(
        key="surveys.research_project",
        label="课题",
        candidates=project_candidates,
        records=project_records,
        order=91,
    ),
)

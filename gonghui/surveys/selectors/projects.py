"""Reads of part projects: the 课题 registry a cadre sees (projects of the unions in their subtrees — the applying
union's own, and every application to a call of theirs, since an applicant is always in the call's subtree), a
project with its side (applicant: surveys.manage on `project.org`; call: surveys.manage on `project.call.org`),
the actions its state allows each side, and the closed surveys an applicant may attach to its 结项 report."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gonghui.accounts.scoping import has_action
from gonghui.attachments.models import Attachment
from gonghui.attachments.selectors import attachments_of
from gonghui.orgs.models import Org

from ..choices import MidtermResult, ProjectStatus, SurveyStatus
from ..models import ResearchProject, Survey
from ..permissions import MANAGE, VIEW
from .calls import can_decide_application, can_edit_application, review_finished

# the states of a project after 立项: the registry lists these (applications before 立项 are the calls part's)
REGISTERED = (
    ProjectStatus.APPROVED,
    ProjectStatus.MIDTERM,
    ProjectStatus.CONCLUDING,
    ProjectStatus.CONCLUDED,
    ProjectStatus.TERMINATED,
)
# the states in which the call's union may 撤项
LIVE = (ProjectStatus.APPROVED, ProjectStatus.MIDTERM, ProjectStatus.CONCLUDING)


def project_list(
    user: Any,
    *,
    query: str = "",
    year: int | None = None,
    topic: str = "",
    status: str = "",
    org: Org | None = None,
) -> QuerySet[ResearchProject]:
    """The registry: the approved projects (and those after 立项) the user sees, newest year first, by number."""
    projects = (
        ResearchProject.objects.visible_to(user, VIEW)
        .filter(status__in=REGISTERED)
        .select_related("call", "call__org", "org")
    )
    if query:
        projects = projects.filter(
            Q(title__icontains=query) | Q(number__icontains=query) | Q(leader_name__icontains=query)
        )
    if year:
        projects = projects.filter(call__year=year)
    if topic:
        projects = projects.filter(topic=topic)
    if status:
        projects = projects.filter(status=status)
    if org is not None:
        projects = projects.filter(org__path__startswith=org.path)
    return projects.order_by("-call__year", "number", "-pk")


def project_counts(projects: QuerySet[ResearchProject]) -> list[tuple[str, int]]:
    """How many of the listed projects are in each state (one query), in the order of the states."""
    counts = dict(projects.order_by().values_list("status").annotate(n=Count("pk")))
    return [(str(s.label), counts[s.value]) for s in ProjectStatus if counts.get(s.value)]


def project_years(user: Any) -> list[int]:
    years = set(
        ResearchProject.objects.visible_to(user, VIEW)
        .filter(status__in=REGISTERED)
        .values_list("call__year", flat=True)
    )
    return sorted(years | {timezone.localdate().year}, reverse=True)


def project_topics(user: Any) -> list[str]:
    topics = (
        ResearchProject.objects.visible_to(user, VIEW)
        .filter(status__in=REGISTERED)
        .exclude(topic="")
        .values_list("topic", flat=True)
        .distinct()
    )
    return sorted(set(topics))


def project_orgs(user: Any) -> QuerySet[Org]:
    """The unions a registry may be filtered by: those the user sees."""
    return Org.objects.visible_to(user, VIEW).order_by("path")


def project_for(user: Any, public_id: Any) -> ResearchProject:
    """A project the user sees (any state: the calls part links here from its applications), else 404."""
    return ResearchProject.objects.select_related(
        "call", "call__org", "org", "created_by"
    ).get_visible_or_404(user, VIEW, public_id=public_id)


def is_applicant(user: Any, project: ResearchProject) -> bool:
    return has_action(user, MANAGE, project.org)


def is_call_side(user: Any, project: ResearchProject) -> bool:
    return has_action(user, MANAGE, project.call.org)


def may_submit_midterm(project: ResearchProject) -> bool:
    """在研, no passed 中期检查 yet, 结项材料 not yet sent (a 限期整改 asks for the report again)."""
    return (
        project.status == ProjectStatus.APPROVED
        and project.midterm_result != MidtermResult.PASSED
        and project.final_submitted_at is None
    )


def may_submit_final(project: ResearchProject) -> bool:
    """在研 and no 限期整改 pending (the corrected 中期报告 comes first)."""
    return project.status == ProjectStatus.APPROVED and project.midterm_result != MidtermResult.IMPROVE


@dataclass(frozen=True)
class ProjectActions:
    """What the user may do on the project page now."""

    midterm_submit: bool
    midterm_check: bool
    final_submit: bool
    conclude: bool
    terminate: bool
    applicant: bool
    call_side: bool

    @property
    def any(self) -> bool:
        return any(
            (self.midterm_submit, self.midterm_check, self.final_submit, self.conclude, self.terminate)
        )


def project_actions(user: Any, project: ResearchProject) -> ProjectActions:
    applicant, call_side = is_applicant(user, project), is_call_side(user, project)
    return ProjectActions(
        midterm_submit=applicant and may_submit_midterm(project),
        midterm_check=call_side and project.status == ProjectStatus.MIDTERM,
        final_submit=applicant and may_submit_final(project),
        conclude=call_side and project.status == ProjectStatus.CONCLUDING,
        terminate=call_side and project.status in LIVE,
        applicant=applicant,
        call_side=call_side,
    )


@dataclass(frozen=True)
class ApplicationStep:
    """A step of the calls part (before 立项) offered on the project page: its label and route name."""

    label: str
    url_name: str
    primary: bool = False
    danger: bool = False


def application_steps(user: Any, project: ResearchProject) -> list[ApplicationStep]:
    """The calls part's pages for an application not yet decided, for the side that may take them."""
    steps = []
    if can_edit_application(user, project):
        steps.append(ApplicationStep("修改申报书", "surveys:application_edit", primary=True))
        steps.append(ApplicationStep("提交申报", "surveys:application_submit"))
    if can_decide_application(user, project):
        if project.status == ProjectStatus.SUBMITTED:
            steps.append(ApplicationStep("受理进入评审", "surveys:application_accept", primary=True))
            steps.append(ApplicationStep("退回修改", "surveys:application_return"))
        if project.status == ProjectStatus.REVIEWING and review_finished(project.call):
            # 立项 only once the call's review has ended (the service refuses it before).
            steps.append(ApplicationStep("立项", "surveys:application_approve", primary=True))
        if project.status in (ProjectStatus.SUBMITTED, ProjectStatus.REVIEWING):
            steps.append(ApplicationStep("不予立项", "surveys:application_reject", danger=True))
    return steps


def attachable_surveys(project: ResearchProject) -> QuerySet[Survey]:
    """The closed surveys of the applying union's subtree: their results may go into the 结项 report."""
    return (
        Survey.objects.filter(org__path__startswith=project.org.path, status=SurveyStatus.CLOSED)
        .select_related("org")
        .order_by("-closed_at", "-pk")
    )


def project_surveys(project: ResearchProject) -> QuerySet[Survey]:
    return project.surveys.select_related("org").order_by("-closed_at", "-pk")


@dataclass(frozen=True)
class ProjectFiles:
    """The project's attachments: those of the application (before 立项) and those sent after it."""

    application: list[Attachment]
    research: list[Attachment]


def project_files(project: ResearchProject) -> ProjectFiles:
    files = list(attachments_of(project).select_related("uploaded_by"))
    if project.approved_at is None:
        return ProjectFiles(application=files, research=[])
    return ProjectFiles(
        application=[f for f in files if f.created_at < project.approved_at],
        research=[f for f in files if f.created_at >= project.approved_at],
    )


def user_sees_project(user: Any, project: ResearchProject) -> bool:
    """The attachment access check of a project's files: whoever sees the project."""
    return ResearchProject.objects.visible_to(user, VIEW).filter(pk=project.pk).exists()

"""Selectors of part calls (课题申报). A call is read by its own union's subtree (`visible_to`) and, once published, by
the unions below it, which apply to it (`calls_to_apply`, `call_page_or_404`). Applications (`ResearchProject`
before 立项) are read through `visible_to` on the applying union: the applicant's subtree and every union above it,
the call's union among them; the call's page leaves out the drafts (填写中) of the unions below."""

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from gonghui.accounts.actors import Actor, Visitor
from gonghui.accounts.scoping import above_q, action_paths, has_action
from gonghui.core.excel import SheetSpec, workbook_bytes
from gonghui.orgs.models import Org
from gonghui.reviews.choices import RoundStatus
from gonghui.reviews.models import ReviewRound, ScoreSheetTemplate
from gonghui.reviews.selectors import round_entries, round_results

from ..choices import CallStatus, ProjectStatus
from ..models import ResearchCall, ResearchProject
from ..permissions import MANAGE, VIEW

# Applications the call's union acts on, and those still open to the applicant.
PENDING = (ProjectStatus.SUBMITTED, ProjectStatus.REVIEWING)
EDITABLE = (ProjectStatus.DRAFT, ProjectStatus.RETURNED)
UNDECIDED = (ProjectStatus.DRAFT, ProjectStatus.RETURNED, *PENDING)


@dataclass(frozen=True)
class CallFilters:
    query: str = ""
    year: int | None = None
    status: str = ""


def _filtered(calls: QuerySet[ResearchCall], filters: CallFilters) -> QuerySet[ResearchCall]:
    if filters.query:
        calls = calls.filter(
            Q(title__icontains=filters.query)
            | Q(guide__icontains=filters.query)
            | Q(org__name__icontains=filters.query)
        )
    if filters.year:
        calls = calls.filter(year=filters.year)
    if filters.status:
        calls = calls.filter(status=filters.status)
    return calls.select_related("org").order_by("-year", "-created_at", "-pk")


def _above_or_own_q(user: Visitor, action: str) -> Q:
    """Calls of a union where the user holds `action`, or of one above it."""
    own = action_paths(user, action)
    q = above_q(user, action, path_field="org__path")
    return q | Q(org__path__in=own) if own else q


def calls_issued(user: Visitor, filters: CallFilters) -> QuerySet[ResearchCall]:
    """The calls of the user's subtrees (drafts included): the ones their unions run."""
    return _filtered(ResearchCall.objects.in_subtrees(user, VIEW), filters)


def calls_to_apply(user: Visitor, filters: CallFilters | None = None) -> QuerySet[ResearchCall]:
    """Published calls of a union where the user holds surveys.manage or of one above it: the calls their unions
    may apply to (or did)."""
    calls = ResearchCall.objects.filter(_above_or_own_q(user, MANAGE)).exclude(status=CallStatus.DRAFT)
    return _filtered(calls, filters or CallFilters())


def call_years(user: Visitor) -> list[int]:
    """The years of the calls the user sees, newest first (the list's year filter)."""
    issued = ResearchCall.objects.in_subtrees(user, VIEW).values_list("year", flat=True)
    above = (
        ResearchCall.objects.filter(_above_or_own_q(user, VIEW))
        .exclude(status=CallStatus.DRAFT)
        .values_list("year", flat=True)
    )
    return sorted({*issued, *above}, reverse=True)


@dataclass(frozen=True)
class CallPage:
    """A call as the user reaches it: `organiser` when it lies in their subtree (they see every application and,
    with surveys.manage on its union, run it); otherwise they read it from below to apply."""

    call: ResearchCall
    organiser: bool


def call_page_or_404(user: Visitor, public_id: UUID | str) -> CallPage:
    """A call of the user's subtrees, or a published one of a union above one of theirs (else 404)."""
    call = (
        ResearchCall.objects.select_related("org", "created_by", "review_round")
        .filter(public_id=public_id)
        .first()
    )
    if call is None:
        raise Http404
    paths = action_paths(user, VIEW)
    if any(call.org.path.startswith(p) for p in paths):
        return CallPage(call=call, organiser=True)
    if call.status != CallStatus.DRAFT and any(p.startswith(call.org.path) for p in paths):
        return CallPage(call=call, organiser=False)
    raise Http404


def call_for_organiser_or_404(user: Visitor, public_id: UUID | str) -> ResearchCall:
    """A call of the user's subtrees (else 404); running it needs surveys.manage on its union (else 403)."""
    call = (
        ResearchCall.objects.in_subtrees(user, VIEW)
        .select_related("org", "review_round")
        .filter(public_id=public_id)
        .first()
    )
    if call is None:
        raise Http404
    if not has_action(user, MANAGE, call.org):
        raise PermissionDenied
    return call


def issuer_orgs(user: Visitor) -> QuerySet[Org]:
    """The unions the user may issue a call for (where they hold surveys.manage)."""
    return Org.objects.filter(path__in=action_paths(user, MANAGE)).order_by("path")


def can_run_call(user: Visitor, call: ResearchCall) -> bool:
    return has_action(user, MANAGE, call.org)


def applicant_orgs(user: Visitor, call: ResearchCall) -> QuerySet[Org]:
    """The unions the user may apply for: where they hold surveys.manage (their grants), at or below the call's
    union."""
    paths = [p for p in action_paths(user, MANAGE) if p.startswith(call.org.path)]
    return Org.objects.filter(path__in=paths).order_by("path")


def can_apply(user: Visitor, call: ResearchCall) -> bool:
    """The call takes applications (open, its closing day not past) and the user may apply for a union."""
    past = call.closes_on is not None and timezone.localdate() > call.closes_on
    return call.status == CallStatus.OPEN and not past and applicant_orgs(user, call).exists()


# --- applications ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationFilters:
    query: str = ""
    year: int | None = None
    status: str = ""


def applications_of_user(user: Visitor, filters: ApplicationFilters) -> QuerySet[ResearchProject]:
    """我单位的申报: applications of the unions in the user's subtrees (their own and those below), newest first."""
    projects = ResearchProject.objects.in_subtrees(user, VIEW)
    if filters.query:
        projects = projects.filter(
            Q(title__icontains=filters.query)
            | Q(leader_name__icontains=filters.query)
            | Q(call__title__icontains=filters.query)
            | Q(number__icontains=filters.query)
        )
    if filters.year:
        projects = projects.filter(call__year=filters.year)
    if filters.status:
        projects = projects.filter(status=filters.status)
    return projects.select_related("call", "call__org", "org").order_by("-created_at", "-pk")


def call_applications(user: Visitor, call: ResearchCall, *, organiser: bool) -> QuerySet[ResearchProject]:
    """The call's applications the user sees: the organiser every one handed in and the drafts of the unions they
    hold a grant on (not those of the unions below them); an applicant their own unions'."""
    projects = ResearchProject.objects.visible_to(user, VIEW).filter(call=call)
    if organiser:
        mine = Q(org__path__in=action_paths(user, MANAGE))
        projects = projects.filter(~Q(status=ProjectStatus.DRAFT) | mine)
    else:
        projects = projects.filter(
            org__path__in=[p for p in action_paths(user, VIEW) if p.startswith(call.org.path)]
        )
    return projects.select_related("org", "call").order_by("status", "-submitted_at", "-pk")


def application_or_404(user: Actor, public_id: UUID | str) -> ResearchProject:
    """An application the user sees (the applying union's subtree and the unions above it, the call's union among
    them), else 404."""
    return ResearchProject.objects.select_related(
        "call", "call__org", "call__review_round", "org"
    ).get_visible_or_404(user, VIEW, public_id=public_id)


def is_applicant(user: Visitor, project: ResearchProject) -> bool:
    """The applying side: surveys.manage on the applying union."""
    return has_action(user, MANAGE, project.org)


def can_edit_application(user: Visitor, project: ResearchProject) -> bool:
    return project.status in EDITABLE and is_applicant(user, project)


def can_decide_application(user: Visitor, project: ResearchProject) -> bool:
    """The call's side: surveys.manage on the call's union."""
    return has_action(user, MANAGE, project.call.org)


def call_counts(call: ResearchCall) -> dict[str, int]:
    """Applications of the call by status (drafts left out)."""
    counts = {str(s): 0 for s in ProjectStatus if s != ProjectStatus.DRAFT}
    for status in call.projects.exclude(status=ProjectStatus.DRAFT).values_list("status", flat=True):
        counts[status] += 1
    return counts


def call_has_undecided(call: ResearchCall) -> bool:
    return call.projects.filter(status__in=(ProjectStatus.RETURNED, *PENDING)).exists()


def reviewing_applications(call: ResearchCall) -> QuerySet[ResearchProject]:
    return (
        call.projects.filter(status=ProjectStatus.REVIEWING)
        .select_related("org")
        .order_by("submitted_at", "pk")
    )


# --- review ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewScore:
    score: Decimal
    rank: int


def review_scores(call: ResearchCall) -> dict[int, ReviewScore]:
    """Per application (pk) its score and rank in the call's review round, from the judges' submitted sheets."""
    if call.review_round_id is None:
        return {}
    review_round = ReviewRound.objects.get(pk=call.review_round_id)
    owner_of = {
        entry.pk: entry.owner_id for entry in round_entries(review_round) if entry.owner_id is not None
    }
    scores: dict[int, ReviewScore] = {}
    for ranked in round_results(review_round).ranked:
        project_id = owner_of.get(ranked.result.entry_id)
        if project_id is not None:
            scores[project_id] = ReviewScore(score=ranked.result.score, rank=ranked.rank)
    return scores


def review_finished(call: ResearchCall) -> bool:
    return call.review_round is not None and call.review_round.status == RoundStatus.CLOSED


def review_templates(user: Visitor) -> QuerySet[ScoreSheetTemplate]:
    """The score-sheet templates the user may use (their unions' and below)."""
    return ScoreSheetTemplate.objects.visible_to(user, "reviews.manage").order_by("-created_at", "-pk")


# --- export ---------------------------------------------------------------------------------------------------

EXPORT_HEADERS = (
    "序号",
    "课题名称",
    "申报单位",
    "选题方向",
    "课题负责人",
    "职务/职称",
    "课题组人数",
    "申请经费（元）",
    "评审得分",
    "名次",
    "状态",
    "立项编号",
    "批准经费（元）",
)


def call_workbook(user: Visitor, call: ResearchCall) -> tuple[bytes, int]:
    """申报汇总表 of a call as xlsx: every handed-in application the organiser sees, with its review score."""
    scores = review_scores(call)
    projects = call_applications(user, call, organiser=True).exclude(status=ProjectStatus.DRAFT)
    rows = []
    for index, project in enumerate(projects, start=1):
        score = scores.get(project.pk)
        rows.append(
            [
                index,
                project.title,
                project.org.name,
                project.topic,
                project.leader_name,
                project.leader_title,
                len(project.team),
                float(project.budget),
                float(score.score) if score else "",
                score.rank if score else "",
                project.get_status_display(),
                project.number,
                float(project.approved_budget) if project.approved_budget is not None else "",
            ]
        )
    sheet = SheetSpec(
        name="申报汇总",
        headers=EXPORT_HEADERS,
        rows=rows,
        widths=(6, 34, 26, 24, 10, 14, 10, 12, 10, 6, 10, 14, 12),
        notes=[f"{call.title}（{call.year}年，{call.org.name}）"],
    )
    return workbook_bytes([sheet]), len(rows)

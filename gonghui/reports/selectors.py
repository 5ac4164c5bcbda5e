"""报送 reads: task lists and lookups, the recipients' inbox, who a notice goes to, the completion board with
drill-down and the aggregate that sums numeric fields up the tree. Everything goes through the scoped queryset (`visible_to`, `in_subtrees`)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from gonghui.accounts.actors import Actor, Visitor
from gonghui.accounts.models import RoleGrant
from gonghui.accounts.scoping import has_action, user_grants
from gonghui.attachments.models import Attachment
from gonghui.attachments.selectors import attachments_of
from gonghui.core.models import TimelineEntry
from gonghui.core.registry import roles
from gonghui.core.timeline import timeline_for
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org

from .choices import (
    DONE_SUBMISSION,
    OPEN_SUBMISSION,
    ReportKind,
    SubmissionAction,
    SubmissionStatus,
    TaskStatus,
)
from .fields import number_fields
from .models import ReportSubmission, ReportTask
from .permissions import MANAGE, SUBMIT, VIEW
from .sheets import AggregateColumn, AggregateRow

SIDES = {"sent": "本级发出", "received": "下发给本级"}


# --- tasks ------------------------------------------------------------------------------------------------


def task_list_for_user(
    *, user: Actor, status: str = "", query: str = "", side: str = ""
) -> QuerySet[ReportTask]:
    """Tasks the user sees: sent in their subtrees ("sent") or delivered into them from above ("received")."""
    qs: QuerySet[ReportTask]
    if side == "sent":
        qs = ReportTask.objects.in_subtrees(user, VIEW)
    elif side == "received":
        delivered = ReportSubmission.objects.in_subtrees(user, VIEW).values("task_id")
        qs = ReportTask.objects.filter(pk__in=delivered).exclude(
            pk__in=ReportTask.objects.in_subtrees(user, VIEW)
        )
    else:
        qs = ReportTask.objects.visible_to(user, VIEW)
    if status:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(org__name__icontains=query))
    return (
        qs.select_related("org")
        .annotate(
            target_count=Count("submissions"),
            done_count=Count("submissions", filter=Q(submissions__status__in=DONE_SUBMISSION)),
        )
        .order_by("-created_at", "-id")
    )


def task_get_for_user(*, user: Actor, public_id: Any, action: str = VIEW) -> ReportTask:
    """One task the user sees (else 404); `reports.manage` also demands the action on the sender (else 403)."""
    try:
        task = (
            ReportTask.objects.visible_to(user, VIEW)
            .select_related("org", "created_by")
            .get(public_id=public_id)
        )
    except (ReportTask.DoesNotExist, ValueError, ValidationError):  # a malformed id (from a query string) too
        raise Http404 from None
    if action != VIEW and not has_action(user, action, task.org):
        raise PermissionDenied
    return task


def task_title(public_id: str) -> str:
    """A task's title by its public id, unscoped: only for the aggregate export's file name, which the spreadsheets
    export asks for after the exporter has checked the user's access (`task_get_for_user`)."""
    try:
        title = ReportTask.objects.filter(public_id=public_id).values_list("title", flat=True).first()
    except (ValueError, ValidationError):
        return ""
    return title or ""


def task_template(task: ReportTask) -> Attachment | None:
    """The Excel template of the task (the last one uploaded)."""
    return attachments_of(task).last() if task.kind == ReportKind.EXCEL else None


def sender_orgs_for_user(user: Actor) -> list[Org]:
    """Orgs the user may send tasks from: where they hold a grant allowing `reports.manage`."""
    seen: dict[int, Org] = {}
    for grant in user_grants(user):
        if grant.role in roles and roles.get(grant.role).allows(MANAGE):
            seen.setdefault(grant.org_id, grant.org)
    return list(seen.values())


def target_org_choices(user: Actor) -> QuerySet[Org]:
    """Orgs a sender may pick as targets: below the orgs they manage."""
    return (
        Org.objects.visible_to(user, MANAGE)
        .filter(status="active", depth__gt=1)
        .only("code", "name", "path", "depth")
        .order_by("path")
    )


# --- submissions ------------------------------------------------------------------------------------------


def submissions_visible_to(user: Visitor) -> QuerySet[ReportSubmission]:
    """Submissions the user sees: as sender or intermediate union (`visible_to` VIEW), or as the recipient's own
    cadre, who may hold `reports.submit` without `reports.view` (`in_subtrees` SUBMIT)."""
    return ReportSubmission.objects.visible_to(user, VIEW) | ReportSubmission.objects.in_subtrees(
        user, SUBMIT
    )


def open_submissions(task: ReportTask) -> list[ReportSubmission]:
    """The task's submissions still waiting for their recipient (未报送 or 已退回): who 催报 reminds."""
    return list(task.submissions.filter(status__in=OPEN_SUBMISSION).select_related("org", "task"))


def _own_org_ids(user: Actor) -> list[int]:
    return sorted(
        {g.org_id for g in user_grants(user) if g.role in roles and roles.get(g.role).allows(SUBMIT)}
    )


def submission_list_for_user(
    *, user: Actor, status: str = "", query: str = "", own_only: bool = True
) -> QuerySet[ReportSubmission]:
    """The inbox: submissions asked of the user's own orgs (`own_only`) or of their whole subtrees; open ones
    first, nearest deadline first."""
    qs = ReportSubmission.objects.in_subtrees(user, SUBMIT).exclude(task__status=TaskStatus.DRAFT)
    if own_only:
        qs = qs.filter(org_id__in=_own_org_ids(user))
    if status == "open":
        qs = qs.filter(status__in=OPEN_SUBMISSION)
    elif status:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(Q(task__title__icontains=query) | Q(org__name__icontains=query))
    return qs.select_related("task", "task__org", "org").order_by(
        "task__status", "task__deadline", "org__path"
    )


def inbox_counts(*, user: Actor) -> dict[str, int]:
    """Pending (未报送 or 已退回, task open) and unread submissions of the user's own orgs."""
    qs = ReportSubmission.objects.filter(org_id__in=_own_org_ids(user), task__status=TaskStatus.PUBLISHED)
    return qs.aggregate(
        pending=Count("id", filter=Q(status__in=OPEN_SUBMISSION)),
        unread=Count("id", filter=Q(read_at__isnull=True)),
    )


def submission_get_for_user(*, user: Actor, public_id: Any) -> ReportSubmission:
    """One submission the user sees, as sender, intermediate union or recipient (else 404)."""
    try:
        return (
            submissions_visible_to(user)
            .exclude(task__status=TaskStatus.DRAFT)
            .select_related("task", "task__org", "org", "submitted_by", "returned_by_org")
            .get(public_id=public_id)
        )
    except ReportSubmission.DoesNotExist:
        raise Http404 from None


def submission_decision(submission: ReportSubmission) -> TimelineEntry | None:
    """The 审核通过 or 退回 that put an accepted or returned submission in its state — who decided, and when — for
    the page's 审核 line (the reviewer, never the submitter); None while the answer waits or after 重新报送."""
    if submission.status not in (SubmissionStatus.ACCEPTED, SubmissionStatus.RETURNED):
        return None
    return (
        timeline_for(submission)
        .filter(action__in=[SubmissionAction.ACCEPT, SubmissionAction.RETURN])
        .order_by("-created_at", "-id")
        .first()
    )


def submission_files(submission: ReportSubmission) -> dict[str, Attachment]:
    """{attachment public_id: attachment} of the submission, for links to the files it refers to."""
    return {str(a.public_id): a for a in attachments_of(submission)}


# --- recipients -------------------------------------------------------------------------------------------


def recipient_users(org_ids: Sequence[int], *, action: str = SUBMIT) -> dict[int, list[Any]]:
    """{org id: active users holding a role with `action` granted on that org itself} — the people a notice
    about the org's submission goes to (not every cadre above it, nor the platform administrators)."""
    codes = [r.code for r in roles if r.allows(action) and "*" not in r.actions]
    grants = (
        RoleGrant.objects.filter(org_id__in=org_ids, role__in=codes, user__is_active=True)
        .select_related("user")
        .order_by("org_id", "user_id")
    )
    found: dict[int, list[Any]] = {}
    for grant in grants:
        users = found.setdefault(grant.org_id, [])
        if grant.user not in users:
            users.append(grant.user)
    return found


# --- completion board -------------------------------------------------------------------------------------


@dataclass
class Counts:
    targets: int = 0
    submitted: int = 0
    accepted: int = 0
    returned: int = 0
    missing: int = 0
    late: int = 0

    def add(self, submission: ReportSubmission) -> None:
        self.targets += 1
        if submission.status in DONE_SUBMISSION:
            self.submitted += 1
        if submission.status == SubmissionStatus.ACCEPTED:
            self.accepted += 1
        if submission.status == SubmissionStatus.RETURNED:
            self.returned += 1
        if submission.status == SubmissionStatus.PENDING:
            self.missing += 1
        if submission.is_late:
            self.late += 1

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.targets) if self.targets else 0


@dataclass
class BoardRow:
    org: Org
    counts: Counts = field(default_factory=Counts)
    submission: ReportSubmission | None = None  # the org's own submission, when it is a target itself
    below: int = 0  # targets strictly below the org (drill-down possible when > 0)


@dataclass
class Board:
    root: Org
    trail: list[Org]  # from the sender down to the root, for breadcrumbs
    own: ReportSubmission | None
    rows: list[BoardRow]
    totals: Counts


def _visible_submissions(task: ReportTask, user: Actor) -> list[ReportSubmission]:
    return list(
        submissions_visible_to(user).filter(task=task).select_related("org", "task").order_by("org__path")
    )


def task_board(*, task: ReportTask, user: Actor, under: str = "") -> Board:
    """Completion per child subtree of `under` (an org code at or below the sender; the sender by default):
    targets, submitted, accepted, returned, missing and late counted over each child's whole subtree, with
    the child's own submission when it is a target. Only submissions the user sees are counted. A
    constant number of queries whatever the number of orgs."""
    submissions = _visible_submissions(task, user)
    root = task.org
    if under and under != task.org.code:
        candidate = Org.objects.filter(code=under, path__startswith=task.org.path).first()
        if candidate is not None and any(s.org.path.startswith(candidate.path) for s in submissions):
            root = candidate
    step = Org.steplen
    child_len = len(root.path) + step
    rows: dict[str, BoardRow] = {}
    totals = Counts()
    own = None
    for submission in submissions:
        path = submission.org.path
        if not path.startswith(root.path):
            continue
        totals.add(submission)
        if path == root.path:
            own = submission
            continue
        prefix = path[:child_len]
        row = rows.get(prefix)
        if row is None:
            row = rows[prefix] = BoardRow(org=submission.org)  # replaced by the real child below
        row.counts.add(submission)
        if path == prefix:
            row.submission = submission
        else:
            row.below += 1
    children = {
        o.path: o for o in Org.objects.filter(path__in=list(rows)).only("code", "name", "path", "level")
    }
    for prefix, row in rows.items():
        row.org = children.get(prefix, row.org)
    trail_paths = [root.path[:i] for i in range(len(task.org.path), len(root.path) + 1, step)]
    trail = list(Org.objects.filter(path__in=trail_paths).order_by("depth")) if root != task.org else [root]
    return Board(root=root, trail=trail, own=own, rows=[rows[p] for p in sorted(rows)], totals=totals)


# --- aggregate export -------------------------------------------------------------------------------------


def aggregate_columns(task: ReportTask, submissions: Iterable[ReportSubmission]) -> list[AggregateColumn]:
    """The numeric columns to sum: the form's number fields, or the template columns that held numbers in
    at least one submission."""
    if task.kind == ReportKind.FORM:
        return [AggregateColumn(key=str(f["key"]), label=str(f["label"])) for f in number_fields(task.fields)]
    numeric: set[str] = set()
    for submission in submissions:
        if submission.status in DONE_SUBMISSION:
            numeric.update((submission.data.get("totals") or {}).keys())
    return [AggregateColumn(key=h, label=h) for h in task.template_headers if h in numeric]


def _figures(
    task: ReportTask, submission: ReportSubmission, columns: list[AggregateColumn]
) -> dict[str, Any]:
    if submission.status not in DONE_SUBMISSION:
        return {}
    source = submission.data if task.kind == ReportKind.FORM else submission.data.get("totals") or {}
    return {c.key: source[c.key] for c in columns if isinstance(source.get(c.key), int | float)}


def task_aggregate(*, task: ReportTask, user: Actor) -> tuple[list[AggregateColumn], list[AggregateRow]]:
    """One row per org from the sender down to every recipient (intermediate unions included, in tree
    order): the org's own figures and the sum over its subtree, own included, of submitted or accepted
    answers the user sees."""
    submissions = _visible_submissions(task, user)
    columns = aggregate_columns(task, submissions)
    step = Org.steplen
    base = task.org.path
    paths: set[str] = {base}
    for submission in submissions:
        path = submission.org.path
        paths.update(path[:i] for i in range(len(base), len(path) + 1, step))
    orgs = list(Org.objects.filter(path__in=paths).order_by("path"))
    by_path = {s.org.path: s for s in submissions}
    figures = {s.org.path: _figures(task, s, columns) for s in submissions}
    labels = dict(SubmissionStatus.choices)
    levels = dict(OrgLevel.choices)
    rows: list[AggregateRow] = []
    for org in orgs:
        own = by_path.get(org.path)
        total: dict[str, int | float] = {}
        for path, values in figures.items():
            if path.startswith(org.path):
                for key, value in values.items():
                    total[key] = total.get(key, 0) + value
        rows.append(
            AggregateRow(
                org_name=org.name,
                org_code=org.code,
                level=str(levels.get(org.level, org.level)),
                indent=(len(org.path) - len(base)) // step,
                status=str(labels[own.status]) if own else "（非报送对象）",
                submitted_at=timezone.localtime(own.submitted_at) if own and own.submitted_at else None,
                late=bool(own and own.is_late),
                own=figures.get(org.path, {}),
                total={k: round(v, 6) if isinstance(v, float) else v for k, v in total.items()},
            )
        )
    return columns, rows

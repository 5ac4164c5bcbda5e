"""报送 reads: task lists and lookups, the recipients' inbox, who a notice goes to, the completion board with
drill-down and the aggregate that sums numeric fields up the tree. Everything goes through the scoped queryset (`visible_to`, `in_subtrees`)."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from gonghui.accounts.actors import Actor, Visitor
from gonghui.accounts.models import RoleGrant
from gonghui.accounts.scoping import action_paths, has_action, user_grants
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
    ConsolidationStatus,
    FieldType,
    ReportKind,
    SubmissionAction,
    SubmissionStatus,
    TaskStatus,
)
from .models import ReportConsolidation, ReportSubmission, ReportTask
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
    """The task's submissions still waiting for their recipient (未报送 or 已退回): who 催报 reminds — not those
    whose county has passed up without them (逐级审核汇总: confirmed missing, they can no longer report)."""
    return still_open(list(task.submissions.filter(status__in=OPEN_SUBMISSION).select_related("org", "task")))


def still_open(submissions: list[ReportSubmission]) -> list[ReportSubmission]:
    """Leave out the open submissions of 逐级审核汇总 tasks whose consolidating union has passed up already."""
    task_ids = {s.task_id for s in submissions if s.task.consolidate}
    if not task_ids:
        return submissions
    passed = set(
        ReportConsolidation.objects.filter(
            task_id__in=task_ids, status=ConsolidationStatus.PASSED
        ).values_list("task_id", "org__path")
    )
    step = Org.steplen
    return [
        s
        for s in submissions
        if not (s.task.consolidate and (s.task_id, s.org.path[: len(s.task.org.path) + step]) in passed)
    ]


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
    consolidation: ReportConsolidation | None = None  # 逐级审核汇总: the org's passing up of its subtree


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
    held = (
        {c.org.path: c for c in task.consolidations.select_related("org", "passed_by")}
        if task.consolidate
        else {}
    )
    for prefix, row in rows.items():
        row.org = children.get(prefix, row.org)
        row.consolidation = held.get(prefix)
    trail_paths = [root.path[:i] for i in range(len(task.org.path), len(root.path) + 1, step)]
    trail = list(Org.objects.filter(path__in=trail_paths).order_by("depth")) if root != task.org else [root]
    return Board(root=root, trail=trail, own=own, rows=[rows[p] for p in sorted(rows)], totals=totals)


# --- 逐级审核汇总 -------------------------------------------------------------------------------------------


def consolidated_submissions(consolidation: ReportConsolidation) -> list[ReportSubmission]:
    """The answers a consolidating union reviews and passes up: the task's recipients strictly below it."""
    return list(
        ReportSubmission.objects.filter(
            task_id=consolidation.task_id, org__path__startswith=consolidation.org.path
        )
        .exclude(org_id=consolidation.org_id)
        .select_related("org")
        .order_by("org__path")
    )


@dataclass
class ConsolidationRow:
    consolidation: ReportConsolidation
    counts: Counts
    waiting: int  # 已报送, not reviewed yet


def consolidation_rows(*, task: ReportTask, user: Actor) -> list[ConsolidationRow]:
    """The task's consolidations the user sees (the sender: all of them; a consolidating union: its own), with
    the counts of the answers below each, for the task page's 逐级审核汇总 card."""
    if not task.consolidate:
        return []
    found = list(
        ReportConsolidation.objects.visible_to(user, VIEW)
        .filter(task=task)
        .select_related("org", "passed_by", "task", "task__org")
        .order_by("org__path")
    )
    if not found:
        return []
    answers = list(
        ReportSubmission.objects.filter(task=task).select_related("org", "task").order_by("org__path")
    )
    rows = []
    for consolidation in found:
        counts = Counts()
        waiting = 0
        for answer in answers:
            path = answer.org.path
            if path.startswith(consolidation.org.path) and path != consolidation.org.path:
                counts.add(answer)
                waiting += answer.status == SubmissionStatus.SUBMITTED
        rows.append(ConsolidationRow(consolidation=consolidation, counts=counts, waiting=waiting))
    return rows


def consolidation_get_for_user(*, user: Actor, public_id: Any) -> ReportConsolidation:
    """One consolidation the user sees (else 404)."""
    try:
        return (
            ReportConsolidation.objects.visible_to(user, VIEW)
            .select_related("task", "task__org", "org")
            .get(public_id=public_id)
        )
    except (ReportConsolidation.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None


def withheld_paths(task: ReportTask, user: Actor) -> list[str]:
    """逐级审核汇总: the consolidating unions whose answers the user may not count yet — not passed up, and the
    user views the task from above them (the sender). The union itself (and anyone below) reads its own."""
    if not task.consolidate:
        return []
    own = action_paths(user, VIEW)
    return [
        path
        for path, state in task.consolidations.values_list("org__path", "status")
        if state != ConsolidationStatus.PASSED and not any(p.startswith(path) for p in own)
    ]


def submission_withheld(submission: ReportSubmission, user: Actor) -> str:
    """The name of the consolidating union whose answer this still is, for a user above it (the sender) before it
    has passed up — the page then says so instead of showing the answer; "" when the user may read it."""
    head = submission.task.org.path
    if not submission.task.consolidate or len(submission.org.path) <= len(head) + Org.steplen:
        return ""
    prefix = submission.org.path[: len(head) + Org.steplen]
    if prefix not in withheld_paths(submission.task, user):
        return ""
    return Org.objects.filter(path=prefix).values_list("name", flat=True).first() or ""


# --- aggregate export -------------------------------------------------------------------------------------


FILE_KEY = "__file"  # Excel tasks: the name of the uploaded copy
ROWS_KEY = "__rows"  # Excel tasks: its number of data rows


def aggregate_columns(task: ReportTask, submissions: Iterable[ReportSubmission]) -> list[AggregateColumn]:
    """Every column of the export: each field of the form in its order (numbers are summed up the tree, the
    other answers are shown as given); for an Excel task the uploaded file, its row count and the template
    columns that held numbers in at least one submission."""
    if task.kind == ReportKind.FORM:
        return [
            AggregateColumn(
                key=str(f["key"]), label=str(f["label"]), numeric=f.get("type") == FieldType.NUMBER
            )
            for f in task.fields
        ]
    numeric: set[str] = set()
    for submission in submissions:
        if submission.status in DONE_SUBMISSION:
            numeric.update((submission.data.get("totals") or {}).keys())
    return [
        AggregateColumn(key=FILE_KEY, label="上传文件", numeric=False),
        AggregateColumn(key=ROWS_KEY, label="数据行数"),
        *[AggregateColumn(key=h, label=h) for h in task.template_headers if h in numeric],
    ]


def _answer(value: Any, kind: str) -> Any:
    """One non-numeric answer as the workbook shows it: a date as a date, a file by its name."""
    if isinstance(value, dict):
        return value.get("name", "")
    if kind == FieldType.DATE and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _figures(
    task: ReportTask, submission: ReportSubmission, columns: list[AggregateColumn]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(numbers, other answers) of a submitted or accepted answer; nothing for any other state (a draft lives
    apart, in `draft`, and is never read here)."""
    if submission.status not in DONE_SUBMISSION:
        return {}, {}
    data = submission.data
    if task.kind == ReportKind.FORM:
        kinds = {str(f["key"]): str(f.get("type")) for f in task.fields}
        source = data
    else:
        kinds = {}
        source = {**(data.get("totals") or {}), ROWS_KEY: data.get("rows"), FILE_KEY: data.get("name", "")}
    numbers = {
        c.key: source[c.key]
        for c in columns
        if c.numeric
        and isinstance(source.get(c.key), int | float)
        and not isinstance(source.get(c.key), bool)
    }
    answers = {
        c.key: _answer(source[c.key], kinds.get(c.key, ""))
        for c in columns
        if not c.numeric and source.get(c.key) not in (None, "")
    }
    return numbers, answers


def task_aggregate(*, task: ReportTask, user: Actor) -> tuple[list[AggregateColumn], list[AggregateRow]]:
    """One row per org from the sender down to every recipient (intermediate unions included, in tree
    order): the org's own answers and, for numbers, the sum over its subtree, own included, of submitted or
    accepted answers the user sees. Under 逐级审核汇总 the sender counts a union's subtree once it has passed up."""
    submissions = _visible_submissions(task, user)
    columns = aggregate_columns(task, submissions)
    withheld = withheld_paths(task, user)
    step = Org.steplen
    base = task.org.path
    paths: set[str] = {base}
    for submission in submissions:
        path = submission.org.path
        paths.update(path[:i] for i in range(len(base), len(path) + 1, step))
    orgs = list(Org.objects.filter(path__in=paths).order_by("path"))
    by_path = {s.org.path: s for s in submissions}
    held = {
        s.org.path for s in submissions if any(s.org.path.startswith(w) and s.org.path != w for w in withheld)
    }
    figures = {s.org.path: _figures(task, s, columns) for s in submissions if s.org.path not in held}
    labels = dict(SubmissionStatus.choices)
    levels = dict(OrgLevel.choices)
    rows: list[AggregateRow] = []
    for org in orgs:
        own = by_path.get(org.path)
        total: dict[str, int | float] = {}
        for path, (numbers, _answers) in figures.items():
            if path.startswith(org.path):
                for key, value in numbers.items():
                    total[key] = total.get(key, 0) + value
        status = str(labels[own.status]) if own else "（非报送对象）"
        if own and org.path in held:
            status += "（待上级汇总单位上报）"
        numbers, answers = figures.get(org.path, ({}, {}))
        rows.append(
            AggregateRow(
                org_name=org.name,
                org_code=org.code,
                level=str(levels.get(org.level, org.level)),
                indent=(len(org.path) - len(base)) // step,
                status=status,
                submitted_at=timezone.localtime(own.submitted_at) if own and own.submitted_at else None,
                late=bool(own and own.is_late),
                own=numbers,
                total={k: round(v, 6) if isinstance(v, float) else v for k, v in total.items()},
                answers=answers,
            )
        )
    return columns, rows

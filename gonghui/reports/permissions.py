"""Who may do what with 报送 tasks and submissions (object-level checks on top of the role actions)."""

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import action_paths, has_action, user_grants
from gonghui.core.registry import roles
from gonghui.orgs.models import Org

from .choices import OPEN_SUBMISSION, ConsolidationStatus, SubmissionStatus, TaskStatus
from .models import ReportConsolidation, ReportSubmission, ReportTask

VIEW = "reports.view"
MANAGE = "reports.manage"
SUBMIT = "reports.submit"


def can_manage_task(user: Actor, task: ReportTask) -> bool:
    """Define, edit, publish, close and 催报: the sending union's managers."""
    return has_action(user, MANAGE, task.org)


def consolidating_path(submission: ReportSubmission) -> str | None:
    """逐级审核汇总: the path of the union that reviews this answer and passes it up — the sender's direct
    subordinate on the recipient's line, when the recipient is below it (None otherwise, or without the flag)."""
    if not submission.task.consolidate:
        return None
    head = submission.org.path[: len(submission.task.org.path) + Org.steplen]
    return head if len(submission.org.path) > len(head) else None


def consolidation_of(submission: ReportSubmission) -> ReportConsolidation | None:
    """The `ReportConsolidation` that holds this answer (None when the answer goes straight to the sender)."""
    head = consolidating_path(submission)
    if head is None:
        return None
    return (
        ReportConsolidation.objects.filter(task_id=submission.task_id, org__path=head)
        .select_related("org")
        .first()
    )


def _passed_up(submission: ReportSubmission) -> bool:
    consolidation = consolidation_of(submission)
    return consolidation is not None and consolidation.status == ConsolidationStatus.PASSED


def can_submit(user: Actor, submission: ReportSubmission) -> bool:
    """Fill in and (re)submit: the recipient org's cadres (or a union above it, reporting on its behalf) while
    the task is open and the submission is waiting (and, under 逐级审核汇总, its union has not passed up yet)."""
    return (
        submission.task.status == TaskStatus.PUBLISHED
        and submission.status in OPEN_SUBMISSION
        and has_action(user, SUBMIT, submission.org)
        and not _passed_up(submission)
    )


def can_save_draft(user: Actor, submission: ReportSubmission) -> bool:
    """暂存: whoever may fill in now."""
    return can_submit(user, submission)


def reviewer_paths(user: Actor, submission: ReportSubmission) -> list[str]:
    """Paths of the orgs from which the user may review this submission: the sender, or an intermediate union
    (strictly above the recipient, inside the sender's subtree). A recipient never reviews itself. Under
    逐级审核汇总 an answer from below a consolidating union is reviewed from that union (or below it) only."""
    org_path = submission.org.path  # inside the sender's subtree, so every union above it is on that line
    head = consolidating_path(submission) or ""
    return [
        p
        for p in action_paths(user, MANAGE)
        if org_path.startswith(p) and p != org_path and p.startswith(head)
    ]


def can_review(user: Actor, submission: ReportSubmission) -> bool:
    """退回 or 通过 a submitted answer: the sender or an intermediate union above the recipient (under 逐级审核汇总:
    the consolidating union, until it has passed up)."""
    return (
        submission.status == SubmissionStatus.SUBMITTED
        and is_reviewer(user, submission)
        and not _passed_up(submission)
    )


def is_reviewer(user: Actor, submission: ReportSubmission) -> bool:
    """The user reviews this union's answers, whatever the submission's state (the 退回 page is 403 otherwise)."""
    return bool(reviewer_paths(user, submission))


def reviewer_org(user: Actor, submission: ReportSubmission) -> Org | None:
    """The union on whose behalf the user reviews: the nearest one above the recipient where they hold a
    direct grant allowing `reports.manage` (for "退回单位")."""
    org_path = submission.org.path
    candidates = [
        g.org
        for g in user_grants(user)
        if g.role in roles
        and roles.get(g.role).allows(MANAGE)
        and org_path.startswith(g.org.path)
        and g.org.path != org_path
    ]
    return max(candidates, key=lambda o: len(o.path)) if candidates else None


def is_recipient_cadre(user: Actor, submission: ReportSubmission) -> bool:
    """The user holds a grant allowing `reports.submit` on the recipient org itself (for "read")."""
    return any(
        g.org_id == submission.org_id and g.role in roles and roles.get(g.role).allows(SUBMIT)
        for g in user_grants(user)
    )


def is_consolidator(user: Actor, consolidation: ReportConsolidation) -> bool:
    """The user holds `reports.manage` on the consolidating union itself (or on a union between it and the
    sender: it is the sender's direct subordinate, so there is none) — not merely through the sender above it."""
    path = consolidation.org.path
    return any(p == path for p in action_paths(user, MANAGE))


def can_pass_up(user: Actor, consolidation: ReportConsolidation) -> bool:
    """上报汇总: the consolidating union's managers while the task is open."""
    return consolidation.task.status == TaskStatus.PUBLISHED and is_consolidator(user, consolidation)


def can_return_consolidation(user: Actor, consolidation: ReportConsolidation) -> bool:
    """退回汇总: the sender's managers while the task is open."""
    return consolidation.task.status == TaskStatus.PUBLISHED and can_manage_task(user, consolidation.task)

"""Who may do what with 报送 tasks and submissions (object-level checks on top of the role actions)."""

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import action_paths, has_action, user_grants
from gonghui.core.registry import roles
from gonghui.orgs.models import Org

from .choices import OPEN_SUBMISSION, SubmissionStatus, TaskStatus
from .models import ReportSubmission, ReportTask

VIEW = "reports.view"
MANAGE = "reports.manage"
SUBMIT = "reports.submit"


def can_manage_task(user: Actor, task: ReportTask) -> bool:
    """Define, edit, publish, close and 催报: the sending union's managers."""
    return has_action(user, MANAGE, task.org)


def can_submit(user: Actor, submission: ReportSubmission) -> bool:
    """Fill in and (re)submit: the recipient org's cadres (or a union above it, reporting on its behalf) while
    the task is open and the submission is waiting."""
    return (
        submission.task.status == TaskStatus.PUBLISHED
        and submission.status in OPEN_SUBMISSION
        and has_action(user, SUBMIT, submission.org)
    )


def reviewer_paths(user: Actor, submission: ReportSubmission) -> list[str]:
    """Paths of the orgs from which the user may review this submission: the sender, or an intermediate union
    (strictly above the recipient, inside the sender's subtree). A recipient never reviews itself."""
    org_path = submission.org.path  # inside the sender's subtree, so every union above it is on that line
    return [p for p in action_paths(user, MANAGE) if org_path.startswith(p) and p != org_path]


def can_review(user: Actor, submission: ReportSubmission) -> bool:
    """退回 or 通过 a submitted answer: the sender or an intermediate union above the recipient."""
    return submission.status == SubmissionStatus.SUBMITTED and is_reviewer(user, submission)


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

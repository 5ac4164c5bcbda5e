"""The demo 报送 task: sent by the city union to its direct children, about half answered, one returned and
one accepted, written through the services; a second run adds nothing."""

import pytest

from gonghui.accounts.demo import seed_accounts
from gonghui.accounts.models import RoleGrant, User
from gonghui.core.timeline import timeline_for
from gonghui.orgs.demo import seed_orgs
from gonghui.reports.choices import SubmissionStatus, TaskStatus
from gonghui.reports.demo import TITLE, seed_reports
from gonghui.reports.models import ReportSubmission, ReportTask


@pytest.mark.django_db
def test_seed_reports_half_answers_a_task_once():
    # given
    seed_orgs()
    seed_accounts()
    users, grants = User.objects.count(), RoleGrant.objects.count()
    # when
    summary = seed_reports()
    # then
    task = ReportTask.objects.get(title=TITLE)
    assert task.status == TaskStatus.PUBLISHED
    assert task.org.code == "JZJKWT"
    statuses = list(task.submissions.values_list("status", flat=True))
    answered = [s for s in statuses if s != SubmissionStatus.PENDING]
    assert len(statuses) == 21
    assert len(answered) == 11
    assert statuses.count(SubmissionStatus.RETURNED) == 1
    assert statuses.count(SubmissionStatus.ACCEPTED) == 1
    returned = ReportSubmission.objects.get(task=task, status=SubmissionStatus.RETURNED)
    assert [e.action for e in timeline_for(returned)] == ["submit", "return"]
    assert "21 个单位中 11 个已报送" in summary
    assert (User.objects.count(), RoleGrant.objects.count()) == (users, grants)  # no users or grants added
    # and again
    seed_reports()
    assert ReportTask.objects.count() == 1
    assert ReportSubmission.objects.count() == 21

"""The submission page after 审核通过, as rendered: the reviewer is credited as 审核人 (the submitter stays 报送人),
and the breadcrumb follows who opens it — the recipient came from 待我报送, the unions above from the task."""

import re

import pytest
from django.urls import reverse

from gonghui.reports.models import ReportSubmission
from gonghui.reports.services import (
    report_submission_accept,
    report_submission_return,
    report_submission_submit,
)

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _breadcrumbs(response) -> str:
    html = response.content.decode()
    crumbs = re.findall(r'<li class="breadcrumb-item[^"]*">(.*?)</li>', html)
    return " / ".join(re.sub(r"<[^>]+>", "", c) for c in crumbs)


@pytest.fixture
def accepted(rw, city_task):
    """Org A's admin submitted; the county (the union between the city and org A) approved."""
    w = rw.world
    submission = ReportSubmission.objects.select_related("task", "task__org", "org").get(
        task=city_task, org=w.org_a
    )
    report_submission_submit(submission=submission, actor=w.org_admin, values={"f1": "120"})
    submission.refresh_from_db()
    report_submission_accept(submission=submission, actor=rw.county_admin)
    return submission


def test_the_approver_is_credited_and_the_submitter_stays_the_submitter(client, rw, accepted):
    client.force_login(rw.city_admin)
    response = client.get(reverse("reports:submission_detail", args=[accepted.public_id]))
    text = _text(response)
    assert response.status_code == 200
    assert f"报送人 {rw.world.org_admin}" in text
    assert "审核 审核通过 · " in text
    assert f"审核人 {rw.county_admin}" in text
    assert f"审核人 {rw.world.org_admin}" not in text


def test_a_returned_answer_names_who_returned_it_until_it_is_submitted_again(client, rw, city_task):
    w = rw.world
    submission = ReportSubmission.objects.select_related("task", "task__org", "org").get(
        task=city_task, org=w.org_a
    )
    report_submission_submit(submission=submission, actor=w.org_admin, values={"f1": "120"})
    submission.refresh_from_db()
    report_submission_return(submission=submission, actor=rw.city_admin, reason="人数有误")
    client.force_login(w.org_admin)
    url = reverse("reports:submission_detail", args=[submission.public_id])
    assert "审核 退回 · " in _text(client.get(url))
    assert f"审核人 {rw.city_admin}" in _text(client.get(url))
    submission.refresh_from_db()
    report_submission_submit(submission=submission, actor=w.org_admin, values={"f1": "121"})
    assert "审核人" not in _text(client.get(url))


def test_the_breadcrumb_follows_who_opens_the_page(client, rw, accepted):
    url = reverse("reports:submission_detail", args=[accepted.public_id])
    task_crumbs = f"首页 / 报送任务 / {accepted.task.title} / {accepted.org.name}"
    # the upper unions: the sender and the county between
    for upper in (rw.city_admin, rw.county_admin):
        client.force_login(upper)
        assert _breadcrumbs(client.get(url)).endswith(
            f"报送任务 / {accepted.task.title} / {accepted.org.name}"
        )
        assert "待我报送" not in _breadcrumbs(client.get(url))
    # the recipient
    client.force_login(rw.world.org_admin)
    assert _breadcrumbs(client.get(url)).endswith(f"待我报送 / {accepted.org.name}")
    assert task_crumbs not in _breadcrumbs(client.get(url))
    # a sibling union sees nothing of it
    client.force_login(rw.world.outsider)
    assert client.get(url).status_code == 404

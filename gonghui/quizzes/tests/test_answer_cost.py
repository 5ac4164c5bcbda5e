"""What one answer save costs (bench/quiz_spike.py's busiest request): the session, the user with its grants, one
read of the attempt with only the columns the save checks, one upsert — and every check still made."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.quizzes.choices import AttemptStatus, SubmitReason
from gonghui.quizzes.models import Answer, Attempt
from gonghui.quizzes.services import attempt_start

from .factories import another_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def answering(quiz):
    """Member A's open attempt, a logged-in client whose session is warm, and the save URL."""
    attempt = attempt_start(activity=quiz.activity, member=quiz.world.member_a)
    client = Client()
    client.force_login(quiz.world.org_member)
    save = reverse("quizzes:portal_answer_save", args=[attempt.public_id])
    client.post(save, {"question": attempt.question_ids[0], "choice": "A"})
    return attempt, client, save


def test_one_answer_save_is_four_statements(answering):
    attempt, client, save = answering
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(save, {"question": attempt.question_ids[1], "choice": "B"})
    assert response.status_code == 200
    statements = [q["sql"] for q in ctx.captured_queries]
    # the session, the user (with its grants: no second read of them), the attempt, the upsert
    assert len(statements) == 4, statements
    assert "django_session" in statements[0]
    assert "accounts_user" in statements[1]
    read = statements[2]
    assert "quizzes_attempt" in read
    assert "members_member" in read  # the owner is checked in the same statement
    assert "quizzes_quizactivity" not in read
    for unread in ("question_ids", "ip_address", "score", "started_at"):  # only the columns the save checks
        assert unread not in read
    assert statements[3].startswith("INSERT INTO")
    assert "ON CONFLICT" in statements[3]
    assert Answer.objects.get(attempt=attempt, question_id=attempt.question_ids[1]).chosen == "B"


def test_every_check_is_still_made(answering, quiz):
    attempt, client, save = answering
    # a question that is not on this paper
    assert client.post(save, {"question": 999_999, "choice": "A"}).status_code == 422
    # another member's attempt is not found
    other_user, _ = another_member(quiz.world.org_a, "13700009998", "另一会员")
    other = Client()
    other.force_login(other_user)
    assert other.post(save, {"question": attempt.question_ids[0], "choice": "A"}).status_code == 404
    assert (
        other.post(
            reverse("quizzes:portal_answer_save", args=[f"{attempt.public_id}"[:-1] + "0"])
        ).status_code
        == 404
    )
    # past the time limit: nothing is saved, the attempt is submitted and the member sent to the result
    Attempt.objects.filter(pk=attempt.pk).update(deadline_at=attempt.started_at - dt.timedelta(seconds=1))
    late = client.post(save, {"question": attempt.question_ids[2], "choice": "A"}, HTTP_HX_REQUEST="true")
    assert late["HX-Redirect"] == reverse("quizzes:portal_attempt_result", args=[attempt.public_id])
    attempt.refresh_from_db()
    assert (attempt.status, attempt.submit_reason) == (AttemptStatus.SUBMITTED, SubmitReason.TIMEOUT)
    assert not Answer.objects.filter(attempt=attempt, question_id=attempt.question_ids[2]).exists()
    # a submitted attempt takes no answer either
    again = client.post(save, {"question": attempt.question_ids[3], "choice": "A"}, HTTP_HX_REQUEST="true")
    assert again["HX-Redirect"] == late["HX-Redirect"]
    assert not Answer.objects.filter(attempt=attempt, question_id=attempt.question_ids[3]).exists()

"""PostgreSQL: concurrent submissions meet the collection's row lock and the one-per-member constraint as two
requests would — a member's double click gives one participation and one answer, many members at once lose no
answer and write each once, and a close racing with submissions leaves nothing in the buffer."""

import pytest
from django.core.exceptions import ValidationError

from gonghui.responses.models import AnonymousAnswer, Participation, PendingAnswer
from gonghui.responses.services import response_submit, responses_close

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
VOTE = {"vote": "同意", "elect": ["张三"], "remark": ""}


def test_a_double_submission_gives_one_participation_and_one_answer(world, ballot, run_concurrently):
    results, errors = run_concurrently(
        *[lambda: response_submit(owner=ballot, member=world.member_a, answers=VOTE) for _ in range(5)]
    )
    assert len(results) == 1
    assert len(errors) == 4
    assert all(isinstance(e, ValidationError) for e in errors)
    assert Participation.objects.count() == 1
    assert PendingAnswer.objects.count() + AnonymousAnswer.objects.count() == 1


def test_twelve_members_at_once_lose_no_answer(world, ballot, run_concurrently):
    members = list(ballot.members.order_by("pk")[:12])
    results, errors = run_concurrently(
        *[lambda m=m: response_submit(owner=ballot, member=m, answers=VOTE) for m in members]
    )
    assert errors == []
    assert Participation.objects.count() == 12
    assert (AnonymousAnswer.objects.count(), PendingAnswer.objects.count()) == (10, 2)


def test_a_close_racing_with_submissions_leaves_the_buffer_empty(world, ballot, run_concurrently):
    members = list(ballot.members.order_by("pk")[:6])
    calls = [lambda m=m: response_submit(owner=ballot, member=m, answers=VOTE) for m in members]
    results, errors = run_concurrently(*calls, lambda: responses_close(owner=ballot, actor=world.org_admin))
    assert all(isinstance(e, ValidationError) for e in errors)  # refused: already closed
    assert PendingAnswer.objects.count() == 0
    assert AnonymousAnswer.objects.count() == Participation.objects.count()

"""Real concurrency (PostgreSQL): a double-tapped submit makes one case; two handlers accepting at once make one
acceptance. SQLite serialises writers, so these run on PostgreSQL only."""

import pytest
from django.core.exceptions import ValidationError

from gonghui.appeals.choices import AppealStatus
from gonghui.appeals.models import Appeal
from gonghui.appeals.services import AppealInput, appeal_accept, appeal_submit
from gonghui.appeals.tests.factories import DESCRIPTION, category, make_appeal
from gonghui.core.timeline import timeline_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_a_double_tapped_submit_makes_one_case(world, run_concurrently):
    data = AppealInput(category=category("wages"), title="拖欠课时费", description=DESCRIPTION)

    def submit():
        return appeal_submit(member=world.member_a, actor=world.org_member, data=data, privacy_accepted=True)

    results, errors = run_concurrently(submit, submit)
    assert errors == []
    assert sorted(created for _appeal, created in results) == [False, True]
    assert Appeal.objects.count() == 1


def test_two_handlers_accepting_at_once_make_one_acceptance(world, handler_a, supervisor, run_concurrently):
    appeal = make_appeal(world.member_a)
    results, errors = run_concurrently(
        lambda: appeal_accept(appeal=appeal, actor=handler_a),
        lambda: appeal_accept(appeal=appeal, actor=supervisor),
    )
    assert len(results) == 1
    assert [type(e) for e in errors] == [ValidationError]
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.ACCEPTED
    assert [e.action for e in timeline_for(appeal)] == ["submit", "accept"]

"""PostgreSQL: objections raised at the same instant get distinct receipt numbers (the numbering row is locked in
each objection's transaction); two handlers answering one objection at once — one answer wins, the other is told
it was answered; the close job run twice at once closes the notice once (one result row)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import make_member_user
from gonghui.accounts.scoping import forget_grants
from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.core.timeline import timeline_for
from gonghui.notices.choices import NoticeAction, ObjectionOutcome, ObjectionStatus
from gonghui.notices.models import Objection
from gonghui.notices.permissions import OFFICER_ROLE
from gonghui.notices.services import notices_close_due, objection_answer

from .factories import make_notice, make_objection

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
THREADS = 8


@pytest.fixture
def officer(world):
    RoleGrantFactory.create(user=world.org_admin, role=OFFICER_ROLE, org=world.org_a)
    forget_grants(world.org_admin)
    return world.org_admin


def test_concurrent_objections_get_distinct_receipt_numbers(world, officer, run_concurrently):
    notice = make_notice(org=world.org_a, actor=officer)
    users = [make_member_user(f"1370000{n:04d}", world.org_a, name=f"会员{n}")[0] for n in range(THREADS)]
    results, errors = run_concurrently(*[lambda u=u: make_objection(notice=notice, user=u) for u in users])
    assert errors == []
    numbers = sorted(o.number for o in results)
    assert numbers == [
        f"YY{world.org_a.pk}-{timezone.localdate().year}-{n:04d}" for n in range(1, THREADS + 1)
    ]


def test_one_objection_is_answered_once(world, officer, run_concurrently):
    notice = make_notice(org=world.org_a, actor=officer)
    objection = make_objection(notice=notice, user=world.org_member, entry=notice.entries.get(position=1))
    outcomes = (ObjectionOutcome.UPHELD, ObjectionOutcome.DISMISSED)
    results, errors = run_concurrently(
        *[
            lambda outcome=outcome: objection_answer(
                objection=objection, outcome=outcome, answer="答复", actor=officer
            )
            for outcome in outcomes
        ]
    )
    assert len(results) == 1
    assert len(errors) == 1
    assert isinstance(errors[0], ValidationError)
    assert Objection.objects.get().status in (ObjectionStatus.UPHELD, ObjectionStatus.DISMISSED)


def test_the_close_job_run_twice_at_once_closes_once(world, officer, run_concurrently):
    notice = make_notice(org=world.org_a, actor=officer)
    assert notice.ends_on is not None
    after = notice.ends_on + dt.timedelta(days=1)
    results, errors = run_concurrently(
        lambda: notices_close_due(today=after), lambda: notices_close_due(today=after)
    )
    assert errors == []
    assert sorted(results) == ["公示期满关闭 0 条", "公示期满关闭 1 条"]
    assert [row.action for row in timeline_for(notice)].count(NoticeAction.RESULT) == 1

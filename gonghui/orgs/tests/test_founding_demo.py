"""The demo 建会 register: unfounded 民办 units in six counties over every state before 已建会, written through
the services (timelines included), and idempotent."""

from collections import Counter

import pytest

from gonghui.accounts.demo import seed_accounts
from gonghui.core.models import TimelineEntry
from gonghui.orgs.choices import FoundingStatus
from gonghui.orgs.demo import demo_foundings, seed_foundings, seed_orgs
from gonghui.orgs.models import Org, UnionFounding
from gonghui.orgs.validators import validate_credit_code


def test_demo_plan_spreads_units_over_the_states():
    # when
    plan = demo_foundings()
    # then
    assert len(plan) == 18
    assert {code for code, _place, _unit, _state in plan} == {"JFQ", "SYQ", "ZZQ", "MCQ", "SFQ", "XWX"}
    assert set(Counter(state for *_rest, state in plan).values()) == {2, 3}
    assert {state for *_rest, state in plan} == {
        FoundingStatus.NOT_FOUNDED,
        FoundingStatus.APPLIED,
        FoundingStatus.REJECTED,
        FoundingStatus.APPROVED,
        FoundingStatus.DEVELOPING,
        FoundingStatus.GROUPS_FORMED,
        FoundingStatus.PREPARING_CONGRESS,
    }


@pytest.mark.django_db
def test_seed_foundings_writes_through_the_services_and_runs_once():
    # given
    seed_orgs()
    seed_accounts()
    orgs_before = Org.objects.count()
    # when
    first = seed_foundings()
    second = seed_foundings()
    # then
    assert (first, second) == ("建会登记 18 家（本次新增 18 家）", "建会登记 18 家（本次新增 0 家）")
    assert Org.objects.count() == orgs_before
    foundings = list(UnionFounding.objects.select_related("org"))
    assert {f.is_private for f in foundings} == {True}
    assert {f.org.level for f in foundings} == {"county"}
    for f in foundings:
        validate_credit_code(f.credit_code)
    rejected = UnionFounding.objects.filter(status=FoundingStatus.REJECTED).first()
    assert rejected is not None
    steps = TimelineEntry.objects.filter(object_id=str(rejected.pk), content_type__model="unionfounding")
    assert [(s.action, s.actor and s.actor.username) for s in steps.order_by("id")] == [
        ("register", f"{rejected.org.code.lower()}_admin"),
        ("apply", f"{rejected.org.code.lower()}_admin"),
        ("reject", f"{rejected.org.code.lower()}_admin"),
    ]


@pytest.mark.django_db
def test_seed_foundings_without_demo_accounts_adds_nothing():
    # given
    seed_orgs()
    # when
    result = seed_foundings()
    # then
    assert result == "建会登记 0 家（本次新增 0 家）"

import pytest

from conftest import make_member_user
from gonghui.responses.demo import DEMO_MEMBER_PHONE, seed_responses
from gonghui.responses.models import AnonymousAnswer, Participation, PendingAnswer
from gonghui.responses.selectors import (
    attribute_breakdowns,
    is_closed,
    question_tallies,
    response_counts,
    response_todo_items,
)

from .conftest import make_voters

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_an_open_and_a_closed_survey_once(world):
    demo_user, demo_member = make_member_user(DEMO_MEMBER_PHONE, world.org_a, name="演示会员")
    make_voters(world, 14)
    make_voters(world, 40, org=world.org_b)

    message = seed_responses()

    assert "42" in message
    assert response_counts(owner=world.org_a).participants == 12
    assert not Participation.objects.filter(member=demo_member).exists()  # left for the demo member to try
    assert not is_closed(world.org_a)
    # the demo member finds it on the portal home
    assert [item.title for item in response_todo_items(demo_user)] == [
        "待填写：甲县第一中学工会职工满意度调查"
    ]
    assert is_closed(world.org_b)
    assert response_counts(owner=world.org_b).answers == 30
    assert len(question_tallies(owner=world.org_b)) == 3
    # all forty are 男, 在编: one cell of forty, so the breakdown shows the group
    assert [(row.value, row.answers) for row in attribute_breakdowns(owner=world.org_b)[0].rows] == [
        ("男", 30)
    ]
    assert PendingAnswer.objects.count() == 2
    # idempotent
    seed_responses()
    assert (Participation.objects.count(), AnonymousAnswer.objects.count()) == (42, 40)

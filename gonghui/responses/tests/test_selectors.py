import pytest

from gonghui.responses.coarsening import OTHER
from gonghui.responses.selectors import attribute_breakdowns, question_tallies, response_counts
from gonghui.responses.services import response_submit, responses_close

from .conftest import make_ballot, make_voters

pytestmark = pytest.mark.django_db


def _answer(ballot, members, vote="同意"):
    for member in members:
        response_submit(
            owner=ballot, member=member, answers={"vote": vote, "elect": ["张三"], "remark": "好"}
        )


def test_counts_while_open_and_no_results_before_the_close(world, ballot):
    members = list(ballot.members.order_by("pk"))
    _answer(ballot, members[:12])
    counts = response_counts(owner=ballot)
    assert (counts.population, counts.participants, counts.answers, counts.pending) == (30, 12, 10, 2)
    assert counts.rate == 40
    assert counts.closed is False
    assert question_tallies(owner=ballot) == []
    assert attribute_breakdowns(owner=ballot) == []


def test_tallies_after_the_close(world, ballot):
    members = list(ballot.members.order_by("pk"))
    _answer(ballot, members[:8])
    _answer(ballot, members[8:12], vote="弃权")
    responses_close(owner=ballot, actor=world.org_admin)
    vote, elect, remark = question_tallies(owner=ballot)
    assert [(o.option, o.count, o.percent) for o in vote.options] == [
        ("同意", 8, 67),
        ("不同意", 0, 0),
        ("弃权", 4, 33),
    ]
    assert [(o.option, o.count) for o in elect.options] == [("张三", 12), ("李四", 0), ("王五", 0)]
    assert remark.texts == ["好"] * 12


def test_fewer_than_ten_answers_show_no_results(world, ballot):
    _answer(ballot, list(ballot.members.order_by("pk"))[:9])
    responses_close(owner=ballot, actor=world.org_admin)
    assert question_tallies(owner=ballot) == []
    assert attribute_breakdowns(owner=ballot) == []


def test_breakdowns_show_no_group_under_ten_answers(world):
    men = make_voters(world, 18)
    women = make_voters(world, 12, gender="F")
    ballot = make_ballot(world, [*men, *women])
    _answer(ballot, men)
    _answer(ballot, women[:10])
    responses_close(owner=ballot, actor=world.org_admin)
    by_gender = [b for b in attribute_breakdowns(owner=ballot) if b.attribute == "性别"]
    assert [(row.value, row.answers) for row in by_gender[0].rows] == [("女", 10), ("男", 18)]

    # only five women answer: their group would be under ten, so it is pooled, and the pool takes the men
    other = make_ballot(world, [*men, *women], name="第二次表决")
    _answer(other, men)
    _answer(other, women[:5])
    responses_close(owner=other, actor=world.org_admin)
    by_gender = [b for b in attribute_breakdowns(owner=other) if b.attribute == "性别"]
    assert [(row.value, row.answers) for row in by_gender[0].rows] == [(OTHER, 23)]
    for breakdown in attribute_breakdowns(owner=other):
        assert all(row.answers >= 10 for row in breakdown.rows)

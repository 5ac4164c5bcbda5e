import datetime as dt
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.models import AuditLog
from gonghui.responses.choices import CollectionStatus
from gonghui.responses.coarsening import OTHER, age_band, answer_attributes, kept_cells
from gonghui.responses.kinds import kind_for
from gonghui.responses.models import AnonymousAnswer, Collection, Participation, PendingAnswer
from gonghui.responses.services import (
    RECEIPT_ALPHABET,
    response_submit,
    responses_close,
    responses_flush,
)

from .conftest import make_ballot, make_voters

pytestmark = pytest.mark.django_db
VOTE = {"vote": "同意", "elect": ["张三", "王五"], "remark": ""}


def _voters(ballot):
    return list(kind_for(ballot).population(ballot).order_by("pk"))


def test_submit_records_the_participation_and_buffers_the_answer(world, ballot):
    participation = response_submit(owner=ballot, member=world.member_a, answers=VOTE)
    assert participation.member == world.member_a
    assert len(participation.receipt_code) == 12
    assert set(participation.receipt_code) <= set(RECEIPT_ALPHABET)
    pending = PendingAnswer.objects.get()
    assert pending.answers == {"vote": "同意", "elect": ["张三", "王五"]}
    assert AnonymousAnswer.objects.count() == 0
    assert Collection.objects.get().status == CollectionStatus.OPEN


def test_a_second_response_of_the_same_member_is_refused(world, ballot):
    response_submit(owner=ballot, member=world.member_a, answers=VOTE)
    with pytest.raises(ValidationError, match="只能提交一次"):
        response_submit(owner=ballot, member=world.member_a, answers=VOTE)
    assert Participation.objects.count() == 1
    assert PendingAnswer.objects.count() == 1


def test_a_member_outside_the_population_is_refused(world, ballot):
    (stranger,) = make_voters(world, 1, org=world.org_b)
    with pytest.raises(PermissionDenied):
        response_submit(owner=ballot, member=stranger, answers=VOTE)
    assert Participation.objects.count() == 0
    assert PendingAnswer.objects.count() == 0


def test_a_closed_owner_takes_no_response(world, ballot):
    responses_close(owner=ballot, actor=world.org_admin)
    with pytest.raises(ValidationError, match="已结束"):
        response_submit(owner=ballot, member=world.member_a, answers=VOTE)
    assert Participation.objects.count() == 0


@pytest.mark.parametrize(
    ("answers", "key", "message"),
    [
        ({"elect": ["张三"]}, "vote", "请回答“您同意本方案吗？”"),
        ({"vote": "也许", "elect": ["张三"]}, "vote", "“您同意本方案吗？”的选项无效"),
        ({"vote": "同意", "elect": ["赵六"]}, "elect", "“请选出委员（可多选）”的选项无效"),
        ({"vote": "同意", "elect": ["张三"], "remark": "长" * 501}, "remark", "“其他意见”最多500字"),
    ],
)
def test_answers_are_checked_against_the_questions(world, ballot, answers, key, message):
    with pytest.raises(ValidationError) as caught:
        response_submit(owner=ballot, member=world.member_a, answers=answers)
    assert caught.value.message_dict == {key: [message]}
    assert Participation.objects.count() == 0


def test_unknown_keys_are_dropped_and_choices_kept_in_option_order(world, ballot):
    response_submit(
        owner=ballot,
        member=world.member_a,
        answers={"vote": "弃权", "elect": ["王五", "张三"], "ip": "1.2.3.4"},
    )
    assert PendingAnswer.objects.get().answers == {"vote": "弃权", "elect": ["张三", "王五"]}


def test_ten_pending_answers_are_written_together_and_leave_the_buffer(world, ballot):
    voters = _voters(ballot)
    for member in voters[:9]:
        response_submit(owner=ballot, member=member, answers=VOTE)
    assert (PendingAnswer.objects.count(), AnonymousAnswer.objects.count()) == (9, 0)
    assert responses_flush(owner=ballot) == 0  # not forced: under ten stay pending
    response_submit(owner=ballot, member=voters[9], answers=VOTE)
    assert (PendingAnswer.objects.count(), AnonymousAnswer.objects.count()) == (0, 10)
    assert Participation.objects.count() == 10


def test_close_writes_the_rest_topped_up_to_a_batch_of_ten(world, ballot):
    voters = _voters(ballot)
    for member in voters[:13]:
        response_submit(owner=ballot, member=member, answers=VOTE)
    first_batch = set(AnonymousAnswer.objects.values_list("pk", flat=True))
    assert (len(first_batch), PendingAnswer.objects.count()) == (10, 3)
    collection = responses_close(owner=ballot, actor=world.org_admin)
    assert collection.status == CollectionStatus.CLOSED
    assert PendingAnswer.objects.count() == 0
    after = set(AnonymousAnswer.objects.values_list("pk", flat=True))
    assert len(after) == 13
    # 7 answers of the first batch were written again with the 3 pending, under new keys: a last batch of 10
    assert len(first_batch & after) == 3
    assert AuditLog.objects.filter(summary__contains="结束匿名答卷收集").count() == 1


def test_a_forced_flush_of_an_owner_with_fewer_than_ten_answers_writes_them_all(world, ballot):
    for member in _voters(ballot)[:4]:
        response_submit(owner=ballot, member=member, answers=VOTE)
    assert responses_flush(owner=ballot, force=True) == 4
    assert (PendingAnswer.objects.count(), AnonymousAnswer.objects.count()) == (0, 4)


def test_only_a_manager_may_close_and_only_once(world, ballot):
    with pytest.raises(PermissionDenied):
        responses_close(owner=ballot, actor=world.org_member)
    with pytest.raises(PermissionDenied):
        responses_close(owner=ballot, actor=world.outsider)
    responses_close(owner=ballot, actor=world.org_admin)
    with pytest.raises(ValidationError, match="已经结束"):
        responses_close(owner=ballot, actor=world.org_admin)


def test_owners_are_kept_apart(world, ballot):
    other = make_ballot(world, _voters(ballot), name="另一次表决")
    response_submit(owner=ballot, member=world.member_a, answers=VOTE)
    response_submit(owner=other, member=world.member_a, answers=VOTE)
    assert Participation.objects.count() == 2
    responses_close(owner=other, actor=world.org_admin)
    assert PendingAnswer.objects.count() == 1  # the first ballot's answer still waits


# ---- coarse attributes -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sizes", "kept"),
    [
        ({"a": 10, "b": 10}, {"a", "b"}),
        ({"a": 12, "b": 11, "c": 3}, {"a"}),  # the pool of 3 takes the smallest kept cell (11)
        ({"a": 12, "b": 5, "c": 3}, set()),  # 8 pooled, then a joins: everyone is 其他
        ({"a": 9}, set()),
        ({"a": 30, "b": 10, "c": 1, "d": 9}, {"a", "b"}),  # 10 pooled: enough
    ],
)
def test_kept_cells_leave_no_group_under_ten(sizes, kept):
    cells: Counter[tuple[str, ...]] = Counter({(key,): size for key, size in sizes.items()})
    assert {cell[0] for cell in kept_cells(cells)} == kept


def test_attributes_are_kept_in_cells_of_at_least_ten(world):
    men = make_voters(world, 12)
    women = make_voters(world, 10, gender="F")
    ballot = make_ballot(world, [*men, *women])
    kind = kind_for(ballot)
    today = men[0].birth_date.replace(year=2026)
    assert answer_attributes(kind=kind, owner=ballot, member=men[0], today=today) == {
        "gender": "男",
        "employment": "在编",
        "unit": "甲县教育工会",
    }
    assert answer_attributes(kind=kind, owner=ballot, member=women[0], today=today)["gender"] == "女"
    # one woman fewer: her cell has 9 people, pooled with nothing else small, so the men's cell joins the pool
    ballot.entries.filter(member=women[-1]).delete()
    assert answer_attributes(kind=kind, owner=ballot, member=men[0], today=today) == {
        "gender": OTHER,
        "employment": OTHER,
        "unit": OTHER,
    }


def test_age_bands():
    today = dt.date(2026, 6, 1)
    assert age_band(dt.date(1992, 6, 2), today) == "35岁以下"
    assert age_band(dt.date(1991, 6, 1), today) == "35—44岁"
    assert age_band(dt.date(1972, 1, 1), today) == "45—54岁"
    assert age_band(dt.date(1971, 6, 1), today) == "55岁及以上"

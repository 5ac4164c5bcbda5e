"""scoring.py and computing.py on hand-computed examples: thresholds from a registered source, a capped bonus
dimension, a veto item capping the grade, a 复核 adjustment kept through recomputation, the as-of period handed to
the source, a missing source scored 0 with its reason, ranks overall and among peers, freezing, and what a computation
writes (scores inserted with their values; on recomputing, only the rows that moved)."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import World
from gonghui.core.registry import Period
from gonghui.evaluations import scoring
from gonghui.evaluations.choices import RoundStatus
from gonghui.evaluations.computing import round_compute
from gonghui.evaluations.models import RoundTarget, Score
from gonghui.evaluations.tests.factories import make_round
from gonghui.evaluations.tests.factories_rounds import make_hand_scheme, registered_source
from gonghui.orgs.tests.factories import OrgFactory

D = Decimal


def _score(target: RoundTarget, number: str) -> Score:
    return Score.objects.select_related("indicator").get(target=target, indicator__number=number)


def _assess(target: RoundTarget, points: dict[str, str], *, passed: bool | None = True) -> None:
    for number, given in points.items():
        score = _score(target, number)
        score.assessor_points = D(given)
        score.self_points = D(given)
        if score.indicator.is_veto:
            score.passed = passed
        score.save()


@pytest.fixture
def hand(world: World) -> Any:
    scheme = make_hand_scheme(org=world.city, actor=world.org_admin)
    round_ = make_round(scheme=scheme, actor=world.org_admin, targets=[world.org_a, world.org_b])
    return round_


def test_thresholds_cap_and_grade_by_hand(world: World, hand: Any) -> None:
    with registered_source(values={"ORGA": D("92.5"), "ORGB": D("84")}):
        assert round_compute(hand, actor=world.org_admin) == 2
    a, b = (RoundTarget.objects.get(round=hand, org=o) for o in (world.org_a, world.org_b))
    first = _score(a, "1")
    assert (first.value, first.computed_points, first.final_points) == (D("92.5"), D(60), D(60))
    assert first.explanation == "入会率 92.5 ≥ 90，得 60 分"
    assert first.records_url == "/test/records/?org=ORGA"
    # the manual items are not scored yet: the total is the automatic points alone
    assert (a.total, a.assessor_total, a.grade) == (D(60), None, "二星")
    _assess(a, {"2": "30", "3": "4", "4": "3"})  # bonus 4 + 3 = 7, capped at 5
    _assess(b, {"2": "25", "3": "1", "4": "1"})
    scoring.target_refresh(a)
    scoring.target_refresh(b)
    scoring.round_rank(hand)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.total, a.assessor_total, a.self_total, a.grade, a.vetoed) == (
        D(95),
        D(95),
        D(95),
        "五星",
        False,
    )
    assert (b.total, b.grade) == (D(77), "三星")  # 50 + 25 + 2
    assert (a.rank, b.rank) == (1, 2)


def test_failed_veto_caps_the_grade(world: World, hand: Any) -> None:
    with registered_source(default=D(95)):
        round_compute(hand, actor=world.org_admin)
    a = RoundTarget.objects.get(round=hand, org=world.org_a)
    _assess(a, {"2": "30", "3": "5", "4": "5"}, passed=False)
    scoring.target_refresh(a)
    a.refresh_from_db()
    assert (a.total, a.vetoed, a.grade) == (D(95), True, "一星")


def test_adjusted_score_kept_through_recompute(world: World, hand: Any) -> None:
    with registered_source(default=D(95)):
        round_compute(hand, actor=world.org_admin)
        a = RoundTarget.objects.get(round=hand, org=world.org_a)
        first = _score(a, "1")
        first.adjusted, first.final_points, first.adjust_reason = True, D(40), "数据口径有误"
        first.save()
        round_compute(hand, actor=world.org_admin)
    first.refresh_from_db()
    a.refresh_from_db()
    assert (first.computed_points, first.final_points) == (D(60), D(40))
    assert a.total == D(40)


def _updates(captured: CaptureQueriesContext, table: str) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if q["sql"].startswith(f'UPDATE "{table}"')]


def test_scores_are_inserted_computed_and_a_recompute_writes_only_what_moved(world: World, hand: Any) -> None:
    with (
        registered_source(values={"ORGA": D("92.5"), "ORGB": D("84")}),
        CaptureQueriesContext(connection) as first,
    ):
        round_compute(hand, actor=world.org_admin)
    # then the first run inserts each score with its value and points: no score is updated but for the read stamp
    assert [sql for sql in _updates(first, "evaluations_score") if "computed_at" not in sql] == []
    a, b = (RoundTarget.objects.get(round=hand, org=o) for o in (world.org_a, world.org_b))
    assert (_score(b, "1").final_points, b.total, a.total) == (D(50), D(50), D(60))
    untouched = _score(a, "1").updated_at
    with (
        registered_source(values={"ORGA": D("92.5"), "ORGB": D("72")}),
        CaptureQueriesContext(connection) as again,
    ):
        round_compute(hand, actor=world.org_admin)
    # then only ORGB's 入会率 row moved: one write of the fields that moved, one read stamp for all
    scores = _updates(again, "evaluations_score")
    assert len(scores) == 2
    assert '"records_url"' not in next(sql for sql in scores if "computed_at" not in sql)
    moved = _score(b, "1")
    assert (moved.value, moved.computed_points, moved.final_points) == (D(72), D(30), D(30))
    assert _score(a, "1").updated_at == untouched
    b.refresh_from_db()
    assert (b.total, b.rank) == (D(30), 2)


def test_as_of_period_passed_once_per_source(world: World, hand: Any) -> None:
    calls: list[Any] = []
    hand.period_end = dt.date(2020, 6, 30)
    hand.save()
    with registered_source(calls=calls):
        round_compute(hand, actor=world.org_admin)
    assert len(calls) == 1
    orgs, period = calls[0]
    assert period == Period(dt.date(2020, 1, 1), dt.date(2020, 6, 30))
    assert {o.code for o in orgs} == {"ORGA", "ORGB"}


def test_missing_source_scores_zero_with_reason(world: World, hand: Any) -> None:
    round_compute(hand, actor=world.org_admin)  # tests.rate is not registered here
    first = _score(RoundTarget.objects.get(round=hand, org=world.org_a), "1")
    assert first.computed_points == D(0)
    assert "数据来源未注册" in first.explanation


def test_peer_ranks(world: World, hand: Any) -> None:
    extra = OrgFactory.create(parent=world.county_x, code="ORGC", name="甲县第二中学工会")
    RoundTarget.objects.create(round=hand, org=extra, peer_group="其他")
    RoundTarget.objects.filter(round=hand, org=world.org_b).update(peer_group="其他")
    with registered_source(values={"ORGA": D(75), "ORGB": D(85), "ORGC": D(95)}):
        round_compute(hand, actor=world.org_admin)
    ranks = {t.org.code: (t.rank, t.peer_rank) for t in RoundTarget.objects.filter(round=hand)}
    assert ranks == {"ORGC": (1, 1), "ORGB": (2, 2), "ORGA": (3, 1)}


def test_frozen_round_refuses_and_keeps_values(world: World, hand: Any) -> None:
    with registered_source(default=D(95)):
        round_compute(hand, actor=world.org_admin)
    hand.status = RoundStatus.FROZEN
    hand.save()
    with registered_source(default=D(10)), pytest.raises(ValidationError):
        round_compute(hand, actor=world.org_admin)
    a = RoundTarget.objects.get(round=hand, org=world.org_a)
    with pytest.raises(ValidationError):
        scoring.target_refresh(a)
    assert _score(a, "1").computed_points == D(60)

"""`round_results` reads the submitted sheets of a round into the aggregation: drafts do not count, vetoes zero a
total, outlying judges are flagged per entry."""

from decimal import Decimal

import pytest

from gonghui.reviews.aggregation import TieRule
from gonghui.reviews.choices import TieRuleKind
from gonghui.reviews.models import Criterion, Judge, ReviewEntry
from gonghui.reviews.selectors import round_results
from gonghui.reviews.services import (
    ScoreInput,
    judge_add,
    round_open,
    round_rules_set,
    sheet_save,
    sheet_submit,
)

from .conftest import Setup

pytestmark = pytest.mark.django_db


def score(
    setup: Setup, judge: Judge, entry: ReviewEntry, a: str, b: str, veto: str = "0", submit: bool = True
) -> None:
    c = {x.name: x for x in Criterion.objects.filter(template=setup.review_round.template)}
    sheet = sheet_save(
        judge=judge,
        entry=entry,
        scores={
            c["创新性"].pk: ScoreInput(a),
            c["实效性"].pk: ScoreInput(b, "评语"),
            c["存在违纪违法"].pk: ScoreInput(veto, "评语"),
        },
        actor=judge.user,
    )
    if submit:
        sheet_submit(sheet=sheet, actor=judge.user)


def test_the_results_rank_the_submitted_sheets_and_flag_the_outlying_judge(
    setup: Setup, django_assert_max_num_queries: object
) -> None:
    judge_c = judge_add(review_round=setup.review_round, user=setup.world.org_member, actor=setup.organiser)
    round_open(review_round=setup.review_round, actor=setup.organiser)
    score(setup, setup.judge_a, setup.entry_x, "35", "50")
    score(setup, setup.judge_b, setup.entry_x, "30", "50")
    score(setup, judge_c, setup.entry_x, "10", "50")
    score(setup, setup.judge_a, setup.entry_b, "40", "60")
    score(setup, judge_c, setup.entry_b, "0", "0", submit=False)  # a draft does not count
    score(setup, setup.judge_b, setup.entry_a, "40", "60", veto="1")  # vetoed: 0

    with django_assert_max_num_queries(6):  # type: ignore[operator]
        results = round_results(setup.review_round)

    assert results.max_total == Decimal(100)
    assert [(r.rank, r.result.entry_id, r.result.score) for r in results.ranked] == [
        (1, setup.entry_b.pk, Decimal(100)),
        (2, setup.entry_x.pk, Decimal(75)),
        (3, setup.entry_a.pk, Decimal(0)),
    ]
    assert results.outliers[setup.entry_x.pk] == {judge_c.pk}
    assert results.outliers[setup.entry_b.pk] == set()


def test_the_results_use_the_rules_stored_on_the_round(setup: Setup) -> None:
    Judge.objects.filter(pk=setup.judge_a.pk).update(group="专家组")
    Judge.objects.filter(pk=setup.judge_b.pk).update(group="代表组")
    setup.judge_a.refresh_from_db()
    setup.judge_b.refresh_from_db()
    round_rules_set(
        review_round=setup.review_round,
        actor=setup.organiser,
        tie_rules=[TieRule(TieRuleKind.CRITERION, "创新性")],
        outlier_share=Decimal("0.1"),
        group_weights={"专家组": Decimal(7), "代表组": Decimal(3)},
        gap_share=Decimal("0.2"),
    )
    setup.review_round.refresh_from_db()
    round_open(review_round=setup.review_round, actor=setup.organiser)
    score(setup, setup.judge_a, setup.entry_x, "40", "50")  # 90
    score(setup, setup.judge_b, setup.entry_x, "20", "50")  # 70
    score(setup, setup.judge_a, setup.entry_b, "30", "54")  # 84, 创新性 30
    score(setup, setup.judge_b, setup.entry_a, "40", "44")  # 84, 创新性 40

    results = round_results(setup.review_round)
    # every entry scores 84 (x: 0.7 × 90 + 0.3 × 70); 创新性 means: A 40, B 30, X 30 — B and X stay tied
    assert [(r.rank, r.result.entry_id, r.result.score) for r in results.ranked] == [
        (1, setup.entry_a.pk, Decimal(84)),
        (2, setup.entry_b.pk, Decimal(84)),
        (2, setup.entry_x.pk, Decimal(84)),
    ]
    # the 10 % share flags both judges of entry X (90 vs 70 differ by 20 > 10 of 100); 15 % would too, 25 % not
    assert results.outliers[setup.entry_x.pk] == {setup.judge_a.pk, setup.judge_b.pk}
    assert results.rules.outlier_share == Decimal("0.1")
    detail = results.details[setup.entry_x.pk]
    assert (detail.mean, detail.trimmed_mean) == (Decimal(80), Decimal(80))
    assert detail.group_means == {"代表组": Decimal(70), "专家组": Decimal(90)}
    assert detail.judge_totals == {setup.judge_a.pk: Decimal(90), setup.judge_b.pk: Decimal(70)}


def test_without_stored_rules_the_default_rules_apply(setup: Setup) -> None:
    round_open(review_round=setup.review_round, actor=setup.organiser)
    score(setup, setup.judge_a, setup.entry_x, "40", "50")  # 90
    score(setup, setup.judge_b, setup.entry_x, "30", "48")  # 78: 12 apart, within 15 of 100
    results = round_results(setup.review_round)
    assert results.ranked[0].result.score == Decimal(84)
    assert results.outliers[setup.entry_x.pk] == set()
    assert results.rules.outlier_share == Decimal("0.15")

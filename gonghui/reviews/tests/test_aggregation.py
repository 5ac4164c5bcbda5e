"""The review arithmetic: sheet totals with weights and vetoes, mean and trimmed mean, scores weighted per judge
group, ranking with tie rules, outlying judges — worked examples and properties (hypothesis)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.reviews.aggregation import (
    CriterionRule,
    EntryResult,
    JudgeTotal,
    TieRule,
    assessment_gaps,
    entry_score,
    mean,
    median,
    outlier_judges,
    rank,
    sheet_max,
    sheet_total,
    trimmed_mean,
)
from gonghui.reviews.choices import TieRuleKind

D = Decimal
points = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
CRITERIA = (
    CriterionRule("创新性", D(40)),
    CriterionRule("实效性", D(60), weight=D("1.5")),
    CriterionRule("违纪", D(0), is_veto=True),
)


def test_a_sheet_total_weighs_the_points_and_a_ticked_veto_makes_it_zero() -> None:
    assert sheet_total({"创新性": D(30), "实效性": D(50), "违纪": D(0)}, CRITERIA) == D(105)
    assert sheet_total({"创新性": D(30), "实效性": D(50), "违纪": D(1)}, CRITERIA) == D(0)
    assert sheet_total({"创新性": D(30)}, CRITERIA) == D(30)
    assert sheet_max(CRITERIA) == D(130)


def test_the_trimmed_mean_drops_one_highest_and_one_lowest_from_five_judges_on() -> None:
    assert trimmed_mean([D(80), D(90), D(70), D(100)]) == D(85)
    assert trimmed_mean([D(80), D(90), D(70), D(100), D(60)]) == D(80)
    assert trimmed_mean([D(100), D(100), D(0), D(0), D(50)]) == D(50)
    with pytest.raises(ValueError, match="no values"):
        mean([])


def test_an_entry_score_weighs_the_judge_groups() -> None:
    totals = [
        JudgeTotal(1, "专家组", D(90)),
        JudgeTotal(2, "专家组", D(86)),
        JudgeTotal(3, "职工代表组", D(80)),
    ]
    assert entry_score(totals) == (D(90) + D(86) + D(80)) / 3
    assert entry_score(totals, group_weights={"专家组": D(7), "职工代表组": D(3)}) == D("85.6")
    # a group that scored nothing is left out and the other weights are normalised
    assert entry_score(totals[:2], group_weights={"专家组": D(7), "职工代表组": D(3)}) == D(88)
    with pytest.raises(ValueError, match="no weight"):
        entry_score(totals, group_weights={"专家组": D(1)})


def test_the_trim_applies_within_each_group() -> None:
    experts = [JudgeTotal(i, "专家组", D(v)) for i, v in enumerate([60, 80, 80, 80, 100])]
    assert entry_score(experts, group_weights={"专家组": D(1)}) == D(80)
    assert entry_score(experts, group_weights={"专家组": D(1)}, trim=False) == D(80)
    skewed = [JudgeTotal(i, "专家组", D(v)) for i, v in enumerate([0, 80, 80, 80, 80])]
    assert entry_score(skewed) == D(80)
    assert entry_score(skewed, trim=False) == D(64)


def test_ties_are_broken_by_the_rules_in_turn_and_equal_entries_share_a_rank() -> None:
    a = EntryResult(1, D(85), (D(80), D(90)), {"创新性": D(30)})
    b = EntryResult(2, D(85), (D(84), D(86)), {"创新性": D(30)})
    c = EntryResult(3, D(85), (D(70), D(100)), {"创新性": D(35)})
    d = EntryResult(4, D(90), (D(90),), {"创新性": D(10)})
    e = EntryResult(5, D(85), (D(80), D(90)), {"创新性": D(30)})
    rules = [
        TieRule(TieRuleKind.CRITERION, "创新性"),
        TieRule(TieRuleKind.MEDIAN),
        TieRule(TieRuleKind.LOWEST),
    ]
    ranked = rank([a, b, c, d, e], rules)
    assert [(r.rank, r.result.entry_id) for r in ranked] == [(1, 4), (2, 3), (3, 2), (4, 1), (4, 5)]
    # without rules every 85 ties
    assert [r.rank for r in rank([a, b, c, d, e])] == [1, 2, 2, 2, 2]


def test_a_judge_far_from_the_others_is_flagged() -> None:
    # max 100, limit 15: judge 3 is 20 below the others' mean of 85
    assert outlier_judges({1: D(84), 2: D(86), 3: D(65)}, max_total=D(100)) == {3}
    assert outlier_judges({1: D(84), 2: D(86), 3: D(70)}, max_total=D(100)) == set()
    assert outlier_judges({1: D(84), 2: D(86), 3: D(70)}, max_total=D(100), share=D("0.1")) == {3}
    assert outlier_judges({1: D(10)}, max_total=D(100)) == set()


@given(st.lists(points, min_size=1, max_size=12))
def test_the_trimmed_mean_lies_within_the_values_and_ignores_their_order(values: list[Decimal]) -> None:
    result = trimmed_mean(values)
    assert min(values) <= result <= max(values)
    assert trimmed_mean(list(reversed(values))) == result
    if len(values) >= 5:
        assert result == mean(sorted(values)[1:-1])
    else:
        assert result == mean(values)


@given(st.lists(points, min_size=1, max_size=12))
def test_the_median_lies_within_the_values(values: list[Decimal]) -> None:
    assert min(values) <= median(values) <= max(values)


@given(st.lists(st.tuples(st.sampled_from(["专家组", "代表组"]), points), min_size=1, max_size=10))
def test_the_weighted_score_lies_within_the_group_means(rows: list[tuple[str, Decimal]]) -> None:
    totals = [JudgeTotal(i, group, total) for i, (group, total) in enumerate(rows)]
    score = entry_score(totals, group_weights={"专家组": D(7), "代表组": D(3)})
    group_means = [trimmed_mean([t.total for t in totals if t.group == g]) for g in {t.group for t in totals}]
    assert min(group_means) - D("1e-20") <= score <= max(group_means) + D("1e-20")


@given(st.lists(st.tuples(points, points), min_size=0, max_size=10))
def test_a_rank_is_one_plus_the_entries_strictly_ahead(rows: list[tuple[Decimal, Decimal]]) -> None:
    results = [EntryResult(i, score, (), {"创新性": c}) for i, (score, c) in enumerate(rows)]
    ranked = rank(results, [TieRule(TieRuleKind.CRITERION, "创新性")])
    assert sorted(r.result.entry_id for r in ranked) == list(range(len(rows)))
    for item in ranked:
        key = (item.result.score, item.result.criterion_means["创新性"])
        ahead = sum(1 for r in results if (r.score, r.criterion_means["创新性"]) > key)
        assert item.rank == ahead + 1
    assert [r.rank for r in ranked] == sorted(r.rank for r in ranked)


@given(st.dictionaries(st.integers(1, 20), points, min_size=2, max_size=8), points)
def test_flags_ignore_a_shift_of_every_total_and_equal_totals_flag_nobody(
    totals: dict[int, Decimal], shift: Decimal
) -> None:
    flagged = outlier_judges(totals, max_total=D(100))
    shifted = {judge: total + shift for judge, total in totals.items()}
    assert outlier_judges(shifted, max_total=D(100)) == flagged
    assert outlier_judges(dict.fromkeys(totals, shift), max_total=D(100)) == set()


@given(st.lists(points, min_size=3, max_size=3), st.booleans())
def test_a_sheet_total_never_exceeds_the_maximum(values: list[Decimal], veto: bool) -> None:
    rules = (
        CriterionRule("甲", D(100)),
        CriterionRule("乙", D(100), weight=D(2)),
        CriterionRule("否", D(0), is_veto=True),
    )
    total = sheet_total({"甲": values[0], "乙": values[1], "否": D(int(veto))}, rules)
    assert D(0) <= total <= sheet_max(rules)
    if veto:
        assert total == 0


def test_self_and_assessor_scores_far_apart_are_flagged_per_criterion() -> None:
    gaps = assessment_gaps(
        {"创新性": D(38), "实效性": D(50), "违纪": D(0)},
        {"创新性": D(30), "实效性": D(42), "违纪": D(1)},
        CRITERIA,
    )
    # 创新性: 8 > 15 % of 40 = 6; 实效性: 8 ≤ 9; a veto whenever the two differ
    assert [(g.criterion, g.difference) for g in gaps] == [("创新性", D(8)), ("违纪", D(-1))]
    assert assessment_gaps({"创新性": D(38)}, {"实效性": D(0)}, CRITERIA) == []


@given(st.dictionaries(st.sampled_from(["创新性", "实效性"]), st.decimals(0, 40, places=2)))
def test_a_self_score_equal_to_the_assessors_is_never_flagged(points: dict[str, Decimal]) -> None:
    assert assessment_gaps(points, dict(points), CRITERIA) == []

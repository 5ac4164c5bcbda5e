"""The scoring rules on hand-computed examples: every rule type, bounds met exactly, no data, parameter errors,
dimension caps, grades with veto capping, and competition ranking."""

from decimal import Decimal as D
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from gonghui.evaluations import rules

STEPS = {"direction": "at_least", "steps": [["70", "5"], ["90", "10"], ["80", "8"]]}


def test_thresholds_at_least_and_at_most_with_exact_bounds():
    params = rules.clean_params("thresholds", STEPS, D(10))
    assert params["steps"] == [["90", "10"], ["80", "8"], ["70", "5"]]  # best first
    assert rules.score("thresholds", params, D(10), D("92.3"), label="入会率").points == D(10)
    assert rules.score("thresholds", params, D(10), D(90), label="入会率").points == D(10)  # exactly on 90
    on_80 = rules.score("thresholds", params, D(10), D("89.99"), label="入会率")
    assert (on_80.points, on_80.passed) == (D(8), True)
    assert on_80.explanation == "入会率 89.99 ≥ 80，得 8 分"
    low = rules.score("thresholds", params, D(10), D("69.9"), label="入会率")
    assert (low.points, low.passed) == (D(0), False)
    assert "未达到最低档 ≥ 70" in low.explanation
    days = rules.clean_params(
        "thresholds", {"direction": "at_most", "steps": [["30", "2"], ["15", "4"]]}, D(4)
    )
    assert days["steps"] == [["15", "4"], ["30", "2"]]
    assert rules.score("thresholds", days, D(4), D(15)).points == D(4)
    assert rules.score("thresholds", days, D(4), D(16)).points == D(2)
    assert rules.score("thresholds", days, D(4), D(31)).points == D(0)
    assert rules.describe("thresholds", params, D(10)) == "≥90 得10分；≥80 得8分；≥70 得5分"


def test_proportional_deduction_bonus_check_manual():
    prop = rules.clean_params("proportional", {"target": "80"}, D(10))
    assert rules.score("proportional", prop, D(10), D(60)).points == D("7.50")  # 10 × 60 ÷ 80
    assert rules.score("proportional", prop, D(10), D(95)).points == D(10)  # capped
    ded = rules.clean_params("deduction", {"per": "2", "floor": "1"}, D(5))
    assert rules.score("deduction", ded, D(5), D(0)).points == D(5)
    assert rules.score("deduction", ded, D(5), D(0)).passed is True
    assert rules.score("deduction", ded, D(5), D(1)).points == D(3)
    assert rules.score("deduction", ded, D(5), D(3)).points == D(1)  # 5 − 6 → floor 1
    bonus = rules.clean_params("bonus", {"per": "0.5"}, D(2))
    assert rules.score("bonus", bonus, D(2), D(3)).points == D("1.50")
    assert rules.score("bonus", bonus, D(2), D(9)).points == D(2)  # capped at the points
    check = rules.clean_params("check", {"direction": "at_least", "bound": "1"}, D(3), is_veto=True)
    assert rules.score("check", check, D(3), D(1)).points == D(3)  # exactly on the bound
    assert rules.score("check", check, D(3), D("0.5")).passed is False
    assert rules.manual_outcome(D(10), D(7)).points == D(7)
    assert rules.manual_outcome(D(10), D(7), passed=False).passed is False
    with pytest.raises(ValidationError):
        rules.manual_outcome(D(10), D(11))
    with pytest.raises(ValueError, match="manual"):
        rules.score("manual", {}, D(10), D(1))


def test_none_value_scores_zero_and_fails():
    for rule, params in (
        ("thresholds", rules.clean_params("thresholds", STEPS, D(10))),
        ("proportional", {"target": "100"}),
        ("deduction", {"per": "1", "floor": "0"}),
        ("bonus", {"per": "1"}),
        ("check", {"direction": "at_least", "bound": "1"}),
    ):
        outcome = rules.score(rule, params, D(10), None, label="入会率")
        assert (outcome.points, outcome.passed, outcome.explanation) == (D(0), False, "入会率无数据，得 0 分")


PARAM_ERRORS: list[tuple[str, dict[str, Any], str, str]] = [
    ("nonsense", {}, "rule", "请选择计分规则"),
    ("thresholds", {"steps": []}, "steps", "请至少填写一档"),
    ("thresholds", {"steps": [["90", "12"]]}, "steps", "第1档得分 12 超过本项分值 10"),
    ("thresholds", {"steps": [["90", "5"], ["80", "8"]]}, "steps", "要求越高的档次得分应越高"),
    ("thresholds", {"steps": [["90", "5"], ["90", "4"]]}, "steps", "各档界值不能重复"),
    ("thresholds", {"direction": "up", "steps": [["90", "5"]]}, "direction", "不低于"),
    ("proportional", {"target": "0"}, "target", "满分所需数值须大于 0"),
    ("proportional", {"target": "abc"}, "target", "请填写满分所需数值"),
    ("deduction", {"per": "1", "floor": "11"}, "floor", "最低得分不能超过本项分值 10"),
    ("bonus", {"per": "-1"}, "per", "每次加分不能小于 0"),
    ("check", {"bound": ""}, "bound", "请填写达标界值"),
]


def test_clean_params_errors_name_the_field():
    for rule, params, key, message in PARAM_ERRORS:
        with pytest.raises(ValidationError) as caught:
            rules.clean_params(rule, params, D(10))
        assert key in caught.value.message_dict, rule
        assert message in caught.value.message_dict[key][0], rule


def test_veto_only_check_or_manual():
    with pytest.raises(ValidationError, match="必备"):
        rules.clean_params("thresholds", STEPS, D(10), is_veto=True)
    assert rules.clean_params("manual", {}, D(10), is_veto=True) == {}


def test_dimension_caps():
    assert rules.dimension_total([D(3), D(4)], None) == D(7)
    assert rules.dimension_total([D(3), D(4)], D(5)) == D(5)
    assert rules.dimension_total([D(3)], D(0)) == D(0)  # a cap of 0 is a cap


def test_grade_for_with_veto_capping():
    bands = [(0, "一星"), (90, "五星"), (80, "四星"), (70, "三星"), (60, "二星")]
    assert rules.grade_for(D(90), bands, vetoed=False, veto_grade="一星") == "五星"  # exactly on 90
    assert rules.grade_for(D("89.99"), bands, vetoed=False, veto_grade="一星") == "四星"
    assert rules.grade_for(D(95), bands, vetoed=True, veto_grade="三星") == "三星"
    assert rules.grade_for(D(65), bands, vetoed=True, veto_grade="三星") == "二星"  # already below the cap
    assert rules.grade_for(D(-1), [(10, "合格")], vetoed=False, veto_grade="") == "合格"
    assert rules.grade_for(D(50), [], vetoed=False, veto_grade="") == ""


def test_rank_totals_ties():
    ranks = rules.rank_totals({"a": D(90), "b": D(95), "c": D(90), "d": D(80)})
    assert ranks == {"b": 1, "a": 2, "c": 2, "d": 4}
    assert rules.rank_totals({}) == {}
    assert rules.show(D("10.00")) == "10"
    assert rules.show(D("92.30")) == "92.3"
    assert rules.show(None) == "—"


def test_no_data_scores_zero_unless_the_scheme_gives_full_points():
    thresholds = {"direction": "at_least", "steps": [["90", "10"], ["80", "8"]]}
    plain = rules.score(
        "thresholds", rules.clean_params("thresholds", thresholds, D(10)), D(10), None, label="诉求按期办结率"
    )
    assert (plain.points, plain.passed) == (D(0), False)
    assert plain.explanation == "诉求按期办结率无数据，得 0 分"
    params = rules.clean_params("thresholds", {**thresholds, "no_data": "full"}, D(10))
    assert params["no_data"] == "full"
    full = rules.score("thresholds", params, D(10), None, label="诉求按期办结率")
    assert (full.points, full.passed) == (D(10), True)
    assert full.explanation == "诉求按期办结率无此项业务数据，按满分计 10 分"
    # a value present is scored by the rule as usual
    assert rules.score("thresholds", params, D(10), D(85)).points == D(8)
    assert rules.describe("thresholds", params, D(10)).endswith("；无此项业务数据按满分")
    # manual rules carry no such parameter; an unknown setting is refused naming the field
    assert "no_data" not in rules.clean_params("manual", {"no_data": "full"}, D(10))
    with pytest.raises(ValidationError) as caught:
        rules.clean_params("check", {"bound": "1", "no_data": "half"}, D(5))
    assert "no_data" in caught.value.message_dict


def test_a_pointless_check_reads_as_a_verdict():
    params = rules.clean_params("check", {"bound": "100"}, D(0), is_veto=True)
    assert rules.describe("check", params, D(0)) == "≥100 为达标，不达标时等级封顶"
    assert rules.describe("check", params, D(3)) == "≥100 达标得3分，否则不得分"

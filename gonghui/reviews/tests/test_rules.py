"""The rules stored on a round: set by the organiser while the round is a draft, validated (a tie rule names a
scored criterion of the template, shares 0 < s ≤ 1, weights > 0), refused to a plain member and to another union's
admin; a round with group weights opens only when every judge's group is weighed."""

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.reviews.aggregation import RoundRules, TieRule
from gonghui.reviews.choices import TieRuleKind
from gonghui.reviews.models import Judge, ReviewRound
from gonghui.reviews.services import round_open, round_rules_set

from .conftest import Setup

pytestmark = pytest.mark.django_db


def set_rules(setup: Setup, actor: Any = None, **changes: Any) -> ReviewRound:
    fields: dict[str, Any] = {
        "tie_rules": [TieRule(TieRuleKind.CRITERION, "实效性"), TieRule(TieRuleKind.MEDIAN)],
        "outlier_share": Decimal("0.2"),
        "group_weights": {"专家组": Decimal(7), "代表组": "3"},
        "gap_share": "0.25",
    }
    fields.update(changes)
    return round_rules_set(review_round=setup.review_round, actor=actor or setup.organiser, **fields)


def test_the_organiser_stores_the_rules_and_the_round_reads_them_back(setup: Setup) -> None:
    set_rules(setup)
    review_round = ReviewRound.objects.get(pk=setup.review_round.pk)
    assert review_round.tie_rules == [{"kind": "criterion", "criterion": "实效性"}, {"kind": "median"}]
    assert review_round.group_weights == {"专家组": "7", "代表组": "3"}
    assert review_round.rules == RoundRules(
        tie_rules=(TieRule(TieRuleKind.CRITERION, "实效性"), TieRule(TieRuleKind.MEDIAN)),
        outlier_share=Decimal("0.2"),
        group_weights={"专家组": Decimal(7), "代表组": Decimal(3)},
        gap_share=Decimal("0.25"),
    )


def test_a_new_round_has_the_default_rules(setup: Setup) -> None:
    assert setup.review_round.rules == RoundRules()
    assert RoundRules().outlier_share == Decimal("0.15")


def test_a_plain_member_and_another_unions_admin_may_not_set_the_rules(setup: Setup) -> None:
    for actor in (setup.world.org_member, setup.world.outsider, setup.world.org_admin):
        with pytest.raises(PermissionDenied):
            set_rules(setup, actor=actor)
    assert ReviewRound.objects.get(pk=setup.review_round.pk).rules == RoundRules()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"tie_rules": [TieRule(TieRuleKind.CRITERION, "颜值")]}, "tie_rules", "「颜值」不在本轮评分表中"),
        ({"tie_rules": [TieRule(TieRuleKind.CRITERION, "")]}, "tie_rules", "不在本轮评分表中"),
        (
            {"tie_rules": [TieRule(TieRuleKind.CRITERION, "存在违纪违法")]},
            "tie_rules",
            "不能作为同分排序依据",
        ),
        ({"tie_rules": [TieRule(TieRuleKind.LOWEST)] * 2}, "tie_rules", "重复"),
        ({"outlier_share": "0"}, "outlier_share", "离群评委阈值须大于 0 且不超过 1"),
        ({"outlier_share": "1.5"}, "outlier_share", "离群评委阈值须大于 0 且不超过 1"),
        ({"outlier_share": "abc"}, "outlier_share", "离群评委阈值须为 0 到 1 之间的小数"),
        ({"gap_share": "-0.1"}, "gap_share", "自评差异阈值须大于 0 且不超过 1"),
        ({"gap_share": "0.1234"}, "gap_share", "最多保留三位小数"),
        ({"group_weights": {"专家组": "0"}}, "group_weights", "评审组「专家组」的权重须大于 0"),
        ({"group_weights": {"": "-1"}}, "group_weights", "评审组「未分组」的权重须大于 0"),
        ({"group_weights": {"专家组": "七"}}, "group_weights", "评审组「专家组」的权重须为数字"),
    ],
)
def test_invalid_rules_are_refused_naming_the_field(
    setup: Setup, changes: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        set_rules(setup, **changes)
    assert field in caught.value.message_dict
    assert message in caught.value.message_dict[field][0]
    assert ReviewRound.objects.get(pk=setup.review_round.pk).rules == RoundRules()


def test_the_rules_are_fixed_once_the_round_is_open(setup: Setup) -> None:
    round_open(review_round=setup.review_round, actor=setup.organiser)
    with pytest.raises(ValidationError, match="评审已开始"):
        set_rules(setup, group_weights={})


def test_with_group_weights_every_judge_group_needs_a_weight_to_open(setup: Setup) -> None:
    Judge.objects.filter(pk=setup.judge_a.pk).update(group="专家组")
    set_rules(setup, group_weights={"专家组": "7"})
    with pytest.raises(ValidationError, match="评审组「未分组」还没有设置权重"):
        round_open(review_round=setup.review_round, actor=setup.organiser)
    set_rules(setup, group_weights={"专家组": "7", "": "3"})
    assert round_open(review_round=setup.review_round, actor=setup.organiser).is_open

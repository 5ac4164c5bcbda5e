"""The award rules in words say what judging's cut rule does: a count rule after the first gives the next places,
a share rule fills up to that share of the group."""

from gonghui.contests.selectors.contests import award_rules_text


def test_award_rules_read_as_the_cut_rule_applies_them():
    rules = [
        {"level": "一等奖", "basis": "count", "value": "1"},
        {"level": "二等奖", "basis": "count", "value": "3"},
        {"level": "三等奖", "basis": "share", "value": "0.3"},
    ]
    assert award_rules_text(rules) == "一等奖：每组前 1 名；二等奖：其后 3 名；三等奖：累计至每组前 30%"


def test_no_rules_read_as_no_awards():
    assert award_rules_text([]) == "不设奖项"


def test_a_share_of_everyone_reads_as_the_rest():
    rules = [
        {"level": "一等奖", "basis": "count", "value": "1"},
        {"level": "优秀奖", "basis": "share", "value": "1"},
    ]
    assert award_rules_text(rules) == "一等奖：每组前 1 名；优秀奖：其余全部"


def test_the_results_page_reads_a_share_of_everyone_as_the_rest():
    from decimal import Decimal

    from gonghui.contests.choices import AwardBasis
    from gonghui.contests.selectors.results import AwardRule

    assert AwardRule("优秀奖", AwardBasis.SHARE, Decimal(1)).label == "优秀奖：本组其余全部"
    assert (
        AwardRule("三等奖", AwardBasis.SHARE, Decimal("0.3")).label == "三等奖：累计至本组前 30%（向上取整）"
    )

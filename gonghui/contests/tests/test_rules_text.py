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

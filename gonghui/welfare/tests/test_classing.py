"""The class computation (`welfare.classing.classify`, pure) on hand-worked households. Line of the examples:
低保标准 600.00 元/人·月, 相对困难 2 倍 (1,200.00), 意外致困 2.5 倍 (1,500.00); every threshold is inclusive (≤)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gonghui.welfare.choices import AccidentKind, Exclusion, HardshipClass, RigidExpense
from gonghui.welfare.classing import HouseholdFacts, PersonFacts, classify

D = Decimal


@dataclass(frozen=True)
class Line:
    year: int = 2026
    monthly_line: Decimal = D("600.00")
    relative_multiple: Decimal = D("2.00")
    accident_multiple: Decimal = D("2.50")


def people(*incomes: str) -> list[PersonFacts]:
    return [PersonFacts(name=f"成员{i + 1}", annual_income=D(v)) for i, v in enumerate(incomes)]


def run(facts: HouseholdFacts, line: Line | None = None):
    return classify(facts=facts, line=line or Line(), year=2026)


EVENT: dict[str, Any] = {"accident_kind": AccidentKind.ILLNESS, "accident_date": dt.date(2026, 3, 1)}


def test_deep_hardship():
    """3 people, incomes 30,000 + 0 + 0, medical 12,000:
    (30,000 − 12,000) / 3 / 12 = 500.00 ≤ 600.00 → 深度困难."""
    result = run(
        HouseholdFacts(people=people("30000", "0", "0"), expenses={RigidExpense.MEDICAL: D("12000")})
    )
    assert result.suggested == HardshipClass.DEEP
    assert result.per_capita_monthly == D("500.00")
    assert result.explanation[0] == (
        "家庭年收入 30,000.00 元，刚性支出（医疗费用（自付部分） 12,000.00 元）合计 12,000.00 元，家庭人口 3 人，"
        "人均月收入 (30,000.00 − 12,000.00) ÷ 3 ÷ 12 = 500.00 元"
    )
    assert "人均月收入 500.00 元，不高于低保标准 600.00 元 → 深度困难" in result.explanation
    # the rules say the same without a figure
    assert "人均月收入不高于低保标准 → 深度困难" in result.rules
    assert not any(ch.isdigit() for rule in result.rules for ch in rule)


def test_relative_hardship():
    """2 people, incomes 24,000 + 6,000 = 30,000, schooling 6,000:
    (30,000 − 6,000) / 2 / 12 = 1,000.00; 600.00 < 1,000.00 ≤ 1,200.00 (2 × 600) → 相对困难."""
    result = run(HouseholdFacts(people=people("24000", "6000"), expenses={RigidExpense.SCHOOLING: D("6000")}))
    assert (result.suggested, result.per_capita_monthly) == (HardshipClass.RELATIVE, D("1000.00"))
    assert "不高于相对困难标准 1,200.00 元 → 相对困难" in result.explanation[-1]


def test_accident_hardship_needs_the_event_and_wins_over_relative():
    """4 people, income 60,000, medical 12,000: (60,000 − 12,000) / 4 / 12 = 1,000.00 — both ≤ 1,200.00 (相对) and
    ≤ 1,500.00 (意外, 2.5 × 600); with a recorded event (突发重大疾病, 2026-03-01) → 意外致困, without → 相对困难."""
    base: dict[str, Any] = {
        "people": people("60000", "0", "0", "0"),
        "expenses": {RigidExpense.MEDICAL: D("12000")},
    }
    with_event = run(HouseholdFacts(**base, **EVENT))
    assert (with_event.suggested, with_event.per_capita_monthly) == (HardshipClass.ACCIDENT, D("1000.00"))
    assert "有登记的意外事件（突发重大疾病，2026年3月1日）" in with_event.rules
    assert run(HouseholdFacts(**base)).suggested == HardshipClass.RELATIVE


def test_accident_without_event_is_not_accident():
    """1 person, income 16,800: 16,800 / 1 / 12 = 1,400.00 — above 1,200.00 (相对), within 1,500.00 (意外).
    With the event → 意外致困; with no event, or a kind without a date → 不符合条件."""
    alone = people("16800")
    assert run(HouseholdFacts(people=alone, **EVENT)).suggested == HardshipClass.ACCIDENT
    assert run(HouseholdFacts(people=alone)).suggested == HardshipClass.NOT_ELIGIBLE
    half = run(HouseholdFacts(people=alone, accident_kind=AccidentKind.ACCIDENT))
    assert half.suggested == HardshipClass.NOT_ELIGIBLE
    assert "意外事件未填日期，不按意外致困测算" in half.flags


def test_not_eligible_and_the_county_multiple():
    """2 people, 40,000 + 20,000 = 60,000, no spending: 60,000 / 2 / 12 = 2,500.00 > 1,200.00 → 不符合条件.
    The multiples are the county's: with 相对困难 5 倍 (3,000.00) the same household is 相对困难."""
    household = HouseholdFacts(people=people("40000", "20000"))
    result = run(household)
    assert (result.suggested, result.per_capita_monthly) == (HardshipClass.NOT_ELIGIBLE, D("2500.00"))
    assert result.explanation[0].endswith("人均月收入 60,000.00 ÷ 2 ÷ 12 = 2,500.00 元")
    assert run(household, Line(relative_multiple=D("5"))).suggested == HardshipClass.RELATIVE


def test_exclusion_suggests_not_eligible_with_the_reason():
    """The deep household (500.00 ≤ 600.00) owning a business → 不符合条件, the reason flagged and explained."""
    result = run(
        HouseholdFacts(
            people=people("30000", "0", "0"),
            expenses={RigidExpense.MEDICAL: D("12000")},
            exclusions=[Exclusion.BUSINESS],
        )
    )
    assert result.suggested == HardshipClass.NOT_ELIGIBLE
    assert result.flags == ["有排除情形：经营企业或个体工商户"]
    assert "按收入测算本为深度困难" in result.explanation[-1]


def test_thresholds_are_inclusive():
    """1 person: 7,200 / 12 = 600.00 = the line → 深度困难; 7,200.12 / 12 = 600.01 → 相对困难;
    14,400 / 12 = 1,200.00 = 2 × line → 相对困难; 14,400.12 / 12 = 1,200.01 → 不符合条件;
    spending above income: (1,000 − 5,000) → 0 → 0.00 → 深度困难."""
    cases = {
        "7200": HardshipClass.DEEP,
        "7200.12": HardshipClass.RELATIVE,
        "14400": HardshipClass.RELATIVE,
        "14400.12": HardshipClass.NOT_ELIGIBLE,
    }
    assert {income: run(HouseholdFacts(people=people(income))).suggested for income in cases} == cases
    negative = run(HouseholdFacts(people=people("1000"), expenses={RigidExpense.OTHER: D("5000")}))
    assert (negative.suggested, negative.per_capita_monthly) == (HardshipClass.DEEP, D("0.00"))


def test_no_suggestion_without_a_line_or_an_income():
    """No line for the year, or a person whose income is not recorded: no class, a flag says why."""
    no_line = classify(facts=HouseholdFacts(people=people("12000")), line=None, year=2027)
    assert (no_line.suggested, no_line.per_capita_monthly) == (None, D("1000.00"))
    assert no_line.flags == ["未维护 2027 年低保标准"]
    missing = run(
        HouseholdFacts(people=[*people("12000"), PersonFacts(name="李四", income_registered=False)])
    )
    assert (missing.suggested, missing.flags) == (None, ["李四 的年收入未登记"])

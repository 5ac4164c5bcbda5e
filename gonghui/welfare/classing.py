"""The class of a hardship file, computed and explained (pure: no database, no writes); a person decides it.

    人均月收入 = max(家庭年收入合计 − 刚性支出合计, 0) ÷ 家庭人口 ÷ 12, rounded to the fen (ROUND_HALF_UP)

and the rounded figure — the one the explanation shows — is compared with the household's line (its union's nearest
ancestor-or-self `PovertyLine` of the year, `selectors.classing.line_for`). Every threshold is **inclusive** (不高于,
≤), so a figure exactly on a threshold falls into the class below it:

1. 深度困难: 人均月收入 ≤ 低保标准;
2. 意外致困: only with a recorded event (`accident_kind` **and** `accident_date`), 人均月收入 ≤ `accident_multiple` ×
   低保标准 — it wins over 相对困难 when both tests pass;
3. 相对困难: 人均月收入 ≤ `relative_multiple` × 低保标准;
4. 不符合条件 otherwise.

An exclusion (`Exclusion`: two or more homes, a business, …) makes the suggestion 不符合条件 with the reason, and is
flagged; a person may still decide otherwise with a note. No line for the year, no people, or a person without a
recorded income → no suggestion, only flags. `explanation` carries the figures (income data: sealed on the file and
shown only on the audited reveal page); `rules` says which rules fired **without** figures (the file page shows it).
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from django.utils.translation import gettext as _

from .choices import AccidentKind, Exclusion, HardshipClass, RigidExpense

CENT = Decimal("0.01")
MONTHS = 12


class PersonIncome(Protocol):
    """What the computation reads of a person (`selectors.households.people_facts` rows satisfy it)."""

    @property
    def name(self) -> str: ...

    @property
    def annual_income(self) -> Decimal: ...

    @property
    def income_registered(self) -> bool: ...


class LineFacts(Protocol):
    """What the computation reads of a line (`PovertyLine` satisfies it)."""

    @property
    def year(self) -> int: ...

    @property
    def monthly_line(self) -> Decimal: ...

    @property
    def relative_multiple(self) -> Decimal: ...

    @property
    def accident_multiple(self) -> Decimal: ...


@dataclass(frozen=True)
class PersonFacts:
    """A person as the computation sees it (annual income in 元; `income_registered` False when not recorded)."""

    name: str
    relation: str = ""
    annual_income: Decimal = Decimal(0)
    income_registered: bool = True
    health: str = ""
    disability_kind: str = ""


@dataclass(frozen=True)
class HouseholdFacts:
    """A household's figures and facts: its people, its rigid spending per `RigidExpense` (元/年), the recorded
    event and the exclusions."""

    people: Sequence[PersonIncome]
    expenses: Mapping[str, Decimal] = field(default_factory=dict)
    accident_kind: str = ""
    accident_date: dt.date | None = None
    exclusions: Sequence[str] = ()


@dataclass(frozen=True)
class ClassResult:
    """`suggested` is None when the class cannot be computed (see `flags`). `explanation` has the figures,
    `rules` the same reasoning without them."""

    suggested: HardshipClass | None
    per_capita_monthly: Decimal | None
    line: Decimal | None
    explanation: list[str]
    flags: list[str]
    rules: list[str]


def money(value: Decimal) -> str:
    """36000 → "36,000.00"."""
    return f"{value.quantize(CENT, ROUND_HALF_UP):,.2f}"


def multiple_text(value: Decimal) -> str:
    """Decimal("2.00") → "2", Decimal("1.50") → "1.5"."""
    text = f"{value.normalize():f}"
    return text


def date_text(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def has_event(facts: HouseholdFacts) -> bool:
    """意外致困 needs a recorded event: its kind and its date."""
    return bool(facts.accident_kind) and facts.accident_date is not None


def _income_sentence(
    income: Decimal, items: list[tuple[str, Decimal]], expenses: Decimal, people: int, per_capita: Decimal
) -> str:
    if items:
        listed = "、".join(
            _("%(label)s %(amount)s 元") % {"label": label, "amount": money(amount)}
            for label, amount in items
        )
        text = _(
            "家庭年收入 %(income)s 元，刚性支出（%(listed)s）合计 %(expenses)s 元，家庭人口 %(people)s 人，"
            "人均月收入 (%(income)s − %(expenses)s) ÷ %(people)s ÷ 12 = %(per_capita)s 元"
        ) % {
            "income": money(income),
            "listed": listed,
            "expenses": money(expenses),
            "people": people,
            "per_capita": money(per_capita),
        }
        if expenses > income:
            text += _("（刚性支出超过收入，按 0 元计）")
        return text
    return _(
        "家庭年收入 %(income)s 元，无刚性支出，家庭人口 %(people)s 人，"
        "人均月收入 %(income)s ÷ %(people)s ÷ 12 = %(per_capita)s 元"
    ) % {"income": money(income), "people": people, "per_capita": money(per_capita)}


def classify(*, facts: HouseholdFacts, line: LineFacts | None, year: int) -> ClassResult:
    """The suggested class of a household against `line` (the line of `year`, None when none is kept)."""
    flags: list[str] = []
    rules: list[str] = []
    explanation: list[str] = []
    people = list(facts.people)
    if not people:
        flags.append(_("未登记家庭成员"))
    missing = [person.name for person in people if not person.income_registered]
    for name in missing:
        flags.append(_("%(name)s 的年收入未登记") % {"name": name})
    excluded = [str(Exclusion(value).label) for value in facts.exclusions if value in Exclusion.values]
    if excluded:
        flags.append(_("有排除情形：%(list)s") % {"list": "、".join(excluded)})
    if line is None:
        flags.append(_("未维护 %(year)s 年低保标准") % {"year": year})
    if facts.accident_kind and facts.accident_date is None:
        flags.append(_("意外事件未填日期，不按意外致困测算"))
    if not people or missing:
        return ClassResult(None, None, line.monthly_line if line else None, explanation, flags, rules)

    income = sum((Decimal(person.annual_income) for person in people), Decimal(0))
    items = [
        (str(kind.label), Decimal(facts.expenses[kind]))
        for kind in RigidExpense
        if Decimal(facts.expenses.get(kind, 0) or 0) > 0
    ]
    expenses = sum((amount for _label, amount in items), Decimal(0))
    net = max(income - expenses, Decimal(0))
    per_capita = (net / len(people) / MONTHS).quantize(CENT, ROUND_HALF_UP)
    explanation.append(_income_sentence(income, items, expenses, len(people), per_capita))
    if items:
        rules.append(_("扣除刚性支出：%(kinds)s") % {"kinds": "、".join(label for label, _amount in items)})
    else:
        rules.append(_("未登记刚性支出"))
    if line is None:
        return ClassResult(None, per_capita, None, explanation, flags, rules)

    base = line.monthly_line
    relative = (base * line.relative_multiple).quantize(CENT, ROUND_HALF_UP)
    accident = (base * line.accident_multiple).quantize(CENT, ROUND_HALF_UP)
    figures = {
        "year": line.year,
        "per_capita": money(per_capita),
        "line": money(base),
        "relative": money(relative),
        "relative_multiple": multiple_text(line.relative_multiple),
        "accident": money(accident),
        "accident_multiple": multiple_text(line.accident_multiple),
    }
    explanation.append(
        _(
            "%(year)s 年低保标准 %(line)s 元/人·月；相对困难标准为其 %(relative_multiple)s 倍即 %(relative)s 元，"
            "意外致困标准为其 %(accident_multiple)s 倍即 %(accident)s 元（均含本数）"
        )
        % figures
    )
    event = has_event(facts)
    if event and facts.accident_date is not None:
        event_text = _("%(kind)s，%(date)s") % {
            "kind": AccidentKind(facts.accident_kind).label,
            "date": date_text(facts.accident_date),
        }
        rules.append(_("有登记的意外事件（%(event)s）") % {"event": event_text})
    else:
        rules.append(_("未登记意外事件，不适用意外致困"))

    if per_capita <= base:
        computed = HardshipClass.DEEP
        explanation.append(_("人均月收入 %(per_capita)s 元，不高于低保标准 %(line)s 元 → 深度困难") % figures)
        rules.append(_("人均月收入不高于低保标准 → 深度困难"))
    elif event and per_capita <= accident:
        computed = HardshipClass.ACCIDENT
        explanation.append(
            _(
                "人均月收入 %(per_capita)s 元，高于低保标准 %(line)s 元，有登记的意外事件，"
                "不高于意外致困标准 %(accident)s 元 → 意外致困"
            )
            % figures
        )
        rules.append(_("有意外事件，人均月收入高于低保标准、不高于意外致困标准 → 意外致困"))
    elif per_capita <= relative:
        computed = HardshipClass.RELATIVE
        explanation.append(
            _(
                "人均月收入 %(per_capita)s 元，高于低保标准 %(line)s 元，"
                "不高于相对困难标准 %(relative)s 元 → 相对困难"
            )
            % figures
        )
        rules.append(_("人均月收入高于低保标准、不高于相对困难标准 → 相对困难"))
    else:
        computed = HardshipClass.NOT_ELIGIBLE
        if event:
            explanation.append(
                _(
                    "人均月收入 %(per_capita)s 元，高于相对困难标准 %(relative)s 元和意外致困标准 %(accident)s 元 "
                    "→ 不符合条件"
                )
                % figures
            )
        else:
            explanation.append(
                _("人均月收入 %(per_capita)s 元，高于相对困难标准 %(relative)s 元 → 不符合条件") % figures
            )
        rules.append(_("人均月收入高于各类困难标准 → 不符合条件"))

    suggested = computed
    if excluded:
        suggested = HardshipClass.NOT_ELIGIBLE
        text = _("有排除情形（%(list)s）→ 建议不符合条件") % {"list": "、".join(excluded)}
        if computed != HardshipClass.NOT_ELIGIBLE:
            text += _("；按收入测算本为%(class)s，核定人可说明理由后另行核定") % {"class": computed.label}
        explanation.append(text)
        rules.append(_("有排除情形 → 不符合条件"))
    return ClassResult(suggested, per_capita, base, explanation, flags, rules)

"""Which coarse attributes an answer keeps: the rule that no stored attribute combination points at fewer than ten
people of the owner's target population.

The rule, for an owner declaring attributes A1…An:

1. Every member of the target population falls in one cell: the combination of their values of A1…An (性别, 年龄段,
   用工性质, 岗位类别, the industry of their union, the union at the kind's `unit_depth`), computed the same way for
   everyone, on the day of the answer.
2. A cell of at least `MIN_GROUP` (10) people is kept. The people of every smaller cell are pooled into one cell,
   `其他` for *every* attribute — never for the small attribute alone: keeping 女 and dropping only the age band
   would tell that this woman's age band is a rare one, and so single her out among few.
3. When the pooled cell itself holds fewer than ten people (but more than none), the smallest kept cells join it,
   one by one, until it holds ten or more; when the whole population is under ten, every answer is `其他`.
4. An answer carries its member's cell when that cell is kept, otherwise `其他` for every attribute.

So every combination an answer can carry is shared by at least ten people of the population the day it was given.
Whether those ten also answered is the results' business: `selectors` show no group of fewer than ten answers."""

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

from gonghui.accounts.choices import Gender
from gonghui.accounts.identity import age_on
from gonghui.members.choices import Employment, JobCategory
from gonghui.members.models import Member
from gonghui.orgs.choices import Industry
from gonghui.orgs.models import Org

from .choices import Attribute
from .kinds import ResponseKind, attributes_of, unit_depth_of

MIN_GROUP = 10
OTHER = "其他"

Cell = tuple[str, ...]


def age_band(birth_date: dt.date, today: dt.date) -> str:
    age = age_on(birth_date, today)
    if age < 35:
        return "35岁以下"
    if age < 45:
        return "35—44岁"
    if age < 55:
        return "45—54岁"
    return "55岁及以上"


def _unit_names(paths: Iterable[str], depth: int) -> dict[str, str]:
    """The name of the union at `depth` above (or at) each org path, in one query."""
    prefixes = {path[: Org.steplen * depth] for path in paths}
    return dict(Org.objects.filter(path__in=prefixes).values_list("path", "name"))


def _cells(
    attributes: tuple[Attribute, ...],
    depth: int,
    rows: list[tuple[str, dt.date, str, str, str, str]],
    today: dt.date,
) -> list[Cell]:
    names = _unit_names((row[3] for row in rows), depth) if Attribute.UNIT in attributes else {}
    employment = dict(Employment.choices)
    genders = dict(Gender.choices)
    job_categories = dict(JobCategory.choices)
    industries = dict(Industry.choices)
    cells = []
    for gender, birth_date, employment_code, path, job_category, industry in rows:
        values = {
            Attribute.GENDER: str(genders.get(gender, OTHER)),
            Attribute.AGE_BAND: age_band(birth_date, today),
            Attribute.EMPLOYMENT: str(employment.get(employment_code, OTHER)),
            Attribute.UNIT: names.get(path[: Org.steplen * depth], OTHER),
            Attribute.JOB_CATEGORY: str(job_categories.get(job_category, OTHER)),
            Attribute.INDUSTRY: str(industries.get(industry, OTHER)),
        }
        cells.append(tuple(values[attribute] for attribute in attributes))
    return cells


def _rows(members: Any) -> list[tuple[str, dt.date, str, str, str, str]]:
    return list(
        members.values_list(
            "gender", "birth_date", "employment", "org__path", "job_category", "org__industry"
        )
    )


def member_cells(
    *, attributes: tuple[Attribute, ...], unit_depth: int, members: Any, today: dt.date
) -> list[Cell]:
    """Each member's values of `attributes` (in order), the way answers carry them: for a named survey's cross-tabs,
    which read the members themselves."""
    return _cells(attributes, unit_depth, _rows(members), today)


def kept_cells(sizes: Counter[Cell]) -> set[Cell]:
    """The cells an answer may carry (steps 2 and 3 of the rule)."""
    kept = {cell for cell, size in sizes.items() if size >= MIN_GROUP}
    pooled = sum(size for cell, size in sizes.items() if cell not in kept)
    for cell in sorted(kept, key=lambda c: (sizes[c], c)):
        if pooled == 0 or pooled >= MIN_GROUP:
            break
        kept.discard(cell)
        pooled += sizes[cell]
    return kept


def answer_attributes(*, kind: ResponseKind, owner: Any, member: Member, today: dt.date) -> dict[str, str]:
    """The coarse attributes stored with this member's answer (step 4), as {attribute: value}."""
    attributes = attributes_of(kind, owner)
    if not attributes:
        return {}
    depth = unit_depth_of(kind, owner)
    sizes = Counter(_cells(attributes, depth, _rows(kind.population(owner)), today))
    (cell,) = _cells(attributes, depth, _rows(Member.objects.filter(pk=member.pk)), today)
    if cell not in kept_cells(sizes):
        cell = tuple(OTHER for _ in attributes)
    return {str(attribute): value for attribute, value in zip(attributes, cell, strict=True)}

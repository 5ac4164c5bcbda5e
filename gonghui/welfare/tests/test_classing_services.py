"""Services and selectors of the class (part `classing`): the line that applies, the lines, the rigid spending and
event, the stored suggestion with its sealed explanation, and the decision."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.core.models import TimelineEntry
from gonghui.welfare.choices import AccidentKind, Exclusion, FileStatus, HardshipClass, RigidExpense
from gonghui.welfare.models import PovertyLine
from gonghui.welfare.sealing import unseal
from gonghui.welfare.selectors.classing import file_classification, line_for
from gonghui.welfare.services.classing import (
    file_class_decide,
    file_classify,
    file_expenses_set,
    line_save,
)
from gonghui.welfare.tests.factories import grant_officer, make_file, make_line, make_person

D = Decimal
YEAR = timezone.localdate().year


@pytest.fixture
def officer(world):
    return grant_officer(world.org_admin, world.county_x)


@pytest.fixture
def deep_file(world, officer):
    """3 people, incomes 30,000 + 0 + 0 (the applicant earns it), medical 12,000 recorded below:
    (30,000 − 12,000) / 3 / 12 = 500.00 ≤ 600.00 (county_x's line) → 深度困难."""
    make_line(org=world.county_x, actor=officer, year=YEAR, monthly_line="600")
    file = make_file(member=world.member_a, actor=officer, annual_income="30000")
    make_person(household=file.household, name="配偶甲", annual_income="0")
    make_person(household=file.household, name="子女甲", annual_income="0")
    return file


def _monthly(org):
    line = line_for(org, YEAR)
    return line.monthly_line if line else None


def _spending(file, actor, **changes):
    values: dict[str, Any] = {
        "expenses": {RigidExpense.MEDICAL: D("12000")},
        "accident_kind": "",
        "accident_date": None,
        "accident_note": "",
        "exclusions": [],
        "exclusion_note": "",
    }
    values.update(changes)
    return file_expenses_set(file=file, actor=actor, **values)


def test_line_for_takes_the_nearest_ancestor_or_self_line_of_the_year(world, officer):
    """The city keeps a line, county_x its own for the same year: org A (under county_x) gets county_x's; org B
    (under county_y, no line) the city's; another year has none; org A's own line beats its county's."""
    make_line(org=world.city, actor=officer, year=YEAR, monthly_line="700")
    make_line(org=world.county_x, actor=officer, year=YEAR, monthly_line="650")
    assert _monthly(world.org_a) == D("650")
    assert _monthly(world.org_b) == D("700")
    assert line_for(world.org_a, YEAR - 1) is None
    make_line(org=world.org_a, actor=officer, year=YEAR, monthly_line="680")
    assert _monthly(world.org_a) == D("680")


def test_line_save_checks_the_values_one_per_union_and_year_and_who(world, officer):
    values: dict[str, Any] = {
        "year": YEAR,
        "relative_multiple": D("2"),
        "accident_multiple": D("2.5"),
        "source": "甲县民发〔2026〕1号",
    }
    line = line_save(org=world.county_x, monthly_line=D("600"), actor=officer, **values)
    assert (line.monthly_line, line.accident_multiple, line.updated_by) == (D("600.00"), D("2.50"), officer)
    with pytest.raises(ValidationError) as taken:
        line_save(org=world.county_x, monthly_line=D("610"), actor=officer, **values)
    assert taken.value.message_dict["year"] == [f"甲县教育工会已有 {YEAR} 年的低保标准，请修改原记录"]
    with pytest.raises(ValidationError) as bad:
        line_save(
            org=world.county_x,
            monthly_line=D("0"),
            actor=officer,
            line=line,
            **{**values, "relative_multiple": D("0.5")},
        )
    assert set(bad.value.message_dict) == {"monthly_line", "relative_multiple"}
    edited = line_save(org=world.county_x, monthly_line=D("620"), actor=officer, line=line, **values)
    assert PovertyLine.objects.get(pk=edited.pk).monthly_line == D("620.00")
    with pytest.raises(PermissionDenied):  # org B's officer does not keep county_x's line
        line_save(
            org=world.county_x,
            monthly_line=D("1"),
            actor=grant_officer(world.outsider, world.county_y),
            **values,
        )


def test_spending_is_sealed_the_event_checked_and_only_before_review(world, officer, deep_file):
    file = _spending(
        deep_file,
        officer,
        accident_kind=AccidentKind.ILLNESS,
        accident_date=dt.date(YEAR, 1, 2),
        accident_note="妻子突发脑梗住院",
        exclusions=[Exclusion.VEHICLE],
        exclusion_note="车辆为残疾人代步车",
    )
    file.refresh_from_db()
    assert "12000" not in file.sealed
    assert "脑梗" not in file.sealed
    sealed = unseal(file.sealed)
    assert sealed["expenses"] == {"medical": "12000.00"}
    assert (sealed["accident_note"], sealed["exclusion_note"]) == ("妻子突发脑梗住院", "车辆为残疾人代步车")
    assert (file.accident_kind, file.exclusions) == (AccidentKind.ILLNESS, ["vehicle"])
    assert file.suggested_class == HardshipClass.NOT_ELIGIBLE  # computed afresh: the exclusion
    note = TimelineEntry.objects.filter(action="classify").latest("pk").note
    assert "12000" not in note
    assert "12,000" not in note
    assert "脑梗" not in note
    with pytest.raises(ValidationError) as future:
        _spending(
            file,
            officer,
            accident_kind=AccidentKind.ACCIDENT,
            accident_date=timezone.localdate() + dt.timedelta(days=1),
        )
    assert future.value.message_dict["accident_date"] == ["意外事件日期不能晚于今天"]
    with pytest.raises(ValidationError) as negative:
        _spending(file, officer, expenses={RigidExpense.SCHOOLING: D("-1")})
    assert list(negative.value.message_dict) == ["schooling"]
    file.status = FileStatus.REVIEWED
    file.save(update_fields=["status"])
    with pytest.raises(ValidationError):
        _spending(file, officer)


def test_classify_stores_the_suggestion_and_the_sealed_explanation(world, officer, deep_file):
    """500.00 ≤ 600.00 → 深度困难 stored; the figures are in the sealed explanation, not on the timeline."""
    _spending(deep_file, officer)
    result = file_classify(file=deep_file, actor=officer)
    deep_file.refresh_from_db()
    assert deep_file.suggested_class == result.suggested == HardshipClass.DEEP
    explanation = unseal(deep_file.sealed)["explanation"]
    assert "人均月收入 (30,000.00 − 12,000.00) ÷ 3 ÷ 12 = 500.00 元" in explanation[0]
    note = TimelineEntry.objects.filter(action="classify").latest("pk").note
    assert note == "测算类别：深度困难"
    with pytest.raises(PermissionDenied):
        file_classify(file=deep_file, actor=world.org_member)


def test_the_county_multiple_decides_accident_hardship(world, officer, deep_file):
    """Spending 0, event recorded: 30,000 / 3 / 12 = 833.33 — above 600.00; county_x's 意外致困 1.5 倍 (900.00) →
    意外致困; lowered to 1.2 倍 (720.00) and 相对困难 1.2 倍 too → 不符合条件."""
    line = PovertyLine.objects.get(org=world.county_x)
    _spending(
        deep_file,
        officer,
        expenses={},
        accident_kind=AccidentKind.DISASTER,
        accident_date=dt.date(YEAR, 1, 5),
    )
    values: dict[str, Any] = {
        "org": world.county_x,
        "year": YEAR,
        "monthly_line": D("600"),
        "source": "",
        "actor": officer,
        "line": line,
    }
    line_save(relative_multiple=D("1.2"), accident_multiple=D("1.5"), **values)
    deep_file.refresh_from_db()
    result = file_classification(deep_file)
    assert (result.suggested, result.per_capita_monthly) == (HardshipClass.ACCIDENT, D("833.33"))
    line_save(relative_multiple=D("1.2"), accident_multiple=D("1.2"), **values)
    assert file_classification(deep_file).suggested == HardshipClass.NOT_ELIGIBLE


def test_decide_needs_a_note_when_it_differs_and_the_event_for_accident(world, officer, deep_file):
    _spending(deep_file, officer)
    with pytest.raises(ValidationError) as no_note:
        file_class_decide(file=deep_file, actor=officer, decided_class=HardshipClass.RELATIVE, note=" ")
    assert no_note.value.message_dict["note"] == ["核定类别与测算类别（深度困难）不同，请填写核定说明"]
    with pytest.raises(ValidationError) as no_event:
        file_class_decide(file=deep_file, actor=officer, decided_class=HardshipClass.ACCIDENT, note="火灾")
    assert "decided_class" in no_event.value.message_dict
    deep_file.refresh_from_db()
    assert deep_file.decided_class == ""  # nothing half-written
    file_class_decide(file=deep_file, actor=officer, decided_class=HardshipClass.DEEP, note="")
    deep_file.refresh_from_db()
    assert (deep_file.decided_class, deep_file.suggested_class) == (HardshipClass.DEEP, HardshipClass.DEEP)
    assert deep_file.class_decided_by == officer
    assert deep_file.class_decided_at is not None
    file_class_decide(
        file=deep_file, actor=officer, decided_class=HardshipClass.RELATIVE, note="配偶已再就业"
    )
    deep_file.refresh_from_db()
    assert (deep_file.decided_class, deep_file.class_note) == (HardshipClass.RELATIVE, "配偶已再就业")
    notes = list(
        TimelineEntry.objects.filter(action="classify").order_by("pk").values_list("note", flat=True)
    )
    assert notes[-1] == "核定类别：相对困难（测算类别：深度困难，与测算不同，已说明理由）"

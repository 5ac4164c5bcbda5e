"""慰问 standards and payments (services): the standard that applies (the paying union's latest effective one, else
the nearest union's above), the checks at entry (over the maximum refused naming the standard and its amount,
times per year, no standard), a double submit paying once, the reversal, the visit recorded with the payment and
listed through the visits block, the standards' unique day and the used standard that cannot change."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from conftest import make_cadre
from gonghui.ledger.models import LedgerEntry
from gonghui.visits.choices import VisitOccasion
from gonghui.visits.selectors import visits_for_user
from gonghui.welfare.choices import CondolenceOccasion
from gonghui.welfare.models import CondolencePayment
from gonghui.welfare.selectors.condolences import payment_for, standard_for, totals_by_occasion
from gonghui.welfare.services.condolences import (
    VisitInput,
    condolence_reverse,
    condolence_standard_save,
)
from gonghui.welfare.tests.factories_condolences import condolence_line, make_payment, make_standard

pytestmark = pytest.mark.django_db


def test_amount_over_the_standard_is_refused_naming_the_standard_and_its_amount(world):
    # given a standard of 500 元 for 生病住院 with its 文号
    admin = world.org_admin
    make_standard(admin, world.org_a, max_amount="500", basis="甲中工〔2020〕1号")
    line = condolence_line(world.org_a)
    # when 600 元 is entered
    with pytest.raises(ValidationError) as refused:
        make_payment(admin, world.org_a, world.member_a, line, amount="600")
    # then it is refused on the amount, naming the standard, its maximum and the amount
    message = refused.value.message_dict["amount"][0]
    assert message == (
        "超出慰问标准：甲县第一中学工会“生病住院”慰问标准（2020年1月1日起执行，甲中工〔2020〕1号）上限为 500.00 元，"
        "本次 600.00 元"
    )
    assert CondolencePayment.objects.count() == 0
    assert LedgerEntry.objects.count() == 0


def test_times_per_year_counts_the_standing_payments_of_the_event_year(world):
    # given a standard of once a year, and one payment in March 2026
    admin = world.org_admin
    make_standard(admin, world.org_a, times=1)
    line = condolence_line(world.org_a)
    first = make_payment(admin, world.org_a, world.member_a, line, on=dt.date(2026, 3, 2))
    # when a second one of the same year is entered, then it is refused naming the limit
    with pytest.raises(ValidationError) as refused:
        make_payment(admin, world.org_a, world.member_a, line, on=dt.date(2026, 5, 6))
    assert refused.value.message_dict["occasion"][0] == (
        "超出慰问次数：甲县第一中学工会“生病住院”慰问标准每人每年最多 1 次，甲会员 2026 年已慰问 1 次"
    )
    # and one of the year before is allowed; after the first is reversed, May is allowed too
    make_payment(admin, world.org_a, world.member_a, line, on=dt.date(2025, 12, 30))
    condolence_reverse(payment=first, actor=admin, reason="金额登记错误")
    again = make_payment(admin, world.org_a, world.member_a, line, on=dt.date(2026, 5, 6))
    assert again.standard is not None
    assert CondolencePayment.objects.count() == 3


def test_the_nearest_union_above_applies_and_the_latest_effective_standard_wins(world):
    # given the city's standards (2020: 300 元, 2026-06: 800 元, one not yet in force) and none of org A's own
    admin_a = world.org_admin
    city_admin = make_cadre("city_admin", world.city)
    old = make_standard(city_admin, world.city, max_amount="300", since=dt.date(2020, 1, 1))
    new = make_standard(city_admin, world.city, max_amount="800", since=dt.date(2026, 6, 1))
    make_standard(city_admin, world.city, max_amount="900", since=dt.date(2099, 1, 1))
    # then the city's standard in force on the event date applies to org A
    assert standard_for(world.org_a, CondolenceOccasion.HOSPITAL, dt.date(2026, 3, 1)) == old
    assert standard_for(world.org_a, CondolenceOccasion.HOSPITAL, dt.date(2026, 7, 1)) == new
    assert standard_for(world.org_a, CondolenceOccasion.HOSPITAL, dt.date(2019, 7, 1)) is None
    # when the county has its own standard, it is nearer than the city's (even an older one)
    county = make_standard(city_admin, world.county_x, max_amount="400", since=dt.date(2021, 1, 1))
    assert standard_for(world.org_a, CondolenceOccasion.HOSPITAL, dt.date(2026, 7, 1)) == county
    assert standard_for(world.org_b, CondolenceOccasion.HOSPITAL, dt.date(2026, 7, 1)) == new
    # and a payment of org A is checked against it and records it
    line = condolence_line(world.org_a)
    payment = make_payment(admin_a, world.org_a, world.member_a, line, amount="400", on=dt.date(2026, 7, 1))
    assert payment.standard == county


def test_without_a_standard_only_other_may_be_entered_and_with_a_note(world):
    admin = world.org_admin
    line = condolence_line(world.org_a)
    with pytest.raises(ValidationError) as refused:
        make_payment(admin, world.org_a, world.member_a, line)
    assert refused.value.message_dict["occasion"][0] == (
        "甲县第一中学工会及上级工会在2026年3月2日没有执行中的“生病住院”慰问标准，不能登记；请先制定慰问标准"
    )
    with pytest.raises(ValidationError) as no_note:
        make_payment(admin, world.org_a, world.member_a, line, occasion=CondolenceOccasion.OTHER)
    assert "note" in no_note.value.message_dict
    payment = make_payment(
        admin,
        world.org_a,
        world.member_a,
        line,
        occasion=CondolenceOccasion.OTHER,
        note="火灾受灾慰问，党组会议决定",
    )
    assert payment.standard is None
    assert payment.ledger_entry is not None
    assert payment.ledger_entry.purpose == "慰问金"


def test_a_double_submit_pays_once_and_a_different_amount_is_refused(world):
    admin = world.org_admin
    make_standard(admin, world.org_a)
    line = condolence_line(world.org_a)
    first = make_payment(admin, world.org_a, world.member_a, line)
    second = make_payment(admin, world.org_a, world.member_a, line)
    assert second.pk == first.pk
    entry = LedgerEntry.objects.get()
    assert entry.idempotency_key == (f"welfare-condolence:ORGA:{world.member_a.public_id}:hospital:20260302")
    with pytest.raises(ValidationError) as refused:
        make_payment(admin, world.org_a, world.member_a, line, amount="200")
    assert "已登记（300.00 元）" in refused.value.message_dict["event_date"][0]
    assert LedgerEntry.objects.count() == 1


def test_reversal_keeps_the_row_as_reversed_and_the_event_cannot_be_entered_again(world):
    admin = world.org_admin
    make_standard(admin, world.org_a)
    line = condolence_line(world.org_a)
    payment = make_payment(admin, world.org_a, world.member_a, line)
    # when it is reversed
    condolence_reverse(payment=payment, actor=admin, reason="重复发放")
    # then the ledger holds the reversal, the row shows 已冲销 and counts in no total
    reversal = LedgerEntry.objects.get(reverses=payment.ledger_entry)
    assert (reversal.amount, reversal.reason) == (Decimal("-300.00"), "重复发放")
    assert payment_for(admin, payment.pk).is_reversed is True  # type: ignore[attr-defined]
    assert totals_by_occasion(CondolencePayment.objects.all()) == []
    # and a second reversal, or entering the same event again, is refused
    with pytest.raises(ValidationError):
        condolence_reverse(payment=payment, actor=admin, reason="再次")
    with pytest.raises(ValidationError) as again:
        make_payment(admin, world.org_a, world.member_a, line)
    assert "已登记并已冲销" in again.value.message_dict["event_date"][0]


def test_the_visit_is_recorded_with_the_payment_and_listed_through_the_visits_block(world):
    admin = world.org_admin
    make_standard(admin, world.org_a)
    line = condolence_line(world.org_a)
    payment = make_payment(
        admin,
        world.org_a,
        world.member_a,
        line,
        visit=VisitInput(visited_on=dt.date(2026, 3, 3), visitors="王主席、李干事", gifts="水果一篮"),
    )
    visit = payment.visit
    assert visit is not None
    assert (visit.member, visit.occasion, visit.org, visit.owner) == (
        world.member_a,
        VisitOccasion.ILLNESS,
        world.org_a,
        payment,
    )
    assert list(visits_for_user(admin, {"kind": "welfare.condolencepayment"})) == [visit]
    assert list(visits_for_user(world.outsider)) == []


def test_a_failing_visit_leaves_no_payment_behind(world):
    admin = world.org_admin
    make_standard(admin, world.org_a)
    line = condolence_line(world.org_a)
    with pytest.raises(ValidationError):
        make_payment(
            admin,
            world.org_a,
            world.member_a,
            line,
            visit=VisitInput(visited_on=dt.date(2099, 1, 1), visitors="王主席"),
        )
    assert CondolencePayment.objects.count() == 0
    assert LedgerEntry.objects.count() == 0


def test_standards_are_unique_per_day_and_a_used_one_cannot_change(world):
    admin = world.org_admin
    standard = make_standard(admin, world.org_a, max_amount="500")
    with pytest.raises(ValidationError) as twin:
        make_standard(admin, world.org_a, max_amount="600")
    assert twin.value.message_dict["effective_from"][0].startswith(
        "甲县第一中学工会已有2020年1月1日执行的“生病住院”慰问标准（上限 500.00 元）"
    )
    make_payment(admin, world.org_a, world.member_a, condolence_line(world.org_a))
    with pytest.raises(ValidationError) as used:
        condolence_standard_save(
            actor=admin,
            standard=standard,
            occasion=standard.occasion,
            max_amount=Decimal("700"),
            effective_from=standard.effective_from,
        )
    assert "已用于 1 笔慰问登记" in used.value.messages[0]
    standard.refresh_from_db()
    assert standard.max_amount == Decimal("500.00")

"""The move of quiz certificates onto the certificates block (migrations 0002 copy and 0003 drop), run forwards and
backwards with Django's MigrationExecutor: forwards keeps each code, score, holder and date and numbers the
certificates per (union, 答题证, year) in issue order after the union's counter; backwards gives the quiz certificates
back (a revoked one stays in the block only) and the counters back, so forwards again numbers them the same. Once on
rows made here, once on the quiz demo."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from gonghui.certificates.models import Certificate
from gonghui.certificates.selectors import certificate_by_code
from gonghui.core.models import NumberSequence
from gonghui.quizzes import demo

from .factories import another_member, make_activity, make_bank

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("quizzes", "0001_quizzes")]  # quiz certificates in their own table


def _migrate(targets):
    """Migrate to `targets`; the historical apps at that point."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def _latest():
    return [
        (key, name)
        for key, name in MigrationExecutor(connection).loader.graph.leaf_nodes()
        if key == "quizzes"
    ]


@pytest.fixture
def migrated_back_and_restored():
    """Leave the database at the latest migrations whatever the test did."""
    latest = _latest()
    yield latest
    _migrate(latest)


def _at(year, month, day):
    return dt.datetime(year, month, day, 10, 0, tzinfo=timezone.get_current_timezone())


def _old_rows(old_apps):
    old = old_apps.get_model("quizzes", "Certificate")
    return {c.code: (c.activity_id, c.member_id, c.score, c.created_at) for c in old.objects.all()}


def test_forwards_keeps_codes_and_numbers_per_union_and_year_backwards_gives_them_back(
    quiz, migrated_back_and_restored
):
    world = quiz.world
    _user, other = another_member(world.org_a, "13700006666", "乙会员")
    city_bank = make_bank(world.org_b, name="乙院题库")
    theirs = make_activity(world.org_b, city_bank, title="乙院答题")
    # given the old schema with four quiz certificates, and org B's 答题证 counter of 2025 at 7
    old_apps = _migrate(BEFORE)
    assert not Certificate.objects.filter(kind="quiz").exists()
    old = old_apps.get_model("quizzes", "Certificate")
    made = [
        ("ABCDEFGH23", quiz.activity, world.member_a, 40, _at(2025, 3, 1)),
        ("ZYXWVUTS98", quiz.activity, other, 50, _at(2025, 2, 1)),
        ("MNBVCXZL67", theirs, world.member_a, 30, _at(2026, 1, 5)),
        ("KJHGFDSA34", theirs, other, 35, _at(2025, 6, 1)),
    ]
    for code, activity, member, score, when in made:
        row = old.objects.create(activity_id=activity.pk, member_id=member.pk, code=code, score=score)
        old.objects.filter(pk=row.pk).update(created_at=when)
    NumberSequence.objects.create(issuer_id=world.org_b.pk, series="答题证", year=2025, last_number=7)
    before = _old_rows(old_apps)

    # when migrating forwards
    _migrate(migrated_back_and_restored)

    # then each is a block certificate of kind quiz with its code, numbered in issue order per union and year
    rows = {c.code: c for c in Certificate.objects.filter(kind="quiz")}
    assert set(rows) == set(before)
    first = rows["ABCDEFGH23"]
    assert (first.holder, first.owner, first.issuer, first.holder_org) == (
        world.member_a,
        quiz.activity,
        world.org_a,
        world.org_a,
    )
    assert (first.holder_name, first.title, first.data, first.status) == (
        "甲会员",
        quiz.activity.title,
        {"score": 40},
        "valid",
    )
    assert (first.awarded_on, first.created_at) == (dt.date(2025, 3, 1), _at(2025, 3, 1))
    assert {code: c.number for code, c in rows.items()} == {
        "ZYXWVUTS98": "答题证〔2025〕1号",  # org A, issued first
        "ABCDEFGH23": "答题证〔2025〕2号",
        "KJHGFDSA34": "答题证〔2025〕8号",  # org B goes on after its counter
        "MNBVCXZL67": "答题证〔2026〕1号",
    }
    assert set(
        NumberSequence.objects.filter(series="答题证").values_list("issuer_id", "year", "last_number")
    ) == {
        (world.org_a.pk, 2025, 2),
        (world.org_b.pk, 2025, 8),
        (world.org_b.pk, 2026, 1),
    }
    # the block's check finds an old code as typed in lower case
    assert certificate_by_code("abcdefgh23") == first

    # when one is revoked and the migration runs backwards
    Certificate.objects.filter(code="MNBVCXZL67").update(status="revoked", revoked_reason="测试撤销")
    old_apps = _migrate(BEFORE)

    # then the valid ones are quiz certificates again, as they were; the revoked one stays in the block only
    after = _old_rows(old_apps)
    assert after == {code: row for code, row in before.items() if code != "MNBVCXZL67"}
    assert list(Certificate.objects.filter(kind="quiz").values_list("code", flat=True)) == ["MNBVCXZL67"]
    assert set(
        NumberSequence.objects.filter(series="答题证").values_list("issuer_id", "year", "last_number")
    ) == {
        (world.org_a.pk, 2025, 0),
        (world.org_b.pk, 2025, 7),
        (world.org_b.pk, 2026, 1),
    }

    # when forwards again, every certificate has the number it had
    _migrate(migrated_back_and_restored)
    assert {c.code: c.number for c in Certificate.objects.filter(kind="quiz")} == {
        code: c.number for code, c in rows.items()
    }


def test_the_quiz_demo_goes_back_and_forth_with_its_codes(world, monkeypatch, migrated_back_and_restored):
    # given the quiz demo on a small tree: its certificates are block rows of kind quiz
    monkeypatch.setattr(demo, "ROOT_CODE", "CITY")
    for i in range(6):
        another_member(world.org_a, f"1380000100{i}", f"演示甲{i}")
        another_member(world.org_b, f"1380000200{i}", f"演示乙{i}")
    demo.seed_quizzes()
    issued = {
        c.code: (c.owner_id, c.holder_id, c.data["score"], c.number)
        for c in Certificate.objects.filter(kind="quiz")
    }
    assert len(issued) >= 5
    # when migrating back to the old schema
    old_apps = _migrate(BEFORE)
    # then the quiz certificates hold the same codes, activities, members and scores
    assert {code: row[:3] for code, row in _old_rows(old_apps).items()} == {
        code: row[:3] for code, row in issued.items()
    }
    assert not Certificate.objects.filter(kind="quiz").exists()
    # and forwards again the block has them back, each with its code and its number
    _migrate(migrated_back_and_restored)
    assert {
        c.code: (c.owner_id, c.holder_id, c.data["score"], c.number)
        for c in Certificate.objects.filter(kind="quiz")
    } == issued

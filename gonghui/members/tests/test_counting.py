"""会员计数: every membership service leaves the counters equal to a full recount from the member rows; the year's
joins roll over with the calendar; the nightly job moves the age bands to the new day, repairs and logs drift, and
runs once a day; concurrent joins into one union lose no count (PostgreSQL)."""

import datetime as dt
import logging

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from gonghui.accounts.choices import IdType
from gonghui.members.choices import MemberStatus
from gonghui.members.counting import COUNT_FIELDS, age_band, counted, counts_member_changed, counts_recount
from gonghui.members.jobs import counts_due, counts_nightly
from gonghui.members.models import Member, MemberCount
from gonghui.members.services import (
    join_application_approve,
    member_correction_apply,
    member_create,
    member_death,
    member_leave,
    member_reinstate,
    member_retire_keep,
    member_update,
    transfer_approve_in,
    transfer_approve_out,
    transfer_request,
)
from gonghui.members.tests.factories import MemberFactory, valid_id_number
from gonghui.members.tests.test_joining_factories import make_join_application
from gonghui.orgs.models import Org

NOON = dt.datetime(2026, 6, 15, 4, 0, tzinfo=dt.UTC)  # 12:00 in Asia/Shanghai
TODAY = dt.date(2026, 6, 15)


def _stored() -> dict[int, dict[str, int]]:
    return {
        row.pop("org_id"): row
        for row in MemberCount.objects.values("org_id", *COUNT_FIELDS).order_by("org_id")
        if any(row[f] for f in COUNT_FIELDS)
    }


def _recounted() -> dict[int, dict[str, int]]:
    with transaction.atomic():
        counts_recount(org_ids=Org.objects.values_list("pk", flat=True))
    return _stored()


@pytest.fixture
def today():
    with time_machine.travel(NOON, tick=False):
        yield TODAY


def test_every_membership_service_keeps_the_counters_equal_to_a_recount(world, today):
    # given members built by the factory (counted as the services count)
    admin_a, admin_b = world.org_admin, world.outsider
    woman = MemberFactory.create(org=world.org_a, gender="F", employment="contract", joined_on=today)
    old = MemberFactory.create(
        org=world.org_a, birth_date=dt.date(1966, 6, 16), joined_on=dt.date(1990, 1, 1)
    )
    mover = MemberFactory.create(org=world.org_a, employment="dispatched", joined_on=dt.date(2020, 3, 1))
    leaver = MemberFactory.create(org=world.org_b, gender="F", joined_on=dt.date(2026, 2, 1))
    assert _stored() == _recounted()
    # when every membership service runs once
    created = member_create(
        org=world.org_a,
        actor=admin_a,
        name="新会员",
        id_number=valid_id_number(301, birth=dt.date(2003, 1, 2), male=False),
        employment="other",
    )
    joined = join_application_approve(
        application=make_join_application(world.org_b, n=7, phone="13600000707"), actor=admin_b
    )
    member_update(  # registry edit: identity (so gender and birth date), 用工性质, 入会日期
        member=created,
        actor=admin_a,
        data={
            "id_number": valid_id_number(302, birth=dt.date(1970, 5, 5), male=True),
            "gender": "M",
            "birth_date": dt.date(1970, 5, 5),
            "employment": "established",
            "joined_on": dt.date(2025, 12, 31),
        },
    )
    member_update(
        member=woman,
        actor=admin_a,
        data={
            "id_type": IdType.PASSPORT,
            "id_number": "E12345678",
            "gender": "M",
            "birth_date": dt.date(1999, 9, 9),
        },
    )
    member_leave(member=leaver, actor=admin_b, happened_on=today, reason="调离")
    member_reinstate(member=leaver, actor=admin_b, happened_on=today, reason="回本单位")
    member_retire_keep(member=old, actor=admin_a, happened_on=today, reason="退休")
    member_death(member=joined, actor=admin_b, happened_on=today, reason="病故")
    outside = transfer_request(member=world.member_a, actor=admin_a, to_org_outside="外省某校工会")
    transfer_approve_out(transfer=outside, actor=admin_a)
    inside = transfer_request(member=mover, actor=admin_a, to_org=world.org_b)
    transfer_approve_out(transfer=inside, actor=admin_a)
    transfer_approve_in(transfer=inside, actor=admin_b)
    member_correction_apply(
        member=Member.objects.get(pk=mover.pk),
        changes={"employment": ["dispatched", "contract"], "name": ["x", "改名"]},
        actor=admin_b,
    )
    # then the counters equal a full recount, and say what the services did
    stored = _stored()
    assert stored == _recounted()
    org_a, org_b = stored[world.org_a.pk], stored[world.org_b.pk]
    assert (org_a["members"], org_a["serving"], org_a["women"], org_a["joined"]) == (3, 2, 0, 1)
    assert (org_a["established"], org_a["other"], org_a["age_4"]) == (
        2,
        0,
        2,
    )  # the retiree and the 1970 edit
    assert (org_b["members"], org_b["serving_contract"], org_b["joined"]) == (
        2,
        1,
        1,
    )  # mover, reinstated leaver


def test_a_change_without_a_row_or_of_an_earlier_year_recounts_the_union(world):
    # given the joins of 2026 counted on the last day of the year
    with time_machine.travel(dt.datetime(2026, 12, 31, 4, 0, tzinfo=dt.UTC), tick=False):
        MemberFactory.create(org=world.org_b, joined_on=dt.date(2026, 12, 31))
        assert MemberCount.objects.get(org=world.org_b).joined == 1
    with time_machine.travel(dt.datetime(2027, 1, 2, 4, 0, tzinfo=dt.UTC), tick=False):
        row = MemberCount.objects.get(org=world.org_b)
        assert (row.joined_year, row.joined) == (
            2026,
            1,
        )  # not yet rolled over: the dashboard reads 0 for 2027
        # when the year's first change touches the row
        MemberFactory.create(org=world.org_b, joined_on=dt.date(2027, 1, 2))
        # then it is recounted for 2027
        row = MemberCount.objects.get(org=world.org_b)
        assert (row.joined_year, row.joined, row.members, row.ages_on) == (2027, 1, 2, dt.date(2027, 1, 2))
    # and a row lost altogether is rebuilt from the member rows on the next change
    MemberCount.objects.filter(org=world.org_b).delete()
    with transaction.atomic():
        member = Member.objects.filter(org=world.org_b).first()
        assert member is not None
        before = counted(member)
        Member.objects.filter(pk=member.pk).update(gender="F")
        member.refresh_from_db()
        counts_member_changed(before=before, after=counted(member))
    assert MemberCount.objects.get(org=world.org_b).women == 1


def test_the_nightly_job_moves_the_ages_repairs_drift_and_logs_it(world, caplog):
    # given a member who turns 26 on 16 June, counted on the 15th, and a status written behind the services' back
    with time_machine.travel(NOON, tick=False):
        young = MemberFactory.create(org=world.org_b, birth_date=dt.date(2000, 6, 16))
        MemberFactory.create(org=world.org_b)
        Member.objects.filter(pk=young.pk).update(employment="other")
        assert counts_due() is False  # counted today
    row = MemberCount.objects.get(org=world.org_b)
    assert (row.age_0, row.age_1, row.other) == (1, 0, 0)
    # when the job runs on the 16th: not due before 02:00, then once
    night = dt.datetime(2026, 6, 15, 17, 59, tzinfo=dt.UTC)  # 01:59 on the 16th in Asia/Shanghai
    assert counts_nightly(night) == "会员计数：今日已核对"
    with caplog.at_level(logging.WARNING, logger="gonghui.members.counting"):
        summary = counts_nightly(night + dt.timedelta(minutes=1))
    # then
    assert summary == "会员计数：1 个工会的计数与名册不符，已修正（详见日志）"
    assert (
        f"会员计数偏差已修正: org {world.org_b.pk} established 2→1, other 0→1, serving_established 2→1"
        in caplog.text
    )
    row = MemberCount.objects.get(org=world.org_b)
    assert (row.age_0, row.age_1, row.other, row.ages_on) == (0, 1, 1, dt.date(2026, 6, 16))
    assert row.counted_at == night + dt.timedelta(minutes=1)
    assert counts_nightly(night + dt.timedelta(minutes=2)) == "会员计数：今日已核对"


@pytest.mark.parametrize(
    ("born", "on", "band"),
    [
        (dt.date(2000, 6, 15), TODAY, 1),  # 26 today
        (dt.date(2000, 6, 16), TODAY, 0),
        (dt.date(1970, 6, 15), TODAY, 4),
        (dt.date(1970, 6, 16), TODAY, 3),
        (dt.date(2000, 2, 29), dt.date(2026, 2, 28), 0),  # a 29 February birthday counts from 1 March
        (dt.date(2000, 2, 29), dt.date(2026, 3, 1), 1),
    ],
)
def test_age_band_follows_the_dashboards_rule(born, on, band):
    assert age_band(born, on) == band


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
@pytest.mark.parametrize("row", ["kept", "missing"])
def test_concurrent_changes_of_one_union_lose_no_count(world, run_concurrently, row):
    # given four members, and their union's row — or none, so every change makes and recounts it
    members = [MemberFactory.create(org=world.org_b, gender="F") for _ in range(4)]
    if row == "missing":
        MemberCount.objects.filter(org=world.org_b).delete()

    def leave(member: Member):
        return lambda: member_leave(
            member=member, actor=world.outsider, happened_on=timezone.localdate(), reason="调离"
        )

    # when four members of one union leave at the same instant, and two join
    results, errors = run_concurrently(
        *(leave(m) for m in members),
        lambda: MemberFactory.create(org=world.org_b, gender="F"),
        lambda: MemberFactory.create(org=world.org_b, gender="F"),
    )
    # then
    assert errors == []
    row = MemberCount.objects.get(org=world.org_b)
    assert (row.members, row.women) == (2, 2)
    assert MemberStatus.LEFT in {m.status for m in Member.objects.filter(org=world.org_b)}

"""疗休养 services: places received from 市总 (an issued quota set owned by the programme; over-allocation refused),
batch capacities within the places received, the priority rules (front line flagged and first, a reason to skip
them; no repeat within N years, allowed after), nominations within the quota and the batch's capacity, the member's
confirmation, substitution (the quota place released and taken again) and the check-in at the resort."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.checkins.services import checkin_manual
from gonghui.quotas.choices import QuotaSource
from gonghui.quotas.models import QuotaUse
from gonghui.quotas.selectors import allocation_remaining
from gonghui.welfare.choices import PlaceStatus
from gonghui.welfare.models import RecuperationPlace
from gonghui.welfare.selectors.recuperation import candidate_list, checked_in_members
from gonghui.welfare.services.recuperation import (
    batch_save,
    place_attend,
    place_cancel,
    place_confirm,
    place_decline,
    place_nominate,
    place_substitute,
    programme_advance,
    programme_allocate,
)
from gonghui.welfare.tests.factories_recuperation import make_programme, org_a_member


def _nominate(rcp, member, actor, batch=None, reason="一线护士长"):
    return place_nominate(
        programme=rcp.programme,
        allocation=rcp.allocation_a,
        member=member,
        batch=batch or rcp.first,
        reason=reason,
        actor=actor,
    )


def test_places_come_from_above_and_over_allocation_is_refused(world):
    # given a programme whose 10 places were received from 市总, 5 of them given to 甲县
    rcp = make_programme(world)
    quota_set = rcp.programme.quota_set
    assert quota_set is not None
    # then its quota set is an issued one owned by the programme
    assert (quota_set.source, quota_set.issuer, quota_set.total) == (QuotaSource.ISSUED, "焦作市总工会", 10)
    assert quota_set.owner == rcp.programme
    # when 乙县 is given 6 more (11 > 10)
    with pytest.raises(ValidationError) as refused:
        programme_allocate(programme=rcp.programme, shares={world.county_y.pk: 6}, actor=rcp.city_admin)
    # then it is refused, naming the places that may be split
    assert "超过可分配的 10 个" in " ".join(refused.value.messages)


def test_batch_capacities_never_exceed_the_places_received(world):
    rcp = make_programme(world)  # two batches of 5 = the 10 places received
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        batch_save(
            programme=rcp.programme,
            name="第三批",
            resort="南太行",
            starts_on=today,
            ends_on=today,
            capacity=1,
            actor=rcp.city_admin,
        )
    assert refused.value.message_dict["capacity"] == [
        "各批次人数合计 11 人，超过收到的名额 10 个（其他批次已占 10 人，本批次最多 0 人）"
    ]


def test_front_line_members_come_first_and_are_flagged(world):
    rcp = make_programme(world)
    plain = org_a_member(world, "安会员")
    nurse = org_a_member(world, "张护士", tagged=True)
    listed: list[Any] = list(candidate_list(world.org_admin, rcp.programme, rcp.allocation_a))
    assert listed[0] == nurse
    assert listed[0].front_line is True
    assert plain in listed
    assert listed[listed.index(plain)].front_line is False
    place = _nominate(rcp, nurse, world.org_admin)
    assert (place.front_line, place.status, place.org) == (True, PlaceStatus.NOMINATED, world.org_a)


def test_a_non_front_line_member_needs_a_reason_while_front_line_staff_wait(world):
    rcp = make_programme(world)
    org_a_member(world, "张护士", tagged=True)
    plain = org_a_member(world, "安会员")
    with pytest.raises(ValidationError) as refused:
        _nominate(rcp, plain, world.org_admin, reason="")
    assert refused.value.message_dict["reason"][0].startswith("本会还有 1 名“抗疫一线”候选人未推荐")
    place = _nominate(rcp, plain, world.org_admin, reason="张护士在岗值班，不能参加")
    assert place.reason == "张护士在岗值班，不能参加"


def test_no_repeat_within_the_years_refused_and_allowed_after(world):
    # given a nurse who attended the 2024 programme
    nurse = org_a_member(world, "张护士", tagged=True)
    earlier = make_programme(world, year=2024, name="2024年职工疗休养")
    place = _nominate(earlier, nurse, world.org_admin)
    place_confirm(place=place, member=nurse, actor=world.org_admin, health_confirmed=True)
    RecuperationPlace.objects.filter(pk=place.pk).update(status=PlaceStatus.ATTENDED)
    # when a 2026 programme refuses repeats within 3 years
    now = make_programme(world, year=2026, name="2026年职工疗休养")
    with pytest.raises(ValidationError) as refused:
        _nominate(now, nurse, world.org_admin)
    assert refused.value.message_dict["member"] == [
        "张护士不能推荐：2024年已参加“2024年职工疗休养”，3年内不重复安排（2027年起可再推荐）"
    ]
    # then with 2 years she may go again
    now.programme.no_repeat_years = 2
    now.programme.save(update_fields=["no_repeat_years"])
    assert _nominate(now, nurse, world.org_admin).status == PlaceStatus.NOMINATED


def test_nomination_beyond_the_quota_or_a_full_batch_is_refused(world):
    rcp = make_programme(world, org_a_places=1)
    first, second = (org_a_member(world, f"护士{i}", tagged=True) for i in (1, 2))
    _nominate(rcp, first, world.org_admin)
    with pytest.raises(ValidationError) as refused:
        _nominate(rcp, second, world.org_admin, batch=rcp.second)
    assert refused.value.messages == [
        "“甲县第一中学工会”的疗休养名额已用完（分配 1 个，剩余 0 个），不能再推荐"
    ]
    assert RecuperationPlace.objects.filter(member=second).count() == 0  # nothing half-written
    # a batch of one is full after one place
    small = make_programme(world, capacity=1, places=2, name="小批次项目")
    _nominate(small, org_a_member(world, "护士3", tagged=True), world.org_admin)
    with pytest.raises(ValidationError) as full:
        _nominate(small, org_a_member(world, "护士4", tagged=True), world.org_admin)
    assert full.value.message_dict["batch"] == ["“第一批”已满（1 人），请选择其他批次"]


def test_the_member_confirms_with_the_health_tick_and_declines_with_a_reason(world):
    rcp = make_programme(world)
    nurse = org_a_member(world, "张护士", tagged=True)
    place = _nominate(rcp, nurse, world.org_admin)
    with pytest.raises(ValidationError):
        place_confirm(place=place, member=nurse, actor=world.org_admin, health_confirmed=False)
    confirmed = place_confirm(place=place, member=nurse, actor=world.org_admin, health_confirmed=True)
    assert (confirmed.status, confirmed.health_confirmed, confirmed.confirmed_at is not None) == (
        PlaceStatus.CONFIRMED,
        True,
        True,
    )
    with pytest.raises(ValidationError):
        place_decline(place=place, member=nurse, actor=world.org_admin, reason="")
    assert place_decline(place=place, member=nurse, actor=world.org_admin, reason="家中有事").status == (
        PlaceStatus.DECLINED
    )


def test_substitution_releases_the_old_quota_place_and_takes_one(world):
    rcp = make_programme(world, org_a_places=1)
    nurse = org_a_member(world, "张护士", tagged=True)
    other = org_a_member(world, "李护士", tagged=True)
    old = _nominate(rcp, nurse, world.org_admin)
    place_decline(place=old, member=nurse, actor=world.org_admin, reason="身体原因")
    assert allocation_remaining(rcp.allocation_a) == 0  # the declined place keeps its quota place
    new = place_substitute(place=old, member=other, actor=world.org_admin, reason="")
    old.refresh_from_db()
    assert old.status == PlaceStatus.SUBSTITUTED
    assert new.substitute_for == old
    assert new.batch == rcp.first
    uses = QuotaUse.objects.filter(allocation=rcp.allocation_a)
    assert [(u.used_by_id, u.released_at is None) for u in uses.order_by("pk")] == [
        (old.pk, False),
        (new.pk, True),
    ]
    assert allocation_remaining(rcp.allocation_a) == 0
    # a cancelled place may be substituted too, and a cancellation needs a reason
    with pytest.raises(ValidationError):
        place_cancel(place=new, reason="", actor=world.org_admin)
    assert place_cancel(place=new, reason="未通过体检", actor=world.org_admin).status == PlaceStatus.CANCELLED
    # closing the programme hands back the places never substituted
    for _ in ("running", "closed"):
        programme_advance(programme=rcp.programme, actor=rcp.city_admin)
    assert allocation_remaining(rcp.allocation_a) == 1


def test_check_in_admits_only_confirmed_members_of_the_batch(world):
    rcp = make_programme(world)
    confirmed, pending, elsewhere = (
        org_a_member(world, n, tagged=True) for n in ("甲护士", "乙护士", "丙护士")
    )
    place = _nominate(rcp, confirmed, world.org_admin)
    place_confirm(place=place, member=confirmed, actor=world.org_admin, health_confirmed=True)
    _nominate(rcp, pending, world.org_admin)
    other = _nominate(rcp, elsewhere, world.org_admin, batch=rcp.second)
    place_confirm(place=other, member=elsewhere, actor=world.org_admin, health_confirmed=True)
    at = timezone.make_aware(dt.datetime.combine(rcp.first.starts_on, dt.time(9)))
    for member in (pending, elsewhere):
        with pytest.raises(ValidationError) as refused:
            checkin_manual(target=rcp.first, member=member, actor=rcp.city_admin, now=at)
        assert refused.value.code == "foreign"
    check_in = checkin_manual(target=rcp.first, member=confirmed, actor=rcp.city_admin, now=at)
    place.refresh_from_db()  # the target's on_checkin, in the check-in's transaction
    assert (place.status, place.checked_in_at) == (PlaceStatus.ATTENDED, at)
    assert place_attend(check_in=check_in, batch=rcp.first, actor=rcp.city_admin) is None  # only once
    assert checked_in_members(rcp.first) == {confirmed.pk: at}

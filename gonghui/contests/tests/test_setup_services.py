"""The organiser's services: a contest (create, edit, start, finish), its groups and rounds (with the round's entry
quota in the quotas block), every rule with its Chinese error, and who may (org A's admin organises; a plain member,
org B's admin and a county admin over org A may not)."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import make_cadre
from gonghui.contests.choices import ContestAction, ContestStatus, EntryKind, RoundStatus
from gonghui.contests.models import Contest, ContestGroup, ContestRound
from gonghui.contests.services.contests import (
    contest_create,
    contest_finish,
    contest_start,
    contest_update,
    group_add,
    group_remove,
    round_add,
    round_update,
)
from gonghui.core.models import AuditLog, TimelineEntry
from gonghui.members.choices import Employment, JobCategory
from gonghui.members.selectors.filters import MemberFilter
from gonghui.quotas.models import QuotaSet
from gonghui.quotas.services import quota_allocate

from .factories import make_contest_entry


def _later(days: int = 30) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def _messages(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


@pytest.fixture
def contest(world):
    return contest_create(
        org=world.org_a,
        title="2026年甲校教学技能竞赛",
        year=2026,
        closes_on=timezone.localdate() + dt.timedelta(days=90),
        co_organisers=["测试市教育局"],
        actor=world.org_admin,
    )


# ---- contest_create / contest_update ------------------------------------------------------------------------------


def test_create_stores_the_cleaned_co_organisers_the_eligibility_and_a_timeline_row(world):
    # when
    eligibility = MemberFilter(
        job_categories=(JobCategory.values[0],), age_bands=("lt35",), employment=(Employment.values[0],)
    )
    contest = contest_create(
        org=world.org_a,
        title="  2026年教学技能竞赛 ",
        year=2026,
        closes_on=timezone.localdate(),
        co_organisers=[" 测试市教育局 ", "", "测试市教育局", "测试市卫健委"],
        description=" 说明 ",
        eligibility=eligibility,
        actor=world.org_admin,
    )
    # then
    contest = Contest.objects.get(pk=contest.pk)
    assert contest.title == "2026年教学技能竞赛"
    assert contest.co_organisers == ["测试市教育局", "测试市卫健委"]
    assert contest.description == "说明"
    assert contest.status == ContestStatus.DRAFT
    assert contest.created_by == world.org_admin
    assert MemberFilter.from_dict(contest.eligibility) == eligibility
    assert list(TimelineEntry.objects.filter(object_id=str(contest.pk)).values_list("action", flat=True)) == [
        ContestAction.CREATE
    ]


@pytest.mark.parametrize(
    ("_case", "fields", "errors"),
    [
        ("empty title", {"title": "  "}, {"title": ["请填写竞赛名称"]}),
        ("year out of range", {"year": 1999}, {"year": ["年度应为 2000 至 2100 之间的年份"]}),
        ("closes in the past", {"closes_on": -1}, {"closes_on": ["结束日期不能早于今天"]}),
        (
            "co-organiser too long",
            {"co_organisers": ["局" * 51]},
            {"co_organisers": [f"联合主办单位名称不能超过 50 个字：{'局' * 20}…"]},
        ),
    ],
)
def test_create_refuses_bad_fields(world, _case, fields, errors):
    # given
    data: dict[str, Any] = {"title": "竞赛", "year": 2026, "closes_on": 30, "co_organisers": []}
    data.update(fields)
    # when
    with pytest.raises(ValidationError) as exc:
        contest_create(
            org=world.org_a,
            title=data["title"],
            year=data["year"],
            closes_on=timezone.localdate() + dt.timedelta(days=data["closes_on"]),
            co_organisers=data["co_organisers"],
            actor=world.org_admin,
        )
    # then
    assert _messages(exc) == errors
    assert not Contest.objects.exists()


@pytest.mark.parametrize("actor", ["org_member", "outsider"])
def test_only_a_manager_of_the_union_creates(world, actor):
    with pytest.raises(PermissionDenied):
        contest_create(
            org=world.org_a,
            title="竞赛",
            year=2026,
            closes_on=timezone.localdate(),
            actor=getattr(world, actor),
        )
    assert not Contest.objects.exists()


def test_update_changes_the_fields_and_is_audited(world, contest):
    # when
    contest_update(
        contest=contest,
        title="改名后的竞赛",
        year=2027,
        closes_on=contest.closes_on + dt.timedelta(days=10),
        co_organisers=["测试市卫健委"],
        eligibility=MemberFilter(age_bands=("35-45",)),
        actor=world.org_admin,
    )
    # then
    contest.refresh_from_db()
    assert (contest.title, contest.year, contest.co_organisers) == ("改名后的竞赛", 2027, ["测试市卫健委"])
    assert contest.eligibility == {"age_bands": ["35-45"]}
    assert AuditLog.objects.filter(summary="修改竞赛「改名后的竞赛」", org_id=world.org_a.pk).count() == 1


def test_update_keeps_a_past_closing_date_that_did_not_change(world, contest):
    # given a running contest whose 结束日期 has just passed
    Contest.objects.filter(pk=contest.pk).update(closes_on=timezone.localdate() - dt.timedelta(days=1))
    contest.refresh_from_db()
    # when the organiser only fixes the title
    contest_update(
        contest=contest, title="新名称", year=2026, closes_on=contest.closes_on, actor=world.org_admin
    )
    # then
    assert Contest.objects.get(pk=contest.pk).title == "新名称"


def test_update_refused_once_finished_and_for_others(world, contest):
    # given
    Contest.objects.filter(pk=contest.pk).update(status=ContestStatus.FINISHED)
    contest.refresh_from_db()
    # when / then
    with pytest.raises(ValidationError) as exc:
        contest_update(
            contest=contest, title="x", year=2026, closes_on=contest.closes_on, actor=world.org_admin
        )
    assert exc.value.messages == ["竞赛已结束，不能再修改"]
    for actor in (world.org_member, world.outsider):
        with pytest.raises(PermissionDenied):
            contest_update(contest=contest, title="x", year=2026, closes_on=contest.closes_on, actor=actor)
    assert Contest.objects.get(pk=contest.pk).title == "2026年甲校教学技能竞赛"


def test_a_county_admin_cannot_edit_a_contest_of_the_city(world):
    # given a contest of the city, run by a city admin
    city_admin = make_cadre("city_admin", world.city)
    contest = contest_create(
        org=world.city, title="全市竞赛", year=2026, closes_on=timezone.localdate(), actor=city_admin
    )
    county_admin = make_cadre("county_x_admin", world.county_x)
    # when / then
    with pytest.raises(PermissionDenied):
        contest_update(
            contest=contest, title="县改名", year=2026, closes_on=contest.closes_on, actor=county_admin
        )
    with pytest.raises(PermissionDenied):
        group_add(
            contest=contest, name="小学语文", entry_kind="individual", team_size_max=1, actor=county_admin
        )


# ---- groups ------------------------------------------------------------------------------------------------------


def test_group_add_individual_takes_one_person_and_team_its_size(world, contest):
    # when
    single = group_add(
        contest=contest,
        name=" 小学语文 ",
        entry_kind=EntryKind.INDIVIDUAL,
        team_size_max=5,
        actor=world.org_admin,
    )
    team = group_add(
        contest=contest, name="护理团体", entry_kind=EntryKind.TEAM, team_size_max=3, actor=world.org_admin
    )
    # then
    assert (single.name, single.team_size_max, single.order) == ("小学语文", 1, 0)
    assert (team.team_size_max, team.order) == (3, 1)
    assert AuditLog.objects.filter(summary__contains="添加组别「护理团体」").count() == 1


@pytest.mark.parametrize(
    ("_case", "name", "kind", "size", "errors"),
    [
        ("duplicate name", "小学语文", EntryKind.INDIVIDUAL, 1, {"name": ["本竞赛已有组别「小学语文」"]}),
        ("empty name", " ", EntryKind.INDIVIDUAL, 1, {"name": ["请填写组别名称"]}),
        ("unknown kind", "中学", "pair", 2, {"entry_kind": ["请选择参赛形式"]}),
        (
            "team of one",
            "团体一",
            EntryKind.TEAM,
            1,
            {"team_size_max": ["团体赛每队人数上限须在 2 到 20 人之间"]},
        ),
        (
            "team of 21",
            "团体二",
            EntryKind.TEAM,
            21,
            {"team_size_max": ["团体赛每队人数上限须在 2 到 20 人之间"]},
        ),
    ],
)
def test_group_add_refuses(world, contest, _case, name, kind, size, errors):
    # given
    group_add(
        contest=contest,
        name="小学语文",
        entry_kind=EntryKind.INDIVIDUAL,
        team_size_max=1,
        actor=world.org_admin,
    )
    # when
    with pytest.raises(ValidationError) as exc:
        group_add(contest=contest, name=name, entry_kind=kind, team_size_max=size, actor=world.org_admin)
    # then
    assert _messages(exc) == errors
    assert ContestGroup.objects.filter(contest=contest).count() == 1


def test_group_remove_refused_once_it_has_entries(world, contest):
    # given
    empty = group_add(
        contest=contest, name="空组", entry_kind=EntryKind.INDIVIDUAL, team_size_max=1, actor=world.org_admin
    )
    used = group_add(
        contest=contest,
        name="小学语文",
        entry_kind=EntryKind.INDIVIDUAL,
        team_size_max=1,
        actor=world.org_admin,
    )
    contest_round = round_add(
        contest=contest, name="基层初赛", entry_deadline=_later(), actor=world.org_admin
    )
    make_contest_entry(
        contest_round=contest_round,
        group=used,
        entrant_org=world.org_a,
        members=[world.member_a],
        actor=world.org_admin,
    )
    # when / then
    with pytest.raises(ValidationError) as exc:
        group_remove(group=used, actor=world.org_admin)
    assert exc.value.messages == ["组别「小学语文」已有参赛报名，不能删除"]
    with pytest.raises(PermissionDenied):
        group_remove(group=empty, actor=world.outsider)
    group_remove(group=empty, actor=world.org_admin)
    assert list(ContestGroup.objects.filter(contest=contest).values_list("name", flat=True)) == ["小学语文"]


# ---- rounds ------------------------------------------------------------------------------------------------------


def test_round_add_numbers_the_levels_and_creates_the_quota_owned_by_the_round(world, contest):
    # when
    first = round_add(
        contest=contest,
        name="基层初赛",
        entry_deadline=_later(),
        quota_total=40,
        promote_share=Decimal("0.3"),
        award_rules=[
            {"level": "一等奖", "basis": "count", "value": " 1 "},
            {"level": "二等奖", "basis": "share", "value": "0.10"},
        ],
        actor=world.org_admin,
    )
    second = round_add(
        contest=contest, name="市级决赛", entry_deadline=_later(40), promote_count=None, actor=world.org_admin
    )
    # then
    assert (first.level, second.level) == (1, 2)
    quota = QuotaSet.objects.get(pk=first.quota_set_id or 0)
    assert (quota.org, quota.title, quota.total) == (
        world.org_a,
        "2026年甲校教学技能竞赛·基层初赛报名名额",
        40,
    )
    assert quota.owner_type is not None
    assert (quota.owner_type.model, quota.owner_id) == ("contestround", first.pk)
    assert first.award_rules == [
        {"level": "一等奖", "basis": "count", "value": "1"},
        {"level": "二等奖", "basis": "share", "value": "0.10"},
    ]
    assert second.quota_set is None


@pytest.mark.parametrize(
    ("_case", "fields", "errors"),
    [
        ("empty name", {"name": ""}, {"name": ["请填写赛段名称"]}),
        ("deadline passed", {"entry_deadline": -1}, {"entry_deadline": ["报名截止时间须晚于现在"]}),
        (
            "deadline after the close",
            {"entry_deadline": 200},
            {"entry_deadline": ["报名截止时间不能晚于竞赛结束日期 {closes}"]},
        ),
        ("no quota", {"quota_total": 0}, {"quota_total": ["报名名额至少为 1"]}),
        (
            "both promotions",
            {"promote_count": 3, "promote_share": Decimal("0.3")},
            {"promote_share": ["每组晋级人数和晋级比例只能填写一项"]},
        ),
        ("promote none", {"promote_count": 0}, {"promote_count": ["每组晋级人数至少为 1"]}),
        (
            "share over one",
            {"promote_share": Decimal("1.5")},
            {"promote_share": ["每组晋级比例须大于 0 且不超过 1（如 0.3）"]},
        ),
        (
            "share zero",
            {"promote_share": Decimal("0")},
            {"promote_share": ["每组晋级比例须大于 0 且不超过 1（如 0.3）"]},
        ),
        (
            "award without a level",
            {"award_rules": [{"level": " ", "basis": "count", "value": "1"}]},
            {"award_rules": ["第 1 行：请填写奖项名称"]},
        ),
        (
            "award named twice",
            {
                "award_rules": [
                    {"level": "一等奖", "basis": "count", "value": "1"},
                    {"level": "一等奖", "basis": "count", "value": "2"},
                ]
            },
            {"award_rules": ["第 2 行：奖项「一等奖」重复"]},
        ),
        (
            "award basis unknown",
            {"award_rules": [{"level": "一等奖", "basis": "rank", "value": "1"}]},
            {"award_rules": ["第 1 行：评定方式应为“按名次”或“按比例”"]},
        ),
        (
            "award count not whole",
            {"award_rules": [{"level": "一等奖", "basis": "count", "value": "1.5"}]},
            {"award_rules": ["第 1 行：按名次评定时，人数须为不小于 1 的整数"]},
        ),
        (
            "award share over one",
            {"award_rules": [{"level": "一等奖", "basis": "share", "value": "2"}]},
            {"award_rules": ["第 1 行：按比例评定时，比例须大于 0 且不超过 1（如 0.1）"]},
        ),
    ],
)
def test_round_add_refuses(world, contest, _case, fields, errors):
    # given
    data: dict[str, Any] = {
        "name": "基层初赛",
        "entry_deadline": 10,
        "quota_total": None,
        "promote_count": None,
        "promote_share": None,
        "award_rules": (),
    }
    data.update(fields)
    data["entry_deadline"] = _later(data["entry_deadline"])
    # when
    with pytest.raises(ValidationError) as exc:
        round_add(contest=contest, actor=world.org_admin, **data)
    # then
    closes = f"{contest.closes_on:%Y-%m-%d}"
    assert _messages(exc) == {k: [m.format(closes=closes) for m in v] for k, v in errors.items()}
    assert not ContestRound.objects.exists()
    assert not QuotaSet.objects.exists()


def test_round_update_changes_the_quota_total_through_the_quotas_block(world):
    # given a city contest whose first round's quota has 10 places handed to 甲县
    city_admin = make_cadre("city_admin", world.city)
    contest = contest_create(
        org=world.city,
        title="2026年甲校教学技能竞赛",
        year=2026,
        closes_on=timezone.localdate() + dt.timedelta(days=90),
        actor=city_admin,
    )
    contest_round = round_add(
        contest=contest, name="基层初赛", entry_deadline=_later(), quota_total=40, actor=city_admin
    )
    assert contest_round.quota_set is not None
    quota_allocate(quota_set=contest_round.quota_set, shares={world.county_x.pk: 10}, actor=city_admin)
    contest_round.refresh_from_db()
    # when
    updated = round_update(
        contest_round=contest_round,
        name="基层初赛（修订）",
        entry_deadline=contest_round.entry_deadline,
        quota_total=30,
        promote_count=5,
        actor=city_admin,
    )
    # then
    quota = QuotaSet.objects.get(pk=contest_round.quota_set.pk)
    assert (quota.total, quota.title) == (30, "2026年甲校教学技能竞赛·基层初赛（修订）报名名额")
    assert (updated.name, updated.promote_count) == ("基层初赛（修订）", 5)
    # below what is allocated: the quotas rule, on the round's field
    with pytest.raises(ValidationError) as exc:
        round_update(
            contest_round=updated,
            name="基层初赛",
            entry_deadline=updated.entry_deadline,
            quota_total=5,
            actor=city_admin,
        )
    assert _messages(exc) == {"quota_total": ["已分配 10 个名额，名额总数不能少于 10"]}
    # a quota once set stays
    with pytest.raises(ValidationError) as exc:
        round_update(
            contest_round=updated,
            name="基层初赛",
            entry_deadline=updated.entry_deadline,
            quota_total=None,
            actor=city_admin,
        )
    assert _messages(exc) == {"quota_total": ["已设置报名名额，不能取消；可修改名额总数"]}


def test_round_update_adds_a_quota_and_is_refused_after_entering(world, contest):
    # given
    contest_round = round_add(
        contest=contest, name="基层初赛", entry_deadline=_later(), actor=world.org_admin
    )
    # when
    round_update(
        contest_round=contest_round,
        name="基层初赛",
        entry_deadline=contest_round.entry_deadline,
        quota_total=12,
        actor=world.org_admin,
    )
    # then
    assert ContestRound.objects.values_list("quota_set__total", flat=True).get(pk=contest_round.pk) == 12
    ContestRound.objects.filter(pk=contest_round.pk).update(status=RoundStatus.JUDGING)
    contest_round.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        round_update(
            contest_round=contest_round,
            name="改",
            entry_deadline=contest_round.entry_deadline,
            quota_total=12,
            actor=world.org_admin,
        )
    assert exc.value.messages == ["该赛段已开始评审，不能再修改"]


# ---- start and finish --------------------------------------------------------------------------------------------


def test_start_needs_a_group_and_a_round(world, contest):
    # when / then
    with pytest.raises(ValidationError) as exc:
        contest_start(contest=contest, actor=world.org_admin)
    assert exc.value.messages == ["请先添加至少一个组别", "请先添加至少一个赛段"]
    group_add(
        contest=contest,
        name="小学语文",
        entry_kind=EntryKind.INDIVIDUAL,
        team_size_max=1,
        actor=world.org_admin,
    )
    round_add(contest=contest, name="基层初赛", entry_deadline=_later(), actor=world.org_admin)
    with pytest.raises(PermissionDenied):
        contest_start(contest=contest, actor=world.org_member)
    started = contest_start(contest=contest, actor=world.org_admin)
    assert started.status == ContestStatus.RUNNING
    with pytest.raises(ValidationError) as exc:
        contest_start(contest=contest, actor=world.org_admin)
    assert exc.value.messages == ["只有筹备中的竞赛可以开始"]


def test_finish_only_a_running_contest_and_writes_the_timeline(world, contest):
    # given
    with pytest.raises(ValidationError) as exc:
        contest_finish(contest=contest, actor=world.org_admin)
    assert exc.value.messages == ["只有进行中的竞赛可以结束"]
    Contest.objects.filter(pk=contest.pk).update(status=ContestStatus.RUNNING)
    # when
    contest_finish(contest=contest, actor=world.org_admin)
    # then
    assert Contest.objects.get(pk=contest.pk).status == ContestStatus.FINISHED
    rows = TimelineEntry.objects.filter(object_id=str(contest.pk)).order_by("pk")
    assert [(r.action, r.from_state, r.to_state) for r in rows] == [
        ("create", "", "draft"),
        ("finish", "running", "finished"),
    ]
    with pytest.raises(ValidationError):
        group_add(
            contest=contest,
            name="迟到组",
            entry_kind=EntryKind.INDIVIDUAL,
            team_size_max=1,
            actor=world.org_admin,
        )

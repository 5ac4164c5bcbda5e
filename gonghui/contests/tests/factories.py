"""Contests for tests, written straight to the tables so each part's tests stand alone: a running contest at a
union with two groups (小学语文, individual; 护理团体, teams of up to 3) and rounds. Parts whose services exist
build on them in their own fixtures."""

import datetime as dt
from typing import Any

from django.utils import timezone

from gonghui.contests.choices import ContestStatus, EntryKind, EntryStatus
from gonghui.contests.models import Contest, ContestGroup, ContestRound, Entry, EntryMember


def make_contest(*, org: Any, actor: Any, status: str = ContestStatus.RUNNING, **extra: Any) -> Contest:
    fields: dict[str, Any] = {
        "title": "2026年全市教育系统教学技能竞赛",
        "year": 2026,
        "co_organisers": ["测试市教育局"],
        "closes_on": timezone.localdate() + dt.timedelta(days=90),
    }
    fields.update(extra)
    return Contest.objects.create(org=org, status=status, created_by=actor, **fields)


def make_group(*, contest: Contest, name: str = "小学语文", **extra: Any) -> ContestGroup:
    return ContestGroup.objects.create(contest=contest, name=name, **extra)


def make_team_group(*, contest: Contest, name: str = "护理团体", size: int = 3) -> ContestGroup:
    return make_group(contest=contest, name=name, entry_kind=EntryKind.TEAM, team_size_max=size, order=1)


def make_contest_round(*, contest: Contest, level: int = 1, name: str = "", **extra: Any) -> ContestRound:
    fields: dict[str, Any] = {
        "name": name or {1: "基层初赛", 2: "县区复赛", 3: "市级决赛"}.get(level, f"第{level}轮"),
        "entry_deadline": timezone.now() + dt.timedelta(days=14),
    }
    fields.update(extra)
    return ContestRound.objects.create(contest=contest, level=level, **fields)


def make_contest_entry(
    *,
    contest_round: ContestRound,
    group: ContestGroup,
    entrant_org: Any,
    members: list[Any],
    actor: Any,
    status: str = EntryStatus.CONFIRMED,
    **extra: Any,
) -> Entry:
    entry = Entry.objects.create(
        round=contest_round, group=group, entrant_org=entrant_org, status=status, entered_by=actor, **extra
    )
    for index, member in enumerate(members):
        EntryMember.objects.create(
            entry=entry,
            round=contest_round,
            member=member,
            is_leader=index == 0,
            confirmed_at=timezone.now() if status == EntryStatus.CONFIRMED else None,
        )
    return entry

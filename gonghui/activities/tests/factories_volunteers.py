"""Volunteer teams, projects and service records for tests, built through the part's services (factories.py has
the shared activity factory)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gonghui.activities.choices import VolunteerTeamKind
from gonghui.activities.models import ServiceRecord, VolunteerProject, VolunteerTeam
from gonghui.activities.services.volunteers import (
    RecordRow,
    project_save,
    records_enter,
    team_save,
    volunteer_add,
)


def make_team(
    *, org: Any, actor: Any, members: tuple[Any, ...] = (), name: str = "送教下乡志愿服务队"
) -> VolunteerTeam:
    team = team_save(
        actor=actor,
        org=org,
        name=name,
        kind=VolunteerTeamKind.TEACHING,
        description="",
        leader=None,
        founded_on=None,
        active=True,
    )
    for member in members:
        volunteer_add(
            team=team,
            member=member,
            joined_on=timezone.localdate() - dt.timedelta(days=200),
            speciality="",
            actor=actor,
        )
    return team


def make_project(*, team: VolunteerTeam, actor: Any, title: str = "送教下乡·修武县") -> VolunteerProject:
    return project_save(
        actor=actor,
        team=team,
        title=title,
        place="修武县西村乡中心小学",
        place_tags=["脱贫村"],
        starts_on=timezone.localdate() - dt.timedelta(days=100),
        ends_on=None,
        content="送教下乡，示范课与教研",
        activity=None,
    )


def enter(
    *, project: VolunteerProject, actor: Any, rows: list[tuple[Any, str, str]], days_ago: int = 3
) -> list[ServiceRecord]:
    """Records of one day: rows of (member, hours, travel hours)."""
    return records_enter(
        project=project,
        served_on=timezone.localdate() - dt.timedelta(days=days_ago),
        content="示范课",
        rows=[RecordRow(member=m, hours=Decimal(h), travel_hours=Decimal(t)) for m, h, t in rows],
        actor=actor,
    )

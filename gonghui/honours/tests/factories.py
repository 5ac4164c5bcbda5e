"""Honours rows for tests, written straight to the tables so each part's tests stand alone; parts whose services
exist build on them in their own fixtures."""

import datetime as dt
from typing import Any

from django.utils import timezone

from gonghui.honours.choices import (
    CampaignCategory,
    CampaignStatus,
    NominationStatus,
    NomineeKind,
    Stage,
    WorkerLevel,
)
from gonghui.honours.models import HonourCampaign, InnovationStudio, ModelWorker, Nomination


def make_campaign(
    *, org: Any, actor: Any, status: str = CampaignStatus.RUNNING, **extra: Any
) -> HonourCampaign:
    fields: dict[str, Any] = {
        "title": "2026年度“焦作标兵”评选",
        "year": 2026,
        "category": CampaignCategory.MODEL_EMPLOYEE,
        "nominee_kind": NomineeKind.PERSON,
        "criteria": "师德高尚，业绩突出",
        "materials": ["推荐审批表", "事迹材料"],
        "stages": list(Stage.values),
        "stage": Stage.NOMINATE,
        "nomination_deadline": timezone.now() + dt.timedelta(days=14),
        "reward_levels": [{"level": "焦作标兵", "amount": "2000"}],
    }
    fields.update(extra)
    return HonourCampaign.objects.create(org=org, status=status, created_by=actor, **fields)


def make_nomination(
    *,
    campaign: HonourCampaign,
    nominating_org: Any,
    actor: Any,
    member: Any = None,
    status: str = NominationStatus.SUBMITTED,
    **extra: Any,
) -> Nomination:
    fields: dict[str, Any] = {
        "nominee_name": member.name if member is not None else nominating_org.name,
        "nominee_unit": nominating_org.unit_name if hasattr(nominating_org, "unit_name") else "",
        "deeds": "扎根一线二十年，教书育人成绩突出。",
        "submitted_at": timezone.now() if status != NominationStatus.DRAFT else None,
    }
    fields.update(extra)
    return Nomination.objects.create(
        campaign=campaign,
        nominating_org=nominating_org,
        member=member,
        status=status,
        created_by=actor,
        **fields,
    )


def make_worker(*, org: Any, actor: Any, member: Any = None, **extra: Any) -> ModelWorker:
    fields: dict[str, Any] = {
        "name": member.name if member is not None else "张劳模",
        "level": WorkerLevel.CITY,
        "title": "焦作市劳动模范",
        "year": 2018,
    }
    fields.update(extra)
    return ModelWorker.objects.create(org=org, member=member, created_by=actor, **fields)


def make_studio(*, org: Any, leader: ModelWorker, actor: Any, **extra: Any) -> InnovationStudio:
    fields: dict[str, Any] = {"name": f"{leader.name}劳模创新工作室", "field": "护理", "site": "门诊楼三层"}
    fields.update(extra)
    return InnovationStudio.objects.create(org=org, leader=leader, created_by=actor, **fields)

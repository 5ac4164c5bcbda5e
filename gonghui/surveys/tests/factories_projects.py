"""课题 after 立项 for tests of part projects: an approved project (在研, with a number) of a call of the same union,
built on the common factories until the calls part's 立项 service is used instead."""

from decimal import Decimal
from typing import Any

from django.utils import timezone

from gonghui.surveys.choices import ProjectStatus
from gonghui.surveys.models import ResearchProject
from gonghui.surveys.tests.factories import make_call, make_project

_numbers = iter(range(1, 10_000))


def approved_project(
    *, org: Any, actor: Any, call_org: Any = None, title: str = "中小学教师职业倦怠调查研究", **extra: Any
) -> ResearchProject:
    """An approved (在研) project of `org` to a call of `call_org` (default: `org`)."""
    call = extra.pop("call", None) or make_call(org=call_org or org, actor=actor)
    return make_project(
        call=call,
        org=org,
        actor=actor,
        title=title,
        status=extra.pop("status", ProjectStatus.APPROVED),
        number=extra.pop("number", f"{call.year}-KT-{next(_numbers):02d}"),
        approved_at=extra.pop("approved_at", timezone.now()),
        approved_budget=extra.pop("approved_budget", Decimal("4000")),
        decision_note=extra.pop("decision_note", "同意立项"),
        **extra,
    )

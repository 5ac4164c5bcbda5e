"""换届 test data through the services: a 分工会 under a union with a term that has ended, and 换届 records driven to a
given step (the org's admin runs the union's steps; the upper union's admin gives the 批复)."""

import datetime as dt
from typing import Any

from django.utils import timezone

from gonghui.congresses.models import UnionElection
from gonghui.congresses.services import elections as services
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import OrgFactory

STEPS = ("planning", "requested", "plan_approved", "elected", "completed")


def branch_union(*, parent: Org, code: str, ends_in_days: int = -10, **extra: Any) -> Org:
    """A 分工会 under `parent` whose five-year term ends `ends_in_days` from today (past by default)."""
    ends = timezone.localdate() + dt.timedelta(days=ends_in_days)
    org: Org = OrgFactory.create(
        parent=parent,
        code=code,
        name=extra.pop("name", f"{code}分工会"),
        level=extra.pop("level", OrgLevel.BRANCH),
        term_started_on=ends - dt.timedelta(days=5 * 365),
        term_ends_on=ends,
        **extra,
    )
    return Org.objects.get(pk=org.pk)


def election_at(*, org: Org, runner: Any, approver: Any, step: str = "planning") -> UnionElection:
    """A 换届 of `org` driven through the services up to `step` (one of STEPS)."""
    today = timezone.localdate()
    election = services.election_start(org=org, actor=runner, note="换届工作方案已制定")
    if STEPS.index(step) >= 1:
        election = services.election_request(election=election, actor=runner, requested_on=today)
    if STEPS.index(step) >= 2:
        election = services.election_approve_plan(
            election=election, actor=approver, approved_on=today, reference="工发〔2025〕1号"
        )
    if STEPS.index(step) >= 3:
        election = services.election_record_result(
            election=election,
            actor=runner,
            elected_on=today,
            term_started_on=today,
            term_ends_on=today + dt.timedelta(days=5 * 365),
        )
    if STEPS.index(step) >= 4:
        election = services.election_approve_result(
            election=election, actor=approver, approved_on=today, reference="工发〔2025〕2号"
        )
    return election

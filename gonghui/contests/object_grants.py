"""竞赛 as grantable objects (accounts.ObjectGrant): the organising union gives people outside the union tree access
to one contest — a 市教育局 or 市卫健委 contact (合作单位联系人, the `partner` role: reads the contest) and their
experts (评委, the `judge` role: the judging part reads them as judges of its rounds, `outside_judges_of`). A grant
never runs past the contest's 结束日期 (the end of `closes_on`, local time) and every live one ends when the
contest is finished. `register_object_grants()` is called from `registrations/setup.py`."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.object_grants import GrantableKind, grantable_kinds
from gonghui.accounts.roles import JUDGE, PARTNER

from .models import Contest
from .permissions import can_organise

KIND = "contests.contest"


def contest_closes_at(contest: Contest) -> dt.datetime:
    """The last moment of the contest's 结束日期, local time: the latest expiry of a grant on it."""
    return timezone.make_aware(dt.datetime.combine(contest.closes_on, dt.time(23, 59, 59)))


def _contest_url(contest: Contest) -> str:
    return reverse("contests:detail", args=[contest.pk])


def register_object_grants() -> None:
    if KIND in grantable_kinds:
        return
    grantable_kinds.register(
        KIND,
        GrantableKind(
            model=KIND,
            label="竞赛",
            roles=(PARTNER, JUDGE),
            org_of=lambda contest: contest.org,
            can_grant=can_organise,
            object_url=_contest_url,
            order=60,
            latest_expiry=contest_closes_at,
        ),
    )

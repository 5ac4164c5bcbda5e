"""Test helpers of the quotas block: a set held by a union, allocated through the services."""

from typing import Any

from gonghui.accounts.models import User
from gonghui.orgs.models import Org
from gonghui.quotas.models import QuotaSet
from gonghui.quotas.services import quota_set_create


def make_set(
    *, org: Org, actor: User, total: int = 10, title: str = "优秀工会干部推荐名额", **extra: Any
) -> QuotaSet:
    return quota_set_create(org=org, title=title, total=total, actor=actor, **extra)

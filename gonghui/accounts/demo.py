"""Demo cadre accounts for every role at each level. The shared password is hashed once.

Also `demo_clock`, which the other apps' seeders use to write rows of a past day (2020's 公文 delivered in 2020, a
case numbered in the year it was submitted)."""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org

from .models import RoleGrant, User
from .roles import AUDITOR, JUDGE, REVIEWER, SYSADMIN, UNION_ADMIN, UNION_STAFF

DEMO_PASSWORD = "Gonghui2026"
ROOT_ACCOUNTS = [
    ("admin", "平台管理员", SYSADMIN),
    ("shi_admin", "市工会管理员", UNION_ADMIN),
    ("shi_ganshi", "市工会干事", UNION_STAFF),
    ("shi_shenhe", "市工会审核人", REVIEWER),
    ("shi_pingwei", "市级评委", JUDGE),
    ("shi_shenji", "市工会审计", AUDITOR),
]
FULL_ROLES = [
    ("sysadmin", "系统管理员", SYSADMIN),
    ("admin", "管理员", UNION_ADMIN),
    ("ganshi", "干事", UNION_STAFF),
    ("shenhe", "审核人", REVIEWER),
    ("shenji", "审计", AUDITOR),
    ("pingwei", "评委", JUDGE),
]
# One grassroots union carries every role too, so each level can be tried with each role.
FULL_ROLE_GRASSROOTS = "JFQ01"
GRASSROOTS_ROLES = [("admin", "管理员", UNION_ADMIN), ("ganshi", "干事", UNION_STAFF)]


@contextmanager
def demo_clock(moment: dt.datetime) -> Iterator[None]:
    """Run the services as if it were `moment` (a local time), the clock moving on from there: `timezone.now()`
    reads the shifted time, and with it `localdate()`, `auto_now`/`auto_now_add` fields and the numbering by
    year (`core.numbering`). Demo seeding only (one thread, the management command), never the product."""
    aware = timezone.make_aware(moment) if timezone.is_naive(moment) else moment
    real_now = timezone.now
    started = real_now()

    def shifted() -> dt.datetime:
        return aware + (real_now() - started)

    with mock.patch.object(timezone, "now", shifted):
        yield


def demo_accounts() -> list[tuple[str, str, str, str]]:
    """(username, name, role, org code) for every demo cadre."""
    rows = [(u, n, r, "JZJKWT") for u, n, r in ROOT_ACCOUNTS]
    for org in Org.objects.filter(level__in=[OrgLevel.COUNTY, OrgLevel.GRASSROOTS]).order_by("path"):
        full = org.level == OrgLevel.COUNTY or org.code == FULL_ROLE_GRASSROOTS
        roles = FULL_ROLES if full else GRASSROOTS_ROLES
        for suffix, title, role in roles:
            rows.append((f"{org.code.lower()}_{suffix}", f"{org.short_name}{title}", role, org.code))
    return rows


@transaction.atomic
def seed_accounts() -> str:
    rows = demo_accounts()
    password = make_password(DEMO_PASSWORD)
    existing = set(User.objects.filter(username__in=[r[0] for r in rows]).values_list("username", flat=True))
    User.objects.bulk_create(
        [User(username=u, name=n[:50], password=password) for u, n, _r, _o in rows if u not in existing]
    )
    users = dict(User.objects.filter(username__in=[r[0] for r in rows]).values_list("username", "pk"))
    orgs = dict(Org.objects.values_list("code", "pk"))
    RoleGrant.objects.bulk_create(
        [RoleGrant(user_id=users[u], role=r, org_id=orgs[o]) for u, _n, r, o in rows],
        ignore_conflicts=True,
    )
    return f"干部账号 {len(rows)} 个（本次新建 {len(rows) - len(existing)} 个），统一演示密码 {DEMO_PASSWORD}"

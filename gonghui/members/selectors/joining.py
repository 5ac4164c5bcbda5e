"""Reads of online joining: the public union search (only what a worker needs to choose), the console's application
lists, and the signed links of the applicant's pages."""

from typing import Any

from django.core import signing
from django.db.models import Q, QuerySet

from gonghui.accounts.actors import Actor
from gonghui.orgs.choices import OrgLevel, OrgStatus
from gonghui.orgs.models import Org

from ..choices import (
    JoinStatus,
)
from ..models import JoinApplication
from ..permissions import VIEW

# Unions a worker can apply to directly, and the county-level unions whose 联合工会 / 周转库 takes workers
# whose unit has no union yet.
UNIT_LEVELS = (OrgLevel.GRASSROOTS, OrgLevel.BRANCH)
POOL_LEVELS = (OrgLevel.COUNTY,)
RESUBMIT_SALT = "gonghui.members.join.resubmit"
RESUBMIT_MAX_AGE = 30 * 24 * 3600
SEARCH_LIMIT = 20


def join_org_search(*, query: str) -> list[Org]:
    """Public: unions a worker can apply to whose unit name, name or short name contains `query`.
    Only the columns the page shows are loaded (no contacts, no headcounts)."""
    text = query.strip()
    if not text:
        return []
    matches = Q(unit_name__icontains=text) | Q(name__icontains=text) | Q(short_name__icontains=text)
    return list(
        Org.objects.filter(matches, status=OrgStatus.ACTIVE, level__in=UNIT_LEVELS)
        .only("code", "name", "unit_name")
        .order_by("unit_name", "name")[:SEARCH_LIMIT]
    )


def join_pool_orgs() -> QuerySet[Org]:
    """Public: the county-level unions whose 联合工会 / 周转库 takes workers of units without a union."""
    return (
        Org.objects.filter(status=OrgStatus.ACTIVE, level__in=POOL_LEVELS)
        .only("code", "name", "unit_name")
        .order_by("path")
    )


def join_org_for_code(code: str) -> Org | None:
    """The union a worker chose (by its code), if it takes online applications."""
    return (
        Org.objects.filter(code=code, status=OrgStatus.ACTIVE, level__in=UNIT_LEVELS + POOL_LEVELS)
        .only("code", "name", "unit_name", "level", "path", "status")
        .first()
    )


def join_application_list_for_user(*, user: Actor, status: str = "") -> QuerySet[JoinApplication]:
    qs = JoinApplication.objects.visible_to(user, VIEW).select_related("org")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def join_application_get_for_user(*, user: Actor, public_id: Any, action: str = VIEW) -> JoinApplication:
    return JoinApplication.objects.select_related("org", "member", "reviewed_by").get_visible_or_404(
        user, VIEW, demand=action, public_id=public_id
    )


def join_pending_count(*, user: Actor, org: Any) -> int:
    qs = JoinApplication.objects.visible_to(user, VIEW).filter(status=JoinStatus.SUBMITTED)
    if org is not None:
        qs = qs.filter(org__path__startswith=org.path)
    return qs.count()


def join_reference(application: JoinApplication) -> str:
    """The 受理编号 shown on the receipt: the first eight characters of the public id."""
    return application.public_id.hex[:8].upper()


def join_resubmit_token(application: JoinApplication) -> str:
    return signing.TimestampSigner(salt=RESUBMIT_SALT).sign(application.public_id.hex)


def join_application_for_token(token: str) -> JoinApplication | None:
    """The application behind a resubmission link (signed, valid for 30 days), or None."""
    try:
        public_hex = signing.TimestampSigner(salt=RESUBMIT_SALT).unsign(token, max_age=RESUBMIT_MAX_AGE)
    except signing.BadSignature:
        return None
    return JoinApplication.objects.select_related("org").filter(public_id=public_hex).first()


def join_application_for_receipt(public_hex: str | None) -> JoinApplication | None:
    """The application whose receipt this browser session may see (the one it just submitted), or None."""
    if not public_hex:
        return None
    return JoinApplication.objects.select_related("org").filter(public_id=public_hex).first()

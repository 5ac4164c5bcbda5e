"""Reads of online joining: the public union search (only what a worker needs to choose), the console's application
lists, and the signed links of the applicant's pages."""

from typing import Any

from django.core import signing
from django.db.models import Q, QuerySet
from django.http import Http404

from gonghui.accounts.actors import Actor
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import MEMBER_LEVELS, union_for_code, union_search
from gonghui.orgs.selectors import POOL_LEVELS as ORG_POOL_LEVELS

from ..choices import (
    JoinStatus,
)
from ..models import JoinApplication
from ..permissions import VIEW

# Unions a worker can apply to directly, and the county-level unions whose 联合工会 / 周转库 takes workers
# whose unit has no union yet.
UNIT_LEVELS = MEMBER_LEVELS
POOL_LEVELS = ORG_POOL_LEVELS
RESUBMIT_SALT = "gonghui.members.join.resubmit"
RESUBMIT_MAX_AGE = 30 * 24 * 3600
SEARCH_LIMIT = 20


def join_org_search(*, query: str) -> list[Org]:
    """Public: the unions of units whose name, short name, unit name or an alias matches `query` — as typed, in
    pinyin or by initials (`orgs.selectors.union_search`); grassroots unions before branches. The county pool
    unions are not units: the page offers them after the results, for a unit without a union. Only the columns
    the page shows are loaded (no contacts, no headcounts)."""
    return union_search(query=query, levels=UNIT_LEVELS, limit=SEARCH_LIMIT)


def join_pool_orgs() -> QuerySet[Org]:
    """Public: the county-level unions whose 联合工会 / 周转库 takes workers of units without a union."""
    return (
        Org.objects.filter(status=OrgStatus.ACTIVE, level__in=POOL_LEVELS)
        .only("code", "name", "unit_name")
        .order_by("path")
    )


def join_org_for_code(code: str) -> Org | None:
    """The union a worker chose (by its code: a search result or the union's join link), if it takes online
    applications."""
    return union_for_code(code, levels=UNIT_LEVELS + POOL_LEVELS)


def join_poster_orgs_for_user(*, user: Actor, query: str = "") -> QuerySet[Org]:
    """Console: the unions in the user's scope that take online applications (each has a join link and poster)."""
    qs = Org.objects.visible_to(user, VIEW).filter(
        status=OrgStatus.ACTIVE, level__in=UNIT_LEVELS + POOL_LEVELS
    )
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(unit_name__icontains=query) | Q(code__iexact=query))
    return qs.only("code", "name", "unit_name", "level", "path").order_by("path")


def join_poster_org_for_user(*, user: Actor, code: str) -> Org:
    """Console: the union whose join link and poster the user opens — in the user's scope (else 404) and taking
    online applications (else 404: a city union has no join link of its own)."""
    org = join_poster_orgs_for_user(user=user).filter(code=code).first()
    if org is None:
        raise Http404
    return org


def join_link_qr_svg(link: str, *, scale: int) -> str:
    """The QR code of a union's join link as inline SVG (segno, offline), labelled for screen readers."""
    import segno

    return str(
        segno.make(link, error="m").svg_inline(scale=scale, border=2, title="入会二维码", svgclass="join-qr")
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

"""Reads of the member registry, scoped through `Member.objects.visible_to` / `get_visible_or_404`."""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import connection
from django.db.models import Case, Q, QuerySet, Value, When
from django.db.models.functions import Lower, Right
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor, AnonymousUser, Visitor
from gonghui.accounts.scoping import action_paths
from gonghui.codelists.lists import EDUCATION, ETHNICITY, POLITICAL_STATUS
from gonghui.codelists.models import CodeItem
from gonghui.core.models import TimelineEntry
from gonghui.core.timeline import timeline_for
from gonghui.orgs.models import Org
from gonghui.orgs.search import query_key

from ..choices import HOLDING_STATUSES
from ..models import Member, MembershipChange, MemberTag


@dataclass(frozen=True)
class AgeBand:
    key: str
    label: str
    low: int | None  # inclusive
    high: int | None  # exclusive


AGE_BANDS = (
    AgeBand("lt30", "30岁以下", None, 30),
    AgeBand("30-39", "30–39岁", 30, 40),
    AgeBand("40-49", "40–49岁", 40, 50),
    AgeBand("50plus", "50岁及以上", 50, None),
)

AGE_BAND_BY_KEY = {band.key: band for band in AGE_BANDS}
FILTER_KEYS = ("q", "org", "status", "employment", "job_category", "gender", "age", "tag")
_PINYIN = re.compile(r"^[a-z]+$")


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_band_q(key: str, *, today: dt.date | None = None) -> Q:
    """Members whose age today lies in the band: age ≥ n ⇔ born on or before today n years ago."""
    band = AGE_BAND_BY_KEY.get(key)
    if band is None:
        return Q()
    today = today or timezone.localdate()
    condition = Q()
    if band.low is not None:
        condition &= Q(birth_date__lte=_years_before(today, band.low))
    if band.high is not None:
        condition &= Q(birth_date__gt=_years_before(today, band.high))
    return condition


# How the member search stays indexable on PostgreSQL. Each branch of the OR must be answerable from an index, or
# the planner gives up on a BitmapOr and reads the whole table (twice a page: COUNT and rows):
#   姓名 exact or prefix   name LIKE '张%'            btree text_pattern_ops (member_name_prefix)
#   拼音 / 首字母 prefix    name_pinyin LIKE 'zhang%'  btree text_pattern_ops (member_pinyin_prefix, _initials_prefix)
#   手机号 (all 11 digits)  phone = '139…'             btree (members_mem_phone_…)
#   证件号后4位             right(id_number_masked, 4) = '002X'   expression index (member_id_suffix, if present)
# A substring of the name (name LIKE '%三%') has no usable index. pg_trgm does not help: under the cluster's C.UTF-8
# locale `show_trgm('张三')` gives 3 trigrams ("  张", " 张三", "张三 ", hashed) and `show_trgm('张三丰')` 4, but a
# LIKE pattern yields trigrams only from 3 consecutive characters inside it, so '%三%' and '%张三%' (the searches
# people type against 2–3 character names) extract none and a GIN index is not used (seq scan, measured on 100,000
# rows); under a plain C locale CJK characters are not word characters at all and `show_trgm('张三')` is {}. So the
# substring branch is added only when the searched scope holds at most NAME_SUBSTRING_SCOPE_LIMIT members, where
# reading the scope's rows through the org index is cheap. Measured on PostgreSQL 15, 100,000 members, 2 loaded
# cores: a county scope of 5,355 members costs 8–14 ms per query (COUNT, then the page) when each union's members
# lie together in the table (as a roster import writes them) and 40–64 ms when they are scattered (the planner
# then prefers a seq scan of the whole table); the prefix branches cost 1–2 ms at any scope. 3,000 keeps the
# substring search of a large grassroots union or a small county under ~5 ms per query in the usual layout.
NAME_SUBSTRING_SCOPE_LIMIT = 3_000
_ID_SUFFIX = re.compile(r"^[0-9]{3}[0-9X]$")


def id_suffix(masked: Any = "id_number_masked") -> Right:
    """The last four characters of the masked ID number (the part a cadre may search by); the expression of the
    `member_id_suffix` index."""
    return Right(masked, 4)


# Above every character: `prefix + _TOP` is above every string that starts with `prefix` (in code-point order).
_TOP = "\U0010ffff"


def prefix_q(field: str, prefix: str) -> Q:
    """`field` starts with `prefix` (case-sensitive), in a form the field's index serves on both backends. Django
    writes `startswith` as `LIKE 'x%'`: PostgreSQL answers that from a text_pattern_ops index, but SQLite's LIKE is
    case-insensitive and so never uses a plain (BINARY) index — the member search read every member of the scope
    (36 ms at 30,000 members, growing with the table). On SQLite the range `prefix ≤ field < prefix + U+10FFFF`
    (byte order = code-point order there) is added, which the index answers; the LIKE stays for exactness. Not on
    PostgreSQL: its `<` follows the cluster's collation (zh_CN.UTF-8 in production), where that range is not the
    prefix's."""
    starts = Q(**{f"{field}__startswith": prefix})
    if connection.vendor != "sqlite":
        return starts
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + _TOP}) & starts


def search_q(query: str, *, name_substring: bool = True) -> Q:
    """Name (a prefix, or anywhere in it when `name_substring`), its pinyin or initials (`zs`, `zhangsan`), a full
    mobile number, or the last four characters of the ID number. Other apps search their own small candidate sets
    with the default; the member list passes `name_substring=False` over a large scope (see above)."""
    query = query.strip()
    condition = Q(name__icontains=query) if name_substring else prefix_q("name", query)
    lowered = query.lower().replace(" ", "")
    if _PINYIN.match(lowered):
        condition |= prefix_q("name_pinyin", lowered) | prefix_q("name_initials", lowered)
    if query.isdigit() and len(query) == 11:
        condition |= Q(phone=query)
    if _ID_SUFFIX.match(query.upper()):
        condition |= Q(Exact(id_suffix(), query.upper()))
    return condition


def _name_substring_possible(query: str) -> bool:
    """Could a substring of a name add matches? Not for digits (phone, ID suffix): names hold none."""
    query = query.strip()
    return bool(query) and not query.isdigit()


def scope_is_small(members: QuerySet[Member]) -> bool:
    """At most NAME_SUBSTRING_SCOPE_LIMIT members (counted up to the limit + 1: the cost is bounded whatever the
    scope)."""
    limit = NAME_SUBSTRING_SCOPE_LIMIT
    return members.order_by()[: limit + 1].count() <= limit


def _member_scope(*, user: Visitor, action: str, within: Any, org_code: str) -> QuerySet[Member]:
    """The members searched: those the user may see (for `action`), within `within` and the 所属工会 filter."""
    qs = Member.objects.visible_to(user, action)
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    if org_code:
        path = Org.objects.filter(code=org_code.strip().upper()).values_list("path", flat=True).first()
        qs = qs.filter(org__path__startswith=path) if path else qs.none()
    return qs


def member_list_for_user(
    *,
    user: Visitor,
    query: str = "",
    status: str = "",
    within: Any = None,
    org_code: str = "",
    employment: str = "",
    job_category: str = "",
    gender: str = "",
    age_band: str = "",
    tag: str = "",
    action: str = "members.view",
    today: dt.date | None = None,
    name_substring: bool = True,
) -> QuerySet[Member]:
    """The members the user may see (for `action`), filtered; each filter is ignored when blank. The search
    matches inside names too unless `name_substring` is off (see `search_q`)."""
    qs = _member_scope(user=user, action=action, within=within, org_code=org_code).select_related("org")
    return _filtered(
        qs,
        query=query,
        name_substring=name_substring,
        status=status,
        employment=employment,
        job_category=job_category,
        gender=gender,
        age_band=age_band,
        tag=tag,
        today=today,
    )


def _filtered(
    qs: QuerySet[Member],
    *,
    query: str,
    name_substring: bool,
    status: str,
    employment: str,
    job_category: str,
    gender: str,
    age_band: str,
    tag: str,
    today: dt.date | None,
) -> QuerySet[Member]:
    if query.strip():
        qs = qs.filter(search_q(query, name_substring=name_substring))
    if status:
        qs = qs.filter(status=status)
    if employment:
        qs = qs.filter(employment=employment)
    if job_category:
        qs = qs.filter(job_category=job_category)
    if gender:
        qs = qs.filter(gender=gender)
    if age_band:
        qs = qs.filter(age_band_q(age_band, today=today))
    if tag:
        qs = qs.filter(tags__pk=int(tag)) if tag.isdigit() else qs.filter(tags__name=tag)
    return qs.order_by("org__path", "name", "id")


def member_rows_sorted_after_matching(members: QuerySet[Member]) -> QuerySet[Member]:
    """The same rows in the same order (org, name, id), for a list known to be small (≤ the capped count):
    ordered by lower(path) — the same order, tree paths being [0-9A-Z] — which no index provides, so PostgreSQL
    collects the matches through the search's indexes and sorts them (≈ 2 ms for 1,000 matches of 100,000),
    instead of walking the org-path index in order and filtering each union's members until 25 match, which is
    what it chooses for `ORDER BY path … LIMIT 25` and what takes 18 ms for the same search, and grows without
    bound as matches get rarer (measured on PostgreSQL 15). Large lists keep the walk: their matches are dense."""
    return members.order_by(Lower("org__path"), "name", "id")


@dataclass(frozen=True)
class MemberSearch:
    """The member list's rows, and whether the search left out matches inside names because the scope is over
    NAME_SUBSTRING_SCOPE_LIMIT (the page says so)."""

    members: QuerySet[Member]
    name_substring_skipped: bool


def member_search_from_params(*, user: Actor, params: Any, action: str = "members.view") -> MemberSearch:
    """The list for the query-string filters of the member list page (and its exports, which list the same rows):
    the search matches inside names only when the scope (the user's, narrowed by 所属工会) is small."""

    def param(key: str) -> str:
        return str(params.get(key, "") or "")

    query = param("q")
    scope = _member_scope(user=user, action=action, within=None, org_code=param("org"))
    substring = _name_substring_possible(query) and scope_is_small(scope)
    members = _filtered(
        scope.select_related("org"),
        query=query,
        name_substring=substring,
        status=param("status"),
        employment=param("employment"),
        job_category=param("job_category"),
        gender=param("gender"),
        age_band=param("age"),
        tag=param("tag"),
        today=None,
    )
    return MemberSearch(
        members=members, name_substring_skipped=_name_substring_possible(query) and not substring
    )


def member_list_from_params(*, user: Actor, params: Any, action: str = "members.view") -> QuerySet[Member]:
    """The rows of the member list page for these query-string filters (the exports)."""
    return member_search_from_params(user=user, params=params, action=action).members


def member_list_page_for_user(*, user: Actor, params: Any) -> MemberSearch:
    """The member list page's rows: the filtered list with each member's tags loaded in one more query."""
    found = member_search_from_params(user=user, params=params)
    return MemberSearch(
        members=found.members.prefetch_related("tags"), name_substring_skipped=found.name_substring_skipped
    )


def member_filter_orgs(*, user: Actor) -> QuerySet[Org]:
    """Orgs offered in the list's 所属工会 filter: the user's subtrees."""
    return Org.objects.visible_to(user, "members.view").only("code", "name", "depth", "path").order_by("path")


# The member list's 所属工会 choice offers at most this many unions at once: the top of the user's subtrees and the
# unions right under them, or those a 查找工会 query matches. A county's 2,000 grassroots unions as <option>s made
# the list page 20× slower than the rows it shows (~400 ms of template rendering at any member count).
FILTER_ORG_OPTIONS = 60


@dataclass(frozen=True)
class OrgOption:
    code: str
    name: str
    indent: str  # one ideographic space per level under the highest union offered


@dataclass(frozen=True)
class OrgOptions:
    """The unions offered in the member list's 所属工会 choice, in tree order, and whether more would match (the
    page then asks for a name to look up)."""

    orgs: list[OrgOption]
    more: bool


def member_list_org_options(*, user: Actor, chosen: str = "", query: str = "") -> OrgOptions:
    """所属工会 options of the member list, in one query whatever the tree's size: the unions whose name (as typed,
    in pinyin or by initials: `Org.search_text`) matches `query`, or without one the user's top unions and their
    direct children; the chosen union (by code) always among them; at most FILTER_ORG_OPTIONS."""
    key = query_key(query) if query.strip() else ""
    if key:
        shown = Q(search_text__contains=key)
    else:
        tops = action_paths(user, "members.view")
        shown = Q(depth__lte=2) if not tops else Q(path__in=tops)
        for path in tops:
            shown |= Q(path__startswith=path, depth=len(path) // Org.steplen + 1)
    chosen = chosen.strip().upper()
    if chosen:
        shown |= Q(code=chosen)
    rows = list(
        Org.objects.visible_to(user, "members.view")
        .filter(shown)
        .only("code", "name", "depth", "path")
        .order_by(Case(When(code=chosen, then=Value(0)), default=Value(1)), "path")[: FILTER_ORG_OPTIONS + 1]
    )
    shown_rows = sorted(rows[:FILTER_ORG_OPTIONS], key=lambda o: o.path)
    top = min((o.depth for o in shown_rows), default=1)
    return OrgOptions(
        orgs=[OrgOption(code=o.code, name=o.name, indent="\u3000" * (o.depth - top)) for o in shown_rows],
        more=len(rows) > FILTER_ORG_OPTIONS,
    )


def member_tags() -> QuerySet[MemberTag]:
    return MemberTag.objects.all()


def member_get_for_user(*, user: Actor, public_id: Any, action: str = "members.view") -> Member:
    return Member.objects.select_related("org", "user").get_visible_or_404(
        user, "members.view", demand=action, public_id=public_id
    )


def member_code_names(member: Member) -> dict[str, str]:
    """Names of the member's code-list values (民族, 学历, 政治面貌) in one query; an unknown code shows as is."""
    wanted = {
        ETHNICITY: member.ethnicity,
        EDUCATION: member.education,
        POLITICAL_STATUS: member.political_status,
    }
    condition = Q(pk__in=[])
    for list_key, code in wanted.items():
        if code:
            condition |= Q(list_key=list_key, code=code)
    names = {
        (i.list_key, i.code): i.name
        for i in CodeItem.objects.filter(condition).only("list_key", "code", "name")
    }
    return {
        "ethnicity": names.get((ETHNICITY, member.ethnicity), member.ethnicity),
        "education": names.get((EDUCATION, member.education), member.education),
        "political_status": names.get((POLITICAL_STATUS, member.political_status), member.political_status),
    }


def code_tables(*list_keys: str) -> dict[str, dict[str, str]]:
    """{list key: {code: name}} for whole code lists, in one query (exports)."""
    tables: dict[str, dict[str, str]] = {key: {} for key in list_keys}
    for list_key, code, name in CodeItem.objects.filter(list_key__in=list_keys).values_list(
        "list_key", "code", "name"
    ):
        tables[list_key][code] = name
    return tables


def member_changes(member: Member) -> QuerySet[MembershipChange]:
    """会籍变动 rows of the member, oldest first, with orgs and actors."""
    return member.changes.select_related("from_org", "to_org", "actor").order_by("happened_on", "id")


def member_timeline(member: Member) -> QuerySet[TimelineEntry]:
    return timeline_for(member)


def member_count_holding(*, org: Any) -> int:
    """Members holding membership in the org's subtree."""
    return Member.objects.filter(org__path__startswith=org.path, status__in=HOLDING_STATUSES).count()


def member_counts_holding(orgs: Any) -> dict[int, int]:
    """Members holding membership in each union's subtree ({org_id: n}): 会员人数, the weights of quotas' 按比例分配."""
    return {org.pk: member_count_holding(org=org) for org in orgs}


def org_deactivation_refusal(org: Any) -> str:
    """Registered as an org-deactivation guard (`core.registry.org_deactivation_guards`): an org whose subtree
    still holds members cannot be deactivated."""
    held = member_count_holding(org=org)
    if not held:
        return ""
    return _("该组织还有 %(n)d 名在籍会员，请先办理会员转出后再停用") % {"n": held}


# The member record `portal_view` loaded for this request's user, kept on that user object: the portal home's cards,
# figures and 我的办理 sources each ask `member_for_user` again within the same request.
PORTAL_MEMBER_ATTR = "_gonghui_portal_member"


def member_for_user(user: Visitor) -> Member | None:
    """The member record behind a logged-in member (portal); inside a portal page, the one `portal_view` loaded."""
    if isinstance(user, AnonymousUser):
        return None
    known = getattr(user, PORTAL_MEMBER_ATTR, None)
    if known is not None:
        return known  # type: ignore[no-any-return]
    return Member.objects.select_related("org").filter(user=user).first()


def portal_member_remember(user: Visitor, member: Member) -> None:
    """Keep the member record a portal page loaded on this request's user, for its later `member_for_user`."""
    setattr(user, PORTAL_MEMBER_ATTR, member)


def _activated_q(prefix: str = "user__") -> Q:
    """A portal account the member has activated: it exists and has a usable password (an account made for a
    member — by an import, an approval or a cadre — has none until the member sets one by SMS code)."""
    return Q(**{f"{prefix}isnull": False}) & ~Q(**{f"{prefix}password__startswith": UNUSABLE_PASSWORD_PREFIX})


def member_is_activated(member: Member) -> bool:
    """会员端账号 已开通: the member has set a password on their portal account."""
    return member.user is not None and member.user.has_usable_password()


def member_activation_pending(member: Member) -> bool:
    """Whether 发送开通短信 applies: a member holding membership, with a phone, who has not activated an account."""
    return member.status in HOLDING_STATUSES and bool(member.phone) and not member_is_activated(member)


def org_has_members(org: Any) -> bool:
    """First step 导入会员名册: members hold membership somewhere in the org's subtree."""
    return Member.objects.filter(org__path__startswith=org.path, status__in=HOLDING_STATUSES).exists()


def org_has_activated_members(org: Any) -> bool:
    """First step 邀请会员开通会员端: at least one member of the org's subtree has activated a portal account."""
    return (
        Member.objects.filter(org__path__startswith=org.path, status__in=HOLDING_STATUSES)
        .filter(_activated_q())
        .exists()
    )

"""Reads for the org tree, always scoped through `Org.objects.visible_to` / `get_visible_or_404`."""

import re
import unicodedata
from difflib import SequenceMatcher
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.http import Http404
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import action_paths, has_action

from .choices import LEVEL_RANK, SUPERVISOR_LEVELS, CommitteeKind, FoundingStatus, OrgLevel, OrgStatus
from .models import Committee, CoveredUnit, Department, Org, ProtectionChecklist, UnionFounding
from .permissions import MANAGE
from .search import SEPARATOR, query_key
from .validators import normalize_credit_code

VIEW = "orgs.view"


def org_list_for_user(
    *,
    user: Actor,
    action: str = "orgs.view",
    query: str = "",
    level: str = "",
    status: str = "",
    within: Org | None = None,
) -> QuerySet[Org]:
    qs = Org.objects.visible_to(user, action)
    if within is not None:
        qs = qs.filter(path__startswith=within.path)
    if query:
        qs = qs.filter(
            Q(name__icontains=query)
            | Q(short_name__icontains=query)
            | Q(unit_name__icontains=query)
            | Q(code__iexact=query)
        )
    if level:
        qs = qs.filter(level=level)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("path")


def org_roots_for_user(*, user: Actor, action: str = "orgs.view") -> QuerySet[Org]:
    """The top orgs of the user's subtrees (where the tree browser starts)."""
    return Org.objects.filter(path__in=action_paths(user, action)).order_by("path")


def org_statistics_root_for_user(
    *, user: Actor, action: str, code: str = "", current: Org | None = None
) -> Org:
    """The union whose subtree a statistics page counts: `code` (the drill-down: a union where the user holds
    `action`, else 404), otherwise the current workspace union if the user holds `action` there, otherwise the
    user's first top union (403 when there is none)."""
    if code:
        root = Org.objects.visible_to(user, action).filter(code=code).first()
        if root is None:
            raise Http404
        return root
    if current is not None and has_action(user, action, current):
        return current
    top = org_roots_for_user(user=user, action=action).first()
    if top is None:
        raise PermissionDenied
    return top


def org_children_for_user(*, user: Actor, org: Org) -> QuerySet[Org]:
    return (
        Org.objects.visible_to(user, VIEW)
        .filter(path__startswith=org.path, depth=org.depth + 1)
        .order_by("path")
    )


def org_get_for_user(*, user: Actor, code: str, action: str = "orgs.view") -> Org:
    return Org.objects.get_visible_or_404(user, VIEW, demand=action, code=code)


def org_ancestors(org: Org) -> list[Org]:
    """Breadcrumb ancestors, root first, in one query."""
    steplen = Org.steplen
    paths = [org.path[:i] for i in range(steplen, len(org.path), steplen)]
    return list(Org.objects.filter(path__in=paths).order_by("depth"))


def org_breadcrumbs(*, user: Actor, org: Org, include_self: bool = False) -> list[Org]:
    """Breadcrumb ancestors (and the org itself when asked), root first, in one query. Each carries `linkable`:
    whether the user may open it — an ancestor above the user's own unions is shown by name, not linked."""
    steplen = Org.steplen
    end = len(org.path) + (steplen if include_self else 0)
    paths = [org.path[:i] for i in range(steplen, end, steplen)]
    return list(
        Org.objects.filter(path__in=paths)
        .annotate(
            linkable=Case(
                When(pk__in=Org.objects.visible_to(user, VIEW).values("pk"), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("depth")
    )


def org_move_targets(*, user: Actor, org: Org) -> QuerySet[Org]:
    """Active orgs the user manages, not in the org's own subtree, at a higher level."""
    higher = [level for level, rank in LEVEL_RANK.items() if rank < LEVEL_RANK[org.level]]  # type: ignore[index]
    qs = (
        Org.objects.visible_to(user, MANAGE)
        .filter(status=OrgStatus.ACTIVE, level__in=higher)
        .exclude(path__startswith=org.path)
    )
    parent = Org.objects.get_parent(org)
    if parent is not None:
        qs = qs.exclude(pk=parent.pk)
    return qs.order_by("path")


def department_get_for_user(*, user: Actor, org: Org, pk: int) -> Department:
    return Department.objects.select_related("org").get_visible_or_404(
        user, VIEW, demand=MANAGE, org=org, pk=pk
    )


def org_parent_codes(orgs: list[Org]) -> dict[int, str | None]:
    """{org pk: its parent's code} for a page of orgs, in one query."""
    steplen = Org.steplen
    parent_paths = {o.path[:-steplen] for o in orgs if o.depth > 1}
    codes = dict(Org.objects.filter(path__in=parent_paths).values_list("path", "code"))
    return {o.pk: codes.get(o.path[:-steplen]) if o.depth > 1 else None for o in orgs}


# ---- 建会: the register of units, read through UnionFounding.objects.visible_to --------------------------------


def founding_list_for_user(
    *,
    user: Actor,
    status: str = "",
    is_private: bool | None = None,
    unit_category: str = "",
    query: str = "",
    within: Org | None = None,
) -> QuerySet[UnionFounding]:
    qs = UnionFounding.objects.visible_to(user, VIEW).select_related("org", "founded_org")
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    if status:
        qs = qs.filter(status=status)
    if is_private is not None:
        qs = qs.filter(is_private=is_private)
    if unit_category:
        qs = qs.filter(unit_category=unit_category)
    if query:
        qs = qs.filter(
            Q(unit_name__icontains=query)
            | Q(credit_code__iexact=normalize_credit_code(query))
            | Q(contact_name__icontains=query)
        )
    return qs.order_by("org__path", "unit_name", "id")


# 未建会单位 (glossary): registered units (UnionFounding rows) whose 建会 status is not yet 已建会 (已建会 and the
# 三委已组建 and 信息完善 after it count as founded), in an org's subtree. The home counter and the dashboards both count these.
FOUNDED_STATUSES = (FoundingStatus.FOUNDED, FoundingStatus.COMMITTEES_FORMED, FoundingStatus.COMPLETE)


def unfounded_units(*, within: Org, user: Actor | None = None) -> QuerySet[UnionFounding]:
    """未建会单位 in `within`'s subtree; with `user`, only the units the user may see (orgs.view)."""
    qs = UnionFounding.objects.visible_to(user, VIEW) if user is not None else UnionFounding.objects.all()
    return qs.filter(org__path__startswith=within.path).exclude(status__in=FOUNDED_STATUSES)


UNFOUNDED_STATUSES = tuple(s for s in FoundingStatus if s not in FOUNDED_STATUSES)


def unfounded_units_by_status(*, within: Org, user: Actor | None = None) -> list[tuple[str, str, int]]:
    """未建会单位 per 建会 status, in one query: (status, label, units) for every status that counts as unfounded
    (未建会, 已申请, 未通过 … 筹备会员大会), in the order of the flow, zeros included. Their sum is
    `unfounded_units(...).count()`."""
    counts = founding_status_counts(unfounded_units(within=within, user=user))
    return [(str(s.value), str(s.label), counts[s.value]) for s in UNFOUNDED_STATUSES]


def founding_status_counts(queryset: QuerySet[UnionFounding]) -> dict[str, int]:
    """{status: number of units} for the (filtered) register, in one query, every status present."""
    counts = {str(s): 0 for s in FoundingStatus}
    for row in queryset.order_by().values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts


def founding_get_for_user(*, user: Actor, public_id: Any, action: str = VIEW) -> UnionFounding:
    return UnionFounding.objects.select_related("org", "founded_org").get_visible_or_404(
        user, VIEW, demand=action, public_id=public_id
    )


def founding_of_union(org: Org) -> UnionFounding | None:
    """The registration a union was founded from (建会), if any (the org was read for the user already)."""
    return UnionFounding.objects.filter(founded_org=org).only("public_id", "status").first()


def founding_supervisors_for_user(*, user: Actor) -> QuerySet[Org]:
    """Active city and county unions the user manages: where a unit may be registered."""
    return (
        Org.objects.visible_to(user, MANAGE)
        .filter(status=OrgStatus.ACTIVE, level__in=SUPERVISOR_LEVELS)
        .order_by("path")
    )


# ---- 联合基层工会: the units a joint union covers ------------------------------------------------------------


def covered_units_of(org: Org) -> QuerySet[CoveredUnit]:
    """The units a 联合基层工会 covers (the org was read for the user already)."""
    return org.covered_units.order_by("name", "id")


def covered_unit_get_for_user(*, user: Actor, org: Org, pk: int) -> CoveredUnit:
    return CoveredUnit.objects.select_related("org").get_visible_or_404(
        user, VIEW, demand=MANAGE, org=org, pk=pk
    )


# ---- 三委: a union's committees (their seats are read in members.selectors.committee_seats) ---------------------


def _with_union_term(committee: Committee, org: Org) -> Committee:
    """The current 工会委员会 reads its term from the union (it is never stored on the committee); set in memory
    only, so a page shows every committee's term the same way."""
    if committee.kind == CommitteeKind.UNION and committee.is_current:
        committee.term_started_on, committee.term_ends_on = org.term_started_on, org.term_ends_on
    return committee


def committees_of(org: Org) -> list[Committee]:
    """The union's current committees in the order 工会委员会, 经费审查委员会, 女职工委员会 (the org was read for the
    user already)."""
    order = {kind.value: i for i, kind in enumerate(CommitteeKind)}
    rows = sorted(Committee.objects.filter(org=org, is_current=True), key=lambda c: order[c.kind])
    return [_with_union_term(c, org) for c in rows]


def committee_history_of(org: Org) -> list[Committee]:
    """The union's earlier committees (换届 keeps them), newest term first."""
    return list(
        Committee.objects.filter(org=org, is_current=False).order_by("kind", "-term_started_on", "-id")
    )


def committees_missing(org: Org) -> list[CommitteeKind]:
    """The kinds of committee the union has no current one of, in the order of `CommitteeKind`."""
    present = set(Committee.objects.filter(org=org, is_current=True).values_list("kind", flat=True))
    return [kind for kind in CommitteeKind if kind.value not in present]


def committee_get_for_user(*, user: Actor, org: Org, pk: int, action: str = VIEW) -> Committee:
    """One committee of `org` the user may see (`action` demanded on top: 403 when only viewing is allowed)."""
    committee = Committee.objects.select_related("org").get_visible_or_404(
        user, VIEW, demand=action, org=org, pk=pk
    )
    return _with_union_term(committee, committee.org)


# ---- duplicate orgs: at creation and at import ------------------------------------------------------------

# Name endings that do not tell two unions apart ("某小学工会委员会" is "某小学工会"), longest first.
NAME_SUFFIXES = ("工会委员会", "委员会", "工会")
SIMILAR_NAME_RATIO = 0.9


def org_name_key(name: str) -> str:
    """A union's name reduced for comparison: full-width characters half-width (NFKC), no spaces, no
    工会/委员会 ending."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))
    for suffix in NAME_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


def names_similar(a: str, b: str) -> bool:
    """Near-identical union names: equal once reduced by `org_name_key`, or a difflib ratio ≥ 0.9."""
    key_a, key_b = org_name_key(a), org_name_key(b)
    if not key_a or not key_b:
        return False
    return key_a == key_b or SequenceMatcher(None, key_a, key_b).ratio() >= SIMILAR_NAME_RATIO


def _shown(user: Actor | None, org: Org) -> str:
    """The existing org as a message names it: its name, and its code when the user may open it."""
    if user is not None and has_action(user, VIEW, org):
        return f"{org.name}（{org.code}）"
    return org.name


def org_with_credit_code(*, credit_code: str, exclude_pk: int | None = None) -> Org | None:
    """The org already holding this 统一社会信用代码, anywhere in the tree (the code is unique nationally)."""
    code = normalize_credit_code(credit_code)
    if not code:
        return None
    qs = Org.objects.filter(credit_code=code)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.order_by("path").first()


def credit_code_taken_message(*, user: Actor | None, org: Org) -> str:
    """Names the existing org; only its name when the user cannot see it."""
    return _("已有同一统一社会信用代码的工会：%(org)s") % {"org": _shown(user, org)}


def similar_sibling_names(*, parent: Org, name: str, exclude_pk: int | None = None) -> list[Org]:
    """Orgs directly under `parent` whose names are near-identical to `name` (see `names_similar`)."""
    siblings = Org.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
    if exclude_pk is not None:
        siblings = siblings.exclude(pk=exclude_pk)
    return [
        o for o in siblings.only("pk", "name", "code", "path").order_by("path") if names_similar(o.name, name)
    ]


def similar_name_message(*, user: Actor | None, orgs: list[Org]) -> str:
    return _("同一上级组织下已有名称相近的工会：%(orgs)s，请核对是否重复") % {
        "orgs": "、".join(_shown(user, o) for o in orgs)
    }


# ---- the public union search (网上入会, 转会) ----------------------------------------------------------------

# Unions a worker joins directly, and the county unions whose 联合工会 / 周转库 takes workers of units without one.
MEMBER_LEVELS = (OrgLevel.GRASSROOTS, OrgLevel.BRANCH)
POOL_LEVELS = (OrgLevel.COUNTY,)
UNION_SEARCH_LIMIT = 20


def union_search(
    *,
    query: str,
    levels: tuple[str, ...] = MEMBER_LEVELS + POOL_LEVELS,
    exclude_pk: int | None = None,
    limit: int = UNION_SEARCH_LIMIT,
) -> list[Org]:
    """Public: active unions of `levels` whose name, short name, unit name or an alias matches `query` — as typed,
    in full pinyin or by initials (`Org.search_text`, orgs/search.py) — in one query. Grassroots unions come
    before branches and the county pool unions; within a level, a whole-name match before a name that starts
    with the query before any other, then in tree order. Only the columns a chooser shows are loaded."""
    key = query_key(query)
    if not key:
        return []
    qs = Org.objects.filter(search_text__contains=key, status=OrgStatus.ACTIVE, level__in=levels)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    level_rank = Case(
        When(level=OrgLevel.GRASSROOTS, then=Value(0)),
        When(level=OrgLevel.BRANCH, then=Value(1)),
        default=Value(2),
    )
    match_rank = Case(
        When(search_text__contains=f"{SEPARATOR}{key}{SEPARATOR}", then=Value(0)),
        When(search_text__contains=f"{SEPARATOR}{key}", then=Value(1)),
        default=Value(2),
    )
    return list(
        qs.annotate(level_rank=level_rank, match_rank=match_rank)
        .only("pk", "code", "name", "short_name", "unit_name", "level", "aliases")
        .order_by("level_rank", "match_rank", "path")[:limit]
    )


def union_for_code(code: str, *, levels: tuple[str, ...] = MEMBER_LEVELS + POOL_LEVELS) -> Org | None:
    """Public: the active union of `levels` with this code (a chooser's pick, a join link), or None."""
    if not code:
        return None
    return (
        Org.objects.filter(code=code.strip().upper(), status=OrgStatus.ACTIVE, level__in=levels)
        .only("pk", "code", "name", "short_name", "unit_name", "level", "path", "status")
        .first()
    )


# ---- 女职工特殊保护检查表 ---------------------------------------------------------------------------------------

PROTECTION_YEARS_SHOWN = (
    5  # the list page offers this year and the four before it, plus any older filled year
)


def protection_checklists_of(org: Org) -> dict[int, ProtectionChecklist]:
    """The union's checklists by year."""
    return {c.year: c for c in ProtectionChecklist.objects.filter(org=org).select_related("filled_by")}


def protection_checklist_of(org: Org, year: int) -> ProtectionChecklist | None:
    return ProtectionChecklist.objects.filter(org=org, year=year).first()


def protection_year_rows(org: Org, this_year: int) -> list[tuple[int, ProtectionChecklist | None]]:
    """(year, its checklist or None), newest first: the recent years and every older year that was filled."""
    filled = protection_checklists_of(org)
    years = sorted({*range(this_year - PROTECTION_YEARS_SHOWN + 1, this_year + 1), *filled}, reverse=True)
    return [(year, filled.get(year)) for year in years if year <= this_year]


def protection_checklists_within(root: Org, year: int) -> QuerySet[ProtectionChecklist]:
    """The checklists of `year` of the active 基层工会 in the subtree under `root` (the statistics read these)."""
    return ProtectionChecklist.objects.filter(
        org__path__startswith=root.path,
        org__level=OrgLevel.GRASSROOTS,
        org__status=OrgStatus.ACTIVE,
        year=year,
    )

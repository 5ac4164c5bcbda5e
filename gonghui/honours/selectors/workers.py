"""Reads of the 劳模/工匠 registry (part `workers`): the registry of the user's subtrees with its filters, one
worker's cares, visits, actions and studios, the roster members flagged 劳模 with no registry title (待登记), the
members a cadre may register, the budget lines a 慰问金 may be paid from, and the 助力脱贫攻坚 actions with counts
per kind."""

from collections.abc import Mapping
from typing import Any, TypedDict

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from gonghui.ledger.models import BudgetLine
from gonghui.members.models import Member
from gonghui.members.selectors.registry import search_q
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Org

from ..choices import PovertyActionKind, WorkerKind, WorkerLevel, WorkerStatus
from ..models import InnovationStudio, ModelWorker, PovertyAction, WorkerCare
from ..permissions import MANAGE, VIEW

CANDIDATES_SHOWN = 20


class WorkerFilters(TypedDict, total=False):
    q: str
    level: str
    kind: str
    status: str
    year: int | None


class ActionFilters(TypedDict, total=False):
    q: str
    kind: str
    year: int | None
    who: str  # "worker" | "collective" | ""


def worker_list_for_user(user: Any, filters: WorkerFilters | None = None) -> QuerySet[ModelWorker]:
    filters = filters or {}
    workers = ModelWorker.objects.visible_to(user, VIEW).select_related("org", "member")
    if text := (filters.get("q") or "").strip():
        workers = workers.filter(
            Q(name__icontains=text) | Q(title__icontains=text) | Q(unit_name__icontains=text)
        )
    for field in ("level", "kind", "status"):
        if value := filters.get(field):
            workers = workers.filter(**{field: value})
    if year := filters.get("year"):
        workers = workers.filter(year=year)
    rank = Case(
        *(When(level=level, then=Value(position)) for position, level in enumerate(WorkerLevel.values)),
        output_field=IntegerField(),
    )
    return workers.order_by(rank, "-year", "name", "pk")  # 全国, 省部级, 市级; the newest first


def worker_visible_or_404(user: Any, worker_id: int, *, demand: str | None = None) -> ModelWorker:
    return ModelWorker.objects.select_related("org", "member", "created_by").get_visible_or_404(
        user, VIEW, demand=demand, pk=worker_id
    )


def active_workers_for(user: Any) -> QuerySet[ModelWorker]:
    """The titles the user may read that are not 撤销称号 (for the studio application's leader, say)."""
    return (
        ModelWorker.objects.visible_to(user, VIEW)
        .exclude(status=WorkerStatus.REVOKED)
        .select_related("org", "member")
        .order_by("name", "-year", "pk")
    )


def worker_years(user: Any) -> list[int]:
    return list(
        ModelWorker.objects.visible_to(user, VIEW).order_by("-year").values_list("year", flat=True).distinct()
    )


def worker_cares(worker: ModelWorker) -> QuerySet[WorkerCare]:
    return (
        WorkerCare.objects.filter(worker=worker).select_related("created_by").order_by("-happened_on", "-pk")
    )


def worker_actions(worker: ModelWorker) -> QuerySet[PovertyAction]:
    return PovertyAction.objects.filter(worker=worker).order_by("-started_on", "-pk")


def worker_studios(worker: ModelWorker) -> QuerySet[InnovationStudio]:
    """The 创新工作室 the worker leads (`InnovationStudio.leader`)."""
    return InnovationStudio.objects.filter(leader=worker).select_related("org").order_by("-pk")


def other_titles(worker: ModelWorker) -> QuerySet[ModelWorker]:
    """The member's other registry titles (one row per title)."""
    if worker.member_id is None:
        return ModelWorker.objects.none()
    return (
        ModelWorker.objects.filter(member_id=worker.member_id).exclude(pk=worker.pk).order_by("-year", "pk")
    )


def flag_mismatches(user: Any) -> QuerySet[Member]:
    """Members of the user's subtrees whose roster says 劳模/工匠 (`is_model_worker`, set by hand or an import) but
    who hold no registry title that is not 撤销称号: shown as 待登记, with a link to register them."""
    titled = ModelWorker.objects.filter(member=OuterRef("pk")).exclude(status=WorkerStatus.REVOKED)
    return (
        Member.objects.visible_to(user, VIEW)
        .filter(is_model_worker=True)
        .filter(~Exists(titled))
        .select_related("org")
        .order_by("org__path", "name", "pk")
    )


def register_candidates(user: Any, query: str = "") -> QuerySet[Member]:
    """Roster members of the unions where the user keeps the registry (`honours.manage`), searched by name, its
    pinyin, a full mobile number or the ID number's last four characters."""
    members = Member.objects.visible_to(user, MANAGE).select_related("org")
    if query.strip():
        members = members.filter(search_q(query))
    return members.order_by("name", "pk")


def registry_orgs(user: Any) -> QuerySet[Org]:
    """The unions whose registry the user keeps (for a person not on the roster, and 先进集体 actions)."""
    return Org.objects.visible_to(user, MANAGE).filter(status=OrgStatus.ACTIVE).order_by("path")


def payable_lines(user: Any, org: Org) -> QuerySet[BudgetLine]:
    """Budget lines a 慰问金 may be paid from: the worker's union's and its ancestors' funds the user manages."""
    ancestors = org.ancestor_paths()
    return (
        BudgetLine.objects.visible_to(user, "ledger.manage")
        .filter(fund__org__path__in=ancestors)
        .select_related("fund", "fund__org")
        .order_by("-fund__year", "fund__name", "purpose")
    )


def action_list_for_user(user: Any, filters: ActionFilters | None = None) -> QuerySet[PovertyAction]:
    filters = filters or {}
    actions = PovertyAction.objects.visible_to(user, VIEW).select_related("org", "worker")
    if kind := filters.get("kind"):
        actions = actions.filter(kind=kind)
    if year := filters.get("year"):
        actions = actions.filter(started_on__year=year)
    who = filters.get("who") or ""
    if who == "worker":
        actions = actions.filter(worker__isnull=False)
    elif who == "collective":
        actions = actions.filter(worker__isnull=True)
    if text := (filters.get("q") or "").strip():
        actions = actions.filter(
            Q(title__icontains=text)
            | Q(place__icontains=text)
            | Q(worker__name__icontains=text)
            | Q(collective_name__icontains=text)
            | Q(partners__icontains=text)
        )
    return actions.order_by("-started_on", "-pk")


def action_counts(actions: QuerySet[PovertyAction]) -> list[tuple[str, str, int]]:
    """(kind, label, count) for every kind, zero included, in the order of the 六大行动."""
    counted = dict(actions.order_by().values_list("kind").annotate(n=Count("pk")))
    return [(value, str(label), counted.get(value, 0)) for value, label in PovertyActionKind.choices]


def action_years(user: Any) -> list[int]:
    return sorted(
        {d.year for d in PovertyAction.objects.visible_to(user, VIEW).dates("started_on", "year")},
        reverse=True,
    )


def _choice(value: str | None, allowed: list[str]) -> str:
    return value if value in allowed else ""


def _year(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and 1900 < int(value) < 2200 else None


def worker_filters(params: Mapping[str, str]) -> WorkerFilters:
    """The registry list's filters from its query string (the page and its export share them)."""
    return {
        "q": (params.get("q") or "").strip()[:50],
        "level": _choice(params.get("level"), WorkerLevel.values),
        "kind": _choice(params.get("kind"), WorkerKind.values),
        "status": _choice(params.get("status"), WorkerStatus.values),
        "year": _year(params.get("year")),
    }


def action_filters(params: Mapping[str, str]) -> ActionFilters:
    """The 助力脱贫攻坚 list's filters from its query string (the page and its export share them)."""
    return {
        "q": (params.get("q") or "").strip()[:50],
        "kind": _choice(params.get("kind"), PovertyActionKind.values),
        "year": _year(params.get("year")),
        "who": _choice(params.get("who"), ["worker", "collective"]),
    }

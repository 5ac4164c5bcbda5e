"""What apps above this block lend to its pages, through registries they fill from their AppConfig.ready()
(quotas sits below members and documents, so it never imports them):

- `weight_sources`: the numbers 按比例分配 splits places by. quotas registers 职工人数 (the orgs' own headcount
  fields); members is to register 会员人数.
- `incoming_document_sources`: the 收文 a union received, offered as 关联收文 when a set is 上级下达 (documents is
  to register its `IncomingDocument`s); the set keeps the chosen id in `incoming_document_id`."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from gonghui.core.registry import Registry
from gonghui.orgs.models import Org


@dataclass(frozen=True)
class WeightSource:
    """`weights(orgs)` gives each union's weight ({org_id: n}) for the unions listed."""

    key: str
    label: str
    weights: Callable[[Sequence[Org]], dict[int, int]]
    order: int = 50


@dataclass(frozen=True)
class IncomingDocumentSource:
    """`documents(user, orgs)` lists the 收文 received by those unions that the user may read, as (id, label);
    `describe(user, id)` gives one of them as (label, url) for a set's page, or None when the user may not read
    it (or it is gone)."""

    key: str
    documents: Callable[[Any, Sequence[Org]], list[tuple[int, str]]]
    describe: Callable[[Any, int], tuple[str, str] | None] | None = None
    order: int = 50


weight_sources: Registry[WeightSource] = Registry("quota weight source")
incoming_document_sources: Registry[IncomingDocumentSource] = Registry("quota incoming document source")

WORKFORCE = "workforce"


def workforce_weights(orgs: Sequence[Org]) -> dict[int, int]:
    """职工人数 of each union's whole subtree, from the org records (在编 + 非在编 + 劳务派遣)."""
    weights = dict.fromkeys((org.pk for org in orgs), 0)
    if not orgs:
        return weights
    subtrees = Q()
    for org in orgs:
        subtrees |= Q(path__startswith=org.path)
    roots = sorted(orgs, key=lambda org: -len(org.path))
    units = Org.objects.filter(subtrees).only(
        "path", "headcount_established", "headcount_contract", "headcount_dispatched"
    )
    for unit in units:
        owner = next(org for org in roots if unit.path.startswith(org.path))
        weights[owner.pk] += unit.headcount_total
    return weights


def register_sources() -> None:
    if WORKFORCE not in weight_sources:
        weight_sources.register(
            WORKFORCE,
            WeightSource(key=WORKFORCE, label="职工人数（组织档案）", weights=workforce_weights, order=20),
        )


def weight_choices() -> list[tuple[str, str]]:
    return [(source.key, source.label) for source in weight_sources]


def incoming_document_choices(user: Any, orgs: Sequence[Org]) -> list[tuple[int, str]]:
    return [choice for source in incoming_document_sources for choice in source.documents(user, orgs)]


def incoming_document_link(user: Any, document_id: int | None) -> tuple[str, str] | None:
    """(label, url) of a set's linked 收文 for the user, from the first source that knows it."""
    if document_id is None:
        return None
    for source in incoming_document_sources:
        found = source.describe(user, document_id) if source.describe is not None else None
        if found is not None:
            return found
    return None

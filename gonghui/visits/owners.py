"""The owner registry of 走访慰问: an app whose rows are visited (a 劳模 in honours, a 困难职工 household or a 送温暖
campaign in welfare) registers a `VisitOwnerKind` keyed by the owner model's label in its `ready()` (through its
`registrations` module):

    visit_owner_kinds.register("honours.modelworker", VisitOwnerKind(key="honours.modelworker", label="劳模工匠",
        view_action="honours.view", can_manage=worker_can_manage, can_view=worker_can_view,
        org_of=lambda worker: worker.org))

`can_manage(user, owner)` decides who records a visit of the owner, `can_view(user, owner)` who reads them, and
`org_of(owner)` is the union the visit is made by (its `Visit.org`, so the visit is scoped with its owner).
`view_action` scopes the lists across owners (`selectors.visits_for_user`): the visits of this kind the user sees are
those of the unions where the user holds it. The block carries no actions of its own: the owner app decides."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from gonghui.core.registry import Registry


@dataclass(frozen=True)
class VisitOwnerKind:
    key: str  # the owner model's label, "honours.modelworker"
    label: str
    view_action: str  # the action that reads this kind's visits in a union's subtree
    can_manage: Callable[[Any, Any], bool]  # (user, owner) -> may record visits of it?
    can_view: Callable[[Any, Any], bool]  # (user, owner) -> may read its visits?
    org_of: Callable[[Any], Any]  # (owner) -> the Org that makes (and scopes) the visit
    order: int = 100


visit_owner_kinds: Registry[VisitOwnerKind] = Registry("visit owner kind")


def owner_key(owner: models.Model) -> str:
    return str(owner._meta.label_lower)


def kind_of(owner: models.Model) -> VisitOwnerKind:
    """The registered kind of `owner`'s model; a model nobody registered is a programming error."""
    key = owner_key(owner)
    if key not in visit_owner_kinds:
        raise ValueError(f"unknown visit owner kind {key!r}")
    return visit_owner_kinds.get(key)


def kind_label(key: str) -> str:
    return visit_owner_kinds.get(key).label if key in visit_owner_kinds else key

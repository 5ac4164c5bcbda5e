"""Who may record and read visits: the block has no actions of its own — the owner's kind decides
(`owners.VisitOwnerKind.can_manage` / `can_view`)."""

from typing import Any

from django.utils import timezone

from .models import Visit
from .owners import kind_of


def can_record_visit(user: Any, owner: Any) -> bool:
    """May the user record a visit of `owner` (a 劳模, a 困难职工 household …)?"""
    return bool(kind_of(owner).can_manage(user, owner))


def can_view_visits(user: Any, owner: Any) -> bool:
    return bool(kind_of(owner).can_view(user, owner))


def can_delete_visit(user: Any, visit: Visit) -> bool:
    """Only the recorder, on the day it was recorded, while still allowed to record visits of its owner."""
    owner = visit.owner
    return (
        owner is not None
        and visit.created_by_id == getattr(user, "pk", None)
        and timezone.localdate(visit.created_at) == timezone.localdate()
        and can_record_visit(user, owner)
    )

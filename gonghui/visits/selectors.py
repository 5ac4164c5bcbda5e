"""Reads of 走访慰问: the visits of one owner (its page checks the owner first), of a roster member, and the visits a
user may see across owners — per registered kind, the unions where the user holds the kind's `view_action`."""

import datetime as dt
from typing import Any, TypedDict

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet

from gonghui.members.models import Member

from .models import Visit
from .owners import visit_owner_kinds


class VisitFilters(TypedDict, total=False):
    kind: str  # an owner kind key
    occasion: str
    year: int
    date_from: dt.date
    date_to: dt.date
    q: str  # the visited person's name, the visitors or the content


def _listed(queryset: QuerySet[Visit]) -> QuerySet[Visit]:
    return queryset.select_related("org", "member", "created_by").order_by("-visited_on", "-pk")


def visits_of(owner: models.Model) -> QuerySet[Visit]:
    """The visits of `owner`, newest first (the caller has checked the owner is the user's)."""
    return _listed(
        Visit.objects.filter(owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk)
    )


def visits_of_member(member: Member) -> QuerySet[Visit]:
    """Every visit of a roster member, whatever its owner (for the member's page and portal)."""
    return _listed(Visit.objects.filter(member=member))


def visits_for_user(user: Any, filters: VisitFilters | None = None) -> QuerySet[Visit]:
    """The visits the user may see: for each registered owner kind, those made in the subtrees of the unions where
    the user holds the kind's `view_action`; then the filters."""
    filters = filters or {}
    kinds = [k for k in visit_owner_kinds if not filters.get("kind") or k.key == filters["kind"]]
    queryset = Visit.objects.none()
    for kind in kinds:
        app_label, model = kind.key.split(".", 1)
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
        queryset = queryset | Visit.objects.visible_to(user, kind.view_action).filter(owner_type=content_type)
    if occasion := filters.get("occasion"):
        queryset = queryset.filter(occasion=occasion)
    if year := filters.get("year"):
        queryset = queryset.filter(visited_on__year=year)
    if date_from := filters.get("date_from"):
        queryset = queryset.filter(visited_on__gte=date_from)
    if date_to := filters.get("date_to"):
        queryset = queryset.filter(visited_on__lte=date_to)
    if text := (filters.get("q") or "").strip():
        queryset = queryset.filter(
            Q(visited_name__icontains=text) | Q(visitors__icontains=text) | Q(content__icontains=text)
        )
    return _listed(queryset)

"""Reads of contests, their groups and rounds."""

from django.db.models import Q, QuerySet

from gonghui.accounts.actors import Visitor

from ..models import Contest
from ..permissions import VIEW


def contest_list_for_user(user: Visitor, *, query: str = "") -> QuerySet[Contest]:
    contests = Contest.objects.visible_to(user, VIEW).select_related("org")
    if query:
        contests = contests.filter(Q(title__icontains=query) | Q(org__name__icontains=query))
    return contests.order_by("-year", "-created_at")

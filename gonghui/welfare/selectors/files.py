"""Reads of hardship files (part `files`): one file for a user (404 outside the subtree, 403 without the action)
and the file list of the user's subtrees."""

from typing import Any

from django.db.models import QuerySet

from ..models import HardshipFile
from ..permissions import VIEW


def files_visible_to(user: Any) -> QuerySet[HardshipFile]:
    return HardshipFile.objects.visible_to(user, VIEW).select_related("org", "applicant", "household")


def file_for(user: Any, pk: int, *, demand: str | None = None) -> HardshipFile:
    """The file `pk` if the user sees it (`welfare.view`), and holds `demand` on it when given."""
    return HardshipFile.objects.select_related("org", "applicant", "household").get_visible_or_404(
        user, VIEW, demand=demand, pk=pk
    )

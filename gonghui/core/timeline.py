"""Writing and reading the handling timeline. Apps call `timeline_record` from their events.py."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import TimelineEntry


def timeline_record(
    *,
    subject: models.Model,
    actor: Any,
    action: str,
    action_label: str,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
) -> TimelineEntry:
    """Append one timeline row; call it inside the transaction of the change it describes."""
    return TimelineEntry.objects.create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=str(subject.pk),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        action_label=action_label,
        from_state=from_state,
        to_state=to_state,
        note=note,
    )


def timeline_step(
    *,
    subject: models.Model,
    actor: Any,
    action: Any,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
) -> TimelineEntry:
    """Append one timeline row for `action`, a member of an app's *Action choices (its value and Chinese label are
    stored); the events.py of newer apps re-export this instead of wrapping `timeline_record` again."""
    return timeline_record(
        subject=subject,
        actor=actor,
        action=str(action),
        action_label=str(action.label),
        from_state=from_state,
        to_state=to_state,
        note=note,
    )


def timeline_for(subject: models.Model) -> models.QuerySet[TimelineEntry]:
    """The subject's timeline, oldest first, with actors loaded in the same query."""
    return TimelineEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=str(subject.pk),
    ).select_related("actor")

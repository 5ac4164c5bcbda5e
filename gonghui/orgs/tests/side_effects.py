"""Small readers for the side effects every org service leaves: timeline rows and audit rows."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from gonghui.core.models import AuditLog, TimelineEntry


def timeline_rows(subject: models.Model) -> list[tuple[str, str, str, str]]:
    """(action, from_state, to_state, note) of the subject's timeline, oldest first."""
    return list(
        TimelineEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(subject), object_id=str(subject.pk)
        )
        .order_by("created_at", "id")
        .values_list("action", "from_state", "to_state", "note")
    )


def audit_rows(subject: models.Model) -> list[tuple[str, str]]:
    """(action, summary) of the audit rows about the subject, oldest first."""
    return list(
        AuditLog.objects.filter(
            content_type=ContentType.objects.get_for_model(subject), object_id=str(subject.pk)
        )
        .order_by("id")
        .values_list("action", "summary")
    )

"""Timeline rows of 婚恋交友 (profiles and reports); call inside the transaction of the change. The note never
carries profile data (only e.g. a report's outcome label): the timeline outlives the erasure."""

from typing import Any

from django.db import models

from gonghui.core.timeline import timeline_record


def matchmaking_event(
    *,
    subject: models.Model,
    actor: Any,
    action: Any,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
) -> None:
    """Record `action` (a ProfileAction or ReportAction) on `subject`."""
    timeline_record(
        subject=subject,
        actor=actor,
        action=str(action),
        action_label=str(action.label),
        from_state=from_state,
        to_state=to_state,
        note=note,
    )

"""Timeline rows of the activities app: every step of an activity, a registration, a team sent to an event above;
call inside the transaction of the change."""

from typing import Any

from django.db import models

from gonghui.core.timeline import timeline_record


def activity_event(
    *,
    subject: models.Model,
    actor: Any,
    action: Any,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
) -> None:
    """Record `action` (a member of one of the *Action choices) on `subject`."""
    timeline_record(
        subject=subject,
        actor=actor,
        action=str(action),
        action_label=str(action.label),
        from_state=from_state,
        to_state=to_state,
        note=note,
    )

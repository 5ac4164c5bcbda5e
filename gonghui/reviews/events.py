"""Timeline rows of a score sheet: submitted, reopened by the organiser with a reason."""

from typing import Any

from gonghui.core.timeline import timeline_record

from .choices import ReviewAction, SheetStatus
from .models import ScoreSheet


def sheet_event(
    *, sheet: ScoreSheet, actor: Any, action: ReviewAction, from_state: SheetStatus, note: str = ""
) -> None:
    timeline_record(
        subject=sheet,
        actor=actor,
        action=str(action),
        action_label=str(action.label),
        from_state=str(from_state),
        to_state=str(sheet.status),
        note=note,
    )

"""Timeline rows of a hardship file: every step of the flow, the class decision, each survey, review, follow-up,
aid occasion, every audited reveal of its sealed fields, and the purge."""

from typing import Any

from gonghui.core.timeline import timeline_record

from .choices import FileAction
from .models import HardshipFile


def file_event(
    *, file: HardshipFile, actor: Any, action: FileAction, from_state: str = "", note: str = ""
) -> None:
    """Record a step of `file`; call it inside the transaction of the change. Never put sealed values in `note`."""
    timeline_record(
        subject=file,
        actor=actor,
        action=str(action),
        action_label=str(action.label),
        from_state=from_state,
        to_state=str(file.status),
        note=note,
    )

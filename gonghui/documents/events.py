"""Timeline rows of 公文 and 收文; called inside the services' transactions. State changes write theirs through
`core.workflow.Workflow.apply`."""

from typing import Any

from django.db import models

from gonghui.core.timeline import timeline_record


def document_event(*, subject: models.Model, actor: Any, action: models.TextChoices, note: str = "") -> None:
    timeline_record(
        subject=subject, actor=actor, action=str(action), action_label=str(action.label), note=note
    )

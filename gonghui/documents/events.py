"""Timeline rows of 公文 and 收文 (without an actor: seeded or written by the system); called inside the services'
transactions. State changes write theirs through `core.workflow.Workflow.apply`."""

from django.db import models

from gonghui.accounts.actors import Actor
from gonghui.core.timeline import timeline_record


def document_event(
    *, subject: models.Model, actor: Actor | None, action: models.TextChoices, note: str = ""
) -> None:
    timeline_record(
        subject=subject, actor=actor, action=str(action), action_label=str(action.label), note=note
    )

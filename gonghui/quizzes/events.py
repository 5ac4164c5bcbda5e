"""Timeline rows of 网上答题, written inside the services' transactions."""

from django.db import models

from gonghui.accounts.actors import Actor
from gonghui.core.timeline import timeline_record

from .choices import ActivityAction, AttemptStatus, BankAction, SubmitReason


def bank_event(*, bank: models.Model, actor: Actor | None, action: BankAction, note: str = "") -> None:
    timeline_record(subject=bank, actor=actor, action=str(action), action_label=str(action.label), note=note)


def activity_event(
    *,
    activity: models.Model,
    actor: Actor | None,
    action: ActivityAction,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
) -> None:
    timeline_record(
        subject=activity,
        actor=actor,
        action=str(action),
        action_label=str(action.label),
        from_state=from_state,
        to_state=to_state,
        note=note,
    )


def attempt_submitted_event(
    *, attempt: models.Model, actor: Actor | None, reason: SubmitReason, note: str = ""
) -> None:
    timeline_record(
        subject=attempt,
        actor=actor,
        action="submit",
        action_label=str(reason.label),
        from_state=AttemptStatus.OPEN,
        to_state=AttemptStatus.SUBMITTED,
        note=note,
    )

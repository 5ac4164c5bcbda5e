"""Timeline rows of 法律服务 that are not state changes (state changes write theirs through
`core.workflow.Workflow.apply`); called inside the services' transactions."""

from django.db import models

from gonghui.accounts.actors import Actor
from gonghui.core.timeline import timeline_record

from .choices import AidAction, ConsultationAction, LawyerAction


def case_submitted_event(
    *, case: models.Model, actor: Actor, action: AidAction | ConsultationAction, to_state: str, note: str
) -> None:
    timeline_record(
        subject=case,
        actor=actor,
        action=str(action),
        action_label=str(action.label),
        to_state=to_state,
        note=note,
    )


def lawyer_assigned_event(
    *, case: models.Model, actor: Actor, action: AidAction | ConsultationAction, note: str
) -> None:
    timeline_record(subject=case, actor=actor, action=str(action), action_label=str(action.label), note=note)


def lawyer_event(*, lawyer: models.Model, actor: Actor, action: LawyerAction, note: str = "") -> None:
    timeline_record(
        subject=lawyer, actor=actor, action=str(action), action_label=str(action.label), note=note
    )

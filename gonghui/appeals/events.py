"""Timeline rows of 诉求 that change no state (state changes write theirs through `Workflow.apply`). Called inside
the services' transactions. Actions in `MEMBER_VISIBLE_ACTIONS` are shown to the member; the others are internal."""

from gonghui.accounts.actors import Actor
from gonghui.core.timeline import timeline_record

from .choices import AppealAction
from .models import Appeal


def appeal_event(*, appeal: Appeal, actor: Actor | None, action: AppealAction, note: str = "") -> None:
    timeline_record(
        subject=appeal,
        actor=actor,
        action=str(action),
        action_label=str(action.label),
        note=note,
    )


def appeal_submitted_event(*, appeal: Appeal, actor: Actor | None, note: str) -> None:
    timeline_record(
        subject=appeal,
        actor=actor,
        action=AppealAction.SUBMIT,
        action_label=str(AppealAction.SUBMIT.label),
        to_state=appeal.status,
        note=note,
    )

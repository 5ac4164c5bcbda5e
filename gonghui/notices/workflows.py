"""The notice's state table: which action moves a 公示 from which states, and who may take it. Pages show the
buttons `NOTICE_WORKFLOW.available_actions` gives; the services refuse the same actions with `check` / `apply`."""

from typing import Any

from gonghui.core.workflow import Transition, Workflow

from .choices import NoticeAction, NoticeStatus
from .permissions import can_manage_notice


def _manager(actor: Any, notice: Any) -> bool:
    return actor is not None and can_manage_notice(actor, notice)


NOTICE_WORKFLOW = Workflow(
    state_field="status",
    state_enum=NoticeStatus,
    transitions=(
        Transition(NoticeAction.EDIT, frozenset({NoticeStatus.DRAFT}), NoticeStatus.DRAFT, allowed=_manager),
        Transition(
            NoticeAction.PUBLISH, frozenset({NoticeStatus.DRAFT}), NoticeStatus.PUBLISHED, allowed=_manager
        ),
        # closed by the scheduled job when the window has ended (no actor)
        Transition(NoticeAction.CLOSE, frozenset({NoticeStatus.PUBLISHED}), NoticeStatus.CLOSED),
        Transition(
            NoticeAction.CANCEL,
            frozenset({NoticeStatus.DRAFT, NoticeStatus.PUBLISHED}),
            NoticeStatus.CANCELLED,
            allowed=_manager,
            note_required=True,
        ),
    ),
)

# The buttons of the console detail page (the close is the job's, never a button).
BUTTON_ACTIONS = (NoticeAction.EDIT, NoticeAction.PUBLISH, NoticeAction.CANCEL)


def notice_buttons(notice: Any, actor: Any) -> set[str]:
    return {
        str(t.action) for t in NOTICE_WORKFLOW.available_actions(notice, actor) if t.action in BUTTON_ACTIONS
    }

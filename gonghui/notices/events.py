"""Timeline rows of a notice: its own steps (the workflow writes the state changes; these are the steps without
one) and the owner's timeline through the kind's hook."""

from typing import Any

from gonghui.core.timeline import timeline_record

from .choices import NoticeAction
from .models import Notice
from .owners import owner_kind


def notice_event(*, notice: Notice, actor: Any, action: NoticeAction, note: str = "") -> None:
    """A step on the notice's own timeline that moves no state (收到异议, 答复异议, 撤下公示对象 …)."""
    timeline_record(
        subject=notice, actor=actor, action=str(action), action_label=str(action.label), note=note
    )


def owner_event(*, notice: Notice, actor: Any, action: NoticeAction, note: str = "") -> None:
    """The same step on the owner's timeline, through the owner kind's hook."""
    owner_kind(notice.kind).timeline(notice, actor, str(action), str(action.label), note)

"""Timeline rows of a contest (created, started, a round judged or made final, finished) and of an entry (报名, 换人,
退赛, 本人确认, 晋级, 获奖)."""

from typing import Any

from gonghui.core.timeline import timeline_record

from .choices import ContestAction, EntryAction
from .models import Contest, Entry


def contest_event(
    *, contest: Contest, actor: Any, action: ContestAction, from_state: str = "", note: str = ""
) -> None:
    timeline_record(
        subject=contest,
        actor=actor,
        action=str(action),
        action_label=str(action.label),
        from_state=from_state,
        to_state=str(contest.status),
        note=note,
    )


def entry_event(
    *, entry: Entry, actor: Any, action: EntryAction, from_state: str = "", note: str = ""
) -> None:
    timeline_record(
        subject=entry,
        actor=actor,
        action=str(action),
        action_label=str(action.label),
        from_state=from_state,
        to_state=str(entry.status),
        note=note,
    )

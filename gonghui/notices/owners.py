"""The owner registry of 公示: any app that publishes a notice about its own object (an honours round, a
volunteer record, a union's own 经费收支) registers a `NoticeOwnerKind` in its `ready()`:

    notice_owner_kinds.register("honours", NoticeOwnerKind(key="honours", label="评选表彰", default_window=5,
        window_unit="workdays", can_manage=round_can_manage, audience_of=lambda r: r.org,
        on_entry_withdrawn=nomination_withdraw, on_closed=round_notice_closed, timeline=round_timeline))

`can_manage(user, owner)` decides who edits, publishes, cancels the notice and answers its objections;
`audience_of(owner)` is the union whose subtree's members see it (the owner itself for an Org);
`on_entry_withdrawn(entry, actor)` is called when an upheld objection withdraws an entry (its `subject` is the
owner app's row), `on_closed(notice, actor)` when the window closes, and `timeline(notice, actor, action,
action_label, note)` puts a step (published, an entry withdrawn, the result) on the owner's timeline. Every callback
runs inside the service's transaction. This block registers one kind itself, "org": a union's own 公示."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gonghui.core.registry import Registry
from gonghui.core.timeline import timeline_record

from .choices import NoticeAction, WindowUnit

ORG_KIND = "org"


def _nothing(*_args: Any) -> None:
    return None


def notice_result_record(notice: Any, actor: Any, action: str, action_label: str, note: str) -> None:
    """The default hook (the "org" kind's): a union has no timeline of its own and the notice's timeline already
    holds every step but the result, so only the result is recorded — on the notice itself."""
    if action == NoticeAction.RESULT:
        timeline_record(subject=notice, actor=actor, action=action, action_label=action_label, note=note)


@dataclass(frozen=True)
class NoticeOwnerKind:
    key: str
    label: str
    default_window: int
    window_unit: str  # WindowUnit: "workdays" | "days"
    can_manage: Callable[[Any, Any], bool]  # (user, owner) -> may manage its notices?
    audience_of: Callable[[Any], Any] = lambda owner: (
        owner
    )  # (owner) -> the Org whose subtree sees the notice
    on_entry_withdrawn: Callable[[Any, Any], None] = _nothing  # (entry, actor)
    on_closed: Callable[[Any, Any], None] = _nothing  # (notice, actor)
    timeline: Callable[[Any, Any, str, str, str], None] = (
        notice_result_record  # (notice, actor, action, label, note)
    )
    order: int = 100

    def __post_init__(self) -> None:
        if self.window_unit not in WindowUnit.values:
            raise ValueError(f"unknown window unit {self.window_unit!r}")
        if self.default_window < 1:
            raise ValueError("a notice window lasts at least one day")


notice_owner_kinds: Registry[NoticeOwnerKind] = Registry("notice owner kind")


def owner_kind(key: str) -> NoticeOwnerKind:
    if key not in notice_owner_kinds:
        raise ValueError(f"unknown notice owner kind {key!r}")
    return notice_owner_kinds.get(key)


def kind_label(key: str) -> str:
    return notice_owner_kinds.get(key).label if key in notice_owner_kinds else key

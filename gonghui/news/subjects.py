"""The story-subject registry: an app whose records a story may tell (评选表彰与劳模工匠: an honour record, a 劳模
or 工匠) registers a `StorySubject` in its `ready()`; news stores "<key>:<id>" on the article and never imports that
app. `choices(user, query)` lists (ref id, label) pairs the user may see, for the article form's picker;
`link(user, ref_id)` returns (label, url) of the record when the user may open it, else None (the article then
shows the stored label without a link)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gonghui.core.registry import Registry


@dataclass(frozen=True)
class StorySubject:
    key: str  # "honours.honour"
    label: str  # 荣誉档案
    choices: Callable[[Any, str], list[tuple[str, str]]]  # (user, query) -> [(ref id, label)]
    link: Callable[[Any, str], tuple[str, str] | None]  # (user, ref id) -> (label, url) or None
    order: int = 100


story_subjects: Registry[StorySubject] = Registry("story subject")


def subject_split(ref: str) -> tuple[str, str]:
    """("honours.honour", "12") from "honours.honour:12"; ("", "") for an empty or malformed ref."""
    key, sep, ref_id = ref.rpartition(":")
    return (key, ref_id) if sep and key and ref_id else ("", "")

"""The target registry: each app whose people check in registers a `CheckinTarget` in its `ready()`:

    checkin_targets.register("events.event", CheckinTarget(key="events.event", label="活动", model="events.event",
                             find=…, can_scan=…, window=…, admits=…, org_of=…))

`model` is the owner's "app_label.model"; `find(user, public_id)` returns the target the user may see (404
otherwise, through `get_visible_or_404`); `can_scan(user, obj)` decides who may check people in; `window(obj)` is
the (start, end) during which check-ins are accepted; `admits(member, obj)` who may check in (a member of another
union is refused); `org_of(obj)` the union holding the check-ins (their scoping); `title_of(obj)` the name shown;
`on_checkin(obj, check_in, actor)`, when given, lets the owner react inside the check-in's transaction (a 疗休养
place becomes 已报到) whichever page or API recorded it.
Events, training sessions, congress sessions and offers register theirs; this app registers `CheckinSession`."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from gonghui.core.registry import Registry


@dataclass(frozen=True)
class CheckinTarget:
    key: str
    label: str
    model: str  # "app_label.model" of the owner
    find: Callable[[Any, Any], models.Model]  # (user, public_id) -> the target, or Http404
    can_scan: Callable[[Any, Any], bool]  # (user, target) -> may check people in?
    window: Callable[[Any], tuple[dt.datetime, dt.datetime]]  # (target) -> (start, end)
    admits: Callable[[Any, Any], bool]  # (member, target) -> may this member check in?
    org_of: Callable[[Any], Any]  # (target) -> the Org holding the check-ins
    title_of: Callable[[Any], str] = str
    order: int = 100
    on_checkin: Callable[[Any, Any, Any], None] | None = None  # (target, CheckIn, actor) -> None


SESSION_KIND = "checkins.session"

checkin_targets: Registry[CheckinTarget] = Registry("check-in target")


def target_kind_of(obj: models.Model) -> CheckinTarget:
    """The registered kind of a target object (KeyError when its model registered none)."""
    label = obj._meta.label_lower
    for kind in checkin_targets:
        if kind.model == label:
            return kind
    raise KeyError(label)

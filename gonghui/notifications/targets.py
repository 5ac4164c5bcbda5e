"""Where a notification's link leads when its object has left the reader's scope (a case transferred to another
union): the apps above register, per page, a check that says so in a sentence; `notification_open` shows that
sentence instead of following the link into a 404."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gonghui.core.registry import Registry

# what the page says when a registered check knows only that the object is out of reach
OUT_OF_SCOPE = "该事项已不在您的办理范围"


@dataclass(frozen=True)
class NotificationTarget:
    """A page notifications link to (`url_name`, namespaced). `whereabouts(user, kwargs)` gets the page's URL
    arguments and returns "" while the user may still open the page, else a Chinese sentence saying where the
    object went (or `OUT_OF_SCOPE`)."""

    url_name: str
    whereabouts: Callable[[Any, dict[str, Any]], str]


notification_targets: Registry[NotificationTarget] = Registry("notification target")

"""Registrations of part review: the content review (意识形态审核): submission, the review levels (三审 by default)
by different people, publication after the last level, return, withdrawal with a reason, the review policy and the
city union's sensitive-word list. Registers the console home counter 待审稿件 (what the reviewer may take now)."""

from typing import Any

COUNTER = "news.pending_review"


def _pending(user: Any, org: Any) -> int:
    from ..selectors.review import pending_review_count

    return pending_review_count(user)


def register() -> None:
    """Called once from the AppConfig's ready()."""
    from gonghui.core.registry import HomeCounter, home_counters

    from ..permissions import REVIEW

    if COUNTER not in home_counters:
        home_counters.register(
            COUNTER,
            HomeCounter(
                key=COUNTER,
                label="待审稿件",
                count=_pending,
                action=REVIEW,
                url_name="news:review_queue",
                order=97,
            ),
        )

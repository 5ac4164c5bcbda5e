"""Registrations of part guidance: 业务指导: questions from grassroots cadres to the union above, answers, and the
searchable 业务知识库 of shared answers with the asker anonymised. The console home counts the open questions
addressed to the user's unions (待答复的业务指导); the menu entries are in apps.py."""

from typing import Any

from gonghui.core.registry import HomeCounter, home_counters

from ..permissions import MANAGE
from ..selectors.guidance import open_questions_count


def _open_count(user: Any, org: Any) -> int:
    return open_questions_count(user)


def register() -> None:
    """Called once from the AppConfig's ready()."""
    if "learning.guidance_open" not in home_counters:
        home_counters.register(
            "learning.guidance_open",
            HomeCounter(
                key="learning.guidance_open",
                label="待答复的业务指导",
                count=_open_count,
                action=MANAGE,
                url_name="learning:question_list",
                order=146,
            ),
        )

from dataclasses import dataclass
from typing import Any

import pytest

from gonghui.quizzes.models import QuestionBank, QuizActivity

from .factories import grant_organiser, make_activity, make_bank


@dataclass
class QuizWorld:
    world: Any
    bank: QuestionBank
    activity: QuizActivity


@pytest.fixture
def organisers(world):
    """org A's admin and org B's admin also hold the quiz organiser role on their own unions."""
    grant_organiser(world.org_admin, world.org_a)
    grant_organiser(world.outsider, world.org_b)
    return world


@pytest.fixture
def quiz(organisers) -> QuizWorld:
    """An open activity of org A (5 questions: 4 劳动法 + 1 工会法, 10 points each), member A eligible."""
    bank = make_bank(organisers.org_a)
    activity = make_activity(organisers.org_a, bank)
    return QuizWorld(world=organisers, bank=bank, activity=activity)

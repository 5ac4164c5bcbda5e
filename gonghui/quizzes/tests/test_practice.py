"""练兵: practice draws from the member's own and shared banks, mastery per category, the wrong-answer book."""

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.quizzes.models import PracticeStat, WrongAnswer
from gonghui.quizzes.selectors import practice_categories, practice_questions, wrong_book
from gonghui.quizzes.services import WRONG_CLEAR_STREAK, practice_answer

from .factories import make_bank, right, wrong

pytestmark = pytest.mark.django_db


def test_practice_uses_own_banks_and_banks_shared_from_above(world):
    own = make_bank(world.org_a, name="本会题库", per_category={"工会法": 2})
    make_bank(world.city, name="市共享", per_category={"劳动法": 3}, shared=True)
    make_bank(world.city, name="市内部", per_category={"劳动法": 4})
    make_bank(world.org_b, name="乙题库", per_category={"劳动法": 5})
    banks = set(practice_questions(world.member_a).values_list("bank__name", flat=True))
    assert banks == {own.name, "市共享"}


def test_a_wrong_answer_enters_the_book_and_leaves_after_two_right_answers(world):
    bank = make_bank(world.org_a, per_category={"工会法": 1})
    question = bank.questions.get()
    member = world.member_a
    assert practice_answer(member=member, question=question, chosen=wrong(question)) is False
    assert practice_answer(member=member, question=question, chosen=wrong(question)) is False
    entry = WrongAnswer.objects.get(member=member, question=question)
    assert (entry.wrong_count, entry.right_streak) == (2, 0)
    assert practice_answer(member=member, question=question, chosen=right(question)) is True
    assert list(wrong_book(member).values_list("right_streak", flat=True)) == [1]
    assert WRONG_CLEAR_STREAK == 2
    practice_answer(member=member, question=question, chosen=right(question))
    assert not wrong_book(member).exists()


def test_mastery_per_category(world):
    bank = make_bank(world.org_a, per_category={"工会法": 2, "劳动法": 2})
    member = world.member_a
    for question in bank.questions.filter(category="工会法"):
        practice_answer(member=member, question=question, chosen=right(question))
    first_labour = bank.questions.filter(category="劳动法").order_by("id")[0]
    practice_answer(member=member, question=first_labour, chosen=wrong(first_labour))
    practice_answer(member=member, question=first_labour, chosen=right(first_labour))
    stats = {
        s.category: (s.answered, s.correct, s.mastery) for s in PracticeStat.objects.filter(member=member)
    }
    assert stats == {"工会法": (2, 2, 100), "劳动法": (2, 1, 50)}
    assert [(c["label"], c["mastery"]) for c in practice_categories(member)] == [
        ("劳动法", 50),
        ("工会法", 100),
    ]


def test_the_practice_pages(world):
    bank = make_bank(world.org_a, per_category={"工会法": 1})
    question = bank.questions.get()
    client = Client()
    client.force_login(world.org_member)
    page = client.get(reverse("quizzes:portal_practice_question"), {"category": "工会法"})
    assert question.stem in page.content.decode()
    graded = client.post(
        reverse("quizzes:portal_practice_question") + "?category=工会法",
        {"question": question.pk, "choice": wrong(question)},
    )
    assert "回答错误，已记入错题本" in graded.content.decode()
    assert question.stem in client.get(reverse("quizzes:portal_wrong_book")).content.decode()
    assert "掌握度 0%" in client.get(reverse("quizzes:portal_practice")).content.decode()
    empty = client.post(reverse("quizzes:portal_practice_question"), {"question": question.pk})
    assert "请选择答案" in empty.content.decode()

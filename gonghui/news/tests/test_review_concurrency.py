"""PostgreSQL: two reviewers decide the same level of the same article at the same instant — one takes it, the
other is told the level was taken; the lock on the article's row in `article_review_decide` backs the one-per-level
constraint with a clear message. Two final-level passes cannot publish twice either."""

import pytest
from django.core.exceptions import ValidationError

from conftest import make_cadre
from gonghui.news.choices import ArticleStatus, ReviewDecision
from gonghui.news.models import ArticleReview
from gonghui.news.services.review import article_review_decide

from .factories_review import make_reviewers, pass_level, submitted_article

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_two_reviewers_cannot_both_take_the_same_level(world, run_concurrently):
    writer = make_cadre("xiezuo", world.org_a, role="union_staff")
    first, second, third = make_reviewers(world.county_x)
    article = submitted_article(org=world.org_a, writer=writer)
    article = pass_level(article, first)
    article = pass_level(article, second)
    rivals = [third, world.org_admin]
    results, errors = run_concurrently(
        *[
            lambda who=who: article_review_decide(
                article=article, actor=who, level=3, decision=ReviewDecision.PASS
            )
            for who in rivals
        ]
    )
    assert len(results) == 1
    assert len(errors) == 1
    assert isinstance(errors[0], ValidationError)
    assert "已由其他审核人完成" in str(errors[0]) or "不在审核中" in str(errors[0])
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    assert ArticleReview.objects.filter(article=article, level=3).count() == 1

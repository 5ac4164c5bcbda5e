"""Review rows for tests, made through the review services: an article submitted by its writer, reviewers of a
union (宣传审核员), and an article passed through every level by distinct reviewers."""

from typing import Any

from conftest import make_cadre
from gonghui.news.choices import ArticleStatus, ReviewDecision
from gonghui.news.models import Article
from gonghui.news.permissions import REVIEWER_ROLE
from gonghui.news.services.review import article_review_decide, article_submit

from .factories import make_article


def make_reviewers(org: Any, count: int = 3, prefix: str = "shenhe") -> list[Any]:
    return [make_cadre(f"{prefix}{i}", org, role=REVIEWER_ROLE) for i in range(1, count + 1)]


def submitted_article(*, org: Any, writer: Any, **extra: Any) -> Article:
    """A draft of `org` by `writer`, submitted (IN_REVIEW at level 1 of round 1)."""
    article = make_article(org=org, actor=writer, status=ArticleStatus.DRAFT, **extra)
    return article_submit(article=article, actor=writer)


def pass_level(article: Article, reviewer: Any, opinion: str = "") -> Article:
    article.refresh_from_db()
    article_review_decide(
        article=article,
        actor=reviewer,
        level=article.passed_level + 1,
        decision=ReviewDecision.PASS,
        opinion=opinion,
    )
    article.refresh_from_db()
    return article


def published_article(*, org: Any, writer: Any, reviewers: list[Any], **extra: Any) -> Article:
    """An article submitted by `writer` and passed at every level by `reviewers` in order (published)."""
    article = submitted_article(org=org, writer=writer, **extra)
    for reviewer in reviewers[: article.review_levels]:
        article = pass_level(article, reviewer)
    return article

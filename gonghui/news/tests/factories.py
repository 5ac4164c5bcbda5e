"""News rows for tests, written straight to the tables so each part's tests stand alone; parts whose services exist
build on them in their own factories (tests/factories_<part>.py)."""

from typing import Any

from django.utils import timezone

from gonghui.news.choices import ArticleAudience, ArticleStatus
from gonghui.news.models import Article, Column


def make_column(*, org: Any, name: str = "中国梦·劳动美", **extra: Any) -> Column:
    return Column.objects.create(org=org, name=name, **extra)


def make_article(
    *,
    org: Any,
    actor: Any,
    title: str = "市教科文卫体工会召开年度工作会议",
    status: str = ArticleStatus.PUBLISHED,
    audience: str = ArticleAudience.SUBTREE,
    **extra: Any,
) -> Article:
    """An article of `org`; published now (every level passed) unless told otherwise."""
    published = status == ArticleStatus.PUBLISHED
    return Article.objects.create(
        org=org,
        title=title,
        summary=extra.pop("summary", "会议总结了上一年度工作，部署了本年度任务。"),
        body=extra.pop("body", "会议总结了上一年度工作。\n\n会议部署了本年度任务。"),
        status=status,
        audience=audience,
        review_round=1 if published else 0,
        passed_level=3 if published else 0,
        published_at=timezone.now() if published else None,
        created_by=actor,
        **extra,
    )

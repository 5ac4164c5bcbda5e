"""Rows of part reading for tests: published articles (subtree or 公开) with a cover picture, stored through the
attachments block, and reads counted through the reading service."""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.attachments.models import Attachment
from gonghui.attachments.policies import IMAGE_POLICY
from gonghui.attachments.services import attachment_save
from gonghui.news.choices import ArticleAudience
from gonghui.news.models import Article

from .factories import make_article, make_column

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def add_picture(article: Article, *, actor: Any, name: str = "合影.png", cover: bool = True) -> Attachment:
    """A PNG owned by the article; its cover unless told otherwise."""
    upload = SimpleUploadedFile(name, PNG, content_type="image/png")
    picture = attachment_save(owner=article, org=article.org, upload=upload, actor=actor, policy=IMAGE_POLICY)
    if cover:
        article.cover = picture
        article.save(update_fields=["cover"])
    return picture


def public_article(
    *, org: Any, actor: Any, title: str = "市总工会开展劳模进校园活动", **extra: Any
) -> Article:
    """A published 公开 article with a summary and a cover picture."""
    article = make_article(
        org=org,
        actor=actor,
        title=title,
        audience=ArticleAudience.PUBLIC,
        summary=extra.pop("summary", "十位劳模走进课堂讲述奋斗故事。"),
        **extra,
    )
    add_picture(article, actor=actor)
    return article


__all__ = ["PNG", "add_picture", "make_article", "make_column", "public_article"]

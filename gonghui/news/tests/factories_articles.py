"""Rows of part articles for tests, written through its services (drafts, files, 投稿)."""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.news.choices import ArticleKind, ArticleStatus
from gonghui.news.models import Article
from gonghui.news.services.articles import article_create, article_file_add

from .factories import make_article

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def draft(*, org: Any, actor: Any, title: str = "甲校教师节表彰大会召开", **data: Any) -> Article:
    """A draft written through `article_create`."""
    values = {"kind": ArticleKind.NEWS, "title": title, "body": "大会表彰了优秀教师。\n\n校长讲话。", **data}
    return article_create(org=org, actor=actor, data=values)


def png(name: str = "合影.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def pdf(name: str = "通知.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name,
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        content_type="application/pdf",
    )


def published_with_files(*, org: Any, actor: Any, title: str = "甲校劳模事迹报告会") -> Article:
    """A published article with an image (its cover) and a PDF, as if every review level had passed."""
    article = draft(org=org, actor=actor, title=title)
    article_file_add(article=article, actor=actor, upload=png(), image=True)
    article_file_add(article=article, actor=actor, upload=pdf(), image=False)
    Article.objects.filter(pk=article.pk).update(
        status=ArticleStatus.PUBLISHED, review_round=1, passed_level=3, published_at=timezone.now()
    )
    article.refresh_from_db()
    return article


__all__ = ["PNG", "draft", "make_article", "pdf", "png", "published_with_files"]

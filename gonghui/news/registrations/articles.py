"""Registrations of part articles: articles and columns: writing (text, cover, images and attachments, the honour record a story tells), the list with search, filters and export, 专栏, 投稿 to a higher union's channel and its adoption."""

from typing import Any

ATTACHMENT_OWNER = "news.article"


def article_may_download(user: Any, article: Any) -> bool:
    """`attachment_access` for `news.article`: the article's cadres (news.view in scope) always; once published,
    whoever may read it (the reading part's one rule, `selectors.reading.article_readable`)."""
    from ..choices import ArticleStatus
    from ..selectors.articles import article_in_scope
    from ..selectors.reading import article_readable

    if article_in_scope(user, article):
        return True
    return article.status == ArticleStatus.PUBLISHED and article_readable(user, article)


def register() -> None:
    """Called once from the AppConfig's ready(): the article list's exporter and who may download an article's
    images and files (`article_may_download`)."""
    from gonghui.attachments.policies import attachment_access
    from gonghui.core.spreadsheets import exporters

    from ..spreadsheets import ARTICLES_EXPORT, ArticleExporter

    if ARTICLES_EXPORT not in exporters:
        exporters.register(ARTICLES_EXPORT, ArticleExporter())
    if ATTACHMENT_OWNER not in attachment_access:
        attachment_access.register(ATTACHMENT_OWNER, article_may_download)

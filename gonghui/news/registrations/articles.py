"""Registrations of part articles: articles and columns: writing (text, cover, images and attachments, the honour record a story tells), the list with search, filters and export, 专栏, 投稿 to a higher union's channel and its adoption."""

ATTACHMENT_OWNER = "news.article"


def register() -> None:
    """Called once from the AppConfig's ready(): the article list's exporter and who may download an article's
    images and files (`selectors.articles.article_may_download`)."""
    from gonghui.attachments.policies import attachment_access
    from gonghui.core.spreadsheets import exporters

    from ..selectors.articles import article_may_download
    from ..spreadsheets import ARTICLES_EXPORT, ArticleExporter

    if ARTICLES_EXPORT not in exporters:
        exporters.register(ARTICLES_EXPORT, ArticleExporter())
    if ATTACHMENT_OWNER not in attachment_access:
        attachment_access.register(ATTACHMENT_OWNER, article_may_download)

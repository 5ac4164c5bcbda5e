"""Registrations of part articles: articles and columns: writing (text, cover, images and attachments, the honour record a story tells), the list with search, filters and export, 专栏, 投稿 to a higher union's channel and its adoption."""


def register() -> None:
    """Called once from the AppConfig's ready()."""

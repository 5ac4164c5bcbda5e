"""Selectors of part reading: who reads what (the one place: `readable_for_member`, `article_readable`,
`public_articles`), the portal's lists and columns, an article's pictures and files, the home card and the
per-union read table.

A published SUBTREE article of union U is readable by the members of U and of every union below it, and by the
cadres holding news.view on U, above U or below U; a PUBLIC article by anyone, signed in or not. Nothing else is
read here: drafts, articles in review and withdrawn ones are the console's (`Article.objects.visible_to`)."""

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import Http404

from gonghui.accounts.scoping import above_q, scope_q
from gonghui.attachments.models import Attachment
from gonghui.attachments.selectors import attachments_of
from gonghui.core.statistics import shown_count
from gonghui.members.selectors.registry import member_for_user
from gonghui.orgs.models import Org

from ..choices import ArticleAudience, ArticleStatus
from ..models import Article, ArticleRead, Column
from ..permissions import VIEW
from .articles import IMAGE_EXTENSIONS

CARD_SIZE = 5


def _published() -> QuerySet[Article]:
    return (
        Article.objects.filter(status=ArticleStatus.PUBLISHED)
        .select_related("org", "column", "cover")
        .order_by("-published_at", "-pk")
    )


def public_articles() -> QuerySet[Article]:
    """公开 articles, published: what anyone may read without login, newest first."""
    return _published().filter(audience=ArticleAudience.PUBLIC)


def _member_org(user: Any) -> Org | None:
    member = member_for_user(user) if getattr(user, "is_authenticated", False) else None
    return member.org if member is not None else None


def _readable_q(user: Any) -> Q:
    readable = Q(audience=ArticleAudience.PUBLIC)
    if not getattr(user, "is_authenticated", False):
        return readable
    subtree = scope_q(user, VIEW, path_field="org__path") | above_q(user, VIEW, path_field="org__path")
    org = _member_org(user)
    if org is not None:
        subtree |= Q(org__path__in=org.ancestor_paths())
    return readable | (Q(audience=ArticleAudience.SUBTREE) & subtree)


def readable_for_member(user: Any) -> QuerySet[Article]:
    """The published articles `user` may read (members on the portal, cadres, the API's token user; a visitor
    gets the 公开 ones), newest first."""
    return _published().filter(_readable_q(user))


def article_readable(user: Any, article: Article) -> bool:
    """May `user` read this article (published, and 公开 or within the user's reach)?"""
    return readable_for_member(user).filter(pk=article.pk).exists()


def readable_get_or_404(user: Any, public_id: Any) -> Article:
    article = readable_for_member(user).filter(public_id=public_id).first()
    if article is None:
        raise Http404
    return article


def public_get_or_404(public_id: Any) -> Article:
    article = public_articles().filter(public_id=public_id).first()
    if article is None:
        raise Http404
    return article


def portal_articles(user: Any, *, column: Column | None = None, kind: str = "") -> QuerySet[Article]:
    articles = readable_for_member(user)
    if column is not None:
        articles = articles.filter(column=column)
    if kind:
        articles = articles.filter(kind=kind)
    return articles


def portal_columns(user: Any) -> QuerySet[Column]:
    """The active columns holding at least one article the user may read (the list's filter, the column page)."""
    return Column.objects.filter(
        is_active=True, pk__in=readable_for_member(user).filter(column__isnull=False).values("column_id")
    ).select_related("org")


def portal_column_or_404(user: Any, column_id: int) -> Column:
    column = portal_columns(user).filter(pk=column_id).first()
    if column is None:
        raise Http404
    return column


def public_image_or_404(article: Article, file_id: Any) -> Attachment:
    """A picture of a 公开 article (the caller has found the article among `public_articles`)."""
    image = attachments_of(article).filter(public_id=file_id, extension__in=IMAGE_EXTENSIONS).first()
    if image is None:
        raise Http404
    return image


def cover_image(article: Article) -> Attachment | None:
    """The article's cover, when it is one of its own pictures."""
    cover = article.cover
    if cover is None or cover.extension not in IMAGE_EXTENSIONS:
        return None
    article_type = ContentType.objects.get_for_model(Article)
    owner_ok = cover.object_id == str(article.pk) and cover.content_type_id == article_type.pk
    return cover if owner_ok else None


def newest_for_card(user: Any) -> list[Article]:
    return list(readable_for_member(user)[:CARD_SIZE])


# ---- the per-union read table -------------------------------------------------------------------------------


def article_for_reads_or_404(user: Any, public_id: Any) -> Article:
    """An article of a union where the user holds news.view (the read table is the publishing side's)."""
    return Article.objects.select_related("org").get_visible_or_404(user, VIEW, public_id=public_id)


@dataclass(frozen=True)
class ReadRow:
    org: Org | None  # None: readers without a union (公开, not signed in)
    label: str
    depth: int
    shown: str  # the count as it may be shown ("<10" for 1–9)


@dataclass(frozen=True)
class ReadTable:
    rows: list[ReadRow]
    outside: str  # members of unions outside the article's subtree (公开 articles), shown
    anonymous: int  # reads without login (公开 articles)
    total: int


def read_table(article: Article) -> ReadTable:
    """Reads per union of the article's subtree (each cell through shown_count), the reads of members of other
    unions (公开 articles) as one cell, the reads without login and the total, as flushed so far."""
    reads = list(ArticleRead.objects.filter(article=article).select_related("org").order_by("org__path"))
    base = article.org.path
    rows: list[ReadRow] = []
    outside = 0
    anonymous = 0
    for read in reads:
        if read.org is None:
            anonymous += read.count
        elif read.org.path.startswith(base):
            depth = (len(read.org.path) - len(base)) // read.org.steplen
            rows.append(
                ReadRow(org=read.org, label=read.org.name, depth=depth, shown=shown_count(read.count))
            )
        else:
            outside += read.count
    return ReadTable(
        rows=rows,
        outside=shown_count(outside),
        anonymous=anonymous,
        total=sum(read.count for read in reads),
    )

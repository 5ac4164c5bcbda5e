"""Console views of part reading: the 公开 pages (no login: the list, the article with its share card, its
pictures; limited per client address; no member data) and the per-union read table of an article."""

from typing import Any

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.attachments.policies import INLINE_TYPES
from gonghui.core.audit import client_ip
from gonghui.core.downloads import content_disposition
from gonghui.core.pagination import paginate
from gonghui.core.rate_limits import window_hit, window_retry_after
from gonghui.core.registry import member_union_of

from ..permissions import VIEW
from ..selectors.articles import article_files
from ..selectors.reading import (
    article_for_reads_or_404,
    cover_image,
    public_articles,
    public_get_or_404,
    public_image_or_404,
    read_table,
)
from ..services.reading import article_read_record

WINDOW_SECONDS = 3600
# a page shows a few pictures: they count in their own window, with this many per page allowed
FILES_PER_PAGE = 10
PUBLIC_PAGE_SIZE = 10


def _limited(request: HttpRequest, scope: str, limit: int) -> HttpResponse | None:
    """The 429 page once this client address is past `limit` requests of `scope` in the hour (else None)."""
    address = client_ip(request) or "unknown"
    if window_hit(scope, address, window=WINDOW_SECONDS) <= limit:
        return None
    response = render(request, "news/reading/public_limited.html", status=429)
    response["Retry-After"] = str(window_retry_after(WINDOW_SECONDS))
    return response


def _page_limited(request: HttpRequest) -> HttpResponse | None:
    return _limited(request, "news-public", settings.NEWS_PUBLIC_MAX_PER_IP_HOUR)


def _absolute(request: HttpRequest, path: str) -> str:
    root = (settings.PUBLIC_BASE_URL or request.build_absolute_uri("/")).rstrip("/")
    return root + path


def share_qr_svg(link: str) -> str:
    """The QR code of a 公开 article's address as inline SVG (segno, offline), labelled for screen readers."""
    import segno

    return str(
        segno.make(link, error="m").svg_inline(scale=4, border=2, title="文章二维码", svgclass="share-qr")
    )


@require_safe
def public_list(request: HttpRequest) -> HttpResponse:
    """公开 articles, newest first, for anyone (no login)."""
    refused = _page_limited(request)
    if refused is not None:
        return refused
    page = paginate(request, public_articles(), per_page=PUBLIC_PAGE_SIZE)
    return render(request, "news/reading/public_list.html", {"page": page})


@require_safe
def public_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """A 公开 article without login, with its share card (Open Graph tags, the link to copy and its QR code). The
    read is counted in the cache (a signed-in member under their union, anyone else under none)."""
    refused = _page_limited(request)
    if refused is not None:
        return refused
    article = public_get_or_404(public_id)
    union = member_union_of(request.user) if request.user.is_authenticated else None
    article_read_record(article=article, org_id=union.pk if union is not None else None)
    link = _absolute(request, reverse("news:public_detail", args=[article.public_id]))
    cover = cover_image(article)
    context: dict[str, Any] = {
        "article": article,
        "files": article_files(article),
        "link": link,
        "og_image": (
            _absolute(request, reverse("news:public_image", args=[article.public_id, cover.public_id]))
            if cover
            else ""
        ),
        "qr_svg": share_qr_svg(link),
    }
    return render(request, "news/reading/public_detail.html", context)


@require_safe
def public_image(request: HttpRequest, public_id: str, file_id: str) -> FileResponse | HttpResponse:
    """A picture (the cover among them) of a 公开, published article, inline, for anyone."""
    refused = _limited(request, "news-public-files", settings.NEWS_PUBLIC_MAX_PER_IP_HOUR * FILES_PER_PAGE)
    if refused is not None:
        return refused
    image = public_image_or_404(public_get_or_404(public_id), file_id)
    response = FileResponse(image.file.open("rb"), content_type=INLINE_TYPES[image.extension])
    response["Content-Disposition"] = content_disposition(image.original_name, inline=True)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=300"
    return response


@console_view(VIEW)
def article_reads(request: AuthedRequest, public_id: str) -> HttpResponse:
    """阅读统计: reads per union of the article's subtree ("<10" for 1–9), the others and the total."""
    article = article_for_reads_or_404(request.user, public_id)
    return render(
        request, "news/reading/article_reads.html", {"article": article, "table": read_table(article)}
    )

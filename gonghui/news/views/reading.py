"""Console views of part reading: the 公开 pages (no login, rate-limited per client address, no member data) and
the per-union read table of an article."""

from django.http import Http404, HttpRequest, HttpResponse

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import VIEW


def public_list(request: HttpRequest) -> HttpResponse:
    raise Http404  # written next


def public_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    raise Http404


def public_image(request: HttpRequest, public_id: str, file_id: str) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def article_reads(request: AuthedRequest, public_id: str) -> HttpResponse:
    raise Http404

"""Portal (member) views of part browse: other members' profiles, interest, matches and contacts, blocks."""

from django.http import Http404, HttpResponse

from gonghui.accounts.decorators import AuthedRequest
from gonghui.members.decorators import portal_view


@portal_view
def browse(request: AuthedRequest) -> HttpResponse:
    raise Http404


@portal_view
def profile_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    raise Http404


@portal_view
def interest(request: AuthedRequest, public_id: str) -> HttpResponse:
    raise Http404


@portal_view
def block(request: AuthedRequest, public_id: str) -> HttpResponse:
    raise Http404


@portal_view
def interests(request: AuthedRequest) -> HttpResponse:
    raise Http404


@portal_view
def blocks(request: AuthedRequest) -> HttpResponse:
    raise Http404


@portal_view
def block_remove(request: AuthedRequest, public_id: str) -> HttpResponse:
    raise Http404

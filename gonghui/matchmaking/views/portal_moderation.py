"""Portal (member) views of part moderation: reporting a profile and the report's receipt."""

from django.http import Http404, HttpResponse

from gonghui.accounts.decorators import AuthedRequest
from gonghui.members.decorators import portal_view


@portal_view
def report_create(request: AuthedRequest, public_id: str) -> HttpResponse:
    raise Http404


@portal_view
def report_receipt(request: AuthedRequest, public_id: str) -> HttpResponse:
    raise Http404

"""Portal (member) views of part classes (375 px first; stubs until written)."""

from typing import Any

from django.http import Http404, HttpResponse

from gonghui.members.decorators import portal_view


@portal_view
def my_classes(request: Any) -> HttpResponse:
    raise Http404


@portal_view
def my_class(request: Any, public_id: Any) -> HttpResponse:
    raise Http404

"""Console views of part courses."""

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import VIEW


@console_view(VIEW)
def course_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "learning/courses/course_list.html", {})


def _stub(request: AuthedRequest, public_id: Any = None) -> HttpResponse:
    raise Http404


course_create = console_view(VIEW)(_stub)
course_detail = course_edit = course_publish = course_close = course_create
lesson_create = lesson_edit = lesson_media = lesson_move = lesson_delete = course_create

"""Console views of part courses."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import VIEW


@console_view(VIEW)
def course_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "learning/courses/course_list.html", {})

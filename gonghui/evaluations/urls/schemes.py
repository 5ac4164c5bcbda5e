"""Console routes of part schemes (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import schemes

urlpatterns: list[URLPattern] = [
    path("", schemes.scheme_list, name="scheme_list"),
    path("new/", schemes.scheme_create, name="scheme_create"),
    path("<uuid:public_id>/", schemes.scheme_detail, name="scheme_detail"),
    path("sources/", schemes.source_list, name="source_list"),
]

"""Console routes of part congress (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import congress

urlpatterns: list[URLPattern] = [
    path("", congress.congress_list, name="congress_list"),
    path("new/", congress.congress_create, name="congress_create"),
    path("coverage/", congress.coverage, name="coverage"),
    path("<uuid:public_id>/", congress.congress_detail, name="congress_detail"),
]

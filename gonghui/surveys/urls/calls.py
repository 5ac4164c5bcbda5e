"""Console routes of part calls (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import calls

urlpatterns: list[URLPattern] = [
    path("research/calls/", calls.call_list, name="call_list"),
    path("research/calls/<uuid:public_id>/", calls.call_detail, name="call_detail"),
]

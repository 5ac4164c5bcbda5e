"""Console routes of part assessing (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import assessing

urlpatterns: list[URLPattern] = [
    path("self/", assessing.self_list, name="self_list"),
    path("targets/<uuid:public_id>/self/", assessing.self_assess, name="self_assess"),
    path("targets/<uuid:public_id>/assess/", assessing.assess, name="assess"),
]
